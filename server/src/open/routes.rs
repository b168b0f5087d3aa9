//! The signed routes: a system's reports on its unit's dispatches and its reads.
//!
//! - `POST /open/v1/matters/{number}/dispatches/{node}/ack` ([`AckRequest`])
//! - `POST /open/v1/matters/{number}/dispatches/{node}/steps` ([`StepRequest`])
//! - `POST /open/v1/matters/{number}/dispatches/{node}/result` ([`ResultRequest`])
//! - `GET /open/v1/matters/{number}`
//! - `GET /open/v1/matters/{number}/files/{id}`
//!
//! Each answers the matter as the system's unit sees it ([`MatterState`]).

use super::auth::Caller;
use super::view::{load_for, matter_state};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::matter::service::external_action;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use lianban_definition::UnitCode;
use lianban_runtime::ExternalAction;
use lianban_sdk::api::{AckRequest, MatterState, Outcome, ResultRequest, StepRequest};
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The signed routes (the layers are added by [`super::router`]).
pub fn signed() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ack))
        .routes(routes!(step))
        .routes(routes!(result))
        .routes(routes!(matter))
        .routes(routes!(super::files::file))
}

/// The body as `T`; 400 `bad_request` when it is not.
fn parse<T: DeserializeOwned>(body: &Bytes) -> ApiResult<T> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("请求体不是有效的 JSON 或字段不正确：{e}")))
}

/// Runs `action` on dispatch `node` as the caller, then answers the matter's state.
async fn report(
    state: &AppState,
    caller: &Caller,
    (number, node): (&str, &str),
    action: ExternalAction,
) -> ApiResult<Json<MatterState>> {
    // A matter the system may not see is 404 before anything runs.
    load_for(state, caller, number).await?;
    tracing::info!(app_key = %caller.app_key, system = %caller.name, number, node, "external report");
    let doc = external_action(
        state,
        number,
        node,
        &UnitCode::new(&caller.unit),
        action,
        &caller.label(),
    )
    .await?;
    let def = crate::matter::service::definition_of(state, &doc).await?;
    Ok(Json(matter_state(state, &def, &doc, &caller.unit).await?))
}

/// 已接收: the system took the dispatch in (repeating it with the same reference changes
/// nothing; another reference is 409 `external_ref_conflict`).
#[utoipa::path(post, path = "/open/v1/matters/{number}/dispatches/{node}/ack", tag = "open",
    params(("number" = String, Path, description = "办件编号"), ("node" = String, Path, description = "分发的节点编号")),
    request_body(content = Object, description = "AckRequest: `{external_ref?}`"),
    responses((status = 200, body = Object, description = "MatterState"),
        (status = 400, description = "bad_request, bad_external_step"), (status = 401, description = "signature_missing, signature_malformed, timestamp_out_of_window, signature_invalid, unknown_app_key, system_disabled, nonce_reused"),
        (status = 404, description = "not_found, dispatch_not_found"), (status = 409, description = "external_ref_conflict, dispatch_wrong_status, matter_wrong_status, idempotency_in_progress"),
        (status = 422, description = "idempotency_key_reused")),
    security(("lianban_signature" = [])))]
async fn ack(
    State(state): State<AppState>,
    caller: Caller,
    Path((number, node)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<MatterState>> {
    let req: AckRequest = parse(&body)?;
    let action = ExternalAction::Ack {
        external_ref: req.external_ref,
    };
    report(&state, &caller, (&number, &node), action).await
}

/// 内部流转: one internal step done (`at` RFC 3339, not in the future nor before the dispatch
/// arrived, ± 5 minutes).
#[utoipa::path(post, path = "/open/v1/matters/{number}/dispatches/{node}/steps", tag = "open",
    params(("number" = String, Path, description = "办件编号"), ("node" = String, Path, description = "分发的节点编号")),
    request_body(content = Object, description = "StepRequest: `{name, handler, at, opinion?}`"),
    responses((status = 200, body = Object, description = "MatterState"),
        (status = 400, description = "bad_request, bad_external_step"), (status = 401, description = "signature errors"),
        (status = 404, description = "not_found, dispatch_not_found"), (status = 409, description = "dispatch_wrong_status, idempotency_in_progress"),
        (status = 422, description = "idempotency_key_reused")),
    security(("lianban_signature" = [])))]
