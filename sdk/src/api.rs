//! The bodies of the open API (`/open/v1`), both directions: the events Lianban pushes to a
//! department system ([`Event`]) and the calls the system makes back ([`AckRequest`],
//! [`StepRequest`], [`ResultRequest`], [`MatterState`]). Lianban serialises exactly these types,
//! so a system written against them cannot drift from the server.
//!
//! Times are RFC 3339 strings with the China offset (`2026-03-02T09:00:00+08:00`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The event types Lianban pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventType {
    /// A dispatch reached the system's unit: handle it.
    #[serde(rename = "dispatch.created")]
    DispatchCreated,
    /// The initiator corrected the matter after the system returned it: handle it again.
    #[serde(rename = "dispatch.resubmitted")]
    DispatchResubmitted,
    /// The dispatch was taken back (the initiator withdrew, or the flow was re-routed): stop.
    #[serde(rename = "dispatch.withdrawn")]
    DispatchWithdrawn,
    /// The matter was voided (作废): stop.
    #[serde(rename = "matter.voided")]
    MatterVoided,
    /// The initiator urged (催办) the dispatch.
    #[serde(rename = "dispatch.urged")]
    DispatchUrged,
}

impl EventType {
    /// The wire name, e.g. `dispatch.created`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::DispatchCreated => "dispatch.created",
            EventType::DispatchResubmitted => "dispatch.resubmitted",
            EventType::DispatchWithdrawn => "dispatch.withdrawn",
            EventType::MatterVoided => "matter.voided",
            EventType::DispatchUrged => "dispatch.urged",
        }
    }
}

/// One pushed event: `POST` to the system's registered endpoint, signed like an inbound call
/// (with the system's own app key and secret). Any 2xx answer acknowledges it; Lianban retries
/// otherwise, so the same `id` may arrive more than once — receivers drop repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable across redeliveries (a UUID).
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Per matter, increasing by one with each event for any system: a receiver that sees a gap
    /// may query the matter's state.
    pub seq: u64,
    /// When it happened.
    pub occurred_at: String,
    /// The matter.
    pub matter: MatterRef,
    /// The dispatch to the system's unit.
    pub dispatch: DispatchRef,
    /// Type-specific data: for `dispatch.created` and `dispatch.resubmitted` a [`DispatchData`];
    /// for the others `{"reason": …}` or `{}`.
    #[serde(default)]
    pub data: Value,
}

/// A matter, as events and queries name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRef {
    /// The matter number, e.g. `LB-20260302-0001` — the key of every `/open/v1` path.
    pub number: String,
    /// Title.
    pub title: String,
    /// Matter type code and name.
    pub type_code: String,
    /// Matter type name.
    pub type_name: String,
    /// The initiating unit's code and name, and the initiator's display name.
    pub initiator_unit: String,
    /// Initiating unit name.
    pub initiator_unit_name: String,
    /// Initiator's display name.
    pub initiator_name: String,
}

/// A dispatch (one handling unit's share of a matter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchRef {
    /// The flow node id — the second key of `/open/v1/matters/{number}/dispatches/{node}`.
    pub node: String,
    /// The handling unit's code.
    pub unit: String,
    /// The node's display name.
    pub name: String,
    /// The deadline, when the node has a time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// How many times the initiator resubmitted it (0 the first time).
    #[serde(default)]
    pub round: u32,
}

/// The data of `dispatch.created` / `dispatch.resubmitted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchData {
    /// The form's values the unit may see (field key → value).
    pub values: Value,
    /// The form's fields, in order, with labels (so the system can render them).
    pub form: Vec<FormField>,
    /// Materials as time-limited download links (no signature needed on the link itself).
    pub materials: Vec<Material>,
    /// After a return: what the initiator was asked to correct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_reason: Option<String>,
}

/// One form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// The field key.
    pub key: String,
    /// Its label.
    pub label: String,
    /// Its kind (`text`, `number`, `date`, `choice`, `attachment`, …).
    pub kind: String,
}

