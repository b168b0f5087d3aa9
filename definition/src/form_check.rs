//! Checks behind [`FormDef::validate`], [`FormDef::validate_values`] and
//! [`FormDef::validate_draft`]: the form definition itself (keys, labels, options, bounds) here,
//! submitted values field by field in [`values`].
//!
//! Value checks are declarative only; cross-field Rhai rules run later in the server.

use crate::form::{Choice, FORM_SCHEMA_VERSION, Field, FieldKind, FormDef, FormValues, Pattern};
use crate::issue::Issue;
use std::collections::HashSet;

mod values;

/// Default maximum length of a `text` field, in characters.
pub(crate) const TEXT_MAX_LEN: u32 = 200;
/// Default maximum length of a `textarea` field, in characters.
pub(crate) const TEXTAREA_MAX_LEN: u32 = 2000;
/// Default maximum number of files in an `attachment` field.
pub(crate) const MAX_FILES: u32 = 10;
/// Default maximum number of rows in a `table` field.
pub(crate) const MAX_ROWS: u32 = 100;

mod computed;
pub(crate) use computed::compute;

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
    check_sections(form, &mut issues);
    check_fields(form, &form.fields, "fields", &mut issues);
    issues
}

/// Section ids are identifiers, unique, titled; every field's section exists.
fn check_sections(form: &FormDef, issues: &mut Vec<Issue>) {
    let mut seen = HashSet::new();
    for (i, section) in form.sections.iter().enumerate() {
        let path = format!("sections[{i}]");
        if !is_ident(&section.id) || !seen.insert(section.id.as_str()) {
            let message = format!("分组编号「{}」须唯一，且以小写字母开头", section.id);
            issues.push(Issue::new(format!("{path}.id"), "bad_section", message));
        }
        if section.title.trim().is_empty() {
            let message = format!("第{}个分组没有标题", i + 1);
            issues.push(Issue::new(format!("{path}.title"), "empty_label", message));
        }
    }
    for (i, field) in form.fields.iter().enumerate() {
        if let Some(id) = &field.section
            && form.section(id).is_none()
        {
            let message = format!("字段「{}」所在的分组「{id}」不存在", field.label);
            issues.push(Issue::new(
                format!("fields[{i}].section"),
                "unknown_section",
                message,
            ));
        }
    }
}

/// Keys, labels and kinds of a list of fields (the form's, or a table's columns).
fn check_fields(form: &FormDef, fields: &[Field], at: &str, issues: &mut Vec<Issue>) {
    let mut seen = HashSet::new();
    for (i, field) in fields.iter().enumerate() {
        let path = format!("{at}[{i}]");
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
        if field.default.is_some()
            && matches!(
                field.kind,
                FieldKind::Computed { .. } | FieldKind::Attachment { .. }
            )
        {
            let message = format!("字段「{}」不能设置默认值", display_name(field));
            issues.push(Issue::new(
                format!("{path}.default"),
                "bad_default",
                message,
            ));
        } else if let Some(default) = &field.default
            && field.kind.dict().is_none()
            && let Err(issue) = values::check_one(field, default)
        {
            let message = format!(
                "字段「{}」的默认值无效：{}",
                display_name(field),
                issue.message
            );
            issues.push(Issue::new(
                format!("{path}.default"),
                "bad_default",
                message,
            ));
        }
        check_kind(form, field, &format!("{path}.kind"), issues);
    }
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
fn check_kind(form: &FormDef, field: &Field, path: &str, issues: &mut Vec<Issue>) {
    let name = display_name(field);
    let bounds =
        |attr: &str, message: String| Issue::new(format!("{path}.{attr}"), "bad_bounds", message);
    match &field.kind {
        FieldKind::Text {
            min_len,
            max_len,
            pattern,
        } => {
            if let Some(Pattern { regex, message }) = pattern {
                if let Err(e) = regex_lite::Regex::new(regex) {
                    let text = format!("字段「{name}」的正则表达式无效：{e}");
                    issues.push(Issue::new(
                        format!("{path}.pattern.regex"),
                        "bad_pattern",
                        text,
                    ));
                }
                if message.trim().is_empty() {
                    let text = format!("字段「{name}」的正则规则缺少提示语");
                    issues.push(Issue::new(
                        format!("{path}.pattern.message"),
                        "bad_pattern",
                        text,
                    ));
                }
            }
            let max = max_len.unwrap_or(TEXT_MAX_LEN);
            if max == 0 {
                issues.push(bounds(
                    "max_len",
                    format!("字段「{name}」的最大长度须大于0"),
                ));
            } else if min_len.is_some_and(|min| min > max) {
                issues.push(bounds(
                    "min_len",
                    format!("字段「{name}」的最小长度大于最大长度{max}"),
                ));
            }
        }
        FieldKind::Textarea { max_len } => {
            if *max_len == Some(0) {
                issues.push(bounds(
                    "max_len",
                    format!("字段「{name}」的最大长度须大于0"),
                ));
            }
        }
        FieldKind::Number { min, max, .. } => {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                issues.push(bounds("min", format!("字段「{name}」的最小值大于最大值")));
            }
        }
        FieldKind::Amount { min, max } => {
            let min = min.unwrap_or(0.0);
            if max.is_some_and(|max| min > max) {
                issues.push(bounds("min", format!("字段「{name}」的最小值大于最大值")));
            }
        }
        FieldKind::Select { options, dict }
        | FieldKind::Radio { options, dict }
        | FieldKind::Checkbox { options, dict } => match dict {
            None => check_options(name, options, &format!("{path}.options"), issues),
            Some(code) => check_dict(name, code.as_str(), options, path, issues),
        },
        FieldKind::Attachment { max_files, accept } => {
            if *max_files == Some(0) {
                issues.push(bounds(
                    "max_files",
                    format!("字段「{name}」的文件数上限须大于0"),
                ));
            }
            check_accept(
                &format!("字段「{name}」"),
                accept,
                &format!("{path}.accept"),
                issues,
            );
        }
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => {
            let max = max_rows.unwrap_or(MAX_ROWS);
            if max == 0 || min_rows.is_some_and(|min| min > max) {
                issues.push(bounds(
                    "max_rows",
                    format!("字段「{name}」的行数上限须大于0且不小于下限"),
                ));
            }
            if columns.is_empty() {
                let message = format!("明细表「{name}」没有列");
                issues.push(Issue::new(format!("{path}.columns"), "no_columns", message));
            }
            for (j, column) in columns.iter().enumerate() {
                if !is_simple(&column.kind) {
                    let message = format!(
                        "明细表「{name}」的列「{}」不能是明细表、附件或计算字段",
                        column.label
                    );
                    issues.push(Issue::new(
                        format!("{path}.columns[{j}].kind"),
                        "bad_column",
                        message,
                    ));
                }
            }
            check_fields(form, columns, &format!("{path}.columns"), issues);
        }
        FieldKind::Computed { formula, .. } => {
            computed::check_formula(form, name, formula, &format!("{path}.formula"), issues);
        }
        FieldKind::Date
        | FieldKind::DateRange
        | FieldKind::Email
        | FieldKind::IdCard
        | FieldKind::CreditCode
        | FieldKind::Mobile
        | FieldKind::UnitPicker { .. }
        | FieldKind::UserPicker { .. } => {}
    }
}

