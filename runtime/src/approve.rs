//! 同意: the handler approves a task; the dispatch moves to its next step or completes, and a
//! completed dispatch moves the flow on.

use crate::advance::{advance, create_approver_tasks};
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::external::{is_external_node, pending_again};
use crate::state::{
    Candidates, DispatchStatus, LastApproval, MatterState, NodeRun, NodeStatus, ReturnInfo,
    ReturnTo, TaskId, TaskStatus,
};
use crate::tasks::{
    NewTask, cancel_pending, complete_dispatch, create_task, dispatch_mut, find_node, is_before,
    positions, require_handling, settle_status, step_candidates, take_for_decision,
};
use lianban_definition::flow::{FieldAccess, Node, SignMode};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{FieldKey, NodeId};

const ACTION: &str = "同意";

/// Approves task `id` with an opinion (may be empty). An open task is claimed implicitly by a
/// candidate (`Claimed` first). The task becomes Done; emits `Approved`. Then:
/// - unit dispatch, not at its last step: a pool task for the next step (`TaskCreated`);
/// - unit dispatch at its last step: the dispatch completes (`DispatchCompleted`) and the flow
///   advances (new dispatches, `BranchChosen`, possibly `AllCompleted`);
/// - approver, 或签: the other pending tasks are cancelled (`TasksCancelled`) and it completes;
/// - approver, 会签: it completes once none of its tasks is pending, or, by percentage, once the
///   round's quorum has approved (the remaining signers' tasks are cancelled);
/// - approver, 依次: the next signer gets a task (`TaskCreated`); after the last, it completes.
///
/// `edits` change fields the node makes editable, before the approval (`ValuesEdited`).
/// The matter stays Returned while another dispatch is returned, else Running (or Completed).
///
/// Errors: `WrongStatus` unless Running or Returned; `TaskNotFound`; `NotCandidate`;
/// `TaskTaken` (claimed by someone else, or finished); `FieldNotEditable`; `NoUnit` / `Rule` /
/// `NobodyResolves` / `NoExternalSystem` from routing.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    opinion: &str,
    edits: &FormValues,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let index = take_for_decision(&mut t, id, ctx)?;
    let node = find_node(&def.flow.nodes, &t.state.tasks[index].dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(t.state.tasks[index].dispatch.clone()))?;
    apply_edits(def, &mut t, (id, node), edits)?;
    let before_tasks = t.state.tasks.len();
    let undo = LastApproval {
        task: id,
        by: ctx.actor.user.clone(),
        runs_before: state.nodes.clone(),
        dispatches_before: state.dispatches.clone(),
        status_before: state.status,
        values_before: state.values.clone(),
        cc_before: state.cc.len(),
        created: Vec::new(),
    };
    let opinion = opinion.trim().to_owned();
    let task = &mut t.state.tasks[index];
    task.status = TaskStatus::Done;
    task.finished_at = Some(ctx.now);
    task.opinion = (!opinion.is_empty()).then(|| opinion.clone());
    let (dispatch, step, delegator) = (task.dispatch.clone(), task.step, task.delegated_by.clone());
    let name = task.name.clone();
    t.events.push(Event::Approved {
        task: id,
        dispatch: dispatch.clone(),
        by: ctx.actor.user.clone(),
        opinion,
    });
    if let Some(delegator) = delegator {
        // 委派 or 前加签: once every such task of the delegator is done, it goes back to them.
        let others = t
            .state
            .pending_tasks()
            .any(|x| x.dispatch == dispatch && x.delegated_by.as_ref() == Some(&delegator));
        if others {
            return Ok(t);
        }
        let new = NewTask {
            dispatch: &dispatch,
            step,
            name: &name,
            candidates: Candidates::Users {
                users: vec![delegator],
            },
        };
        create_task(&mut t, new, ctx.now);
        return Ok(t);
    }
    let finished = match node {
        Node::Unit { .. }
        | Node::Seal { .. }
        | Node::Approver {
            mode: SignMode::Sequential,
            ..
        } => {
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.approvals += 1;
            let sequential = matches!(node, Node::Approver { .. });
            if sequential && has_pending(&t.state, &dispatch) {
                false
            } else {
                next_step(&mut t, node, &dispatch, step, ctx)?
            }
        }
        Node::Approver { mode, .. } => {
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.approvals += 1;
            match (mode, d.quorum) {
                (SignMode::All, Some(quorum)) if d.approvals >= quorum => {
                    cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
                    true
                }
                (SignMode::All, _) => !has_pending(&t.state, &dispatch),
                _ => {
                    cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
                    true
                }
            }
        }
        Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            return Err(RuntimeError::DispatchNotFound(dispatch));
        }
    };
    if finished {
        complete_dispatch(&mut t, &dispatch, ctx.now)?;
        resume_waiting(def, &mut t, &dispatch, ctx)?;
        advance(def, &mut t, ctx)?;
    }
    settle_status(&mut t.state);
    let created = t.state.tasks[before_tasks..].iter().map(|t| t.id).collect();
    t.state.last_approval = Some(Box::new(LastApproval { created, ..undo }));
    Ok(t)
}

