//! Rule tests: example form values with the expected result, run by the server's engine. A rule
//! whose tests fail cannot be published. Test ids: `rule-test-add`, `rule-test-run`,
//! `rule-test-<i>-name`, `rule-test-<i>-form` (JSON), `rule-test-<i>-expect`,
//! `rule-test-<i>-field`, `rule-test-<i>-delete`, `rule-test-<i>-result`.

use crate::api::ApiError;
use crate::api::admin::{self, TestOutcome};
use lianban_definition::FieldKey;
use lianban_definition::form::{FormDef, FormValues};
use lianban_definition::matter_type::{Expectation, RuleDef, RuleKind, RuleTest};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`TestsPanel`].
#[derive(Properties, PartialEq)]
pub struct TestsPanelProps {
    /// The rule (with its tests).
    pub rule: RuleDef,
    /// The form, for the field of an expected failure.
    pub form: FormDef,
    /// Emitted with the edited tests.
    pub on_change: Callback<Vec<RuleTest>>,
}

/// The tests of one rule.
#[function_component]
pub fn TestsPanel(props: &TestsPanelProps) -> Html {
    let outcomes = use_state(|| None::<Result<Vec<TestOutcome>, ApiError>>);
    let json_error = use_state(|| None::<usize>);
    let tests = props.rule.tests.clone();
    let set = {
        let on_change = props.on_change.clone();
        let tests = tests.clone();
        move |i: usize, f: Box<dyn Fn(&mut RuleTest)>| {
            let mut tests = tests.clone();
            if let Some(t) = tests.get_mut(i) {
                f(t);
            }
            on_change.emit(tests);
        }
    };
    let add = {
        let on_change = props.on_change.clone();
        let tests = tests.clone();
        let kind = props.rule.kind;
        Callback::from(move |_| {
            let mut tests = tests.clone();
            tests.push(RuleTest {
                name: format!("示例{}", tests.len() + 1),
                form: FormValues::new(),
                expect: match kind {
                    RuleKind::Validation => Expectation::Pass,
                    RuleKind::Routing => Expectation::Route { value: true },
                },
            });
            on_change.emit(tests);
        })
    };
    let run = {
        let rule = props.rule.clone();
        let outcomes = outcomes.clone();
        Callback::from(move |_| {
            let rule = rule.clone();
            let outcomes = outcomes.clone();
            spawn_local(async move { outcomes.set(Some(admin::test_rule(&rule).await)) });
        })
    };
    let results: Vec<Option<TestOutcome>> = match &*outcomes {
        Some(Ok(list)) => tests
            .iter()
            .map(|t| list.iter().find(|o| o.test == t.name).cloned())
            .collect(),
        _ => vec![None; tests.len()],
    };
    let rows = tests.iter().enumerate().map(|(i, test)| {
        let row = TestRow {
            i,
            test,
            form: &props.form,
            kind: props.rule.kind,
            result: results.get(i).cloned().flatten(),
        };
        row.render(
            set.clone(),
            json_error.clone(),
            props.on_change.clone(),
            tests.clone(),
        )
    });
    let failure = match &*outcomes {
        Some(Err(e)) => html! { <p class="field-error">{ e.detail.clone() }</p> },
        _ => Html::default(),
    };
    html! {
        <div class="rule-tests">
            <h4>{ "规则测试" }<span class="muted small">{ "（测试未通过的规则不能发布）" }</span></h4>
            { for rows }
            { failure }
            <div class="row">
                <button class="btn" onclick={add} data-testid="rule-test-add">{ "＋ 添加测试" }</button>
                <button class="btn btn-primary" onclick={run} data-testid="rule-test-run">{ "运行测试" }</button>
            </div>
        </div>
    }
}

/// One test with its editors and last result.
struct TestRow<'a> {
    i: usize,
    test: &'a RuleTest,
    form: &'a FormDef,
    kind: RuleKind,
    result: Option<TestOutcome>,
}

