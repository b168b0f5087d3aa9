//! 撤回: the handler takes back their last approval while the next handlers have not acted —
//! in fact while nothing at all has happened on the matter since (any other command ends the
//! chance). Everything the approval set in motion is undone and the handler holds the task again.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, DispatchStatus, MatterState, MatterStatus, TaskId, TaskStatus};
use crate::tasks::{NewTask, create_task, find_node};
use lianban_definition::matter_type::MatterTypeDef;

/// Withdraws the approval of task `id`: the tasks it created are cancelled (`TasksCancelled`),
/// node runs, dispatches, values, copies and the matter status return to what they were before
/// it (dispatches it opened become Cancelled), and the approver gets a new task at the same step
/// (`Withdrawn`, then `TaskCreated`).
///
/// Errors: `Suspended`; `WrongStatus` when closed or voided; `CannotWithdraw` when the task is
/// not the last approval, someone else approved it, anything has happened since, or the
/// approval handed a dispatch to a unit's own system (受办分离).
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    const ACTION: &str = "撤回";
    if state.suspended.is_some() {
        return Err(RuntimeError::Suspended { action: ACTION });
    }
    match state.status {
        MatterStatus::Running | MatterStatus::Returned | MatterStatus::Completed => {}
        MatterStatus::Draft | MatterStatus::Closed | MatterStatus::Voided => {
            return Err(RuntimeError::WrongStatus {
                status: state.status,
                action: ACTION,
            });
        }
    }
    let last = state
        .last_approval
        .as_deref()
        .filter(|l| l.task == id)
        .ok_or(RuntimeError::CannotWithdraw(
            "只能撤回最近一次的同意，且之后办件上没有任何其他操作",
        ))?;
    if last.by != ctx.actor.user {
        return Err(RuntimeError::CannotWithdraw("只有同意的人本人可以撤回"));
    }
    let task = state.task(id).ok_or(RuntimeError::TaskNotFound(id))?;
    let untouched = last.created.iter().all(|c| {
        state
            .task(*c)
            .is_some_and(|t| t.status == TaskStatus::Open && t.assignee.is_none())
    });
    if !untouched {
        return Err(RuntimeError::CannotWithdraw(
            "下一环节已经开始办理，不能撤回",
        ));
    }
    // A dispatch the approval handed to a unit's own system has left Lianban (the server
    // pushed it there); it cannot be called back.
    let pushed = state.dispatches.iter().any(|d| {
        d.is_external()
            && d.status == DispatchStatus::Active
            && last
                .dispatches_before
                .iter()
                .find(|b| b.node == d.node)
                .is_none_or(|b| b.status != DispatchStatus::Active)
    });
    if pushed {
        return Err(RuntimeError::CannotWithdraw(
            "下一环节已推送至单位自有系统办理，不能撤回",
        ));
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    for created in &last.created {
        if let Some(c) = t.state.tasks.iter_mut().find(|x| x.id == *created) {
            c.status = TaskStatus::Cancelled;
            c.finished_at = Some(ctx.now);
        }
    }
    t.state.nodes = last.runs_before.clone();
    for d in &mut t.state.dispatches {
        match last.dispatches_before.iter().find(|b| b.node == d.node) {
            Some(before) => *d = before.clone(),
            None => {
                d.status = DispatchStatus::Cancelled;
                d.finished_at = Some(ctx.now);
            }
        }
    }
    t.state.values = last.values_before.clone();
    t.state.cc.truncate(last.cc_before);
    t.state.status = last.status_before;
    t.state.last_approval = None;
    t.events.push(Event::Withdrawn {
        task: id,
        by: ctx.actor.user.clone(),
    });
    if !last.created.is_empty() {
        t.events.push(Event::TasksCancelled {
            tasks: last.created.clone(),
        });
    }
    // The node must still exist in the definition the matter runs.
    find_node(&def.flow.nodes, &task.dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(task.dispatch.clone()))?;
    let new = NewTask {
        dispatch: &task.dispatch,
        step: task.step,
        name: &task.name,
        candidates: Candidates::Users {
            users: vec![ctx.actor.user.clone()],
        },
    };
    create_task(&mut t, new, ctx.now);
    Ok(t)
}

#[cfg(test)]
mod tests;
