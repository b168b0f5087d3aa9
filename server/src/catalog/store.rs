//! Persistence of matter-type versions.

use crate::db::{self, Batch, Db, DbResult};
use lianban_definition::matter_type::MatterTypeDef;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Row {
    def: MatterTypeDef,
}

/// Adds statements that publish a version (status `published`).
pub fn add_published(batch: &mut Batch, def: &MatterTypeDef, now_ms: i64) {
    batch.push(
        "CREATE type::record('matter_type', [$code, $version]) SET code = $code, version = $version,
            status = 'published', published_ms = $now, def = $def",
        json!({ "code": def.code, "version": def.version, "now": now_ms, "def": def }),
    );
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
    Ok(latest_published(db)
        .await?
        .into_iter()
        .find(|d| d.code == code))
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
