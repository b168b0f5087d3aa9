//! 表单内容: the read-only rendering of a matter's values, grouped under the form's section
//! titles, with detail tables as real tables and attachments as download links.
//! Test ids: `value-<key>`, `attachment-link`, `view-section-<id>`, `value-<key>-<row>-<column>`.

use crate::api::Attachment;
use crate::api::url::attachment_href;
use crate::format::{self, Names};
use crate::state::form::layout::groups;
use crate::state::form::table_shape;
use lianban_definition::form::{Field, FieldKind, FormDef, FormValues};
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

/// The values as definition lists, section by section, in form order.
#[function_component]
pub fn FormView(props: &FormViewProps) -> Html {
    let groups = groups(&props.form)
        .into_iter()
        .filter(|g| !g.fields.is_empty())
        .map(|group| {
            let list = html! {
                <dl class="values">{ for group.fields.iter().map(|(_, field)| row(props, field)) }</dl>
            };
            match group.section {
                None => list,
                Some(section) => html! {
                    <section class="view-section" data-testid={format!("view-section-{}", section.id)}>
                        <h4 class="view-section-title">{ section.title.clone() }</h4>
                        { list }
                    </section>
                },
            }
        });
    html! { <div class="form-view">{ for groups }</div> }
}

/// One field: label and value.
fn row(props: &FormViewProps, field: &Field) -> Html {
    let key = field.key.to_string();
    let value = props.values.get(&key).cloned().unwrap_or(Value::Null);
    let shown = match &field.kind {
        FieldKind::Attachment { .. } => attachments(&value, &props.attachments),
        FieldKind::Table { .. } if value.is_array() => table(field, &value, &props.names),
        _ => html! { { format::value(field, &value, &props.names) } },
    };
    let wide = matches!(
        field.kind,
        FieldKind::Textarea { .. } | FieldKind::Attachment { .. } | FieldKind::Table { .. }
    );
    html! {
        <div class={classes!("kv", wide.then_some("kv-wide"))}>
            <dt>{ field.label.clone() }</dt>
            <dd data-testid={format!("value-{key}")}>{ shown }</dd>
        </div>
    }
}

/// A detail table's rows as a table, one column per column of the definition.
fn table(field: &Field, value: &Value, names: &Names) -> Html {
    let Some((columns, _, _)) = table_shape(field) else {
        return Html::default();
    };
    let rows = value.as_array().map(Vec::as_slice).unwrap_or_default();
    if rows.is_empty() {
        return html! { { "—" } };
    }
    let key = &field.key;
    html! {
        <div class="detail-scroll">
            <table class="table detail-table">
                <thead><tr><th class="row-no">{ "序号" }</th>
                    { for columns.iter().map(|c| html! { <th>{ c.label.clone() }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().enumerate().map(|(i, row)| html! {
                        <tr>
                            <td class="row-no">{ i + 1 }</td>
                            { for columns.iter().map(|c| {
                                let cell = row.get(c.key.as_str()).cloned().unwrap_or(Value::Null);
                                html! {
                                    <td data-testid={format!("value-{key}-{i}-{}", c.key)}>
                                        { format::value(c, &cell, names) }
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
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
