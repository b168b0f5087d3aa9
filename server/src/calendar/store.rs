//! Persistence of the working calendar: `calendar_year` (one record per year, keyed by the
//! year) and `calendar_hours` (the record `current`). Other modules use [`super::CalendarCache`],
//! never these tables.

use crate::db::{self, Batch, Db, DbError, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Who wrote a year's arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Seeded from the vendored data on start.
    Seed,
    /// Entered or changed by an administrator.
    Admin,
}

/// One dated entry as stored and answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DayRow {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The holiday it belongs to, e.g. 国庆节.
    pub name: String,
}

/// One year's arrangement as stored and answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct YearRow {
    /// The year.
    pub year: i16,
    /// Holidays (days off), by date.
    pub holidays: Vec<DayRow>,
    /// Makeup workdays (调休上班), by date.
    pub workdays: Vec<DayRow>,
    /// Who wrote it.
    pub source: Source,
    /// When (ms since epoch).
    pub updated_ms: i64,
    /// Who changed it last (empty when seeded).
    #[serde(default)]
    pub updated_by: String,
}

/// One working period as stored and answered: `HH:MM` to `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PeriodRow {
    /// Start, e.g. `08:30`.
    pub start: String,
    /// End, e.g. `12:00`.
    pub end: String,
}

/// The working hours as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoursRow {
    /// The periods, in order.
    pub periods: Vec<PeriodRow>,
    /// When they were set (ms since epoch).
    pub updated_ms: i64,
    /// Who set them (empty for the defaults).
    #[serde(default)]
    pub updated_by: String,
}

/// Every stored year, ascending.
pub async fn years(db: &Db) -> DbResult<Vec<YearRow>> {
    db::rows(
        db,
        "SELECT year, holidays, workdays, source, updated_ms, updated_by FROM calendar_year
            ORDER BY year",
        json!({}),
    )
    .await
}

/// One stored year.
pub async fn year(db: &Db, year: i16) -> DbResult<Option<YearRow>> {
    db::row(
        db,
        "SELECT year, holidays, workdays, source, updated_ms, updated_by
            FROM type::record('calendar_year', $year)",
        json!({ "year": year }),
    )
    .await
}

/// The stored working hours, if set.
pub async fn hours(db: &Db) -> DbResult<Option<HoursRow>> {
    db::row(
        db,
        "SELECT periods, updated_ms, updated_by FROM type::record('calendar_hours', 'current')",
        json!({}),
    )
    .await
}

/// Adds a statement that writes `row`, replacing the stored year.
pub fn add_year(batch: &mut Batch, row: &YearRow) {
    batch.push(
        "UPSERT type::record('calendar_year', $year) CONTENT $row",
        json!({ "year": row.year, "row": row }),
    );
}

/// Adds a statement that writes the working hours.
pub fn add_hours(batch: &mut Batch, row: &HoursRow) {
    batch.push(
        "UPSERT type::record('calendar_hours', 'current') CONTENT $row",
        json!({ "row": row }),
    );
}

/// Creates the years of `rows` that are not stored yet, and the working hours when unset; never
/// touches what exists. Returns the years created. Another node seeding at the same time is not
/// an error.
pub async fn seed_missing(db: &Db, rows: Vec<YearRow>, hours_row: HoursRow) -> DbResult<Vec<i16>> {
    let stored: Vec<i16> = years(db).await?.iter().map(|y| y.year).collect();
    let mut batch = Batch::new();
    let mut created = Vec::new();
    for row in rows.into_iter().filter(|r| !stored.contains(&r.year)) {
        batch.push(
            "CREATE type::record('calendar_year', $year) CONTENT $row",
            json!({ "year": row.year, "row": row }),
        );
        created.push(row.year);
    }
    if hours(db).await?.is_none() {
        batch.push(
            "CREATE type::record('calendar_hours', 'current') CONTENT $row",
            json!({ "row": hours_row }),
        );
    }
    if batch.is_empty() {
        return Ok(created);
    }
    match batch.commit(db).await {
        Ok(_) => Ok(created),
        Err(DbError::Duplicate(_) | DbError::Conflict) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}
