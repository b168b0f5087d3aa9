//! [`WorkCalendar`]: which days are working days, and the working periods of a day as instants.

use super::days::{YearData, is_weekend};
use super::error::CalendarError;
use super::hours::WorkingHours;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use lianban_definition::Issue;
use std::collections::{BTreeMap, BTreeSet};

/// China Standard Time, UTC+8 (no daylight saving): every day and period is counted in it.
pub const CHINA: Offset = Offset::constant(8);

/// The working calendar: holiday data per year and the working hours.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i16, YearDays>,
    hours: WorkingHours,
}

/// The dates of one year that differ from the weekday rule.
#[derive(Debug, Clone, PartialEq, Default)]
struct YearDays {
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
}

/// A year administrators should enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingYear {
    /// The year.
    pub year: i16,
    /// Why it is needed.
    pub reason: MissingReason,
}

/// Why a missing year matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingReason {
    /// It is the current year.
    ThisYear,
    /// It is next year and the current year is in its last two months (the State Council
    /// usually publishes the next year's arrangement in October or November).
    NextYear,
    /// It lies between years that have data.
    Gap,
}

impl MissingReason {
    /// Chinese explanation, e.g. for the administrators' warning list.
    pub fn label(self) -> &'static str {
        match self {
            MissingReason::ThisYear => "本年度的节假日安排尚未录入，涉及本年的时限都无法计算",
            MissingReason::NextYear => {
                "已临近年底，请在国务院办公厅发布通知后录入下一年度的节假日安排"
            }
            MissingReason::Gap => "该年份缺失，跨越该年的时限无法计算",
        }
    }
}

impl WorkCalendar {
    /// A calendar without any year, with these working hours.
    pub fn new(hours: WorkingHours) -> Self {
        Self {
            years: BTreeMap::new(),
            hours,
        }
    }

    /// Adds (or replaces) one year's arrangement after checking it ([`YearData::check`]).
    pub fn add_year(&mut self, data: &YearData) -> Result<(), Vec<Issue>> {
        let issues = data.check();
        if !issues.is_empty() {
            return Err(issues);
        }
        let days = YearDays {
            holidays: data.holidays.iter().map(|e| e.date).collect(),
            workdays: data.workdays.iter().map(|e| e.date).collect(),
        };
        self.years.insert(data.year, days);
        Ok(())
    }

    /// The working hours.
    pub fn hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// The years with data, ascending.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// Whether `year` has data.
    pub fn has_year(&self, year: i16) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether `date` is a working day: a makeup workday, or Monday to Friday and not a holiday.
    ///
    /// Errors: [`CalendarError::MissingYear`] when its year has no data.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let year = self
            .years
            .get(&date.year())
            .ok_or(CalendarError::MissingYear { year: date.year() })?;
        Ok(year.workdays.contains(&date) || (!is_weekend(date) && !year.holidays.contains(&date)))
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn next_working_day(&self, date: Date) -> Result<Date, CalendarError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = day.tomorrow()?;
        }
        Ok(day)
    }

    /// The years administrators should enter, ascending: the current year, the next one from
    /// November on, and any gap between years that have data.
    pub fn missing_years(&self, today: Date) -> Vec<MissingYear> {
        let mut out = BTreeMap::new();
        if let (Some(first), Some(last)) = (self.years().next(), self.years().last()) {
            for year in first..=last {
                if !self.has_year(year) {
                    out.insert(year, MissingReason::Gap);
                }
            }
        }
        let this = today.year();
        if today.month() >= 11 && !self.has_year(this + 1) {
            out.insert(this + 1, MissingReason::NextYear);
        }
        if !self.has_year(this) {
            out.insert(this, MissingReason::ThisYear);
        }
        out.into_iter()
            .map(|(year, reason)| MissingYear { year, reason })
            .collect()
    }

    /// The instant `time` on `date`, China Standard Time.
    pub(crate) fn at(&self, date: Date, time: Time) -> Result<Timestamp, CalendarError> {
        Ok(CHINA.to_timestamp(DateTime::from_parts(date, time))?)
    }

    /// The close of business of `date`.
    pub(crate) fn close_of(&self, date: Date) -> Result<Timestamp, CalendarError> {
        self.at(date, self.hours.close())
    }

    /// The working periods of `date` as instants (none on a day off).
    pub(crate) fn periods_of(
        &self,
        date: Date,
    ) -> Result<Vec<(Timestamp, Timestamp)>, CalendarError> {
        if !self.is_working_day(date)? {
            return Ok(Vec::new());
        }
        self.hours
            .periods()
            .iter()
            .map(|p| Ok((self.at(date, p.start)?, self.at(date, p.end)?)))
            .collect()
    }
}

/// The China Standard Time date of an instant.
pub(crate) fn local_date(ts: Timestamp) -> Date {
    CHINA.to_datetime(ts).date()
}
