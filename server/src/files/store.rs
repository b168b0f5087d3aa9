//! Persistence of attachment records (`attachment`, files of matters) and catalog files
//! (`catalog_file`, templates and samples of materials, attached to no matter).

use crate::AppState;
use crate::db::{self, Batch, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An attachment as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttachmentRow {
    /// Key.
    pub key: String,
    /// Matter key.
    pub matter: String,
    /// Form field (attachment slot).
    pub field: String,
    /// Original file name.
    pub filename: String,
    /// Size in bytes.
    pub size: i64,
    /// Detected content type.
    pub content_type: String,
    /// SM3 hash, hex.
    pub sm3: String,
    /// Path relative to the file store.
    pub path: String,
    /// Uploaded at (ms).
    pub uploaded_ms: i64,
    /// Uploader.
    pub uploaded_by: String,
}

/// An attachment as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttachmentInfo {
    id: String,
    field: String,
    filename: String,
    size: i64,
    content_type: String,
    sm3: String,
    uploaded_at: String,
    uploaded_by: String,
}

impl AttachmentInfo {
    /// The form field (or material key) the file belongs to.
    pub fn field(&self) -> &str {
        &self.field
    }
}

impl AttachmentRow {
    /// The API view.
    pub fn info(&self) -> AttachmentInfo {
        AttachmentInfo {
            id: self.key.clone(),
            field: self.field.clone(),
            filename: self.filename.clone(),
            size: self.size,
            content_type: self.content_type.clone(),
            sm3: self.sm3.clone(),
            uploaded_at: crate::matter::fmt_ms(self.uploaded_ms),
            uploaded_by: self.uploaded_by.clone(),
        }
    }
}

/// Stores a new attachment record.
pub async fn insert(state: &AppState, row: &AttachmentRow) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "CREATE type::record('attachment', $row.key) CONTENT $row",
        json!({ "row": row }),
    );
    batch.commit(&state.db).await.map(|_| ())
}

/// One attachment.
pub async fn get(state: &AppState, key: &str) -> DbResult<Option<AttachmentRow>> {
    db::row(
        &state.db,
        "SELECT * OMIT id FROM type::record('attachment', $key)",
        json!({ "key": key }),
    )
    .await
}

/// The attachments of a matter, oldest first.
pub async fn list_for_matter(state: &AppState, matter: &str) -> DbResult<Vec<AttachmentRow>> {
    db::rows(
        &state.db,
        "SELECT * OMIT id FROM attachment WHERE matter = $matter ORDER BY uploaded_ms",
        json!({ "matter": matter }),
    )
    .await
}

/// Deletes one attachment record; returns its stored path.
pub async fn delete(state: &AppState, row: &AttachmentRow) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "DELETE type::record('attachment', $key)",
        json!({ "key": row.key }),
    );
    batch.commit(&state.db).await.map(|_| ())
}

/// Adds the deletion of all attachment records of a matter to `batch`; returns the stored
/// paths, to remove with [`remove_stored`] once the batch committed.
pub async fn add_delete_for_matter(
    state: &AppState,
    batch: &mut Batch,
    matter: &str,
) -> DbResult<Vec<String>> {
    let rows = list_for_matter(state, matter).await?;
    batch.push(
        "DELETE attachment WHERE matter = $matter",
        json!({ "matter": matter }),
    );
    Ok(rows.into_iter().map(|r| r.path).collect())
}

/// Removes stored files (after their records are gone).
pub async fn remove_stored(state: &AppState, paths: &[String]) {
    for path in paths {
        state.files.remove(path).await;
    }
}

/// A catalog file (样表) as stored: a template or sample a designer uploaded for a material.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogFileRow {
    /// Key (the id materials name in `sample`).
    pub key: String,
    /// Original file name.
    pub filename: String,
    /// Size in bytes.
    pub size: i64,
    /// Detected content type.
    pub content_type: String,
    /// SM3 hash, hex.
    pub sm3: String,
    /// Path relative to the file store.
    pub path: String,
    /// Uploaded at (ms).
    pub uploaded_ms: i64,
    /// Uploader.
    pub uploaded_by: String,
}

/// A catalog file as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CatalogFileInfo {
    id: String,
    filename: String,
    size: i64,
    content_type: String,
    sm3: String,
    uploaded_at: String,
    uploaded_by: String,
}

impl CatalogFileRow {
    /// The API view.
    pub fn info(&self) -> CatalogFileInfo {
        CatalogFileInfo {
            id: self.key.clone(),
            filename: self.filename.clone(),
            size: self.size,
            content_type: self.content_type.clone(),
            sm3: self.sm3.clone(),
            uploaded_at: crate::matter::fmt_ms(self.uploaded_ms),
            uploaded_by: self.uploaded_by.clone(),
        }
    }
}

/// Stores a new catalog file record.
pub async fn insert_catalog_file(state: &AppState, row: &CatalogFileRow) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "CREATE type::record('catalog_file', $row.key) CONTENT $row",
        json!({ "row": row }),
    );
    batch.commit(&state.db).await.map(|_| ())
}

/// One catalog file.
pub async fn catalog_file(state: &AppState, key: &str) -> DbResult<Option<CatalogFileRow>> {
    db::row(
        &state.db,
        "SELECT * OMIT id FROM type::record('catalog_file', $key)",
        json!({ "key": key }),
    )
    .await
}
