//! Computed fields: checking a [`Formula`]'s references, and computing the values.
//!
//! Computation is total: missing or non-numeric inputs count as 0, so a half-filled form shows a
//! number too. Results are rounded to the field's decimals (half away from zero).

use super::is_numeric;
use crate::form::{FieldKind, FormDef, FormValues, Formula};
use crate::ids::FieldKey;
use crate::issue::Issue;
use serde_json::{Number, Value};

/// Checks that a formula names existing fields of the right kinds.
pub(crate) fn check_formula(
    form: &FormDef,
    name: &str,
    formula: &Formula,
    path: &str,
    issues: &mut Vec<Issue>,
) {
    let mut bad = |at: &str, message: String| {
        issues.push(Issue::new(format!("{path}.{at}"), "bad_formula", message));
    };
    match formula {
        Formula::SumColumn { table, column } => match table_columns(form, table) {
            None => bad(
                "table",
                format!("计算字段「{name}」引用的明细表「{table}」不存在"),
            ),
            Some(columns) => {
                let numeric = columns
                    .iter()
                    .any(|c| &c.key == column && is_numeric(&c.kind));
                if !numeric {
                    bad(
                        "column",
                        format!("计算字段「{name}」引用的列「{column}」不存在或不是数字列"),
                    );
                }
            }
        },
        Formula::CountRows { table } => {
            if table_columns(form, table).is_none() {
                bad(
                    "table",
                    format!("计算字段「{name}」引用的明细表「{table}」不存在"),
                );
            }
        }
        Formula::Sum { fields } => {
            if fields.is_empty() {
                bad("fields", format!("计算字段「{name}」没有选择要相加的字段"));
            }
            for (i, key) in fields.iter().enumerate() {
                let ok = form.field(key.as_str()).is_some_and(|f| {
                    is_numeric(&f.kind) && !matches!(f.kind, FieldKind::Computed { .. })
                });
                if !ok {
                    bad(
                        &format!("fields[{i}]"),
                        format!("计算字段「{name}」引用的字段「{key}」不存在或不是数字字段"),
                    );
                }
            }
        }
    }
}

/// The columns of table field `key`, if it is one.
fn table_columns<'f>(form: &'f FormDef, key: &FieldKey) -> Option<&'f [crate::form::Field]> {
    match &form.field(key.as_str())?.kind {
        FieldKind::Table { columns, .. } => Some(columns),
        _ => None,
    }
}

/// `values` with every computed field set from the others (non-computed inputs only).
pub(crate) fn compute(form: &FormDef, values: &FormValues) -> FormValues {
    let mut out = values.clone();
    for field in &form.fields {
        if let FieldKind::Computed { formula, decimals } = &field.kind {
            let x = evaluate(formula, values);
            out.insert(field.key.to_string(), number(round(x, *decimals)));
        }
    }
    out
}

/// The raw result of a formula.
fn evaluate(formula: &Formula, values: &FormValues) -> f64 {
    match formula {
        Formula::SumColumn { table, column } => rows(values, table)
            .iter()
            .map(|row| row.get(column.as_str()).map_or(0.0, as_number))
            .sum(),
        Formula::CountRows { table } => rows(values, table).len() as f64,
        Formula::Sum { fields } => fields
            .iter()
            .map(|k| values.get(k.as_str()).map_or(0.0, as_number))
            .sum(),
    }
}

/// The rows of a table value (objects only).
fn rows<'v>(values: &'v FormValues, table: &FieldKey) -> Vec<&'v serde_json::Map<String, Value>> {
    match values.get(table.as_str()) {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

/// A JSON number as f64; anything else is 0.
fn as_number(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

/// Rounds half away from zero to `decimals` digits.
fn round(x: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals.min(6)));
    (x * scale).round() / scale
}

/// A JSON number: an integer when it has no fraction.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}
