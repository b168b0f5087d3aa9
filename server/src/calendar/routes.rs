//! `GET /api/v1/calendar/due`: when a time limit started at some instant ends. Public (it reveals
//! nothing private), used by the registration page and by other systems.

use super::refused;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use lianban_runtime::calendar::{Limit, LimitUnit, MAX_AMOUNT};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The public calendar routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(due))
}

/// Query of the due-date computation.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct DueQuery {
    /// When the limit starts: an ISO-8601 / RFC 3339 date-time with an offset, e.g.
    /// `2026-09-30T10:00:00+08:00` or `2026-09-30T02:00:00Z` (write `+` as `%2B`; fractions of a
    /// second are ignored).
    from: Option<String>,
    /// How many units, 0–10000.
    amount: Option<String>,
    /// `WORKING_DAYS`, `WORKING_HOURS` or `NATURAL_DAYS`.
    unit: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Due {
    /// When the limit ends, RFC 3339 with offset +08:00, e.g. `2026-10-08T17:30:00+08:00`.
    due: String,
}

/// When a limit of `amount` `unit`s started at `from` ends. The day of `from` is not counted;
/// working days and natural days end at the close of business (natural days on the next
/// working day when the last day is not one); working hours count the working periods from
/// `from`.
#[utoipa::path(get, path = "/api/v1/calendar/due", tag = "calendar", params(DueQuery),
    responses((status = 200, body = Due),
        (status = 400, description = "calendar_bad_from, calendar_bad_amount, calendar_bad_unit"),
        (status = 422, description = "calendar_year_missing: the computation reached a year without holiday data; calendar_out_of_range")))]
async fn due(
    State(state): State<AppState>,
    query: Result<Query<DueQuery>, QueryRejection>,
) -> ApiResult<Json<Due>> {
    let Query(q) =
        query.map_err(|e| ApiError::bad_request(format!("查询参数不正确：{}", e.body_text())))?;
    let from = parse_from(q.from.as_deref())?;
    let amount = parse_amount(q.amount.as_deref())?;
    let unit = parse_unit(q.unit.as_deref())?;
    let calendar = state.calendar.get(&state.db).await?;
    let due = calendar
        .due(from, Limit::new(amount, unit))
        .map_err(|e| refused(&state, e))?;
    Ok(Json(Due {
        due: crate::matter::fmt_ts(due),
    }))
}

/// `from`, truncated to whole seconds. A `+` that arrived as a space (an unencoded query) is
/// put back.
fn parse_from(raw: Option<&str>) -> ApiResult<Timestamp> {
    let bad = |detail: String| ApiError::new(StatusCode::BAD_REQUEST, "calendar_bad_from", detail);
    let text = raw.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(bad(
            "请提供起算时间 from，格式如 2026-09-30T10:00:00+08:00".to_owned()
        ));
    }
    let text = match text.char_indices().rev().nth(5) {
        Some((i, ' ')) => format!("{}+{}", &text[..i], &text[i + 1..]),
        _ => text.to_owned(),
    };
    let ts: Timestamp = text.parse().map_err(|_| {
        bad(format!(
            "起算时间 from「{text}」无法识别，应为带时区偏移的 ISO-8601 时间，如 2026-09-30T10:00:00+08:00"
        ))
    })?;
    Timestamp::from_second(ts.as_second()).map_err(|_| bad("起算时间 from 超出范围".to_owned()))
}

fn parse_amount(raw: Option<&str>) -> ApiResult<u32> {
    raw.map(str::trim)
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|n| *n <= MAX_AMOUNT)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "calendar_bad_amount",
                format!("时限数值 amount 应为 0 到 {MAX_AMOUNT} 之间的整数"),
            )
        })
}

fn parse_unit(raw: Option<&str>) -> ApiResult<LimitUnit> {
    raw.map(str::trim)
        .and_then(LimitUnit::parse)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "calendar_bad_unit",
                "时限单位 unit 应为 WORKING_DAYS（工作日）、WORKING_HOURS（工作小时）或 NATURAL_DAYS（自然日）",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_accepts_any_offset_and_a_plus_turned_space() {
        let expect: Timestamp = "2026-09-30T02:00:00Z".parse().unwrap();
        for text in [
            "2026-09-30T10:00:00+08:00",
            "2026-09-30T10:00:00 08:00",
            "2026-09-30T02:00:00Z",
            "2026-09-29T22:00:00-04:00",
            " 2026-09-30T10:00:00.789+08:00 ",
        ] {
            assert_eq!(parse_from(Some(text)).unwrap(), expect, "{text}");
        }
        for bad in [
            None,
            Some(""),
            Some("2026-09-30"),
            Some("2026-09-30T10:00:00"),
            Some("明天"),
        ] {
            let err = parse_from(bad).unwrap_err();
            assert_eq!(err.code, "calendar_bad_from", "{bad:?}");
        }
    }

    #[test]
    fn amount_and_unit_are_strict() {
        assert_eq!(parse_amount(Some("0")).unwrap(), 0);
        assert_eq!(parse_amount(Some("10000")).unwrap(), 10_000);
        for bad in [
            None,
            Some(""),
            Some("-1"),
            Some("1.5"),
            Some("10001"),
            Some("五"),
        ] {
            assert_eq!(parse_amount(bad).unwrap_err().code, "calendar_bad_amount");
        }
        assert_eq!(
            parse_unit(Some("NATURAL_DAYS")).unwrap(),
            LimitUnit::NaturalDays
        );
        for bad in [None, Some("days"), Some("working_days")] {
            assert_eq!(parse_unit(bad).unwrap_err().code, "calendar_bad_unit");
        }
    }
}
