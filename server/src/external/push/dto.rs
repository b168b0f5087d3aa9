//! What administrators see of the push outbox.

use super::store::{Attempt, PushRow, PushStatus};
use crate::matter::fmt_ms;
use lianban_sdk::api::EventType;
use serde::Serialize;
use utoipa::ToSchema;

/// The Chinese name of an event type.
fn type_label(event_type: &str) -> &'static str {
    let kind: Option<EventType> = serde_json::from_value(serde_json::json!(event_type)).ok();
    match kind {
        Some(EventType::DispatchCreated) => "分发办理",
        Some(EventType::DispatchResubmitted) => "补正后重新提交",
        Some(EventType::DispatchWithdrawn) => "撤回分发",
        Some(EventType::MatterVoided) => "办件作废",
        Some(EventType::DispatchUrged) => "催办",
        None => "",
    }
}

/// One pushed event in the log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PushView {
    /// The event id (a UUID; receivers deduplicate by it).
    pub id: String,
    /// `dispatch.created`, `dispatch.resubmitted`, `dispatch.withdrawn`, `matter.voided` or
    /// `dispatch.urged`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Its Chinese name.
    pub type_label: &'static str,
    /// The per-matter sequence number.
    pub seq: u64,
    /// The matter's id (for the matter page link).
    pub matter_id: String,
    /// The matter number.
    pub matter_no: String,
    /// The dispatch (node id).
    pub node: String,
    /// The dispatch's unit.
    pub unit: String,
    /// The system's id.
    pub system: String,
    /// The system's name when the event was planned.
    pub system_name: String,
    /// `pending`, `sending`, `sent` or `dead`.
    pub status: PushStatus,
    /// Its Chinese name.
    pub status_label: &'static str,
    /// Attempts since planned or last replayed.
    pub attempts: u32,
    /// Attempts allowed.
    pub max_attempts: u32,
    /// The next attempt (pending rows), RFC 3339.
    pub next_at: Option<String>,
    /// The last failure, or why it is dead.
    pub last_error: Option<String>,
    /// The HTTP status of the last attempt, if the system answered.
    pub last_status: Option<u16>,
    /// When it was planned.
    pub created_at: String,
    /// When it was delivered.
    pub sent_at: Option<String>,
}

impl From<&PushRow> for PushView {
    fn from(r: &PushRow) -> Self {
        Self {
            id: r.key.clone(),
            type_label: type_label(&r.event_type),
            event_type: r.event_type.clone(),
            seq: r.seq,
            matter_id: r.matter.clone(),
            matter_no: r.matter_no.clone(),
            node: r.node.clone(),
            unit: r.unit.clone(),
            system: r.system.clone(),
            system_name: r.system_name.clone(),
            status: r.status,
            status_label: r.status.label(),
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            next_at: (r.status == PushStatus::Pending).then(|| fmt_ms(r.next_at)),
            last_error: r.last_error.clone(),
            last_status: r.history.last().and_then(|a| a.status),
            created_at: fmt_ms(r.created_ms),
            sent_at: r.sent_ms.map(fmt_ms),
        }
    }
}

/// A page of the log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PushPage {
    /// Newest first.
    pub items: Vec<PushView>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// One attempt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    /// When it started, RFC 3339.
    pub at: String,
    /// The node that made it.
    pub node: String,
    /// The HTTP status, if the system answered.
    pub status: Option<u16>,
    /// What went wrong (none when delivered).
    pub error: Option<String>,
    /// How long it took (ms).
    pub duration_ms: i64,
}

impl From<&Attempt> for AttemptView {
    fn from(a: &Attempt) -> Self {
        Self {
            at: fmt_ms(a.at_ms),
            node: a.node.clone(),
            status: a.status,
            error: a.error.clone(),
            duration_ms: a.duration_ms,
        }
    }
}

/// One pushed event with its attempts and payload.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PushDetail {
    /// The row.
    #[serde(flatten)]
    pub row: PushView,
    /// The latest attempts (at most 50), oldest first.
    pub history: Vec<AttemptView>,
    /// The event as planned (material links are minted afresh at each attempt).
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
}

impl From<&PushRow> for PushDetail {
    fn from(r: &PushRow) -> Self {
        Self {
            row: r.into(),
            history: r.history.iter().map(Into::into).collect(),
            event: r.event.clone(),
        }
    }
}