/// Moves a unit, seal or 依次 dispatch past inner step `step`: the next step's task — or, after
/// a return to an earlier step that goes straight back, the returning step's — or `true` when
/// that was the last step.
fn next_step(
    t: &mut Transition,
    node: &Node,
    dispatch: &NodeId,
    step: usize,
    ctx: &Ctx<'_>,
) -> RuntimeResult<bool> {
    let d = dispatch_mut(&mut t.state, dispatch)?;
    let next = match d.back_to.take() {
        Some(back) if back > step => back,
        _ => step + 1,
    };
    let Some(candidates) = step_candidates(node, &t.state, dispatch, next) else {
        return Ok(true);
    };
    dispatch_mut(&mut t.state, dispatch)?.step = next;
    let name = match node {
        Node::Unit { steps, .. } => steps[next].name.clone(),
        _ => node.name().to_owned(),
    };
    let new = NewTask {
        dispatch,
        step: next,
        name: &name,
        candidates,
    };
    create_task(t, new, ctx.now);
    Ok(false)
}

/// After node `done` finished again: every dispatch that returned to it goes straight back to
/// its returning step (a new round of tasks there), or — when it re-runs the path — the nodes
/// between `done` and it are reset so the walker runs them (and it) again.
pub(crate) fn resume_waiting(
    def: &MatterTypeDef,
    t: &mut Transition,
    done: &NodeId,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let waiting: Vec<(NodeId, ReturnInfo)> = t
        .state
        .dispatches
        .iter()
        .filter(|d| d.status == DispatchStatus::Returned)
        .filter_map(|d| {
            let info = d.returned.clone()?;
            (info.to == (ReturnTo::Node { node: done.clone() })).then(|| (d.node.clone(), info))
        })
        .collect();
    for (id, info) in waiting {
        let d = dispatch_mut(&mut t.state, &id)?;
        if let Some(r) = d.returned.as_mut() {
            r.resumed_at = Some(ctx.now);
        }
        if let Some(r) = d.returns.last_mut() {
            r.resumed_at = Some(ctx.now);
        }
        let node = find_node(&def.flow.nodes, &id)
            .ok_or_else(|| RuntimeError::DispatchNotFound(id.clone()))?;
        if info.rerun {
            rerun_between(&def.flow.nodes, &mut t.state.nodes, done, &id);
        } else {
            let d = dispatch_mut(&mut t.state, &id)?;
            d.status = DispatchStatus::Active;
            reopen_at(node, t, &id, info.step, ctx)?;
        }
    }
    Ok(())
}

/// Creates the tasks of `node`'s dispatch `id` at inner step `step` (a new round): a unit's or
/// seal's step pool, or the approver node's signers (依次 from `step`). A unit handled in its
/// own system gets no tasks: it is pending in that system again.
pub(crate) fn reopen_at(
    node: &Node,
    t: &mut Transition,
    id: &NodeId,
    step: usize,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let dispatch = dispatch_mut(&mut t.state, id)?;
    if is_external_node(node) {
        dispatch.step = 0;
        pending_again(dispatch);
        return Ok(());
    }
    dispatch.step = step;
    match node {
        Node::Approver { .. } => create_approver_tasks(node, step, t, ctx),
        _ => {
            let candidates = step_candidates(node, &t.state, id, step)
                .ok_or_else(|| RuntimeError::DispatchNotFound(id.clone()))?;
            let name = match node {
                Node::Unit { steps, .. } => steps[step].name.clone(),
                _ => node.name().to_owned(),
            };
            let new = NewTask {
                dispatch: id,
                step,
                name: &name,
                candidates,
            };
            create_task(t, new, ctx.now);
            Ok(())
        }
    }
}

/// Resets the runs of the nodes after `from` up to and including `to`, so the walker runs the
/// path again: nodes strictly between are forgotten, branch nodes that contain `to` become
/// Active (keeping a condition's choice), and `to` itself is forgotten.
fn rerun_between(
    nodes: &[Node],
    runs: &mut std::collections::BTreeMap<NodeId, NodeRun>,
    from: &NodeId,
    to: &NodeId,
) {
    let positions = positions(nodes);
    let (Some(pf), Some(pt)) = (positions.get(from), positions.get(to)) else {
        return;
    };
    for (id, p) in &positions {
        if id == to {
            runs.remove(id);
        } else if pt.starts_with(p) {
            if let Some(run) = runs.get_mut(id) {
                run.status = NodeStatus::Active;
            }
        } else if is_before(pf, p) && is_before(p, pt) {
            runs.remove(id);
        }
    }
}

/// Applies a handler's edits: every edited field must be editable at the node; the values
/// change and `ValuesEdited` lists the changes (none when nothing actually changed).
fn apply_edits(
    def: &MatterTypeDef,
    t: &mut Transition,
    (task, node): (TaskId, &Node),
    edits: &FormValues,
) -> RuntimeResult<()> {
    if edits.is_empty() {
        return Ok(());
    }
    let rights = node.rights().cloned().unwrap_or_default();
    for key in edits.keys() {
        if rights.access(key) != FieldAccess::Editable || def.form.field(key).is_none() {
            return Err(RuntimeError::FieldNotEditable {
                field: FieldKey::new(key.as_str()),
            });
        }
    }
    let mut values = t.state.values.clone();
    for (key, value) in edits {
        if value.is_null() {
            values.remove(key);
        } else {
            values.insert(key.clone(), value.clone());
        }
    }
    // Computed fields follow the fields they are computed from.
    let values = def.form.compute(&values);
    let changes = def.form.diff(&t.state.values, &values);
    t.state.values = values;
    if !changes.is_empty() {
        t.events.push(Event::ValuesEdited { task, changes });
    }
    Ok(())
}

/// Whether dispatch `node` still has an open or claimed task.
fn has_pending(state: &MatterState, node: &NodeId) -> bool {
    state.pending_tasks().any(|t| &t.dispatch == node)
}

#[cfg(test)]
mod tests;
