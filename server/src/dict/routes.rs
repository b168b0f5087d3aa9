//! `GET/POST /api/v1/admin/dicts`, `GET/PUT /api/v1/admin/dicts/{code}` (roles `designer` and
//! `admin`), and `GET /api/v1/dicts/{code}` (any logged-in user: the enabled items).

use super::dto::{self, Dict, DictChange, DictOptions, NewDict};
use super::store;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::{Batch, DbError};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The dictionary routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dicts, create_dict))
        .routes(routes!(get_dict, update_dict))
        .routes(routes!(dict_options))
}

/// Refuses users who may not manage dictionaries.
fn require_designer(user: &CurrentUser) -> ApiResult<()> {
    if user.may_design() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "仅业务管理员和系统管理员可以维护数据字典",
        ))
    }
}

/// Every dictionary with all its items (disabled ones included).
#[utoipa::path(get, path = "/api/v1/admin/dicts", tag = "dict",
    responses((status = 200, body = Vec<Dict>), (status = 401), (status = 403)))]
async fn list_dicts(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<Dict>>> {
    require_designer(&user)?;
    Ok(Json(store::list(&state.db).await?))
}

/// Creates a dictionary (revision 1).
#[utoipa::path(post, path = "/api/v1/admin/dicts", tag = "dict", request_body = NewDict,
    responses((status = 201, body = Dict), (status = 400, description = "validation_failed or bad_request"),
        (status = 403), (status = 409, description = "dict_exists")))]
async fn create_dict(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewDict>,
) -> ApiResult<(StatusCode, Json<Dict>)> {
    require_designer(&user)?;
    let issues = dto::check_new(&body);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let (name, description, items) = dto::tidy(&body.name, &body.description, body.items);
    let dict = Dict {
        code: body.code,
        name,
        description,
        items,
        revision: 1,
        updated_ms: state.clock.now_ms(),
        updated_by: user.username.clone(),
    };
    let mut batch = Batch::new();
    store::add_new(&mut batch, &dict);
    match batch.commit(&state.db).await {
        Ok(_) => Ok((StatusCode::CREATED, Json(dict))),
        Err(DbError::Duplicate(_)) => Err(exists(&dict.code)),
        Err(e) => Err(e.into()),
    }
}

/// 409 `dict_exists`.
fn exists(code: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "dict_exists",
        format!("字典编码「{code}」已存在"),
    )
}

/// One dictionary with all its items.
#[utoipa::path(get, path = "/api/v1/admin/dicts/{code}", tag = "dict",
    params(("code" = String, Path, description = "dictionary code")),
    responses((status = 200, body = Dict), (status = 403), (status = 404)))]
async fn get_dict(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Dict>> {
    require_designer(&user)?;
    store::get(&state.db, &code)
        .await?
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

/// Replaces a dictionary's name, description and items. Items may be added, relabelled,
/// reordered and disabled; an existing item may not be removed (422 `dict_item_removed`), so
/// matters that stored its value keep showing its label.
#[utoipa::path(put, path = "/api/v1/admin/dicts/{code}", tag = "dict",
    params(("code" = String, Path, description = "dictionary code")), request_body = DictChange,
    responses((status = 200, body = Dict), (status = 400, description = "validation_failed or bad_request"),
        (status = 403), (status = 404),
        (status = 409, description = "conflict: changed by someone else since `revision`"),
        (status = 422, description = "dict_item_removed")))]
async fn update_dict(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<DictChange>,
) -> ApiResult<Json<Dict>> {
    require_designer(&user)?;
    let old = store::get(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let issues = dto::check_change(&body);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    if body.revision != old.revision {
        return Err(stale());
    }
    let removed = dto::removed(&old.items, &body.items);
    if !removed.is_empty() {
        let names: Vec<String> = removed
            .iter()
            .map(|i| format!("「{}」({})", i.label, i.value))
            .collect();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "dict_item_removed",
            format!(
                "字典项不能删除，只能停用（已有办件可能引用）：{}",
                names.join("、")
            ),
        ));
    }
    let (name, description, items) = dto::tidy(&body.name, &body.description, body.items);
    let dict = Dict {
        code,
        name,
        description,
        items,
        revision: old.revision + 1,
        updated_ms: state.clock.now_ms(),
        updated_by: user.username.clone(),
    };
    let mut batch = Batch::new();
    store::add_update(&mut batch, &dict);
    batch.commit(&state.db).await.map_err(|e| match e {
        DbError::Conflict => stale(),
        other => other.into(),
    })?;
    Ok(Json(dict))
}

/// 409 `conflict`: the dictionary changed since the editor loaded it.
fn stale() -> ApiError {
    ApiError::conflict("数据字典已被他人修改，请刷新后重试")
}

/// The enabled items of a dictionary, in order (for forms and reason pickers).
#[utoipa::path(get, path = "/api/v1/dicts/{code}", tag = "dict",
    params(("code" = String, Path, description = "dictionary code")),
    responses((status = 200, body = DictOptions), (status = 401), (status = 404)))]
async fn dict_options(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<DictOptions>> {
    let dict = store::get(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(DictOptions {
        code: dict.code,
        name: dict.name,
        items: dict.items.into_iter().filter(|i| i.enabled).collect(),
    }))
}
