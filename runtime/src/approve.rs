//! 同意: the handler approves a task; the dispatch moves to its next step or completes, and a
//! completed dispatch moves the flow on.

use crate::advance::{advance, approver_candidates};
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, MatterState, TaskId, TaskStatus};
use crate::tasks::{
    NewTask, cancel_pending, complete_dispatch, create_task, dispatch_mut, find_node,
    require_handling, settle_status, take_for_decision,
};
use lianban_definition::NodeId;
use lianban_definition::flow::{Node, SignMode};
use lianban_definition::matter_type::MatterTypeDef;

const ACTION: &str = "同意";

/// Approves task `id` with an opinion (may be empty). An open task is claimed implicitly by a
/// candidate (`Claimed` first). The task becomes Done; emits `Approved`. Then:
/// - unit dispatch, not at its last step: a pool task for the next step (`TaskCreated`);
/// - unit dispatch at its last step: the dispatch completes (`DispatchCompleted`) and the flow
///   advances (new dispatches, `BranchChosen`, possibly `AllCompleted`);
/// - approver, 或签: the other pending tasks are cancelled (`TasksCancelled`) and it completes;
/// - approver, 会签: it completes once none of its tasks is pending;
/// - approver, 依次: the next named user gets a task (`TaskCreated`); after the last, it completes.
///
/// The matter stays Returned while another dispatch is returned, else Running (or Completed).
///
/// Errors: `WrongStatus` unless Running or Returned; `TaskNotFound`; `NotCandidate`;
/// `TaskTaken` (claimed by someone else, or finished); `NoUnit` / `Rule` from routing.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    opinion: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ACTION)?;
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let index = take_for_decision(&mut t, id, ctx)?;
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
    let node = find_node(&def.flow.nodes, &dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(dispatch.clone()))?;
    let finished = match node {
        Node::Unit { steps, .. } => match steps.get(step + 1) {
            Some(next) => {
                let d = dispatch_mut(&mut t.state, &dispatch)?;
                d.step = step + 1;
                let candidates = Candidates::Pool {
                    unit: d.unit.clone(),
                    post: next.post.clone(),
                };
                let new = NewTask {
                    dispatch: &dispatch,
                    step: step + 1,
                    name: &next.name,
                    candidates,
                };
                create_task(&mut t, new, ctx.now);
                false
            }
            None => true,
        },
        Node::Approver {
            mode,
            assignee,
            name,
            ..
        } => match mode {
            SignMode::Any => {
                cancel_pending(&mut t, Some(&dispatch), None, ctx.now);
                true
            }
            SignMode::All => !has_pending(&t.state, &dispatch),
            SignMode::Sequential => {
                let unit = t.state.initiator_unit.clone();
                let order = approver_candidates(assignee, *mode, &unit);
                match order.into_iter().nth(step + 1) {
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
                }
            }
        },
        Node::Parallel { .. } | Node::Condition { .. } => {
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

/// Whether dispatch `node` still has an open or claimed task.
fn has_pending(state: &MatterState, node: &NodeId) -> bool {
    state.pending_tasks().any(|t| &t.dispatch == node)
}

#[cfg(test)]
mod tests;
