//! One editable field of a generated form, for every [`FieldKind`] except attachments (see
//! [`attachment_input`](super::attachment_input)). Optional parts render as empty nodes, never
//! as `{ for option }`: Yew flattens `for` into the sibling list, and a changing sibling count
//! would rebuild (and unfocus) the input. Inputs carry `data-testid="field-<key>"`;
//! radio and checkbox options `field-<key>-<value>`; the message below is `error-<key>`.

use crate::hooks::OrgData;
use crate::state::form::FormAction;
use lianban_definition::form::{Choice, Field, FieldKind};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlOptionElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`FieldInput`].
#[derive(Properties, PartialEq)]
pub struct FieldInputProps {
    /// The field definition.
    pub field: Field,
    /// Text of text-like inputs.
    pub text: String,
    /// Selected values of checkboxes and multiple pickers.
    pub selected: Vec<String>,
    /// The message under the input.
    pub error: Option<String>,
    /// Inputs are read-only while an operation runs.
    pub disabled: bool,
    /// Units and users for pickers.
    pub org: Rc<OrgData>,
    /// Where edits go.
    pub on_action: Callback<FormAction>,
}

/// A labelled input with its help text and message.
#[function_component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let field = &props.field;
    let key = field.key.to_string();
    let input_id = format!("f-{key}");
    let required = field
        .required
        .then(|| html! { <span class="required" title="必填">{ "*" }</span> });
    let help = field
        .help
        .clone()
        .map(|h| html! { <div class="help">{ h }</div> });
    let error = props.error.clone().map(|message| {
        html! { <div class="field-error" data-testid={format!("error-{key}")}>{ message }</div> }
    });
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))} data-field={key.clone()}>
            <label class="field-label" for={input_id}>{ field.label.clone() }{ required.unwrap_or_default() }</label>
            { control(props) }
            { help.unwrap_or_default() }
            { error.unwrap_or_default() }
        </div>
    }
}

/// The input element(s) for the field's kind.
fn control(props: &FieldInputProps) -> Html {
    let key = props.field.key.to_string();
    let set_text = {
        let (on_action, key) = (props.on_action.clone(), key.clone());
        Callback::from(move |text: String| {
            on_action.emit(FormAction::SetText {
                key: key.clone(),
                text,
            })
        })
    };
    let onblur = {
        let (on_action, key) = (props.on_action.clone(), key.clone());
        Callback::from(move |_: FocusEvent| on_action.emit(FormAction::CheckField(key.clone())))
    };
    let line = |kind: &'static str, mode: Option<&'static str>, max: Option<u32>| {
        let oninput =
            set_text.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input id={format!("f-{key}")} type={kind} inputmode={mode} class="input"
                maxlength={max.map(|m| m.to_string())} value={props.text.clone()}
                disabled={props.disabled} data-testid={format!("field-{key}")}
                {oninput} onblur={onblur.clone()} />
        }
    };
    match &props.field.kind {
        FieldKind::Text { max_len, .. } => line("text", None, *max_len),
        FieldKind::Number { .. } => line("text", Some("decimal"), None),
        FieldKind::Amount { .. } => html! {
            <div class="with-unit">{ line("text", Some("decimal"), None) }<span class="unit">{ "元" }</span></div>
        },
        FieldKind::Date => line("date", None, None),
        FieldKind::IdCard | FieldKind::CreditCode => line("text", None, Some(18)),
        FieldKind::Mobile => line("tel", Some("numeric"), Some(11)),
        FieldKind::Textarea { max_len } => {
            let oninput = set_text
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
            html! {
                <textarea id={format!("f-{key}")} class="input" rows="4"
                    maxlength={max_len.map(|m| m.to_string())} value={props.text.clone()}
                    disabled={props.disabled} data-testid={format!("field-{key}")} {oninput} {onblur} />
            }
        }
        FieldKind::Select { options } => {
            let choices = options
                .iter()
                .map(|c| (c.value.clone(), c.label.clone()))
                .collect();
            single_select(props, choices, set_text)
        }
        FieldKind::Radio { options } => radios(props, options),
        FieldKind::Checkbox { options } => checkboxes(props, options),
        FieldKind::UnitPicker { multiple } => {
            let choices = props
                .org
                .units
                .iter()
                .map(|u| (u.code.clone(), u.name.clone()))
                .collect();
            picker(props, *multiple, choices, set_text)
        }
        FieldKind::UserPicker { multiple } => {
            let names = &props.org.names.units;
            let choices = props
                .org
                .users
                .iter()
                .map(|u| {
                    let unit = names.get(&u.unit).unwrap_or(&u.unit);
                    (u.username.clone(), format!("{}（{unit}）", u.display_name))
                })
                .collect();
            picker(props, *multiple, choices, set_text)
        }
        FieldKind::Email => line("email", Some("email"), Some(254)),
        // Rendered by the form designer's composite inputs (in progress).
        FieldKind::Attachment { .. }
        | FieldKind::DateRange
        | FieldKind::Table { .. }
        | FieldKind::Computed { .. } => Html::default(),
    }
}

