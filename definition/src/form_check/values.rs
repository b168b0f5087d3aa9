//! Submitted values, field by field: each field's raw JSON value is either cleaned (trimmed,
//! normalised), absent (null, blank string or empty array) or rejected with exactly one issue
//! whose path is the field key. Unknown keys are rejected after the fields, in key order.

use super::{MAX_FILES, MAX_ROWS, TEXT_MAX_LEN, TEXTAREA_MAX_LEN};
use crate::checksum;
use crate::form::{Choice, Field, FieldKind, FormDef, FormValues, Pattern};
use crate::issue::Issue;
use serde_json::{Number, Value};
use std::collections::HashSet;

/// Whether missing required fields are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A submission: required fields must be present.
    Submit,
    /// A draft: required fields may be missing.
    Draft,
}

/// The cleaned value of one field: `None` when absent.
type Cleaned = Result<Option<Value>, Issue>;

/// Checks every field in form order, then rejects unknown keys.
pub(super) fn check(
    form: &FormDef,
    values: &FormValues,
    mode: Mode,
) -> Result<FormValues, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut cleaned = FormValues::new();
    for field in &form.fields {
        let raw = values.get(field.key.as_str()).unwrap_or(&Value::Null);
        match clean(field, raw, mode) {
            Ok(Some(value)) => {
                cleaned.insert(field.key.to_string(), value);
            }
            Ok(None) if field.required && mode == Mode::Submit => issues.push(missing(field)),
            Ok(None) => {}
            Err(issue) => issues.push(issue),
        }
    }
    let known: HashSet<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
    for key in values.keys() {
        if !known.contains(key.as_str()) {
            issues.push(Issue::new(
                key.as_str(),
                "unknown_field",
                format!("表单中没有字段「{key}」"),
            ));
        }
    }
    if issues.is_empty() {
        Ok(super::compute(form, &cleaned))
    } else {
        Err(issues)
    }
}

/// Checks one value of one field as a submission would (used for defaults).
pub(super) fn check_one(field: &Field, raw: &Value) -> Result<(), Issue> {
    clean(field, raw, Mode::Submit).map(|_| ())
}

/// The `required` issue, worded for how the field is filled in.
fn missing(field: &Field) -> Issue {
    let verb = match field.kind {
        FieldKind::Select { .. }
        | FieldKind::Radio { .. }
        | FieldKind::Checkbox { .. }
        | FieldKind::Date
        | FieldKind::DateRange
        | FieldKind::UnitPicker { .. }
        | FieldKind::UserPicker { .. } => "请选择",
        FieldKind::Attachment { .. } => "请上传",
        FieldKind::Table { .. } => "请添加",
        FieldKind::Text { .. }
        | FieldKind::Email
        | FieldKind::Computed { .. }
        | FieldKind::Textarea { .. }
        | FieldKind::Number { .. }
        | FieldKind::Amount { .. }
        | FieldKind::IdCard
        | FieldKind::CreditCode
        | FieldKind::Mobile => "请填写",
    };
    Issue::new(
        field.key.as_str(),
        "required",
        format!("{verb}{}", field.label),
    )
}

/// Cleans one field's raw value according to its kind.
fn clean(field: &Field, raw: &Value, mode: Mode) -> Cleaned {
    match &field.kind {
        FieldKind::Text {
            min_len,
            max_len,
            pattern,
        } => {
            let cleaned = text(
                field,
                raw,
                min_len.unwrap_or(0),
                max_len.unwrap_or(TEXT_MAX_LEN),
            )?;
            if let (Some(Value::String(s)), Some(p)) = (&cleaned, pattern) {
                matches_pattern(field, s, p)?;
            }
            Ok(cleaned)
        }
        FieldKind::Textarea { max_len } => text(field, raw, 0, max_len.unwrap_or(TEXTAREA_MAX_LEN)),
        FieldKind::Number { min, max, decimals } => number(field, raw, (*min, *max), *decimals),
        FieldKind::Amount { min, max } => number(field, raw, (min.or(Some(0.0)), *max), 2),
        FieldKind::Date => date(field, raw),
        FieldKind::DateRange => date_range(field, raw),
        FieldKind::Email => email(field, raw),
        FieldKind::Table {
            columns,
            min_rows,
            max_rows,
        } => table(
            field,
            raw,
            columns,
            (min_rows.unwrap_or(0), max_rows.unwrap_or(MAX_ROWS)),
            mode,
        ),
        // Replaced by the computed value once the other fields are clean.
        FieldKind::Computed { .. } => Ok(None),
        FieldKind::Select { options, .. } | FieldKind::Radio { options, .. } => {
            choice(field, raw, options)
        }
        FieldKind::Checkbox { options, .. } => choices(field, raw, options),
        FieldKind::IdCard => id_card(field, raw),
        FieldKind::CreditCode => credit_code(field, raw),
        FieldKind::Mobile => mobile(field, raw),
        FieldKind::UnitPicker { multiple } | FieldKind::UserPicker { multiple } => {
            if *multiple {
                Ok(strings(field, raw)?.map(Value::from))
            } else {
                Ok(string(field, raw)?.map(Value::from))
            }
        }
        FieldKind::Attachment { max_files, .. } => {
            attachment(field, raw, max_files.unwrap_or(MAX_FILES))
        }
    }
}

