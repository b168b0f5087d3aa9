//! The flow walker: moves a matter forward after it is submitted and whenever a dispatch
//! completes.
//!
//! It walks `def.flow.nodes` in order. A node already Done is passed; an Active approver or unit
//! node blocks the sequence it is in; a node not reached yet is activated. A parallel node runs
//! every branch (no short-circuit, so all branches get their dispatches at once) and is Done when
//! every branch is. A condition node chooses its branch once, when first reached (first
//! conditional branch that holds, else the default, recorded as `branch: None`), emits
//! `BranchChosen`, and is Done when that branch is; an empty branch finishes it at once. Later
//! changes of the values (resubmissions) do not re-route a chosen branch or a dispatched unit.
//! When the whole top-level sequence is Done the matter becomes Completed (`AllCompleted`).
//!
//! Activating a unit node creates a [`Dispatch`] for the unit and a pool task for its first step;
//! an approver node creates a dispatch for the initiating unit and its approvers' tasks
//! (see [`approver_candidates`]).

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::route::condition_holds;
use crate::state::{
    Candidates, Dispatch, DispatchKind, DispatchStatus, MatterStatus, NodeRun, NodeStatus,
};
use crate::tasks::{NewTask, complete_dispatch, create_task};
use lianban_definition::flow::{
    Assignee, Branch, ConditionalBranch, Node, SignMode, UnitRef, UnitStep,
};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, UnitCode, UserName};

/// The default branch's name in `BranchChosen` when the designer left it blank.
const DEFAULT_BRANCH: &str = "默认分支";

/// Walks the flow as far as it goes; see the module docs. Sets status Completed and emits
/// `AllCompleted` when everything is done.
///
/// Errors: `NoUnit` when a unit node's field has no unit; `Rule` when a routing rule fails.
pub(crate) fn advance(def: &MatterTypeDef, t: &mut Transition, ctx: &Ctx<'_>) -> RuntimeResult<()> {
    if run_sequence(&def.flow.nodes, t, ctx)? {
        t.state.status = MatterStatus::Completed;
        t.events.push(Event::AllCompleted);
    }
    Ok(())
}

