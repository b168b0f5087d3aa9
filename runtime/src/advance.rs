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
//! Activating a unit node creates a [`Dispatch`] for the unit and a pool task for its first step
//! (a seal node likewise, with its one confirmation step) — or, for a unit handled in its own
//! system (受办分离), a dispatch without tasks that the unit's system reports on (see
//! [`crate::external`]); an approver node creates a dispatch
//! for the initiating unit and its approvers' tasks (see [`approver_plan`]); a 抄送 node records
//! its copy and is done at once.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::external::{pending_again, require_system};
use crate::resolve::{Plan, approver_plan, resolve};
use crate::route::condition_holds;
use crate::state::{
    Candidates, CcRecord, Dispatch, DispatchKind, DispatchStatus, ExternalProgress, MatterStatus,
    NodeRun, NodeStatus,
};
use crate::tasks::{NewTask, complete_dispatch, create_task, dispatch_mut};
use lianban_definition::flow::{
    Assignee, Branch, ConditionalBranch, Handling, Node, SignMode, UnitRef, UnitStep,
};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, PostCode, UnitCode};

/// The default branch's name in `BranchChosen` when the designer left it blank.
const DEFAULT_BRANCH: &str = "默认分支";

/// Walks the flow as far as it goes; see the module docs. Sets status Completed and emits
/// `AllCompleted` when everything is done.
///
/// Errors: `NoUnit` when a unit node's field has no unit; `Rule` when a routing rule fails;
/// `NoExternalSystem` when a 受办分离 node reaches a unit without an external system.
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
        Node::Approver { .. } => {
            if run.is_none() {
                activate_approver(node, t, ctx)?;
            }
            is_done(t, id)
        }
        Node::Unit {
            name,
            unit,
            steps,
            handling,
            ..
        } => {
            if run.is_none() {
                match handling {
                    Handling::InLianban => {
                        activate_unit((id, name, DispatchKind::Unit), unit, steps, t, ctx)?;
                    }
                    Handling::OwnSystem => activate_external((id, name), unit, t, ctx)?,
                }
            }
            is_done(t, id)
        }
        Node::Seal {
            name, unit, post, ..
        } => {
            if run.is_none() {
                let step = seal_step(name, post);
                let steps = std::slice::from_ref(&step);
                activate_unit((id, name, DispatchKind::Seal), unit, steps, t, ctx)?;
            }
            is_done(t, id)
        }
        Node::Cc { recipients, .. } => {
            send_copy(node, recipients, t, ctx);
            true
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

/// The single step of a seal node: its seal keepers confirm the stamping.
pub(crate) fn seal_step(name: &str, post: &PostCode) -> UnitStep {
    UnitStep {
        id: "seal".to_owned(),
        name: name.to_owned(),
        post: post.clone(),
    }
}

/// The unit a unit node goes to. `FromField` takes the (non-blank) string in that field.
pub(crate) fn resolve_unit(
    id: &NodeId,
    unit: &UnitRef,
    values: &FormValues,
) -> RuntimeResult<UnitCode> {
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

/// Activates a unit or seal node: a dispatch for the resolved unit and a pool task for its
/// first step.
fn activate_unit(
    (id, name, kind): (&NodeId, &str, DispatchKind),
    unit: &UnitRef,
    steps: &[UnitStep],
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let unit = resolve_unit(id, unit, &t.state.values)?;
    open_dispatch((id, name, kind), unit.clone(), false, t, ctx);
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

/// Activates a unit node handled in the unit's own system (受办分离): a dispatch for the
/// resolved unit without tasks, pending in that system (`Dispatched` with `external: true`).
///
/// Errors: `NoUnit`; `NoExternalSystem` when the unit has no enabled external system.
fn activate_external(
    (id, name): (&NodeId, &str),
    unit: &UnitRef,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let unit = resolve_unit(id, unit, &t.state.values)?;
    require_system((id, name), &unit, ctx)?;
    open_dispatch((id, name, DispatchKind::Unit), unit, true, t, ctx);
    Ok(())
}

/// Marks the node Active, pushes its Active dispatch (or reopens the node's earlier one, when a
/// return re-runs the path or an approval was withdrawn) and emits `Dispatched`. An `external`
/// dispatch is (again) pending in the unit's own system.
fn open_dispatch(
    (id, name, kind): (&NodeId, &str, DispatchKind),
    unit: UnitCode,
    external: bool,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) {
    mark(t, id, NodeStatus::Active, None);
    if let Some(d) = t.state.dispatches.iter_mut().find(|d| &d.node == id) {
        d.unit = unit.clone();
        d.status = DispatchStatus::Active;
        d.step = 0;
        d.received_at = ctx.now;
        d.finished_at = None;
        d.rounds += 1;
        d.back_to = None;
        if external {
            pending_again(d);
        }
        t.events.push(Event::Dispatched {
            dispatch: id.clone(),
            unit,
            name: name.to_owned(),
            external,
        });
        return;
    }
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
        quorum: None,
        approvals: 0,
        signers: Vec::new(),
        back_to: None,
        returns: Vec::new(),
        external: external.then(ExternalProgress::default),
    });
    t.events.push(Event::Dispatched {
        dispatch: id.clone(),
        unit,
        name: name.to_owned(),
        external,
    });
}

/// Activates an approver node: a dispatch for the initiating unit, then its tasks.
fn activate_approver(node: &Node, t: &mut Transition, ctx: &Ctx<'_>) -> RuntimeResult<()> {
    let unit = t.state.initiator_unit.clone();
    let kind = DispatchKind::Approver;
    open_dispatch((node.id(), node.name(), kind), unit, false, t, ctx);
    create_approver_tasks(node, 0, t, ctx)
}

/// Creates the tasks of approver node `node` for a new round (on activation and on
/// resubmission); see [`approver_plan`]. `step` is where a 依次 node starts: 0 on activation,
/// the returning approver on resubmission. Sets the round's quorum for 会签 by percentage.
/// A node whose assignee resolves to nobody follows its policy (`NobodyResolved`); passing
/// completes the dispatch at once.
pub(crate) fn create_approver_tasks(
    node: &Node,
    step: usize,
    t: &mut Transition,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let Node::Approver {
        id,
        name,
        assignee,
        mode,
        pass_percent,
        when_empty,
        ..
    } = node
    else {
        return Err(RuntimeError::DispatchNotFound(node.id().clone()));
    };
    let plan = approver_plan((id, name), assignee, *mode, when_empty, &t.state, ctx)?;
    let (signers, fallback) = match plan {
        Plan::AutoPass => {
            t.events.push(Event::NobodyResolved {
                node: id.clone(),
                fallback: "auto_pass".to_owned(),
            });
            return complete_dispatch(t, id, ctx.now);
        }
        Plan::Tasks { signers, fallback } => (signers, fallback),
    };
    if let Some(fallback) = fallback {
        t.events.push(Event::NobodyResolved {
            node: id.clone(),
            fallback: fallback.to_owned(),
        });
    }
    let sequential = *mode == SignMode::Sequential && signers.len() > 1;
    let step = if step < signers.len() { step } else { 0 };
    let quorum = match (mode, pass_percent) {
        (SignMode::All, Some(percent)) if fallback.is_none() => {
            let n = signers.len() as u32;
            Some((n * u32::from(*percent)).div_ceil(100).clamp(1, n))
        }
        _ => None,
    };
    let dispatch = dispatch_mut(&mut t.state, id)?;
    dispatch.step = if sequential { step } else { 0 };
    dispatch.quorum = quorum;
    dispatch.approvals = 0;
    dispatch.signers = if sequential {
        signers.clone()
    } else {
        Vec::new()
    };
    for (i, candidates) in signers.into_iter().enumerate() {
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

/// Runs a 抄送 node: resolves its recipients (posts expanded to their holders), records the
/// copy and emits `CarbonCopied`. It never blocks the flow.
fn send_copy(node: &Node, recipients: &Assignee, t: &mut Transition, ctx: &Ctx<'_>) {
    let users =
        resolve(node.id(), recipients, false, &t.state, ctx.directory).people(ctx.directory);
    t.state.cc.push(CcRecord {
        node: node.id().clone(),
        name: node.name().to_owned(),
        users: users.clone(),
        at: ctx.now,
        read: Default::default(),
    });
    t.events.push(Event::CarbonCopied {
        node: node.id().clone(),
        name: node.name().to_owned(),
        users,
    });
}

#[cfg(test)]
mod tests;
