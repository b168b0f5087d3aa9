//! Persistence of matter types: one editable draft per type (`matter_type_draft`) and the
//! immutable published versions (`matter_type`, keyed `[code, version]`, status `published` or
//! `retired`). Other modules call these functions, never the tables.

use crate::db::{self, Batch, Db, DbResult};
use lianban_definition::matter_type::MatterTypeDef;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Deserialize)]
struct Row {
    def: MatterTypeDef,
}

/// Lifecycle status of a published version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Offered for new matters (the newest published version is the one new drafts use).
    Published,
    /// Withdrawn: no new matters and no submissions; running matters finish on it.
    Retired,
}

/// One published version, without its definition.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionInfo {
    /// Version number.
    pub version: u32,
    /// Status.
    pub status: VersionStatus,
    /// When it was published (ms since epoch).
    pub published_ms: i64,
    /// Who published it (empty for seeded versions).
    #[serde(default)]
    pub published_by: String,
}

/// The draft of a matter type as designers edit it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    /// The definition being edited (its `version` is the one publishing will create).
    pub def: MatterTypeDef,
    /// Last saved (ms since epoch).
    pub updated_ms: i64,
    /// Who saved it last.
    pub updated_by: String,
}

/// Adds statements that publish a version (status `published`). A second publication of the
/// same `[code, version]` fails on the record id, so concurrent publishers cannot both win.
pub fn add_published(batch: &mut Batch, def: &MatterTypeDef, now_ms: i64, by: &str) {
    batch.push(
        "CREATE type::record('matter_type', [$code, $version]) SET code = $code, version = $version,
            status = 'published', published_ms = $now, published_by = $by, def = $def",
        json!({ "code": def.code, "version": def.version, "now": now_ms, "by": by, "def": def }),
    );
}

/// Adds a statement that saves the draft of `draft.def.code`, replacing the previous one.
pub fn add_draft(batch: &mut Batch, draft: &Draft) {
    batch.push(
        "UPSERT type::record('matter_type_draft', $code) CONTENT {
            code: $code, def: $def, updated_ms: $now, updated_by: $by }",
        json!({ "code": draft.def.code, "def": draft.def, "now": draft.updated_ms, "by": draft.updated_by }),
    );
}

/// Adds a guarded statement that retires one version; the batch fails with a conflict when the
/// version does not exist or is already retired.
pub fn add_retired(batch: &mut Batch, code: &str, version: u32) {
    batch.push_guarded(
        "UPDATE type::record('matter_type', [$code, $version]) SET status = 'retired'
            WHERE status = 'published' RETURN code",
        json!({ "code": code, "version": version }),
        "retire matter type version",
    );
}

/// The draft of `code`, if one was saved.
pub async fn draft(db: &Db, code: &str) -> DbResult<Option<Draft>> {
    db::row(
        db,
        "SELECT def, updated_ms, updated_by FROM type::record('matter_type_draft', $code)",
        json!({ "code": code }),
    )
    .await
}

/// Every draft (the designers' list).
pub async fn drafts(db: &Db) -> DbResult<Vec<Draft>> {
    db::rows(
        db,
        "SELECT def, updated_ms, updated_by FROM matter_type_draft ORDER BY code",
        json!({}),
    )
    .await
}

/// The versions of `code`, newest first.
pub async fn versions(db: &Db, code: &str) -> DbResult<Vec<VersionInfo>> {
    db::rows(
        db,
        "SELECT version, status, published_ms, published_by ?? '' AS published_by FROM matter_type
            WHERE code = $code ORDER BY version DESC",
        json!({ "code": code }),
    )
    .await
}

/// The newest version number of `code` (published or retired), 0 when none.
pub async fn newest_version(db: &Db, code: &str) -> DbResult<u32> {
    Ok(versions(db, code).await?.first().map_or(0, |v| v.version))
}

/// The newest published version of every matter type.
pub async fn latest_published(db: &Db) -> DbResult<Vec<MatterTypeDef>> {
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT def, code, version FROM matter_type WHERE status = 'published' ORDER BY code, version DESC",
        json!({}),
    )
    .await?;
    let mut out: Vec<MatterTypeDef> = Vec::new();
    for row in rows {
        if !out.iter().any(|d| d.code == row.def.code) {
            out.push(row.def);
        }
    }
    Ok(out)
}

/// The newest published version of one type.
pub async fn latest(db: &Db, code: &str) -> DbResult<Option<MatterTypeDef>> {
    let row: Option<Row> = db::row(
        db,
        "SELECT def, version FROM matter_type WHERE code = $code AND status = 'published'
            ORDER BY version DESC LIMIT 1",
        json!({ "code": code }),
    )
    .await?;
    Ok(row.map(|r| r.def))
}

/// An exact version (published or retired): running matters use theirs.
pub async fn version(db: &Db, code: &str, version: u32) -> DbResult<Option<MatterTypeDef>> {
    let row: Option<Row> = db::row(
        db,
        "SELECT def FROM type::record('matter_type', [$code, $version])",
        json!({ "code": code, "version": version }),
    )
    .await?;
    Ok(row.map(|r| r.def))
}

/// The status of an exact version, `None` when it does not exist.
pub async fn version_status(db: &Db, code: &str, version: u32) -> DbResult<Option<VersionStatus>> {
    #[derive(Deserialize)]
    struct StatusRow {
        status: VersionStatus,
    }
    let row: Option<StatusRow> = db::row(
        db,
        "SELECT status FROM type::record('matter_type', [$code, $version])",
        json!({ "code": code, "version": version }),
    )
    .await?;
    Ok(row.map(|r| r.status))
}
