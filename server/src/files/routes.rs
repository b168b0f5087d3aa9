//! `POST /api/v1/matters/{id}/attachments` (multipart), `GET /api/v1/attachments/{id}`,
//! `DELETE /api/v1/attachments/{id}`; the download response shared with catalog files.

use super::store::{self, AttachmentInfo, AttachmentRow};
use super::upload;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use crate::matter::service;
use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use lianban_definition::form::FieldKind;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::MatterStatus;
use tokio_util::io::ReaderStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The file routes. Upload bodies may be as large as the configured file limit plus room for
/// the multipart framing; each file is checked again while it streams.
pub fn router(max_upload_bytes: u64) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_file))
        .merge(super::samples::upload_router())
        .layer(DefaultBodyLimit::max(max_upload_bytes as usize + 64 * 1024))
        .routes(routes!(download, delete_file))
        .merge(super::samples::router())
}

/// Uploads one file into an attachment slot of a draft (or of a returned matter being
/// corrected). Parts: `field` (the slot's field key, first) and `file`.
#[utoipa::path(post, path = "/api/v1/matters/{id}/attachments", tag = "files",
    params(("id" = String, Path)),
    responses((status = 201, body = AttachmentInfo), (status = 413, description = "file_too_large"),
              (status = 415, description = "file_type_rejected")))]
async fn upload_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> ApiResult<(StatusCode, Json<AttachmentInfo>)> {
    let doc = service::load_visible(&state, &user, &id).await?;
    if doc.state.initiator.as_str() != user.username {
        return Err(ApiError::forbidden("只有发起人可以上传材料"));
    }
    if !matches!(
        doc.state.status,
        MatterStatus::Draft | MatterStatus::Returned
    ) {
        return Err(not_editable("办件已提交，不能再上传材料"));
    }
    let def = service::definition_of(&state, &doc).await?;
    let mut field_key: Option<String> = None;
    let max_bytes = state.config.max_upload_bytes;
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| upload::multipart_error(&e, max_bytes, "上传格式不正确"))?
    {
        match part.name() {
            Some("field") => {
                field_key = Some(
                    part.text()
                        .await
                        .map_err(|e| upload::multipart_error(&e, max_bytes, "上传格式不正确"))?,
                );
            }
            Some("file") => {
                let key = field_key.clone().ok_or_else(|| {
                    ApiError::bad_request("请先提供材料所属字段 field，再提供文件")
                })?;
                let (accept, limit) = upload_slot(&def, &key, max_bytes)?;
                let received = upload::receive(&state.files, part, limit, &accept).await?;
                let file_key = uuid::Uuid::now_v7().simple().to_string();
                let relative = super::LocalStore::relative_for(&file_key);
                let row = AttachmentRow {
                    key: file_key,
                    matter: doc.key.clone(),
                    field: key,
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
                if let Err(e) = store::insert(&state, &row).await {
                    state.files.remove(&relative).await;
                    return Err(e.into());
                }
                return Ok((StatusCode::CREATED, Json(row.info())));
            }
            _ => {}
        }
    }
    Err(ApiError::bad_request("请求中没有文件（字段名应为 file）"))
}

/// What a file may be uploaded into: an attachment field of the form, or a material of the
/// checklist. Returns the accepted extensions and the size limit in bytes.
fn upload_slot(def: &MatterTypeDef, key: &str, max_bytes: u64) -> ApiResult<(Vec<String>, u64)> {
    if let Some(slot) = def.form.field(key) {
        let FieldKind::Attachment { accept, .. } = &slot.kind else {
            return Err(ApiError::bad_request(format!(
                "字段「{}」不是附件字段",
                slot.label
            )));
        };
        return Ok((accept.clone(), max_bytes));
    }
    let material = def
        .materials
        .iter()
        .find(|m| m.key.as_str() == key)
        .ok_or_else(|| ApiError::bad_request(format!("表单中没有附件字段或材料「{key}」")))?;
    let limit = material
        .max_size_mb
        .map_or(max_bytes, |mb| max_bytes.min(u64::from(mb) * 1024 * 1024));
    Ok((material.accept.clone(), limit))
}

/// 409 `matter_wrong_status`: the matter's status does not allow changing its files (not the
/// generic `conflict`, which tells the client to refresh and retry).
fn not_editable(detail: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "matter_wrong_status", detail)
}

async fn visible_attachment(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> ApiResult<AttachmentRow> {
    let row = store::get(state, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let doc = service::load_visible(state, user, &row.matter).await?;
    // A file of a field the user's nodes hide is as absent as the field.
    let def = service::definition_of(state, &doc).await?;
    if crate::matter::access::hidden_fields(&doc, &def, user).contains(&row.field) {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// Downloads a file (streamed).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "files", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404)))]
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = visible_attachment(&state, &user, &id).await?;
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

/// A stored file about to be sent.
pub(super) struct Stored<'a> {
    /// Path relative to the file store.
    pub path: &'a str,
    /// Original name, sent in `Content-Disposition`.
    pub filename: &'a str,
    /// Content type.
    pub content_type: &'a str,
    /// Size in bytes.
    pub size: i64,
    /// SM3, hex, sent as `x-content-sm3`.
    pub sm3: &'a str,
}

/// Streams a stored file as a download, its original name percent-encoded in
/// `Content-Disposition` and its SM3 in `x-content-sm3`.
pub(super) async fn send_file(state: &AppState, file: &Stored<'_>) -> ApiResult<Response> {
    let handle = tokio::fs::File::open(state.files.absolute(file.path))
        .await
        .map_err(ApiError::internal)?;
    let encoded: String = file
        .filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"file.{}\"; filename*=UTF-8''{encoded}",
        upload::extension(file.filename).unwrap_or_else(|| "bin".into())
    );
    let mut response = Response::new(Body::from_stream(ReaderStream::new(handle)));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(file.content_type).map_err(ApiError::internal)?,
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size as u64));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(ApiError::internal)?,
    );
    headers.insert(
        "x-content-sm3",
        HeaderValue::from_str(file.sm3).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// Deletes a file from a draft (or a returned matter being corrected).
#[utoipa::path(delete, path = "/api/v1/attachments/{id}", tag = "files", params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
async fn delete_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let row = visible_attachment(&state, &user, &id).await?;
    let doc = service::load_visible(&state, &user, &row.matter).await?;
    if doc.state.initiator.as_str() != user.username {
        return Err(ApiError::forbidden("只有发起人可以删除材料"));
    }
    if row.field.starts_with(super::RESULT_PREFIX) {
        return Err(ApiError::forbidden("办理单位的结果文件不能删除"));
    }
    if !matches!(
        doc.state.status,
        MatterStatus::Draft | MatterStatus::Returned
    ) {
        return Err(not_editable("办件已提交，不能再删除材料"));
    }
    let in_use = doc.state.status == MatterStatus::Returned
        && doc.state.values.values().any(|v| {
            v.as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(id.as_str())))
        });
    if in_use {
        return Err(ApiError::conflict(
            "该材料已随办件提交，请在补正时从表单中移除后再删除",
        ));
    }
    store::delete(&state, &row).await?;
    state.files.remove(&row.path).await;
    Ok(StatusCode::NO_CONTENT)
}