impl TestRow<'_> {
    /// Renders the row.
    fn render(
        self,
        set: impl Fn(usize, Box<dyn Fn(&mut RuleTest)>) + Clone + 'static,
        json_error: UseStateHandle<Option<usize>>,
        on_change: Callback<Vec<RuleTest>>,
        tests: Vec<RuleTest>,
    ) -> Html {
        let i = self.i;
        let on_name = {
            let set = set.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlInputElement>().value();
                set(i, Box::new(move |t: &mut RuleTest| t.name = v.clone()));
            })
        };
        let on_form = {
            let set = set.clone();
            let json_error = json_error.clone();
            Callback::from(move |e: Event| {
                let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                match serde_json::from_str::<FormValues>(&text) {
                    Ok(values) => {
                        json_error.set(None);
                        set(i, Box::new(move |t: &mut RuleTest| t.form = values.clone()));
                    }
                    Err(_) => json_error.set(Some(i)),
                }
            })
        };
        let on_expect = {
            let set = set.clone();
            Callback::from(move |e: Event| {
                let expect = match e
                    .target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .as_str()
                {
                    "fail" => Expectation::Fail { field: None },
                    "true" => Expectation::Route { value: true },
                    "false" => Expectation::Route { value: false },
                    _ => Expectation::Pass,
                };
                set(
                    i,
                    Box::new(move |t: &mut RuleTest| t.expect = expect.clone()),
                );
            })
        };
        let on_field = Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let field = (!v.is_empty()).then(|| FieldKey::new(v));
            set(
                i,
                Box::new(move |t: &mut RuleTest| {
                    t.expect = Expectation::Fail {
                        field: field.clone(),
                    }
                }),
            );
        });
        let delete = Callback::from(move |_| {
            let mut tests = tests.clone();
            tests.remove(i);
            on_change.emit(tests);
        });
        let (expect, field) = match &self.test.expect {
            Expectation::Pass => ("pass", None),
            Expectation::Fail { field } => ("fail", Some(field.clone())),
            Expectation::Route { value: true } => ("true", None),
            Expectation::Route { value: false } => ("false", None),
        };
        let options: &[(&str, &str)] = match self.kind {
            RuleKind::Validation => &[("pass", "应通过"), ("fail", "应不通过")],
            RuleKind::Routing => &[("true", "应返回 true"), ("false", "应返回 false")],
        };
        let field_picker = field.map(|chosen| {
            let chosen = chosen.map(|f| f.to_string()).unwrap_or_default();
            html! {
                <select class="input" onchange={on_field} data-testid={format!("rule-test-{i}-field")}>
                    <option value="" selected={chosen.is_empty()}>{ "任意字段" }</option>
                    { for self.form.fields.iter().map(|f| html! {
                        <option value={f.key.to_string()} selected={chosen == f.key.as_str()}>{ format!("报错字段：{}", f.label) }</option>
                    }) }
                </select>
            }
        });
        let json = serde_json::to_string(&self.test.form).unwrap_or_default();
        let result = self.result.map(|r| {
            let class = if r.passed { "ok" } else { "field-error" };
            let mark = if r.passed { "✓ 通过" } else { "✗ 未通过" };
            html! { <p class={classes!(class, "small")} data-testid={format!("rule-test-{i}-result")}>{ format!("{mark}：{}", r.actual) }</p> }
        });
        html! {
            <div class="rule-test">
                <div class="row">
                    <input class="input" value={self.test.name.clone()} onchange={on_name} data-testid={format!("rule-test-{i}-name")} />
                    <select class="input" onchange={on_expect} data-testid={format!("rule-test-{i}-expect")}>
                        { for options.iter().map(|(v, l)| html! { <option value={*v} selected={*v == expect}>{ *l }</option> }) }
                    </select>
                    { field_picker.unwrap_or_default() }
                    <button class="btn btn-link" onclick={delete} data-testid={format!("rule-test-{i}-delete")}>{ "删除" }</button>
                </div>
                <label class="field small">{ "示例表单值（JSON）" }
                    <textarea class="input code" rows="2" value={json} onchange={on_form} data-testid={format!("rule-test-{i}-form")} />
                </label>
                if *json_error == Some(i) {
                    <p class="field-error small">{ "不是有效的 JSON 对象，例如 {\"distance\": 300}" }</p>
                }
                { result.unwrap_or_default() }
            </div>
        }
    }
}
