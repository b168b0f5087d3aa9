//! 作废: the initiator (or an administrator) voids a submitted matter before any handler has
//! acted on it. Drafts are deleted, not voided.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{DispatchStatus, MatterState, MatterStatus};
use crate::tasks::{cancel_pending, is_initiator};

const ACTION: &str = "作废";

/// Voids a Running or Returned matter nobody has started: every pending task is cancelled
/// (`TasksCancelled`), every active or returned dispatch becomes Cancelled, the matter Voided
/// with `ended_at`; emits `Voided` with the reason last.
///
/// Errors: `WrongStatus` unless Running or Returned; `NotInitiator` unless the initiator or an
/// admin; `Missing` for a blank reason; `AlreadyStarted` once a task was claimed or decided.
pub(crate) fn apply(state: &MatterState, reason: &str, ctx: &Ctx<'_>) -> RuntimeResult<Transition> {
    match state.status {
        MatterStatus::Running | MatterStatus::Returned => {}
        MatterStatus::Draft
        | MatterStatus::Completed
        | MatterStatus::Closed
        | MatterStatus::Voided => {
            return Err(RuntimeError::WrongStatus {
                status: state.status,
                action: ACTION,
            });
        }
    }
    if !is_initiator(state, ctx, true) {
        return Err(RuntimeError::NotInitiator { action: ACTION });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RuntimeError::Missing {
            what: "作废理由"
        });
    }
    if state.started() {
        return Err(RuntimeError::AlreadyStarted);
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    cancel_pending(&mut t, None, None, ctx.now);
    for dispatch in &mut t.state.dispatches {
        match dispatch.status {
            DispatchStatus::Active | DispatchStatus::Returned => {
                dispatch.status = DispatchStatus::Cancelled;
            }
            DispatchStatus::Completed | DispatchStatus::Cancelled => {}
        }
    }
    t.state.status = MatterStatus::Voided;
    t.state.ended_at = Some(ctx.now);
    t.events.push(Event::Voided {
        reason: reason.to_owned(),
    });
    Ok(t)
}

#[cfg(test)]
mod tests;
