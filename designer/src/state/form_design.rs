//! State of the form designer (表单设计器): the [`FormDef`] being designed, the selected field
//! or section, the message of a refused edit, and the undo/redo history of form snapshots.
//!
//! It is a [`Reducible`] driven by [`FormDesignAction`]; the component only dispatches actions
//! and renders. Fields are kept in display order — the fields above the first section, then
//! each section's — so an index means the same thing on the canvas and in the stored form.
//! Consecutive keystrokes in one text property make one undo step. Field edits live in
//! [`edit`], the palette in [`palette`], structural moves in `structure`, formula references in
//! `references`, issue paths in [`issues`].

use lianban_definition::form::{Field, FieldKind, FormDef, Formula};
use references::{Reference, rename_references};
use std::rc::Rc;
use yew::Reducible;

pub mod edit;
pub mod issues;
pub mod palette;
mod references;
mod structure;

pub use edit::FieldEdit;
pub use palette::{PaletteGroup, PaletteKind};

/// Most undo steps kept.
pub const HISTORY_LIMIT: usize = 100;

/// What the properties panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The field with this key.
    Field(String),
    /// The section with this id.
    Section(String),
}

/// The designer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FormDesign {
    /// The form as designed so far.
    pub form: FormDef,
    /// The selected field or section.
    pub selected: Option<Selection>,
    /// Why the last edit was refused (e.g. a bad 字段编码); cleared by the next change.
    pub refusal: Option<String>,
    /// Counts recorded changes (edits, undo, redo); 0 for a form as loaded.
    pub revision: u64,
    /// Earlier forms, oldest first.
    past: Vec<FormDef>,
    /// Undone forms, most recently undone last.
    future: Vec<FormDef>,
    /// The text property the last change typed into (see [`FieldEdit`]).
    typing: Option<String>,
}

/// What can happen in the designer.
#[derive(Debug, Clone, PartialEq)]
pub enum FormDesignAction {
    /// Starts over with this form (loaded from outside); history is cleared.
    Reset(FormDef),
    /// Adds a field of `kind` at index `at` (clamped) in `section`, and selects it.
    Add {
        /// The kind from the palette.
        kind: PaletteKind,
        /// Index in the form's fields.
        at: usize,
        /// The section it joins.
        section: Option<String>,
    },
    /// Adds a field of `kind` after the selected field (in its section), at the end of the
    /// selected section, or at the end of the form; and selects it.
    Append(PaletteKind),
    /// Moves a field so that it lands before the field now at index `to` (`to` = number of
    /// fields: at the end), in `section`.
    Move {
        /// Field key.
        key: String,
        /// Insert position, counted before the move.
        to: usize,
        /// The section it lands in.
        section: Option<String>,
    },
    /// 上移: one place up, into the previous section from the top of its own.
    MoveUp(String),
    /// 下移: one place down, into the next section from the bottom of its own.
    MoveDown(String),
    /// Moves a field to the end of a section (`None`: above the first section).
    SetSection {
        /// Field key.
        key: String,
        /// Section id.
        section: Option<String>,
    },
    /// 复制: a copy with a new key right after the field, selected.
    Duplicate(String),
    /// 删除: removes the field and drops it from the sums that name it.
    Delete(String),
    /// Selects a field or section, or nothing.
    Select(Option<Selection>),
    /// Changes a property of a field.
    Edit {
        /// Field key.
        key: String,
        /// The change.
        edit: FieldEdit,
    },
    /// 添加分组: a new section at the end, selected.
    AddSection,
    /// Renames a section.
    RenameSection {
        /// Section id.
        id: String,
        /// New title.
        title: String,
    },
    /// Deletes a section; its fields join the section before it.
    DeleteSection(String),
    /// Moves a section (with its fields) one place up.
    MoveSectionUp(String),
    /// Moves a section (with its fields) one place down.
    MoveSectionDown(String),
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
}

impl FormDesign {
    /// The designer for `form`, nothing selected, no history.
    pub fn new(form: FormDef) -> Self {
        let mut form = form;
        structure::normalize(&mut form);
        Self {
            form,
            selected: None,
            refusal: None,
            revision: 0,
            past: Vec::new(),
            future: Vec::new(),
            typing: None,
        }
    }

    /// Whether 撤销 has something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether 重做 has something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The selected field with its index.
    pub fn selected_field(&self) -> Option<(usize, &Field)> {
        match &self.selected {
            Some(Selection::Field(key)) => self.index_of(key).map(|i| (i, &self.form.fields[i])),
            _ => None,
        }
    }

