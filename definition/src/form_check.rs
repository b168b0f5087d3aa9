//! Checks behind [`FormDef::validate`], [`FormDef::validate_values`] and
//! [`FormDef::validate_draft`]: the form definition itself (keys, labels, options, bounds) here,
//! submitted values field by field in [`values`].
//!
//! Value checks are declarative only; cross-field Rhai rules run later in the server.

use crate::form::{Choice, FORM_SCHEMA_VERSION, Field, FieldKind, FormDef, FormValues};
use crate::issue::Issue;
use std::collections::HashSet;

mod values;

/// Default maximum length of a `text` field, in characters.
pub(crate) const TEXT_MAX_LEN: u32 = 200;
/// Default maximum length of a `textarea` field, in characters.
pub(crate) const TEXTAREA_MAX_LEN: u32 = 2000;
/// Default maximum number of files in an `attachment` field.
pub(crate) const MAX_FILES: u32 = 10;

/// Checks a form definition; see [`FormDef::validate`]. Paths are relative to the form.
pub(crate) fn check_form(form: &FormDef) -> Vec<Issue> {
    let mut issues = Vec::new();
    if form.schema_version != FORM_SCHEMA_VERSION {
        issues.push(Issue::new(
            "schema_version",
            "unsupported_version",
            format!("不支持的表单格式版本：{}", form.schema_version),
        ));
    }
    let mut seen = HashSet::new();
    for (i, field) in form.fields.iter().enumerate() {
        let path = format!("fields[{i}]");
        if !is_ident(field.key.as_str()) {
            issues.push(Issue::new(
                format!("{path}.key"),
                "bad_key",
                format!(
                    "字段键「{}」须以小写字母开头，只含小写字母、数字和下划线",
                    field.key
                ),
            ));
        } else if !seen.insert(field.key.as_str()) {
            issues.push(Issue::new(
                format!("{path}.key"),
                "duplicate_key",
                format!("字段键「{}」重复", field.key),
            ));
        }
        if field.label.trim().is_empty() {
            issues.push(Issue::new(
                format!("{path}.label"),
                "empty_label",
                format!("字段「{}」没有标签", field.key),
            ));
        }
        check_kind(field, &format!("{path}.kind"), &mut issues);
    }
    issues
}

/// Checks submitted values for a submission; see [`FormDef::validate_values`].
pub(crate) fn check_values(form: &FormDef, values: &FormValues) -> Result<FormValues, Vec<Issue>> {
    values::check(form, values, values::Mode::Submit)
}

/// Checks the values of a draft; see [`FormDef::validate_draft`].
pub(crate) fn check_draft(form: &FormDef, values: &FormValues) -> Result<FormValues, Vec<Issue>> {
    values::check(form, values, values::Mode::Draft)
}

/// Whether `s` matches `[a-z][a-z0-9_]*`, the shape of keys, codes and node ids.
pub(crate) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The name of a field in definition messages: its label, or its key when the label is empty.
fn display_name(field: &Field) -> &str {
    if field.label.trim().is_empty() {
        field.key.as_str()
    } else {
        &field.label
    }
}

/// Type-specific definition checks: bounds, options and accepted extensions.
fn check_kind(field: &Field, path: &str, issues: &mut Vec<Issue>) {
    let name = display_name(field);
    let mut bounds = |attr: &str, message: String| {
        issues.push(Issue::new(format!("{path}.{attr}"), "bad_bounds", message));
    };
    match &field.kind {
        FieldKind::Text { min_len, max_len } => {
            let max = max_len.unwrap_or(TEXT_MAX_LEN);
            if max == 0 {
                bounds("max_len", format!("字段「{name}」的最大长度须大于0"));
            } else if min_len.is_some_and(|min| min > max) {
                bounds(
                    "min_len",
                    format!("字段「{name}」的最小长度大于最大长度{max}"),
                );
            }
        }
        FieldKind::Textarea { max_len } => {
            if *max_len == Some(0) {
                bounds("max_len", format!("字段「{name}」的最大长度须大于0"));
            }
        }
        FieldKind::Number { min, max, .. } => {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                bounds("min", format!("字段「{name}」的最小值大于最大值"));
            }
        }
        FieldKind::Amount { min, max } => {
            let min = min.unwrap_or(0.0);
            if max.is_some_and(|max| min > max) {
                bounds("min", format!("字段「{name}」的最小值大于最大值"));
            }
        }
        FieldKind::Select { options }
        | FieldKind::Radio { options }
        | FieldKind::Checkbox { options } => {
            check_options(name, options, &format!("{path}.options"), issues);
        }
        FieldKind::Attachment { max_files, accept } => {
            if *max_files == Some(0) {
                bounds("max_files", format!("字段「{name}」的文件数上限须大于0"));
            }
            check_accept(name, accept, &format!("{path}.accept"), issues);
        }
        FieldKind::Date
        | FieldKind::IdCard
        | FieldKind::CreditCode
        | FieldKind::Mobile
        | FieldKind::UnitPicker { .. }
        | FieldKind::UserPicker { .. } => {}
    }
}

/// A choice field needs at least one option, each with a value and a label, values unique.
fn check_options(name: &str, options: &[Choice], path: &str, issues: &mut Vec<Issue>) {
    if options.is_empty() {
        issues.push(Issue::new(
            path,
            "no_options",
            format!("字段「{name}」没有选项"),
        ));
    }
    let mut seen = HashSet::new();
    for (j, choice) in options.iter().enumerate() {
        let path = format!("{path}[{j}]");
        if choice.value.trim().is_empty() || choice.label.trim().is_empty() {
            issues.push(Issue::new(
                path,
                "empty_option",
                format!("字段「{name}」的第{}个选项缺少值或标签", j + 1),
            ));
        } else if !seen.insert(choice.value.as_str()) {
            issues.push(Issue::new(
                format!("{path}.value"),
                "duplicate_option",
                format!("字段「{name}」的选项值「{}」重复", choice.value),
            ));
        }
    }
}

/// Accepted extensions are lower-case ASCII letters and digits, without the dot.
fn check_accept(name: &str, accept: &[String], path: &str, issues: &mut Vec<Issue>) {
    for (j, ext) in accept.iter().enumerate() {
        let ok = !ext.is_empty()
            && ext
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            issues.push(Issue::new(
                format!("{path}[{j}]"),
                "bad_extension",
                format!("字段「{name}」的文件类型「{ext}」须为小写字母或数字且不带点"),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
