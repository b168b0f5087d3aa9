//! The working calendar: the due-date computation (`/calendar/due`, public) and the
//! administrators' endpoints (`/admin/calendar/…`).

use super::ApiResult;
use super::client;
use super::url::{escape, with_query};
use serde::{Deserialize, Serialize};

/// The answer of the due-date computation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Due {
    /// When the limit ends, RFC 3339 with +08:00.
    pub due: String,
}

/// The path of the due-date computation of `amount` working days (etc.) from `from`.
pub fn due_path(from: &str, amount: u32, unit: &str) -> String {
    with_query(
        "/calendar/due",
        &[
            ("from", from),
            ("amount", &amount.to_string()),
            ("unit", unit),
        ],
    )
}

/// `GET /calendar/due?from=&amount=&unit=` (422 `calendar_year_missing`).
pub async fn due(from: &str, amount: u32, unit: &str) -> ApiResult<Due> {
    client::get(&due_path(from, amount, unit)).await
}

/// A year in the administrators' list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct YearSummary {
    /// The year.
    pub year: i16,
    /// Number of holidays.
    pub holidays: usize,
    /// Number of makeup workdays.
    pub workdays: usize,
    /// `seed` or `admin`.
    pub source: String,
    /// Last change (ms since epoch).
    pub updated_ms: i64,
    /// Who changed it (empty when seeded).
    #[serde(default)]
    pub updated_by: String,
}

/// A year administrators should enter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MissingYear {
    /// The year.
    pub year: i16,
    /// `this_year`, `next_year`, `gap` or `reached`.
    pub reason: String,
    /// Chinese explanation.
    pub message: String,
}

/// One working period, `HH:MM`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Period {
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
}

/// The working hours.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Hours {
    /// The periods, in order.
    pub periods: Vec<Period>,
}

/// The calendar at a glance.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Overview {
    /// Stored years, ascending.
    pub years: Vec<YearSummary>,
    /// Years to enter.
    pub missing: Vec<MissingYear>,
    /// The working hours.
    pub hours: Hours,
    /// Where the seeded years came from.
    #[serde(default)]
    pub source: String,
}

/// A dated entry: a holiday or a makeup workday.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The holiday it belongs to.
    pub name: String,
}

/// One year's arrangement.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct YearDays {
    /// Holidays.
    pub holidays: Vec<Day>,
    /// Makeup workdays.
    pub workdays: Vec<Day>,
}

/// `GET /admin/calendar`.
pub async fn overview() -> ApiResult<Overview> {
    client::get("/admin/calendar").await
}

fn year_path(year: i16) -> String {
    format!("/admin/calendar/years/{}", escape(&year.to_string()))
}

/// `GET /admin/calendar/years/{year}` (404 when not entered yet).
pub async fn year(year: i16) -> ApiResult<YearDays> {
    client::get(&year_path(year)).await
}

/// `PUT /admin/calendar/years/{year}` (400 `validation_failed` with an issue per entry).
pub async fn save_year(year: i16, days: &YearDays) -> ApiResult<YearDays> {
    client::put(&year_path(year), days).await
}

/// `PUT /admin/calendar/hours` (400 `validation_failed`).
pub async fn save_hours(hours: &Hours) -> ApiResult<Hours> {
    client::put("/admin/calendar/hours", hours).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_path_encodes_the_offset() {
        assert_eq!(
            due_path("2026-09-30T10:00:00+08:00", 5, "WORKING_DAYS"),
            "/calendar/due?from=2026-09-30T10%3A00%3A00%2B08%3A00&amount=5&unit=WORKING_DAYS"
        );
    }

    #[test]
    fn the_overview_parses() {
        let json = r#"{"years":[{"year":2026,"holidays":33,"workdays":6,"source":"seed","updated_ms":1,"updated_by":""}],
            "missing":[{"year":2027,"reason":"next_year","message":"2027 年：…"}],
            "hours":{"periods":[{"start":"08:30","end":"12:00"}]},"source":"chinese-days"}"#;
        let overview: Overview = serde_json::from_str(json).unwrap();
        assert_eq!(overview.years[0].holidays, 33);
        assert_eq!(overview.missing[0].year, 2027);
        assert_eq!(overview.hours.periods[0].end, "12:00");
    }
}
