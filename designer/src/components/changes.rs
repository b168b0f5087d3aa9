//! The fields changed by the latest resubmission to a unit (字段 / 原值 / 新值).
//! Test ids: `changes-<node>`, `change-row`.

use crate::format::{self, Names};
use lianban_definition::form::{FieldChange, FormDef};
use yew::prelude::*;

/// Props of [`Changes`].
#[derive(Properties, PartialEq)]
pub struct ChangesProps {
    /// Dispatch node id.
    pub node: String,
    /// Heading, e.g. the unit name.
    pub title: String,
    /// The changes.
    pub changes: Vec<FieldChange>,
    /// The form (for labels of choices).
    pub form: FormDef,
    /// Unit and user names.
    pub names: Names,
}

/// A highlighted table of changed fields.
#[function_component]
pub fn Changes(props: &ChangesProps) -> Html {
    let show = |change: &FieldChange, value: &serde_json::Value| match props
        .form
        .field(change.key.as_str())
    {
        Some(field) => format::value(field, value, &props.names),
        None => format::plain(value),
    };
    html! {
        <section class="card changes" data-testid={format!("changes-{}", props.node)}>
            <h3>{ format!("重新提交的修改（{}）", props.title) }</h3>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th>{ "字段" }</th><th>{ "原值" }</th><th>{ "新值" }</th></tr></thead>
                    <tbody>
                        { for props.changes.iter().map(|c| html! {
                            <tr class="change-row" data-testid="change-row" data-field={c.key.to_string()}>
                                <td>{ c.label.clone() }</td>
                                <td class="old">{ show(c, &c.before) }</td>
                                <td class="new">{ show(c, &c.after) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
