//! What must hold after every step of every scenario, whatever the file expects:
//!
//! - a pending (open or claimed) task belongs to an active dispatch;
//! - a pending task can be taken by at least one demo user, else the matter is stuck;
//! - a running or returned matter is `returned` exactly when one of its dispatches is;
//! - a completed, closed or voided matter has no pending task.
//!
//! Violations are reported as [`Mismatch`]es named `invariant: …`.

use crate::error::Mismatch;
use crate::world::World;
use lianban_runtime::{DispatchStatus, MatterState, MatterStatus};

/// Every invariant the state breaks.
pub fn check(state: &MatterState, world: &World) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for task in state.pending_tasks() {
        let label = format!("task {} ({} {})", task.id.0, task.dispatch, task.name);
        let dispatch = state.dispatch(&task.dispatch).map(|d| d.status);
        if dispatch != Some(DispatchStatus::Active) {
            out.push(Mismatch::new(
                "invariant: a pending task belongs to an active dispatch",
                format!("{label} in an active dispatch"),
                format!("dispatch status {dispatch:?}"),
            ));
        }
        if !world.anyone(|actor| task.candidates.admits(actor)) {
            out.push(Mismatch::new(
                "invariant: some demo user can take every pending task",
                format!("a demo user who may take {label}"),
                format!("nobody matches {}", serde_json::json!(task.candidates)),
            ));
        }
    }
    let returned = state
        .dispatches
        .iter()
        .any(|d| d.status == DispatchStatus::Returned);
    let pending = state.pending_tasks().count();
    match state.status {
        MatterStatus::Running | MatterStatus::Returned => {
            if returned != (state.status == MatterStatus::Returned) {
                out.push(Mismatch::new(
                    "invariant: status returned exactly when a dispatch is returned",
                    format!(
                        "returned dispatch: {}",
                        state.status == MatterStatus::Returned
                    ),
                    format!("returned dispatch: {returned}"),
                ));
            }
        }
        MatterStatus::Completed | MatterStatus::Closed | MatterStatus::Voided => {
            if pending > 0 {
                out.push(Mismatch::new(
                    "invariant: a finished matter has no pending task",
                    "0 pending tasks",
                    format!("{pending} pending tasks"),
                ));
            }
        }
        MatterStatus::Draft => {}
    }
    out
}
