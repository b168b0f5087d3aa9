//! 受办分离: a handling unit that works in its own system. Lianban creates the unit's dispatch
//! without tasks (`Dispatched` with `external: true`; the server pushes the matter to that
//! system), and the system reports back through [`Command::External`](crate::Command::External):
//! it acknowledges receipt, reports its internal steps, and finally approves the dispatch or
//! returns it to the initiator. Approving moves the flow on exactly as a unit's last in-platform
//! step does; returning makes the dispatch wait for the initiator's resubmission exactly as an
//! in-platform return to the initiator does, after which it is pending in that system again.
//!
//! The runtime trusts the server for *who* reports: a report is accepted for the dispatch's
//! unit only, from the synthetic system actor the server builds for an authenticated external
//! system of that unit. In-platform operations (claim, approve, transfer, delegate, 加签 …)
//! name tasks, and an external dispatch has none, so they cannot reach it; the initiator's
//! operations (催办, 挂起/恢复, 作废 before anyone acted, 重新提交 after a return) work as for any
//! dispatch.

use crate::advance::advance;
use crate::approve::resume_waiting;
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{
    Dispatch, DispatchStatus, ExternalOutcome, ExternalProgress, ExternalStep, MatterState,
    MatterStatus, Pause, ReturnInfo, ReturnTo,
};
use crate::tasks::{complete_dispatch, dispatch_mut, find_node, settle_status};
use jiff::Timestamp;
use lianban_definition::flow::{AfterReturn, Handling, Node};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, UnitCode};
use serde::{Deserialize, Serialize};

pub use checks::{CLOCK_TOLERANCE, MAX_DOCUMENTS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use checks::{OPINION_TOO_LONG, REASON_TOO_LONG, checked_documents, checked_step, checked_text};

/// What a unit's own system reports on a dispatch it handles (受办分离).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExternalAction {
    /// 已接收: the system received the dispatch. Repeating it with the same reference (or none)
    /// changes nothing; another reference is refused.
    Ack {
        /// The system's own reference for the case (its 受理号).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        external_ref: Option<String>,
    },
    /// 内部流转: an internal step happened in the system.
    Step {
        /// The step's name there, e.g. 科室初审.
        name: String,
        /// Who handled it there.
        handler: String,
        /// When it happened, by that system's clock.
        at: Timestamp,
        /// The handler's opinion.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opinion: Option<String>,
    },
    /// 办结: the system approved; the dispatch completes and the flow moves on.
    Approve {
        /// The approval opinion.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opinion: Option<String>,
        /// Opaque file ids of the result documents (already stored by the server).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        documents: Vec<String>,
    },
    /// 退回: the system returns the dispatch to the initiator for correction.
    Return {
        /// Why (required).
        reason: String,
        /// The coded reason (a `return_reason` dictionary value; the server checks it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
}

/// Applies a report of `unit`'s own system on dispatch `node`.
///
/// Every action needs a Running or Returned matter, an existing dispatch that is handled
/// externally, belongs to `unit` and is Active. Then:
/// - `Ack` records `acked_at` and the reference; emits `ExternalAcked`. A repeat with the same
///   reference (or none) is accepted with no events and no change.
/// - `Step` appends an [`ExternalStep`] of the current round; emits `ExternalStepReported`.
/// - `Approve` records the outcome and documents, emits `ExternalApproved`, then completes the
///   dispatch as a unit's last step does: `DispatchCompleted`, dispatches waiting for this node
///   resume, and the flow advances (new dispatches, `BranchChosen`, possibly `AllCompleted`).
/// - `Return` returns it to the initiator: the dispatch becomes Returned (its clock pauses, the
///   return joins its history with the system actor as `by`), the matter Returned; emits
///   `ExternalReturned`. The initiator's `Resubmit` makes it pending in the system again.
///
/// `Ack` and `Step` are recorded while the matter is suspended (they report the past);
/// `Approve` and `Return` wait for it to resume, as an in-platform decision does.
///
/// Errors: `WrongStatus` unless Running or Returned; `DispatchNotFound`; `NotExternal` for a
/// dispatch handled in Lianban; `NotDispatchUnit` when `unit` is not its unit;
/// `DispatchWrongStatus` unless Active; `Suspended` (approve, return); `ExternalRefConflict`;
/// `BadExternalStep`; `BadExternalDocuments`; `Missing` for a blank return reason;
/// `NotAllowed` when the node does not allow returns; `NoUnit` / `Rule` / `NobodyResolves` /
/// `NoExternalSystem` from routing after an approval.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    (node, unit): (&NodeId, &UnitCode),
    action: &ExternalAction,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    let what = label(action);
    match state.status {
        MatterStatus::Running | MatterStatus::Returned => {}
        MatterStatus::Draft
        | MatterStatus::Completed
        | MatterStatus::Closed
        | MatterStatus::Voided => {
            return Err(RuntimeError::WrongStatus {
                status: state.status,
                action: what,
            });
        }
    }
    let dispatch = state
        .dispatch(node)
        .ok_or_else(|| RuntimeError::DispatchNotFound(node.clone()))?;
    live_external(dispatch, unit, what)?;
    let deciding = matches!(
        action,
        ExternalAction::Approve { .. } | ExternalAction::Return { .. }
    );
    if deciding && state.suspended.is_some() {
        return Err(RuntimeError::Suspended { action: what });
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    match action {
        ExternalAction::Ack { external_ref } => ack(&mut t, node, external_ref.as_deref(), ctx)?,
        ExternalAction::Step {
            name,
            handler,
            at,
            opinion,
        } => {
            let step = checked_step((name, handler), *at, opinion.as_deref(), dispatch, ctx)?;
            step_reported(&mut t, node, step)?;
        }
        ExternalAction::Approve { opinion, documents } => {
            let opinion = checked_text(opinion.as_deref(), OPINION_TOO_LONG)?;
            let documents = checked_documents(documents)?;
            approve(def, &mut t, node, (opinion, documents), ctx)?;
        }
        ExternalAction::Return { reason, code } => {
            give_back(def, &mut t, node, (reason, code.as_deref()), ctx)?;
        }
    }
    Ok(t)
}

/// The Chinese name of the action, for error messages.
fn label(action: &ExternalAction) -> &'static str {
    match action {
        ExternalAction::Ack { .. } => "接收",
        ExternalAction::Step { .. } => "报告办理过程",
        ExternalAction::Approve { .. } => "办结",
        ExternalAction::Return { .. } => "退回",
    }
}

