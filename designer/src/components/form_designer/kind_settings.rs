//! 校验规则 and the other settings of a field's kind in the properties panel: lengths and the
//! regular expression of text, bounds of numbers and amounts, the choice list (or its
//! dictionary, see `option_source`), pickers,
//! attachments, the formula of a computed field. Used for fields and, with another test-id
//! prefix, for table columns. Test ids (prefix `prop`, or `prop-column-<i>` for a column):
//! `<p>-min-len`, `<p>-max-len`, `<p>-pattern`, `<p>-pattern-message`, `<p>-min`, `<p>-max`,
//! `<p>-decimals`, `<p>-multiple`, `<p>-max-files`, `<p>-accept`, `<p>-option-<i>-label`,
//! `<p>-option-<i>-value`, `<p>-option-<i>-up` / `-down` / `-remove`, `<p>-add-option`,
//! `prop-formula-type`, `prop-formula-table`, `prop-formula-column`,
//! `prop-formula-field-<key>`.

use super::inputs::{self, parse_count, parse_number};
use super::option_source::OptionSource;
use crate::state::form_design::FieldEdit;
use crate::state::form_design::palette::is_number;
use lianban_definition::form::{Choice, Field, FieldKind, FormDef, Formula, Pattern};
use yew::prelude::*;

/// What a settings block edits.
pub struct Settings<'a> {
    /// The field or column.
    pub field: &'a Field,
    /// Test-id prefix: `prop` or `prop-column-<i>`.
    pub prefix: String,
    /// The whole form (tables and numeric fields for formulas).
    pub form: &'a FormDef,
    /// Where edits go.
    pub on_edit: Callback<FieldEdit>,
}

impl Settings<'_> {
    /// The test id `<prefix>-<name>`.
    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// A callback sending the edit built from the input's text.
    fn on(&self, build: impl Fn(String) -> FieldEdit + 'static) -> Callback<String> {
        self.on_edit.reform(build)
    }
}

/// The settings of the field's kind (empty for kinds without any).
pub fn settings(s: &Settings) -> Html {
    let text = |x: Option<u32>| x.map(|n| n.to_string());
    let real = |x: Option<f64>| x.map(|n| n.to_string());
    match &s.field.kind {
        FieldKind::Text {
            min_len,
            max_len,
            pattern,
        } => text_settings(s, (*min_len, *max_len), pattern.as_ref()),
        FieldKind::Textarea { max_len } => inputs::number(
            "最多字数",
            &s.id("max-len"),
            text(*max_len),
            s.on(|t| FieldEdit::MaxLen(parse_count(&t))),
        ),
        FieldKind::Number { min, max, decimals } => html! {
            <>
                { bounds(s, real(*min), real(*max)) }
                { inputs::number("小数位数", &s.id("decimals"), Some(decimals.to_string()),
                    s.on(|t| FieldEdit::Decimals(parse_count(&t).unwrap_or(0).min(6) as u8))) }
            </>
        },
        FieldKind::Amount { min, max } => html! {
            <>
                { bounds(s, real(*min), real(*max)) }
                <p class="help">{ "单位：元，最多两位小数" }</p>
            </>
        },
        FieldKind::Select { options, dict }
        | FieldKind::Radio { options, dict }
        | FieldKind::Checkbox { options, dict } => html! {
            <>
                <OptionSource prefix={s.prefix.clone()} dict={dict.clone()} on_edit={s.on_edit.clone()} />
                if dict.is_none() { { options_editor(s, options) } }
            </>
        },
        FieldKind::UnitPicker { multiple } | FieldKind::UserPicker { multiple } => inputs::check(
            "允许多选",
            &s.id("multiple"),
            *multiple,
            s.on_edit.reform(FieldEdit::Multiple),
        ),
        FieldKind::Attachment { max_files, accept } => html! {
            <>
                { inputs::number("最多文件数", &s.id("max-files"), text(*max_files), s.on(|t| FieldEdit::MaxFiles(parse_count(&t)))) }
                { inputs::committed("允许的文件类型", &s.id("accept"), &accept.join(", "), s.on(FieldEdit::Accept)) }
                <p class="help">{ "如 pdf, jpg；留空则使用系统默认类型" }</p>
            </>
        },
        FieldKind::Computed { formula, decimals } => html! {
            <>
                { formula_editor(s, formula) }
                { inputs::number("小数位数", &s.id("decimals"), Some(decimals.to_string()),
                    s.on(|t| FieldEdit::Decimals(parse_count(&t).unwrap_or(0).min(6) as u8))) }
            </>
        },
        FieldKind::IdCard => note("自动校验18位号码、出生日期和校验位"),
        FieldKind::CreditCode => note("自动校验18位代码和校验位"),
        FieldKind::Mobile => note("自动校验11位手机号码"),
        FieldKind::Email => note("自动校验电子邮箱格式"),
        FieldKind::Date => note("格式：年-月-日"),
        FieldKind::DateRange => note("开始日期不能晚于结束日期"),
        FieldKind::Table { .. } => Html::default(),
    }
}

