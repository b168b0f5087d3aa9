//! From a command's events to the events pushed to units' own systems, planned inside the
//! command's transaction: `dispatch.created` when a dispatch reaches a unit handled in its own
//! system, `dispatch.resubmitted` after the initiator's correction, `dispatch.urged`,
//! `matter.voided`, and `dispatch.withdrawn` when such a dispatch is cancelled otherwise.
//!
//! Each event gets its id, the matter's next sequence number and the system that handles the
//! unit and matter type now. The payload is a snapshot — the values and form fields the unit may
//! see, the materials' metadata — and the worker mints the materials' links when it sends.

use super::store::{self, PushRow, PushStatus};
use crate::AppState;
use crate::db::Batch;
use crate::error::ApiResult;
use crate::matter::fmt_ts;
use crate::matter::store::MatterDoc;
use crate::worklist::Names;
use jiff::Timestamp;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{Dispatch, DispatchStatus, Event};
use lianban_sdk::api::{self, EventType};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// One command's change of a matter, as the planner reads it.
#[derive(Clone, Copy)]
pub struct Change<'a> {
    /// The matter as it was read.
    pub before: &'a MatterDoc,
    /// The matter after the command.
    pub after: &'a MatterDoc,
    /// The matter type version it runs on.
    pub def: &'a MatterTypeDef,
    /// The command's events.
    pub events: &'a [Event],
    /// The names of units and people on the matter.
    pub names: &'a Names,
    /// When the command ran.
    pub now: Timestamp,
}

/// The outbox rows of one command, ready to join its batch.
#[derive(Debug, Default)]
pub struct Planned {
    rows: Vec<PushRow>,
    counter: Option<(String, u64)>,
}

impl Planned {
    /// Adds the rows and the matter's counter to `batch`, the command's transaction.
    pub fn add_to(&self, batch: &mut Batch) {
        store::add(batch, &self.rows);
        if let Some((matter, n)) = &self.counter {
            store::add_counter(batch, matter, *n);
        }
    }

    /// Whether anything is to be pushed.
    pub fn has_rows(&self) -> bool {
        !self.rows.is_empty()
    }
}

/// What to push, before numbering: the dispatch, the type and its data.
struct Wanted<'a> {
    dispatch: &'a Dispatch,
    kind: EventType,
    data: Value,
}

/// The pushes `change` causes.
///
/// Errors: database failures reading the registry, the counter, the attachments or the
/// calendar.
pub async fn plan(state: &AppState, change: Change<'_>) -> ApiResult<Planned> {
    let wanted = wanted(change);
    if wanted.is_empty() {
        return Ok(Planned::default());
    }
    let doc = change.after;
    let mut seq = store::counter(&state.db, &doc.key).await?;
    let ctx = Snapshot::load(state, change).await?;
    let now_ms = change.now.as_millisecond();
    let max_attempts = state.config.open_push.max_attempts;
    let mut rows = Vec::new();
    for w in wanted {
        let unit = w.dispatch.unit.as_str();
        let node = w.dispatch.node.as_str();
        let system = match super::super::target(state, unit, &doc.type_code).await? {
            Some(t) => Some((t.system_id, t.name)),
            None => store::last_system(&state.db, &doc.key, node).await?,
        };
        let Some((system, system_name)) = system else {
            tracing::warn!(matter = %doc.key, node, unit, event = w.kind.as_str(),
                "no external system to push to; event dropped");
            continue;
        };
        seq += 1;
        let key = uuid::Uuid::now_v7().to_string();
        let data = match w.kind {
            EventType::DispatchCreated | EventType::DispatchResubmitted => {
                ctx.data(w.dispatch, w.kind)
            }
            EventType::DispatchWithdrawn | EventType::MatterVoided | EventType::DispatchUrged => {
                w.data
            }
        };
        let event = api::Event {
            id: key.clone(),
            kind: w.kind,
            seq,
            occurred_at: fmt_ts(change.now),
            matter: ctx.matter.clone(),
            dispatch: ctx.dispatch_ref(w.dispatch),
            data,
        };
        rows.push(PushRow {
            sk: format!("{now_ms:013}:{key}"),
            key,
            matter: doc.key.clone(),
            matter_no: ctx.matter.number.clone(),
            node: node.to_owned(),
            system,
            system_name,
            unit: unit.to_owned(),
            event_type: w.kind.as_str().to_owned(),
            seq,
            event: json!(event),
            status: PushStatus::Pending,
            queued: true,
            attempts: 0,
            max_attempts,
            next_at: now_ms,
            last_error: None,
            history: Vec::new(),
            claim: None,
            claimed_by: None,
            created_ms: now_ms,
            updated_ms: now_ms,
            sent_ms: None,
        });
    }
    let counter = (!rows.is_empty()).then(|| (doc.key.clone(), seq));
    Ok(Planned { rows, counter })
}

