//! Administrators' notification templates (`notify_template`): one record per (kind, channel)
//! that was edited, keyed `<kind>.<channel>`, with a revision that guards concurrent edits. They
//! take precedence over the override folder and the embedded defaults, on every node at once.

use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An administrator's template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomTemplate {
    /// Event kind.
    pub kind: String,
    /// Channel.
    pub channel: String,
    /// Tera source.
    pub text: String,
    /// 1 for the first edit, +1 for each further one.
    pub revision: i64,
    /// When (ms).
    pub updated_ms: i64,
    /// By whom.
    pub updated_by: String,
}

fn key(kind: &str, channel: &str) -> String {
    format!("{kind}.{channel}")
}

/// Every administrator's template.
pub async fn all(db: &Db) -> DbResult<Vec<CustomTemplate>> {
    db::rows(
        db,
        "SELECT * OMIT id FROM notify_template ORDER BY kind, channel",
        json!({}),
    )
    .await
}

/// The administrator's template of `kind` on `channel`, if there is one.
pub async fn get(db: &Db, kind: &str, channel: &str) -> DbResult<Option<CustomTemplate>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('notify_template', $key)",
        json!({ "key": key(kind, channel) }),
    )
    .await
}

/// Adds the statement that stores `t`: a creation for revision 1 (a duplicate fails the batch),
/// otherwise a replacement guarded by the previous revision (a conflict fails the batch).
pub fn add_put(batch: &mut Batch, t: &CustomTemplate) {
    let vars = json!({ "key": key(&t.kind, &t.channel), "t": t, "expected": t.revision - 1 });
    if t.revision == 1 {
        batch.push(
            "CREATE type::record('notify_template', $key) CONTENT $t",
            vars,
        );
    } else {
        batch.push_guarded(
            "UPDATE type::record('notify_template', $key) CONTENT $t WHERE revision = $expected RETURN kind",
            vars,
            "update notification template",
        );
    }
}

/// Adds the statement that removes the template of `kind` on `channel` (back to the default).
pub fn add_delete(batch: &mut Batch, kind: &str, channel: &str) {
    batch.push(
        "DELETE type::record('notify_template', $key)",
        json!({ "key": key(kind, channel) }),
    );
}
