//! 同意: the handler approves a task; the dispatch moves to its next step or completes, and a
//! completed dispatch moves the flow on.

use crate::advance::{advance, seal_step};
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, MatterState, TaskId, TaskStatus};
use crate::tasks::{
    NewTask, cancel_pending, complete_dispatch, create_task, dispatch_mut, find_node,
    require_handling, settle_status, take_for_decision,
};
use lianban_definition::flow::{FieldAccess, Node, SignMode, UnitStep};
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
/// `NobodyResolves` from routing.
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
    let opinion = opinion.trim().to_owned();
    let task = &mut t.state.tasks[index];
    task.status = TaskStatus::Done;
    task.finished_at = Some(ctx.now);
    task.opinion = (!opinion.is_empty()).then(|| opinion.clone());
    let (dispatch, step) = (task.dispatch.clone(), task.step);
    t.events.push(Event::Approved {
        task: id,
        dispatch: dispatch.clone(),
        by: ctx.actor.user.clone(),
        opinion,
    });
    let finished = match node {
        Node::Unit { steps, .. } => next_step(&mut t, &dispatch, steps, step, ctx)?,
        Node::Seal { name, post, .. } => {
            next_step(&mut t, &dispatch, &[seal_step(name, post)], step, ctx)?
        }
        Node::Approver { mode, name, .. } => {
            let d = dispatch_mut(&mut t.state, &dispatch)?;
            d.approvals += 1;
            match mode {
                SignMode::Any => {
                    cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
                    true
                }
                SignMode::All => match d.quorum {
                    Some(quorum) if d.approvals >= quorum => {
                        cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
                        true
                    }
                    _ => !has_pending(&t.state, &dispatch),
                },
                SignMode::Sequential => match d.signers.get(step + 1).cloned() {
                    Some(candidates) if !has_pending(&t.state, &dispatch) => {
                        dispatch_mut(&mut t.state, &dispatch)?.step = step + 1;
                        let new = NewTask {
                            dispatch: &dispatch,
                            step: step + 1,
                            name,
                            candidates,
                        };
                        create_task(&mut t, new, ctx.now);
                        false
                    }
                    _ => !has_pending(&t.state, &dispatch),
                },
            }
        }
        Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            return Err(RuntimeError::DispatchNotFound(dispatch));
        }
    };
    if finished {
        complete_dispatch(&mut t, &dispatch, ctx.now)?;
        advance(def, &mut t, ctx)?;
    }
    settle_status(&mut t.state);
    Ok(t)
}

/// Moves a unit (or seal) dispatch past inner step `step`: a pool task for the next step, or
/// `true` when that was the last.
fn next_step(
    t: &mut Transition,
    dispatch: &NodeId,
    steps: &[UnitStep],
    step: usize,
    ctx: &Ctx<'_>,
) -> RuntimeResult<bool> {
    let Some(next) = steps.get(step + 1) else {
        return Ok(true);
    };
    let d = dispatch_mut(&mut t.state, dispatch)?;
    d.step = step + 1;
    let candidates = Candidates::Pool {
        unit: d.unit.clone(),
        post: next.post.clone(),
    };
    let new = NewTask {
        dispatch,
        step: step + 1,
        name: &next.name,
        candidates,
    };
    create_task(t, new, ctx.now);
    Ok(false)
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
        values.insert(key.clone(), value.clone());
    }
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
