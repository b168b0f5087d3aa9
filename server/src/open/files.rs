//! Files through the open API: the result documents a system reports with its approval (Base64
//! in the body, stored as files of the matter under `result:<node>`, shown to the initiator as
//! the unit's 批复文件), the signed download of a matter's file, and the unsigned time-limited
//! download links minted for pushed events ([`crate::external::links`]). A system downloads what
//! its unit's people may: files of fields its nodes hide are 404.

use super::auth::Caller;
use super::view::load_for;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::files::{AttachmentRow, NewFile};
use crate::matter::store::{self as matters, MatterDoc};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::external::MAX_DOCUMENTS;
use lianban_sdk::api::Document;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The most result documents one approval may carry (the runtime's limit).
pub const MAX_RESULT_DOCUMENTS: usize = MAX_DOCUMENTS;

/// A result document, decoded.
#[derive(Debug)]
pub struct Decoded {
    filename: String,
    bytes: Vec<u8>,
}

/// Decodes and checks every document before any is stored: 400 `too_many_documents`,
/// `document_bad_base64`, `document_too_large`; then the upload checks (name, type, content).
pub fn decode_documents(state: &AppState, documents: &[Document]) -> ApiResult<Vec<Decoded>> {
    if documents.len() > MAX_RESULT_DOCUMENTS {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "too_many_documents",
            format!("结果文件过多（最多{MAX_RESULT_DOCUMENTS}个）"),
        ));
    }
    let max = state.config.max_upload_bytes;
    documents
        .iter()
        .map(|d| {
            // Base64 grows by a third: anything much longer cannot decode within the limit.
            if d.content_base64.len() as u64 > max / 3 * 4 + 8 {
                return Err(too_large(&d.filename, max));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(d.content_base64.trim())
                .map_err(|_| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "document_bad_base64",
                        format!("结果文件「{}」的内容不是有效的 Base64", d.filename),
                    )
                })?;
            if bytes.len() as u64 > max {
                return Err(too_large(&d.filename, max));
            }
            crate::files::check_bytes(state, &d.filename, &bytes)?;
            Ok(Decoded {
                filename: d.filename.trim().to_owned(),
                bytes,
            })
        })
        .collect()
}

fn too_large(filename: &str, max: u64) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "document_too_large",
        format!(
            "结果文件「{filename}」超过大小上限 {} MB",
            max / 1024 / 1024
        ),
    )
}

/// Stores the decoded documents as files of matter `key`, field `result:<node>`; on a failure
/// the ones stored so far are removed.
pub async fn store_documents(
    state: &AppState,
    caller: &Caller,
    (key, node): (&str, &str),
    documents: &[Decoded],
) -> ApiResult<Vec<AttachmentRow>> {
    let field = crate::files::result_field(node);
    let by = caller.label();
    let mut stored = Vec::with_capacity(documents.len());
    for d in documents {
        let file = NewFile {
            matter: key,
            field: &field,
            filename: &d.filename,
            bytes: &d.bytes,
            by: &by,
        };
        match crate::files::store_bytes(state, file).await {
            Ok(row) => stored.push(row),
            Err(e) => {
                crate::files::discard(state, &stored).await;
                return Err(e);
            }
        }
    }
    Ok(stored)
}

/// The file `id` of `doc`, when `unit` may see it.
async fn visible_file(
    state: &AppState,
    (doc, def): (&MatterDoc, &MatterTypeDef),
    unit: &str,
    id: &str,
) -> ApiResult<AttachmentRow> {
    let row = crate::files::store::get(state, id)
        .await?
        .filter(|r| r.matter == doc.key)
        .ok_or_else(ApiError::not_found)?;
    if crate::matter::access::hidden_fields_for_unit(doc, def, unit).contains(&row.field) {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// Downloads a file of the matter (a material, or a result document).
#[utoipa::path(get, path = "/open/v1/matters/{number}/files/{id}", tag = "open",
    params(("number" = String, Path, description = "办件编号"), ("id" = String, Path, description = "文件编号")),
    responses((status = 200, content_type = "application/octet-stream", description = "The bytes; `x-content-sm3` carries their SM3"),
        (status = 401, description = "signature errors"), (status = 404, description = "not_found")),
    security(("lianban_signature" = [])))]
pub async fn file(
    State(state): State<AppState>,
    caller: Caller,
    Path((number, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (doc, def) = load_for(&state, &caller, &number).await?;
    let row = visible_file(&state, (&doc, &def), &caller.unit, &id).await?;
    crate::files::send_attachment(&state, &row).await
}

/// The unsigned download links.
pub fn links() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(link))
}

/// The query of a download link.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// The system it was minted for.
    system: String,
    /// When it expires (Unix milliseconds).
    expires: i64,
    /// Its MAC (lowercase hex).
    sig: String,
}

/// A time-limited download link from a pushed event: no signature headers, the link carries its
/// authority; the same file rules as the signed download for the system it was minted for.
#[utoipa::path(get, path = "/open/v1/links/{matter}/{file}", tag = "open",
    params(("matter" = String, Path, description = "办件编号"), ("file" = String, Path, description = "文件编号"), LinkQuery),
    responses((status = 200, content_type = "application/octet-stream"),
        (status = 403, description = "link_expired, link_invalid"), (status = 404, description = "not_found")))]
async fn link(
    State(state): State<AppState>,
    Path((matter, file)): Path<(String, String)>,
    Query(q): Query<LinkQuery>,
) -> ApiResult<Response> {
    let refuse = |e: crate::external::links::LinkError| {
        tracing::warn!(system = %q.system, code = e.code(), "download link refused");
        ApiError::new(StatusCode::FORBIDDEN, e.code(), e.to_string())
    };
    crate::external::links::check(
        &state,
        &matter,
        &file,
        &q.system,
        q.expires,
        &q.sig,
        state.clock.now_ms(),
    )
    .map_err(refuse)?;
    let system = crate::external::target_by_id(&state, &q.system)
        .await?
        .filter(|s| s.enabled)
        .ok_or_else(|| refuse(crate::external::links::LinkError::Invalid))?;
    let caller = Caller {
        app_key: system.app_key,
        name: system.name,
        unit: system.unit,
        matter_types: Vec::new(),
    };
    let doc = by_number_or_key(&state, &matter).await?;
    if !super::view::sees(&caller, &doc) {
        return Err(ApiError::not_found());
    }
    let def = crate::matter::service::definition_of(&state, &doc).await?;
    let row = visible_file(&state, (&doc, &def), &caller.unit, &file).await?;
    crate::files::send_attachment(&state, &row).await
}

/// A matter named by its number (as links are minted) or by its key.
async fn by_number_or_key(state: &AppState, matter: &str) -> ApiResult<MatterDoc> {
    let key = matters::key_by_number(&state.db, matter)
        .await?
        .unwrap_or_else(|| matter.to_owned());
    matters::load(&state.db, &key)
        .await?
        .filter(|d| d.number.is_some())
        .ok_or_else(ApiError::not_found)
}
