//! State of the generated-form editor (事项登记, draft editing, 重新提交): the values being typed,
//! per-field messages, the draft id, uploaded files and which operation is running.
//!
//! It is a [`Reducible`] driven by [`FormAction`]; pages only dispatch actions and call the API.
//! Values are converted from input text by field kind here, so the same JSON reaches
//! [`FormDef::validate_values`] in the browser and on the server.

use crate::api::{ApiError, Attachment, MatterDetail};
use lianban_definition::Issue;
use lianban_definition::form::{Field, FieldKind, FormDef, FormValues};
use serde_json::{Number, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

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
    /// Raw text of number and amount inputs (so `1.` can be typed).
    pub raw: BTreeMap<String, String>,
    /// One message per field key (or [`TITLE`]).
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
    /// An input lost focus: check that field alone (missing values are not reported yet).
    CheckField(String),
    /// The resubmission note changed.
    SetNote(String),
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
    /// A fresh form for a new matter of type `type_code`.
    pub fn new(type_code: &str, type_name: &str, form: FormDef) -> Self {
        Self {
            form: Rc::new(form),
            type_code: type_code.to_owned(),
            type_name: type_name.to_owned(),
            matter_id: None,
            title: type_name.to_owned(),
            values: FormValues::new(),
            raw: BTreeMap::new(),
            errors: BTreeMap::new(),
            general: Vec::new(),
            busy: None,
            attachments: Vec::new(),
            notice: None,
            note: String::new(),
        }
    }

    /// The editor for an existing matter (a draft, or a returned matter to resubmit).
    pub fn from_matter(matter: &MatterDetail) -> Self {
        let mut state = Self::new(&matter.type_code, &matter.type_name, matter.form.clone());
        state.matter_id = Some(matter.id.clone());
        state.title = matter.title.clone();
        state.values = matter.values.clone();
        state.attachments = matter.attachments.clone();
        state
    }

    /// Runs the same declarative checks as the server, plus a non-empty title.
    pub fn check(&self, check: Check) -> Result<FormValues, Vec<Issue>> {
        let result = match check {
            Check::Draft => self.form.validate_draft(&self.values),
            Check::Submit => self.form.validate_values(&self.values),
        };
        let title_issue = self
            .title
            .trim()
            .is_empty()
            .then(|| Issue::new(TITLE, "required", "请填写标题"));
        match (result, title_issue) {
            (Ok(values), None) => Ok(values),
            (Ok(_), Some(issue)) => Err(vec![issue]),
            (Err(mut issues), title) => {
                issues.extend(title);
                Err(issues)
            }
        }
    }

    /// The text to show in a text-like input.
    pub fn text(&self, key: &str) -> String {
        if let Some(raw) = self.raw.get(key) {
            return raw.clone();
        }
        match self.values.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// The selected values of a checkbox or multiple picker.
    pub fn selected(&self, key: &str) -> Vec<String> {
        match self.values.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
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

    /// Stores a value (or removes it when `None`) and clears the field's message.
    fn put(&mut self, key: &str, value: Option<Value>) {
        match value {
            Some(v) => self.values.insert(key.to_owned(), v),
            None => self.values.remove(key),
        };
        self.errors.remove(key);
        self.notice = None;
    }

    /// Records issues: field messages under their key, the rest in the banner.
    fn record(&mut self, issues: Vec<Issue>) {
        for issue in issues {
            let known = issue.path == TITLE || self.form.field(&issue.path).is_some();
            if known {
                self.errors.entry(issue.path).or_insert(issue.message);
            } else {
                self.general.push(issue.message);
            }
        }
    }
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

/// Adds or removes `value` in the array stored under `key`.
fn toggled(current: Vec<String>, value: String) -> Vec<String> {
    if current.contains(&value) {
        current.into_iter().filter(|v| *v != value).collect()
    } else {
        let mut next = current;
        next.push(value);
        next
    }
}

/// An array value, absent when empty.
fn array(items: Vec<String>) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.into_iter().map(Value::String).collect()))
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
            FormAction::SetText { key, text } => {
                let Some(field) = next.form.field(&key).cloned() else {
                    return self;
                };
                if matches!(
                    field.kind,
                    FieldKind::Number { .. } | FieldKind::Amount { .. }
                ) {
                    next.raw.insert(key.clone(), text.clone());
                }
                next.put(&key, value_of_text(&field, &text));
            }
            FormAction::Toggle { key, value } => {
                let items = toggled(next.selected(&key), value);
                next.put(&key, array(items));
            }
            FormAction::SetMany { key, values } => next.put(&key, array(values)),
            FormAction::CheckField(key) => {
                let issue = next
                    .form
                    .validate_draft(&next.values)
                    .err()
                    .and_then(|issues| issues.into_iter().find(|i| i.path == key));
                match issue {
                    Some(issue) => next.errors.insert(key, issue.message),
                    None => next.errors.remove(&key),
                };
            }
            FormAction::SetNote(note) => next.note = note,
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
                if let Some(key) = att.field.clone() {
                    let mut ids = next.selected(&key);
                    ids.push(att.id.clone());
                    next.put(&key, array(ids));
                }
                next.attachments.push(att);
            }
            FormAction::Removed { key, id } => {
                next.busy = None;
                let ids = next
                    .selected(&key)
                    .into_iter()
                    .filter(|v| *v != id)
                    .collect();
                next.put(&key, array(ids));
                next.attachments.retain(|a| a.id != id);
            }
            FormAction::Done => next.busy = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
