//! 退回: the handler returns a dispatch to the initiator with a reason. Only that dispatch
//! waits; the other dispatches of the matter carry on.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{DispatchStatus, MatterState, MatterStatus, ReturnInfo, TaskId, TaskStatus};
use crate::tasks::{cancel_pending, dispatch_mut, find_node, require_handling, take_for_decision};
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "退回";

/// Returns the dispatch of task `id`: the task becomes Returned with the reason as its opinion;
/// the dispatch becomes Returned with a [`ReturnInfo`] naming the task's step (resubmission goes
/// straight back there); the dispatch's other pending tasks (other signers of a 会签 node) are
/// cancelled. An open task is claimed implicitly by a candidate. Emits `Claimed` (implicit
/// claim), `Returned`, then `TasksCancelled` if any. The matter becomes Returned.
///
/// Errors: `WrongStatus` unless Running or Returned; `NotAllowed` when the node does not allow
/// returns; `Missing` for a blank reason;
/// `TaskNotFound`; `NotCandidate`; `TaskTaken`.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    reason: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    if let Some(task) = state.task(id)
        && let Some(node) = find_node(&def.flow.nodes, &task.dispatch)
        && node.rights().is_some_and(|r| !r.ops.can_return)
    {
        return Err(RuntimeError::NotAllowed {
            node: node.id().clone(),
            name: node.name().to_owned(),
            action: ACTION,
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RuntimeError::Missing {
            what: "退回理由"
        });
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let index = take_for_decision(&mut t, id, ctx)?;
    let task = &mut t.state.tasks[index];
    task.status = TaskStatus::Returned;
    task.finished_at = Some(ctx.now);
    task.opinion = Some(reason.to_owned());
    let (node, step) = (task.dispatch.clone(), task.step);
    let dispatch = dispatch_mut(&mut t.state, &node)?;
    dispatch.status = DispatchStatus::Returned;
    dispatch.returned = Some(ReturnInfo {
        step,
        reason: reason.to_owned(),
        by: ctx.actor.user.clone(),
        at: ctx.now,
    });
    t.events.push(Event::Returned {
        dispatch: node.clone(),
        task: id,
        by: ctx.actor.user.clone(),
        reason: reason.to_owned(),
    });
    cancel_pending(&mut t, Some(&node), None, ctx.now);
    t.state.status = MatterStatus::Returned;
    Ok(t)
}

#[cfg(test)]
mod tests;
