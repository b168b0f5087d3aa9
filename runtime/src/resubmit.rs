//! 重新提交: the initiator sends corrected values back to one returned dispatch only, at the
//! step that returned it. Other dispatches are untouched; chosen branches are not re-routed.

use crate::approve::reopen_at;
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{DispatchStatus, MatterState, MatterStatus};
use crate::tasks::{dispatch_mut, find_node, is_initiator, settle_status};
use lianban_definition::NodeId;
use lianban_definition::flow::Node;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "重新提交";

/// Resubmits to returned dispatch `node`: stores the new (already validated) values, emits
/// `Resubmitted` with the field-level changes and the note, makes the dispatch Active again
/// (`rounds` + 1) and creates its task(s) anew (`TaskCreated`): for a unit or seal, one pool
/// task at the step that returned it (the first step when the node re-runs after returns);
/// for an approver node, the node's tasks as on activation. The dispatch's paused clock runs
/// again. The
/// matter stays Returned while another dispatch is returned, else becomes Running.
///
/// Errors: `WrongStatus` unless Returned; `NotInitiator`; `DispatchNotFound`;
/// `DispatchWrongStatus` unless the dispatch is Returned.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    node: &NodeId,
    values: &FormValues,
    note: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match state.status {
        MatterStatus::Returned => {}
        MatterStatus::Draft
        | MatterStatus::Running
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
        events: Vec::new(),
    };
    let dispatch = dispatch_mut(&mut t.state, node)?;
    match dispatch.status {
        DispatchStatus::Returned => {}
        DispatchStatus::Active | DispatchStatus::Completed | DispatchStatus::Cancelled => {
            return Err(RuntimeError::DispatchWrongStatus {
                dispatch: node.clone(),
                action: ACTION,
            });
        }
    }
    if !dispatch.awaits_initiator() {
        return Err(RuntimeError::DispatchWrongStatus {
            dispatch: node.clone(),
            action: ACTION,
        });
    }
    dispatch.status = DispatchStatus::Active;
    dispatch.rounds += 1;
    // Straight back to the returning step, or from the first step when the path re-runs.
    let step = match &mut dispatch.returned {
        Some(returned) => {
            returned.resumed_at = Some(ctx.now);
            if returned.rerun { 0 } else { returned.step }
        }
        None => 0,
    };
    if let Some(last) = dispatch.returns.last_mut() {
        last.resumed_at = Some(ctx.now);
    }
    for pause in &mut t.state.pauses {
        if pause.to.is_none() && pause.dispatch.as_ref() == Some(node) {
            pause.to = Some(ctx.now);
        }
    }
    let changes = def.form.diff(&state.values, values);
    t.state.values = values.clone();
    t.events.push(Event::Resubmitted {
        dispatch: node.clone(),
        changes,
        note: note.trim().to_owned(),
    });
    let definition = find_node(&def.flow.nodes, node)
        .ok_or_else(|| RuntimeError::DispatchNotFound(node.clone()))?;
    match definition {
        Node::Unit { .. } | Node::Seal { .. } | Node::Approver { .. } => {
            reopen_at(definition, &mut t, node, step, ctx)?;
        }
        Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            return Err(RuntimeError::DispatchNotFound(node.clone()));
        }
    }
    settle_status(&mut t.state);
    Ok(t)
}

#[cfg(test)]
mod tests;
