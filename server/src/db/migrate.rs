//! Versioned schema migrations: `.surql` files embedded in the binary, applied in order, each
//! recorded in the `migration` table so it runs once.

use super::{Db, DbError, DbResult};
use serde::Deserialize;
use serde_json::json;

/// The migrations, in order. Never edit a published one; add a new file.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("migrations/0001_init.surql")),
    (
        "0002_catalog",
        include_str!("migrations/0002_catalog.surql"),
    ),
    (
        "0003_calendar",
        include_str!("migrations/0003_calendar.surql"),
    ),
    ("0004_dict", include_str!("migrations/0004_dict.surql")),
    ("0005_docket", include_str!("migrations/0005_docket.surql")),
    (
        "0006_notify_center",
        include_str!("migrations/0006_notify_center.surql"),
    ),
    (
        "0007_deadlines",
        include_str!("migrations/0007_deadlines.surql"),
    ),
    (
        "0008_external_systems",
        include_str!("migrations/0008_external_systems.surql"),
    ),
    (
        "0009_open_outbox",
        include_str!("migrations/0009_open_outbox.surql"),
    ),
    (
        "0010_open_inbound",
        include_str!("migrations/0010_open_inbound.surql"),
    ),
    (
        "0011_live_feed",
        include_str!("migrations/0011_live_feed.surql"),
    ),
    (
        "0012_deadline_check",
        include_str!("migrations/0012_deadline_check.surql"),
    ),
];

#[derive(Deserialize)]
struct Applied {
    name: String,
}

/// Applies the migrations not applied yet.
pub async fn migrate(db: &Db) -> DbResult<()> {
    db.query("DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL; DEFINE FIELD IF NOT EXISTS name ON migration TYPE string; DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE string;")
        .await
        .map_err(DbError::from_sdk)?
        .check()
        .map_err(DbError::from_sdk)?;
    let applied: Vec<Applied> = super::rows(db, "SELECT name FROM migration", json!({})).await?;
    for (name, sql) in MIGRATIONS {
        if applied.iter().any(|a| a.name == *name) {
            continue;
        }
        tracing::info!(migration = name, "applying migration");
        let mut batch = super::Batch::new();
        batch.push(*sql, json!({}));
        batch.push(
            "CREATE type::record('migration', $name) SET name = $name, applied_at = $at",
            json!({ "name": name, "at": jiff::Timestamp::now().to_string() }),
        );
        batch.commit(db).await?;
    }
    Ok(())
}