/// An issue on this field.
fn issue(field: &Field, code: &str, message: String) -> Issue {
    Issue::new(field.key.as_str(), code, message)
}

/// A trimmed string; null and blank strings are absent.
fn string<'a>(field: &Field, raw: &'a Value) -> Result<Option<&'a str>, Issue> {
    match raw {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim()).filter(|s| !s.is_empty())),
        _ => Err(issue(field, "bad_type", format!("{}应为文本", field.label))),
    }
}

/// An array of unique, non-blank, trimmed strings; null and empty arrays are absent.
fn strings(field: &Field, raw: &Value) -> Result<Option<Vec<String>>, Issue> {
    let items = match raw {
        Value::Null => return Ok(None),
        Value::Array(items) if items.is_empty() => return Ok(None),
        Value::Array(items) => items,
        _ => return Err(issue(field, "bad_type", format!("{}应为列表", field.label))),
    };
    let label = &field.label;
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for item in items {
        let Value::String(s) = item else {
            return Err(issue(
                field,
                "bad_type",
                format!("{label}的每一项都应为文本"),
            ));
        };
        let s = s.trim();
        if s.is_empty() {
            return Err(issue(field, "bad_format", format!("{label}含有空项")));
        }
        if !seen.insert(s) {
            return Err(issue(
                field,
                "duplicate_value",
                format!("{label}含有重复项「{s}」"),
            ));
        }
        out.push(s.to_owned());
    }
    Ok(Some(out))
}

/// Text and textarea: length in characters within `min..=max`.
fn text(field: &Field, raw: &Value, min: u32, max: u32) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    let len = s.chars().count();
    let label = &field.label;
    if len > max as usize {
        return Err(issue(
            field,
            "too_long",
            format!("{label}不能超过{max}个字"),
        ));
    }
    if len < min as usize {
        return Err(issue(
            field,
            "too_short",
            format!("{label}不能少于{min}个字"),
        ));
    }
    Ok(Some(Value::from(s)))
}

/// Number and amount: a JSON number within the bounds, with at most `decimals` decimals.
fn number(
    field: &Field,
    raw: &Value,
    (min, max): (Option<f64>, Option<f64>),
    decimals: u8,
) -> Cleaned {
    let n = match raw {
        Value::Null => return Ok(None),
        Value::Number(n) => n,
        _ => return Err(issue(field, "bad_type", format!("{}应为数字", field.label))),
    };
    let label = &field.label;
    let x = n.as_f64().unwrap_or(f64::NAN);
    let in_range = min.is_none_or(|min| x >= min) && max.is_none_or(|max| x <= max);
    if !in_range {
        let message = match (min, max) {
            (Some(min), Some(max)) => format!("{label}应在{min}到{max}之间"),
            (Some(min), None) => format!("{label}不能小于{min}"),
            (None, Some(max)) => format!("{label}不能大于{max}"),
            (None, None) => format!("{label}不是有效的数字"),
        };
        return Err(issue(field, "out_of_range", message));
    }
    if decimal_places(n) > usize::from(decimals) {
        let message = if decimals == 0 {
            format!("{label}应为整数")
        } else {
            format!("{label}最多保留{decimals}位小数")
        };
        return Err(issue(field, "too_many_decimals", message));
    }
    Ok(Some(Value::Number(n.clone())))
}