/// Lengths and the regular expression of a text field.
fn text_settings(
    s: &Settings,
    (min_len, max_len): (Option<u32>, Option<u32>),
    pattern: Option<&Pattern>,
) -> Html {
    let text = |x: Option<u32>| x.map(|n| n.to_string());
    let (regex, message) = pattern
        .map(|p| (p.regex.clone(), p.message.clone()))
        .unwrap_or_default();
    html! {
        <>
            <div class="fd-prop-row">
                { inputs::number("最少字数", &s.id("min-len"), text(min_len), s.on(|t| FieldEdit::MinLen(parse_count(&t)))) }
                { inputs::number("最多字数", &s.id("max-len"), text(max_len), s.on(|t| FieldEdit::MaxLen(parse_count(&t)))) }
            </div>
            { inputs::text("正则表达式", &s.id("pattern"), &regex, s.on(FieldEdit::PatternRegex)) }
            if pattern.is_some() {
                { inputs::text("不匹配时的提示", &s.id("pattern-message"), &message, s.on(FieldEdit::PatternMessage)) }
            }
        </>
    }
}

/// A line saying which checks run by themselves.
fn note(text: &str) -> Html {
    html! { <p class="help">{ text.to_owned() }</p> }
}

/// 最小值 and 最大值.
fn bounds(s: &Settings, min: Option<String>, max: Option<String>) -> Html {
    html! {
        <div class="fd-prop-row">
            { inputs::number("最小值", &s.id("min"), min, s.on(|t| FieldEdit::Min(parse_number(&t)))) }
            { inputs::number("最大值", &s.id("max"), max, s.on(|t| FieldEdit::Max(parse_number(&t)))) }
        </div>
    }
}

