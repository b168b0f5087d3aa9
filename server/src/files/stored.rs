//! Files that arrive whole rather than as a multipart upload — the result documents (批复文件) a
//! unit's own system reports through the open API — and the download answer for other modules.
//! The same checks as an upload apply: a file name with an accepted extension, content matching
//! it, a size within the limit; the content is hashed with SM3 and stored like an upload.

use super::routes::{Stored, send_file};
use super::store::{self, AttachmentRow};
use super::upload::{DEFAULT_ACCEPT, check_magic, extension, too_large};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use axum::http::StatusCode;
use axum::response::Response;
use sm3::{Digest, Sm3};

/// The attachment field of the result documents of dispatch `node`: `result:<node>`. Such
/// files belong to no form field, so every reader of the matter may download them.
pub fn result_field(node: &str) -> String {
    format!("{RESULT_PREFIX}{node}")
}

/// The prefix of [`result_field`].
pub const RESULT_PREFIX: &str = "result:";

/// A file to store for a matter.
#[derive(Debug)]
pub struct NewFile<'a> {
    /// The matter's key.
    pub matter: &'a str,
    /// The attachment field, e.g. [`result_field`].
    pub field: &'a str,
    /// The original name (its extension decides the accepted content).
    pub filename: &'a str,
    /// The content.
    pub bytes: &'a [u8],
    /// Who stores it (a login name or an external system's label).
    pub by: &'a str,
}

/// Checks `file` as an upload is checked; returns its content type. 400 `bad_request` for a
/// missing or over-long name or an empty file, 413 `file_too_large`, 415 `file_type_rejected`.
pub fn check_bytes(state: &AppState, filename: &str, bytes: &[u8]) -> ApiResult<&'static str> {
    let filename = filename.trim();
    if filename.is_empty() || filename.contains(['/', '\\']) {
        return Err(ApiError::bad_request("文件名不能为空，也不能包含路径"));
    }
    if filename.chars().count() > 120 {
        return Err(ApiError::bad_request("文件名不能超过120个字"));
    }
    if bytes.is_empty() {
        return Err(ApiError::bad_request(format!("文件「{filename}」是空文件")));
    }
    if bytes.len() as u64 > state.config.max_upload_bytes {
        return Err(too_large(state.config.max_upload_bytes));
    }
    let rejected =
        |m: String| ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "file_type_rejected", m);
    let ext =
        extension(filename).ok_or_else(|| rejected(format!("文件「{filename}」缺少扩展名")))?;
    if !DEFAULT_ACCEPT.contains(&ext.as_str()) {
        return Err(rejected(format!(
            "不允许 .{ext} 文件，允许的类型：{}",
            DEFAULT_ACCEPT.join("、")
        )));
    }
    check_magic(&ext, &bytes[..bytes.len().min(8192)]).map_err(rejected)
}

/// Checks and stores `file` (see [`check_bytes`]); returns its record. The content is in place before
/// the record is written, and removed again when the record cannot be.
pub async fn store_bytes(state: &AppState, file: NewFile<'_>) -> ApiResult<AttachmentRow> {
    let content_type = check_bytes(state, file.filename, file.bytes)?;
    let key = uuid::Uuid::now_v7().simple().to_string();
    let relative = super::LocalStore::relative_for(&key);
    let temp = state.files.temp_path();
    let written = async {
        tokio::fs::write(&temp, file.bytes).await?;
        tokio::fs::File::open(&temp).await?.sync_all().await?;
        state.files.commit_temp(&temp, &relative).await
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(ApiError::internal(e));
    }
    let row = AttachmentRow {
        key,
        matter: file.matter.to_owned(),
        field: file.field.to_owned(),
        filename: file.filename.trim().to_owned(),
        size: file.bytes.len() as i64,
        content_type: content_type.to_owned(),
        sm3: lianban_sdk::sign::hex(&Sm3::digest(file.bytes)),
        path: relative,
        uploaded_ms: state.clock.now_ms(),
        uploaded_by: file.by.to_owned(),
    };
    if let Err(e) = store::insert(state, &row).await {
        state.files.remove(&row.path).await;
        return Err(e.into());
    }
    Ok(row)
}

/// Removes stored files and their records (the undo of [`store_bytes`] when the command they
/// were stored for was refused).
pub async fn discard(state: &AppState, rows: &[AttachmentRow]) {
    for row in rows {
        if let Err(e) = store::delete(state, row).await {
            tracing::warn!(error = %e, file = row.key, "could not delete a discarded file record");
        }
        state.files.remove(&row.path).await;
    }
}

/// The download answer for an attachment the caller was checked to see (streamed, with its
/// name in `Content-Disposition` and its SM3 in `x-content-sm3`).
pub async fn send_attachment(state: &AppState, row: &AttachmentRow) -> ApiResult<Response> {
    send_file(
        state,
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
