//! State of the generated-form editor (事项登记, draft editing, 重新提交): the values being typed,
//! per-field messages, the draft id, uploaded files, the approvers picked for 发起人自选 nodes
//! (see [`chosen`]) and which operation is running.
//!
//! It is a [`Reducible`] driven by [`FormAction`]; pages only dispatch actions and call the API.
//! Values are converted from input text by field kind here, so the same JSON reaches
//! [`FormDef::validate_values`] in the browser and on the server: date ranges as two dates,
//! detail tables as arrays of row objects (numbers as JSON numbers), and computed fields
//! recomputed with [`FormDef::compute`] after every edit. Composite values live in [`cells`].

use crate::api::{ApiError, Attachment, MatterDetail};
use lianban_definition::Issue;
use lianban_definition::form::{FormDef, FormValues};
use lianban_definition::matter_type::{Material, missing_materials};
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

pub mod cells;
pub mod chosen;
mod edits;
pub mod layout;
pub use cells::{Bound, Cell, CellView, Edit, table_shape, value_of_text};
pub use chosen::Chooser;

/// Path used for messages about the title.
pub const TITLE: &str = "title";

/// The operation in flight (its button shows a spinner, all buttons are disabled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Busy {
    /// 保存草稿.
    Saving,
    /// 提交 / 重新提交.
    Submitting,
    /// 删除草稿.
    Deleting,
    /// Uploading or deleting a file of this field.
    Files(String),
}

/// Which check to run before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Saving a draft: required fields may be missing.
    Draft,
    /// Submitting: everything must be valid.
    Submit,
}

/// The editor's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    /// The form version being filled.
    pub form: Rc<FormDef>,
    /// Matter type code.
    pub type_code: String,
    /// Matter type name (page heading).
    pub type_name: String,
    /// The draft's id once saved.
    pub matter_id: Option<String>,
    /// Matter title.
    pub title: String,
    /// Values in the API's JSON shape.
    pub values: FormValues,
    /// Raw text of number and amount inputs, by field key or cell path (so `1.` can be typed).
    pub raw: BTreeMap<String, String>,
    /// One message per field key, cell path (`table[row].column`) or [`TITLE`].
    pub errors: BTreeMap<String, String>,
    /// Messages for the banner above the form.
    pub general: Vec<String>,
    /// Operation in flight.
    pub busy: Option<Busy>,
    /// Files uploaded to this matter.
    pub attachments: Vec<Attachment>,
    /// A success notice, e.g. 草稿已保存.
    pub notice: Option<String>,
    /// Note for 重新提交.
    pub note: String,
    /// The materials checklist of the matter type (申请材料).
    pub materials: Vec<Material>,
    /// 办事指南 (Markdown), shown above the form.
    pub guide: String,
    /// The flow's 发起人自选 approver nodes (none when resubmitting).
    pub choosers: Vec<Chooser>,
    /// The people picked per 发起人自选 node id.
    pub chosen: BTreeMap<String, Vec<String>>,
}

/// What can happen to the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    /// The title was edited.
    SetTitle(String),
    /// A text-like input (text, number, date, select, radio, single picker …) changed.
    SetText {
        /// Field key.
        key: String,
        /// The input's text.
        text: String,
    },
    /// A checkbox option was ticked or unticked.
    Toggle {
        /// Field key.
        key: String,
        /// Option value.
        value: String,
    },
    /// A multiple picker's selection changed.
    SetMany {
        /// Field key.
        key: String,
        /// Selected values.
        values: Vec<String>,
    },
    /// One date of a date range changed.
    SetRange {
        /// Field key.
        key: String,
        /// Which date.
        bound: Bound,
        /// The date input's text (`YYYY-MM-DD` or empty).
        text: String,
    },
    /// 添加一行 in a detail table (ignored at the table's row limit).
    AddRow(String),
    /// 删除 of a table row (ignored at the table's minimum).
    RemoveRow {
        /// Table field key.
        key: String,
        /// Row index, from 0.
        row: usize,
    },
    /// A cell of a detail table changed.
    SetCell {
        /// Which cell.
        cell: Cell,
        /// What the cell's input reported.
        edit: Edit,
    },
    /// An input lost focus: check that field alone (missing values are not reported yet); for a
    /// table, every cell of its filled rows too.
    CheckField(String),
    /// The resubmission note changed.
    SetNote(String),
    /// The initiator picked the approvers of a 发起人自选 node.
    Choose {
        /// The node id.
        node: String,
        /// The picked user names.
        users: Vec<String>,
    },
    /// An operation started.
    Begin(Busy),
    /// The browser-side check failed.
    Invalid(Vec<Issue>),
    /// The server saved the draft (保存草稿 finished).
    Saved(Box<MatterDetail>),
    /// The server created or saved the draft as a step of a longer operation (submit, upload):
    /// the id is recorded, the operation goes on.
    Persisted(Box<MatterDetail>),
    /// The server refused or could not be reached.
    Failed(ApiError),
    /// A file was uploaded.
    Uploaded(Attachment),
    /// A file was deleted.
    Removed {
        /// Field key.
        key: String,
        /// Attachment id.
        id: String,
    },
    /// The operation finished without anything else to record.
    Done,
}

