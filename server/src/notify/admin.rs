//! The administrators' side of the notification center (role `admin`): the delivery log
//! (`GET /api/v1/admin/deliveries`, `POST …/{id}/retry`) and the templates per kind and channel
//! (`GET /api/v1/admin/notification-templates`, `GET/PUT/DELETE …/{kind}/{channel}`, and
//! `POST …/{kind}/{channel}/preview`, which renders an unsaved text with the sample values).

use super::dto::{
    DeliveryPage, DeliveryView, Preview, TemplateChange, TemplateList, TemplateText, TemplateView,
    variables,
};
use super::kinds::{self, CHANNELS, KINDS};
use super::store::delivery::{self, DeliveryStatus, LogFilter};
use super::store::template::{self, CustomTemplate};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::{Batch, DbError};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lianban_templates::{Origin, TemplateError, render_notification_source};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Longest template source, in characters.
const MAX_TEMPLATE_CHARS: usize = 4000;

/// Longest rendered title, in characters.
const MAX_TITLE_CHARS: usize = 100;

/// The administrators' notification routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_deliveries))
        .routes(routes!(retry_delivery))
        .routes(routes!(list_templates))
        .routes(routes!(get_template, put_template, reset_template))
        .routes(routes!(preview_template))
}

/// Refuses users who are not administrators.
fn require_admin(user: &CurrentUser) -> ApiResult<()> {
    if user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "仅系统管理员可以管理通知投递和通知模板",
        ))
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
struct LogQuery {
    /// `pending`, `sending`, `sent`, `failed`, `dead` or `skipped`.
    status: Option<String>,
    /// `inapp` or `zwdd`.
    channel: Option<String>,
    /// Cursor from the previous page.
    cursor: Option<String>,
}

/// The delivery log, newest first, 50 a page, filtered by status and channel.
#[utoipa::path(get, path = "/api/v1/admin/deliveries", tag = "notify", params(LogQuery),
    responses((status = 200, body = DeliveryPage), (status = 400, description = "bad_request: unknown status or channel, bad cursor"),
        (status = 401), (status = 403)))]
async fn list_deliveries(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<LogQuery>,
) -> ApiResult<Json<DeliveryPage>> {
    require_admin(&user)?;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            DeliveryStatus::parse(s)
                .ok_or_else(|| ApiError::bad_request(format!("投递状态「{s}」不存在")))?,
        ),
    };
    let channel = q.channel.filter(|c| !c.is_empty());
    if let Some(c) = &channel
        && kinds::channel_label(c).is_none()
    {
        return Err(ApiError::bad_request(format!("通知渠道「{c}」不存在")));
    }
    let cursor = q.cursor.filter(|c| !c.is_empty());
    if cursor
        .as_ref()
        .is_some_and(|c| c.len() > 120 || !c.is_ascii())
    {
        return Err(ApiError::bad_request("分页游标无效"));
    }
    let filter = LogFilter { status, channel };
    let (rows, more) = delivery::page(&state.db, &filter, cursor.as_deref(), 50).await?;
    let next_cursor = if more {
        rows.last().map(|r| r.sk.clone())
    } else {
        None
    };
    Ok(Json(DeliveryPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// Puts a failed or dead delivery back in the queue, due at once, with a fresh round of
/// attempts. 409 `delivery_not_retryable` in any other status.
#[utoipa::path(post, path = "/api/v1/admin/deliveries/{id}/retry", tag = "notify",
    params(("id" = String, Path)),
    responses((status = 200, body = DeliveryView), (status = 403), (status = 404),
        (status = 409, description = "delivery_not_retryable")))]
