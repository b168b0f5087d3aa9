//! 加签 and 减签 on multi-person approver nodes (会签 and 依次): a signer adds people before or
//! after themselves, or removes a pending signer. 或签 nodes are decided by one person and unit
//! steps by a post's pool, so neither takes signers.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{Candidates, MatterState, TaskId, TaskStatus};
use crate::tasks::{NewTask, create_task, dispatch_mut, find_node, held_task, require_handling};
use lianban_definition::flow::{Node, SignMode};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, UserName};

const ADD: &str = "加签";
const REMOVE: &str = "减签";

/// The 会签/依次 approver node of a task, when the node allows signer changes.
fn signer_node<'d>(
    def: &'d MatterTypeDef,
    dispatch: &NodeId,
    action: &'static str,
) -> RuntimeResult<(&'d Node, SignMode)> {
    let node = find_node(&def.flow.nodes, dispatch)
        .ok_or_else(|| RuntimeError::DispatchNotFound(dispatch.clone()))?;
    let refuse = || RuntimeError::NotAllowed {
        node: node.id().clone(),
        name: node.name().to_owned(),
        action,
    };
    match node {
        Node::Approver { mode, rights, .. } if rights.ops.add_signer => match mode {
            SignMode::All | SignMode::Sequential => Ok((node, *mode)),
            SignMode::Any => Err(RuntimeError::BadSigners(
                "或签节点一人同意即通过，不能加签或减签",
            )),
        },
        Node::Approver { .. } => Err(refuse()),
        _ => Err(RuntimeError::BadSigners(
            "只有会签或依次审批节点可以加签或减签",
        )),
    }
}

/// Adds `users` as signers at the node of the actor's task `id`.
/// - 会签, after: each gets a task now; the node also waits for them.
/// - 会签, before: each gets a task marked as delegated by the actor; the actor's task is
///   cancelled and comes back to the actor once they have all approved.
/// - 依次: they are inserted into the order right after the actor (after), or right before
///   (before: the actor's task is cancelled, the first of them gets it, the actor follows).
///
/// Emits `SignersAdded`, then `TasksCancelled` / `TaskCreated` as needed.
///
/// Errors: `WrongStatus`; `Suspended`; the task checks of [`held_task`]; `NotAllowed` when the
/// node does not allow it; `BadSigners` for a 或签 node or unit step, no users, or a user who
/// already signs there (or is the actor).
pub(crate) fn add(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    users: &[UserName],
    before: bool,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, ADD)?;
    let task = held_task(state, id, ctx)?.clone();
    let (node, mode) = signer_node(def, &task.dispatch, ADD)?;
    let mut fresh: Vec<UserName> = Vec::new();
    for user in users {
        if !fresh.contains(user) {
            fresh.push(user.clone());
        }
    }
    if fresh.is_empty() {
        return Err(RuntimeError::BadSigners("请选择要加签的人员"));
    }
    let signing = |u: &UserName| {
        state.pending_tasks().any(|t| {
            t.dispatch == task.dispatch
                && (t.assignee.as_ref() == Some(u)
                    || t.candidates
                        == (Candidates::Users {
                            users: vec![u.clone()],
                        }))
        }) || state.dispatch(&task.dispatch).is_some_and(|d| {
            d.signers[d.step.min(d.signers.len())..].contains(&Candidates::Users {
                users: vec![u.clone()],
            })
        })
    };
    if fresh.iter().any(|u| u == &ctx.actor.user || signing(u)) {
        return Err(RuntimeError::BadSigners("所选人员已在本节点审批"));
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    t.events.push(Event::SignersAdded {
        dispatch: task.dispatch.clone(),
        users: fresh.clone(),
        before,
    });
    let one = |u: &UserName| Candidates::Users {
        users: vec![u.clone()],
    };
    let cancel_own = |t: &mut Transition| {
        if let Some(own) = t.state.tasks.iter_mut().find(|x| x.id == id) {
            own.status = TaskStatus::Cancelled;
            own.finished_at = Some(ctx.now);
            own.opinion = Some(format!("{ADD}（前加签）"));
        }
        t.events.push(Event::TasksCancelled { tasks: vec![id] });
    };
    match mode {
        SignMode::Sequential => {
            let d = dispatch_mut(&mut t.state, &task.dispatch)?;
            if d.signers.is_empty() {
                // A single signer so far: the order is just the actor.
                d.signers.push(one(&ctx.actor.user));
            }
            let at = if before { task.step } else { task.step + 1 };
            let at = at.min(d.signers.len());
            for (k, user) in fresh.iter().enumerate() {
                d.signers.insert(at + k, one(user));
            }
            if before {
                cancel_own(&mut t);
                let new = NewTask {
                    dispatch: &task.dispatch,
                    step: task.step,
                    name: node.name(),
                    candidates: one(&fresh[0]),
                };
                create_task(&mut t, new, ctx.now);
            }
        }
        SignMode::All | SignMode::Any => {
            if before {
                cancel_own(&mut t);
            }
            for user in &fresh {
                let new = NewTask {
                    dispatch: &task.dispatch,
                    step: task.step,
                    name: node.name(),
                    candidates: one(user),
                };
                let created = create_task(&mut t, new, ctx.now);
                if before && let Some(c) = t.state.tasks.iter_mut().find(|x| x.id == created) {
                    c.delegated_by = Some(ctx.actor.user.clone());
                    c.added_before = true;
                }
            }
        }
    }
    Ok(t)
}

