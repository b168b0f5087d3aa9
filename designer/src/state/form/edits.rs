//! Edits of composite values in the form state: date ranges, detail-table rows and cells, and
//! the per-cell messages of tables. Methods of [`FormState`] kept apart from the reducer.

use super::cells::{self, Cell, CellView, Edit, table_shape};
use super::{Check, FormState};
use lianban_definition::form::{Field, FieldKind};
use serde_json::Value;

impl FormState {
    /// Number of rows of detail table `key`.
    pub fn row_count(&self, key: &str) -> usize {
        cells::rows(self.values.get(key)).len()
    }

    /// What every cell of detail table `key` shows, row by row in column order.
    pub fn table_view(&self, key: &str) -> Vec<Vec<CellView>> {
        let Some((columns, _, _)) = self.form.field(key).and_then(table_shape) else {
            return Vec::new();
        };
        let rows = cells::rows(self.values.get(key));
        (0..rows.len())
            .map(|row| {
                columns
                    .iter()
                    .map(|column| {
                        let cell = Cell {
                            table: key.to_owned(),
                            row,
                            column: column.key.to_string(),
                        };
                        let path = cell.path();
                        let value = rows[row].get(column.key.as_str());
                        CellView {
                            text: self
                                .raw
                                .get(&path)
                                .cloned()
                                .unwrap_or_else(|| cells::text_of(value)),
                            selected: cells::strings_of(value),
                            error: self.errors.get(&path).cloned(),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Applies an input's edit to field `key`.
    pub(super) fn edit(&mut self, key: &str, edit: Edit) {
        let Some(field) = self.form.field(key).cloned() else {
            return;
        };
        if let Edit::Text(text) = &edit
            && is_numeric_input(&field.kind)
        {
            self.raw.insert(key.to_owned(), text.clone());
        }
        let value = cells::edited(&field, self.values.get(key), edit);
        self.put(key, value);
    }

    /// Applies an input's edit to a table cell.
    pub(super) fn edit_cell(&mut self, cell: &Cell, edit: Edit) {
        let column = self
            .form
            .field(&cell.table)
            .and_then(table_shape)
            .and_then(|(columns, _, _)| columns.iter().find(|c| c.key.as_str() == cell.column))
            .cloned();
        let Some(column) = column else {
            return;
        };
        let path = cell.path();
        if let Edit::Text(text) = &edit
            && is_numeric_input(&column.kind)
        {
            self.raw.insert(path.clone(), text.clone());
        }
        let table = self.values.get(&cell.table);
        let current = cells::rows(table)
            .get(cell.row)
            .and_then(|row| row.get(&cell.column));
        let value = cells::edited(&column, current, edit);
        let next = cells::with_cell(table, cell, value);
        self.errors.remove(&path);
        self.put(&cell.table, Some(next));
    }

    /// Adds an empty row to table `key`, up to its limit.
    pub(super) fn add_row(&mut self, key: &str) {
        let Some((_, _, max)) = self.form.field(key).and_then(table_shape) else {
            return;
        };
        let mut rows = cells::rows(self.values.get(key)).to_vec();
        if rows.len() >= max {
            return;
        }
        rows.push(Value::Object(serde_json::Map::new()));
        self.put(key, Some(Value::Array(rows)));
    }

    /// Removes row `row` of table `key`, down to its minimum. Later rows move up, so the
    /// table's typed texts and cell messages are dropped.
    pub(super) fn remove_row(&mut self, key: &str, row: usize) {
        let Some((_, min, _)) = self.form.field(key).and_then(table_shape) else {
            return;
        };
        let mut rows = cells::rows(self.values.get(key)).to_vec();
        if row >= rows.len() || rows.len() <= min {
            return;
        }
        rows.remove(row);
        let prefix = format!("{key}[");
        self.raw.retain(|path, _| !path.starts_with(&prefix));
        self.errors.retain(|path, _| !path.starts_with(&prefix));
        self.put(key, (!rows.is_empty()).then_some(Value::Array(rows)));
    }

    /// Replaces the cell messages of a table field by a fresh check of its cells.
    pub(super) fn record_cells(&mut self, field: &Field, check: Check) {
        if table_shape(field).is_none() {
            return;
        }
        let prefix = format!("{}[", field.key);
        self.errors.retain(|path, _| !path.starts_with(&prefix));
        for issue in cells::cell_issues(field, self.values.get(field.key.as_str()), check) {
            self.errors.insert(issue.path, issue.message);
        }
    }
}

/// Whether a field's input is typed as a number (its text is kept as typed).
fn is_numeric_input(kind: &FieldKind) -> bool {
    matches!(kind, FieldKind::Number { .. } | FieldKind::Amount { .. })
}
