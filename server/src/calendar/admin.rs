//! The administrators' side of the calendar (`/api/v1/admin/calendar/…`, role `admin`): the
//! years with their counts and the warnings about missing years, one year's holidays and makeup
//! workdays, and the working hours. Every edit is checked, stored, and rebuilds the cache.

use super::dto::{self, HoursDto, YearBody};
use super::store::{self, Source, YearRow};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::Batch;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lianban_runtime::calendar::{CHINA, MissingReason, YEARS};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The administrators' calendar routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(get_year, put_year))
        .routes(routes!(get_hours, put_hours))
}

/// Refuses users who are not administrators.
fn require_admin(user: &CurrentUser) -> ApiResult<()> {
    if user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden("仅系统管理员可以维护工作日历"))
    }
}

/// The year of a path, within the years a calendar may hold.
fn path_year(raw: &str) -> ApiResult<i16> {
    Some(raw)
        .filter(|r| r.len() == 4 && r.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|r| r.parse::<i16>().ok())
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "calendar_bad_year",
                format!(
                    "年份「{raw}」无效，应为 {}–{} 之间的四位数字",
                    YEARS.start(),
                    YEARS.end()
                ),
            )
        })
}

/// A year in the list.
#[derive(Serialize, utoipa::ToSchema)]
struct YearSummary {
    year: i16,
    /// Number of holidays.
    holidays: usize,
    /// Number of makeup workdays.
    workdays: usize,
    source: Source,
    updated_ms: i64,
    updated_by: String,
}

/// A year administrators should enter.
#[derive(Serialize, utoipa::ToSchema)]
struct Missing {
    year: i16,
    /// `this_year`, `next_year`, `gap` or `reached` (a computation needed it).
    reason: &'static str,
    /// Chinese explanation.
    message: String,
}

/// The calendar at a glance.
#[derive(Serialize, utoipa::ToSchema)]
struct Overview {
    /// Stored years, ascending.
    years: Vec<YearSummary>,
    /// Years to enter, ascending; empty when nothing is missing.
    missing: Vec<Missing>,
    /// The working hours.
    hours: HoursDto,
    /// Where the seeded years came from.
    source: &'static str,
}

/// Years with their counts, the missing-year warnings and the working hours.
#[utoipa::path(get, path = "/api/v1/admin/calendar", tag = "calendar",
    responses((status = 200, body = Overview), (status = 401), (status = 403)))]
async fn overview(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Overview>> {
    require_admin(&user)?;
    let rows = store::years(&state.db).await?;
    let calendar = state.calendar.reload(&state.db).await?;
    let today = CHINA.to_datetime(state.clock.now()).date();
    let mut missing: Vec<Missing> = calendar
        .missing_years(today)
        .into_iter()
        .map(|m| Missing {
            year: m.year,
            reason: match m.reason {
                MissingReason::ThisYear => "this_year",
                MissingReason::NextYear => "next_year",
                MissingReason::Gap => "gap",
            },
            message: format!("{} 年：{}", m.year, m.reason.label()),
        })
        .collect();
    for year in state.calendar.reached_missing() {
        if !calendar.has_year(year) && !missing.iter().any(|m| m.year == year) {
            missing.push(Missing {
                year,
                reason: "reached",
                message: format!("{year} 年：有时限计算用到了该年份，但尚未录入节假日安排"),
            });
        }
    }
    missing.sort_by_key(|m| m.year);
    Ok(Json(Overview {
        years: rows
            .into_iter()
            .map(|r| YearSummary {
                year: r.year,
                holidays: r.holidays.len(),
                workdays: r.workdays.len(),
                source: r.source,
                updated_ms: r.updated_ms,
                updated_by: r.updated_by,
            })
            .collect(),
        missing,
        hours: dto::hours_dto(calendar.hours()),
        source: lianban_seeds::HOLIDAY_SOURCE,
    }))
}

/// One year's holidays and makeup workdays.
#[utoipa::path(get, path = "/api/v1/admin/calendar/years/{year}", tag = "calendar",
    params(("year" = String, Path, description = "e.g. 2027")),
    responses((status = 200, body = YearRow), (status = 400, description = "calendar_bad_year"),
        (status = 403), (status = 404, description = "not entered yet")))]
async fn get_year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(year): Path<String>,
) -> ApiResult<Json<YearRow>> {
    require_admin(&user)?;
    let year = path_year(&year)?;
    store::year(&state.db, year)
        .await?
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

/// Enters or replaces one year's holidays and makeup workdays (the whole year at once).
#[utoipa::path(put, path = "/api/v1/admin/calendar/years/{year}", tag = "calendar",
    params(("year" = String, Path, description = "e.g. 2027")), request_body = YearBody,
    responses((status = 200, body = YearRow),
        (status = 400, description = "calendar_bad_year; validation_failed with errors: bad_date, date_outside_year, duplicate_date, holiday_and_workday, workday_not_weekend, name_required, name_too_long"),
        (status = 403)))]
async fn put_year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(year): Path<String>,
    ApiJson(body): ApiJson<YearBody>,
) -> ApiResult<Json<YearRow>> {
    require_admin(&user)?;
    let year = path_year(&year)?;
    let data =
        dto::year_data(year, &body.holidays, &body.workdays).map_err(ApiError::validation)?;
    let row = dto::year_row(&data, Source::Admin, state.clock.now_ms(), &user.username);
    let mut batch = Batch::new();
    store::add_year(&mut batch, &row);
    batch.commit(&state.db).await?;
    state.calendar.reload(&state.db).await?;
    tracing::info!(year, by = %user.username, "calendar year saved");
    Ok(Json(row))
}

/// The working hours.
#[utoipa::path(get, path = "/api/v1/admin/calendar/hours", tag = "calendar",
    responses((status = 200, body = HoursDto), (status = 403)))]
async fn get_hours(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<HoursDto>> {
    require_admin(&user)?;
    let calendar = state.calendar.reload(&state.db).await?;
    Ok(Json(dto::hours_dto(calendar.hours())))
}

/// Sets the working hours (used by limits in working hours and as the close of business).
#[utoipa::path(put, path = "/api/v1/admin/calendar/hours", tag = "calendar", request_body = HoursDto,
    responses((status = 200, body = HoursDto),
        (status = 400, description = "validation_failed with errors: bad_time, hours_empty, too_many_periods, period_empty, period_overlap"),
        (status = 403)))]
async fn put_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<HoursDto>,
) -> ApiResult<Json<HoursDto>> {
    require_admin(&user)?;
    let hours = dto::working_hours(&body.periods).map_err(ApiError::validation)?;
    let mut batch = Batch::new();
    store::add_hours(
        &mut batch,
        &dto::hours_row(&hours, state.clock.now_ms(), &user.username),
    );
    batch.commit(&state.db).await?;
    state.calendar.reload(&state.db).await?;
    tracing::info!(by = %user.username, "working hours saved");
    Ok(Json(dto::hours_dto(&hours)))
}
