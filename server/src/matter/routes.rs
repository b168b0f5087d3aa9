//! The matter routes under `/api/v1/matters`.

use super::detail::{self, MatterDetail};
use super::dto;
use super::service;
use super::store::{self, MatterDoc};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, OptJson};
use crate::worklist::Names;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lianban_definition::{NodeId, UserName};
use lianban_runtime::{Command, TaskId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The matter routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_draft))
        .routes(routes!(get_matter, update_draft, delete_draft))
        .routes(routes!(submit))
        .routes(routes!(claim))
        .routes(routes!(approve))
        .routes(routes!(transfer))
        .routes(routes!(withdraw))
        .routes(routes!(delegate))
        .routes(routes!(add_signers))
        .routes(routes!(remove_signer))
        .routes(routes!(suspend))
        .routes(routes!(resume))
        .routes(routes!(read_copy))
        .routes(routes!(return_task))
        .routes(routes!(resubmit))
        .routes(routes!(urge))
        .routes(routes!(close))
        .routes(routes!(void))
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    doc: &MatterDoc,
) -> ApiResult<Json<MatterDetail>> {
    let def = service::definition_of(state, doc).await?;
    let events = store::events(&state.db, &doc.key).await?;
    let attachments = crate::files::list_for_matter(state, &doc.key)
        .await?
        .into_iter()
        .map(|a| a.info())
        .collect();
    let names = Names::load(state, doc).await?;
    let dockets = crate::docket::for_matter(&state.db, &doc.key).await?;
    let deadlines = crate::deadline::page_views(state, &def, doc).await?;
    let detail = detail::build(
        doc,
        &def,
        &events,
        attachments,
        &names,
        user,
        state.clock.now(),
    );
    Ok(Json(
        detail
            .with_dockets(dockets, &names)
            .with_deadlines(deadlines),
    ))
}

/// Creates a draft.
#[utoipa::path(post, path = "/api/v1/matters", tag = "matter", request_body = dto::CreateDraft,
    responses((status = 201, body = MatterDetail), (status = 400, description = "validation_failed")))]
async fn create_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<dto::CreateDraft>,
) -> ApiResult<(StatusCode, Json<MatterDetail>)> {
    let doc = service::create_draft(&state, &user, &req.type_code, &req.title, &req.values).await?;
    Ok((StatusCode::CREATED, page(&state, &user, &doc).await?))
}

/// The matter page.
#[utoipa::path(get, path = "/api/v1/matters/{id}", tag = "matter",
    params(("id" = String, Path, description = "matter id")),
    responses((status = 200, body = MatterDetail), (status = 404)))]
async fn get_matter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<MatterDetail>> {
    let doc = service::load_visible(&state, &user, &id).await?;
    page(&state, &user, &doc).await
}

/// Updates a draft.
#[utoipa::path(put, path = "/api/v1/matters/{id}", tag = "matter", request_body = dto::UpdateDraft,
    params(("id" = String, Path, description = "matter id")),
    responses((status = 200, body = MatterDetail), (status = 409, description = "not_draft")))]
async fn update_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<dto::UpdateDraft>,
) -> ApiResult<Json<MatterDetail>> {
    let doc = service::update_draft(&state, &user, &id, &req.title, &req.values).await?;
    page(&state, &user, &doc).await
}

/// Deletes a draft and its files.
#[utoipa::path(delete, path = "/api/v1/matters/{id}", tag = "matter",
    params(("id" = String, Path, description = "matter id")),
    responses((status = 204), (status = 409, description = "not_draft")))]
async fn delete_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    service::delete_draft(&state, &user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits a draft (idempotent).
#[utoipa::path(post, path = "/api/v1/matters/{id}/submit", tag = "matter", request_body = dto::Submit,
    params(("id" = String, Path, description = "matter id")),
    responses((status = 200, body = MatterDetail), (status = 400, description = "validation_failed")))]
async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    OptJson(body): OptJson<dto::Submit>,
) -> ApiResult<Json<MatterDetail>> {
    let req = body.unwrap_or_default();
    let doc = service::submit(&state, &user, &id, req.values.as_ref(), &req.chosen).await?;
    page(&state, &user, &doc).await
}

/// The task number of a path; a number that cannot exist is 404 like any absent task.
fn task_id(task: &str) -> ApiResult<TaskId> {
    task.parse().map(TaskId).map_err(|_| ApiError::not_found())
}

async fn run(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    command: Command,
) -> ApiResult<Json<MatterDetail>> {
    let doc = service::command(state, user, id, command).await?;
    page(state, user, &doc).await
}

/// Claims a task (签收).
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/claim", tag = "matter",
    params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "task_taken")))]
async fn claim(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    run(&state, &user, &id, Command::Claim { task }).await
}

/// Approves a task (同意).
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/approve", tag = "matter",
    request_body = dto::Approve, params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "task_taken")))]
async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
    OptJson(body): OptJson<dto::Approve>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let body = body.unwrap_or_default();
    let command = Command::Approve {
        task,
        opinion: body.opinion,
        edits: body.edits,
    };
    run(&state, &user, &id, command).await
}

/// Hands a task to another person (转办), where its node allows it.
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/transfer", tag = "matter",
    request_body = dto::Transfer, params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "unknown_user / transfer_to_self"),
        (status = 403, description = "operation_not_allowed / not_candidate"), (status = 409, description = "task_taken")))]
async fn transfer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
    ApiJson(req): ApiJson<dto::Transfer>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let command = Command::Transfer {
        task,
        to: req.to,
        note: req.note,
    };
    run(&state, &user, &id, command).await
}

/// Returns the matter to the initiator (退回).
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/return", tag = "matter",
    request_body = dto::Return, params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "missing_argument")))]
