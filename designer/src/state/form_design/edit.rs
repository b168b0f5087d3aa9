//! Edits of one field's properties ([`FieldEdit`]) and how they apply to a [`Field`]: the
//! common properties, the kind-specific settings, choice lists and a detail table's columns
//! (each column a simple field edited with the same [`FieldEdit`]s). An edit that does not fit
//! the field's kind changes nothing.

use super::palette::{PaletteGroup, PaletteKind, new_field, option};
use lianban_definition::form::{Choice, Field, FieldKind, FormDef, Formula, Pattern, Width};
use lianban_definition::{DictCode, FieldKey};
use serde_json::Value;

/// A change to one property of a field (or, nested in [`FieldEdit::Column`], of a column).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldEdit {
    /// 字段标题.
    Label(String),
    /// 字段编码: must match `[a-z][a-z0-9_]*` and be unique among its siblings.
    Key(String),
    /// 提示文字 (blank = none).
    Help(String),
    /// 必填.
    Required(bool),
    /// 宽度.
    Width(Width),
    /// 默认值 (same shape as a submitted value; `None` = none).
    Default(Option<Value>),
    /// Minimum length of a text field.
    MinLen(Option<u32>),
    /// Maximum length of a text or textarea field.
    MaxLen(Option<u32>),
    /// The regular expression of a text field (blank removes the rule).
    PatternRegex(String),
    /// The message shown when a text field's pattern does not match.
    PatternMessage(String),
    /// Smallest value of a number or amount.
    Min(Option<f64>),
    /// Largest value of a number or amount.
    Max(Option<f64>),
    /// Decimals of a number or computed field.
    Decimals(u8),
    /// Whether a picker takes several values.
    Multiple(bool),
    /// Most files of an attachment field.
    MaxFiles(Option<u32>),
    /// Accepted extensions of an attachment field, e.g. `pdf, jpg`.
    Accept(String),
    /// Adds a choice at the end of a select, radio or checkbox field.
    AddOption,
    /// Removes choice `i`.
    RemoveOption(usize),
    /// Moves choice `from` to position `to`.
    MoveOption {
        /// Current position.
        from: usize,
        /// New position.
        to: usize,
    },
    /// The label of choice `i`.
    OptionLabel(usize, String),
    /// The stored value of choice `i`.
    OptionValue(usize, String),
    /// Where a choice field's options come from: a code dictionary (its inline options and its
    /// default are dropped) or, with `None`, inline options (two fresh ones when it had none).
    OptionSource(Option<DictCode>),
    /// Fewest rows of a detail table.
    MinRows(Option<u32>),
    /// Most rows of a detail table.
    MaxRows(Option<u32>),
    /// Adds a column of this kind at the end of a detail table.
    AddColumn(PaletteKind),
    /// Removes column `i`.
    RemoveColumn(usize),
    /// Moves column `from` to position `to`.
    MoveColumn {
        /// Current position.
        from: usize,
        /// New position.
        to: usize,
    },
    /// Edits column `i` of a detail table.
    Column(usize, Box<FieldEdit>),
    /// The formula of a computed field.
    Formula(Formula),
}

impl FieldEdit {
    /// Which text property this edit types into, so that consecutive keystrokes in one input
    /// make one undo step; `None` for edits that are steps of their own.
    pub(super) fn typing_target(&self) -> Option<String> {
        match self {
            FieldEdit::Label(_) => Some("label".into()),
            FieldEdit::Help(_) => Some("help".into()),
            FieldEdit::PatternRegex(_) => Some("regex".into()),
            FieldEdit::PatternMessage(_) => Some("message".into()),
            FieldEdit::Accept(_) => Some("accept".into()),
            FieldEdit::OptionLabel(i, _) => Some(format!("option{i}.label")),
            FieldEdit::OptionValue(i, _) => Some(format!("option{i}.value")),
            FieldEdit::Column(i, edit) => edit.typing_target().map(|t| format!("column{i}.{t}")),
            _ => None,
        }
    }
}