/// Removes pending signer `user` from the node of task `id`, which the actor holds (an
/// administrator may name any pending task of the node): in 会签 their task is cancelled; in
/// 依次 they leave the order ahead. Emits `SignerRemoved` (and `TasksCancelled`).
///
/// Errors: `WrongStatus`; `Suspended`; the task checks of [`held_task`] (not for an
/// administrator); `NotAllowed`; `BadSigners` when `user` is not a pending signer there, is the
/// actor, or is the last one left.
pub(crate) fn remove(
    def: &MatterTypeDef,
    state: &MatterState,
    id: TaskId,
    user: &UserName,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    require_handling(state, REMOVE)?;
    let task = if ctx.actor.admin {
        state
            .task(id)
            .filter(|t| matches!(t.status, TaskStatus::Open | TaskStatus::Claimed))
            .ok_or(RuntimeError::TaskTaken(id))?
            .clone()
    } else {
        held_task(state, id, ctx)?.clone()
    };
    let (_, mode) = signer_node(def, &task.dispatch, REMOVE)?;
    if user == &ctx.actor.user {
        return Err(RuntimeError::BadSigners("不能减去自己"));
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let target = Candidates::Users {
        users: vec![user.clone()],
    };
    match mode {
        SignMode::Sequential => {
            let d = dispatch_mut(&mut t.state, &task.dispatch)?;
            let ahead = d.step + 1;
            let Some(k) = d
                .signers
                .iter()
                .skip(ahead)
                .position(|c| c == &target)
                .map(|k| k + ahead)
            else {
                return Err(RuntimeError::BadSigners("该人员不是本节点待审批的人"));
            };
            d.signers.remove(k);
        }
        SignMode::All | SignMode::Any => {
            let pending: Vec<TaskId> = t
                .state
                .pending_tasks()
                .filter(|x| x.dispatch == task.dispatch)
                .map(|x| x.id)
                .collect();
            let theirs = t
                .state
                .pending_tasks()
                .find(|x| {
                    x.dispatch == task.dispatch
                        && (x.candidates == target || x.assignee.as_ref() == Some(user))
                })
                .map(|x| x.id)
                .ok_or(RuntimeError::BadSigners("该人员不是本节点待审批的人"))?;
            if pending.len() < 2 {
                return Err(RuntimeError::BadSigners("不能减去最后一位审批人"));
            }
            if let Some(x) = t.state.tasks.iter_mut().find(|x| x.id == theirs) {
                x.status = TaskStatus::Cancelled;
                x.finished_at = Some(ctx.now);
                x.opinion = Some(REMOVE.to_owned());
            }
            t.events.push(Event::TasksCancelled {
                tasks: vec![theirs],
            });
        }
    }
    t.events.insert(
        0,
        Event::SignerRemoved {
            dispatch: task.dispatch.clone(),
            user: user.clone(),
        },
    );
    Ok(t)
}

#[cfg(test)]
mod tests;
