//! Data-driven scenario tests: the seed matter types (`lianban_seeds::matter_types`) driven
//! through the pure runtime, with the real Rhai engine of `scripting` and the declarative
//! validation of `definition`, as demo users (`lianban_seeds::demo_world`) would drive them.
//! No server and no I/O besides reading the scenario files.
//!
//! Each file in `tests/scenarios/*.json` is one matter: which seed matter type, who initiates
//! it, the form values, and the steps (who issues which runtime command, and what it must give).
//! See [`format`](mod@format) for the file format, [`refs`] for task references such as `"$rsj"`, and
//! [`Harness`] for how a step runs. New seed matter types and reported bugs each get a file;
//! `tests/scenarios.rs` runs them all.
//!
//! ```json
//! { "name": "…", "description": "…", "matter_type": "personnel_transfer",
//!   "initiator": "zzb_clerk", "values": { … },
//!   "steps": [
//!     { "as": "zzb_clerk", "command": {"type": "submit"},
//!       "expect": {"status": "running", "dispatches": {"rsj": "active"}} },
//!     { "as": "rsj_clerk", "command": {"type": "approve", "task": "$rsj", "opinion": "同意"},
//!       "expect": {"events": ["claimed", "approved", "task_created"]} } ] }
//! ```

mod check;
mod error;
pub mod format;
pub mod invariants;
pub mod refs;
mod runner;
mod validate;
mod world;

pub use check::{Outcome, contains};
pub use error::{HarnessError, Mismatch, StepFailure};
pub use format::{DispatchExpect, EventExpect, Expect, Scenario, Step, Wanted};
pub use runner::{Harness, Passed, SCENARIO_START};
pub use validate::{Rejection, validate_submission};
pub use world::{SeedRules, World};

use std::path::{Path, PathBuf};

/// The folder holding the scenario files.
pub fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// The scenario files (`*.json` in [`scenario_dir`]), sorted by name.
///
/// # Errors
/// When the folder cannot be read.
pub fn scenario_files() -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(scenario_dir())? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests;
