//! 规则编辑 (for script authors): the matter type's Rhai rules — add, rename, delete, choose
//! 校验 or 路由 — with a source editor that underlines compile errors at their line and column as
//! the author types ([`source`]), example-based rule tests run by the server ([`tests_panel`]),
//! and the documented domain functions beside it. Validation rules run on every submission;
//! routing rules are picked in the flow's condition branches.
//!
//! Test ids: `rule-<name>` (list entries), `rule-add`, `rule-name`, `rule-kind`, `rule-delete`,
//! plus those of [`source`] and [`tests_panel`], and `function-<name>` in the reference.

mod source;
mod tests_panel;

use crate::api::admin::{self, FunctionInfo};
use crate::hooks::{Load, use_load};
use lianban_definition::Issue;
use lianban_definition::RuleName;
use lianban_definition::form::FormDef;
use lianban_definition::matter_type::{RuleDef, RuleKind};
use source::SourceEditor;
use tests_panel::TestsPanel;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`RuleEditor`].
#[derive(Properties, PartialEq)]
pub struct RuleEditorProps {
    /// The rules being edited.
    pub rules: Vec<RuleDef>,
    /// The form (fields for tests).
    pub form: FormDef,
    /// Issues of the last check (paths `rules[i]…`).
    #[prop_or_default]
    pub issues: Vec<Issue>,
    /// Emitted after every edit.
    pub on_change: Callback<Vec<RuleDef>>,
}

/// The rule editor.
#[function_component]
pub fn RuleEditor(props: &RuleEditorProps) -> Html {
    let selected = use_state(|| 0usize);
    let functions = use_load((), |_| admin::functions());
    let index = (*selected).min(props.rules.len().saturating_sub(1));
    let edit = {
        let rules = props.rules.clone();
        let on_change = props.on_change.clone();
        move |f: Box<dyn Fn(&mut RuleDef)>| {
            let mut rules = rules.clone();
            if let Some(rule) = rules.get_mut(index) {
                f(rule);
                on_change.emit(rules);
            }
        }
    };
    let add = {
        let rules = props.rules.clone();
        let on_change = props.on_change.clone();
        let selected = selected.clone();
        Callback::from(move |_| {
            let mut rules = rules.clone();
            let name = (1..)
                .map(|n| format!("rule_{n}"))
                .find(|n| !rules.iter().any(|r| r.name.as_str() == n))
                .unwrap_or_default();
            rules.push(RuleDef {
                name: RuleName::new(name),
                kind: RuleKind::Validation,
                source: String::new(),
                tests: Vec::new(),
            });
            selected.set(rules.len() - 1);
            on_change.emit(rules);
        })
    };
    let list = props.rules.iter().enumerate().map(|(i, rule)| {
        let selected = selected.clone();
        let onclick = Callback::from(move |_| selected.set(i));
        let kind = match rule.kind {
            RuleKind::Validation => "校验",
            RuleKind::Routing => "路由",
        };
        let bad = props
            .issues
            .iter()
            .any(|x| x.path.starts_with(&format!("rules[{i}]")));
        let class = classes!(
            "rule-item",
            (i == index).then_some("active"),
            bad.then_some("has-issue")
        );
        html! {
            <li {class} {onclick} data-testid={format!("rule-{}", rule.name)}>
                <span class="tag">{ kind }</span>{ rule.name.to_string() }
            </li>
        }
    });
    let editor = props
        .rules
        .get(index)
        .map(|rule| rule_form(rule, index, &props.form, &props.issues, edit));
    html! {
        <div class="rule-editor">
            <aside class="rule-list card">
                <ul>{ for list }</ul>
                <button class="btn" onclick={add} data-testid="rule-add">{ "＋ 新建规则" }</button>
            </aside>
            <section class="rule-main">
                { editor.unwrap_or_else(|| html! { <p class="card empty">{ "还没有规则。校验规则在提交时检查表单，路由规则用于流程的条件分支。" }</p> }) }
            </section>
            <aside class="rule-functions card">
                <h4>{ "可用函数" }</h4>
                { function_list(&functions.state) }
            </aside>
        </div>
    }
}

/// Name, kind, delete, source and tests of one rule.
fn rule_form(
    rule: &RuleDef,
    index: usize,
    form: &FormDef,
    issues: &[Issue],
    edit: impl Fn(Box<dyn Fn(&mut RuleDef)>) + Clone + 'static,
) -> Html {
    let on_name = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            edit(Box::new(move |r: &mut RuleDef| {
                r.name = RuleName::new(value.trim())
            }));
        })
    };
    let on_kind = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let kind = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "routing" => RuleKind::Routing,
                _ => RuleKind::Validation,
            };
            edit(Box::new(move |r: &mut RuleDef| r.kind = kind));
        })
    };
    let on_source = {
        let edit = edit.clone();
        Callback::from(move |source: String| {
            edit(Box::new(move |r: &mut RuleDef| r.source = source.clone()));
        })
    };
    let on_tests = {
        let edit = edit.clone();
        Callback::from(move |tests: Vec<_>| {
            edit(Box::new(move |r: &mut RuleDef| r.tests = tests.clone()));
        })
    };
    let own: Vec<Html> = issues
        .iter()
        .filter(|i| i.path.starts_with(&format!("rules[{index}]")))
        .map(|i| html! { <li>{ i.message.clone() }</li> })
        .collect();
    let kind = match rule.kind {
        RuleKind::Validation => "validation",
        RuleKind::Routing => "routing",
    };
    let hint = match rule.kind {
        RuleKind::Validation => {
            "表单值在变量 form 中。通过时返回 () 或 true；不通过时返回提示文字，或 #{ field: \"字段编码\", message: \"提示\" }。"
        }
        RuleKind::Routing => "表单值在变量 form 中。返回 true 时走该分支，false 时不走。",
    };
    html! {
        <div class="card">
            <div class="row">
                <label class="field">{ "规则名称" }
                    <input class="input" value={rule.name.to_string()} onchange={on_name} data-testid="rule-name" />
                </label>
                <label class="field">{ "类型" }
                    <select class="input" onchange={on_kind} data-testid="rule-kind">
                        <option value="validation" selected={kind == "validation"}>{ "校验规则" }</option>
                        <option value="routing" selected={kind == "routing"}>{ "路由规则" }</option>
                    </select>
                </label>
            </div>
            <p class="muted small">{ hint }</p>
            <SourceEditor source={rule.source.clone()} on_change={on_source} />
            if !own.is_empty() {
                <ul class="issues" data-testid="rule-issues">{ for own }</ul>
            }
            <TestsPanel rule={rule.clone()} form={form.clone()} on_change={on_tests} />
        </div>
    }
}

/// The function reference.
fn function_list(state: &Load<Vec<FunctionInfo>>) -> Html {
    match state {
        Load::Ready(list) => html! {
            <dl class="functions">
                { for list.iter().map(|f| html! {
                    <>
                        <dt data-testid={format!("function-{}", f.name)}><code>{ f.signature.clone() }</code></dt>
                        <dd>{ f.description.clone() }<br /><code class="small">{ f.example.clone() }</code></dd>
                    </>
                }) }
            </dl>
        },
        Load::Loading => html! { <p class="muted">{ "加载中…" }</p> },
        Load::Failed(e) => html! { <p class="muted">{ e.detail.clone() }</p> },
    }
}
