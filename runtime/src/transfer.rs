//! 转办: the person holding a task hands it to someone else, where the node allows it. The old
//! task is cancelled and the new person gets a task for the same step, so work lists, 会签
//! counts and 依次 order carry on unchanged.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, MatterState, TaskId, TaskStatus};
use crate::tasks::{NewTask, create_task, find_node, require_handling, task_index};
use lianban_definition::UserName;
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "转办";

/// Transfers task `id` to `to` with a note. The actor must hold the task: its assignee when
/// claimed, a candidate when open, or an administrator (reassignment). Emits `Transferred`,
/// then `TasksCancelled` (the old task, whose opinion records the transfer) and `TaskCreated`
/// (a task for `to` alone at the same step).
///
/// Errors: `WrongStatus` unless Running or Returned; `TaskNotFound`; `TaskTaken` when the task
/// is finished or claimed by someone else; `NotCandidate`; `NotAllowed` when the node does not
/// allow transfers (an administrator reassigning a task they do not hold is not bound by that)
/// or the task is delegated; `TransferToSelf` when `to` is the actor or already holds it.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    to: &UserName,
    note: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let index = task_index(state, id)?;
    let task = &state.tasks[index];
    let holds = match task.status {
        TaskStatus::Open => task.candidates.admits(ctx.actor),
        TaskStatus::Claimed => task.assignee.as_ref() == Some(&ctx.actor.user),
        TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled => {
            return Err(RuntimeError::TaskTaken(id));
        }
    };
    if !holds && !ctx.actor.admin {
        return Err(if task.status == TaskStatus::Claimed {
            RuntimeError::TaskTaken(id)
        } else {
            RuntimeError::NotCandidate(id)
        });
    }
    let node = find_node(&def.flow.nodes, &task.dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(task.dispatch.clone()))?;
    // An administrator's reassignment (改派, e.g. the handler is away) overrides the node's
    // 转办 setting; a delegated task still goes back to its delegator, so it is never passed on.
    let reassigning = !holds && ctx.actor.admin;
    let forbidden = node.rights().is_some_and(|r| !r.ops.transfer) && !reassigning;
    if task.delegated_by.is_some() || forbidden {
        return Err(RuntimeError::NotAllowed {
            node: node.id().clone(),
            name: node.name().to_owned(),
            action: ACTION,
        });
    }
    let already = task.assignee.as_ref() == Some(to)
        || task.candidates
            == (Candidates::Users {
                users: vec![to.clone()],
            });
    if to == &ctx.actor.user || already {
        return Err(RuntimeError::TransferToSelf);
    }
    // In a 会签 node one person signs once: not to someone who already holds another task there.
    let signs_there = state.pending_tasks().any(|t| {
        t.id != id
            && t.dispatch == task.dispatch
            && (t.assignee.as_ref() == Some(to)
                || t.candidates
                    == (Candidates::Users {
                        users: vec![to.clone()],
                    }))
    });
    if signs_there {
        return Err(RuntimeError::BadSigners("对方已在本节点审批，不能转办给他"));
    }
    let note = note.trim().to_owned();
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let from = task
        .assignee
        .clone()
        .unwrap_or_else(|| ctx.actor.user.clone());
    let (dispatch, step, name) = (task.dispatch.clone(), task.step, task.name.clone());
    let old = &mut t.state.tasks[index];
    old.status = TaskStatus::Cancelled;
    old.finished_at = Some(ctx.now);
    old.opinion = Some(if note.is_empty() {
        format!("转办给{to}")
    } else {
        format!("转办给{to}：{note}")
    });
    t.events.push(Event::Transferred {
        task: id,
        from,
        to: to.clone(),
        note,
    });
    t.events.push(Event::TasksCancelled { tasks: vec![id] });
    let new = NewTask {
        dispatch: &dispatch,
        step,
        name: &name,
        candidates: Candidates::Users {
            users: vec![to.clone()],
        },
    };
    create_task(&mut t, new, ctx.now);
    Ok(t)
}

#[cfg(test)]
mod tests;