/// Whether `s` is a valid key: `[a-z][a-z0-9_]*`.
pub fn is_key(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a new key against the rules and the keys of the field's siblings; the message is
/// shown under 字段编码.
pub(super) fn check_key(key: &str, current: &str, siblings: &[Field]) -> Result<(), String> {
    if !is_key(key) {
        return Err("字段编码须以小写字母开头，只含小写字母、数字和下划线".into());
    }
    if key != current && siblings.iter().any(|f| f.key.as_str() == key) {
        return Err(format!("字段编码「{key}」已被使用"));
    }
    Ok(())
}

/// Applies `edit` to `field`; `form` gives context to new columns. Returns the refusal message
/// of a bad column key.
pub(super) fn apply(field: &mut Field, edit: FieldEdit, form: &FormDef) -> Result<(), String> {
    match edit {
        FieldEdit::Label(label) => field.label = label,
        FieldEdit::Key(key) => field.key = FieldKey::new(key),
        FieldEdit::Help(help) => field.help = Some(help).filter(|h| !h.trim().is_empty()),
        FieldEdit::Required(required) => field.required = required,
        FieldEdit::Width(width) => field.width = width,
        FieldEdit::Default(value) => field.default = value,
        FieldEdit::Column(i, edit) => return edit_column(field, i, *edit, form),
        FieldEdit::OptionSource(source) => set_option_source(field, source),
        other => apply_kind(&mut field.kind, other, form),
    }
    Ok(())
}

/// Applies a kind-specific edit.
fn apply_kind(kind: &mut FieldKind, edit: FieldEdit, form: &FormDef) {
    match (kind, edit) {
        (FieldKind::Text { min_len, .. }, FieldEdit::MinLen(n)) => *min_len = n,
        (
            FieldKind::Text { max_len, .. } | FieldKind::Textarea { max_len },
            FieldEdit::MaxLen(n),
        ) => {
            *max_len = n;
        }
        (FieldKind::Text { pattern, .. }, FieldEdit::PatternRegex(regex)) => {
            let message = pattern.take().map(|p| p.message).unwrap_or_default();
            *pattern = (!regex.is_empty()).then_some(Pattern { regex, message });
        }
        (
            FieldKind::Text {
                pattern: Some(p), ..
            },
            FieldEdit::PatternMessage(message),
        ) => {
            p.message = message;
        }
        (FieldKind::Number { min, .. } | FieldKind::Amount { min, .. }, FieldEdit::Min(x)) => {
            *min = x;
        }
        (FieldKind::Number { max, .. } | FieldKind::Amount { max, .. }, FieldEdit::Max(x)) => {
            *max = x;
        }
        (
            FieldKind::Number { decimals, .. } | FieldKind::Computed { decimals, .. },
            FieldEdit::Decimals(d),
        ) => *decimals = d.min(6),
        (
            FieldKind::UnitPicker { multiple } | FieldKind::UserPicker { multiple },
            FieldEdit::Multiple(m),
        ) => *multiple = m,
        (FieldKind::Attachment { max_files, .. }, FieldEdit::MaxFiles(n)) => *max_files = n,
        (FieldKind::Attachment { accept, .. }, FieldEdit::Accept(text)) => {
            *accept = extensions(&text);
        }
        (
            FieldKind::Select { options, .. }
            | FieldKind::Radio { options, .. }
            | FieldKind::Checkbox { options, .. },
            edit,
        ) => edit_options(options, edit),
        (FieldKind::Table { min_rows, .. }, FieldEdit::MinRows(n)) => *min_rows = n,
        (FieldKind::Table { max_rows, .. }, FieldEdit::MaxRows(n)) => *max_rows = n,
        (FieldKind::Table { columns, .. }, FieldEdit::AddColumn(kind))
            if kind.group() != PaletteGroup::Advanced =>
        {
            let key = next_key(columns, "column");
            columns.push(new_field(kind, &key, kind.default_label(), form));
        }
        (FieldKind::Table { columns, .. }, FieldEdit::RemoveColumn(i)) if i < columns.len() => {
            columns.remove(i);
        }
        (FieldKind::Table { columns, .. }, FieldEdit::MoveColumn { from, to }) => {
            move_item(columns, from, to);
        }
        (FieldKind::Computed { formula, .. }, FieldEdit::Formula(f)) => *formula = f,
        _ => {}
    }
}

/// Switches a choice field between inline options and a dictionary; other kinds are left alone.
fn set_option_source(field: &mut Field, source: Option<DictCode>) {
    let (FieldKind::Select { options, dict }
    | FieldKind::Radio { options, dict }
    | FieldKind::Checkbox { options, dict }) = &mut field.kind
    else {
        return;
    };
    match source {
        Some(code) => {
            if dict.as_ref() != Some(&code) {
                // An inline default is unlikely to be an item of the dictionary.
                field.default = None;
            }
            options.clear();
            *dict = Some(code);
        }
        None => {
            *dict = None;
            if options.is_empty() {
                options.extend((1..=2).map(option));
            }
        }
    }
}

/// Edits of a choice list.
fn edit_options(options: &mut Vec<Choice>, edit: FieldEdit) {
    match edit {
        FieldEdit::AddOption => {
            let n = (options.len() + 1..)
                .find(|n| !options.iter().any(|c| c.value == option(*n).value))
                .unwrap_or(options.len() + 1);
            options.push(option(n));
        }
        FieldEdit::RemoveOption(i) if i < options.len() => {
            options.remove(i);
        }
        FieldEdit::MoveOption { from, to } => move_item(options, from, to),
        FieldEdit::OptionLabel(i, label) => {
            if let Some(c) = options.get_mut(i) {
                c.label = label;
            }
        }
        FieldEdit::OptionValue(i, value) => {
            if let Some(c) = options.get_mut(i) {
                c.value = value;
            }
        }
        _ => {}
    }
}

/// Edits column `i` of a table: a key must stay valid and unique among the columns, and the
/// table's computed sums follow a renamed column (done by the caller, which sees the form).
fn edit_column(field: &mut Field, i: usize, edit: FieldEdit, form: &FormDef) -> Result<(), String> {
    let FieldKind::Table { columns, .. } = &mut field.kind else {
        return Ok(());
    };
    if let FieldEdit::Key(key) = &edit {
        let current = columns
            .get(i)
            .map(|c| c.key.to_string())
            .unwrap_or_default();
        check_key(key, &current, columns)?;
    }
    if matches!(edit, FieldEdit::Column(..) | FieldEdit::AddColumn(_)) {
        return Ok(());
    }
    match columns.get_mut(i) {
        Some(column) => apply(column, edit, form),
        None => Ok(()),
    }
}

/// Moves item `from` to position `to` (both clamped to the list).
pub(super) fn move_item<T>(items: &mut Vec<T>, from: usize, to: usize) {
    if from < items.len() {
        let item = items.remove(from);
        items.insert(to.min(items.len()), item);
    }
}

/// `pdf, .JPG；png` → `["pdf", "jpg", "png"]`: separated by commas, spaces or 、，；.
fn extensions(text: &str) -> Vec<String> {
    text.split([',', ' ', '、', '，', ';', '；'])
        .map(|e| e.trim().trim_start_matches('.').to_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// The first `<prefix>_<n>` not used by `fields`, counting from their number plus one.
pub(super) fn next_key(fields: &[Field], prefix: &str) -> String {
    (fields.len() + 1..)
        .map(|n| format!("{prefix}_{n}"))
        .find(|k| !fields.iter().any(|f| f.key.as_str() == k))
        .unwrap_or_else(|| format!("{prefix}_x"))
}
