//! What must hold after every accepted command, checked only through the public API.

use lianban_definition::NodeId;
use lianban_definition::flow::{Handling, Node};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{
    DispatchKind, DispatchStatus, Event, MatterState, MatterStatus, NodeStatus, ReturnTo,
    TaskStatus, Transition,
};
use std::collections::HashSet;

type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// Every invariant of one state.
pub fn state(def: &MatterTypeDef, s: &MatterState) -> Check {
    tasks(s)?;
    dispatches(s)?;
    status(def, s)?;
    tree(&def.flow.nodes, s)?;
    Ok(())
}

/// Task ids are 1, 2, 3 … in creation order, hence unique; pending tasks have live dispatches.
fn tasks(s: &MatterState) -> Check {
    for (i, t) in s.tasks.iter().enumerate() {
        ensure!(t.id.0 as usize == i + 1, "task #{i} has id {:?}", t.id);
        let d = s.dispatch(&t.dispatch);
        ensure!(d.is_some(), "task {:?} without dispatch", t.id);
        let pending = matches!(t.status, TaskStatus::Open | TaskStatus::Claimed);
        if pending {
            let open = t.status == TaskStatus::Open;
            ensure!(
                open == t.assignee.is_none(),
                "task {:?}: open iff unassigned",
                t.id
            );
        }
        ensure!(
            pending != t.finished_at.is_some(),
            "task {:?}: finished_at",
            t.id
        );
    }
    let ids: HashSet<_> = s.tasks.iter().map(|t| t.id).collect();
    ensure!(ids.len() == s.tasks.len(), "duplicate task ids");
    Ok(())
}

/// Each dispatch's pending tasks and node run agree with its status.
fn dispatches(s: &MatterState) -> Check {
    let nodes: HashSet<&NodeId> = s.dispatches.iter().map(|d| &d.node).collect();
    ensure!(nodes.len() == s.dispatches.len(), "duplicate dispatches");
    for d in &s.dispatches {
        let pending: Vec<_> = s.pending_tasks().filter(|t| t.dispatch == d.node).collect();
        let run = s.nodes.get(&d.node).map(|r| r.status);
        match d.status {
            DispatchStatus::Active => {
                ensure!(
                    run == Some(NodeStatus::Active),
                    "{}: active dispatch, node {run:?}",
                    d.node
                );
                match d.kind {
                    // 受办分离: no tasks; its system has it and has not decided this round.
                    DispatchKind::Unit if d.is_external() => {
                        ensure!(pending.is_empty(), "{}: external with tasks", d.node);
                        let outcome = d.external.as_ref().and_then(|x| x.outcome.as_ref());
                        ensure!(outcome.is_none(), "{}: active with an outcome", d.node);
                    }
                    DispatchKind::Unit | DispatchKind::Seal => {
                        ensure!(
                            pending.len() == 1,
                            "{}: {} pending tasks",
                            d.node,
                            pending.len()
                        );
                        ensure!(
                            pending[0].step == d.step,
                            "{}: task at another step",
                            d.node
                        );
                    }
                    DispatchKind::Approver => {
                        ensure!(!pending.is_empty(), "{}: approver without tasks", d.node);
                    }
                }
            }
            DispatchStatus::Returned => {
                ensure!(
                    pending.is_empty(),
                    "{}: returned with pending tasks",
                    d.node
                );
                let info = d.returned.as_ref();
                ensure!(info.is_some(), "{}: returned without info", d.node);
                // Corrected and re-running the path towards it: not reached again yet.
                let rerunning = info.is_some_and(|r| r.rerun && r.resumed_at.is_some());
                ensure!(
                    run == Some(NodeStatus::Active) || (rerunning && run.is_none()),
                    "{}: returned, node {run:?}",
                    d.node
                );
            }
            DispatchStatus::Completed => {
                ensure!(
                    pending.is_empty(),
                    "{}: completed with pending tasks",
                    d.node
                );
                // Done, or finished in an earlier round and not reached again yet (re-run).
                ensure!(
                    run == Some(NodeStatus::Done) || run.is_none(),
                    "{}: completed, node {run:?}",
                    d.node
                );
                ensure!(
                    d.finished_at.is_some(),
                    "{}: completed without time",
                    d.node
                );
                let outcome = d.external.as_ref().map(|x| x.outcome.is_some());
                ensure!(
                    outcome != Some(false),
                    "{}: external, completed without outcome",
                    d.node
                );
            }
            DispatchStatus::Cancelled => {
                ensure!(
                    pending.is_empty(),
                    "{}: cancelled with pending tasks",
                    d.node
                );
                // Voided, or opened by an approval that was withdrawn (not reached any more).
                ensure!(
                    s.status == MatterStatus::Voided || run.is_none(),
                    "{}: cancelled, matter live",
                    d.node
                );
            }
        }
    }
    Ok(())
}

