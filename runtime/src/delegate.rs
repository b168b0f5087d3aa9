//! 委派: the person holding a task asks someone else to act on it; when the delegate has acted
//! (同意 with an opinion), the task comes back to the delegator, who decides.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, MatterState, TaskId};
use crate::tasks::{NewTask, create_task, find_node, held_task, require_handling};
use lianban_definition::UserName;
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "委派";

/// Delegates task `id` to `to`: the old task is cancelled (opinion records the delegation) and
/// `to` gets a task for the same step marked as delegated by the actor. Emits `Delegated`,
/// `TasksCancelled`, `TaskCreated`.
///
/// Errors: `WrongStatus`; `Suspended`; `TaskNotFound`; `TaskTaken`; `NotCandidate` (see
/// [`held_task`]); `NotAllowed` when the node does not allow delegation or the task is itself
/// delegated; `TransferToSelf` when `to` is the actor.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    to: &UserName,
    note: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let task = held_task(state, id, ctx)?;
    let node = find_node(&def.flow.nodes, &task.dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(task.dispatch.clone()))?;
    if task.delegated_by.is_some() || node.rights().is_some_and(|r| !r.ops.delegate) {
        return Err(RuntimeError::NotAllowed {
            node: node.id().clone(),
            name: node.name().to_owned(),
            action: ACTION,
        });
    }
    if to == &ctx.actor.user {
        return Err(RuntimeError::TransferToSelf);
    }
    let note = note.trim().to_owned();
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let (dispatch, step, name) = (task.dispatch.clone(), task.step, task.name.clone());
    if let Some(old) = t.state.tasks.iter_mut().find(|x| x.id == id) {
        old.status = crate::state::TaskStatus::Cancelled;
        old.finished_at = Some(ctx.now);
        old.opinion = Some(format!("委派给{to}"));
    }
    t.events.push(Event::Delegated {
        task: id,
        from: ctx.actor.user.clone(),
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
    let created = create_task(&mut t, new, ctx.now);
    if let Some(task) = t.state.tasks.iter_mut().find(|x| x.id == created) {
        task.delegated_by = Some(ctx.actor.user.clone());
    }
    Ok(t)
}

#[cfg(test)]
mod tests;
