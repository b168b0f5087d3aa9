//! Persistence of dockets. Other modules call these functions, never the table.

use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A reply of the addressed unit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reply {
    /// Who replied.
    pub by: String,
    /// When (ms).
    pub at_ms: i64,
    /// The feedback.
    pub text: String,
}

/// A docket as stored.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Docket {
    /// Id.
    pub key: String,
    /// The matter.
    pub matter: String,
    /// The dispatch (node) it is about; `None` for the whole matter.
    pub node: Option<String>,
    /// The unit that must answer: the dispatch's unit, or the initiating unit.
    pub unit: String,
    /// What the supervisor requires.
    pub requirement: String,
    /// Reply deadline (ms).
    pub reply_by_ms: i64,
    /// `open`, `replied` or `closed`.
    pub status: String,
    /// Who opened it and when (ms).
    pub opened_by: String,
    /// When (ms).
    pub opened_ms: i64,
    /// Replies, oldest first.
    pub replies: Vec<Reply>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// When (ms).
    pub closed_ms: Option<i64>,
    /// The supervisor's closing note.
    pub closing_note: Option<String>,
    /// Revision, for guarded updates.
    pub revision: u32,
}

/// One docket.
pub async fn get(db: &Db, key: &str) -> DbResult<Option<Docket>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('docket', $key)",
        json!({ "key": key }),
    )
    .await
}

/// The dockets of a matter, oldest first.
pub async fn for_matter(db: &Db, matter: &str) -> DbResult<Vec<Docket>> {
    db::rows(
        db,
        "SELECT * OMIT id FROM docket WHERE matter = $matter ORDER BY opened_ms",
        json!({ "matter": matter }),
    )
    .await
}

/// The dockets addressed to any of `units` (every docket when `None`), newest first, optionally
/// in one status; at most `limit`.
pub async fn list(
    db: &Db,
    units: Option<&[String]>,
    status: Option<&str>,
    limit: usize,
) -> DbResult<Vec<Docket>> {
    let unit_filter = if units.is_some() {
        "unit IN $units"
    } else {
        "true"
    };
    let status_filter = if status.is_some() {
        "status = $status"
    } else {
        "true"
    };
    db::rows(
        db,
        &format!(
            "SELECT * OMIT id FROM docket WHERE {unit_filter} AND {status_filter} \
             ORDER BY opened_ms DESC LIMIT $limit"
        ),
        json!({ "units": units, "status": status, "limit": limit }),
    )
    .await
}

/// Adds the creation of `docket`.
pub fn add_new(batch: &mut Batch, docket: &Docket) {
    batch.push(
        "CREATE type::record('docket', $d.key) CONTENT $d RETURN key",
        json!({ "d": docket }),
    );
}

/// Adds a replacement of `docket` guarded by its previous revision (`revision - 1`): the batch
/// fails with a conflict when someone changed it meanwhile.
pub fn add_update(batch: &mut Batch, docket: &Docket) {
    batch.push_guarded(
        "UPDATE type::record('docket', $d.key) CONTENT $d WHERE revision = $expected RETURN key",
        json!({ "d": docket, "expected": docket.revision.saturating_sub(1) }),
        "update docket",
    );
}
