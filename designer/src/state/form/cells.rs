//! Composite values inside the form state: the edits an input reports ([`Edit`]), how an edit
//! turns a stored JSON value into the next one, detail-table rows and cells ([`Cell`]), and the
//! check of single cells with their column's own rules (the same `lianban-definition` code the
//! server runs, applied to a one-field form).

use super::Check;
use lianban_definition::Issue;
use lianban_definition::form::{FORM_SCHEMA_VERSION, Field, FieldKind, FormDef, FormValues};
use serde_json::{Map, Number, Value};

/// Which end of a date range an input edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The start date.
    Start,
    /// The end date.
    End,
}

/// What an input reports when the user changes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The text of a text-like input (text, number, date, select, radio, single picker …).
    Text(String),
    /// A checkbox option was ticked or unticked.
    Toggle(String),
    /// The selection of a multiple picker.
    Many(Vec<String>),
    /// One date of a date range.
    Range(Bound, String),
}

/// The address of one cell of a detail table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The table field's key.
    pub table: String,
    /// Row index, from 0.
    pub row: usize,
    /// The column's key.
    pub column: String,
}

impl Cell {
    /// The cell's path, `table[row].column`: its key for messages and typed text.
    pub fn path(&self) -> String {
        format!("{}[{}].{}", self.table, self.row, self.column)
    }
}

/// What one cell shows: its input text, its selected values and its message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellView {
    /// Text of a text-like input.
    pub text: String,
    /// Selected values (checkbox, multiple picker) or the two dates of a range.
    pub selected: Vec<String>,
    /// The message under the cell.
    pub error: Option<String>,
}

/// The JSON value for the text of a text-like input of `field`: blank is absent, numbers are
/// parsed (an unparsable number stays text, so the validator reports 应为数字).
pub fn value_of_text(field: &Field, text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    match field.kind {
        FieldKind::Number { .. } | FieldKind::Amount { .. } => Some(parse_number(trimmed)),
        _ => Some(Value::String(text.to_owned())),
    }
}

/// `"12"` → 12, `"1.5"` → 1.5, anything else → the text itself.
fn parse_number(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>() {
        return Value::from(i);
    }
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .and_then(Number::from_f64)
        .map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

/// The text a text-like input shows for a stored value.
pub fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The strings of a stored value: a checkbox's or picker's choices, a range's two dates.
pub fn strings_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The next value of `field` after `edit`, from its current value; `None` = absent.
pub fn edited(field: &Field, current: Option<&Value>, edit: Edit) -> Option<Value> {
    match edit {
        Edit::Text(text) => value_of_text(field, &text),
        Edit::Toggle(value) => {
            let mut items = strings_of(current);
            if items.contains(&value) {
                items.retain(|v| *v != value);
            } else {
                items.push(value);
            }
            array(items)
        }
        Edit::Many(values) => array(values),
        Edit::Range(bound, text) => {
            let mut dates = strings_of(current);
            dates.resize(2, String::new());
            let i = match bound {
                Bound::Start => 0,
                Bound::End => 1,
            };
            dates[i] = text.trim().to_owned();
            let blank = dates.iter().all(String::is_empty);
            (!blank).then(|| Value::from(dates))
        }
    }
}

/// An array value, absent when empty.
pub(super) fn array(items: Vec<String>) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.into_iter().map(Value::String).collect()))
}

/// The columns and row bounds of a table field: `(columns, min_rows, max_rows)`.
pub fn table_shape(field: &Field) -> Option<(&[Field], usize, usize)> {
    match &field.kind {
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => Some((
            columns,
            min_rows.unwrap_or(0) as usize,
            max_rows.unwrap_or(DEFAULT_MAX_ROWS) as usize,
        )),
        _ => None,
    }
}

/// Most rows when a table sets none (as in `lianban-definition`).
const DEFAULT_MAX_ROWS: u32 = 100;

/// The rows a new form's table starts with: its minimum, and one for a required table.
pub(super) fn starter_rows(field: &Field) -> Option<Value> {
    let (_, min, _) = table_shape(field)?;
    let count = min.max(usize::from(field.required));
    (count > 0).then(|| Value::Array(vec![Value::Object(Map::new()); count]))
}

/// The rows of a stored table value.
pub(super) fn rows(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// Whether a stored value counts as not filled in.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        _ => false,
    }
}

/// Whether every cell of a row is blank (the validator drops such rows).
fn row_blank(row: &Value) -> bool {
    row.as_object()
        .is_none_or(|cells| cells.values().all(is_blank))
}

/// Checks every cell of the non-blank rows of a table with its column's rules, as a one-field
/// form. Returns one issue per bad cell, path = the cell's path; `check` says whether missing
/// required cells count.
pub(super) fn cell_issues(field: &Field, value: Option<&Value>, check: Check) -> Vec<Issue> {
    let Some((columns, _, _)) = table_shape(field) else {
        return Vec::new();
    };
    let mut issues = Vec::new();
    for (row, cells) in rows(value).iter().enumerate() {
        if row_blank(cells) {
            continue;
        }
        for column in columns {
            let one = FormDef {
                schema_version: FORM_SCHEMA_VERSION,
                sections: Vec::new(),
                fields: vec![column.clone()],
                rules: Vec::new(),
            };
            let mut values = FormValues::new();
            if let Some(cell) = cells.get(column.key.as_str()) {
                values.insert(column.key.to_string(), cell.clone());
            }
            let result = match check {
                Check::Draft => one.validate_draft(&values),
                Check::Submit => one.validate_values(&values),
            };
            if let Some(issue) = result.err().and_then(|i| i.into_iter().next()) {
                let cell = Cell {
                    table: field.key.to_string(),
                    row,
                    column: column.key.to_string(),
                };
                issues.push(Issue::new(cell.path(), &issue.code, issue.message));
            }
        }
    }
    issues
}

/// The stored value of a table after writing `value` into `cell` (rows that do not exist are
/// left alone).
pub(super) fn with_cell(table: Option<&Value>, cell: &Cell, value: Option<Value>) -> Value {
    let mut items = rows(table).to_vec();
    if let Some(Value::Object(cells)) = items.get_mut(cell.row) {
        match value {
            Some(v) => cells.insert(cell.column.clone(), v),
            None => cells.remove(&cell.column),
        };
    }
    Value::Array(items)
}

/// The table field named by a cell path `table[row].column`, if `path` is one.
pub(super) fn table_of_path(path: &str) -> Option<&str> {
    let (table, rest) = path.split_once('[')?;
    rest.contains("].").then_some(table)
}
