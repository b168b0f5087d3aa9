//! Which work-list rows a matter should have, derived purely from its state. Syncing compares
//! the rows of the state before and after a command.

use super::Names;
use crate::matter::store::MatterDoc;
use lianban_runtime::deadline::{Scope, handling_round, is_live};
use lianban_runtime::{Candidates, DispatchStatus, MatterStatus, TaskId, TaskStatus, status_label};
use serde::{Deserialize, Serialize};

/// One work-list row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `user:<name>` or `pool:<unit>:<post>`.
    pub owner: String,
    /// `todo`, `done`, `initiated` or `drafts`.
    pub list: String,
    /// Sort key: 13-digit time in ms, `:`, matter key, `:`, task number (0 for none).
    pub sk: String,
    /// Matter key.
    pub matter: String,
    /// Task number, for todo rows of a task.
    pub task: Option<u32>,
    /// 办件编号.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Matter type code and name.
    pub type_code: String,
    /// Matter type name.
    pub type_name: String,
    /// Matter status (API name) and label.
    pub status: String,
    /// Matter status label.
    pub status_label: String,
    /// What to do, e.g. 经办人审核, 补正后重新提交, 办结.
    pub step_name: String,
    /// The unit concerned (handling unit, or the initiating unit).
    pub unit_name: String,
    /// Initiator's display name.
    pub initiator_name: String,
    /// Time of the row (ms).
    pub at_ms: i64,
    /// The colour of the warning tier fired for the row, if any (see [`tier_of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

fn sk(at_ms: i64, matter: &str, task: u32) -> String {
    format!("{at_ms:013}:{matter}:{task:06}")
}

/// The colour a row shows: the more severe of the matter's tier and, for a task, its
/// dispatch's tier of the current handling round; none once the matter has ended, and none on
/// the 已办 and 草稿 lists.
fn tier_of(doc: &MatterDoc, list: &str, task: Option<u32>) -> Option<String> {
    if !is_live(doc.state.status) || !matches!(list, "todo" | "initiated") {
        return None;
    }
    let matter = doc.tiers.get("matter").map(|m| m.color);
    let dispatch = task
        .and_then(|id| doc.state.task(TaskId(id)))
        .and_then(|t| doc.state.dispatch(&t.dispatch))
        .and_then(|d| {
            let mark = doc.tiers.get(&Scope::Dispatch(d.node.clone()).key())?;
            (mark.round == handling_round(d)).then_some(mark.color)
        });
    matter.max(dispatch).map(|c| c.key().to_owned())
}

/// The rows `doc` should have now.
pub fn items_of(doc: &MatterDoc, names: &Names) -> Vec<Item> {
    let st = &doc.state;
    let status = crate::matter::status_code(st.status).to_owned();
    let base =
        |owner: String, list: &str, at_ms: i64, task: Option<u32>, step: String, unit: &str| Item {
            tier: tier_of(doc, list, task),
            sk: sk(at_ms, &doc.key, task.unwrap_or(0)),
            owner,
            list: list.to_owned(),
            matter: doc.key.clone(),
            task,
            number: doc.number.clone(),
            title: doc.title.clone(),
            type_code: doc.type_code.clone(),
            type_name: doc.type_name.clone(),
            status: status.clone(),
            status_label: status_label(st.status).to_owned(),
            step_name: step,
            unit_name: names.unit(unit),
            initiator_name: names.user(st.initiator.as_str()),
            at_ms,
        };
    let initiator = format!("user:{}", st.initiator);
    let mut items = Vec::new();
    if st.status == MatterStatus::Draft {
        items.push(base(
            initiator,
            "drafts",
            doc.updated_ms,
            None,
            "草稿".into(),
            st.initiator_unit.as_str(),
        ));
        return items;
    }
    let submitted_ms = st
        .submitted_at
        .map(|t| t.as_millisecond())
        .unwrap_or(doc.created_ms);
    items.push(base(
        initiator.clone(),
        "initiated",
        submitted_ms,
        None,
        String::new(),
        st.initiator_unit.as_str(),
    ));
    for task in st
        .tasks
        .iter()
        .filter(|t| matches!(t.status, TaskStatus::Open | TaskStatus::Claimed))
    {
        let unit = st
            .dispatch(&task.dispatch)
            .map(|d| d.unit.to_string())
            .unwrap_or_default();
        let at = task.created_at.as_millisecond();
        let owners: Vec<String> = match (&task.assignee, &task.candidates) {
            (Some(a), _) => vec![format!("user:{a}")],
            (None, Candidates::Pool { unit, post }) => vec![format!("pool:{unit}:{post}")],
            (None, Candidates::Users { users }) => {
                users.iter().map(|u| format!("user:{u}")).collect()
            }
        };
        for owner in owners {
            items.push(base(
                owner,
                "todo",
                at,
                Some(task.id.0),
                task.name.clone(),
                &unit,
            ));
        }
    }
    for d in st
        .dispatches
        .iter()
        .filter(|d| d.status == DispatchStatus::Returned)
    {
        let at = d
            .returned
            .as_ref()
            .map(|r| r.at.as_millisecond())
            .unwrap_or(doc.updated_ms);
        items.push(base(
            initiator.clone(),
            "todo",
            at,
            None,
            format!("补正后重新提交（{}退回）", d.name),
            d.unit.as_str(),
        ));
    }
    if st.status == MatterStatus::Completed {
        items.push(base(
            initiator.clone(),
            "todo",
            doc.updated_ms,
            None,
            "办结".into(),
            st.initiator_unit.as_str(),
        ));
    }
    let mut acted: Vec<(String, i64)> = Vec::new();
    for task in st
        .tasks
        .iter()
        .filter(|t| matches!(t.status, TaskStatus::Done | TaskStatus::Returned))
    {
        if let (Some(a), Some(at)) = (&task.assignee, task.finished_at) {
            let at = at.as_millisecond();
            match acted.iter_mut().find(|(u, _)| u == a.as_str()) {
                Some(entry) => entry.1 = entry.1.max(at),
                None => acted.push((a.to_string(), at)),
            }
        }
    }
    for (user, at) in acted {
        items.push(base(
            format!("user:{user}"),
            "done",
            at,
            None,
            String::new(),
            st.initiator_unit.as_str(),
        ));
    }
    // Dedupe (the initiator may hold two rows of one list only if they differ by task).
    items.sort_by(|a, b| (&a.owner, &a.list, &a.sk).cmp(&(&b.owner, &b.list, &b.sk)));
    items.dedup_by(|a, b| a.owner == b.owner && a.list == b.list && a.sk == b.sk);
    items
}