async fn retry_delivery(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<DeliveryView>> {
    require_admin(&user)?;
    let row = delivery::get(&state.db, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let more = state.notify.policy.max_attempts;
    match delivery::requeue(&state.db, &id, more, state.clock.now_ms()).await? {
        Some(row) => {
            tracing::info!(delivery = %id, by = %user.username, "delivery requeued by an administrator");
            state.notify.wake();
            Ok(Json(row.into()))
        }
        None => Err(ApiError::new(
            StatusCode::CONFLICT,
            "delivery_not_retryable",
            format!(
                "只有失败或已放弃的投递可以重试（当前状态：{}）",
                status_label(row.status)
            ),
        )),
    }
}

/// The Chinese name of a delivery status.
fn status_label(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Pending => "待发送",
        DeliveryStatus::Sending => "发送中",
        DeliveryStatus::Sent => "已发送",
        DeliveryStatus::Failed => "失败待重试",
        DeliveryStatus::Dead => "已放弃",
        DeliveryStatus::Skipped => "未发送",
    }
}

/// The template of `kind` on `channel` as administrators see it.
fn view(
    state: &AppState,
    kind: &str,
    channel: &str,
    custom: Option<&CustomTemplate>,
) -> ApiResult<TemplateView> {
    let (default_text, origin) = state
        .templates
        .notification_source(kind, channel)
        .ok_or_else(ApiError::not_found)?;
    let (text, origin) = match custom {
        Some(t) => (t.text.clone(), "custom"),
        None => (
            default_text.to_owned(),
            match origin {
                Origin::Folder => "folder",
                Origin::Embedded => "embedded",
            },
        ),
    };
    let preview = render_sample(kind, channel, &text).unwrap_or_else(|e| Preview {
        title: String::new(),
        body: format!("（模板无法渲染：{}）", e.reason()),
    });
    Ok(TemplateView {
        kind_label: kinds::kind_label(kind).unwrap_or_default().to_owned(),
        channel_label: kinds::channel_label(channel).unwrap_or_default().to_owned(),
        kind: kind.to_owned(),
        channel: channel.to_owned(),
        origin,
        text,
        default_text: default_text.to_owned(),
        revision: custom.map(|t| t.revision).unwrap_or(0),
        updated_at: custom.map(|t| crate::matter::fmt_ms(t.updated_ms)),
        updated_by: custom.map(|t| t.updated_by.clone()),
        preview,
    })
}

/// 404 unless `kind` and `channel` are known.
fn known(kind: &str, channel: &str) -> ApiResult<()> {
    if kinds::kind_label(kind).is_some() && kinds::channel_label(channel).is_some() {
        Ok(())
    } else {
        Err(ApiError::not_found())
    }
}

/// Every kind × channel template, with the variables templates may use.
#[utoipa::path(get, path = "/api/v1/admin/notification-templates", tag = "notify",
    responses((status = 200, body = TemplateList), (status = 403)))]
async fn list_templates(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TemplateList>> {
    require_admin(&user)?;
    let customs = template::all(&state.db).await?;
    let mut templates = Vec::new();
    for (kind, _) in KINDS {
        for (channel, _) in CHANNELS {
            let custom = customs
                .iter()
                .find(|t| t.kind == *kind && t.channel == *channel);
            templates.push(view(&state, kind, channel, custom)?);
        }
    }
    Ok(Json(TemplateList {
        templates,
        variables: variables(),
    }))
}

/// The template of `kind` on `channel`.
#[utoipa::path(get, path = "/api/v1/admin/notification-templates/{kind}/{channel}", tag = "notify",
    params(("kind" = String, Path), ("channel" = String, Path)),
    responses((status = 200, body = TemplateView), (status = 403), (status = 404)))]
async fn get_template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, channel)): Path<(String, String)>,
) -> ApiResult<Json<TemplateView>> {
    require_admin(&user)?;
    known(&kind, &channel)?;
    let custom = template::get(&state.db, &kind, &channel).await?;
    Ok(Json(view(&state, &kind, &channel, custom.as_ref())?))
}

/// `text` as the template of `kind` on `channel`, rendered with the sample values.
fn render_sample(kind: &str, channel: &str, text: &str) -> Result<Preview, TemplateError> {
    render_notification_source(&format!("{kind}/{channel}"), text, &kinds::sample_vars()).map(|m| {
        Preview {
            title: m.title,
            body: m.body,
        }
    })
}

