//! The administrators' push log (role `admin`): `GET /api/v1/admin/open/deliveries`,
//! `GET …/{id}` and `POST …/{id}/replay`.

use super::dto::{PushDetail, PushPage, PushView};
use super::store::{self, LogFilter, PushStatus};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Rows per page.
const PAGE: usize = 50;

/// The push log routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pushes))
        .routes(routes!(get_push))
        .routes(routes!(replay_push))
}

fn require_admin(user: &CurrentUser) -> ApiResult<()> {
    if user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "仅系统管理员可以查看和重新推送推送记录",
        ))
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
struct LogQuery {
    /// `pending`, `sending`, `sent` or `dead`.
    status: Option<String>,
    /// A system id.
    system: Option<String>,
    /// A matter number.
    matter: Option<String>,
    /// Cursor from the previous page.
    cursor: Option<String>,
}

fn filled(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The push log, newest first, 50 a page, filtered by status, system and matter number.
#[utoipa::path(get, path = "/api/v1/admin/open/deliveries", tag = "external", params(LogQuery),
    responses((status = 200, body = PushPage), (status = 400, description = "bad_request: unknown status, bad cursor"),
        (status = 401), (status = 403)))]
async fn list_pushes(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<LogQuery>,
) -> ApiResult<Json<PushPage>> {
    require_admin(&user)?;
    let status = match filled(q.status) {
        None => None,
        Some(s) => Some(
            PushStatus::parse(&s)
                .ok_or_else(|| ApiError::bad_request(format!("推送状态「{s}」不存在")))?,
        ),
    };
    let cursor = filled(q.cursor);
    if cursor
        .as_ref()
        .is_some_and(|c| c.len() > 120 || !c.is_ascii())
    {
        return Err(ApiError::bad_request("分页游标无效"));
    }
    let filter = LogFilter {
        status,
        system: filled(q.system),
        matter_no: filled(q.matter),
    };
    let (rows, more) = store::page(&state.db, &filter, cursor.as_deref(), PAGE).await?;
    let next_cursor = if more {
        rows.last().map(|r| r.sk.clone())
    } else {
        None
    };
    Ok(Json(PushPage {
        items: rows.iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// One pushed event with its attempts and payload.
#[utoipa::path(get, path = "/api/v1/admin/open/deliveries/{id}", tag = "external",
    params(("id" = String, Path)),
    responses((status = 200, body = PushDetail), (status = 401), (status = 403), (status = 404)))]
async fn get_push(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<PushDetail>> {
    require_admin(&user)?;
    let row = store::get(&state.db, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json((&row).into()))
}

/// Replays a dead event: pending again, due at once, its attempts reset (same event id and
/// `seq`; the material links are minted afresh). 409 `delivery_not_replayable` in any other
/// status.
#[utoipa::path(post, path = "/api/v1/admin/open/deliveries/{id}/replay", tag = "external",
    params(("id" = String, Path)),
    responses((status = 200, body = PushView), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "delivery_not_replayable")))]
async fn replay_push(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<PushView>> {
    require_admin(&user)?;
    let row = store::get(&state.db, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let max = state.config.open_push.max_attempts;
    match store::replay(&state.db, &id, max, state.clock.now_ms()).await? {
        Some(row) => {
            tracing::info!(event = %id, by = %user.username, "push replayed by an administrator");
            state.push.wake();
            Ok(Json((&row).into()))
        }
        None => Err(ApiError::new(
            StatusCode::CONFLICT,
            "delivery_not_replayable",
            format!(
                "只有已放弃的推送可以重新推送（当前状态：{}）",
                row.status.label()
            ),
        )),
    }
}
