//! Behaviour tests of the whole crate through [`ScriptEngine`]'s public API, grouped by
//! capability. Fixtures are named: `validation(src)`, `routing(src)`, `form(json)`.

use crate::{ScriptEngine, ScriptError, ScriptErrorKind};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::{RuleDef, RuleKind};
use serde_json::Value;

mod functions;
mod returns;
mod sandbox;
mod sharing;

/// A validation rule named `rule` with this source.
fn validation(source: &str) -> RuleDef {
    RuleDef {
        name: "rule".into(),
        kind: RuleKind::Validation,
        source: source.into(),
        tests: Vec::new(),
    }
}

/// A routing rule named `branch` with this source.
fn routing(source: &str) -> RuleDef {
    RuleDef {
        name: "branch".into(),
        kind: RuleKind::Routing,
        source: source.into(),
        tests: Vec::new(),
    }
}

/// Form values from a JSON object literal.
fn form(json: Value) -> FormValues {
    match json {
        Value::Object(map) => map,
        other => panic!("form values must be an object, got {other}"),
    }
}

/// No form values.
fn empty() -> FormValues {
    FormValues::new()
}

/// Evaluates `source` with no form values and returns its raw value (no rule-kind checks), for
/// testing functions whose results are not bools.
fn eval(engine: &ScriptEngine, source: &str) -> Result<rhai::Dynamic, ScriptError> {
    engine.run(source, &empty())
}

/// The kind of the error `result` must hold.
fn kind_of<T: std::fmt::Debug>(result: Result<T, ScriptError>) -> ScriptErrorKind {
    result.expect_err("expected a script error").kind
}