/// Digits after the decimal point in the shortest exact rendering of `n`.
fn decimal_places(n: &Number) -> usize {
    if n.is_i64() || n.is_u64() {
        return 0;
    }
    // `Display` for f64 is the shortest round-trip form and never uses an exponent.
    let rendered = n.as_f64().map(|x| x.to_string()).unwrap_or_default();
    rendered.split_once('.').map_or(0, |(_, frac)| frac.len())
}

/// A real `YYYY-MM-DD` date.
fn date(field: &Field, raw: &Value) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    if checksum::parse_date(s).is_none() {
        let message = format!("{}应为有效日期（YYYY-MM-DD）", field.label);
        return Err(issue(field, "bad_date", message));
    }
    Ok(Some(Value::from(s)))
}

/// Text with a pattern: the whole value must match. A pattern that does not compile is reported
/// by the definition check; here it rejects every value rather than accepting anything.
fn matches_pattern(field: &Field, s: &str, pattern: &Pattern) -> Result<(), Issue> {
    let anchored = format!("^(?:{})$", pattern.regex);
    let ok = regex_lite::Regex::new(&anchored).is_ok_and(|re| re.is_match(s));
    if ok {
        Ok(())
    } else {
        Err(issue(field, "pattern_mismatch", pattern.message.clone()))
    }
}

/// A period: two real dates, start not after end.
fn date_range(field: &Field, raw: &Value) -> Cleaned {
    let label = &field.label;
    let items = match raw {
        Value::Null => return Ok(None),
        Value::Array(items) if items.iter().all(is_blank) => return Ok(None),
        Value::Array(items) if items.len() == 2 => items,
        _ => {
            let message = format!("{label}应为开始和结束两个日期");
            return Err(issue(field, "bad_type", message));
        }
    };
    let mut dates = Vec::with_capacity(2);
    for item in items {
        let s = item.as_str().map(str::trim).unwrap_or_default();
        if checksum::parse_date(s).is_none() {
            let message = format!("{label}应为有效日期（YYYY-MM-DD）");
            return Err(issue(field, "bad_date", message));
        }
        dates.push(s);
    }
    // ISO dates order as strings.
    if dates[0] > dates[1] {
        let message = format!("{label}的开始日期不能晚于结束日期");
        return Err(issue(field, "bad_range", message));
    }
    Ok(Some(Value::from(dates)))
}

/// Whether a value counts as not filled in.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// An e-mail address: `local@domain.tld`, no spaces, at most 254 characters. Stored lower-case
/// in the domain part.
fn email(field: &Field, raw: &Value) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    let shaped = s.len() <= 254
        && !s.chars().any(char::is_whitespace)
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '-')
                })
        });
    if !shaped {
        let message = format!("{}应为有效的电子邮箱地址", field.label);
        return Err(issue(field, "bad_format", message));
    }
    let (local, domain) = s.split_once('@').unwrap_or((s, ""));
    Ok(Some(Value::from(format!(
        "{local}@{}",
        domain.to_lowercase()
    ))))
}

/// 明细表: an array of row objects, each cell checked by its column; rows within the bounds.
/// An all-blank row is dropped. The first bad cell is reported on the table's key.
fn table(
    field: &Field,
    raw: &Value,
    columns: &[Field],
    (min, max): (u32, u32),
    mode: Mode,
) -> Cleaned {
    let label = &field.label;
    let items = match raw {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        _ => return Err(issue(field, "bad_type", format!("{label}应为明细行列表"))),
    };
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Value::Object(cells) = item else {
            let message = format!("{label}第{n}行格式不正确");
            return Err(issue(field, "bad_type", message));
        };
        if let Some(key) = cells
            .keys()
            .find(|k| !columns.iter().any(|c| c.key.as_str() == *k))
        {
            let message = format!("{label}第{n}行含有未知的列「{key}」");
            return Err(issue(field, "unknown_field", message));
        }
        let mut row = FormValues::new();
        for column in columns {
            let cell = cells.get(column.key.as_str()).unwrap_or(&Value::Null);
            match clean(column, cell, mode) {
                Ok(Some(v)) => {
                    row.insert(column.key.to_string(), v);
                }
                Ok(None) if column.required && mode == Mode::Submit && !cells_blank(cells) => {
                    let inner = missing(column);
                    let message = format!("{label}第{n}行：{}", inner.message);
                    return Err(issue(field, "required", message));
                }
                Ok(None) => {}
                Err(inner) => {
                    let message = format!("{label}第{n}行：{}", inner.message);
                    return Err(issue(field, &inner.code, message));
                }
            }
        }
        if !row.is_empty() {
            rows.push(Value::Object(row));
        }
    }
    let count = rows.len() as u32;
    if count > max {
        let message = format!("{label}最多{max}行");
        return Err(issue(field, "too_many_rows", message));
    }
    if count == 0 {
        return Ok(None);
    }
    if count < min && mode == Mode::Submit {
        let message = format!("{label}至少需要{min}行");
        return Err(issue(field, "too_few_rows", message));
    }
    Ok(Some(Value::from(rows)))
}