/// 选项: a row per choice (label, value, up, down, remove) and 添加选项.
fn options_editor(s: &Settings, options: &[Choice]) -> Html {
    let last = options.len().saturating_sub(1);
    let rows = options.iter().enumerate().map(|(i, choice)| {
        let id = |name: &str| s.id(&format!("option-{i}-{name}"));
        let click = |edit: FieldEdit| s.on_edit.reform(move |_: MouseEvent| edit.clone());
        let label = s.on_edit.reform(move |e: InputEvent| {
            FieldEdit::OptionLabel(i, e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        });
        let value = s.on_edit.reform(move |e: InputEvent| {
            FieldEdit::OptionValue(i, e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        });
        html! {
            <li class="fd-option">
                <input class="input" value={choice.label.clone()} placeholder="显示文字" aria-label="显示文字"
                    data-testid={id("label")} oninput={label} />
                <input class="input fd-option-value" value={choice.value.clone()} placeholder="存储值" aria-label="存储值"
                    data-testid={id("value")} oninput={value} />
                { inputs::tool("↑", "上移", &id("up"), i == 0, click(FieldEdit::MoveOption { from: i, to: i.saturating_sub(1) })) }
                { inputs::tool("↓", "下移", &id("down"), i == last, click(FieldEdit::MoveOption { from: i, to: i + 1 })) }
                { inputs::tool("✕", "删除选项", &id("remove"), false, click(FieldEdit::RemoveOption(i))) }
            </li>
        }
    });
    let add = s.on_edit.reform(|_: MouseEvent| FieldEdit::AddOption);
    html! {
        <div class="fd-prop">
            <span class="fd-prop-label">{ "选项" }<span class="muted small">{ "（显示文字 / 存储值）" }</span></span>
            <ul class="fd-options">{ for rows }</ul>
            <button type="button" class="btn btn-small" data-testid={s.id("add-option")} onclick={add}>{ "＋ 添加选项" }</button>
        </div>
    }
}

/// 计算方式 and what it adds up.
fn formula_editor(s: &Settings, formula: &Formula) -> Html {
    let tables: Vec<&Field> = s
        .form
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Table { .. }))
        .collect();
    let first_table = tables.first().map(|t| t.key.clone());
    let (kind, table) = match formula {
        Formula::SumColumn { table, .. } => ("sum_column", Some(table.clone())),
        Formula::CountRows { table } => ("count_rows", Some(table.clone())),
        Formula::Sum { .. } => ("sum", None),
    };
    let on_kind = {
        let first_table = first_table.clone();
        let form = s.form.clone();
        s.on(move |t| match t.as_str() {
            "sum_column" => sum_column(&form, first_table.as_ref().map_or("", |k| k.as_str())),
            "count_rows" => FieldEdit::Formula(Formula::CountRows {
                table: first_table.as_ref().map_or("", |k| k.as_str()).into(),
            }),
            _ => FieldEdit::Formula(Formula::Sum { fields: Vec::new() }),
        })
    };
    let kinds = vec![
        ("sum_column".to_owned(), "明细表某列合计".to_owned()),
        ("count_rows".to_owned(), "明细表行数".to_owned()),
        ("sum".to_owned(), "字段求和".to_owned()),
    ];
    let table_choices = tables
        .iter()
        .map(|t| (t.key.to_string(), t.label.clone()))
        .collect::<Vec<_>>();
    let table_key = table.map(|t| t.to_string()).unwrap_or_default();
    let on_table = {
        let form = s.form.clone();
        let counting = kind == "count_rows";
        s.on(move |t| {
            if counting {
                FieldEdit::Formula(Formula::CountRows {
                    table: t.as_str().into(),
                })
            } else {
                sum_column(&form, &t)
            }
        })
    };
    html! {
        <>
            { inputs::select("计算方式", "prop-formula-type", kinds, kind, on_kind) }
            if kind != "sum" {
                { inputs::select("明细表", "prop-formula-table", table_choices, &table_key, on_table) }
            }
            if tables.is_empty() && kind != "sum" {
                <p class="field-error">{ "表单中还没有明细表" }</p>
            }
            { formula_sources(s, formula) }
        </>
    }
}

/// The column picker of a column sum, or the field checkboxes of a field sum.
fn formula_sources(s: &Settings, formula: &Formula) -> Html {
    match formula {
        Formula::SumColumn { table, column } => {
            let columns = numeric_columns(s.form, table.as_str());
            let on_column = {
                let table = table.clone();
                s.on(move |c| {
                    FieldEdit::Formula(Formula::SumColumn {
                        table: table.clone(),
                        column: c.as_str().into(),
                    })
                })
            };
            inputs::select(
                "合计的列",
                "prop-formula-column",
                columns,
                column.as_str(),
                on_column,
            )
        }
        Formula::CountRows { .. } => Html::default(),
        Formula::Sum { fields } => {
            let numeric = s.form.fields.iter().filter(|f| is_number(&f.kind));
            let boxes = numeric.map(|f| {
                let key = f.key.clone();
                let chosen = fields.contains(&key);
                let current = fields.clone();
                let toggle = s.on_edit.reform(move |on: bool| {
                    let mut next: Vec<_> = current.iter().filter(|k| **k != key).cloned().collect();
                    if on {
                        next.push(key.clone());
                    }
                    FieldEdit::Formula(Formula::Sum { fields: next })
                });
                inputs::check(
                    &f.label,
                    &format!("prop-formula-field-{}", f.key),
                    chosen,
                    toggle,
                )
            });
            html! {
                <div class="fd-prop">
                    <span class="fd-prop-label">{ "相加的字段" }</span>
                    { for boxes }
                </div>
            }
        }
    }
}

/// `(key, label)` of the numeric columns of table `table`.
fn numeric_columns(form: &FormDef, table: &str) -> Vec<(String, String)> {
    match form.field(table).map(|f| &f.kind) {
        Some(FieldKind::Table { columns, .. }) => columns
            .iter()
            .filter(|c| is_number(&c.kind))
            .map(|c| (c.key.to_string(), c.label.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A column sum over `table`'s first numeric column.
fn sum_column(form: &FormDef, table: &str) -> FieldEdit {
    let column = numeric_columns(form, table)
        .into_iter()
        .next()
        .map(|(key, _)| key)
        .unwrap_or_default();
    FieldEdit::Formula(Formula::SumColumn {
        table: table.into(),
        column: column.as_str().into(),
    })
}
