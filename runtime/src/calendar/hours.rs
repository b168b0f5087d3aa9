//! The working hours of a working day: one or more periods, e.g. 08:30–12:00 and 13:30–17:30.

use jiff::SignedDuration;
use jiff::civil::Time;
use lianban_definition::Issue;

/// The most periods a working day may have.
const MAX_PERIODS: usize = 6;

/// One working period of a day, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// When work starts.
    pub start: Time,
    /// When work stops.
    pub end: Time,
}

impl Period {
    /// A period.
    pub fn new(start: Time, end: Time) -> Self {
        Self { start, end }
    }

    /// Its length.
    pub fn length(&self) -> SignedDuration {
        self.start.duration_until(self.end)
    }
}

/// The checked working periods of a day: at least one, each non-empty, in order, not
/// overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    periods: Vec<Period>,
}

impl Default for WorkingHours {
    /// 08:30–12:00 and 13:30–17:30 (7.5 hours).
    fn default() -> Self {
        Self {
            periods: vec![
                Period::new(Time::constant(8, 30, 0, 0), Time::constant(12, 0, 0, 0)),
                Period::new(Time::constant(13, 30, 0, 0), Time::constant(17, 30, 0, 0)),
            ],
        }
    }
}

impl WorkingHours {
    /// Checks `periods`. Issues, with paths `periods` / `periods[i]`: `hours_empty`,
    /// `too_many_periods`, `period_empty` (end not after start), `period_overlap` (starts before
    /// the previous period ends).
    pub fn new(periods: Vec<Period>) -> Result<Self, Vec<Issue>> {
        let mut issues = Vec::new();
        if periods.is_empty() {
            issues.push(Issue::new("periods", "hours_empty", "至少需要一个工作时段"));
        }
        if periods.len() > MAX_PERIODS {
            issues.push(Issue::new(
                "periods",
                "too_many_periods",
                format!("工作时段最多 {MAX_PERIODS} 个"),
            ));
        }
        for (i, period) in periods.iter().enumerate() {
            if period.end <= period.start {
                issues.push(Issue::new(
                    format!("periods[{i}]"),
                    "period_empty",
                    format!("第 {} 个时段的结束时间应晚于开始时间", i + 1),
                ));
            }
            if i > 0 && period.start < periods[i - 1].end {
                issues.push(Issue::new(
                    format!("periods[{i}]"),
                    "period_overlap",
                    format!("第 {} 个时段应在上一个时段结束之后开始", i + 1),
                ));
            }
        }
        if issues.is_empty() {
            Ok(Self { periods })
        } else {
            Err(issues)
        }
    }

    /// The periods, in order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The close of business: the end of the last period.
    pub fn close(&self) -> Time {
        self.periods.last().map_or(Time::MAX, |p| p.end)
    }

    /// The working time of one working day.
    pub fn per_day(&self) -> SignedDuration {
        self.periods.iter().map(Period::length).sum()
    }
}
