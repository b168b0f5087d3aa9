//! [`WorkCalendar::due`]: when a limit of working days, working hours or natural days ends.

use super::error::CalendarError;
use super::work_calendar::{WorkCalendar, local_date};
use jiff::{SignedDuration, Timestamp};
pub use lianban_definition::limit::{LimitUnit, MAX_AMOUNT};
use serde::{Deserialize, Serialize};

/// A time limit, e.g. 5 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// How many units (at most [`MAX_AMOUNT`]).
    pub amount: u32,
    /// Which unit.
    pub unit: LimitUnit,
}

impl Limit {
    /// A limit.
    pub fn new(amount: u32, unit: LimitUnit) -> Self {
        Self { amount, unit }
    }

    /// `amount` working days.
    pub fn working_days(amount: u32) -> Self {
        Self::new(amount, LimitUnit::WorkingDays)
    }

    /// Refuses amounts above [`MAX_AMOUNT`].
    pub(crate) fn checked(self) -> Result<Self, CalendarError> {
        if self.amount > MAX_AMOUNT {
            Err(CalendarError::AmountTooLarge { max: MAX_AMOUNT })
        } else {
            Ok(self)
        }
    }
}

impl WorkCalendar {
    /// When `limit`, started at `from`, ends (see the module documentation for the rules).
    ///
    /// Errors: [`CalendarError::MissingYear`] when a day the computation needs has no data;
    /// [`CalendarError::AmountTooLarge`]; [`CalendarError::OutOfRange`].
    pub fn due(&self, from: Timestamp, limit: Limit) -> Result<Timestamp, CalendarError> {
        let limit = limit.checked()?;
        match limit.unit {
            LimitUnit::WorkingDays => self.working_days_due(from, u64::from(limit.amount)),
            LimitUnit::NaturalDays => self.natural_days_due(from, i64::from(limit.amount)),
            LimitUnit::WorkingHours => self.working_time_end(from, hours(limit.amount), &[]),
        }
    }

    /// The close of business of the `n`th working day after the day of `from`; `from` when `n`
    /// is zero.
    pub(crate) fn working_days_due(
        &self,
        from: Timestamp,
        n: u64,
    ) -> Result<Timestamp, CalendarError> {
        if n == 0 {
            return Ok(from);
        }
        let mut day = local_date(from);
        let mut left = n;
        while left > 0 {
            day = day.tomorrow()?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        self.close_of(day)
    }

    /// The close of business of the day `n` days after the day of `from`, or of the next
    /// working day when that day is not one; `from` when `n` is zero.
    pub(crate) fn natural_days_due(
        &self,
        from: Timestamp,
        n: i64,
    ) -> Result<Timestamp, CalendarError> {
        if n == 0 {
            return Ok(from);
        }
        let last = local_date(from).checked_add(SignedDuration::from_hours(24 * n))?;
        self.close_of(self.next_working_day(last)?)
    }

    /// The instant when `need` working time has passed since `from`, not counting the time
    /// inside `pauses` (sorted, not overlapping).
    pub(crate) fn working_time_end(
        &self,
        from: Timestamp,
        need: SignedDuration,
        pauses: &[(Timestamp, Timestamp)],
    ) -> Result<Timestamp, CalendarError> {
        if need <= SignedDuration::ZERO {
            return Ok(from);
        }
        let mut need = need;
        let mut day = local_date(from);
        loop {
            for (start, end) in self.periods_of(day)? {
                for (a, b) in outside(start.max(from), end, pauses) {
                    let length = a.duration_until(b);
                    if length >= need {
                        return Ok(a.checked_add(need)?);
                    }
                    need -= length;
                }
            }
            day = day.tomorrow()?;
        }
    }

    /// The working time between `a` and `b` (zero when `b` is not after `a`).
    ///
    /// Errors: [`CalendarError::MissingYear`] for a day in between without data.
    pub fn working_time(
        &self,
        a: Timestamp,
        b: Timestamp,
    ) -> Result<SignedDuration, CalendarError> {
        let mut total = SignedDuration::ZERO;
        if b <= a {
            return Ok(total);
        }
        let (mut day, last) = (local_date(a), local_date(b));
        while day <= last {
            for (start, end) in self.periods_of(day)? {
                let (s, e) = (start.max(a), end.min(b));
                if e > s {
                    total += s.duration_until(e);
                }
            }
            day = day.tomorrow()?;
        }
        Ok(total)
    }
}

/// `amount` hours.
fn hours(amount: u32) -> SignedDuration {
    SignedDuration::from_hours(i64::from(amount))
}

/// The parts of `[a, b)` outside `pauses` (sorted, not overlapping).
fn outside(
    a: Timestamp,
    b: Timestamp,
    pauses: &[(Timestamp, Timestamp)],
) -> Vec<(Timestamp, Timestamp)> {
    let mut out = Vec::new();
    let mut cursor = a;
    for &(start, end) in pauses {
        if cursor >= b || start >= b {
            break;
        }
        if end <= cursor {
            continue;
        }
        if start > cursor {
            out.push((cursor, start));
        }
        cursor = cursor.max(end);
    }
    if cursor < b {
        out.push((cursor, b));
    }
    out
}