/// One material (attachment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// The file id (also usable with the signed `GET /open/v1/matters/{number}/files/{id}`).
    pub id: String,
    /// The form field it belongs to.
    pub field: String,
    /// The file name.
    pub filename: String,
    /// Bytes.
    pub size: u64,
    /// SM3 of the content, lowercase hex.
    pub sm3: String,
    /// A download link valid until `expires_at`.
    pub url: String,
    /// When the link expires.
    pub expires_at: String,
}

/// `POST /open/v1/matters/{number}/dispatches/{node}/ack`: the system has taken the dispatch in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckRequest {
    /// The system's own case number, shown on the progress board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
}

/// `POST /open/v1/matters/{number}/dispatches/{node}/steps`: one internal step done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRequest {
    /// The step's name, e.g. 科室初审.
    pub name: String,
    /// Who handled it (display name).
    pub handler: String,
    /// When (RFC 3339).
    pub at: String,
    /// The handler's opinion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

/// The outcome a system reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Approved: the dispatch completes.
    Approved,
    /// Returned to the initiator for correction.
    Returned,
}

/// `POST /open/v1/matters/{number}/dispatches/{node}/result`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRequest {
    /// Approved or returned.
    pub outcome: Outcome,
    /// The unit's opinion (approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// Why it is returned (required when returned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A code of the `return_reason` dictionary (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Result documents (批复文件), approved only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
}

/// A result document, inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The file name.
    pub filename: String,
    /// The content, standard Base64.
    pub content_base64: String,
}

/// `GET /open/v1/matters/{number}` and the answer of every POST: the matter as the system's unit
/// sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterState {
    /// The matter.
    pub matter: MatterRef,
    /// The matter's status: `submitted`, `completed`, `closed`, `voided`, …
    pub status: String,
    /// The system unit's dispatches in this matter.
    pub dispatches: Vec<DispatchState>,
}

/// One dispatch's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchState {
    /// Node, unit, name, deadline, round.
    #[serde(flatten)]
    pub dispatch: DispatchRef,
    /// `pending`, `returned`, `completed`, `cancelled`, …
    pub status: String,
    /// Whether the system acknowledged it.
    pub acked: bool,
    /// The system's own case number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// The steps reported so far in this round.
    pub steps: Vec<StepRequest>,
}

impl Event {
    /// The data of `dispatch.created` / `dispatch.resubmitted`, read from [`Event::data`];
    /// `None` for the other types or when the data does not have that shape.
    pub fn dispatch_data(&self) -> Option<DispatchData> {
        match self.kind {
            EventType::DispatchCreated | EventType::DispatchResubmitted => {
                serde_json::from_value(self.data.clone()).ok()
            }
            EventType::DispatchWithdrawn | EventType::MatterVoided | EventType::DispatchUrged => {
                None
            }
        }
    }

    /// The `reason` in the data of `dispatch.withdrawn`, `matter.voided` and `dispatch.urged`,
    /// when there is one.
    pub fn reason(&self) -> Option<&str> {
        self.data.get("reason").and_then(Value::as_str)
    }
}

impl ResultRequest {
    /// An approval with an optional opinion and no documents (push documents onto
    /// [`ResultRequest::documents`]).
    pub fn approved(opinion: Option<String>) -> Self {
        ResultRequest {
            outcome: Outcome::Approved,
            opinion,
            reason: None,
            reason_code: None,
            documents: Vec::new(),
        }
    }

    /// A return to the initiator with its reason (and optionally a `return_reason` code).
    pub fn returned(reason: impl Into<String>, reason_code: Option<String>) -> Self {
        ResultRequest {
            outcome: Outcome::Returned,
            opinion: None,
            reason: Some(reason.into()),
            reason_code,
            documents: Vec::new(),
        }
    }
}

/// An error answer of `/open/v1` (`application/problem+json`), also what a receiver answers
/// when it refuses a push. `code` is stable (see the integration guide's table); `detail` is
/// Chinese text for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` when there is none).
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// A short summary.
    #[serde(default)]
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// The stable error code, e.g. `signature_invalid`.
    pub code: String,
    /// What went wrong, in Chinese.
    #[serde(default)]
    pub detail: String,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    /// A problem with `type` `about:blank`.
    pub fn new(
        status: u16,
        code: impl Into<String>,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            kind: about_blank(),
            title: title.into(),
            status,
            code: code.into(),
            detail: detail.into(),
        }
    }
}
