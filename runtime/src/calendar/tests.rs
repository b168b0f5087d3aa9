//! Tests of the calendar on the real vendored data (2004–2026): fixtures here, cases by topic.

mod days;
mod due;
mod hours;
mod pause;

use super::*;
use jiff::Timestamp;
use jiff::civil::Date;

/// The calendar the server seeds: every vendored year, default working hours.
pub(crate) fn seeded() -> WorkCalendar {
    let mut calendar = WorkCalendar::new(WorkingHours::default());
    for year in lianban_seeds::holiday_years() {
        calendar
            .add_year(&year_data(&year))
            .unwrap_or_else(|issues| panic!("{}: {issues:?}", year.year));
    }
    calendar
}

/// A seed year as the runtime takes it.
pub(crate) fn year_data(seed: &lianban_seeds::SeedYear) -> YearData {
    let entries = |days: &[lianban_seeds::SeedDay]| {
        days.iter()
            .map(|d| DayEntry::new(date(&d.date), d.name.clone()))
            .collect()
    };
    YearData {
        year: seed.year,
        holidays: entries(&seed.holidays),
        workdays: entries(&seed.workdays),
    }
}

/// `2026-10-01` as a date.
pub(crate) fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// `2026-09-30 10:00` or `2026-09-30 10:00:15` (China Standard Time) as an instant.
pub(crate) fn at(text: &str) -> Timestamp {
    let seconds = if text.matches(':').count() == 1 {
        ":00"
    } else {
        ""
    };
    format!("{}{seconds}+08:00", text.replace(' ', "T"))
        .parse()
        .unwrap()
}

/// An instant as `2026-10-08 17:30` in China Standard Time (seconds only when not zero).
pub(crate) fn show(ts: Timestamp) -> String {
    let local = CHINA.to_datetime(ts);
    if local.second() == 0 {
        local.strftime("%Y-%m-%d %H:%M").to_string()
    } else {
        local.strftime("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// `due` of the seeded calendar, shown.
pub(super) fn due(from: &str, amount: u32, unit: LimitUnit) -> Result<String, CalendarError> {
    seeded().due(at(from), Limit::new(amount, unit)).map(show)
}
