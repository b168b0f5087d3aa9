//! 重新提交: the initiator sends corrected values back to one returned dispatch only, at the
//! step that returned it. Other dispatches are untouched; chosen branches are not re-routed.

use crate::advance::{create_approver_tasks, seal_step};
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, DispatchStatus, MatterState, MatterStatus};
use crate::tasks::{NewTask, create_task, dispatch_mut, find_node, is_initiator, settle_status};
use lianban_definition::NodeId;
use lianban_definition::flow::Node;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "重新提交";

/// Resubmits to returned dispatch `node`: stores the new (already validated) values, emits
/// `Resubmitted` with the field-level changes and the note, makes the dispatch Active again
/// (`rounds` + 1) and creates its task(s) anew (`TaskCreated`): for a unit, one pool task at
/// the step that returned it; for an approver node, the node's tasks as on activation. The
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
    dispatch.status = DispatchStatus::Active;
    dispatch.rounds += 1;
    if let Some(returned) = &dispatch.returned {
        dispatch.step = returned.step;
    }
    let (unit, step) = (dispatch.unit.clone(), dispatch.step);
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
        Node::Unit { .. } | Node::Seal { .. } => {
            let seal;
            let steps = match definition {
                Node::Seal { name, post, .. } => {
                    seal = [seal_step(name, post)];
                    &seal[..]
                }
                Node::Unit { steps, .. } => &steps[..],
                _ => &[],
            };
            let step_def = steps
                .get(step)
                .ok_or_else(|| RuntimeError::DispatchNotFound(node.clone()))?;
            let new = NewTask {
                dispatch: node,
                step,
                name: &step_def.name,
                candidates: Candidates::Pool {
                    unit,
                    post: step_def.post.clone(),
                },
            };
            create_task(&mut t, new, ctx.now);
        }
        Node::Approver { .. } => create_approver_tasks(definition, step, &mut t, ctx)?,
        Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            return Err(RuntimeError::DispatchNotFound(node.clone()));
        }
    }
    settle_status(&mut t.state);
    Ok(t)
}

#[cfg(test)]
mod tests;
