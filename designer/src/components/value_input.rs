//! The bare input of one value — a form field or a detail-table cell — for every simple
//! [`FieldKind`], without label or message (see [`field_input`](super::field_input) and
//! [`table_input`](super::table_input)). It reports [`Edit`]s; the caller turns them into form
//! actions. Optional parts render as empty nodes, never as `{ for option }`: Yew flattens `for`
//! into the sibling list, and a changing sibling count would rebuild (and unfocus) the input.
//! Test ids (base given by the caller, e.g. `field-<key>`): the input itself `<base>`; radio and
//! checkbox options `<base>-<value>`; the two dates of a range `<base>-start`, `<base>-end`.

use crate::hooks::OrgData;
use crate::state::form::{Bound, Edit};
use lianban_definition::form::{Choice, Field, FieldKind};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlOptionElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`ValueInput`].
#[derive(Properties, PartialEq)]
pub struct ValueInputProps {
    /// The field (or table column) whose value is edited.
    pub field: Field,
    /// DOM id of the input (the target of a label); radio groups use it as their name.
    pub id: AttrValue,
    /// Base `data-testid`.
    pub testid: AttrValue,
    /// Text of text-like inputs.
    pub text: String,
    /// Selected values of checkboxes and multiple pickers, or the two dates of a range.
    pub selected: Vec<String>,
    /// Read-only while an operation runs.
    pub disabled: bool,
    /// Units and users for pickers.
    pub org: Rc<OrgData>,
    /// What the user changed.
    pub on_edit: Callback<Edit>,
    /// The input lost focus.
    pub on_blur: Callback<()>,
    /// Accessible name when no visible label points at the input (table cells).
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
}

/// The input element(s) for the field's kind.
#[function_component]
pub fn ValueInput(props: &ValueInputProps) -> Html {
    let set_text = props.on_edit.reform(Edit::Text);
    let line = |kind: &'static str, mode: Option<&'static str>, max: Option<u32>| {
        let oninput =
            set_text.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input id={props.id.clone()} type={kind} inputmode={mode} class="input"
                maxlength={max.map(|m| m.to_string())} value={props.text.clone()}
                aria-label={props.aria_label.clone()} disabled={props.disabled}
                data-testid={props.testid.clone()} {oninput} onblur={blur(props)} />
        }
    };
    match &props.field.kind {
        FieldKind::Text { max_len, .. } => line("text", None, *max_len),
        FieldKind::Number { .. } => line("text", Some("decimal"), None),
        FieldKind::Amount { .. } => html! {
            <div class="with-unit">{ line("text", Some("decimal"), None) }<span class="unit">{ "元" }</span></div>
        },
        FieldKind::Date => line("date", None, None),
        FieldKind::DateRange => date_range(props),
        FieldKind::Email => line("email", Some("email"), Some(254)),
        FieldKind::IdCard | FieldKind::CreditCode => line("text", None, Some(18)),
        FieldKind::Mobile => line("tel", Some("numeric"), Some(11)),
        FieldKind::Textarea { max_len } => {
            let oninput = set_text
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
            html! {
                <textarea id={props.id.clone()} class="input" rows="4"
                    maxlength={max_len.map(|m| m.to_string())} value={props.text.clone()}
                    aria-label={props.aria_label.clone()} disabled={props.disabled}
                    data-testid={props.testid.clone()} {oninput} onblur={blur(props)} />
            }
        }
        FieldKind::Select { options, .. } => {
            single_select(props, choices_of(&offered(options, |v| props.text == v)))
        }
        FieldKind::Radio { options, .. } => radios(props, &offered(options, |v| props.text == v)),
        FieldKind::Checkbox { options, .. } => checkboxes(
            props,
            &offered(options, |v| props.selected.iter().any(|s| s == v)),
        ),
        FieldKind::UnitPicker { multiple } | FieldKind::UserPicker { multiple } => {
            picker(props, *multiple, org_choices(props))
        }
        // Not simple values: rendered by FieldInput (tables, computed fields) and
        // AttachmentInput; the definition refuses them as table columns.
        FieldKind::Table { .. } | FieldKind::Computed { .. } | FieldKind::Attachment { .. } => {
            Html::default()
        }
    }
}

/// `(value, label)` pairs of a picker: unit codes and names, or user names with their unit.
fn org_choices(props: &ValueInputProps) -> Vec<(String, String)> {
    let org = &props.org;
    if matches!(props.field.kind, FieldKind::UnitPicker { .. }) {
        return org
            .units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect();
    }
    org.users
        .iter()
        .map(|u| {
            let unit = org.names.units.get(&u.unit).unwrap_or(&u.unit);
            (u.username.clone(), format!("{}（{unit}）", u.display_name))
        })
        .collect()
}

/// The blur handler of every input.
fn blur(props: &ValueInputProps) -> Callback<FocusEvent> {
    props.on_blur.reform(|_: FocusEvent| ())
}

/// The choices offered: the enabled ones, and a disabled (retired dictionary item) one only
/// while it is the stored value, marked 已停用 so the initiator picks another.
fn offered(options: &[Choice], chosen: impl Fn(&str) -> bool) -> Vec<Choice> {
    options
        .iter()
        .filter(|c| !c.disabled || chosen(&c.value))
        .map(|c| {
            let mut c = c.clone();
            if c.disabled {
                c.label = format!("{}（已停用）", c.label);
            }
            c
        })
        .collect()
}

