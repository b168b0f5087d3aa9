//! The fields of a generated form as initiators see them: grouped under their section titles
//! (cards) and laid out on a 12-column grid by each field's width, stacking to one column on
//! phones. Used by the form editor and by the form designer's 预览, so both show the same form.
//! Test ids: `form-section-<id>` (a section card), plus those of [`FieldInput`],
//! [`AttachmentInput`] and [`TableInput`](super::table_input::TableInput).

use crate::components::attachment_input::AttachmentInput;
use crate::components::field_input::FieldInput;
use crate::hooks::use_org;
use crate::state::form::layout::groups;
use crate::state::form::{Busy, FormState};
use lianban_definition::form::{Field, FieldKind};
use web_sys::File;
use yew::prelude::*;

/// Props of [`FormFields`].
#[derive(Properties, PartialEq)]
pub struct FormFieldsProps {
    /// The form reducer: values, messages, files; edits are dispatched to it.
    pub state: UseReducerHandle<FormState>,
    /// A file was chosen for an attachment field: `(field key, file)`.
    pub on_upload: Callback<(String, File)>,
    /// 删除 of an uploaded file: `(field key, attachment id)`.
    pub on_remove: Callback<(String, String)>,
}

/// Every field, section by section.
#[function_component]
pub fn FormFields(props: &FormFieldsProps) -> Html {
    let org = use_org();
    let state = &props.state;
    let on_action = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let field_html = |field: &Field| {
        let key = field.key.to_string();
        let error = state.errors.get(&key).cloned();
        let span = format!("grid-item span-{}", field.width.columns());
        let input = if matches!(field.kind, FieldKind::Attachment { .. }) {
            html! {
                <AttachmentInput field={field.clone()} files={state.files(&key)} {error}
                    uploading={state.busy == Some(Busy::Files(key.clone()))} disabled={state.is_busy()}
                    on_upload={props.on_upload.clone()} on_remove={props.on_remove.clone()} />
            }
        } else {
            html! {
                <FieldInput field={field.clone()} text={state.text(&key)} selected={state.selected(&key)}
                    rows={state.table_view(&key)} {error} disabled={state.is_busy()} org={org.clone()}
                    on_action={on_action.clone()} />
            }
        };
        html! { <div {key} class={span}>{ input }</div> }
    };
    let form = state.form.clone();
    let sections = groups(&form).into_iter().filter(|g| !g.fields.is_empty()).map(|group| {
        let grid = html! {
            <div class="form-grid">{ for group.fields.iter().map(|(_, field)| field_html(field)) }</div>
        };
        match group.section {
            None => html! { <div class="form-top" key="top">{ grid }</div> },
            Some(section) => html! {
                <section class="form-section" key={section.id.clone()}
                    data-testid={format!("form-section-{}", section.id)}>
                    <h3 class="section-title">{ section.title.clone() }</h3>
                    { grid }
                </section>
            },
        }
    });
    html! { <div class="form-fields">{ for sections }</div> }
}
