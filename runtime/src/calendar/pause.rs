//! Pauses of the clock (a matter suspended, or returned for 补正: the matter state's
//! [`Pause`]s) and where a matter stands against its limit.

use super::due::{Limit, LimitUnit};
use super::error::CalendarError;
use super::work_calendar::{WorkCalendar, local_date};
use crate::state::Pause;
use jiff::{SignedDuration, Timestamp};

/// Where a matter stands against its limit at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// When the limit ends, pauses included (while paused: as if the clock restarted now).
    pub due: Timestamp,
    /// Whether the clock is stopped now.
    pub paused: bool,
    /// Whether `due` has passed.
    pub overdue: bool,
    /// Working time from now until `due`; negative when overdue (the working time since `due`).
    pub left: SignedDuration,
}

impl WorkCalendar {
    /// When `limit`, started at `from`, ends, the clock stopped during `pauses` (in any order,
    /// possibly overlapping; a pause still running counts until `now`). Only `from`/`to` of a
    /// pause matter: the caller picks the pauses of the clock it computes (the matter's, or one
    /// dispatch's).
    /// - working days: one more working day for each working day the matter resumed later than
    ///   it stopped (the day a pause starts still counts, as the clock ran that day; the working
    ///   days after it, up to the day it ends, do not);
    /// - natural days: one more day per calendar day between the day a pause starts and the day
    ///   it ends, the result still moved off days off;
    /// - working hours: the working time inside pauses does not count.
    ///
    /// Parts of pauses before `from` are ignored. Errors as [`WorkCalendar::due`].
    pub fn due_with_pauses(
        &self,
        from: Timestamp,
        limit: Limit,
        pauses: &[Pause],
        now: Timestamp,
    ) -> Result<Timestamp, CalendarError> {
        let limit = limit.checked()?;
        let spans = merged(from, pauses, now);
        match limit.unit {
            LimitUnit::WorkingDays => {
                let mut extra = 0_u64;
                for &(start, end) in &spans {
                    extra += self.working_days_after(start, end)?;
                }
                self.working_days_due(from, u64::from(limit.amount) + extra)
            }
            LimitUnit::NaturalDays => {
                let extra: i64 = spans
                    .iter()
                    .map(|&(start, end)| days_between(start, end))
                    .sum();
                self.natural_days_due(from, i64::from(limit.amount) + extra)
            }
            LimitUnit::WorkingHours => self.working_time_end(
                from,
                SignedDuration::from_hours(i64::from(limit.amount)),
                &spans,
            ),
        }
    }

    /// Where a matter with `limit` from `from` and these `pauses` stands at `now`.
    pub fn standing(
        &self,
        from: Timestamp,
        limit: Limit,
        pauses: &[Pause],
        now: Timestamp,
    ) -> Result<Standing, CalendarError> {
        let due = self.due_with_pauses(from, limit, pauses, now)?;
        let left = if now <= due {
            self.working_time(now, due)?
        } else {
            -self.working_time(due, now)?
        };
        Ok(Standing {
            due,
            paused: pauses.iter().any(|p| p.to.is_none() && p.from <= now),
            overdue: now > due,
            left,
        })
    }

    /// The working days after the day of `start`, up to and including the day of `end`.
    fn working_days_after(&self, start: Timestamp, end: Timestamp) -> Result<u64, CalendarError> {
        let (mut day, last) = (local_date(start), local_date(end));
        let mut count = 0;
        while day < last {
            day = day.tomorrow()?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

/// Calendar days from the day of `start` to the day of `end`.
fn days_between(start: Timestamp, end: Timestamp) -> i64 {
    local_date(start).duration_until(local_date(end)).as_hours() / 24
}

/// The pauses as intervals from `from` on, a running one ending at `now`, sorted and merged.
fn merged(from: Timestamp, pauses: &[Pause], now: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    let mut spans: Vec<(Timestamp, Timestamp)> = pauses
        .iter()
        .map(|p| {
            let start = p.from.max(from);
            (start, p.to.unwrap_or(now).max(start))
        })
        .filter(|(start, end)| end > start)
        .collect();
    spans.sort();
    let mut out: Vec<(Timestamp, Timestamp)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}
