//! Persistence of dictionaries: one `dict` record per dictionary, keyed by its code, holding
//! its items in order. Updates are guarded by the revision they were made on.

use super::dto::Dict;
use crate::db::{self, Batch, Db, DbError, DbResult};
use serde_json::json;

/// Every dictionary, by code.
pub async fn list(db: &Db) -> DbResult<Vec<Dict>> {
    db::rows(db, "SELECT * OMIT id FROM dict ORDER BY code", json!({})).await
}

/// One dictionary.
pub async fn get(db: &Db, code: &str) -> DbResult<Option<Dict>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('dict', $code)",
        json!({ "code": code }),
    )
    .await
}

/// The dictionaries among `codes` that exist.
pub async fn get_many(db: &Db, codes: &[String]) -> DbResult<Vec<Dict>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    db::rows(
        db,
        "SELECT * OMIT id FROM dict WHERE code IN $codes",
        json!({ "codes": codes }),
    )
    .await
}

/// Adds the creation of `dict`; the batch fails with [`DbError::Duplicate`] when the code is
/// taken.
pub fn add_new(batch: &mut Batch, dict: &Dict) {
    batch.push(
        "CREATE type::record('dict', $dict.code) CONTENT $dict",
        json!({ "dict": dict }),
    );
}

/// Adds a guarded replacement of `dict` (whose `revision` is the new one); the batch fails
/// with [`DbError::Conflict`] unless the stored revision is `dict.revision - 1`.
pub fn add_update(batch: &mut Batch, dict: &Dict) {
    batch.push_guarded(
        "UPDATE type::record('dict', $dict.code) CONTENT $dict WHERE revision = $expected RETURN code",
        json!({ "dict": dict, "expected": dict.revision.saturating_sub(1) }),
        "update dictionary",
    );
}

/// Creates those of `dicts` whose code is not taken yet; existing dictionaries (and the
/// administrators' edits to them) are left alone. Safe to run on every start, by several nodes.
pub async fn seed_missing(db: &Db, dicts: &[Dict]) -> DbResult<usize> {
    let mut created = 0;
    for dict in dicts {
        if get(db, &dict.code).await?.is_some() {
            continue;
        }
        let mut batch = Batch::new();
        add_new(&mut batch, dict);
        match batch.commit(db).await {
            Ok(_) => created += 1,
            // Another node seeded it in the meantime.
            Err(DbError::Duplicate(_) | DbError::Conflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(created)
}
