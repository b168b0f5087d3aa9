//! The instant a warning tier is reached, given the due time of a limit.

use crate::calendar::{CalendarError, Limit, WorkCalendar, local_date};
use jiff::Timestamp;
use jiff::civil::Date;
use lianban_definition::limit::TierWhen;

/// When a tier with moment `when` is reached for a limit due at `due` (China Standard Time):
/// - before the due day by *n* working days: the start of the first working period of the
///   *n*th working day before the due day;
/// - on the due day: the start of the due day's first working period (or `due` itself when it
///   comes first, or when the due day is not a working day);
/// - overdue by 0: `due` (the tier is reached once it has passed);
/// - overdue by *n*: the close of business of the *n*th working day after the due day.
///
/// Errors: [`CalendarError::MissingYear`] for a day without holiday data.
pub fn threshold(
    calendar: &WorkCalendar,
    due: Timestamp,
    when: TierWhen,
) -> Result<Timestamp, CalendarError> {
    let due_day = local_date(due);
    match when {
        TierWhen::BeforeDue { working_days } => {
            let mut day = due_day;
            let mut left = working_days;
            while left > 0 {
                day = day.yesterday()?;
                if calendar.is_working_day(day)? {
                    left -= 1;
                }
            }
            Ok(day_start(calendar, day)?.unwrap_or(due).min(due))
        }
        TierWhen::DueDay => Ok(day_start(calendar, due_day)?.unwrap_or(due).min(due)),
        TierWhen::Overdue { working_days: 0 } => Ok(due),
        TierWhen::Overdue { working_days } => calendar.due(due, Limit::working_days(working_days)),
    }
}

/// The start of the first working period of `day`, `None` when it is not a working day.
fn day_start(calendar: &WorkCalendar, day: Date) -> Result<Option<Timestamp>, CalendarError> {
    Ok(calendar.periods_of(day)?.first().map(|(start, _)| *start))
}