async fn return_task(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
    ApiJson(req): ApiJson<dto::Return>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let command = Command::Return {
        task,
        reason: req.reason,
        code: req.code,
        to: req.to,
    };
    run(&state, &user, &id, command).await
}

/// Takes back the caller's last approval (撤回) while nothing else has happened on the matter.
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/withdraw", tag = "matter",
    params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "cannot_withdraw")))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    run(&state, &user, &id, Command::Withdraw { task }).await
}

/// Delegates a task (委派): the delegate acts, then the task comes back to the caller.
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/delegate", tag = "matter",
    request_body = dto::Delegate, params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "unknown_user"),
        (status = 403, description = "operation_not_allowed")))]
async fn delegate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
    ApiJson(req): ApiJson<dto::Delegate>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let command = Command::Delegate {
        task,
        to: req.to,
        note: req.note,
    };
    run(&state, &user, &id, command).await
}

/// Adds signers to a 会签 or 依次 node (加签), before or after the caller.
#[utoipa::path(post, path = "/api/v1/matters/{id}/tasks/{task}/signers", tag = "matter",
    request_body = dto::AddSigners, params(("id" = String, Path), ("task" = u32, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "bad_signers / unknown_user")))]
async fn add_signers(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task)): Path<(String, String)>,
    ApiJson(req): ApiJson<dto::AddSigners>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let command = Command::AddSigners {
        task,
        users: req.users,
        before: req.before,
    };
    run(&state, &user, &id, command).await
}

/// Removes a pending signer of the caller's 会签 or 依次 node (减签).
#[utoipa::path(delete, path = "/api/v1/matters/{id}/tasks/{task}/signers/{user}", tag = "matter",
    params(("id" = String, Path), ("task" = u32, Path), ("user" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "bad_signers")))]
async fn remove_signer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task, signer)): Path<(String, String, String)>,
) -> ApiResult<Json<MatterDetail>> {
    let task = task_id(&task)?;
    let command = Command::RemoveSigner {
        task,
        user: UserName::new(signer),
    };
    run(&state, &user, &id, command).await
}

/// Suspends the matter (挂起); its deadlines stand still until it resumes.
#[utoipa::path(post, path = "/api/v1/matters/{id}/suspend", tag = "matter", request_body = dto::Suspend,
    params(("id" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "matter_suspended")))]
async fn suspend(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<dto::Suspend>,
) -> ApiResult<Json<MatterDetail>> {
    run(&state, &user, &id, Command::Suspend { reason: req.reason }).await
}

/// Resumes a suspended matter (恢复).
#[utoipa::path(post, path = "/api/v1/matters/{id}/resume", tag = "matter", request_body = dto::Resume,
    params(("id" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "matter_wrong_status")))]
async fn resume(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    OptJson(body): OptJson<dto::Resume>,
) -> ApiResult<Json<MatterDetail>> {
    let note = body.map(|b| b.note).unwrap_or_default();
    run(&state, &user, &id, Command::Resume { note }).await
}

/// Records that the caller read a copy sent by 抄送 node `node` (read receipt).
#[utoipa::path(post, path = "/api/v1/matters/{id}/cc/{node}/read", tag = "matter",
    params(("id" = String, Path), ("node" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 403, description = "operation_not_allowed")))]
async fn read_copy(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, node)): Path<(String, String)>,
) -> ApiResult<Json<MatterDetail>> {
    let node = NodeId::new(node);
    run(&state, &user, &id, Command::ReadCopy { node }).await
}

/// Resubmits corrected values to one returned unit (补正后重新提交).
#[utoipa::path(post, path = "/api/v1/matters/{id}/dispatches/{node}/resubmit", tag = "matter",
    request_body = dto::Resubmit, params(("id" = String, Path), ("node" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 400, description = "validation_failed")))]
async fn resubmit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, node)): Path<(String, String)>,
    ApiJson(req): ApiJson<dto::Resubmit>,
) -> ApiResult<Json<MatterDetail>> {
    let command = Command::Resubmit {
        dispatch: NodeId::new(node),
        values: req.values,
        note: req.note,
    };
    run(&state, &user, &id, command).await
}

/// Urges a unit (催办); at most once an hour per unit.
#[utoipa::path(post, path = "/api/v1/matters/{id}/dispatches/{node}/urge", tag = "matter",
    request_body = dto::Urge, params(("id" = String, Path), ("node" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "urged_too_often")))]
async fn urge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, node)): Path<(String, String)>,
    OptJson(body): OptJson<dto::Urge>,
) -> ApiResult<Json<MatterDetail>> {
    let message = body.map(|b| b.message).unwrap_or_default();
    run(
        &state,
        &user,
        &id,
        Command::Urge {
            dispatch: NodeId::new(node),
            message,
        },
    )
    .await
}

/// Closes a completed matter (办结).
#[utoipa::path(post, path = "/api/v1/matters/{id}/close", tag = "matter", request_body = dto::Close,
    params(("id" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "matter_wrong_status")))]
async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    OptJson(body): OptJson<dto::Close>,
) -> ApiResult<Json<MatterDetail>> {
    let opinion = body.map(|b| b.opinion).unwrap_or_default();
    run(&state, &user, &id, Command::Close { opinion }).await
}

/// Voids a matter no unit has started (作废).
#[utoipa::path(post, path = "/api/v1/matters/{id}/void", tag = "matter", request_body = dto::Void,
    params(("id" = String, Path)),
    responses((status = 200, body = MatterDetail), (status = 409, description = "already_started")))]
async fn void(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<dto::Void>,
) -> ApiResult<Json<MatterDetail>> {
    run(&state, &user, &id, Command::Void { reason: req.reason }).await
}
