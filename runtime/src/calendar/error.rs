//! Why a deadline could not be computed.

use thiserror::Error;

/// A refused computation. `Display` is the Chinese message; [`CalendarError::code`] the stable
/// code for API callers.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// The computation reached a day of a year the calendar has no holiday data for.
    #[error(
        "工作日历中没有 {year} 年的节假日安排，无法计算时限。请系统管理员在“工作日历”中录入 {year} 年的法定节假日和调休上班日"
    )]
    MissingYear {
        /// The first year reached without data.
        year: i16,
    },
    /// The amount is above [`crate::calendar::MAX_AMOUNT`].
    #[error("时限数值过大，最多为 {max}")]
    AmountTooLarge {
        /// The largest amount accepted.
        max: u32,
    },
    /// The computation left the range of representable dates.
    #[error("日期超出可计算的范围")]
    OutOfRange,
}

impl CalendarError {
    /// The stable code: `calendar_year_missing`, `calendar_bad_amount` or
    /// `calendar_out_of_range`.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::MissingYear { .. } => "calendar_year_missing",
            CalendarError::AmountTooLarge { .. } => "calendar_bad_amount",
            CalendarError::OutOfRange => "calendar_out_of_range",
        }
    }
}

impl From<jiff::Error> for CalendarError {
    fn from(_: jiff::Error) -> Self {
        CalendarError::OutOfRange
    }
}
