//! 办结: the initiator (or an administrator) closes a matter whose nodes have all finished.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{MatterState, MatterStatus};
use crate::tasks::is_initiator;

const ACTION: &str = "办结";

/// Closes a Completed matter: status Closed, `ended_at` set, emits `Closed` with the opinion.
///
/// Errors: `WrongStatus` unless Completed; `NotInitiator` unless the initiator or an admin.
pub(crate) fn apply(
    state: &MatterState,
    opinion: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match state.status {
        MatterStatus::Completed => {}
        MatterStatus::Draft
        | MatterStatus::Running
        | MatterStatus::Returned
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
    let mut state = state.clone();
    state.status = MatterStatus::Closed;
    state.ended_at = Some(ctx.now);
    Ok(Transition {
        state,
        events: vec![Event::Closed {
            opinion: opinion.trim().to_owned(),
        }],
    })
}

#[cfg(test)]
mod tests;
