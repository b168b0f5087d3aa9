//! 表单内容: the read-only rendering of a matter's values, with attachments as download links.
//! Test ids: `value-<key>`, `attachment-link`.

use crate::api::Attachment;
use crate::api::url::attachment_href;
use crate::format::{self, Names};
use lianban_definition::form::{FieldKind, FormDef, FormValues};
use serde_json::Value;
use yew::prelude::*;

/// Props of [`FormView`].
#[derive(Properties, PartialEq)]
pub struct FormViewProps {
    /// The form version.
    pub form: FormDef,
    /// The values.
    pub values: FormValues,
    /// The matter's files.
    pub attachments: Vec<Attachment>,
    /// Unit and user names.
    pub names: Names,
}

/// The values as a definition list, in form order.
#[function_component]
pub fn FormView(props: &FormViewProps) -> Html {
    let rows = props.form.fields.iter().map(|field| {
        let key = field.key.to_string();
        let value = props.values.get(&key).cloned().unwrap_or(Value::Null);
        let shown = if matches!(field.kind, FieldKind::Attachment { .. }) {
            attachments(&value, &props.attachments)
        } else {
            html! { { format::value(field, &value, &props.names) } }
        };
        let wide = matches!(
            field.kind,
            FieldKind::Textarea { .. } | FieldKind::Attachment { .. }
        );
        html! {
            <div class={classes!("kv", wide.then_some("kv-wide"))}>
                <dt>{ field.label.clone() }</dt>
                <dd data-testid={format!("value-{key}")}>{ shown }</dd>
            </div>
        }
    });
    html! { <dl class="values">{ for rows }</dl> }
}

/// The files named by an attachment value, as download links.
fn attachments(value: &Value, all: &[Attachment]) -> Html {
    let ids: Vec<&str> = match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    };
    if ids.is_empty() {
        return html! { { "—" } };
    }
    html! {
        <ul class="files">
            { for ids.into_iter().map(|id| {
                let file = all.iter().find(|a| a.id == id);
                let name = file.map_or_else(|| id.to_owned(), |f| f.filename.clone());
                let size = file.map(|f| format::size(f.size)).unwrap_or_default();
                html! {
                    <li class="file">
                        <a href={attachment_href(id)} data-testid="attachment-link" download="">{ name }</a>
                        <span class="muted">{ size }</span>
                    </li>
                }
            }) }
        </ul>
    }
}
