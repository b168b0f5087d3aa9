//! References from computed fields' formulas to other fields and to table columns, so that
//! renaming a field or a column carries its sums along.

use lianban_definition::form::{FieldKind, FormDef, Formula};

/// A reference from a formula to another field or to a table column.
pub(super) enum Reference<'a> {
    /// A table or a summed field, by key.
    Field(&'a mut String),
    /// A column of a table.
    Column {
        /// The table's key.
        table: &'a str,
        /// The column's key.
        column: &'a mut String,
    },
}

/// Calls `rename` on every reference of every formula.
pub(super) fn rename_references(form: &mut FormDef, rename: impl Fn(Reference<'_>)) {
    for field in &mut form.fields {
        let FieldKind::Computed { formula, .. } = &mut field.kind else {
            continue;
        };
        match formula {
            Formula::SumColumn { table, column } => {
                rename(Reference::Field(&mut table.0));
                rename(Reference::Column {
                    table: &table.0,
                    column: &mut column.0,
                });
            }
            Formula::CountRows { table } => rename(Reference::Field(&mut table.0)),
            Formula::Sum { fields } => fields
                .iter_mut()
                .for_each(|k| rename(Reference::Field(&mut k.0))),
        }
    }
}
