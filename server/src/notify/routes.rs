//! `GET /api/v1/notifications`, `POST …/{id}/read`, `POST …/read-all`, the live stream
//! `GET /api/v1/notifications/stream` (SSE: `notification` and `unread` events), and the user's
//! settings `GET/PUT /api/v1/notifications/preferences`.

use super::dto::{self, ItemView, Preferences, PreferencesChange};
use super::store::live::{self, LiveItem};
use super::store::notification as store;
use super::store::prefs;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::{Batch, Db, DbResult};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The notification routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
        .routes(routes!(stream))
        .routes(routes!(get_preferences, put_preferences))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct PageQuery {
    /// Cursor from the previous page.
    cursor: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Page {
    items: Vec<ItemView>,
    unread: i64,
    next_cursor: Option<String>,
}

/// The user's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notify", params(PageQuery),
    responses((status = 200, body = Page)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page>> {
    if q.cursor
        .as_ref()
        .is_some_and(|c| c.len() > 80 || !c.is_ascii())
    {
        return Err(ApiError::bad_request("分页游标无效"));
    }
    let (items, more) = store::page(&state.db, &user.username, q.cursor.as_deref(), 20).await?;
    let next_cursor = if more {
        items.last().map(|i| i.sk.clone())
    } else {
        None
    };
    let unread = store::unread(&state.db, &user.username).await?;
    Ok(Json(Page {
        items: items.into_iter().map(Into::into).collect(),
        unread,
        next_cursor,
    }))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notify",
    params(("id" = String, Path)), responses((status = 204), (status = 404)))]
async fn read_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if store::mark_read(&state.db, &user.username, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

/// Marks all notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notify",
    responses((status = 204)))]
async fn read_all(State(state): State<AppState>, user: CurrentUser) -> ApiResult<StatusCode> {
    store::mark_all_read(&state.db, &user.username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Live notifications (SSE): an `unread` event with the count on connect, then a
/// `notification` event per new notification (committed on any node) followed by the new
/// count. A stream that fell behind reads what it missed back from the feed and sends it, then
/// the count; if it cannot, it ends, and the browser reconnects and starts again from the count.
#[utoipa::path(get, path = "/api/v1/notifications/stream", tag = "notify",
    responses((status = 200, content_type = "text/event-stream")))]
async fn stream(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let sub = state.hub.subscribe();
    let unread = store::unread(&state.db, &user.username).await?;
    let first = futures::stream::once(async move {
        Ok::<_, Infallible>(Event::default().event("unread").data(unread.to_string()))
    });
    let live = Live {
        db: state.db.clone(),
        username: user.username,
        rx: sub.rx,
        after: sub.after,
    };
    let live = futures::stream::unfold(live, |mut live| async move {
        let events = live.next().await?;
        Some((futures::stream::iter(events.into_iter().map(Ok)), live))
    })
    .flatten();
    Ok(Sse::new(first.chain(live)).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}

/// Feed items a lagging stream reads back per query.
const CATCH_UP_PAGE: usize = 100;

/// One user's live stream: the hub's items for the user after the last one sent.
struct Live {
    db: Arc<Db>,
    username: String,
    rx: broadcast::Receiver<LiveItem>,
    /// The number of the last feed item sent (or skipped as not new).
    after: i64,
}

impl Live {
    /// The next events: new notifications, then the unread count. `None` ends the stream (the
    /// hub is gone, or the database failed while catching up or counting).
    async fn next(&mut self) -> Option<Vec<Event>> {
        loop {
            let items = match self.rx.recv().await {
                Ok(item) if item.seq > self.after && item.item.username == self.username => {
                    vec![item]
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(skipped)) => {
                    tracing::debug!(skipped, user = %self.username, "live stream lagged; catching up");
                    self.catch_up()
                        .await
                        .inspect_err(|e| tracing::warn!(error = %e, "live stream catch-up failed"))
                        .ok()?
                }
                Err(RecvError::Closed) => return None,
            };
            return self.events(items).await;
        }
    }

    /// The user's feed items after the last one sent, all of them.
    async fn catch_up(&self) -> DbResult<Vec<LiveItem>> {
        let mut items: Vec<LiveItem> = Vec::new();
        loop {
            let after = items.last().map_or(self.after, |i| i.seq);
            let page = live::user_after(&self.db, &self.username, after, CATCH_UP_PAGE).await?;
            let full = page.len() == CATCH_UP_PAGE;
            items.extend(page);
            if !full {
                return Ok(items);
            }
        }
    }

    async fn events(&mut self, items: Vec<LiveItem>) -> Option<Vec<Event>> {
        let mut events = Vec::with_capacity(items.len() + 1);
        for item in items {
            self.after = self.after.max(item.seq);
            let data = serde_json::to_string(&ItemView::from(item.item)).ok()?;
            events.push(Event::default().event("notification").data(data));
        }
        let unread = store::unread(&self.db, &self.username)
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "live stream: counting unread failed"))
            .ok()?;
        events.push(Event::default().event("unread").data(unread.to_string()));
        Some(events)
    }
}

/// The user's notification settings: every kind on every channel, muted or not, and which
/// pairs cannot be muted.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "notify",
    responses((status = 200, body = Preferences), (status = 401)))]
async fn get_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Preferences>> {
    let muted = prefs::muted(&state.db, &user.username).await?;
    Ok(Json(Preferences::new(
        dto::channels(|c| state.notify.enabled(c)),
        &muted,
    )))
}

/// Replaces the user's mutes with the pairs given (everything else is received). Muted
/// notifications are recorded in the delivery log as skipped. 400 `validation_failed` with
/// `muted[i].kind` / `unknown_kind`, `muted[i].channel` / `unknown_channel` or `muted[i]` /
/// `not_mutable`.
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "notify",
    request_body = PreferencesChange,
    responses((status = 200, body = Preferences), (status = 400, description = "validation_failed or bad_request"),
        (status = 401)))]
async fn put_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(change): ApiJson<PreferencesChange>,
) -> ApiResult<Json<Preferences>> {
    if change.muted.len() > 200 {
        return Err(ApiError::bad_request("关闭的通知项过多"));
    }
    let muted = dto::check_mutes(&change).map_err(ApiError::validation)?;
    let mut batch = Batch::new();
    prefs::add_set(&mut batch, &user.username, &muted, state.clock.now_ms());
    batch.commit(&state.db).await?;
    Ok(Json(Preferences::new(
        dto::channels(|c| state.notify.enabled(c)),
        &muted,
    )))
}
