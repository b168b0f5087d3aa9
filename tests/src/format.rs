//! The scenario file format (`tests/scenarios/*.json`): one matter of one seed matter type,
//! driven step by step by demo users, with what each step must give.
//!
//! Every struct refuses unknown keys, so a misspelt expectation fails loudly instead of being
//! ignored. [`Scenario::check`] refuses contradictory expectations before anything runs.

use lianban_definition::form::FormValues;
use lianban_runtime::{DispatchStatus, MatterStatus};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, e.g. `人员调入：退回后补正`.
    pub name: String,
    /// What the scenario shows (Chinese).
    #[serde(default)]
    pub description: String,
    /// Code of the seed matter type, e.g. `personnel_transfer`.
    pub matter_type: String,
    /// Demo user who registers the matter; its unit is the initiating unit.
    pub initiator: String,
    /// The draft's form values; `submit` and `resubmit` send them unless the command has its own.
    pub values: FormValues,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One command by one demo user, and what it must give.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The demo user issuing the command.
    #[serde(rename = "as")]
    pub actor: String,
    /// A note for readers (Chinese); not checked.
    #[serde(default)]
    pub comment: String,
    /// Minutes the scenario clock moves on before the step.
    #[serde(default)]
    pub advance_minutes: i64,
    /// Edits to the scenario's form values before the step (`null` removes a field), as the
    /// initiator would make them in the form before submitting or resubmitting.
    #[serde(default)]
    pub change: Map<String, Value>,
    /// A runtime `Command` as JSON (`{"type": "approve", "task": "$rsj", "opinion": "同意"}`).
    /// `submit`/`resubmit` without `values` get the scenario's values; a `task` written as
    /// `"$<dispatch>"` or `"$<dispatch>.<step id>"` is resolved by the harness (see
    /// [`crate::refs`]).
    pub command: Value,
    /// What the step must give.
    #[serde(default)]
    pub expect: Expect,
}

/// Expectations of one step. Only what is given is checked, except the outcome: a step with no
/// `error_code`, `validation_errors` or `"ok": false` must succeed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Whether the command is applied. `false` alone accepts any refusal.
    #[serde(default)]
    pub ok: Option<bool>,
    /// The expected `RuntimeError::code()` (or `script_*` code of a failing validation rule).
    #[serde(default)]
    pub error_code: Option<String>,
    /// The matter's status after the step.
    #[serde(default)]
    pub status: Option<MatterStatus>,
    /// Dispatch statuses after the step, by dispatch (node) id; `absent` = not created.
    #[serde(default)]
    pub dispatches: BTreeMap<String, DispatchExpect>,
    /// Fields the matter's stored (cleaned) values must contain after the step; `null` = the
    /// field is absent.
    #[serde(default)]
    pub values: Option<Map<String, Value>>,
    /// Exactly the dispatches that have an open or claimed task after the step (any order).
    #[serde(default)]
    pub pending: Option<Vec<String>>,
    /// Exactly the events the step emits, in order: an event `type`, or an object that must
    /// be contained in the event's JSON (e.g. `{"type": "branch_chosen", "branch": "…"}`).
    #[serde(default)]
    pub events: Option<Vec<EventExpect>>,
    /// For `submit`/`resubmit`: exactly the issues validation reports, in order, as field
    /// paths (`from_unit`) or path and code (`id_number:bad_checksum`). The command is then
    /// not applied.
    #[serde(default)]
    pub validation_errors: Option<Vec<String>>,
}

/// The expected status of a dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchExpect {
    /// Being handled.
    Active,
    /// Returned to the initiator.
    Returned,
    /// Finished.
    Completed,
    /// Cancelled by a void.
    Cancelled,
    /// Not created (not reached yet, or on a branch not taken).
    Absent,
}

impl DispatchExpect {
    /// The name scenario files use, e.g. `active`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Returned => "returned",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Absent => "absent",
        }
    }

    /// The expectation an actual dispatch status meets (`Absent` for no dispatch).
    pub fn of(status: Option<DispatchStatus>) -> Self {
        match status {
            None => Self::Absent,
            Some(DispatchStatus::Active) => Self::Active,
            Some(DispatchStatus::Returned) => Self::Returned,
            Some(DispatchStatus::Completed) => Self::Completed,
            Some(DispatchStatus::Cancelled) => Self::Cancelled,
        }
    }
}

/// One expected event.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EventExpect {
    /// Only the event's `type`, e.g. `dispatched`.
    Type(String),
    /// Fields the event's JSON must contain (objects by key, arrays element by element).
    Fields(Map<String, Value>),
}

/// The outcome a step asks for, derived from its [`Expect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted<'a> {
    /// The command is applied.
    Applied,
    /// The runtime (or a validation rule) refuses it, with this code if given.
    Refused(Option<&'a str>),
    /// Validation rejects the values with exactly these issues.
    Invalid(&'a [String]),
    /// Any refusal or rejection.
    AnyFailure,
}

impl Expect {
    /// The outcome this step asks for.
    pub fn wanted(&self) -> Wanted<'_> {
        match (&self.validation_errors, &self.error_code, self.ok) {
            (Some(paths), _, _) => Wanted::Invalid(paths),
            (None, Some(code), _) => Wanted::Refused(Some(code)),
            (None, None, Some(false)) => Wanted::AnyFailure,
            (None, None, Some(true) | None) => Wanted::Applied,
        }
    }

    /// Why these expectations contradict each other, if they do.
    fn contradiction(&self) -> Option<&'static str> {
        let failure = self.error_code.is_some() || self.validation_errors.is_some();
        if self.ok == Some(true) && failure {
            Some("\"ok\": true contradicts error_code / validation_errors")
        } else if self.error_code.is_some() && self.validation_errors.is_some() {
            Some("error_code and validation_errors exclude each other")
        } else if failure && self.events.as_ref().is_some_and(|e| !e.is_empty()) {
            Some("a refused step emits no events")
        } else {
            None
        }
    }
}

impl Scenario {
    /// Refuses a scenario without steps or with contradictory expectations; the message
    /// names the step.
    pub fn check(&self) -> Result<(), String> {
        if self.steps.is_empty() {
            return Err("the scenario has no steps".to_owned());
        }
        for (index, step) in self.steps.iter().enumerate() {
            if let Some(why) = step.expect.contradiction() {
                return Err(format!("steps[{index}].expect: {why}"));
            }
            if step.advance_minutes < 0 {
                return Err(format!(
                    "steps[{index}].advance_minutes: the clock only moves on"
                ));
            }
        }
        Ok(())
    }
}