async fn step(
    State(state): State<AppState>,
    caller: Caller,
    Path((number, node)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<MatterState>> {
    let req: StepRequest = parse(&body)?;
    let at = req.at.trim().parse::<jiff::Timestamp>().map_err(|_| {
        ApiError::bad_request(format!(
            "办理时间「{}」无法识别，应为 RFC 3339 格式，如 2026-03-02T09:00:00+08:00",
            req.at
        ))
    })?;
    let action = ExternalAction::Step {
        name: req.name,
        handler: req.handler,
        at,
        opinion: req.opinion,
    };
    report(&state, &caller, (&number, &node), action).await
}

/// 办理结果: approved (with result documents, stored as the matter's files) or returned to the
/// initiator (a reason required).
#[utoipa::path(post, path = "/open/v1/matters/{number}/dispatches/{node}/result", tag = "open",
    params(("number" = String, Path, description = "办件编号"), ("node" = String, Path, description = "分发的节点编号")),
    request_body(content = Object, description = "ResultRequest: `{outcome: approved|returned, opinion?, reason?, reason_code?, documents?: [{filename, content_base64}]}`"),
    responses((status = 200, body = Object, description = "MatterState"),
        (status = 400, description = "bad_request, document_bad_base64, document_too_large, too_many_documents, unknown_reason_code, bad_external_step, bad_external_documents"),
        (status = 401, description = "signature errors"), (status = 403, description = "operation_not_allowed (the node allows no returns), not_dispatch_unit"),
        (status = 404, description = "not_found, dispatch_not_found"), (status = 409, description = "dispatch_wrong_status, matter_suspended, idempotency_in_progress"),
        (status = 413, description = "body_too_large"), (status = 415, description = "file_type_rejected"),
        (status = 422, description = "idempotency_key_reused")),
    security(("lianban_signature" = [])))]
async fn result(
    State(state): State<AppState>,
    caller: Caller,
    Path((number, node)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<MatterState>> {
    let req: ResultRequest = parse(&body)?;
    match req.outcome {
        Outcome::Returned => {
            let reason = req
                .reason
                .filter(|r| !r.trim().is_empty())
                .ok_or_else(|| ApiError::bad_request("退回时须填写退回理由（reason）"))?;
            let action = ExternalAction::Return {
                reason,
                code: req.reason_code,
            };
            report(&state, &caller, (&number, &node), action).await
        }
        Outcome::Approved => {
            let (doc, _) = load_for(&state, &caller, &number).await?;
            let documents = super::files::decode_documents(&state, &req.documents)?;
            let stored =
                super::files::store_documents(&state, &caller, (&doc.key, &node), &documents)
                    .await?;
            let action = ExternalAction::Approve {
                opinion: req.opinion,
                documents: stored.iter().map(|r| r.key.clone()).collect(),
            };
            let answer = report(&state, &caller, (&number, &node), action).await;
            if answer.is_err() {
                crate::files::discard(&state, &stored).await;
            }
            answer
        }
    }
}

/// The matter as the system's unit sees it.
#[utoipa::path(get, path = "/open/v1/matters/{number}", tag = "open",
    params(("number" = String, Path, description = "办件编号")),
    responses((status = 200, body = Object, description = "MatterState"),
        (status = 401, description = "signature errors"), (status = 404, description = "not_found")),
    security(("lianban_signature" = [])))]
async fn matter(
    State(state): State<AppState>,
    caller: Caller,
    Path(number): Path<String>,
) -> ApiResult<Json<MatterState>> {
    let (doc, def) = load_for(&state, &caller, &number).await?;
    Ok(Json(matter_state(&state, &def, &doc, &caller.unit).await?))
}