/// Checks that `dispatch` is handled externally, by `unit`, and is Active.
fn live_external(dispatch: &Dispatch, unit: &UnitCode, what: &'static str) -> RuntimeResult<()> {
    if !dispatch.is_external() {
        return Err(RuntimeError::NotExternal(dispatch.node.clone()));
    }
    if &dispatch.unit != unit {
        return Err(RuntimeError::NotDispatchUnit {
            dispatch: dispatch.node.clone(),
            unit: unit.clone(),
        });
    }
    match dispatch.status {
        DispatchStatus::Active => Ok(()),
        DispatchStatus::Returned | DispatchStatus::Completed | DispatchStatus::Cancelled => {
            Err(RuntimeError::DispatchWrongStatus {
                dispatch: dispatch.node.clone(),
                action: what,
            })
        }
    }
}

/// The external progress of dispatch `node`, mutable.
fn progress_mut<'s>(
    state: &'s mut MatterState,
    node: &NodeId,
) -> RuntimeResult<&'s mut ExternalProgress> {
    dispatch_mut(state, node)?
        .external
        .as_mut()
        .ok_or_else(|| RuntimeError::NotExternal(node.clone()))
}

/// Records the acknowledgement; see [`apply`].
fn ack(
    t: &mut Transition,
    node: &NodeId,
    external_ref: Option<&str>,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let external_ref = external_ref.map(str::trim).filter(|r| !r.is_empty());
    if external_ref.is_some_and(|r| r.chars().count() > MAX_NAME_CHARS) {
        return Err(RuntimeError::BadExternalStep("对方系统的受理编号过长"));
    }
    let progress = progress_mut(&mut t.state, node)?;
    match (&progress.external_ref, external_ref) {
        (Some(known), Some(given)) if known != given => {
            return Err(RuntimeError::ExternalRefConflict {
                dispatch: node.clone(),
                known: known.clone(),
            });
        }
        (Some(_), _) | (None, None) if progress.acked_at.is_some() => return Ok(()),
        _ => {}
    }
    progress.acked_at.get_or_insert(ctx.now);
    if let Some(given) = external_ref {
        progress.external_ref = Some(given.to_owned());
    }
    let unit = dispatch_mut(&mut t.state, node)?.unit.clone();
    t.events.push(Event::ExternalAcked {
        dispatch: node.clone(),
        unit,
        external_ref: external_ref.map(str::to_owned),
    });
    Ok(())
}