/// Whether a field kind may be a table column.
fn is_simple(kind: &FieldKind) -> bool {
    match kind {
        FieldKind::Table { .. } | FieldKind::Attachment { .. } | FieldKind::Computed { .. } => {
            false
        }
        FieldKind::Text { .. }
        | FieldKind::Textarea { .. }
        | FieldKind::Number { .. }
        | FieldKind::Amount { .. }
        | FieldKind::Date
        | FieldKind::DateRange
        | FieldKind::Email
        | FieldKind::Select { .. }
        | FieldKind::Radio { .. }
        | FieldKind::Checkbox { .. }
        | FieldKind::IdCard
        | FieldKind::CreditCode
        | FieldKind::Mobile
        | FieldKind::UnitPicker { .. }
        | FieldKind::UserPicker { .. } => true,
    }
}

/// Whether a field holds a number (number, amount or computed), for formulas.
pub(crate) fn is_numeric(kind: &FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Number { .. } | FieldKind::Amount { .. } | FieldKind::Computed { .. }
    )
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

/// A dictionary-backed choice field names a well-formed dictionary code and lists no options of
/// its own (they come from the dictionary; whether it exists is checked by the server).
fn check_dict(name: &str, code: &str, options: &[Choice], path: &str, issues: &mut Vec<Issue>) {
    if !is_ident(code) {
        issues.push(Issue::new(
            format!("{path}.dict"),
            "bad_dict",
            format!(
                "字段「{name}」的数据字典编码「{code}」须以小写字母开头，只含小写字母、数字和下划线"
            ),
        ));
    }
    if !options.is_empty() {
        issues.push(Issue::new(
            format!("{path}.options"),
            "options_and_dict",
            format!("字段「{name}」已选用数据字典，不能再设自定义选项"),
        ));
    }
}

/// Accepted extensions are lower-case ASCII letters and digits, without the dot. `owner` names
/// the field or material in messages, e.g. 字段「附件」.
pub(crate) fn check_accept(owner: &str, accept: &[String], path: &str, issues: &mut Vec<Issue>) {
    for (j, ext) in accept.iter().enumerate() {
        let ok = !ext.is_empty()
            && ext
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            issues.push(Issue::new(
                format!("{path}[{j}]"),
                "bad_extension",
                format!("{owner}的文件类型「{ext}」须为小写字母或数字且不带点"),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
