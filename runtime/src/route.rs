//! Routing: evaluating the conditions of condition nodes against the form's values.
//!
//! Field comparisons work on the JSON values the form stores (see `definition::form`): numbers
//! compare as numbers (a numeric string on one side is read as a number, so `"100"` equals
//! `100`), other strings compare by character order, which suits `YYYY-MM-DD` dates. A missing
//! field is `null`: it equals nothing but `null`, orders against nothing, and is not set.
//! Rhai rules run through the [`RuleEval`] the caller supplies.

use crate::error::{RuntimeError, RuntimeResult};
use lianban_definition::RuleName;
use lianban_definition::flow::{CompareOp, Condition};
use lianban_definition::form::FormValues;
use serde_json::Value;
use std::cmp::Ordering;

/// Evaluates a Rhai routing rule. The server implements it with the `scripting` engine; tests
/// use closures or [`NoRules`].
pub trait RuleEval {
    /// Runs routing rule `rule` on `values`. `Err` carries a Chinese message.
    fn route(&self, rule: &RuleName, values: &FormValues) -> Result<bool, String>;
}

/// A [`RuleEval`] for flows without Rhai rules: every rule call is an error.
pub struct NoRules;

impl RuleEval for NoRules {
    fn route(&self, rule: &RuleName, _values: &FormValues) -> Result<bool, String> {
        Err(format!("未配置路由规则「{rule}」"))
    }
}

impl<F> RuleEval for F
where
    F: Fn(&RuleName, &FormValues) -> Result<bool, String>,
{
    fn route(&self, rule: &RuleName, values: &FormValues) -> Result<bool, String> {
        self(rule, values)
    }
}

/// Whether `condition` holds for `values`. `All` and `Any` stop at the first deciding member
/// (an empty `All` holds, an empty `Any` does not).
///
/// # Errors
/// [`RuntimeError::Rule`] when a Rhai rule fails.
pub fn condition_holds(
    condition: &Condition,
    values: &FormValues,
    rules: &dyn RuleEval,
) -> RuntimeResult<bool> {
    match condition {
        Condition::Field { field, op, value } => {
            let actual = values.get(field.as_str()).unwrap_or(&Value::Null);
            Ok(compare(actual, *op, value))
        }
        Condition::All { conditions } => {
            for c in conditions {
                if !condition_holds(c, values, rules)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Any { conditions } => {
            for c in conditions {
                if condition_holds(c, values, rules)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Rule { rule } => {
            rules
                .route(rule, values)
                .map_err(|message| RuntimeError::Rule {
                    rule: rule.clone(),
                    message,
                })
        }
    }
}

/// Applies one comparison operator: `actual` is the field's value, `expected` the constant.
fn compare(actual: &Value, op: CompareOp, expected: &Value) -> bool {
    match op {
        CompareOp::Eq => loose_eq(actual, expected),
        CompareOp::Ne => !loose_eq(actual, expected),
        CompareOp::Gt => order(actual, expected) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            order(actual, expected),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::Lt => order(actual, expected) == Some(Ordering::Less),
        CompareOp::Le => matches!(
            order(actual, expected),
            Some(Ordering::Less | Ordering::Equal)
        ),
        CompareOp::In => match expected {
            Value::Array(items) => items.iter().any(|item| loose_eq(actual, item)),
            single => loose_eq(actual, single),
        },
        CompareOp::Contains => match (actual, expected) {
            (Value::String(text), Value::String(part)) => text.contains(part.as_str()),
            (Value::Array(items), wanted) => items.iter().any(|item| loose_eq(item, wanted)),
            _ => false,
        },
        CompareOp::IsSet => is_set(actual),
    }
}

/// JSON equality, except that a number equals a string holding the same number.
fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::String(_)) | (Value::String(_), Value::Number(_)) => {
            match (as_number(a), as_number(b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            }
        }
        (Value::Number(_), Value::Number(_)) => as_number(a) == as_number(b),
        _ => a == b,
    }
}

/// Orders two values: numerically when at least one is a number and both read as numbers,
/// by character order when both are strings; otherwise they are not comparable.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.as_str().cmp(y.as_str())),
        (Value::Number(_), Value::Number(_) | Value::String(_))
        | (Value::String(_), Value::Number(_)) => as_number(a)?.partial_cmp(&as_number(b)?),
        _ => None,
    }
}

/// A JSON number, or a string holding one.
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

/// Whether a field counts as filled: not null, not a blank string, not an empty array or map.
fn is_set(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests;
