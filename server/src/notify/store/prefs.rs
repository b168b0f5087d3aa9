//! Users' notification preferences (`notify_pref`): one record per user who changed anything,
//! keyed by login name, holding the muted (kind, channel) pairs as `kind/channel` strings.

use crate::db::{self, Batch, Db, DbResult};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// A muted pair.
pub type Mute = (String, String);

#[derive(Deserialize)]
struct Row {
    username: String,
    #[serde(default)]
    muted: Vec<String>,
}

fn pairs(muted: Vec<String>) -> BTreeSet<Mute> {
    muted
        .into_iter()
        .filter_map(|m| m.split_once('/').map(|(k, c)| (k.to_owned(), c.to_owned())))
        .collect()
}

/// The pairs `username` muted (none when they never changed a setting).
pub async fn muted(db: &Db, username: &str) -> DbResult<BTreeSet<Mute>> {
    let row: Option<Row> = db::row(
        db,
        "SELECT username, muted FROM type::record('notify_pref', $user)",
        json!({ "user": username }),
    )
    .await?;
    Ok(row.map(|r| pairs(r.muted)).unwrap_or_default())
}

/// The muted pairs of each of `usernames` who muted anything.
pub async fn muted_of(db: &Db, usernames: &[String]) -> DbResult<HashMap<String, BTreeSet<Mute>>> {
    if usernames.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT username, muted FROM notify_pref WHERE username IN $users",
        json!({ "users": usernames }),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.username, pairs(r.muted)))
        .collect())
}

/// Adds the statement that replaces the muted pairs of `username`.
pub fn add_set(batch: &mut Batch, username: &str, muted: &BTreeSet<Mute>, now_ms: i64) {
    let muted: Vec<String> = muted.iter().map(|(k, c)| format!("{k}/{c}")).collect();
    batch.push(
        "UPSERT type::record('notify_pref', $user) CONTENT { username: $user, muted: $muted, updated_ms: $now }",
        json!({ "user": username, "muted": muted, "now": now_ms }),
    );
}
