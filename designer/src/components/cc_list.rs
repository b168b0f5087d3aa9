//! 抄送记录: the CC nodes the matter passed, who got the copy and when, and how many of them
//! have read it (已阅 2/3, each person's receipt on hover), oldest first. Nothing when there
//! are none. Test ids: `cc-list`, `cc-<node id>` (one line per record), `cc-read-<node id>`.

use crate::api::CcRecord;
use crate::format;
use crate::state::task_ops::{read_details, read_summary};
use yew::prelude::*;

/// Props of [`CcList`].
#[derive(Properties, PartialEq)]
pub struct CcListProps {
    /// The records.
    pub records: Vec<CcRecord>,
}

/// The list under 办理进度.
#[function_component]
pub fn CcList(props: &CcListProps) -> Html {
    if props.records.is_empty() {
        return Html::default();
    }
    html! {
        <div class="cc-list" data-testid="cc-list">
            <h4>{ "抄送" }</h4>
            <ul>
                { for props.records.iter().map(|r| html! {
                    <li data-testid={format!("cc-{}", r.node)}>
                        <time class="muted">{ format::time(&r.at) }</time>
                        <span class="cc-node">{ if r.name.is_empty() { r.node.clone() } else { r.name.clone() } }</span>
                        <span>{ format!("抄送给 {}", recipients(r)) }</span>
                        if !r.users.is_empty() {
                            <span class="cc-read muted" title={read_details(r)}
                                data-testid={format!("cc-read-{}", r.node)}>{ read_summary(r) }</span>
                        }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// The recipients' names joined with `、`, or 无人 when the node resolved to nobody.
fn recipients(record: &CcRecord) -> String {
    if record.users.is_empty() {
        return "（无人）".into();
    }
    record
        .users
        .iter()
        .map(|u| u.display())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_named_by_display_name_or_login() {
        let record: CcRecord = serde_json::from_value(serde_json::json!({
            "node": "cc_1", "name": "抄送分管领导", "at": "2026-03-01T09:00:00Z",
            "users": [{"username": "zzb_leader", "name": "陈建国"}, {"username": "li"}]
        }))
        .expect("record parses");
        assert_eq!(recipients(&record), "陈建国、li");
        let empty: CcRecord =
            serde_json::from_value(serde_json::json!({"node": "cc_2"})).expect("record parses");
        assert_eq!(recipients(&empty), "（无人）");
    }
}