/// Runs nodes in order until one is not done; returns whether all are done.
fn run_sequence(nodes: &[Node], t: &mut Transition, ctx: &Ctx<'_>) -> RuntimeResult<bool> {
    for node in nodes {
        if !run_node(node, t, ctx)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Activates or re-checks one node; returns whether it is done.
fn run_node(node: &Node, t: &mut Transition, ctx: &Ctx<'_>) -> RuntimeResult<bool> {
    let id = node.id();
    let run = t.state.nodes.get(id).cloned();
    if run.as_ref().is_some_and(|r| r.status == NodeStatus::Done) {
        return Ok(true);
    }
    let done = match node {
        Node::Approver {
            name,
            assignee,
            mode,
            ..
        } => {
            if run.is_none() {
                activate_approver(id, name, assignee, *mode, t, ctx)?;
            }
            is_done(t, id)
        }
        Node::Unit {
            name, unit, steps, ..
        } => {
            if run.is_none() {
                activate_unit(id, name, unit, steps, t, ctx)?;
            }
            is_done(t, id)
        }
        Node::Parallel { branches, .. } => {
            if run.is_none() {
                mark(t, id, NodeStatus::Active, None);
            }
            let mut all_done = true;
            for branch in branches {
                let done = run_sequence(&branch.nodes, t, ctx)?;
                all_done = all_done && done;
            }
            all_done
        }
        Node::Condition {
            branches, default, ..
        } => {
            let chosen = match run {
                Some(run) => run.branch,
                None => choose(id, branches, default, t, ctx)?,
            };
            let nodes = match chosen {
                Some(index) => branches.get(index).map_or(&[][..], |b| &b.nodes[..]),
                None => &default.nodes[..],
            };
            run_sequence(nodes, t, ctx)?
        }
    };
    if done {
        mark(
            t,
            id,
            NodeStatus::Done,
            t.state.nodes.get(id).and_then(|r| r.branch),
        );
    }
    Ok(done)
}

/// Whether the node is recorded as Done.
fn is_done(t: &Transition, id: &NodeId) -> bool {
    t.state
        .nodes
        .get(id)
        .is_some_and(|r| r.status == NodeStatus::Done)
}

/// Records a node's run.
fn mark(t: &mut Transition, id: &NodeId, status: NodeStatus, branch: Option<usize>) {
    t.state.nodes.insert(id.clone(), NodeRun { status, branch });
}

/// Chooses a condition node's branch, records it and emits `BranchChosen`.
fn choose(
    id: &NodeId,
    branches: &[ConditionalBranch],
    default: &Branch,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Option<usize>> {
    let mut chosen = None;
    for (index, branch) in branches.iter().enumerate() {
        if condition_holds(&branch.when, &t.state.values, ctx.rules)? {
            chosen = Some(index);
            break;
        }
    }
    let name = match chosen {
        Some(index) => branches[index].name.clone(),
        None if default.name.trim().is_empty() => DEFAULT_BRANCH.to_owned(),
        None => default.name.clone(),
    };
    mark(t, id, NodeStatus::Active, chosen);
    t.events.push(Event::BranchChosen {
        node: id.clone(),
        branch: name,
    });
    Ok(chosen)
}

/// The unit a unit node goes to. `FromField` takes the (non-blank) string in that field.
fn resolve_unit(id: &NodeId, unit: &UnitRef, values: &FormValues) -> RuntimeResult<UnitCode> {
    match unit {
        UnitRef::Fixed { unit } => Ok(unit.clone()),
        UnitRef::FromField { field } => values
            .get(field.as_str())
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(UnitCode::new)
            .ok_or_else(|| RuntimeError::NoUnit {
                node: id.clone(),
                field: field.clone(),
            }),
    }
}

/// Activates a unit node: a dispatch for the resolved unit and a pool task for its first step.
fn activate_unit(
    id: &NodeId,
    name: &str,
    unit: &UnitRef,
    steps: &[UnitStep],
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let unit = resolve_unit(id, unit, &t.state.values)?;
    open_dispatch(id, name, DispatchKind::Unit, unit.clone(), t, ctx);
    let Some(step) = steps.first() else {
        // A unit without steps is rejected by validation; finish it rather than hang.
        return complete_dispatch(t, id, ctx.now);
    };
    let new = NewTask {
        dispatch: id,
        step: 0,
        name: &step.name,
        candidates: Candidates::Pool {
            unit,
            post: step.post.clone(),
        },
    };
    create_task(t, new, ctx.now);
    Ok(())
}

/// Marks the node Active, pushes its Active dispatch and emits `Dispatched`.
fn open_dispatch(
    id: &NodeId,
    name: &str,
    kind: DispatchKind,
    unit: UnitCode,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) {
    mark(t, id, NodeStatus::Active, None);
    t.state.dispatches.push(Dispatch {
        node: id.clone(),
        kind,
        unit: unit.clone(),
        name: name.to_owned(),
        status: DispatchStatus::Active,
        step: 0,
        received_at: ctx.now,
        finished_at: None,
        returned: None,
        rounds: 0,
        last_urged_at: None,
    });
    t.events.push(Event::Dispatched {
        dispatch: id.clone(),
        unit,
        name: name.to_owned(),
    });
}

/// Activates an approver node: a dispatch for the initiating unit, then its tasks.
fn activate_approver(
    id: &NodeId,
    name: &str,
    assignee: &Assignee,
    mode: SignMode,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let unit = t.state.initiator_unit.clone();
    open_dispatch(id, name, DispatchKind::Approver, unit, t, ctx);
    create_approver_tasks(id, name, (assignee, mode), 0, t, ctx)
}

/// Creates the tasks of an approver node (on activation and on resubmission). A node without
/// approvers (rejected by validation) completes at once rather than blocking forever. `step` is
/// where a 依次 node starts: 0 on activation, the returning approver on resubmission.
pub(crate) fn create_approver_tasks(
    id: &NodeId,
    name: &str,
    (assignee, mode): (&Assignee, SignMode),
    step: usize,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let all = approver_candidates(assignee, mode, &t.state.initiator_unit);
    if all.is_empty() {
        return complete_dispatch(t, id, ctx.now);
    }
    let sequential = mode == SignMode::Sequential && all.len() > 1;
    let step = if step < all.len() { step } else { 0 };
    for (i, candidates) in all.into_iter().enumerate() {
        if sequential && i != step {
            continue;
        }
        let new = NewTask {
            dispatch: id,
            step: if sequential { i } else { 0 },
            name,
            candidates,
        };
        create_task(t, new, ctx.now);
    }
    Ok(())
}

/// The tasks an approver node needs, one `Candidates` each (for 依次: one per user, in order,
/// created one at a time).
///
/// Named users: 或签 (`Any`) gives one task any of them may take; 会签 (`All`) one task per
/// (distinct) user; 依次 (`Sequential`) one per distinct user in the listed order. A post in the
/// initiating unit gives one pool task in every mode: the pure runtime does not know who holds
/// the post, so `All` and `Sequential` degrade to `Any` there.
pub(crate) fn approver_candidates(
    assignee: &Assignee,
    mode: SignMode,
    initiator_unit: &UnitCode,
) -> Vec<Candidates> {
    match assignee {
        Assignee::Users { users } if users.is_empty() => Vec::new(),
        Assignee::Users { users } => match mode {
            SignMode::Any => vec![Candidates::Users {
                users: users.clone(),
            }],
            SignMode::All | SignMode::Sequential => {
                let mut distinct: Vec<&UserName> = Vec::new();
                for user in users {
                    if !distinct.contains(&user) {
                        distinct.push(user);
                    }
                }
                distinct
                    .into_iter()
                    .map(|u| Candidates::Users {
                        users: vec![u.clone()],
                    })
                    .collect()
            }
        },
        Assignee::InitiatorPost { post } => vec![Candidates::Pool {
            unit: initiator_unit.clone(),
            post: post.clone(),
        }],
    }
}

#[cfg(test)]
mod tests;