/// The pushes of `change`, in event order.
fn wanted(change: Change<'_>) -> Vec<Wanted<'_>> {
    let after = &change.after.state;
    let external =
        |node: &lianban_definition::NodeId| after.dispatch(node).filter(|d| d.is_external());
    let mut out = Vec::new();
    let mut voided = false;
    for event in change.events {
        let (node, kind, data) = match event {
            Event::Dispatched {
                dispatch,
                external: true,
                ..
            } => (dispatch, EventType::DispatchCreated, Value::Null),
            Event::Resubmitted { dispatch, .. } => {
                (dispatch, EventType::DispatchResubmitted, Value::Null)
            }
            Event::Urged {
                dispatch, message, ..
            } => (
                dispatch,
                EventType::DispatchUrged,
                json!({ "reason": message }),
            ),
            Event::Voided { reason } => {
                voided = true;
                for d in cancelled(change) {
                    out.push(Wanted {
                        dispatch: d,
                        kind: EventType::MatterVoided,
                        data: json!({ "reason": reason }),
                    });
                }
                continue;
            }
            _ => continue,
        };
        if let Some(dispatch) = external(node) {
            out.push(Wanted {
                dispatch,
                kind,
                data,
            });
        }
    }
    if !voided {
        for d in cancelled(change) {
            out.push(Wanted {
                dispatch: d,
                kind: EventType::DispatchWithdrawn,
                data: json!({}),
            });
        }
    }
    out
}

/// The external dispatches the command cancelled (they were active or returned before).
fn cancelled(change: Change<'_>) -> impl Iterator<Item = &Dispatch> {
    change.after.state.dispatches.iter().filter(move |d| {
        d.is_external()
            && d.status == DispatchStatus::Cancelled
            && change.before.state.dispatch(&d.node).is_some_and(|b| {
                matches!(b.status, DispatchStatus::Active | DispatchStatus::Returned)
            })
    })
}

/// What the payloads are built from: read once per command.
struct Snapshot<'a> {
    change: Change<'a>,
    matter: api::MatterRef,
    attachments: Vec<crate::files::AttachmentRow>,
    due: crate::deadline::Views,
}

impl<'a> Snapshot<'a> {
    async fn load(state: &AppState, change: Change<'a>) -> ApiResult<Self> {
        let doc = change.after;
        let st = &doc.state;
        let initiator_unit = st.initiator_unit.to_string();
        let matter = api::MatterRef {
            number: doc.number.clone().unwrap_or_default(),
            title: doc.title.clone(),
            type_code: doc.type_code.clone(),
            type_name: doc.type_name.clone(),
            initiator_unit_name: change.names.unit(&initiator_unit),
            initiator_unit,
            initiator_name: change.names.user(st.initiator.as_str()),
        };
        let attachments = crate::files::list_for_matter(state, &doc.key).await?;
        let calendar = state.calendar.get(&state.db).await?;
        let due = crate::deadline::views(change.def, doc, &calendar, change.now);
        Ok(Self {
            change,
            matter,
            attachments,
            due,
        })
    }

    fn dispatch_ref(&self, d: &Dispatch) -> api::DispatchRef {
        api::DispatchRef {
            node: d.node.to_string(),
            unit: d.unit.to_string(),
            name: d.name.clone(),
            due_at: self
                .due
                .dispatches
                .get(d.node.as_str())
                .and_then(|v| v.due_at.clone()),
            round: d.rounds,
        }
    }

    /// The data of `dispatch.created` / `dispatch.resubmitted`: what the unit may see.
    fn data(&self, d: &Dispatch, kind: EventType) -> Value {
        let (doc, def) = (self.change.after, self.change.def);
        let hidden: BTreeSet<String> =
            crate::matter::access::hidden_fields_for_unit(doc, def, d.unit.as_str());
        let values: serde_json::Map<String, Value> = doc
            .state
            .values
            .iter()
            .filter(|(k, _)| !hidden.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let form = def
            .form
            .fields
            .iter()
            .filter(|f| !hidden.contains(f.key.as_str()))
            .map(|f| api::FormField {
                key: f.key.to_string(),
                label: f.label.clone(),
                kind: json!(f.kind)["type"].as_str().unwrap_or("text").to_owned(),
            })
            .collect();
        let referenced = |id: &str| {
            values.values().any(|v| match v {
                Value::String(s) => s == id,
                Value::Array(items) => items.iter().any(|i| i.as_str() == Some(id)),
                _ => false,
            })
        };
        let materials = self
            .attachments
            .iter()
            .filter(|a| !hidden.contains(&a.field) && referenced(&a.key))
            .map(|a| api::Material {
                id: a.key.clone(),
                field: a.field.clone(),
                filename: a.filename.clone(),
                size: a.size.max(0) as u64,
                sm3: a.sm3.clone(),
                url: String::new(),
                expires_at: String::new(),
            })
            .collect();
        let returned_reason = match kind {
            EventType::DispatchResubmitted => d.returned.as_ref().map(|r| r.reason.clone()),
            _ => None,
        };
        json!(api::DispatchData {
            values: Value::Object(values),
            form,
            materials,
            returned_reason,
        })
    }
}