impl FormState {
    /// A fresh form for a new matter of type `type_code`: every field's default, the starting
    /// rows of detail tables, and the computed fields.
    pub fn new(type_code: &str, type_name: &str, form: FormDef) -> Self {
        let mut values = form.defaults();
        for field in &form.fields {
            if !values.contains_key(field.key.as_str())
                && let Some(rows) = cells::starter_rows(field)
            {
                values.insert(field.key.to_string(), rows);
            }
        }
        let values = form.compute(&values);
        Self {
            form: Rc::new(form),
            type_code: type_code.to_owned(),
            type_name: type_name.to_owned(),
            matter_id: None,
            title: type_name.to_owned(),
            values,
            raw: BTreeMap::new(),
            errors: BTreeMap::new(),
            general: Vec::new(),
            busy: None,
            attachments: Vec::new(),
            notice: None,
            note: String::new(),
            materials: Vec::new(),
            guide: String::new(),
            choosers: Vec::new(),
            chosen: BTreeMap::new(),
        }
    }

    /// The editor for an existing matter (a draft, or a returned matter to resubmit).
    pub fn from_matter(matter: &MatterDetail) -> Self {
        let mut state = Self::new(&matter.type_code, &matter.type_name, matter.form.clone());
        state.matter_id = Some(matter.id.clone());
        state.title = matter.title.clone();
        state.values = state.form.compute(&matter.values);
        state.attachments = matter.attachments.clone();
        state.materials = matter.materials.clone();
        state
    }

    /// Runs the same declarative checks as the server, plus a non-empty title; on submission
    /// also the required materials and the 发起人自选 picks.
    pub fn check(&self, check: Check) -> Result<FormValues, Vec<Issue>> {
        let result = match check {
            Check::Draft => self.form.validate_draft(&self.values),
            Check::Submit => self.form.validate_values(&self.values),
        };
        let mut extra: Vec<Issue> = self
            .title
            .trim()
            .is_empty()
            .then(|| Issue::new(TITLE, "required", "请填写标题"))
            .into_iter()
            .collect();
        if check == Check::Submit {
            extra.extend(self.missing_materials());
            extra.extend(self.chosen_issues());
        }
        match result {
            Ok(values) if extra.is_empty() => Ok(values),
            Ok(_) => Err(extra),
            Err(mut issues) => {
                issues.extend(extra);
                Err(issues)
            }
        }
    }

    /// The text to show in a text-like input.
    pub fn text(&self, key: &str) -> String {
        match self.raw.get(key) {
            Some(raw) => raw.clone(),
            None => cells::text_of(self.values.get(key)),
        }
    }

    /// The selected values of a checkbox or multiple picker, or the two dates of a range.
    pub fn selected(&self, key: &str) -> Vec<String> {
        cells::strings_of(self.values.get(key))
    }

    /// Sets the catalog entry shown with the form: the materials checklist and the guide.
    pub fn with_catalog(mut self, materials: Vec<Material>, guide: String) -> Self {
        self.materials = materials;
        self.guide = guide;
        self
    }

    /// The files uploaded for material `key`.
    pub fn material_files(&self, key: &str) -> Vec<Attachment> {
        self.attachments
            .iter()
            .filter(|a| a.field.as_deref() == Some(key))
            .cloned()
            .collect()
    }

    /// Required (not 容缺) materials without a file, as issues on `materials.<key>` — the check
    /// the server runs, from `lianban-definition`.
    pub fn missing_materials(&self) -> Vec<Issue> {
        missing_materials(&self.materials, |key| !self.material_files(key).is_empty())
    }

    /// The files uploaded into field `key`, in the order of its value.
    pub fn files(&self, key: &str) -> Vec<Attachment> {
        let ids = self.selected(key);
        ids.iter()
            .filter_map(|id| self.attachments.iter().find(|a| &a.id == id).cloned())
            .collect()
    }

