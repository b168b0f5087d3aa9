//! Persistence of matter documents, their timelines and matter numbers.

use crate::db::{self, Batch, Db, DbResult};
use crate::deadline::TierMark;
use jiff::Timestamp;
use lianban_definition::form::FieldChange;
use lianban_runtime::{Event, MatterState};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One matter as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatterDoc {
    /// Key (UUID v7, simple form).
    pub key: String,
    /// Optimistic-concurrency version, +1 on every write.
    pub version: i64,
    /// 办件编号, once submitted.
    #[serde(default)]
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Matter type code.
    pub type_code: String,
    /// Matter type version this matter runs on.
    pub type_version: u32,
    /// Matter type name (for lists).
    pub type_name: String,
    /// Units that may see it: the initiating unit and every unit dispatched to.
    pub units: Vec<String>,
    /// The runtime state.
    pub state: MatterState,
    /// Created at (ms).
    pub created_ms: i64,
    /// Last change (ms).
    pub updated_ms: i64,
    /// Number of timeline events so far.
    #[serde(default)]
    pub event_seq: i64,
    /// The latest resubmission diff per dispatch.
    #[serde(default)]
    pub changes: BTreeMap<String, Vec<FieldChange>>,
    /// The latest warning tier fired per clock (`matter` or `dispatch:<node>`), written by the
    /// deadline scanner so the work-list rows show its colour.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiers: BTreeMap<String, TierMark>,
    /// When the deadline scanner must look at it next (ms): 0 after every change, then the
    /// moment its next warning tier is due as the scanner last computed it (`i64::MAX`: none).
    #[serde(default)]
    pub check_ms: i64,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventRow {
    /// Order within the matter, from 1.
    pub seq: i64,
    /// When (ms).
    pub at_ms: i64,
    /// Who (login name), if a person.
    #[serde(default)]
    pub actor: Option<String>,
    /// What.
    pub event: Event,
}

/// Loads a matter.
pub async fn load(db: &Db, key: &str) -> DbResult<Option<MatterDoc>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('matter', $key)",
        json!({ "key": key }),
    )
    .await
}

/// The query of [`live`] for one status: the index `(state.status, key)` serves the equality,
/// the keyset bound and the order (the deadline test asserts the plan).
pub const LIVE_SQL: &str = "SELECT * OMIT id FROM matter WHERE state.status = $status AND key > $after AND state.suspended = NONE ORDER BY key LIMIT $limit";

/// The live matters of one status due for a deadline look (`check_ms` reached), on the index
/// `matter_status_check`, in no particular order.
pub const DUE_SQL: &str = "SELECT * OMIT id FROM matter WHERE state.status = $status AND check_ms <= $due AND state.suspended = NONE LIMIT $limit";

/// Live matters that are not suspended (running, returned, or completed and waiting to be
/// closed), in key order after the key `after`, at most `limit` — for the deadline scanner's
/// full scan.
pub async fn live(db: &Db, after: &str, limit: usize) -> DbResult<Vec<MatterDoc>> {
    live_where(
        db,
        LIVE_SQL,
        json!({ "after": after, "limit": limit }),
        limit,
    )
    .await
}

/// At most `limit` live, not suspended matters whose `check_ms` is at most `due`: the deadline
/// scanner's regular scan (each looked-at matter then records a later `check_ms`).
pub async fn due_for_check(db: &Db, due: i64, limit: usize) -> DbResult<Vec<MatterDoc>> {
    live_where(db, DUE_SQL, json!({ "due": due, "limit": limit }), limit).await
}

/// The rows of `sql` for each live status (bound as `$status` over `vars`), in key order, at
/// most `limit`.
async fn live_where(db: &Db, sql: &str, vars: Value, limit: usize) -> DbResult<Vec<MatterDoc>> {
    let mut docs: Vec<MatterDoc> = Vec::new();
    for status in ["running", "returned", "completed"] {
        let mut vars = vars.clone();
        vars["status"] = json!(status);
        let rows: Vec<MatterDoc> = db::rows(db, sql, vars).await?;
        docs.extend(rows);
    }
    docs.sort_by(|a, b| a.key.cmp(&b.key));
    docs.truncate(limit);
    Ok(docs)
}

/// The key of the matter with number `number` (办件编号), if one has it.
pub async fn key_by_number(db: &Db, number: &str) -> DbResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        matter: String,
    }
    let row: Option<Row> = db::row(
        db,
        "SELECT matter FROM type::record('matter_no', $number)",
        json!({ "number": number }),
    )
    .await?;
    Ok(row.map(|r| r.matter))
}

