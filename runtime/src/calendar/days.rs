//! One year's arrangement: its holidays and makeup workdays, and the checks an administrator's
//! edit must pass.

use jiff::civil::{Date, Weekday};
use lianban_definition::Issue;
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// The years a calendar may hold.
pub const YEARS: RangeInclusive<i16> = 2000..=2100;

/// The longest name of a holiday, in characters.
const NAME_MAX: usize = 50;

/// One dated entry of a year: a holiday, or a makeup workday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEntry {
    /// The date.
    pub date: Date,
    /// The holiday it belongs to, e.g. 国庆节.
    pub name: String,
}

impl DayEntry {
    /// An entry.
    pub fn new(date: Date, name: impl Into<String>) -> Self {
        Self {
            date,
            name: name.into(),
        }
    }
}

/// The arrangement of one calendar year, as the State Council publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearData {
    /// The year.
    pub year: i16,
    /// Days off: the statutory holidays, including the weekdays taken off in exchange for
    /// makeup workdays (weekend days inside a holiday period may be listed or not).
    pub holidays: Vec<DayEntry>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<DayEntry>,
}

impl YearData {
    /// Every problem of the arrangement, with paths like `holidays[3].date`: the year outside
    /// [`YEARS`] (`year_out_of_range`), a date outside the year (`date_outside_year`), a date
    /// listed twice (`duplicate_date`), a date both a holiday and a workday
    /// (`holiday_and_workday`), a makeup workday from Monday to Friday (`workday_not_weekend`),
    /// an empty or overlong name (`name_required`, `name_too_long`).
    pub fn check(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if !YEARS.contains(&self.year) {
            issues.push(Issue::new(
                "year",
                "year_out_of_range",
                format!("年份应在 {}–{} 之间", YEARS.start(), YEARS.end()),
            ));
        }
        let mut seen: HashMap<Date, &str> = HashMap::new();
        for (list, entries) in [("holidays", &self.holidays), ("workdays", &self.workdays)] {
            for (i, entry) in entries.iter().enumerate() {
                let path = format!("{list}[{i}]");
                self.check_entry(&path, list, entry, &mut issues);
                match seen.insert(entry.date, list) {
                    Some(earlier) if earlier == list => issues.push(Issue::new(
                        format!("{path}.date"),
                        "duplicate_date",
                        format!("{} 重复出现", entry.date),
                    )),
                    Some(_) => issues.push(Issue::new(
                        format!("{path}.date"),
                        "holiday_and_workday",
                        format!("{} 不能既是节假日又是调休上班日", entry.date),
                    )),
                    None => {}
                }
            }
        }
        issues
    }

    fn check_entry(&self, path: &str, list: &str, entry: &DayEntry, issues: &mut Vec<Issue>) {
        if entry.date.year() != self.year {
            issues.push(Issue::new(
                format!("{path}.date"),
                "date_outside_year",
                format!("{} 不在 {} 年内", entry.date, self.year),
            ));
        }
        if list == "workdays" && !is_weekend(entry.date) {
            issues.push(Issue::new(
                format!("{path}.date"),
                "workday_not_weekend",
                format!(
                    "{} 是{}，调休上班日应为周六或周日",
                    entry.date,
                    weekday_label(entry.date.weekday())
                ),
            ));
        }
        let name = entry.name.trim();
        if name.is_empty() {
            issues.push(Issue::new(
                format!("{path}.name"),
                "name_required",
                format!("请填写 {} 所属的节日名称", entry.date),
            ));
        } else if name.chars().count() > NAME_MAX {
            issues.push(Issue::new(
                format!("{path}.name"),
                "name_too_long",
                format!("节日名称不能超过 {NAME_MAX} 个字"),
            ));
        }
    }

    /// The same arrangement with both lists sorted by date and names trimmed.
    pub fn normalized(mut self) -> Self {
        for list in [&mut self.holidays, &mut self.workdays] {
            list.sort_by_key(|e| e.date);
            for entry in list.iter_mut() {
                entry.name = entry.name.trim().to_owned();
            }
        }
        self
    }
}

/// Whether `date` is a Saturday or a Sunday.
pub(crate) fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// 周一 … 周日.
fn weekday_label(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "周一",
        Weekday::Tuesday => "周二",
        Weekday::Wednesday => "周三",
        Weekday::Thursday => "周四",
        Weekday::Friday => "周五",
        Weekday::Saturday => "周六",
        Weekday::Sunday => "周日",
    }
}
