//! Bookkeeping shared by the commands: task numbering and creation, the handler check of
//! approve and return (with the implicit claim), cancellation, dispatch completion, and the
//! matter status that follows from the dispatches.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{
    Candidates, Dispatch, DispatchStatus, MatterState, MatterStatus, NodeRun, NodeStatus, Task,
    TaskId, TaskStatus,
};
use jiff::Timestamp;
use lianban_definition::NodeId;
use lianban_definition::flow::Node;

/// The number the next task gets: one more than the largest so far, starting at 1.
pub(crate) fn next_task_id(state: &MatterState) -> TaskId {
    TaskId(state.tasks.iter().map(|t| t.id.0).max().unwrap_or(0) + 1)
}

/// What a new task is for.
pub(crate) struct NewTask<'a> {
    /// Its dispatch.
    pub dispatch: &'a NodeId,
    /// The inner step index.
    pub step: usize,
    /// The step's name.
    pub name: &'a str,
    /// Who may take it.
    pub candidates: Candidates,
}

/// Creates an open task and emits `TaskCreated`.
pub(crate) fn create_task(t: &mut Transition, new: NewTask<'_>, now: Timestamp) -> TaskId {
    let id = next_task_id(&t.state);
    t.state.tasks.push(Task {
        id,
        dispatch: new.dispatch.clone(),
        step: new.step,
        name: new.name.to_owned(),
        candidates: new.candidates.clone(),
        assignee: None,
        status: TaskStatus::Open,
        created_at: now,
        finished_at: None,
        opinion: None,
    });
    t.events.push(Event::TaskCreated {
        task: id,
        dispatch: new.dispatch.clone(),
        name: new.name.to_owned(),
        candidates: new.candidates,
    });
    id
}

/// Refuses a task command unless the matter is running or returned.
pub(crate) fn require_handling(state: &MatterState, action: &'static str) -> RuntimeResult<()> {
    match state.status {
        MatterStatus::Running | MatterStatus::Returned => Ok(()),
        MatterStatus::Draft
        | MatterStatus::Completed
        | MatterStatus::Closed
        | MatterStatus::Voided => Err(RuntimeError::WrongStatus {
            status: state.status,
            action,
        }),
    }
}

/// Makes sure the actor may decide task `id` (approve or return it) and returns its index.
/// An open task is claimed on the way (emits `Claimed`) when the actor is a candidate.
///
/// Errors: `TaskNotFound`; `NotCandidate` when the actor may not take it; `TaskTaken` when
/// another candidate claimed it or it is already finished.
pub(crate) fn take_for_decision(
    t: &mut Transition,
    id: TaskId,
    ctx: &Ctx<'_>,
) -> RuntimeResult<usize> {
    let index = task_index(&t.state, id)?;
    let task = &mut t.state.tasks[index];
    match task.status {
        TaskStatus::Open => {
            if !task.candidates.admits(ctx.actor) {
                return Err(RuntimeError::NotCandidate(id));
            }
            task.status = TaskStatus::Claimed;
            task.assignee = Some(ctx.actor.user.clone());
            t.events.push(Event::Claimed {
                task: id,
                by: ctx.actor.user.clone(),
            });
        }
        TaskStatus::Claimed => {
            if task.assignee.as_ref() != Some(&ctx.actor.user) {
                return Err(if task.candidates.admits(ctx.actor) {
                    RuntimeError::TaskTaken(id)
                } else {
                    RuntimeError::NotCandidate(id)
                });
            }
        }
        TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled => {
            return Err(RuntimeError::TaskTaken(id));
        }
    }
    Ok(index)
}

/// The index of task `id`, or `TaskNotFound`.
pub(crate) fn task_index(state: &MatterState, id: TaskId) -> RuntimeResult<usize> {
    state
        .tasks
        .iter()
        .position(|t| t.id == id)
        .ok_or(RuntimeError::TaskNotFound(id))
}

/// The dispatch of `node`, mutable, or `DispatchNotFound`.
pub(crate) fn dispatch_mut<'s>(
    state: &'s mut MatterState,
    node: &NodeId,
) -> RuntimeResult<&'s mut Dispatch> {
    state
        .dispatches
        .iter_mut()
        .find(|d| &d.node == node)
        .ok_or_else(|| RuntimeError::DispatchNotFound(node.clone()))
}

/// Cancels the pending tasks of `dispatch` (every dispatch when `None`) except `keep`, and emits
/// `TasksCancelled` when there were any.
pub(crate) fn cancel_pending(
    t: &mut Transition,
    dispatch: Option<&NodeId>,
    keep: Option<TaskId>,
    now: Timestamp,
) {
    let mut cancelled = Vec::new();
    for task in &mut t.state.tasks {
        let pending = matches!(task.status, TaskStatus::Open | TaskStatus::Claimed);
        let in_scope = dispatch.is_none_or(|d| &task.dispatch == d);
        if pending && in_scope && Some(task.id) != keep {
            task.status = TaskStatus::Cancelled;
            task.finished_at = Some(now);
            cancelled.push(task.id);
        }
    }
    if !cancelled.is_empty() {
        t.events.push(Event::TasksCancelled { tasks: cancelled });
    }
}

/// Finishes dispatch `node`: status Completed, its node Done; emits `DispatchCompleted`.
pub(crate) fn complete_dispatch(
    t: &mut Transition,
    node: &NodeId,
    now: Timestamp,
) -> RuntimeResult<()> {
    let dispatch = dispatch_mut(&mut t.state, node)?;
    dispatch.status = DispatchStatus::Completed;
    dispatch.finished_at = Some(now);
    let unit = dispatch.unit.clone();
    t.state.nodes.insert(
        node.clone(),
        NodeRun {
            status: NodeStatus::Done,
            branch: None,
        },
    );
    t.events.push(Event::DispatchCompleted {
        dispatch: node.clone(),
        unit,
    });
    Ok(())
}

/// Puts a handled matter back to Returned when any dispatch is still returned, else Running.
/// Other statuses (e.g. Completed, set by the walker) are left alone.
pub(crate) fn settle_status(state: &mut MatterState) {
    match state.status {
        MatterStatus::Running | MatterStatus::Returned => {
            let returned = state
                .dispatches
                .iter()
                .any(|d| d.status == DispatchStatus::Returned);
            state.status = if returned {
                MatterStatus::Returned
            } else {
                MatterStatus::Running
            };
        }
        MatterStatus::Draft
        | MatterStatus::Completed
        | MatterStatus::Closed
        | MatterStatus::Voided => {}
    }
}

/// The node with this id anywhere in the tree.
pub(crate) fn find_node<'d>(nodes: &'d [Node], id: &NodeId) -> Option<&'d Node> {
    nodes.iter().find_map(|node| {
        if node.id() == id {
            return Some(node);
        }
        match node {
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => None,
            Node::Parallel { branches, .. } => {
                branches.iter().find_map(|b| find_node(&b.nodes, id))
            }
            Node::Condition {
                branches, default, ..
            } => branches
                .iter()
                .find_map(|b| find_node(&b.nodes, id))
                .or_else(|| find_node(&default.nodes, id)),
        }
    })
}

/// Whether the actor is the initiator, or an administrator when `admin_ok`.
pub(crate) fn is_initiator(state: &MatterState, ctx: &Ctx<'_>, admin_ok: bool) -> bool {
    ctx.actor.user == state.initiator || (admin_ok && ctx.actor.admin)
}