/// The timeline of a matter, oldest first.
pub async fn events(db: &Db, key: &str) -> DbResult<Vec<EventRow>> {
    db::rows(
        db,
        "SELECT seq, at_ms, actor, event FROM matter_event WHERE matter = $key ORDER BY seq",
        json!({ "key": key }),
    )
    .await
}

/// Adds the creation of a new matter document.
pub fn add_new(batch: &mut Batch, doc: &MatterDoc) {
    batch.push(
        "CREATE type::record('matter', $doc.key) CONTENT $doc",
        json!({ "doc": doc }),
    );
}

/// Adds a guarded replacement of `doc` (whose `version` is the one read): fails with a conflict
/// if someone else wrote it since. Stores `doc` with `version + 1`, due for the deadline
/// scanner's next look (`check_ms` 0: a change may move its deadlines).
pub fn add_update(batch: &mut Batch, doc: &MatterDoc) {
    add_scanned(batch, doc, 0);
}

/// [`add_update`] by the deadline scanner, which knows when to look next (`check_ms`).
pub fn add_scanned(batch: &mut Batch, doc: &MatterDoc, check_ms: i64) {
    let mut next = doc.clone();
    next.version += 1;
    next.check_ms = check_ms;
    batch.push_guarded(
        "UPDATE type::record('matter', $key) CONTENT $doc WHERE version = $expected RETURN key",
        json!({ "key": doc.key, "doc": next, "expected": doc.version }),
        "matter version",
    );
}

/// Records when the deadline scanner must look at matter `key` next, unless it changed since
/// version `version` was read (a change makes it due at once; nothing is written then).
pub async fn set_check(db: &Db, key: &str, version: i64, check_ms: i64) -> DbResult<()> {
    let _: Vec<Value> = db::rows(
        db,
        "UPDATE type::record('matter', $key) SET check_ms = $check WHERE version = $version RETURN NONE",
        json!({ "key": key, "version": version, "check": check_ms }),
    )
    .await?;
    Ok(())
}

/// Adds a guarded deletion of a draft document.
pub fn add_delete(batch: &mut Batch, doc: &MatterDoc) {
    batch.push_guarded(
        "DELETE type::record('matter', $key) WHERE version = $expected RETURN BEFORE",
        json!({ "key": doc.key, "expected": doc.version }),
        "matter version",
    );
}

/// Adds timeline entries, numbered after `first_seq - 1`.
pub fn add_events(
    batch: &mut Batch,
    key: &str,
    first_seq: i64,
    at: Timestamp,
    actor: Option<&str>,
    events: &[Event],
) {
    if events.is_empty() {
        return;
    }
    let rows: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({ "matter": key, "seq": first_seq + i as i64, "at_ms": at.as_millisecond(),
                    "actor": actor, "event": e })
        })
        .collect();
    batch.push("INSERT INTO matter_event $rows", json!({ "rows": rows }));
}

/// The counter for matter numbers of `year`: its current value, 0 if none issued yet.
pub async fn number_counter(db: &Db, year: i16) -> DbResult<i64> {
    #[derive(Deserialize)]
    struct Row {
        n: i64,
    }
    let row: Option<Row> = db::row(
        db,
        "SELECT n FROM type::record('counter', $key)",
        json!({ "key": format!("matter_no_{year}") }),
    )
    .await?;
    Ok(row.map(|r| r.n).unwrap_or(0))
}

/// Formats a matter number, e.g. 联办〔2026〕00001号.
pub fn format_number(year: i16, n: i64) -> String {
    format!("联办〔{year}〕{n:05}号")
}

/// Adds the statements that take number `current + 1` of `year`: a guarded compare-and-set on
/// the counter and a `matter_no` record whose id is the number (a duplicate cannot exist).
pub fn add_take_number(batch: &mut Batch, year: i16, current: i64, matter_key: &str) -> String {
    let next = current + 1;
    let key = format!("matter_no_{year}");
    if current == 0 {
        batch.push(
            "CREATE type::record('counter', $key) SET n = $next",
            json!({ "key": key, "next": next }),
        );
    } else {
        batch.push_guarded(
            "UPDATE type::record('counter', $key) SET n = $next WHERE n = $current RETURN n",
            json!({ "key": key, "next": next, "current": current }),
            "matter number counter",
        );
    }
    let number = format_number(year, next);
    batch.push(
        "CREATE type::record('matter_no', $number) SET matter = $matter",
        json!({ "number": number, "matter": matter_key }),
    );
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded() {
        assert_eq!(format_number(2026, 1), "联办〔2026〕00001号");
        assert_eq!(format_number(2026, 123456), "联办〔2026〕123456号");
    }
}
