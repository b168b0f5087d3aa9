//! Form definitions: the fields an initiator fills, and the declarative rules on them.
//!
//! A submission is a JSON object keyed by [`FieldKey`]. [`FormDef::validate_values`] checks it
//! against the exact form version and returns one [`Issue`] per bad field (path = field key) with
//! a Chinese message. Rhai rules (cross-field checks) are not run here: the server runs them
//! through the `scripting` crate after these declarative checks pass.

use crate::ids::{FieldKey, RuleName};
use crate::issue::Issue;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The current version of the stored form schema.
pub const FORM_SCHEMA_VERSION: u32 = 1;

/// Submitted values, keyed by field key.
pub type FormValues = Map<String, Value>;

/// A versioned form: an ordered list of fields plus the names of cross-field Rhai rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDef {
    /// Version of this schema format (not of the form); see [`FORM_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Fields in display order.
    pub fields: Vec<Field>,
    /// Validation rules (Rhai) run by the server after the declarative checks, in order.
    #[serde(default)]
    pub rules: Vec<RuleName>,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Key in the submitted values.
    pub key: FieldKey,
    /// Label shown to users (Chinese).
    pub label: String,
    /// Type and type-specific rules.
    pub kind: FieldKind,
    /// Whether a value must be present (empty strings, empty arrays and null count as absent).
    #[serde(default)]
    pub required: bool,
    /// Help text shown under the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A choice of a select, radio or checkbox field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stored value.
    pub value: String,
    /// Label shown to users.
    pub label: String,
}

/// The type of a field, with its type-specific declarative rules.
///
/// Stored values: text-like kinds, dates (`YYYY-MM-DD`), choices, id numbers and pickers are JSON
/// strings; `number` and `amount` are JSON numbers (`amount` has at most two decimals, in yuan);
/// `checkbox`, multiple pickers and `attachment` are arrays of strings (attachment ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text {
        /// Minimum length in characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_len: Option<u32>,
        /// Maximum length in characters (default 200).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// Several lines of text.
    Textarea {
        /// Maximum length in characters (default 2000).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<u32>,
    },
    /// A number.
    Number {
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Digits allowed after the decimal point (0 = integers only).
        #[serde(default)]
        decimals: u8,
    },
    /// A sum of money in yuan, at most two decimals.
    Amount {
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// One choice from a drop-down.
    Select {
        /// The choices.
        options: Vec<Choice>,
    },
    /// One choice shown as radio buttons.
    Radio {
        /// The choices.
        options: Vec<Choice>,
    },
    /// Any number of choices.
    Checkbox {
        /// The choices.
        options: Vec<Choice>,
    },
    /// 身份证号: an 18-character resident ID number with its check digit.
    IdCard,
    /// 统一社会信用代码: an 18-character unified social credit code with its check character.
    CreditCode,
    /// 手机号: a mainland mobile number, 11 digits starting with 1.
    Mobile,
    /// Picks one or more organisational units (stores unit codes).
    UnitPicker {
        /// Whether several units may be picked (value is then an array).
        #[serde(default)]
        multiple: bool,
    },
    /// Picks one or more users (stores user names).
    UserPicker {
        /// Whether several users may be picked (value is then an array).
        #[serde(default)]
        multiple: bool,
    },
    /// A slot for uploaded files (stores attachment ids).
    Attachment {
        /// Most files in this slot (default 10).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_files: Option<u32>,
        /// Accepted file extensions, lower case without dot (e.g. `pdf`); empty = the server's
        /// default list.
        #[serde(default)]
        accept: Vec<String>,
    },
}

impl FormDef {
    /// The field with this key, if any.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.as_str() == key)
    }

    /// Checks the form definition itself (unique keys, non-empty labels and options, sane
    /// bounds). Paths are relative to the form, e.g. `fields[3].kind.options`.
    pub fn validate(&self) -> Vec<Issue> {
        crate::form_check::check_form(self)
    }

    /// Checks submitted values against this form version: unknown keys, required fields, types,
    /// lengths, ranges, options, dates and checksums. Returns the cleaned values (unknown keys
    /// rejected, strings trimmed) or one issue per bad field, path = field key.
    pub fn validate_values(&self, values: &FormValues) -> Result<FormValues, Vec<Issue>> {
        crate::form_check::check_values(self, values)
    }

    /// Checks values of a draft: like [`validate_values`](Self::validate_values) but missing
    /// required fields are allowed, so a half-filled form can be saved.
    pub fn validate_draft(&self, values: &FormValues) -> Result<FormValues, Vec<Issue>> {
        crate::form_check::check_draft(self, values)
    }

    /// Field-level difference between two submissions: the keys whose values differ, in form
    /// order, with old and new value.
    pub fn diff(&self, old: &FormValues, new: &FormValues) -> Vec<FieldChange> {
        self.fields
            .iter()
            .filter_map(|f| {
                let before = old.get(f.key.as_str()).cloned().unwrap_or(Value::Null);
                let after = new.get(f.key.as_str()).cloned().unwrap_or(Value::Null);
                (before != after).then(|| FieldChange {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    before,
                    after,
                })
            })
            .collect()
    }
}

/// One changed field between two submissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field.
    pub key: FieldKey,
    /// Its label, for display.
    pub label: String,
    /// Value before (null if absent).
    pub before: Value,
    /// Value after (null if absent).
    pub after: Value,
}
