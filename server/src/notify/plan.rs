//! Who hears about what: from a command's events to notifications, each with the template
//! variables its texts are rendered from (per channel, by the outbox).

use crate::AppState;
use crate::error::ApiResult;
use crate::matter::store::MatterDoc;
use crate::worklist::Names;
use lianban_runtime::{Candidates, Event, ReturnTo, TaskStatus};
use serde_json::json;

/// A notification to write.
#[derive(Debug, Clone)]
pub struct Note {
    /// Recipient.
    pub username: String,
    /// One of [`super::kinds::KINDS`].
    pub kind: &'static str,
    /// The template variables ([`super::kinds::VARIABLES`]).
    pub vars: serde_json::Value,
    /// The matter it is about.
    pub matter: String,
    /// The task it is about (new tasks and urgings).
    pub task: Option<u32>,
}

async fn candidates_of(state: &AppState, candidates: &Candidates) -> ApiResult<Vec<String>> {
    Ok(match candidates {
        Candidates::Pool { unit, post } => {
            crate::org::store::pool_members(&state.db, unit.as_str(), post.as_str()).await?
        }
        Candidates::Users { users } => users.iter().map(|u| u.to_string()).collect(),
    })
}

/// The notifications for `events` of `doc` (its state after the command), never to the actor.
pub async fn plan(
    state: &AppState,
    doc: &MatterDoc,
    events: &[Event],
    actor: &str,
    names: &Names,
) -> ApiResult<Vec<Note>> {
    let st = &doc.state;
    let initiator = st.initiator.to_string();
    let number = doc.number.clone().unwrap_or_default();
    let mut out: Vec<(Vec<String>, &'static str, serde_json::Value, Option<u32>)> = Vec::new();
    let base = |extra: serde_json::Value| {
        let mut v = json!({ "title": doc.title, "number": number, "type_name": doc.type_name,
                            "initiator": names.user(&initiator), "unit": "", "step": "",
                            "reason": "", "message": "" });
        if let (Some(obj), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
            for (k, val) in extra {
                obj.insert(k.clone(), val.clone());
            }
        }
        v
    };
    for event in events {
        match event {
            Event::TaskCreated {
                task,
                dispatch,
                name,
                candidates,
            } => {
                let still_open = st.task(*task).is_some_and(|t| t.status == TaskStatus::Open);
                if still_open {
                    let unit = st
                        .dispatch(dispatch)
                        .map(|d| names.unit(d.unit.as_str()))
                        .unwrap_or_default();
                    out.push((
                        candidates_of(state, candidates).await?,
                        "todo",
                        base(json!({ "unit": unit, "step": name })),
                        Some(task.0),
                    ));
                }
            }
            Event::Returned {
                dispatch,
                reason,
                to: ReturnTo::Initiator,
                ..
            }
            | Event::ExternalReturned {
                dispatch, reason, ..
            } => {
                let unit = st
                    .dispatch(dispatch)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                out.push((
                    vec![initiator.clone()],
                    "returned",
                    base(json!({ "unit": unit, "reason": reason })),
                    None,
                ));
            }
            Event::DispatchCompleted { unit, .. } => {
                out.push((
                    vec![initiator.clone()],
                    "unit_done",
                    base(json!({ "unit": names.unit(unit.as_str()) })),
                    None,
                ));
            }
            Event::AllCompleted => {
                out.push((vec![initiator.clone()], "all_done", base(json!({})), None))
            }
            Event::Urged {
                dispatch, message, ..
            } => {
                // One urging per person, linked to the first of their tasks it concerns.
                let mut urged: Vec<String> = Vec::new();
                for t in st.pending_tasks().filter(|t| &t.dispatch == dispatch) {
                    let mut to = match &t.assignee {
                        Some(a) => vec![a.to_string()],
                        None => candidates_of(state, &t.candidates).await?,
                    };
                    to.retain(|u| !urged.contains(u));
                    urged.extend(to.iter().cloned());
                    out.push((
                        to,
                        "urged",
                        base(json!({ "message": message })),
                        Some(t.id.0),
                    ));
                }
            }
            Event::Closed { .. } | Event::Voided { .. } => {
                let kind = if matches!(event, Event::Closed { .. }) {
                    "closed"
                } else {
                    "voided"
                };
                let reason = match event {
                    Event::Voided { reason } => reason.clone(),
                    _ => String::new(),
                };
                let mut to: Vec<String> = st
                    .tasks
                    .iter()
                    .filter_map(|t| t.assignee.as_ref().map(|a| a.to_string()))
                    .collect();
                to.push(initiator.clone());
                out.push((to, kind, base(json!({ "reason": reason })), None));
            }
            Event::CarbonCopied { name, users, .. } => {
                let to = users.iter().map(ToString::to_string).collect();
                out.push((to, "cc", base(json!({ "step": name })), None));
            }
            Event::Returned { .. }
            | Event::Withdrawn { .. }
            | Event::Delegated { .. }
            | Event::SignersAdded { .. }
            | Event::SignerRemoved { .. }
            | Event::Suspended { .. }
            | Event::Resumed { .. }
            | Event::CopyRead { .. }
            | Event::Submitted
            | Event::NobodyResolved { .. }
            | Event::ValuesEdited { .. }
            | Event::Transferred { .. }
            | Event::BranchChosen { .. }
            | Event::Dispatched { .. }
            | Event::Claimed { .. }
            | Event::Approved { .. }
            | Event::Resubmitted { .. }
            | Event::TasksCancelled { .. }
            | Event::ExternalAcked { .. }
            | Event::ExternalStepReported { .. }
            | Event::ExternalApproved { .. }
            | Event::DeadlineReached { .. } => {}
        }
    }
    let mut notes = Vec::new();
    for (mut to, kind, vars, task) in out {
        to.sort();
        to.dedup();
        for username in to.into_iter().filter(|u| u != actor) {
            notes.push(Note {
                username,
                kind,
                vars: vars.clone(),
                matter: doc.key.clone(),
                task,
            });
        }
    }
    Ok(notes)
}
