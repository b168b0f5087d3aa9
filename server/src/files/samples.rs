//! Catalog files (样表): templates and sample files of a matter type's materials. Designers
//! upload them (`POST /api/v1/admin/catalog-files`) and name the returned id in a material's
//! `sample`; every logged-in user may read their details and download them
//! (`GET /api/v1/catalog-files/{id}`, `…/{id}/meta`), as every logged-in user may read the
//! catalog entry that lists them. They belong to no matter and are never deleted: a published
//! version keeps naming the file it was published with. Owns the `catalog_file` table.

use super::routes::{Stored, send_file};
use super::store::{self, CatalogFileInfo, CatalogFileRow};
use super::upload;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lianban_definition::Issue;
use lianban_definition::matter_type::Material;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The upload route (mounted under the upload body limit).
pub(super) fn upload_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_sample))
}

/// The read routes.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(download_sample))
        .routes(routes!(sample_meta))
}

/// Uploads a template or sample file for a material (part `file`; the server's default file
/// types and size limit apply). Returns its id, to put in the material's `sample`.
#[utoipa::path(post, path = "/api/v1/admin/catalog-files", tag = "designer",
    responses((status = 201, body = CatalogFileInfo), (status = 400), (status = 403),
        (status = 413, description = "file_too_large"), (status = 415, description = "file_type_rejected")))]
async fn upload_sample(
    State(state): State<AppState>,
    user: CurrentUser,
    mut multipart: Multipart,
) -> ApiResult<(StatusCode, Json<CatalogFileInfo>)> {
    if !user.may_design() {
        return Err(ApiError::forbidden("仅业务管理员可以上传样表"));
    }
    let max_bytes = state.config.max_upload_bytes;
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| upload::multipart_error(&e, max_bytes, "上传格式不正确"))?
    {
        if part.name() != Some("file") {
            continue;
        }
        let received = upload::receive(&state.files, part, max_bytes, &[]).await?;
        let key = uuid::Uuid::now_v7().simple().to_string();
        let relative = super::LocalStore::relative_for(&key);
        let row = CatalogFileRow {
            key,
            filename: received.filename.clone(),
            size: received.size as i64,
            content_type: received.content_type.to_owned(),
            sm3: received.sm3.clone(),
            path: relative.clone(),
            uploaded_ms: state.clock.now_ms(),
            uploaded_by: user.username.clone(),
        };
        if let Err(e) = state.files.commit_temp(&received.temp, &relative).await {
            let _ = tokio::fs::remove_file(&received.temp).await;
            return Err(ApiError::internal(e));
        }
        if let Err(e) = store::insert_catalog_file(&state, &row).await {
            state.files.remove(&relative).await;
            return Err(e.into());
        }
        return Ok((StatusCode::CREATED, Json(row.info())));
    }
    Err(ApiError::bad_request("请求中没有文件（字段名应为 file）"))
}

/// Downloads a template or sample file (streamed).
#[utoipa::path(get, path = "/api/v1/catalog-files/{id}", tag = "files", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 401), (status = 404)))]
async fn download_sample(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = store::catalog_file(&state, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    send_file(
        &state,
        &Stored {
            path: &row.path,
            filename: &row.filename,
            content_type: &row.content_type,
            size: row.size,
            sm3: &row.sm3,
        },
    )
    .await
}

/// The name, size and type of a template or sample file.
#[utoipa::path(get, path = "/api/v1/catalog-files/{id}/meta", tag = "files", params(("id" = String, Path)),
    responses((status = 200, body = CatalogFileInfo), (status = 401), (status = 404)))]
async fn sample_meta(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<CatalogFileInfo>> {
    store::catalog_file(&state, &id)
        .await?
        .map(|row| Json(row.info()))
        .ok_or_else(ApiError::not_found)
}

/// Catalog check: every material's sample names a catalog file that exists (`unknown_sample`
/// on `materials[i].sample`).
pub async fn check_samples(
    state: &AppState,
    materials: &[Material],
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    for (i, material) in materials.iter().enumerate() {
        let Some(id) = &material.sample else {
            continue;
        };
        if store::catalog_file(state, id).await?.is_none() {
            issues.push(Issue::new(
                format!("materials[{i}].sample"),
                "unknown_sample",
                format!("材料「{}」的样表文件不存在，请重新上传", material.name),
            ));
        }
    }
    Ok(())
}
