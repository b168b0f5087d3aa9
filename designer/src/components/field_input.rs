//! One field of a generated form with its label, help text and message, for every
//! [`FieldKind`] except attachments (see [`attachment_input`](super::attachment_input)): simple
//! kinds through [`ValueInput`], detail tables through [`TableInput`], computed fields as a
//! read-only number that follows the other fields live.
//! Test ids: `field-<key>` (the input, or a table's wrapper), options `field-<key>-<value>`,
//! ranges `field-<key>-start` / `field-<key>-end`, `computed-<key>`, the message `error-<key>`,
//! plus those of [`TableInput`].

use crate::components::table_input::TableInput;
use crate::components::value_input::ValueInput;
use crate::format;
use crate::hooks::OrgData;
use crate::state::form::{CellView, Edit, FormAction};
use lianban_definition::form::{Field, FieldKind};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`FieldInput`].
#[derive(Properties, PartialEq)]
pub struct FieldInputProps {
    /// The field definition.
    pub field: Field,
    /// Text of text-like inputs (a computed field's current number).
    pub text: String,
    /// Selected values of checkboxes and multiple pickers, or the two dates of a range.
    pub selected: Vec<String>,
    /// What a detail table's cells show, row by row.
    #[prop_or_default]
    pub rows: Vec<Vec<CellView>>,
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

/// The control for the field's kind.
fn control(props: &FieldInputProps) -> Html {
    let key = props.field.key.to_string();
    match &props.field.kind {
        FieldKind::Table { .. } => html! {
            <TableInput field={props.field.clone()} rows={props.rows.clone()} disabled={props.disabled}
                org={props.org.clone()} on_action={props.on_action.clone()} />
        },
        FieldKind::Computed { decimals, .. } => {
            let shown = props
                .text
                .parse::<f64>()
                .map_or_else(|_| "—".to_owned(), |x| format::fixed(x, *decimals));
            html! {
                <output id={format!("f-{key}")} class="input computed" data-testid={format!("computed-{key}")}>
                    { shown }
                </output>
            }
        }
        _ => {
            let on_edit = {
                let key = key.clone();
                props
                    .on_action
                    .reform(move |edit| field_action(key.clone(), edit))
            };
            let on_blur = {
                let key = key.clone();
                props
                    .on_action
                    .reform(move |()| FormAction::CheckField(key.clone()))
            };
            html! {
                <ValueInput field={props.field.clone()} id={format!("f-{key}")}
                    testid={format!("field-{key}")} text={props.text.clone()}
                    selected={props.selected.clone()} disabled={props.disabled}
                    org={props.org.clone()} {on_edit} {on_blur} />
            }
        }
    }
}

/// The form action for an edit of field `key`.
fn field_action(key: String, edit: Edit) -> FormAction {
    match edit {
        Edit::Text(text) => FormAction::SetText { key, text },
        Edit::Toggle(value) => FormAction::Toggle { key, value },
        Edit::Many(values) => FormAction::SetMany { key, values },
        Edit::Range(bound, text) => FormAction::SetRange { key, bound, text },
    }
}