/// The matter status agrees with its dispatches and nodes.
fn status(def: &MatterTypeDef, s: &MatterState) -> Check {
    let any_returned = s.dispatches.iter().any(|d| d.awaits_initiator());
    let all_reached_done = s.nodes.values().all(|r| r.status == NodeStatus::Done);
    let top_done = def.flow.nodes.iter().all(|n| {
        s.nodes
            .get(n.id())
            .is_some_and(|r| r.status == NodeStatus::Done)
    });
    let pending = s.pending_tasks().count();
    match s.status {
        MatterStatus::Draft => {
            ensure!(
                s.nodes.is_empty() && s.tasks.is_empty(),
                "draft with progress"
            );
            ensure!(s.submitted_at.is_none(), "draft with submitted_at");
        }
        MatterStatus::Running | MatterStatus::Returned => {
            ensure!(
                (s.status == MatterStatus::Returned) == any_returned,
                "status {:?} but returned dispatch: {any_returned}",
                s.status
            );
            ensure!(!top_done, "{:?} with the whole flow done", s.status);
            let rerunning = s.dispatches.iter().any(|d| {
                d.status == DispatchStatus::Returned
                    && d.returned.as_ref().is_some_and(|r| r.resumed_at.is_some())
            });
            let external = s
                .dispatches
                .iter()
                .any(|d| d.is_external() && d.status == DispatchStatus::Active);
            ensure!(
                pending > 0 || any_returned || rerunning || external,
                "running with nothing to do"
            );
            ensure!(s.ended_at.is_none(), "live matter with ended_at");
        }
        MatterStatus::Completed | MatterStatus::Closed => {
            ensure!(
                top_done && all_reached_done,
                "{:?} but nodes not done",
                s.status
            );
            ensure!(pending == 0, "{:?} with pending tasks", s.status);
            ensure!(!any_returned, "{:?} with a returned dispatch", s.status);
            ensure!(
                (s.status == MatterStatus::Closed) == s.ended_at.is_some(),
                "ended_at on {:?}",
                s.status
            );
        }
        MatterStatus::Voided => {
            ensure!(pending == 0, "voided with pending tasks");
            ensure!(!any_returned, "voided with a returned dispatch");
            ensure!(s.ended_at.is_some(), "voided without ended_at");
        }
    }
    // Completed iff everything reached is done and the top-level sequence is done.
    let live = matches!(
        s.status,
        MatterStatus::Running | MatterStatus::Returned | MatterStatus::Completed
    );
    if live {
        ensure!(
            (s.status == MatterStatus::Completed) == (top_done && all_reached_done),
            "completed={} but flow done={}",
            s.status == MatterStatus::Completed,
            top_done && all_reached_done
        );
    }
    Ok(())
}

/// In every sequence the reached nodes form a prefix whose members, but the last, are Done; a
/// condition node reaches only its chosen branch.
fn tree(nodes: &[Node], s: &MatterState) -> Check {
    let mut open_seen = false;
    for node in nodes {
        let Some(run) = s.nodes.get(node.id()) else {
            open_seen = true;
            unreached(node, s)?;
            continue;
        };
        ensure!(!open_seen, "{} reached after an unfinished node", node.id());
        // A node handling a return from a later node is active again behind it.
        let return_target = s.dispatches.iter().any(|d| {
            d.status == DispatchStatus::Returned
                && d.returned.as_ref().is_some_and(|r| {
                    r.resumed_at.is_none()
                        && r.to
                            == (ReturnTo::Node {
                                node: node.id().clone(),
                            })
                })
        });
        if run.status == NodeStatus::Active && !return_target {
            open_seen = true;
        }
        match node {
            Node::Cc { .. } => {
                ensure!(
                    run.status == NodeStatus::Done,
                    "{} CC node not done",
                    node.id()
                );
            }
            Node::Unit { handling, .. } => {
                let d = s.dispatch(node.id());
                ensure!(d.is_some(), "{} reached without dispatch", node.id());
                let external = *handling == Handling::OwnSystem;
                ensure!(
                    d.is_some_and(|d| d.is_external() == external),
                    "{}: external dispatch iff handled in the unit's own system",
                    node.id()
                );
                ensure!(
                    !external || s.tasks.iter().all(|t| &t.dispatch != node.id()),
                    "{}: tasks for a unit handled in its own system",
                    node.id()
                );
            }
            Node::Approver { .. } | Node::Seal { .. } => {
                ensure!(
                    s.dispatch(node.id()).is_some(),
                    "{} reached without dispatch",
                    node.id()
                );
            }
            Node::Parallel { branches, .. } => {
                for b in branches {
                    started(&b.nodes, s)?;
                    tree(&b.nodes, s)?;
                }
            }
            Node::Condition {
                branches, default, ..
            } => {
                for (i, b) in branches.iter().enumerate() {
                    if run.branch == Some(i) {
                        started(&b.nodes, s)?;
                        tree(&b.nodes, s)?;
                    } else {
                        b.nodes.iter().try_for_each(|n| unreached(n, s))?;
                    }
                }
                if run.branch.is_none() {
                    started(&default.nodes, s)?;
                    tree(&default.nodes, s)?;
                } else {
                    default.nodes.iter().try_for_each(|n| unreached(n, s))?;
                }
            }
        }
    }
    Ok(())
}

