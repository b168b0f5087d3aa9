//! Turning API data into text for people: times, durations, file sizes and form values
//! (choice labels, unit and user names instead of codes). Pure, tested natively.

use lianban_definition::form::{Choice, Field, FieldKind};
use serde_json::Value;
use std::collections::BTreeMap;

/// Code → name lookups for picker values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names {
    /// Unit code → unit name.
    pub units: BTreeMap<String, String>,
    /// Login name → display name.
    pub users: BTreeMap<String, String>,
}

/// `2026-11-29T10:05:33+08:00` → `2026-11-29 10:05`; anything shorter is returned as is.
pub fn time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(hm)) if rfc3339.as_bytes().get(10) == Some(&b'T') => {
            format!("{date} {hm}")
        }
        _ => rfc3339.to_owned(),
    }
}

/// Milliseconds since the epoch as Beijing time (UTC+8), `YYYY-MM-DD HH:MM`.
pub fn datetime_ms(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000) + 8 * 60;
    let (days, minute_of_day) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// An optional time, `—` when absent.
pub fn time_or_dash(value: Option<&str>) -> String {
    value
        .filter(|v| !v.is_empty())
        .map_or_else(|| "—".to_owned(), time)
}

/// Minutes as 天/小时/分钟, e.g. `1天2小时`, `45分钟`.
pub fn duration(minutes: u64) -> String {
    let (days, rest) = (minutes / 1440, minutes % 1440);
    let (hours, mins) = (rest / 60, rest % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}分钟"),
        (0, h, 0) => format!("{h}小时"),
        (0, h, m) => format!("{h}小时{m}分钟"),
        (d, 0, _) => format!("{d}天"),
        (d, h, _) => format!("{d}天{h}小时"),
    }
}

/// Bytes as B / KB / MB.
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// The CSS modifier of a status badge.
pub fn status_class(status: &str) -> &'static str {
    match status {
        "draft" => "badge badge-draft",
        "running" | "open" | "claimed" | "handling" => "badge badge-running",
        "returned" => "badge badge-returned",
        "completed" | "closed" | "done" | "finished" => "badge badge-done",
        "voided" | "cancelled" | "skipped" => "badge badge-voided",
        _ => "badge",
    }
}

/// The Chinese label of a matter status code (for filters; pages show the server's label).
pub const MATTER_STATUSES: [(&str, &str); 6] = [
    ("draft", "草稿"),
    ("running", "办理中"),
    ("returned", "已退回"),
    ("completed", "待办结"),
    ("closed", "已办结"),
    ("voided", "已作废"),
];

/// The label of `value` among `options`, or the value itself.
fn label_of<'a>(options: &'a [Choice], value: &'a str) -> &'a str {
    options
        .iter()
        .find(|c| c.value == value)
        .map_or(value, |c| c.label.as_str())
}

/// Strings of a value that may be one string or an array of strings.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Looks every string of `value` up in `map` (falling back to the code) and joins them.
fn names(value: &Value, map: &BTreeMap<String, String>) -> String {
    strings(value)
        .into_iter()
        .map(|code| map.get(code).map_or(code, String::as_str))
        .collect::<Vec<_>>()
        .join("、")
}

/// A stored value of `field` as text for reading (attachments: the number of files).
pub fn value(field: &Field, value: &Value, lookup: &Names) -> String {
    if value.is_null() {
        return "—".into();
    }
    match &field.kind {
        FieldKind::Select { options, .. }
        | FieldKind::Radio { options, .. }
        | FieldKind::Checkbox { options, .. } => strings(value)
            .into_iter()
            .map(|v| label_of(options, v))
            .collect::<Vec<_>>()
            .join("、"),
        FieldKind::UnitPicker { .. } => names(value, &lookup.units),
        FieldKind::UserPicker { .. } => names(value, &lookup.users),
        FieldKind::Amount { .. } => value
            .as_f64()
            .map_or_else(|| plain(value), |x| format!("{x:.2} 元")),
        FieldKind::Attachment { .. } => format!("{}个文件", strings(value).len()),
        FieldKind::DateRange => strings(value).join(" 至 "),
        FieldKind::Table { .. } => format!("{}行", value.as_array().map_or(0, Vec::len)),
        FieldKind::Computed { decimals, .. } => value
            .as_f64()
            .map_or_else(|| plain(value), |x| fixed(x, *decimals)),
        FieldKind::Text { .. }
        | FieldKind::Email
        | FieldKind::Textarea { .. }
        | FieldKind::Number { .. }
        | FieldKind::Date
        | FieldKind::IdCard
        | FieldKind::CreditCode
        | FieldKind::Mobile => plain(value),
    }
}

/// A number with exactly `decimals` digits after the point, e.g. `fixed(5.0, 2)` → `5.00`.
pub fn fixed(x: f64, decimals: u8) -> String {
    format!("{x:.*}", usize::from(decimals))
}

/// Any JSON value as plain text (strings without quotes, arrays joined).
pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_milliseconds_read_as_beijing_time() {
        assert_eq!(datetime_ms(0), "1970-01-01 08:00");
        // 2026-11-29T13:05:00Z
        assert_eq!(datetime_ms(1_795_957_500_000), "2026-11-29 21:05");
        assert_eq!(datetime_ms(951_782_400_000), "2000-02-29 08:00");
    }

    fn field(kind: Value) -> Field {
        serde_json::from_value(json!({"key": "k", "label": "字段", "kind": kind})).expect("field")
    }

    #[test]
    fn times_and_durations_read_naturally() {
        assert_eq!(time("2026-11-29T10:05:33+08:00"), "2026-11-29 10:05");
        assert_eq!(time("2026-11-29"), "2026-11-29");
        assert_eq!(time_or_dash(None), "—");
        assert_eq!(duration(45), "45分钟");
        assert_eq!(duration(120), "2小时");
        assert_eq!(duration(125), "2小时5分钟");
        assert_eq!(duration(1440 * 2 + 180), "2天3小时");
        assert_eq!(size(2048), "2.0 KB");
    }

    #[test]
    fn values_show_labels_and_names() {
        let radio = field(json!({"type": "radio", "options": [{"value": "m", "label": "男"}]}));
        assert_eq!(value(&radio, &json!("m"), &Names::default()), "男");
        let units = field(json!({"type": "unit_picker", "multiple": true}));
        let mut lookup = Names::default();
        lookup.units.insert("zzb".into(), "组织部".into());
        assert_eq!(
            value(&units, &json!(["zzb", "czj"]), &lookup),
            "组织部、czj"
        );
        let amount = field(json!({"type": "amount"}));
        assert_eq!(value(&amount, &json!(1234.5), &lookup), "1234.50 元");
        assert_eq!(value(&amount, &Value::Null, &lookup), "—");
    }

    #[test]
    fn ranges_read_as_a_period_and_computed_numbers_keep_their_decimals() {
        let range = field(json!({"type": "date_range"}));
        let period = json!(["2026-03-01", "2026-03-04"]);
        assert_eq!(
            value(&range, &period, &Names::default()),
            "2026-03-01 至 2026-03-04"
        );
        let total = field(json!({"type": "computed", "decimals": 2,
            "formula": {"type": "count_rows", "table": "items"}}));
        assert_eq!(value(&total, &json!(5), &Names::default()), "5.00");
        assert_eq!(value(&total, &json!(420.75), &Names::default()), "420.75");
    }
}
