//! 退回: the handler returns a dispatch — to the initiator for correction (补正), to an earlier
//! node on the path the matter actually took, or to an earlier inner step of the same dispatch.
//! Only that dispatch waits; other parallel dispatches carry on. Returning from a 会签 node
//! cancels its remaining signers. After the correction the matter goes straight back to the
//! step that returned it, or re-runs the path, as the returning node is configured.

use crate::advance::create_approver_tasks;
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::external::{is_external_node, pending_again, require_system};
use crate::state::{
    Candidates, DispatchStatus, MatterState, NodeRun, NodeStatus, Pause, ReturnInfo, ReturnTo,
    TaskId, TaskStatus,
};
use crate::tasks::{
    NewTask, cancel_pending, create_task, dispatch_mut, find_node, is_before, positions,
    require_handling, settle_status, step_candidates, take_for_decision,
};
use lianban_definition::NodeId;
use lianban_definition::flow::{AfterReturn, Node, NodeRights, ReturnTargets};
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "退回";

/// What a return says: where to, why (free text and an optional dictionary code).
pub(crate) struct Return<'a> {
    /// The task whose handler returns.
    pub task: TaskId,
    /// Free-text reason.
    pub reason: &'a str,
    /// Coded reason, if any.
    pub code: Option<&'a str>,
    /// Where to.
    pub to: &'a ReturnTo,
}

/// Returns the dispatch of the task. The task becomes Returned with the reason as its opinion
/// and the dispatch's other pending tasks are cancelled (other signers of a 会签 node). An open
/// task is claimed implicitly by a candidate. Then, by target:
/// - initiator: the dispatch becomes Returned and waits for a resubmission; its clock pauses;
///   the matter becomes Returned;
/// - an earlier inner step: the dispatch stays Active with a task at that step; straight back
///   jumps to the returning step once it is done;
/// - an earlier node on the path taken (finished, and before this node in the flow): that node
///   works on it again (a new round of tasks); this dispatch is Returned until the node
///   finishes, then goes straight back or re-runs the path from there.
///
/// Emits `Claimed` (implicit claim), `Returned`, `TasksCancelled` if any, and for a node or
/// step target `TaskCreated` (and `Dispatched` for a reopened node).
///
/// Errors: `WrongStatus` unless Running or Returned; `Suspended`; `NotAllowed` when the node
/// does not allow returns or that target; `Missing` for a blank reason; `TaskNotFound`;
/// `NotCandidate`; `TaskTaken`; `BadReturnTarget` for a target that is not earlier, not on
/// the path, or not finished.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    ret: &Return<'_>,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let task = state
        .task(ret.task)
        .ok_or(RuntimeError::TaskNotFound(ret.task))?;
    let node = find_node(&def.flow.nodes, &task.dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(task.dispatch.clone()))?;
    let rights = node.rights().cloned().unwrap_or_default();
    let refuse = || RuntimeError::NotAllowed {
        node: node.id().clone(),
        name: node.name().to_owned(),
        action: ACTION,
    };
    if !rights.ops.can_return || task.delegated_by.is_some() || !target_allowed(&rights, ret.to) {
        return Err(refuse());
    }
    let reason = ret.reason.trim();
    let code = ret.code.map(str::trim).filter(|c| !c.is_empty());
    if reason.is_empty() {
        return Err(RuntimeError::Missing {
            what: "退回理由"
        });
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let index = take_for_decision(&mut t, ret.task, ctx)?;
    let task = &mut t.state.tasks[index];
    task.status = TaskStatus::Returned;
    task.finished_at = Some(ctx.now);
    task.opinion = Some(reason.to_owned());
    let (dispatch, step) = (task.dispatch.clone(), task.step);
    let info = ReturnInfo {
        step,
        reason: reason.to_owned(),
        code: code.map(str::to_owned),
        by: ctx.actor.user.clone(),
        at: ctx.now,
        to: ret.to.clone(),
        rerun: rights.ops.after_return == AfterReturn::Rerun,
        resumed_at: None,
    };
    t.events.push(Event::Returned {
        dispatch: dispatch.clone(),
        task: ret.task,
        by: ctx.actor.user.clone(),
        reason: reason.to_owned(),
        code: info.code.clone(),
        to: ret.to.clone(),
    });
    cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
    match ret.to {
        ReturnTo::Initiator => {
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.status = DispatchStatus::Returned;
            d.returned = Some(info.clone());
            d.returns.push(info);
            t.state.pauses.push(Pause {
                from: ctx.now,
                to: None,
                kind: "returned".to_owned(),
                dispatch: Some(dispatch.clone()),
            });
        }
        ReturnTo::Step { step: target } => {
            let target = *target;
            let candidates = step_candidates(node, &t.state, &dispatch, target)
                .filter(|_| target < step)
                .ok_or(RuntimeError::BadReturnTarget("只能退回到本环节之前的步骤"))?;
            let name = step_name(node, target, &t.state.tasks[index].name);
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.step = target;
            d.back_to = (!info.rerun).then_some(step);
            d.returns.push(info);
            let new = NewTask {
                dispatch: &dispatch,
                step: target,
                name: &name,
                candidates,
            };
            create_task(&mut t, new, ctx.now);
        }
        ReturnTo::Node { node: target } => {
            reopen_earlier(def, &mut t, (&dispatch, target), ctx)?;
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.status = DispatchStatus::Returned;
            d.returned = Some(info.clone());
            d.returns.push(info);
        }
    }
    settle_status(&mut t.state);
    Ok(t)
}

