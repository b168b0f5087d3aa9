//! Form definitions: the fields an initiator fills, and the declarative rules on them.
//!
//! A submission is a JSON object keyed by [`FieldKey`]. [`FormDef::validate_values`] checks it
//! against the exact form version and returns one [`Issue`] per bad field (path = field key) with
//! a Chinese message. Rhai rules (cross-field checks) are not run here: the server runs them
//! through the `scripting` crate after these declarative checks pass.

use crate::ids::{DictCode, FieldKey, RuleName};
use crate::issue::Issue;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::form_dict::DictRef;

/// The current version of the stored form schema.
pub const FORM_SCHEMA_VERSION: u32 = 1;

/// Submitted values, keyed by field key.
pub type FormValues = Map<String, Value>;

/// A versioned form: an ordered list of fields, the sections that group them, plus the names of
/// cross-field Rhai rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDef {
    /// Version of this schema format (not of the form); see [`FORM_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Sections (分组) in display order; fields name theirs with [`Field::section`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
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
    /// Value a new form starts with (same shape as a submitted value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Id of the [`Section`] the field sits in; `None` = above the first section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Width in the form's grid.
    #[serde(default, skip_serializing_if = "Width::is_full")]
    pub width: Width,
}

/// A titled group of fields (分组), rendered as a card with its fields in a grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Id referenced by [`Field::section`], unique in the form.
    pub id: String,
    /// Title shown above the group.
    pub title: String,
}

/// How much of a grid row a field takes. Renderers lay fields out on a 12-column grid
/// (full = 12, half = 6, third = 4) and stack them on narrow screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// The whole row.
    #[default]
    Full,
    /// Half a row.
    Half,
    /// A third of a row.
    Third,
}

impl Width {
    /// Whether this is the default width (kept out of the stored JSON).
    pub fn is_full(&self) -> bool {
        *self == Width::Full
    }

    /// Columns out of 12.
    pub fn columns(self) -> u8 {
        match self {
            Width::Full => 12,
            Width::Half => 6,
            Width::Third => 4,
        }
    }
}

/// A regular-expression rule on a text field, with the message shown when it does not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    /// The expression (Rust `regex` syntax); the whole value must match.
    pub regex: String,
    /// Chinese message shown when it does not match, e.g. 请填写6位邮政编码.
    pub message: String,
}

/// How a [`FieldKind::Computed`] field gets its value from the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Formula {
    /// The sum of a numeric column of a detail table (empty cells count as 0).
    SumColumn {
        /// The table field.
        table: FieldKey,
        /// The column's key within the table.
        column: FieldKey,
    },
    /// The number of rows of a detail table.
    CountRows {
        /// The table field.
        table: FieldKey,
    },
    /// The sum of numeric fields (empty ones count as 0).
    Sum {
        /// The fields added up.
        fields: Vec<FieldKey>,
    },
}

/// A choice of a select, radio or checkbox field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stored value.
    pub value: String,
    /// Label shown to users.
    pub label: String,
    /// A retired choice (a disabled dictionary item): its label still shows in values stored
    /// before it was disabled, but it cannot be picked, and a submission holding it is refused.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disabled: bool,
}

impl Choice {
    /// An enabled choice.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            disabled: false,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
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
        /// A pattern the whole value must match.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<Pattern>,
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
    /// A period: `["YYYY-MM-DD", "YYYY-MM-DD"]`, start not after end.
    DateRange,
    /// An e-mail address.
    Email,
    /// One choice from a drop-down.
    Select {
        /// The choices (inline options); empty when they come from `dict`.
        #[serde(default)]
        options: Vec<Choice>,
        /// The code dictionary (数据字典) the options come from, instead of inline options; the
        /// server fills `options` from it wherever it serves or checks the form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dict: Option<DictCode>,
    },
    /// One choice shown as radio buttons.
    Radio {
        /// The choices (inline options); empty when they come from `dict`.
        #[serde(default)]
        options: Vec<Choice>,
        /// The code dictionary (数据字典) the options come from, instead of inline options; the
        /// server fills `options` from it wherever it serves or checks the form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dict: Option<DictCode>,
    },
    /// Any number of choices.
    Checkbox {
        /// The choices (inline options); empty when they come from `dict`.
        #[serde(default)]
        options: Vec<Choice>,
        /// The code dictionary (数据字典) the options come from, instead of inline options; the
        /// server fills `options` from it wherever it serves or checks the form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dict: Option<DictCode>,
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
    /// 明细表: repeating rows, each an object keyed by the columns' keys. Columns are fields of
    /// the simple kinds (not tables, attachments or computed fields); paths of cell issues read
    /// `table[row].column`.
    Table {
        /// The columns, in display order.
        columns: Vec<Field>,
        /// Fewest rows (default 0; a required table needs at least one row anyway).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_rows: Option<u32>,
        /// Most rows (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_rows: Option<u32>,
    },
    /// A read-only number computed from other fields; whatever the client sends is replaced by
    /// the computed value.
    Computed {
        /// How the value is computed.
        formula: Formula,
        /// Digits kept after the decimal point (rounded half away from zero).
        #[serde(default)]
        decimals: u8,
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

    /// The values with every computed field (re)computed from the others, as the server stores
    /// them; the browser shows the same numbers live.
    pub fn compute(&self, values: &FormValues) -> FormValues {
        crate::form_check::compute(self, values)
    }

    /// The section with this id, if any.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The values a new form starts with: every field's default.
    pub fn defaults(&self) -> FormValues {
        self.fields
            .iter()
            .filter_map(|f| Some((f.key.to_string(), f.default.clone()?)))
            .collect()
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