/// `(value, label)` pairs of choices.
fn choices_of(options: &[Choice]) -> Vec<(String, String)> {
    options
        .iter()
        .map(|c| (c.value.clone(), c.label.clone()))
        .collect()
}

/// Two date inputs joined by 至; each bounds the other so the picker offers an ordered period.
fn date_range(props: &ValueInputProps) -> Html {
    let date = |i: usize| props.selected.get(i).cloned().unwrap_or_default();
    let (start, end) = (date(0), date(1));
    let input = |bound: Bound,
                 value: String,
                 suffix: &str,
                 label: &str,
                 min: String,
                 max: String| {
        let oninput = props.on_edit.reform(move |e: InputEvent| {
            Edit::Range(bound, e.target_unchecked_into::<HtmlInputElement>().value())
        });
        let id = match bound {
            Bound::Start => props.id.to_string(),
            Bound::End => format!("{}-end", props.id),
        };
        html! {
            <input {id} type="date" class="input" {value} aria-label={label.to_owned()}
                min={Some(min).filter(|m| !m.is_empty())} max={Some(max).filter(|m| !m.is_empty())}
                disabled={props.disabled} data-testid={format!("{}-{suffix}", props.testid)}
                {oninput} onblur={blur(props)} />
        }
    };
    html! {
        <div class="range" data-testid={props.testid.clone()}>
            { input(Bound::Start, start.clone(), "start", "开始日期", String::new(), end.clone()) }
            <span class="range-sep">{ "至" }</span>
            { input(Bound::End, end, "end", "结束日期", start, String::new()) }
        </div>
    }
}

/// A single or multiple drop-down over `(value, label)` choices.
fn picker(props: &ValueInputProps, multiple: bool, choices: Vec<(String, String)>) -> Html {
    if !multiple {
        return single_select(props, choices);
    }
    let onchange = props.on_edit.reform(|e: Event| {
        let options = e
            .target_unchecked_into::<HtmlSelectElement>()
            .selected_options();
        let values = (0..options.length())
            .filter_map(|i| options.item(i))
            .map(|o| o.unchecked_into::<HtmlOptionElement>().value())
            .collect();
        Edit::Many(values)
    });
    html! {
        <select id={props.id.clone()} class="input" multiple=true size="6" disabled={props.disabled}
            aria-label={props.aria_label.clone()} data-testid={props.testid.clone()} {onchange}>
            { for choices.into_iter().map(|(value, label)| {
                let selected = props.selected.contains(&value);
                html! { <option {value} {selected}>{ label }</option> }
            }) }
        </select>
    }
}

/// A drop-down with a 请选择 first entry.
fn single_select(props: &ValueInputProps, choices: Vec<(String, String)>) -> Html {
    let onchange = props
        .on_edit
        .reform(|e: Event| Edit::Text(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <select id={props.id.clone()} class="input" disabled={props.disabled}
            aria-label={props.aria_label.clone()} data-testid={props.testid.clone()}
            {onchange} onblur={blur(props)}>
            <option value="" selected={props.text.is_empty()}>{ "请选择" }</option>
            <>{ for choices.into_iter().map(|(value, label)| {
                let selected = props.text == value;
                html! { <option {value} {selected}>{ label }</option> }
            }) }</>
        </select>
    }
}

/// Radio buttons, one per option.
fn radios(props: &ValueInputProps, options: &[Choice]) -> Html {
    html! {
        <div class="choices" id={props.id.clone()} role="radiogroup"
            aria-label={props.aria_label.clone()} data-testid={props.testid.clone()}>
            { for options.iter().map(|c| {
                let value = c.value.clone();
                let onchange = props.on_edit.reform(move |_: Event| Edit::Text(value.clone()));
                html! {
                    <label class="choice">
                        <input type="radio" name={props.id.clone()} value={c.value.clone()}
                            checked={props.text == c.value} disabled={props.disabled}
                            data-testid={format!("{}-{}", props.testid, c.value)} {onchange} />
                        { c.label.clone() }
                    </label>
                }
            }) }
        </div>
    }
}

/// Checkboxes, one per option.
fn checkboxes(props: &ValueInputProps, options: &[Choice]) -> Html {
    html! {
        <div class="choices" id={props.id.clone()} aria-label={props.aria_label.clone()}
            data-testid={props.testid.clone()}>
            { for options.iter().map(|c| {
                let value = c.value.clone();
                let onchange = props.on_edit.reform(move |_: Event| Edit::Toggle(value.clone()));
                html! {
                    <label class="choice">
                        <input type="checkbox" value={c.value.clone()}
                            checked={props.selected.contains(&c.value)} disabled={props.disabled}
                            data-testid={format!("{}-{}", props.testid, c.value)} {onchange} />
                        { c.label.clone() }
                    </label>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retired_choices_are_offered_only_while_chosen() {
        let mut old = Choice::new("old", "旧");
        old.disabled = true;
        let options = [Choice::new("new", "新"), old];
        let labels = |chosen: &str| -> Vec<String> {
            offered(&options, |v| v == chosen)
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        assert_eq!(labels(""), ["新"]);
        assert_eq!(labels("old"), ["新", "旧（已停用）"]);
    }
}
