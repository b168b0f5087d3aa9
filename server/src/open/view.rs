//! What a system sees: the matters of its unit ([`load_for`]) and their state as the SDK's
//! [`MatterState`] ([`matter_state`]).

use super::auth::Caller;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::matter::store::{self, MatterDoc};
use crate::matter::{fmt_ts, service, status_code};
use crate::worklist::Names;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{Dispatch, DispatchStatus};
use lianban_sdk::api::{DispatchRef, DispatchState, MatterRef, MatterState, StepRequest};

/// The matter numbered `number` with its definition, when the caller may see it: it exists, has
/// a dispatch to the caller's unit, and is of a type the system handles. Anything else is 404.
pub async fn load_for(
    state: &AppState,
    caller: &Caller,
    number: &str,
) -> ApiResult<(MatterDoc, MatterTypeDef)> {
    let key = store::key_by_number(&state.db, number)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let doc = store::load(&state.db, &key)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !sees(caller, &doc) {
        return Err(ApiError::not_found());
    }
    let def = service::definition_of(state, &doc).await?;
    Ok((doc, def))
}

/// Whether the caller may see `doc` (see [`load_for`]).
pub fn sees(caller: &Caller, doc: &MatterDoc) -> bool {
    caller.handles(&doc.type_code)
        && doc
            .state
            .dispatches
            .iter()
            .any(|d| d.unit.as_str() == caller.unit)
}

/// `doc` as `unit` sees it: the matter, its status, and the unit's dispatches with their
/// acknowledgement, reference and the steps of their current round.
pub async fn matter_state(
    state: &AppState,
    def: &MatterTypeDef,
    doc: &MatterDoc,
    unit: &str,
) -> ApiResult<MatterState> {
    let names = Names::load(state, doc).await?;
    let deadlines = crate::deadline::page_views(state, def, doc).await?;
    let st = &doc.state;
    let dispatches = st
        .dispatches
        .iter()
        .filter(|d| d.unit.as_str() == unit)
        .map(|d| {
            let due_at = deadlines
                .dispatches
                .get(d.node.as_str())
                .and_then(|v| v.due_at.clone());
            dispatch_state(d, due_at)
        })
        .collect();
    Ok(MatterState {
        matter: MatterRef {
            number: doc.number.clone().unwrap_or_default(),
            title: doc.title.clone(),
            type_code: doc.type_code.clone(),
            type_name: doc.type_name.clone(),
            initiator_unit: st.initiator_unit.to_string(),
            initiator_unit_name: names.unit(st.initiator_unit.as_str()),
            initiator_name: names.user(st.initiator.as_str()),
        },
        status: status_code(st.status).to_owned(),
        dispatches,
    })
}

fn dispatch_state(d: &Dispatch, due_at: Option<String>) -> DispatchState {
    let external = d.external.as_ref();
    DispatchState {
        dispatch: DispatchRef {
            node: d.node.to_string(),
            unit: d.unit.to_string(),
            name: d.name.clone(),
            due_at,
            round: d.rounds,
        },
        status: dispatch_status(d.status).to_owned(),
        acked: external.is_some_and(|x| x.acked_at.is_some()),
        external_ref: external.and_then(|x| x.external_ref.clone()),
        steps: external
            .map(|x| {
                x.steps
                    .iter()
                    .filter(|s| s.round == d.rounds)
                    .map(|s| StepRequest {
                        name: s.name.clone(),
                        handler: s.handler.clone(),
                        at: fmt_ts(s.at),
                        opinion: s.opinion.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// A dispatch's status as the open API names it (`pending` while the unit handles it).
pub fn dispatch_status(status: DispatchStatus) -> &'static str {
    match status {
        DispatchStatus::Active => "pending",
        DispatchStatus::Returned => "returned",
        DispatchStatus::Completed => "completed",
        DispatchStatus::Cancelled => "cancelled",
    }
}
