//! 签收: a candidate takes an open task, so the rest of the pool no longer sees it.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{MatterState, TaskId, TaskStatus};
use crate::tasks::{require_handling, task_index};

const ACTION: &str = "签收";

/// Claims open task `id` for the actor: assignee set, status Claimed, emits `Claimed`.
///
/// Errors: `WrongStatus` unless the matter is Running or Returned; `TaskNotFound`; `TaskTaken`
/// when the task is not open (claimed, finished or cancelled); `NotCandidate` when the actor
/// may not take it.
pub(crate) fn apply(state: &MatterState, id: TaskId, ctx: &Ctx<'_>) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let index = task_index(state, id)?;
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let task = &mut t.state.tasks[index];
    match task.status {
        TaskStatus::Open => {}
        TaskStatus::Claimed | TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled => {
            return Err(RuntimeError::TaskTaken(id));
        }
    }
    if !task.candidates.admits(ctx.actor) {
        return Err(RuntimeError::NotCandidate(id));
    }
    task.status = TaskStatus::Claimed;
    task.assignee = Some(ctx.actor.user.clone());
    t.events.push(Event::Claimed {
        task: id,
        by: ctx.actor.user.clone(),
    });
    Ok(t)
}

#[cfg(test)]
mod tests;