/// Appends the step and emits `ExternalStepReported`.
fn step_reported(t: &mut Transition, node: &NodeId, step: ExternalStep) -> RuntimeResult<()> {
    let unit = dispatch_mut(&mut t.state, node)?.unit.clone();
    t.events.push(Event::ExternalStepReported {
        dispatch: node.clone(),
        unit,
        name: step.name.clone(),
        handler: step.handler.clone(),
        at: step.at,
        opinion: step.opinion.clone(),
    });
    progress_mut(&mut t.state, node)?.steps.push(step);
    Ok(())
}

/// Approves: outcome and documents, `ExternalApproved`, then the dispatch completes and the flow
/// moves on as after a unit's last in-platform step.
fn approve(
    def: &MatterTypeDef,
    t: &mut Transition,
    node: &NodeId,
    (opinion, documents): (Option<String>, Vec<String>),
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let unit = dispatch_mut(&mut t.state, node)?.unit.clone();
    let progress = progress_mut(&mut t.state, node)?;
    progress.outcome = Some(ExternalOutcome {
        at: ctx.now,
        opinion: opinion.clone(),
    });
    progress.documents = documents.clone();
    t.events.push(Event::ExternalApproved {
        dispatch: node.clone(),
        unit,
        opinion,
        documents,
    });
    complete_dispatch(t, node, ctx.now)?;
    resume_waiting(def, t, node, ctx)?;
    advance(def, t, ctx)?;
    settle_status(&mut t.state);
    Ok(())
}

/// Returns to the initiator, as an in-platform return to the initiator does.
fn give_back(
    def: &MatterTypeDef,
    t: &mut Transition,
    node: &NodeId,
    (reason, code): (&str, Option<&str>),
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    let definition = find_node(&def.flow.nodes, node)
        .ok_or_else(|| RuntimeError::DispatchNotFound(node.clone()))?;
    let rights = definition.rights().cloned().unwrap_or_default();
    if !rights.ops.can_return {
        return Err(RuntimeError::NotAllowed {
            node: node.clone(),
            name: definition.name().to_owned(),
            action: "退回",
        });
    }
    let reason = checked_text(Some(reason), REASON_TOO_LONG)?.ok_or(RuntimeError::Missing {
        what: "退回理由",
    })?;
    let code = code
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let info = ReturnInfo {
        step: 0,
        reason: reason.clone(),
        code: code.clone(),
        by: ctx.actor.user.clone(),
        at: ctx.now,
        to: ReturnTo::Initiator,
        rerun: rights.ops.after_return == AfterReturn::Rerun,
        resumed_at: None,
    };
    let d = dispatch_mut(&mut t.state, node)?;
    d.status = DispatchStatus::Returned;
    d.returned = Some(info.clone());
    d.returns.push(info);
    let unit = d.unit.clone();
    t.state.pauses.push(Pause {
        from: ctx.now,
        to: None,
        kind: "returned".to_owned(),
        dispatch: Some(node.clone()),
    });
    t.events.push(Event::ExternalReturned {
        dispatch: node.clone(),
        unit,
        reason,
        code,
    });
    settle_status(&mut t.state);
    Ok(())
}

/// Whether `node` is a unit node handled in the unit's own system.
pub(crate) fn is_external_node(node: &Node) -> bool {
    matches!(
        node,
        Node::Unit {
            handling: Handling::OwnSystem,
            ..
        }
    )
}

/// Refuses to hand node `(id, name)` to `unit` unless the unit has an external system.
pub(crate) fn require_system(
    (id, name): (&NodeId, &str),
    unit: &UnitCode,
    ctx: &Ctx<'_>,
) -> RuntimeResult<()> {
    if ctx.directory.has_external_system(unit) {
        Ok(())
    } else {
        Err(RuntimeError::NoExternalSystem {
            node: id.clone(),
            name: name.to_owned(),
            unit: unit.clone(),
        })
    }
}

/// Makes an external dispatch pending in its system again (a new round after a resubmission, a
/// re-run or a reopening): the latest outcome and documents go; acknowledgement, reference and
/// reported steps stay as history.
pub(crate) fn pending_again(dispatch: &mut Dispatch) {
    let progress = dispatch
        .external
        .get_or_insert_with(ExternalProgress::default);
    progress.outcome = None;
    progress.documents.clear();
}

mod checks;
#[cfg(test)]
mod tests;
