//! Converting between the stored and wire shapes (strings) and the runtime's checked types, with
//! an [`Issue`] per bad entry.

use super::store::{DayRow, HoursRow, PeriodRow, Source, YearRow};
use jiff::civil::{Date, Time};
use lianban_definition::Issue;
use lianban_runtime::calendar::{DayEntry, Period, WorkingHours, YearData};
use serde::{Deserialize, Serialize};

/// The body of `PUT /admin/calendar/years/{year}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct YearBody {
    /// Holidays (days off), any order.
    #[serde(default)]
    pub holidays: Vec<DayRow>,
    /// Makeup workdays (调休上班), any order.
    #[serde(default)]
    pub workdays: Vec<DayRow>,
}

/// The working hours on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HoursDto {
    /// The working periods of a day, in order, e.g. 08:30–12:00 and 13:30–17:30.
    pub periods: Vec<PeriodRow>,
}

/// `2026-10-01` (exactly `YYYY-MM-DD`).
fn parse_date(text: &str) -> Option<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped.then(|| text.parse().ok()).flatten()
}

/// `08:30` (exactly `HH:MM`).
fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

/// `08:30`.
fn show_time(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

/// The checked arrangement of `year` from wire entries: `bad_date` for a date that is not
/// `YYYY-MM-DD`, then every issue of [`YearData::check`].
pub fn year_data(
    year: i16,
    holidays: &[DayRow],
    workdays: &[DayRow],
) -> Result<YearData, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut entries = |list: &str, rows: &[DayRow]| -> Vec<DayEntry> {
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            match parse_date(row.date.trim()) {
                Some(date) => out.push(DayEntry::new(date, row.name.clone())),
                None => issues.push(Issue::new(
                    format!("{list}[{i}].date"),
                    "bad_date",
                    format!("「{}」不是有效日期，格式应为 YYYY-MM-DD", row.date),
                )),
            }
        }
        out
    };
    let data = YearData {
        year,
        holidays: entries("holidays", holidays),
        workdays: entries("workdays", workdays),
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let issues = data.check();
    if issues.is_empty() {
        Ok(data.normalized())
    } else {
        Err(issues)
    }
}

/// The stored record of a checked arrangement.
pub fn year_row(data: &YearData, source: Source, updated_ms: i64, updated_by: &str) -> YearRow {
    let rows = |entries: &[DayEntry]| {
        entries
            .iter()
            .map(|e| DayRow {
                date: e.date.to_string(),
                name: e.name.clone(),
            })
            .collect()
    };
    YearRow {
        year: data.year,
        holidays: rows(&data.holidays),
        workdays: rows(&data.workdays),
        source,
        updated_ms,
        updated_by: updated_by.to_owned(),
    }
}

/// The checked working hours from wire periods: `bad_time` for a time that is not `HH:MM`, then
/// every issue of [`WorkingHours::new`].
pub fn working_hours(periods: &[PeriodRow]) -> Result<WorkingHours, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    for (i, row) in periods.iter().enumerate() {
        let start = parse_time(row.start.trim());
        let end = parse_time(row.end.trim());
        for (field, value, ok) in [("start", &row.start, start), ("end", &row.end, end)] {
            if ok.is_none() {
                issues.push(Issue::new(
                    format!("periods[{i}].{field}"),
                    "bad_time",
                    format!("「{value}」不是有效时间，格式应为 HH:MM"),
                ));
            }
        }
        if let (Some(start), Some(end)) = (start, end) {
            parsed.push(Period::new(start, end));
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    WorkingHours::new(parsed)
}

/// The wire shape of checked working hours.
pub fn hours_dto(hours: &WorkingHours) -> HoursDto {
    HoursDto {
        periods: hours
            .periods()
            .iter()
            .map(|p| PeriodRow {
                start: show_time(p.start),
                end: show_time(p.end),
            })
            .collect(),
    }
}

/// The stored record of checked working hours.
pub fn hours_row(hours: &WorkingHours, updated_ms: i64, updated_by: &str) -> HoursRow {
    HoursRow {
        periods: hours_dto(hours).periods,
        updated_ms,
        updated_by: updated_by.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, name: &str) -> DayRow {
        DayRow {
            date: date.into(),
            name: name.into(),
        }
    }

    fn period(start: &str, end: &str) -> PeriodRow {
        PeriodRow {
            start: start.into(),
            end: end.into(),
        }
    }

    #[test]
    fn dates_must_be_exactly_year_month_day() {
        assert!(parse_date("2026-10-01").is_some());
        for bad in [
            "2026-1-01",
            "20261001",
            "2026-02-30",
            "2026/10/01",
            "",
            "２０２６-10-01",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
        let err = year_data(2026, &[day("2026-10-1", "国庆节")], &[]).unwrap_err();
        assert_eq!(
            (err[0].path.as_str(), err[0].code.as_str()),
            ("holidays[0].date", "bad_date")
        );
    }

    #[test]
    fn a_year_comes_back_sorted_and_trimmed() {
        let data = year_data(
            2027,
            &[day("2027-10-01", " 国庆节"), day(" 2027-01-01 ", "元旦")],
            &[day("2027-09-26", "国庆节")],
        )
        .unwrap();
        let row = year_row(&data, Source::Admin, 1, "admin");
        assert_eq!(
            row.holidays,
            vec![day("2027-01-01", "元旦"), day("2027-10-01", "国庆节")]
        );
        assert_eq!(row.workdays, vec![day("2027-09-26", "国庆节")]);
    }

    #[test]
    fn times_must_be_exactly_hours_and_minutes() {
        assert!(parse_time("08:30").is_some());
        for bad in ["8:30", "08:30:00", "24:00", "08:60", "0830", ""] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
        let err = working_hours(&[period("8:30", "12:00")]).unwrap_err();
        assert_eq!(err[0].path, "periods[0].start");
        let hours = working_hours(&[period("08:30", "12:00"), period("13:30", "17:30")]).unwrap();
        assert_eq!(hours, WorkingHours::default());
        assert_eq!(hours_dto(&hours).periods[1], period("13:30", "17:30"));
    }
}
