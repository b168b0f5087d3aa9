//! 提交: the initiator submits a draft; the flow starts.

use crate::advance::advance;
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{MatterState, MatterStatus};
use crate::tasks::is_initiator;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "提交";

/// Submits a draft with its final (already validated) values: stores them, sets `submitted_at`,
/// status Running, emits `Submitted`, then walks the flow (dispatches, tasks, branch choices; a
/// flow with nothing to do completes at once).
///
/// Errors: `WrongStatus` unless Draft; `NotInitiator` for anyone but the initiator; `NoUnit` or
/// `Rule` from routing.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    values: &FormValues,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match state.status {
        MatterStatus::Draft => {}
        MatterStatus::Running
        | MatterStatus::Returned
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
    let mut t = Transition {
        state: state.clone(),
        events: vec![Event::Submitted],
    };
    t.state.values = values.clone();
    t.state.submitted_at = Some(ctx.now);
    t.state.status = MatterStatus::Running;
    advance(def, &mut t, ctx)?;
    Ok(t)
}

#[cfg(test)]
mod tests;
