//! Test mode only: `POST /api/test/clock` moves the server's clock (`{"minutes": n}` forward or
//! back, or `{"set": "2026-03-02T09:00:00+08:00"}`) and runs the deadline scan at the new time at
//! once (and wakes the push worker), so browser and process tests see the tiers fire and the
//! retries fall due without waiting for the scanner. The
//! route does not exist unless `LIANBAN_TEST_MODE` is on.

use super::{ScanReport, scan};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The test-mode routes (merged by `app` only when test mode is on).
pub fn test_router() -> Router<AppState> {
    Router::new().route("/api/test/clock", post(move_clock))
}

/// How to move the clock: by minutes, or to an instant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveClock {
    /// Minutes to move forward (negative: back).
    #[serde(default)]
    minutes: Option<i64>,
    /// The instant to set, RFC 3339 with an offset.
    #[serde(default)]
    set: Option<String>,
}

/// The clock after the move, and what the scan did.
#[derive(Debug, Serialize)]
struct Moved {
    now: String,
    scan: ScanReport,
}

async fn move_clock(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<MoveClock>,
) -> ApiResult<Json<Moved>> {
    // A set instant is scanned exactly (not a few milliseconds later), so a test can stand on
    // a due time without passing it.
    let now = match (req.minutes, req.set.as_deref()) {
        (Some(minutes), None) => {
            state.clock.advance_minutes(minutes);
            state.clock.now()
        }
        (None, Some(text)) => {
            let at: Timestamp = text.trim().parse().map_err(|_| {
                ApiError::bad_request(format!(
                    "时间「{text}」无法识别，应如 2026-03-02T09:00:00+08:00"
                ))
            })?;
            state.clock.set(at);
            at
        }
        _ => return Err(ApiError::bad_request("请给出 minutes 或 set 之一")),
    };
    let scan = scan(&state, now).await?;
    state.push.wake();
    Ok(Json(Moved {
        now: crate::matter::fmt_ts(now),
        scan,
    }))
}
