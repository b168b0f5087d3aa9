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
use std::collections::BTreeMap;

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
        delegated_by: None,
        added_before: false,
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
    if state.suspended.is_some() {
        return Err(RuntimeError::Suspended { action });
    }
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

/// Task `id` when the actor holds it: an open task they are a candidate for, or one they
/// claimed.
///
/// Errors: `TaskNotFound`; `TaskTaken` when finished or claimed by someone else;
/// `NotCandidate`.
pub(crate) fn held_task<'s>(
    state: &'s MatterState,
    id: TaskId,
    ctx: &Ctx<'_>,
) -> RuntimeResult<&'s Task> {
    let task = state.task(id).ok_or(RuntimeError::TaskNotFound(id))?;
    match task.status {
        TaskStatus::Open if task.candidates.admits(ctx.actor) => Ok(task),
        TaskStatus::Open => Err(RuntimeError::NotCandidate(id)),
        TaskStatus::Claimed if task.assignee.as_ref() == Some(&ctx.actor.user) => Ok(task),
        TaskStatus::Claimed if !task.candidates.admits(ctx.actor) => {
            Err(RuntimeError::NotCandidate(id))
        }
        TaskStatus::Claimed | TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled => {
            Err(RuntimeError::TaskTaken(id))
        }
    }
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
            let returned = state.dispatches.iter().any(|d| d.awaits_initiator());
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

/// Where each node sits in the tree: the index in its sequence, then (inside a branch node) the
/// branch index and the index in that branch's sequence, and so on. `[1, 0, 2]` is the third
/// node of the first branch of the second top-level node.
pub(crate) fn positions(nodes: &[Node]) -> BTreeMap<NodeId, Vec<usize>> {
    fn walk(nodes: &[Node], prefix: &[usize], out: &mut BTreeMap<NodeId, Vec<usize>>) {
        for (i, node) in nodes.iter().enumerate() {
            let mut here = prefix.to_vec();
            here.push(i);
            let branches: Vec<&[Node]> = match node {
                Node::Parallel { branches, .. } => {
                    branches.iter().map(|b| b.nodes.as_slice()).collect()
                }
                Node::Condition {
                    branches, default, ..
                } => branches
                    .iter()
                    .map(|b| b.nodes.as_slice())
                    .chain(std::iter::once(default.nodes.as_slice()))
                    .collect(),
                Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {
                    Vec::new()
                }
            };
            for (j, branch) in branches.into_iter().enumerate() {
                let mut inner = here.clone();
                inner.push(j);
                walk(branch, &inner, out);
            }
            out.insert(node.id().clone(), here);
        }
    }
    let mut out = BTreeMap::new();
    walk(nodes, &[], &mut out);
    out
}

/// Whether the node at position `a` runs before the node at `b`: at their first difference
/// they are in the same sequence and `a` comes first. Nodes in sibling branches, and a branch
/// node and the nodes inside it, are not ordered.
pub(crate) fn is_before(a: &[usize], b: &[usize]) -> bool {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(p) => p % 2 == 0 && a[p] < b[p],
        None => false,
    }
}

/// Who takes inner step `step` of the dispatch of `node`: a unit's step pool, a seal node's
/// keepers, or a 依次 node's signer; `None` when the node has no such step.
pub(crate) fn step_candidates(
    node: &Node,
    state: &MatterState,
    dispatch: &NodeId,
    step: usize,
) -> Option<Candidates> {
    let d = state.dispatch(dispatch)?;
    match node {
        Node::Unit { steps, .. } => steps.get(step).map(|s| Candidates::Pool {
            unit: d.unit.clone(),
            post: s.post.clone(),
        }),
        Node::Seal { post, .. } if step == 0 => Some(Candidates::Pool {
            unit: d.unit.clone(),
            post: post.clone(),
        }),
        Node::Approver { .. } => d.signers.get(step).cloned(),
        Node::Seal { .. } | Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            None
        }
    }
}

/// Whether the actor is the initiator, or an administrator when `admin_ok`.
pub(crate) fn is_initiator(state: &MatterState, ctx: &Ctx<'_>, admin_ok: bool) -> bool {
    ctx.actor.user == state.initiator || (admin_ok && ctx.actor.admin)
}