/// Whether every cell of a row is blank (such a row is dropped, not reported).
fn cells_blank(cells: &serde_json::Map<String, Value>) -> bool {
    cells
        .values()
        .all(|v| is_blank(v) || v.as_array().is_some_and(Vec::is_empty))
}

/// Whether `value` is an option that may be picked: `bad_option` when it is none of them,
/// `disabled_option` when it is a retired (disabled) one.
fn check_option(field: &Field, options: &[Choice], value: &str) -> Result<(), Issue> {
    match options.iter().find(|c| c.value == value) {
        None => {
            let message = format!("{}的取值「{value}」不在可选项中", field.label);
            Err(issue(field, "bad_option", message))
        }
        Some(c) if c.disabled => {
            let message = format!("{}的选项「{}」已停用，请重新选择", field.label, c.label);
            Err(issue(field, "disabled_option", message))
        }
        Some(_) => Ok(()),
    }
}

/// Select and radio: one option value.
fn choice(field: &Field, raw: &Value, options: &[Choice]) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    check_option(field, options, s)?;
    Ok(Some(Value::from(s)))
}

/// Checkbox: unique option values.
fn choices(field: &Field, raw: &Value, options: &[Choice]) -> Cleaned {
    let Some(values) = strings(field, raw)? else {
        return Ok(None);
    };
    for value in &values {
        check_option(field, options, value)?;
    }
    Ok(Some(Value::from(values)))
}

/// 身份证号: shape, birth date, check character. A lower-case `x` is stored upper-case.
fn id_card(field: &Field, raw: &Value) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    let s = s.to_ascii_uppercase();
    let label = &field.label;
    let shaped = s.len() == 18
        && s.bytes().take(17).all(|b| b.is_ascii_digit())
        && s.bytes()
            .last()
            .is_some_and(|b| b.is_ascii_digit() || b == b'X');
    if !shaped {
        return Err(issue(
            field,
            "bad_format",
            format!("{label}应为18位身份证号"),
        ));
    }
    if checksum::id_card_birth_date(&s).is_none() {
        return Err(issue(
            field,
            "bad_format",
            format!("{label}中的出生日期不正确"),
        ));
    }
    if !checksum::is_valid_id_card(&s) {
        return Err(issue(field, "bad_checksum", format!("{label}校验位不正确")));
    }
    Ok(Some(Value::from(s)))
}

/// 统一社会信用代码: shape (upper case, no I, O, Z, S, V), then check character.
fn credit_code(field: &Field, raw: &Value) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    let label = &field.label;
    let shaped = s.len() == 18
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let allowed = !s.contains(['I', 'O', 'Z', 'S', 'V']);
    if !shaped || !allowed {
        let message = format!("{label}应为18位数字或大写字母（不含I、O、Z、S、V）");
        return Err(issue(field, "bad_format", message));
    }
    if !checksum::is_valid_credit_code(s) {
        return Err(issue(field, "bad_checksum", format!("{label}校验位不正确")));
    }
    Ok(Some(Value::from(s)))
}

/// 手机号: 11 digits starting with 1.
fn mobile(field: &Field, raw: &Value) -> Cleaned {
    let Some(s) = string(field, raw)? else {
        return Ok(None);
    };
    if !checksum::is_valid_mobile(s) {
        let message = format!("{}应为11位手机号码", field.label);
        return Err(issue(field, "bad_format", message));
    }
    Ok(Some(Value::from(s)))
}

/// Attachment: attachment ids, at most `max_files`.
fn attachment(field: &Field, raw: &Value, max_files: u32) -> Cleaned {
    let Some(ids) = strings(field, raw)? else {
        return Ok(None);
    };
    if ids.len() > max_files as usize {
        let message = format!("{}最多上传{max_files}个文件", field.label);
        return Err(issue(field, "too_many_files", message));
    }
    Ok(Some(Value::from(ids)))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod composite_tests;
