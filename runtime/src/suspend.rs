//! 挂起/恢复 (the matter waits, e.g. for 补正 materials, and its deadlines stand still), and the
//! read receipts of 抄送 copies.

use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{MatterState, MatterStatus, Pause, Suspension};
use crate::tasks::is_initiator;
use lianban_definition::NodeId;

/// Suspends a Running or Returned matter: no task can be acted on until it resumes; a pause
/// starts. Only the initiator or an administrator. Emits `Suspended`.
///
/// Errors: `WrongStatus`; `Suspended` when already suspended; `NotInitiator`; `Missing` reason.
pub(crate) fn suspend(
    state: &MatterState,
    reason: &str,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    const ACTION: &str = "挂起";
    running(state, ACTION)?;
    if state.suspended.is_some() {
        return Err(RuntimeError::Suspended { action: ACTION });
    }
    if !is_initiator(state, ctx, true) {
        return Err(RuntimeError::NotInitiator { action: ACTION });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RuntimeError::Missing {
            what: "挂起原因"
        });
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    t.state.suspended = Some(Suspension {
        since: ctx.now,
        by: ctx.actor.user.clone(),
        reason: reason.to_owned(),
    });
    t.state.pauses.push(Pause {
        from: ctx.now,
        to: None,
        kind: "suspended".to_owned(),
        dispatch: None,
    });
    t.events.push(Event::Suspended {
        reason: reason.to_owned(),
    });
    Ok(t)
}

/// Resumes a suspended matter; the pause ends. Only the initiator or an administrator.
/// Emits `Resumed`.
///
/// Errors: `WrongStatus` when it is not suspended (or not running); `NotInitiator`.
pub(crate) fn resume(state: &MatterState, note: &str, ctx: &Ctx<'_>) -> RuntimeResult<Transition> {
    const ACTION: &str = "恢复";
    running(state, ACTION)?;
    if state.suspended.is_none() {
        return Err(RuntimeError::WrongStatus {
            status: state.status,
            action: ACTION,
        });
    }
    if !is_initiator(state, ctx, true) {
        return Err(RuntimeError::NotInitiator { action: ACTION });
    }
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    t.state.suspended = None;
    for pause in &mut t.state.pauses {
        if pause.to.is_none() && pause.kind == "suspended" {
            pause.to = Some(ctx.now);
        }
    }
    t.events.push(Event::Resumed {
        note: note.trim().to_owned(),
    });
    Ok(t)
}

/// Records that the actor read the copy of CC node `node` (once; later reads change nothing).
///
/// Errors: `NotCandidate`-like `NotAllowed` when the actor did not receive that copy.
pub(crate) fn read_copy(
    state: &MatterState,
    node: &NodeId,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    let mut t = Transition {
        state: state.clone(),
        events: Vec::new(),
    };
    let mut received = false;
    for copy in t.state.cc.iter_mut().filter(|c| &c.node == node) {
        if copy.users.contains(&ctx.actor.user) {
            received = true;
            if !copy.read.contains_key(&ctx.actor.user) {
                copy.read.insert(ctx.actor.user.clone(), ctx.now);
                t.events.push(Event::CopyRead {
                    node: node.clone(),
                    by: ctx.actor.user.clone(),
                });
            }
        }
    }
    if !received {
        return Err(RuntimeError::NotAllowed {
            node: node.clone(),
            name: node.to_string(),
            action: "阅读抄送",
        });
    }
    Ok(t)
}

/// Refuses unless the matter is Running or Returned.
fn running(state: &MatterState, action: &'static str) -> RuntimeResult<()> {
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

#[cfg(test)]
mod tests;
