//! The form's structure: fields kept in display order (the fields above the first section, then
//! each section's), moving fields within and across sections, and adding, deleting and
//! reordering sections. Every function leaves the fields in display order.

use super::FormDesignAction;
use super::edit::move_item;
use lianban_definition::form::{Field, FormDef, Section};

/// The display group of a field: 0 above the first section, `i + 1` in section `i` (a field
/// naming an unknown section shows above the first one).
fn rank(form: &FormDef, section: Option<&str>) -> usize {
    section
        .and_then(|id| form.sections.iter().position(|s| s.id == id))
        .map_or(0, |i| i + 1)
}

/// The section id of group `rank`.
fn section_of_rank(form: &FormDef, rank: usize) -> Option<String> {
    rank.checked_sub(1)
        .and_then(|i| form.sections.get(i))
        .map(|s| s.id.clone())
}

/// Puts the fields in display order, keeping their order within each group.
pub(super) fn normalize(form: &mut FormDef) {
    let mut fields = std::mem::take(&mut form.fields);
    fields.sort_by_key(|f| rank(form, f.section.as_deref()));
    form.fields = fields;
}

/// The insert index at the end of a group.
pub(super) fn end_of(form: &FormDef, section: Option<&str>) -> usize {
    let r = rank(form, section);
    form.fields
        .iter()
        .filter(|f| rank(form, f.section.as_deref()) <= r)
        .count()
}

/// Inserts a field at `at` (clamped), then restores display order.
pub(super) fn insert(form: &mut FormDef, at: usize, field: Field) {
    normalize(form);
    let at = at.min(form.fields.len());
    form.fields.insert(at, field);
    normalize(form);
}

/// Adds a section 分组<n> at the end; returns its id.
pub(super) fn add_section(form: &mut FormDef) -> String {
    let n = (form.sections.len() + 1..)
        .find(|n| form.section(&format!("section_{n}")).is_none())
        .unwrap_or(form.sections.len() + 1);
    let id = format!("section_{n}");
    form.sections.push(Section {
        id: id.clone(),
        title: format!("分组{}", form.sections.len() + 1),
    });
    id
}

/// Deletes a section; its fields join the group before it.
pub(super) fn delete_section(form: &mut FormDef, id: &str) {
    let Some(i) = form.sections.iter().position(|s| s.id == id) else {
        return;
    };
    let previous = section_of_rank(form, i);
    for field in &mut form.fields {
        if field.section.as_deref() == Some(id) {
            field.section = previous.clone();
        }
    }
    form.sections.remove(i);
    normalize(form);
}

/// The structural actions on fields and sections; others are not structural and change nothing.
pub(super) fn apply(form: &mut FormDef, action: FormDesignAction) {
    normalize(form);
    match action {
        FormDesignAction::Move { key, to, section } => move_field(form, &key, to, section),
        FormDesignAction::MoveUp(key) => step(form, &key, Step::Up),
        FormDesignAction::MoveDown(key) => step(form, &key, Step::Down),
        FormDesignAction::SetSection { key, section } => {
            let Some(from) = index_of(form, &key) else {
                return;
            };
            let mut field = form.fields.remove(from);
            field.section = section;
            let at = end_of(form, field.section.as_deref());
            form.fields.insert(at, field);
        }
        FormDesignAction::RenameSection { id, title } => {
            if let Some(section) = form.sections.iter_mut().find(|s| s.id == id) {
                section.title = title;
            }
        }
        FormDesignAction::MoveSectionUp(id) => {
            if let Some(i) = form.sections.iter().position(|s| s.id == id)
                && i > 0
            {
                form.sections.swap(i - 1, i);
            }
        }
        FormDesignAction::MoveSectionDown(id) => {
            if let Some(i) = form.sections.iter().position(|s| s.id == id) {
                move_item(&mut form.sections, i, i + 1);
            }
        }
        // Handled by the reducer itself.
        FormDesignAction::Reset(_)
        | FormDesignAction::Add { .. }
        | FormDesignAction::Append(_)
        | FormDesignAction::Duplicate(_)
        | FormDesignAction::Delete(_)
        | FormDesignAction::Select(_)
        | FormDesignAction::Edit { .. }
        | FormDesignAction::AddSection
        | FormDesignAction::DeleteSection(_)
        | FormDesignAction::Undo
        | FormDesignAction::Redo => {}
    }
    normalize(form);
}

/// The index of field `key`.
fn index_of(form: &FormDef, key: &str) -> Option<usize> {
    form.fields.iter().position(|f| f.key.as_str() == key)
}

/// Moves field `key` before the field now at `to`, into `section`.
fn move_field(form: &mut FormDef, key: &str, to: usize, section: Option<String>) {
    let Some(from) = index_of(form, key) else {
        return;
    };
    let mut field = form.fields.remove(from);
    field.section = section;
    let to = if to > from { to - 1 } else { to };
    form.fields.insert(to.min(form.fields.len()), field);
}

/// A direction for 上移 / 下移.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// 上移.
    Up,
    /// 下移.
    Down,
}

/// One place up or down within the field's group; across the group's edge it joins the
/// neighbouring group (last in the one above, first in the one below).
fn step(form: &mut FormDef, key: &str, direction: Step) {
    let Some(i) = index_of(form, key) else {
        return;
    };
    let r = rank(form, form.fields[i].section.as_deref());
    let neighbour = match direction {
        Step::Up => i.checked_sub(1),
        Step::Down => Some(i + 1).filter(|j| *j < form.fields.len()),
    };
    let same_group = neighbour.filter(|j| rank(form, form.fields[*j].section.as_deref()) == r);
    if let Some(j) = same_group {
        form.fields.swap(i, j);
        return;
    }
    let target = match direction {
        Step::Up => r.checked_sub(1),
        Step::Down => Some(r + 1).filter(|r| *r <= form.sections.len()),
    };
    if let Some(target) = target {
        // Display order then puts it last in the group above or first in the group below.
        form.fields[i].section = section_of_rank(form, target);
    }
}
