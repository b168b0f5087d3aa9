//! `GET /api/v1/worklist/{list}`.

use super::store::{self, Filter};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The work-list routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// Query parameters of a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Matter type code.
    #[serde(rename = "type")]
    type_code: Option<String>,
    /// Matter status: draft, running, returned, completed, closed, voided.
    status: Option<String>,
    /// From date, `YYYY-MM-DD` (China time, inclusive).
    from: Option<String>,
    /// To date, `YYYY-MM-DD` (inclusive).
    to: Option<String>,
    /// Keyword in the title or matter number.
    q: Option<String>,
    /// Cursor from the previous page's `next_cursor`.
    cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    limit: Option<usize>,
}

/// A page of a list.
#[derive(Serialize, utoipa::ToSchema)]
struct ListPage {
    items: Vec<ListItem>,
    next_cursor: Option<String>,
    /// Total rows (capped at 1000 when filtered).
    total: usize,
}

/// A row.
#[derive(Serialize, utoipa::ToSchema)]
struct ListItem {
    matter_id: String,
    number: Option<String>,
    title: String,
    type_code: String,
    type_name: String,
    status: String,
    status_label: String,
    task_id: Option<u32>,
    step_name: String,
    unit_name: String,
    initiator_name: String,
    at: String,
    /// The colour of the warning tier fired for the row (`blue`, `yellow`, `orange`, `red`):
    /// for a task, the more severe of its dispatch's (current round) and the matter's; for the
    /// initiator's rows, the matter's. Absent when none fired or the matter has ended.
    tier: Option<String>,
}

fn day_start_ms(date: &str, field: &str) -> ApiResult<i64> {
    let d: jiff::civil::Date = date
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{field}日期格式应为 YYYY-MM-DD")))?;
    d.to_zoned_datetime(crate::tz())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| ApiError::bad_request(format!("{field}日期超出范围")))
}

/// 待办 (todo), 已办 (done), 我发起的 (initiated) or 草稿箱 (drafts), newest first.
#[utoipa::path(get, path = "/api/v1/worklist/{list}", tag = "worklist",
    params(("list" = String, Path, description = "todo | done | initiated | drafts"), ListQuery),
    responses((status = 200, body = ListPage), (status = 400)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(list): Path<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Json<ListPage>> {
    // A malformed query (`limit=x`) is a problem+json 400 like every other refusal.
    let Query(q) =
        query.map_err(|e| ApiError::bad_request(format!("查询参数不正确：{}", e.body_text())))?;
    let owners = match list.as_str() {
        "todo" => user.owner_keys(),
        "done" | "initiated" | "drafts" => vec![format!("user:{}", user.username)],
        _ => return Err(ApiError::not_found()),
    };
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("每页条数应在1到100之间"));
    }
    if q.cursor
        .as_ref()
        .is_some_and(|c| c.len() > 120 || !c.is_ascii())
    {
        return Err(ApiError::bad_request("分页游标无效"));
    }
    let filter = Filter {
        type_code: q.type_code.filter(|s| !s.is_empty()),
        status: q.status.filter(|s| !s.is_empty()),
        from_ms: q
            .from
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|d| day_start_ms(d, "开始"))
            .transpose()?,
        to_ms: q
            .to
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|d| day_start_ms(d, "结束").map(|ms| ms + 86_400_000))
            .transpose()?,
        keyword: q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let (rows, more) = store::page(
        &state.db,
        &owners,
        &list,
        &filter,
        q.cursor.as_deref(),
        limit,
    )
    .await?;
    let total = store::count(&state.db, &owners, &list, &filter, 1000).await?;
    let next_cursor = if more {
        rows.last().map(|r| r.sk.clone())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| ListItem {
            matter_id: r.matter,
            number: r.number,
            title: r.title,
            type_code: r.type_code,
            type_name: r.type_name,
            status: r.status,
            status_label: r.status_label,
            task_id: r.task,
            step_name: r.step_name,
            unit_name: r.unit_name,
            initiator_name: r.initiator_name,
            at: crate::matter::fmt_ms(r.at_ms),
            tier: r.tier,
        })
        .collect();
    Ok(Json(ListPage {
        items,
        next_cursor,
        total,
    }))
}