/// A branch that runs has its first node reached (parallel branches all start together).
fn started(nodes: &[Node], s: &MatterState) -> Check {
    match nodes.first() {
        Some(first) => {
            ensure!(
                s.nodes.contains_key(first.id()),
                "branch of {} not started",
                first.id()
            );
            Ok(())
        }
        None => Ok(()),
    }
}

/// Neither the node nor anything inside it has been reached.
fn unreached(node: &Node, s: &MatterState) -> Check {
    ensure!(
        !s.nodes.contains_key(node.id()),
        "{} reached out of order",
        node.id()
    );
    // A dispatch may remain from a withdrawn approval or an earlier round, but not a live one.
    ensure!(
        s.dispatch(node.id()).is_none_or(|d| matches!(
            d.status,
            DispatchStatus::Cancelled | DispatchStatus::Completed
        ) || d
            .returned
            .as_ref()
            .is_some_and(|r| r.rerun && r.resumed_at.is_some())),
        "{} dispatched out of order",
        node.id()
    );
    match node {
        Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => Ok(()),
        Node::Parallel { branches, .. } => branches
            .iter()
            .flat_map(|b| &b.nodes)
            .try_for_each(|n| unreached(n, s)),
        Node::Condition {
            branches, default, ..
        } => branches
            .iter()
            .flat_map(|b| &b.nodes)
            .chain(&default.nodes)
            .try_for_each(|n| unreached(n, s)),
    }
}

/// A transition only adds: tasks, dispatches and node runs stay, finished ones never change,
/// and the events name exactly the new tasks and the newly cancelled ones.
pub fn transition(before: &MatterState, t: &Transition) -> Check {
    let after = &t.state;
    // Only a repeated external acknowledgement is accepted silently, and it changes nothing.
    ensure!(
        !t.events.is_empty() || after == before,
        "accepted command without events"
    );
    ensure!(after.tasks.len() >= before.tasks.len(), "tasks removed");
    ensure!(
        after.dispatches.len() >= before.dispatches.len(),
        "dispatches removed"
    );
    for (old, new) in before.tasks.iter().zip(&after.tasks) {
        ensure!(old.id == new.id, "task order changed");
        let finished = matches!(
            old.status,
            TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled
        );
        ensure!(
            !finished || old == new,
            "finished task {:?} changed",
            old.id
        );
        ensure!(
            !(old.status == TaskStatus::Claimed && new.status == TaskStatus::Open),
            "task {:?} unclaimed",
            old.id
        );
    }
    // Node runs only move forward — except when a withdrawal rewinds them, a return reopens
    // an earlier node, or a corrected return re-runs the path.
    let rewinds = t.events.iter().any(|e| match e {
        Event::Withdrawn { .. } => true,
        Event::Returned { to, .. } => !matches!(to, ReturnTo::Initiator),
        Event::Dispatched { dispatch, .. } => before.dispatch(dispatch).is_some(),
        _ => false,
    });
    for (id, run) in &before.nodes {
        if rewinds {
            break;
        }
        let now = after.nodes.get(id).map(|r| r.status);
        ensure!(now.is_some(), "node run {id} removed");
        ensure!(
            run.status != NodeStatus::Done || now == Some(NodeStatus::Done),
            "{id} undone"
        );
    }
    let created: Vec<_> = t
        .events
        .iter()
        .filter_map(|e| match e {
            Event::TaskCreated { task, .. } => Some(*task),
            _ => None,
        })
        .collect();
    let new_ids: Vec<_> = after.tasks[before.tasks.len()..]
        .iter()
        .map(|t| t.id)
        .collect();
    ensure!(
        created == new_ids,
        "TaskCreated {created:?} but new tasks {new_ids:?}"
    );
    let cancelled: Vec<_> = t
        .events
        .iter()
        .flat_map(|e| match e {
            Event::TasksCancelled { tasks } => tasks.clone(),
            _ => Vec::new(),
        })
        .collect();
    let newly_cancelled: Vec<_> = after
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Cancelled)
        .filter(|t| {
            before
                .task(t.id)
                .is_none_or(|o| o.status != TaskStatus::Cancelled)
        })
        .map(|t| t.id)
        .collect();
    ensure!(
        cancelled == newly_cancelled,
        "TasksCancelled {cancelled:?} but cancelled {newly_cancelled:?}"
    );
    Ok(())
}
