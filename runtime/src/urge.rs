//! 催办: the initiator nudges a unit that is working on the matter, at most once an hour per
//! dispatch.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{DispatchStatus, MatterState, MatterStatus};
use crate::tasks::{dispatch_mut, is_initiator};
use jiff::SignedDuration;
use lianban_definition::NodeId;

const ACTION: &str = "催办";

/// The least time between two urges of one dispatch.
pub(crate) const URGE_INTERVAL: SignedDuration = SignedDuration::from_hours(1);

/// Urges active dispatch `node`: sets its `last_urged_at`, emits `Urged` with its unit and the
/// message (the server turns it into a notification).
///
/// Errors: `WrongStatus` unless Running or Returned; `NotInitiator`; `DispatchNotFound`;
/// `DispatchWrongStatus` unless the dispatch is Active; `UrgedTooOften` when it was urged less
/// than an hour ago.
pub(crate) fn apply(
    state: &MatterState,
    node: &NodeId,
    message: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
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
    if !is_initiator(state, ctx, false) {
        return Err(RuntimeError::NotInitiator { action: ACTION });
    }
    let mut state = state.clone();
    let dispatch = dispatch_mut(&mut state, node)?;
    match dispatch.status {
        DispatchStatus::Active => {}
        DispatchStatus::Returned | DispatchStatus::Completed | DispatchStatus::Cancelled => {
            return Err(RuntimeError::DispatchWrongStatus {
                dispatch: node.clone(),
                action: ACTION,
            });
        }
    }
    if let Some(last) = dispatch.last_urged_at
        && ctx.now.duration_since(last) < URGE_INTERVAL
    {
        return Err(RuntimeError::UrgedTooOften {
            dispatch: node.clone(),
        });
    }
    dispatch.last_urged_at = Some(ctx.now);
    let unit = dispatch.unit.clone();
    Ok(Transition {
        state,
        events: vec![Event::Urged {
            dispatch: node.clone(),
            unit,
            message: message.trim().to_owned(),
        }],
    })
}

#[cfg(test)]
mod tests;