    /// The index of field `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.form.fields.iter().position(|f| f.key.as_str() == key)
    }

    /// The insert index at the end of a section (`None`: of the fields above the first one).
    pub fn end_of(&self, section: Option<&str>) -> usize {
        structure::end_of(&self.form, section)
    }

    /// Applies a change to the form; `Err` carries the refusal message.
    fn change(&mut self, action: FormDesignAction) -> Result<(), String> {
        match action {
            FormDesignAction::Add { kind, at, section } => self.add(kind, at, section),
            FormDesignAction::Append(kind) => {
                let (at, section) = self.append_point();
                self.add(kind, at, section);
            }
            FormDesignAction::Edit { key, edit } => self.edit(&key, edit)?,
            FormDesignAction::Duplicate(key) => self.duplicate(&key),
            FormDesignAction::Delete(key) => self.delete(&key),
            FormDesignAction::AddSection => {
                let id = structure::add_section(&mut self.form);
                self.selected = Some(Selection::Section(id));
            }
            FormDesignAction::DeleteSection(id) => {
                structure::delete_section(&mut self.form, &id);
                if self.selected == Some(Selection::Section(id)) {
                    self.selected = None;
                }
            }
            other => structure::apply(&mut self.form, other),
        }
        Ok(())
    }

    /// Inserts a new field and selects it.
    fn add(&mut self, kind: PaletteKind, at: usize, section: Option<String>) {
        let key = edit::next_key(&self.form.fields, "field");
        let mut field = palette::new_field(kind, &key, kind.default_label(), &self.form);
        field.section = section;
        structure::insert(&mut self.form, at, field);
        self.selected = Some(Selection::Field(key));
    }

    /// Where [`FormDesignAction::Append`] inserts: after the selected field, at the end of the
    /// selected section, or at the end of the form.
    fn append_point(&self) -> (usize, Option<String>) {
        match (&self.selected, self.selected_field()) {
            (_, Some((i, field))) => (i + 1, field.section.clone()),
            (Some(Selection::Section(id)), None) => (self.end_of(Some(id)), Some(id.clone())),
            _ => {
                let last = self.form.sections.last().map(|s| s.id.clone());
                (self.form.fields.len(), last)
            }
        }
    }

    /// Applies a field edit; keys are checked, and sums follow renamed fields and columns.
    fn edit(&mut self, key: &str, edit: FieldEdit) -> Result<(), String> {
        let Some(i) = self.index_of(key) else {
            return Ok(());
        };
        if let FieldEdit::Key(new) = &edit {
            edit::check_key(new, key, &self.form.fields)?;
            rename_references(&mut self.form, |reference| {
                if let Reference::Field(name) = reference
                    && name == key
                {
                    *name = new.clone();
                }
            });
            if self.selected == Some(Selection::Field(key.to_owned())) {
                self.selected = Some(Selection::Field(new.clone()));
            }
        }
        let renamed_column = match (&edit, &self.form.fields[i].kind) {
            (FieldEdit::Column(c, inner), FieldKind::Table { columns, .. }) => match &**inner {
                FieldEdit::Key(new) => columns
                    .get(*c)
                    .map(|col| (col.key.to_string(), new.clone())),
                _ => None,
            },
            _ => None,
        };
        let context = self.form.clone();
        edit::apply(&mut self.form.fields[i], edit, &context)?;
        if let Some((old, new)) = renamed_column {
            rename_references(&mut self.form, |reference| {
                if let Reference::Column { table, column } = reference
                    && table == key
                    && *column == old
                {
                    *column = new.clone();
                }
            });
        }
        Ok(())
    }

    /// Copies field `key` right after it with a new key, and selects the copy.
    fn duplicate(&mut self, key: &str) {
        let Some(i) = self.index_of(key) else {
            return;
        };
        let mut copy = self.form.fields[i].clone();
        let new_key = edit::next_key(&self.form.fields, "field");
        copy.key = new_key.as_str().into();
        structure::insert(&mut self.form, i + 1, copy);
        self.selected = Some(Selection::Field(new_key));
    }

    /// Removes field `key` and drops it from the field sums.
    fn delete(&mut self, key: &str) {
        self.form.fields.retain(|f| f.key.as_str() != key);
        for field in &mut self.form.fields {
            if let FieldKind::Computed {
                formula: Formula::Sum { fields },
                ..
            } = &mut field.kind
            {
                fields.retain(|k| k.as_str() != key);
            }
        }
        if self.selected == Some(Selection::Field(key.to_owned())) {
            self.selected = None;
        }
    }

    /// Records the form before a change: a new undo step, unless the change types on into the
    /// same text property as the last one.
    fn record(&mut self, before: FormDef, typing: Option<String>) {
        let continues = typing.is_some() && typing == self.typing;
        if !continues {
            self.past.push(before);
            if self.past.len() > HISTORY_LIMIT {
                self.past.remove(0);
            }
        }
        self.future.clear();
        self.typing = typing;
        self.revision += 1;
    }

    /// Steps through the history: `back` undoes, else redoes.
    fn travel(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.past, &mut self.future)
        } else {
            (&mut self.future, &mut self.past)
        };
        let Some(form) = from.pop() else {
            return;
        };
        to.push(std::mem::replace(&mut self.form, form));
        self.typing = None;
        self.refusal = None;
        self.revision += 1;
        let gone = match &self.selected {
            Some(Selection::Field(key)) => self.index_of(key).is_none(),
            Some(Selection::Section(id)) => self.form.section(id).is_none(),
            None => false,
        };
        if gone {
            self.selected = None;
        }
    }
}

/// The typing target of an action, for undo coalescing: field key plus property.
fn typing_target(action: &FormDesignAction) -> Option<String> {
    match action {
        FormDesignAction::Edit { key, edit } => edit.typing_target().map(|t| format!("{key}/{t}")),
        FormDesignAction::RenameSection { id, .. } => Some(format!("section/{id}")),
        _ => None,
    }
}

impl Reducible for FormDesign {
    type Action = FormDesignAction;

    fn reduce(self: Rc<Self>, action: FormDesignAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormDesignAction::Reset(form) => next = FormDesign::new(form),
            FormDesignAction::Select(selection) => {
                next.selected = selection;
                next.typing = None;
                next.refusal = None;
            }
            FormDesignAction::Undo => next.travel(true),
            FormDesignAction::Redo => next.travel(false),
            change => {
                let typing = typing_target(&change);
                let before = next.form.clone();
                if let Err(message) = next.change(change) {
                    next.refusal = Some(message);
                    return Rc::new(next);
                }
                next.refusal = None;
                if next.form != before {
                    next.record(before, typing);
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod edit_tests;
