//! Editing a branch condition: field comparisons combined in AND/OR groups (nested to any
//! depth), or a routing rule. A condition inside the tree is addressed by a [`CondPath`], the
//! indices into `conditions` from the branch's root condition (`[]` = the root).
//!
//! Also the conversions between a comparison value and the text in its input.

use super::tree::Refusal;
use lianban_definition::flow::{CompareOp, Condition};
use lianban_definition::{FieldKey, RuleName};
use serde_json::{Number, Value};

/// Indices into nested `conditions`, from the root condition of a branch.
pub type CondPath = Vec<usize>;

/// How a group combines its conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Combine {
    /// 且: all hold.
    All,
    /// 或: at least one holds.
    Any,
}

/// A change to a branch's condition.
#[derive(Debug, Clone, PartialEq)]
pub enum CondEdit {
    /// Use field conditions: a rule becomes an empty AND group; field conditions stay.
    UseFields,
    /// Use a routing rule instead of field conditions.
    UseRule(RuleName),
    /// The field of the comparison at the path.
    Field(CondPath, FieldKey),
    /// The operator of the comparison at the path; the value is reshaped to fit (a list for
    /// 属于, nothing for 已填写).
    Op(CondPath, CompareOp),
    /// The value of the comparison at the path.
    Value(CondPath, Value),
    /// Whether the group at the path is AND or OR.
    Combine(CondPath, Combine),
    /// Appends an empty comparison to the group at the path (a comparison there becomes an AND
    /// group of itself and the new one).
    AddField(CondPath),
    /// Appends an empty nested OR group to the group at the path.
    AddGroup(CondPath),
    /// Removes the condition at the path (not the root).
    Remove(CondPath),
}

/// A comparison still to be filled in.
fn blank_field() -> Condition {
    Condition::Field {
        field: FieldKey::new(""),
        op: CompareOp::Eq,
        value: Value::String(String::new()),
    }
}

/// The condition at `path` below `root`.
fn at_mut<'a>(root: &'a mut Condition, path: &[usize]) -> Result<&'a mut Condition, Refusal> {
    let mut cond = root;
    for &i in path {
        cond = match cond {
            Condition::All { conditions } | Condition::Any { conditions } => {
                conditions.get_mut(i).ok_or("该条件已不存在")?
            }
            _ => return Err("该条件已不存在".into()),
        };
    }
    Ok(cond)
}

/// Applies `edit` to the branch condition `root`.
pub fn apply_cond_edit(root: &mut Condition, edit: CondEdit) -> Result<(), Refusal> {
    const NOT_FIELD: &str = "该条件不是字段比较";
    match edit {
        CondEdit::UseFields => {
            if matches!(root, Condition::Rule { .. }) {
                *root = Condition::All {
                    conditions: Vec::new(),
                };
            }
        }
        CondEdit::UseRule(rule) => *root = Condition::Rule { rule },
        CondEdit::Field(path, key) => match at_mut(root, &path)? {
            Condition::Field { field, .. } => *field = key,
            _ => return Err(NOT_FIELD.into()),
        },
        CondEdit::Op(path, new_op) => match at_mut(root, &path)? {
            Condition::Field { op, value, .. } => {
                *value = reshape(std::mem::take(value), new_op);
                *op = new_op;
            }
            _ => return Err(NOT_FIELD.into()),
        },
        CondEdit::Value(path, new_value) => match at_mut(root, &path)? {
            Condition::Field { value, .. } => *value = new_value,
            _ => return Err(NOT_FIELD.into()),
        },
        CondEdit::Combine(path, combine) => {
            let cond = at_mut(root, &path)?;
            let conditions = match cond {
                Condition::All { conditions } | Condition::Any { conditions } => {
                    std::mem::take(conditions)
                }
                _ => return Err("该条件不是条件组".into()),
            };
            *cond = match combine {
                Combine::All => Condition::All { conditions },
                Combine::Any => Condition::Any { conditions },
            };
        }
        CondEdit::AddField(path) => push(at_mut(root, &path)?, blank_field())?,
        CondEdit::AddGroup(path) => {
            let group = Condition::Any {
                conditions: vec![blank_field()],
            };
            push(at_mut(root, &path)?, group)?;
        }
        CondEdit::Remove(path) => {
            let (&last, parent) = path.split_last().ok_or("不能删除整个条件")?;
            match at_mut(root, parent)? {
                Condition::All { conditions } | Condition::Any { conditions }
                    if last < conditions.len() =>
                {
                    conditions.remove(last);
                }
                _ => return Err("该条件已不存在".into()),
            }
        }
    }
    Ok(())
}

/// Appends `new` to the group `cond`; a single comparison becomes an AND group first.
fn push(cond: &mut Condition, new: Condition) -> Result<(), Refusal> {
    match cond {
        Condition::All { conditions } | Condition::Any { conditions } => conditions.push(new),
        Condition::Field { .. } => {
            let first = std::mem::replace(cond, blank_field());
            *cond = Condition::All {
                conditions: vec![first, new],
            };
        }
        Condition::Rule { .. } => return Err("路由规则条件不能添加字段条件".into()),
    }
    Ok(())
}

/// The value reshaped for `op`: a list for `in`, null for `is_set`, a single value otherwise.
fn reshape(value: Value, op: CompareOp) -> Value {
    match (op, value) {
        (CompareOp::IsSet, _) => Value::Null,
        (CompareOp::In, Value::Array(items)) => Value::Array(items),
        (CompareOp::In, Value::Null) => Value::Array(Vec::new()),
        (CompareOp::In, Value::String(s)) if s.is_empty() => Value::Array(Vec::new()),
        (CompareOp::In, single) => Value::Array(vec![single]),
        (_, Value::Array(items)) => items
            .into_iter()
            .next()
            .unwrap_or(Value::String(String::new())),
        (_, Value::Null) => Value::String(String::new()),
        (_, value) => value,
    }
}

/// The text shown in a value input: strings as they are, lists joined with `,`.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// One typed item: a number for numeric fields when it parses, else the text.
fn scalar(text: &str, numeric: bool) -> Value {
    let text = text.trim();
    if numeric {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_owned())
}

/// The value typed as `text` for `op` on a field (`numeric` for number and amount fields): a
/// list split on `,`, `，` or `、` for 属于, null for 已填写, a single value otherwise.
pub fn value_from_text(text: &str, op: CompareOp, numeric: bool) -> Value {
    match op {
        CompareOp::IsSet => Value::Null,
        CompareOp::In => Value::Array(
            text.split([',', '，', '、'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| scalar(t, numeric))
                .collect(),
        ),
        _ => scalar(text, numeric),
    }
}

/// Every operator with its Chinese label, in menu order.
pub const OPERATORS: [(CompareOp, &str); 9] = [
    (CompareOp::Eq, "等于"),
    (CompareOp::Ne, "不等于"),
    (CompareOp::Gt, "大于"),
    (CompareOp::Ge, "大于等于"),
    (CompareOp::Lt, "小于"),
    (CompareOp::Le, "小于等于"),
    (CompareOp::In, "属于"),
    (CompareOp::Contains, "包含"),
    (CompareOp::IsSet, "已填写"),
];

/// The Chinese label of an operator.
pub fn op_label(op: CompareOp) -> &'static str {
    OPERATORS
        .iter()
        .find(|(o, _)| *o == op)
        .map_or("", |(_, label)| label)
}