    /// Whether any operation is running.
    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    /// Stores a value (or removes it when `None`), clears the field's message and recomputes
    /// the computed fields.
    fn put(&mut self, key: &str, value: Option<Value>) {
        match value {
            Some(v) => self.values.insert(key.to_owned(), v),
            None => self.values.remove(key),
        };
        self.errors.remove(key);
        self.notice = None;
        self.values = self.form.compute(&self.values);
    }

    /// Checks field `key` alone, as a draft; a table's cells too.
    fn check_field(&mut self, key: &str) {
        let issue = self
            .form
            .validate_draft(&self.values)
            .err()
            .and_then(|issues| issues.into_iter().find(|i| i.path == key));
        match issue {
            Some(issue) => self.errors.insert(key.to_owned(), issue.message),
            None => self.errors.remove(key),
        };
        if let Some(field) = self.form.field(key).cloned() {
            self.record_cells(&field, Check::Draft);
        }
    }

    /// Whether `path` is `materials.<key>` of a listed material.
    fn is_material_path(&self, path: &str) -> bool {
        path.strip_prefix("materials.")
            .is_some_and(|key| self.materials.iter().any(|m| m.key.as_str() == key))
    }

    /// Records issues: field, cell, material and pick messages under their path, the rest in
    /// the banner. A table's message also brings the messages of its bad cells.
    fn record(&mut self, issues: Vec<Issue>) {
        for issue in issues {
            let field = self.form.field(&issue.path).cloned();
            let cell = cells::table_of_path(&issue.path)
                .is_some_and(|table| self.form.field(table).is_some());
            if let Some(field) = field {
                self.record_cells(&field, Check::Submit);
                self.errors.entry(issue.path).or_insert(issue.message);
            } else if issue.path == TITLE
                || cell
                || self.is_material_path(&issue.path)
                || self.is_chosen_path(&issue.path)
            {
                self.errors.entry(issue.path).or_insert(issue.message);
            } else {
                self.general.push(issue.message);
            }
        }
    }
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::SetTitle(title) => {
                next.title = title;
                next.errors.remove(TITLE);
            }
            FormAction::SetText { key, text } => next.edit(&key, Edit::Text(text)),
            FormAction::Toggle { key, value } => next.edit(&key, Edit::Toggle(value)),
            FormAction::SetMany { key, values } => next.edit(&key, Edit::Many(values)),
            FormAction::SetRange { key, bound, text } => next.edit(&key, Edit::Range(bound, text)),
            FormAction::AddRow(key) => next.add_row(&key),
            FormAction::RemoveRow { key, row } => next.remove_row(&key, row),
            FormAction::SetCell { cell, edit } => next.edit_cell(&cell, edit),
            FormAction::CheckField(key) => next.check_field(&key),
            FormAction::SetNote(note) => next.note = note,
            FormAction::Choose { node, users } => next.choose(node, users),
            FormAction::Begin(busy) => {
                if next.busy.is_some() {
                    return self;
                }
                next.busy = Some(busy);
                next.general.clear();
                next.notice = None;
            }
            FormAction::Invalid(issues) => {
                next.busy = None;
                next.errors.clear();
                next.general = vec![format!("有{}处需要修改，请按提示检查", issues.len())];
                next.record(issues);
            }
            FormAction::Saved(matter) => {
                next.busy = None;
                next.matter_id = Some(matter.id.clone());
                next.attachments = matter.attachments.clone();
                next.errors.clear();
                next.notice = Some("草稿已保存".into());
            }
            FormAction::Persisted(matter) => {
                next.matter_id = Some(matter.id.clone());
                next.attachments = matter.attachments.clone();
            }
            FormAction::Failed(err) => {
                next.busy = None;
                next.errors.clear();
                next.general = vec![err.detail.clone()];
                next.record(err.errors);
            }
            FormAction::Uploaded(att) => {
                next.busy = None;
                if let Some(key) = &att.field {
                    next.errors.remove(&format!("materials.{key}"));
                }
                // A material's files live only in `attachments`; a field's also in its value.
                if let Some(key) = att.field.clone()
                    && next.form.field(&key).is_some()
                {
                    let mut ids = next.selected(&key);
                    ids.push(att.id.clone());
                    next.put(&key, cells::array(ids));
                }
                next.attachments.push(att);
            }
            FormAction::Removed { key, id } => {
                next.busy = None;
                if next.form.field(&key).is_some() {
                    let ids = next
                        .selected(&key)
                        .into_iter()
                        .filter(|v| *v != id)
                        .collect();
                    next.put(&key, cells::array(ids));
                }
                next.attachments.retain(|a| a.id != id);
            }
            FormAction::Done => next.busy = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod composite_tests;