/// A single or multiple drop-down over `(value, label)` choices.
fn picker(
    props: &FieldInputProps,
    multiple: bool,
    choices: Vec<(String, String)>,
    set_text: Callback<String>,
) -> Html {
    if !multiple {
        return single_select(props, choices, set_text);
    }
    let key = props.field.key.to_string();
    let onchange = {
        let (on_action, key) = (props.on_action.clone(), key.clone());
        Callback::from(move |e: Event| {
            let options = e
                .target_unchecked_into::<HtmlSelectElement>()
                .selected_options();
            let values = (0..options.length())
                .filter_map(|i| options.item(i))
                .map(|o| o.unchecked_into::<HtmlOptionElement>().value())
                .collect();
            on_action.emit(FormAction::SetMany {
                key: key.clone(),
                values,
            });
        })
    };
    html! {
        <select id={format!("f-{key}")} class="input" multiple=true size="6" disabled={props.disabled}
            data-testid={format!("field-{key}")} {onchange}>
            { for choices.into_iter().map(|(value, label)| {
                let selected = props.selected.contains(&value);
                html! { <option {value} {selected}>{ label }</option> }
            }) }
        </select>
    }
}

/// A drop-down with a 请选择 first entry.
fn single_select(
    props: &FieldInputProps,
    choices: Vec<(String, String)>,
    set_text: Callback<String>,
) -> Html {
    let key = props.field.key.to_string();
    let onchange =
        set_text.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select id={format!("f-{key}")} class="input" disabled={props.disabled}
            data-testid={format!("field-{key}")} {onchange}>
            <option value="" selected={props.text.is_empty()}>{ "请选择" }</option>
            <>{ for choices.into_iter().map(|(value, label)| {
                let selected = props.text == value;
                html! { <option {value} {selected}>{ label }</option> }
            }) }</>
        </select>
    }
}

/// Radio buttons, one per option.
fn radios(props: &FieldInputProps, options: &[Choice]) -> Html {
    let key = props.field.key.to_string();
    html! {
        <div class="choices" id={format!("f-{key}")} role="radiogroup" data-testid={format!("field-{key}")}>
            { for options.iter().map(|c| {
                let onchange = {
                    let (on_action, key, value) = (props.on_action.clone(), key.clone(), c.value.clone());
                    Callback::from(move |_: Event| on_action.emit(FormAction::SetText { key: key.clone(), text: value.clone() }))
                };
                html! {
                    <label class="choice">
                        <input type="radio" name={key.clone()} value={c.value.clone()}
                            checked={props.text == c.value} disabled={props.disabled}
                            data-testid={format!("field-{key}-{}", c.value)} {onchange} />
                        { c.label.clone() }
                    </label>
                }
            }) }
        </div>
    }
}

/// Checkboxes, one per option.
fn checkboxes(props: &FieldInputProps, options: &[Choice]) -> Html {
    let key = props.field.key.to_string();
    html! {
        <div class="choices" id={format!("f-{key}")} data-testid={format!("field-{key}")}>
            { for options.iter().map(|c| {
                let onchange = {
                    let (on_action, key, value) = (props.on_action.clone(), key.clone(), c.value.clone());
                    Callback::from(move |_: Event| on_action.emit(FormAction::Toggle { key: key.clone(), value: value.clone() }))
                };
                html! {
                    <label class="choice">
                        <input type="checkbox" value={c.value.clone()}
                            checked={props.selected.contains(&c.value)} disabled={props.disabled}
                            data-testid={format!("field-{key}-{}", c.value)} {onchange} />
                        { c.label.clone() }
                    </label>
                }
            }) }
        </div>
    }
}
