//! Compares what a step gave with what its [`Expect`] asks for, producing one [`Mismatch`]
//! per difference, each with enough context to see why without rerunning.

use crate::error::Mismatch;
use crate::format::{DispatchExpect, EventExpect, Expect, Wanted};
use lianban_definition::Issue;
use lianban_definition::NodeId;
use lianban_runtime::{Event, MatterState, MatterStatus};
use serde_json::Value;

/// What a step gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The runtime applied the command and emitted these events.
    Applied(Vec<Event>),
    /// The runtime (or a failing validation rule) refused it.
    Refused {
        /// The stable code.
        code: String,
        /// The message.
        message: String,
    },
    /// Validation rejected the values.
    Invalid(Vec<Issue>),
}

impl Outcome {
    /// The emitted events (none unless applied).
    fn events(&self) -> &[Event] {
        match self {
            Outcome::Applied(events) => events,
            Outcome::Refused { .. } | Outcome::Invalid(_) => &[],
        }
    }

    /// A one-line description for mismatch reports.
    fn describe(&self) -> String {
        match self {
            Outcome::Applied(events) => format!("applied, events {}", list(&types(events))),
            Outcome::Refused { code, message } => format!("refused {code} ({message})"),
            Outcome::Invalid(issues) => format!("invalid {}", list(&issue_labels(issues))),
        }
    }
}

/// Every unmet expectation of one step; `state` is the state after the step.
pub fn compare(expect: &Expect, outcome: &Outcome, state: &MatterState) -> Vec<Mismatch> {
    let mut out = Vec::new();
    out.extend(check_outcome(expect.wanted(), outcome));
    // When the outcome is already wrong, an events difference only repeats it.
    if let Some(events) = &expect.events
        && out.is_empty()
    {
        out.extend(check_events(events, outcome.events()));
    }
    if let Some(status) = expect.status
        && status != state.status
    {
        out.push(Mismatch::new(
            "status",
            status_name(status),
            status_name(state.status),
        ));
    }
    for (dispatch, wanted) in &expect.dispatches {
        let actual = DispatchExpect::of(state.dispatch(&NodeId::new(dispatch)).map(|d| d.status));
        if actual != *wanted {
            let what = format!("dispatches.{dispatch}");
            out.push(Mismatch::new(what, wanted.name(), actual.name()));
        }
    }
    if let Some(values) = &expect.values {
        let wanted = Value::Object(values.clone());
        let actual = Value::Object(state.values.clone());
        if !contains(&wanted, &actual) {
            out.push(Mismatch::new(
                "values",
                wanted.to_string(),
                actual.to_string(),
            ));
        }
    }
    if let Some(pending) = &expect.pending {
        let mut wanted = pending.clone();
        wanted.sort();
        let mut actual: Vec<String> = state
            .pending_tasks()
            .map(|t| t.dispatch.to_string())
            .collect();
        actual.sort();
        actual.dedup();
        if wanted != actual {
            out.push(Mismatch::new("pending", list(&wanted), list(&actual)));
        }
    }
    out
}

/// The outcome itself: applied, refused with the right code, or rejected with the right issues.
fn check_outcome(wanted: Wanted<'_>, outcome: &Outcome) -> Option<Mismatch> {
    let ok = match (wanted, outcome) {
        (Wanted::Applied, Outcome::Applied(_)) => true,
        (Wanted::Refused(None) | Wanted::AnyFailure, Outcome::Refused { .. }) => true,
        (Wanted::Refused(Some(want)), Outcome::Refused { code, .. }) => want == code,
        (Wanted::Invalid(paths), Outcome::Invalid(issues)) => issues_match(paths, issues),
        (Wanted::AnyFailure, Outcome::Invalid(_)) => true,
        (Wanted::Applied | Wanted::Refused(_) | Wanted::Invalid(_) | Wanted::AnyFailure, _) => {
            false
        }
    };
    if ok {
        return None;
    }
    let expected = match wanted {
        Wanted::Applied => "applied".to_owned(),
        Wanted::Refused(Some(code)) => format!("refused {code}"),
        Wanted::Refused(None) | Wanted::AnyFailure => "refused".to_owned(),
        Wanted::Invalid(paths) => format!("invalid {}", list(paths)),
    };
    let mismatch = Mismatch::new("outcome", expected, outcome.describe());
    Some(match outcome {
        Outcome::Invalid(issues) => mismatch.detail(format!(
            "messages: {}",
            issues
                .iter()
                .map(|i| i.message.as_str())
                .collect::<Vec<_>>()
                .join("；")
        )),
        Outcome::Applied(_) | Outcome::Refused { .. } => mismatch,
    })
}

/// Whether the reported issues are exactly the expected `path` or `path:code` entries, in order.
fn issues_match(expected: &[String], issues: &[Issue]) -> bool {
    expected.len() == issues.len()
        && expected
            .iter()
            .zip(issues)
            .all(|(want, issue)| match want.split_once(':') {
                Some((path, code)) => issue.path == path && issue.code == code,
                None => &issue.path == want,
            })
}

/// `path:code` of each issue.
fn issue_labels(issues: &[Issue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| format!("{}:{}", i.path, i.code))
        .collect()
}

/// The events, in order and exactly.
fn check_events(expected: &[EventExpect], actual: &[Event]) -> Option<Mismatch> {
    let actual: Vec<Value> = actual
        .iter()
        .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
        .collect();
    let first_difference = expected
        .iter()
        .zip(&actual)
        .position(|(want, got)| !event_matches(want, got));
    let detail = match first_difference {
        Some(i) => format!(
            "first difference at events[{i}]: expected {}, got {}",
            expectation_text(&expected[i]),
            actual[i]
        ),
        None if expected.len() == actual.len() => return None,
        None if expected.len() < actual.len() => {
            format!(
                "unexpected extra events from events[{}]: {}",
                expected.len(),
                Value::from(&actual[expected.len()..])
            )
        }
        None => format!("missing events from events[{}]", actual.len()),
    };
    let wanted: Vec<String> = expected.iter().map(expectation_text).collect();
    let got: Vec<String> = actual
        .iter()
        .map(|v| v["type"].as_str().unwrap_or("?").to_owned())
        .collect();
    Some(Mismatch::new("events", list(&wanted), list(&got)).detail(detail))
}

/// Whether one event meets one expectation.
fn event_matches(expected: &EventExpect, actual: &Value) -> bool {
    match expected {
        EventExpect::Type(kind) => actual["type"].as_str() == Some(kind.as_str()),
        EventExpect::Fields(fields) => contains(&Value::Object(fields.clone()), actual),
    }
}

/// Whether `actual` contains `expected`: objects key by key (a `null` matches a missing key),
/// arrays element by element with the same length, other values equal.
pub fn contains(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => want.iter().all(|(key, value)| {
            got.get(key)
                .map_or(value.is_null(), |found| contains(value, found))
        }),
        (Value::Array(want), Value::Array(got)) => {
            want.len() == got.len() && want.iter().zip(got).all(|(w, g)| contains(w, g))
        }
        _ => expected == actual,
    }
}

/// An expected event as written in the scenario.
fn expectation_text(expected: &EventExpect) -> String {
    match expected {
        EventExpect::Type(kind) => kind.clone(),
        EventExpect::Fields(fields) => Value::Object(fields.clone()).to_string(),
    }
}

/// The `type` of each event.
fn types(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            serde_json::to_value(e)
                .ok()
                .and_then(|v| v["type"].as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect()
}

/// The snake_case name of a status, as scenario files write it.
fn status_name(status: MatterStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{status:?}"))
}

/// `[a, b, c]`.
fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}
