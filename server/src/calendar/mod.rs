//! The working calendar (工作日历): statutory holidays and makeup workdays per year, and the
//! working hours of a day. Owns the tables `calendar_year` and `calendar_hours`.
//!
//! The arithmetic itself lives in `lianban_runtime::calendar`; this module stores the data,
//! seeds the vendored years (2004–2026, `lianban_seeds::holiday_years`) on start when missing,
//! keeps the built calendar in [`CalendarCache`], answers `GET /api/v1/calendar/due` for anyone
//! ([`routes`]) and lets administrators edit years and hours ([`admin`]).

mod admin;
mod cache;
mod dto;
mod routes;
pub mod store;

pub use cache::CalendarCache;

use crate::AppState;
use crate::error::ApiError;
use axum::http::StatusCode;
use lianban_runtime::calendar::{CalendarError, WorkingHours};
use store::Source;
use utoipa_axum::router::OpenApiRouter;

/// The calendar routes: the due-date computation for everyone, editing for administrators.
pub fn router() -> OpenApiRouter<AppState> {
    routes::router().merge(admin::router())
}

/// Seeds the vendored years that are not stored yet, and the default working hours when unset
/// (years and hours that exist, edited or not, are left alone), then builds the cache. Returns
/// the years seeded.
pub async fn seed(state: &AppState) -> anyhow::Result<Vec<i16>> {
    let now = state.clock.now_ms();
    let mut rows = Vec::new();
    for seed in lianban_seeds::holiday_years() {
        let data = dto::year_data(
            seed.year,
            &to_rows(&seed.holidays),
            &to_rows(&seed.workdays),
        )
        .map_err(|issues| anyhow::anyhow!("vendored year {}: {issues:?}", seed.year))?;
        rows.push(dto::year_row(&data, Source::Seed, now, ""));
    }
    let hours = dto::hours_row(&WorkingHours::default(), now, "");
    let created = store::seed_missing(&state.db, rows, hours).await?;
    if !created.is_empty() {
        tracing::info!(years = ?created, "seeded the working calendar");
    }
    state.calendar.reload(&state.db).await?;
    Ok(created)
}

fn to_rows(days: &[lianban_seeds::SeedDay]) -> Vec<store::DayRow> {
    days.iter()
        .map(|d| store::DayRow {
            date: d.date.clone(),
            name: d.name.clone(),
        })
        .collect()
}

/// The API error of a refused computation; a missing year is remembered and logged for the
/// administrators.
fn refused(state: &AppState, err: CalendarError) -> ApiError {
    let status = match err {
        CalendarError::MissingYear { year } => {
            state.calendar.note_missing(year);
            tracing::warn!(
                year,
                "a deadline computation reached a year without calendar data"
            );
            StatusCode::UNPROCESSABLE_ENTITY
        }
        CalendarError::AmountTooLarge { .. } => StatusCode::BAD_REQUEST,
        CalendarError::OutOfRange => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::new(status, err.code(), err.to_string())
}