/// Checks a template: it must render, with the sample values, a non-empty title of at most
/// 100 characters and a non-empty body. That rendering, or the Chinese reason.
pub fn check_template(kind: &str, channel: &str, text: &str) -> Result<Preview, String> {
    if text.trim().is_empty() {
        return Err("模板不能为空".into());
    }
    if text.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(format!("模板不能超过{MAX_TEMPLATE_CHARS}个字符"));
    }
    let m = render_sample(kind, channel, text)
        .map_err(|e| format!("模板无法用示例数据渲染：{}", e.reason()))?;
    if m.title.is_empty() {
        return Err("模板渲染出的标题为空（part 为 \"title\" 时应输出标题）".into());
    }
    if m.title.chars().count() > MAX_TITLE_CHARS {
        return Err(format!("模板渲染出的标题超过{MAX_TITLE_CHARS}个字符"));
    }
    if m.body.is_empty() {
        return Err("模板渲染出的正文为空（part 为 \"body\" 时应输出正文）".into());
    }
    Ok(m)
}

/// [`check_template`] as the API answers it: 422 `template_invalid` with the reason.
fn checked(kind: &str, channel: &str, text: &str) -> ApiResult<Preview> {
    check_template(kind, channel, text).map_err(|reason| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid", reason)
    })
}

/// Renders an unsaved template of `kind` on `channel` with the sample values, after the same
/// checks as saving it; nothing is stored. 422 `template_invalid` with the reason.
#[utoipa::path(post, path = "/api/v1/admin/notification-templates/{kind}/{channel}/preview",
    tag = "notify", params(("kind" = String, Path), ("channel" = String, Path)),
    request_body = TemplateText,
    responses((status = 200, body = Preview), (status = 403), (status = 404),
        (status = 422, description = "template_invalid")))]
async fn preview_template(
    user: CurrentUser,
    Path((kind, channel)): Path<(String, String)>,
    ApiJson(body): ApiJson<TemplateText>,
) -> ApiResult<Json<Preview>> {
    require_admin(&user)?;
    known(&kind, &channel)?;
    Ok(Json(checked(&kind, &channel, &body.text)?))
}

/// Saves an administrator's template for `kind` on `channel`; it applies to notifications made
/// from then on, on every node. 422 `template_invalid` when it does not render with the sample
/// values (the reason in `detail`); 409 `conflict` when `revision` is not the stored one.
#[utoipa::path(put, path = "/api/v1/admin/notification-templates/{kind}/{channel}", tag = "notify",
    params(("kind" = String, Path), ("channel" = String, Path)), request_body = TemplateChange,
    responses((status = 200, body = TemplateView), (status = 403), (status = 404),
        (status = 409, description = "conflict"), (status = 422, description = "template_invalid")))]
async fn put_template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, channel)): Path<(String, String)>,
    ApiJson(change): ApiJson<TemplateChange>,
) -> ApiResult<Json<TemplateView>> {
    require_admin(&user)?;
    known(&kind, &channel)?;
    checked(&kind, &channel, &change.text)?;
    let t = CustomTemplate {
        kind: kind.clone(),
        channel: channel.clone(),
        text: change.text,
        revision: change.revision.max(0) + 1,
        updated_ms: state.clock.now_ms(),
        updated_by: user.username.clone(),
    };
    let mut batch = Batch::new();
    template::add_put(&mut batch, &t);
    batch.commit(&state.db).await.map_err(|e| match e {
        DbError::Conflict | DbError::Duplicate(_) => {
            ApiError::conflict("通知模板已被他人修改，请刷新后重试")
        }
        other => other.into(),
    })?;
    Ok(Json(view(&state, &kind, &channel, Some(&t))?))
}

/// Removes the administrator's template: the default (folder or embedded) applies again.
#[utoipa::path(delete, path = "/api/v1/admin/notification-templates/{kind}/{channel}", tag = "notify",
    params(("kind" = String, Path), ("channel" = String, Path)),
    responses((status = 200, body = TemplateView), (status = 403), (status = 404)))]
async fn reset_template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, channel)): Path<(String, String)>,
) -> ApiResult<Json<TemplateView>> {
    require_admin(&user)?;
    known(&kind, &channel)?;
    let mut batch = Batch::new();
    template::add_delete(&mut batch, &kind, &channel);
    batch.commit(&state.db).await?;
    Ok(Json(view(&state, &kind, &channel, None)?))
}
