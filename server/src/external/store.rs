//! Persistence of external systems: one `external_system` record per system, keyed by its id;
//! the app key is unique. Changes are guarded by the revision they were made on.

use super::dto::Stored;
use crate::db::{self, Batch, Db, DbResult};
use serde_json::json;

/// Every system, by unit then name.
pub async fn list(db: &Db) -> DbResult<Vec<Stored>> {
    db::rows(
        db,
        "SELECT * OMIT id FROM external_system ORDER BY unit, name",
        json!({}),
    )
    .await
}

/// One system.
pub async fn get(db: &Db, id: &str) -> DbResult<Option<Stored>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('external_system', $id)",
        json!({ "id": id }),
    )
    .await
}

/// The system holding `app_key`.
pub async fn by_app_key(db: &Db, app_key: &str) -> DbResult<Option<Stored>> {
    db::row(
        db,
        "SELECT * OMIT id FROM external_system WHERE app_key = $key LIMIT 1",
        json!({ "key": app_key }),
    )
    .await
}

/// Every system's app key and name.
pub async fn names(db: &Db) -> DbResult<Vec<(String, String)>> {
    #[derive(serde::Deserialize)]
    struct Row {
        app_key: String,
        name: String,
    }
    let rows: Vec<Row> =
        db::rows(db, "SELECT app_key, name FROM external_system", json!({})).await?;
    Ok(rows.into_iter().map(|r| (r.app_key, r.name)).collect())
}

/// The enabled systems of `unit`.
pub async fn enabled_of_unit(db: &Db, unit: &str) -> DbResult<Vec<Stored>> {
    db::rows(
        db,
        "SELECT * OMIT id FROM external_system WHERE unit = $unit AND enabled = true ORDER BY name",
        json!({ "unit": unit }),
    )
    .await
}

/// The units with at least one enabled system.
pub async fn enabled_units(db: &Db) -> DbResult<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Row {
        unit: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT unit FROM external_system WHERE enabled = true GROUP BY unit",
        json!({}),
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.unit).collect())
}

/// Adds the creation of `system`; fails with a duplicate when the app key is taken.
pub fn add_new(batch: &mut Batch, system: &Stored) {
    batch.push(
        "CREATE type::record('external_system', $s.sid) CONTENT $s",
        json!({ "s": system }),
    );
}

/// Adds a guarded replacement (the stored revision must be `system.revision - 1`).
pub fn add_update(batch: &mut Batch, system: &Stored) {
    batch.push_guarded(
        "UPDATE type::record('external_system', $s.sid) CONTENT $s WHERE revision = $expected RETURN id",
        json!({ "s": system, "expected": system.revision.saturating_sub(1) }),
        "update external system",
    );
}

/// Adds an automatic disable (any revision; bumps it so a stale admin edit cannot re-enable it
/// silently).
pub fn add_disable(batch: &mut Batch, id: &str, reason: &str, now_ms: i64) {
    batch.push(
        "UPDATE type::record('external_system', $id) SET enabled = false, disabled_reason = $reason, \
         revision += 1, updated_ms = $now, updated_by = 'system'",
        json!({ "id": id, "reason": reason, "now": now_ms }),
    );
}
