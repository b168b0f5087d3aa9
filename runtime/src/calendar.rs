//! The working calendar (工作日历) and every deadline computation (时效计算), in one place.
//!
//! A [`WorkCalendar`] holds, per calendar year, the statutory holidays and the makeup workdays
//! (调休上班日) — see [`YearData`] — and the [`WorkingHours`] of a working day (by default
//! 08:30–12:00 and 13:30–17:30). All times are China Standard Time ([`CHINA`], UTC+8); callers
//! pass and get [`jiff::Timestamp`]s and may show them in any offset.
//!
//! A day is a working day when it is a makeup workday, or a Monday to Friday that is not a
//! holiday. A day of a year the calendar has no data for is never guessed: every computation
//! that reaches such a day fails with [`CalendarError::MissingYear`], so administrators learn
//! that the year must be entered (the State Council publishes each year's arrangement in
//! autumn).
//!
//! The counting rules ([`WorkCalendar::due`]), as in administrative practice:
//! - the day of `from` is not counted (期间开始之日不计算在内, 民法典 第二百零一条): a limit of
//!   *n* working days ends on the *n*th working day after the day of `from`;
//! - a limit in working days or natural days ends at the close of business (the end of the last
//!   working period) of its last day (民法典 第二百零三条: where there are business hours, the
//!   end of business is the end of the last day);
//! - a limit in natural days whose last day is not a working day ends on the next working day
//!   (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日);
//! - a limit in working hours counts the working periods from `from` itself, across lunch
//!   breaks, nights, weekends and holidays;
//! - a limit of zero ends at `from`.
//!
//! The clock stops while a matter is suspended or returned for 补正: the matter state's
//! [`crate::Pause`]s extend the due time ([`WorkCalendar::due_with_pauses`]) by the working days, natural days or working time
//! they covered, and [`WorkCalendar::standing`] tells how much working time is left (or how late
//! a matter is), for reminders and the overdue flag.

mod days;
mod due;
mod error;
mod hours;
mod pause;
mod work_calendar;

#[cfg(test)]
pub(crate) mod tests;

pub use days::{DayEntry, YEARS, YearData};
pub use due::{Limit, LimitUnit, MAX_AMOUNT};
pub use error::CalendarError;
pub use hours::{Period, WorkingHours};
pub use pause::Standing;
pub(crate) use work_calendar::local_date;
pub use work_calendar::{CHINA, MissingReason, MissingYear, WorkCalendar};