/// Where the handler of pending task `id` may return it, in the order to offer them: the
/// initiator, then earlier inner steps of its dispatch, then earlier finished nodes on the path
/// taken (as far as the node allows). Empty when the node allows no returns or the task is not
/// pending (or is delegated).
pub fn return_targets(def: &MatterTypeDef, state: &MatterState, id: TaskId) -> Vec<ReturnTo> {
    let Some(task) = state
        .task(id)
        .filter(|t| matches!(t.status, TaskStatus::Open | TaskStatus::Claimed))
        .filter(|t| t.delegated_by.is_none())
    else {
        return Vec::new();
    };
    let Some(node) = find_node(&def.flow.nodes, &task.dispatch) else {
        return Vec::new();
    };
    let rights = node.rights().cloned().unwrap_or_default();
    if !rights.ops.can_return {
        return Vec::new();
    }
    let mut out = vec![ReturnTo::Initiator];
    for step in 0..task.step {
        let to = ReturnTo::Step { step };
        if target_allowed(&rights, &to)
            && step_candidates(node, state, &task.dispatch, step).is_some()
        {
            out.push(to);
        }
    }
    let positions = positions(&def.flow.nodes);
    if let Some(here) = positions.get(&task.dispatch) {
        for d in &state.dispatches {
            let earlier = positions.get(&d.node).is_some_and(|p| is_before(p, here));
            let to = ReturnTo::Node {
                node: d.node.clone(),
            };
            let kind_ok = find_node(&def.flow.nodes, &d.node).is_some_and(|n| {
                matches!(
                    n,
                    Node::Approver { .. } | Node::Unit { .. } | Node::Seal { .. }
                )
            });
            if earlier
                && kind_ok
                && d.status == DispatchStatus::Completed
                && target_allowed(&rights, &to)
            {
                out.push(to);
            }
        }
    }
    out
}

/// Whether the node's configuration allows returning to `to`. The initiator is always a
/// target; inner steps and earlier nodes only when the node allows more than the initiator.
fn target_allowed(rights: &NodeRights, to: &ReturnTo) -> bool {
    match (&rights.ops.return_targets, to) {
        (_, ReturnTo::Initiator) => true,
        (ReturnTargets::Initiator, _) => false,
        (ReturnTargets::AnyEarlier, _) => true,
        (ReturnTargets::Nodes { .. }, ReturnTo::Step { .. }) => true,
        (ReturnTargets::Nodes { nodes }, ReturnTo::Node { node }) => nodes.contains(node),
    }
}

/// The display name of inner step `step` of `node` (a unit's step; a 依次 node keeps its name).
fn step_name(node: &Node, step: usize, fallback: &str) -> String {
    match node {
        Node::Unit { steps, .. } => steps
            .get(step)
            .map_or_else(|| fallback.to_owned(), |s| s.name.clone()),
        _ => fallback.to_owned(),
    }
}

/// Reopens the earlier node `target` for the dispatch `from` returning to it: `target` must be
/// a finished dispatch before `from` in the flow (on the path taken). Its node becomes Active
/// again with a new round of tasks at its first step — or, for a unit handled in its own
/// system, pending in that system again (`NoExternalSystem` if it no longer has one).
fn reopen_earlier(
    def: &MatterTypeDef,
    t: &mut Transition,
    (from, target): (&NodeId, &NodeId),
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let positions = positions(&def.flow.nodes);
    let earlier = match (positions.get(target), positions.get(from)) {
        (Some(a), Some(b)) => is_before(a, b),
        _ => false,
    };
    let finished = t
        .state
        .dispatch(target)
        .is_some_and(|d| d.status == DispatchStatus::Completed);
    if target == from || !earlier {
        return Err(RuntimeError::BadReturnTarget(
            "只能退回到本环节之前、已经办理过的节点",
        ));
    }
    if !finished {
        return Err(RuntimeError::BadReturnTarget(
            "目标节点不在本办件实际经过的路径上，或尚未办结",
        ));
    }
    let node = find_node(&def.flow.nodes, target)
        .ok_or_else(|| RuntimeError::DispatchNotFound(target.clone()))?;
    let external = is_external_node(node);
    if external {
        let unit = t.state.dispatch(target).map(|d| d.unit.clone());
        if let Some(unit) = unit {
            require_system((target, node.name()), &unit, ctx)?;
        }
    }
    let d = dispatch_mut(&mut t.state, target)?;
    d.status = DispatchStatus::Active;
    d.step = 0;
    // Handled again from now: its time limit starts afresh, as on a re-run path.
    d.received_at = ctx.now;
    d.finished_at = None;
    d.back_to = None;
    d.rounds += 1;
    let unit = d.unit.clone();
    t.state.nodes.insert(
        target.clone(),
        NodeRun {
            status: NodeStatus::Active,
            branch: None,
        },
    );
    t.events.push(Event::Dispatched {
        dispatch: target.clone(),
        unit: unit.clone(),
        name: node.name().to_owned(),
        external,
    });
    if external {
        // 受办分离: pending in the unit's own system again, no tasks.
        pending_again(dispatch_mut(&mut t.state, target)?);
        return Ok(());
    }
    match node {
        Node::Approver { .. } => create_approver_tasks(node, 0, t, ctx),
        Node::Unit { .. } | Node::Seal { .. } => {
            let candidates = step_candidates(node, &t.state, target, 0)
                .unwrap_or(Candidates::Users { users: Vec::new() });
            let name = step_name(node, 0, node.name());
            let new = NewTask {
                dispatch: target,
                step: 0,
                name: &name,
                candidates,
            };
            create_task(t, new, ctx.now);
            Ok(())
        }
        Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => Err(
            RuntimeError::BadReturnTarget("只能退回到审批、办理或盖章节点"),
        ),
    }
}

#[cfg(test)]
mod matrix;
#[cfg(test)]
mod tests;
