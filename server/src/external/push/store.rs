//! The push outbox (`push_event`) and the per-matter event counter (`push_counter`).
//!
//! A row is *queued* while it waits (`pending`) or is being sent (`sending`); `next_at` is when it
//! is due, and for a `sending` row when its claim expires, so a row whose sender died becomes due
//! again by itself (and is sent again with the same event id). Claims and outcomes are
//! conditional updates: one worker holds a row at a time, and only the holder of the current
//! claim records its outcome.

use crate::db::{self, Batch, Db, DbError, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// Where a pushed event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Waiting for its first or next attempt (`next_at`).
    Pending,
    /// Claimed by a worker, being sent.
    Sending,
    /// Acknowledged by the system (any 2xx).
    Sent,
    /// Given up (attempts used up, 410, refused endpoint, system disabled); an administrator
    /// may replay it.
    Dead,
}

impl PushStatus {
    /// Every status, in the order the admin page offers them.
    pub const ALL: [PushStatus; 4] = [
        PushStatus::Pending,
        PushStatus::Sending,
        PushStatus::Sent,
        PushStatus::Dead,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PushStatus::Pending => "pending",
            PushStatus::Sending => "sending",
            PushStatus::Sent => "sent",
            PushStatus::Dead => "dead",
        }
    }

    /// The status called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            PushStatus::Pending => "待推送",
            PushStatus::Sending => "推送中",
            PushStatus::Sent => "已送达",
            PushStatus::Dead => "已放弃",
        }
    }

    /// Whether rows of this status wait in the worker's queue.
    pub fn queued(self) -> bool {
        matches!(self, PushStatus::Pending | PushStatus::Sending)
    }
}

/// One attempt, as the admin view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// When it started (ms).
    pub at_ms: i64,
    /// The node that made it.
    pub node: String,
    /// The HTTP status answered, if any.
    #[serde(default)]
    pub status: Option<u16>,
    /// What went wrong, if anything.
    #[serde(default)]
    pub error: Option<String>,
    /// How long it took (ms).
    pub duration_ms: i64,
}

/// How many attempts a row remembers (the latest ones).
pub const HISTORY_MAX: usize = 50;

/// A row of the outbox: one event for one system.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushRow {
    /// The event id (a UUID), also the record key.
    pub key: String,
    /// The matter's key.
    pub matter: String,
    /// The matter number.
    pub matter_no: String,
    /// The dispatch (node id).
    pub node: String,
    /// The target system's id, fixed when the event was planned.
    pub system: String,
    /// Its name then.
    pub system_name: String,
    /// The dispatch's unit.
    pub unit: String,
    /// The event type, e.g. `dispatch.created`.
    pub event_type: String,
    /// The per-matter sequence number.
    pub seq: u64,
    /// The event as planned (`lianban_sdk::api::Event`); material links are minted at send time.
    pub event: serde_json::Value,
    /// Status.
    pub status: PushStatus,
    /// Whether the worker still has work with it (pending, sending).
    pub queued: bool,
    /// Attempts since it was planned or last replayed.
    pub attempts: u32,
    /// Attempts allowed before it is dead.
    pub max_attempts: u32,
    /// Due time (ms): of the next attempt, or the end of the current claim.
    pub next_at: i64,
    /// The last failure, or why it is dead.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The latest attempts, oldest first (at most [`HISTORY_MAX`]).
    #[serde(default)]
    pub history: Vec<Attempt>,
    /// The current claim's token.
    #[serde(default)]
    pub claim: Option<String>,
    /// The node holding (or last holding) the claim.
    #[serde(default)]
    pub claimed_by: Option<String>,
    /// Planned (ms).
    pub created_ms: i64,
    /// Last change (ms).
    pub updated_ms: i64,
    /// Delivered (ms).
    #[serde(default)]
    pub sent_ms: Option<i64>,
    /// Sort key and cursor: creation time + key.
    pub sk: String,
}

/// Adds the statement that stores new `rows`.
pub fn add(batch: &mut Batch, rows: &[PushRow]) {
    if rows.is_empty() {
        return;
    }
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut row = json!(r);
            row["id"] = json!(r.key);
            row
        })
        .collect();
    batch.push("INSERT INTO push_event $rows", json!({ "rows": rows }));
}

/// The last sequence number issued for `matter` (0 when none).
pub async fn counter(db: &Db, matter: &str) -> DbResult<u64> {
    #[derive(Deserialize)]
    struct Row {
        n: u64,
    }
    let row: Option<Row> = db::row(
        db,
        "SELECT n FROM type::record('push_counter', $matter)",
        json!({ "matter": matter }),
    )
    .await?;
    Ok(row.map(|r| r.n).unwrap_or(0))
}

/// Adds the statement that records `n` as the last sequence number of `matter`. The command's
/// guarded matter update in the same batch keeps two commands from taking the same numbers.
pub fn add_counter(batch: &mut Batch, matter: &str, n: u64) {
    batch.push(
        "UPSERT type::record('push_counter', $matter) SET n = $n",
        json!({ "matter": matter, "n": n }),
    );
}

/// A due row, as the worker sees it before claiming.
#[derive(Debug, Clone, Deserialize)]
pub struct Due {
    /// The event id.
    pub key: String,
    /// The matter.
    pub matter: String,
    /// The system.
    pub system: String,
    /// The sequence number.
    pub seq: u64,
}

/// The due query: the `(queued, next_at)` index serves the equality, the range and the order,
/// with the limit pushed into the scan (see the EXPLAIN test).
pub const DUE_SQL: &str = "SELECT key, matter, system, seq FROM push_event WHERE queued = true AND next_at <= $now ORDER BY next_at ASC LIMIT $limit";

/// Up to `limit` rows due at `now_ms`, oldest due first.
pub async fn due(db: &Db, now_ms: i64, limit: usize) -> DbResult<Vec<Due>> {
    db::rows(db, DUE_SQL, json!({ "now": now_ms, "limit": limit })).await
}

/// The earliest row of the same matter and system before `seq` that still waits, if any: the
/// row at `seq` must not be sent before it.
#[derive(Debug, Clone, Deserialize)]
pub struct Blocker {
    /// Its sequence number.
    pub seq: u64,
    /// When it is due (or its claim ends).
    pub next_at: i64,
}

/// See [`Blocker`].
pub async fn blocker(db: &Db, due: &Due) -> DbResult<Option<Blocker>> {
    db::row(
        db,
        "SELECT seq, next_at FROM push_event WHERE matter = $matter AND system = $system \
         AND seq < $seq AND queued = true ORDER BY seq ASC LIMIT 1",
        json!({ "matter": due.matter, "system": due.system, "seq": due.seq }),
    )
    .await
}

/// Puts a waiting row off until `until_ms` (when the row ahead of it is due again).
pub async fn defer(db: &Db, key: &str, until_ms: i64) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('push_event', $key) SET next_at = $until \
         WHERE status = 'pending' AND next_at < $until",
        json!({ "key": key, "until": until_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// Makes the deferred rows of `matter` and `system` due at once (the row ahead of them is
/// settled).
pub async fn release(db: &Db, matter: &str, system: &str, now_ms: i64) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE push_event SET next_at = $now WHERE matter = $matter AND system = $system \
         AND status = 'pending' AND attempts = 0 AND next_at > $now",
        json!({ "matter": matter, "system": system, "now": now_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// A claim on one row.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// Unique token of this claim.
    pub token: &'a str,
    /// The claiming node.
    pub node: &'a str,
    /// Now (ms).
    pub now_ms: i64,
    /// When the claim expires (ms).
    pub until_ms: i64,
}

/// Claims row `key` if it is still due: marks it `sending` under `claim`, counts the attempt
/// and returns it. `None` when it is not due (any more) or another worker got it first.
pub async fn claim(db: &Db, key: &str, claim: &Claim<'_>) -> DbResult<Option<PushRow>> {
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('push_event', $key) SET status = 'sending', claim = $claim_token, \
         claimed_by = $node, attempts += 1, next_at = $until, updated_ms = $now \
         WHERE queued = true AND next_at <= $now RETURN AFTER",
        json!({ "key": key, "claim_token": claim.token, "node": claim.node, "now": claim.now_ms,
                "until": claim.until_ms }),
        "claim push",
    );
    match batch.commit(db).await {
        Ok(out) => first_row(out),
        Err(DbError::Conflict) => Ok(None),
        Err(e) => Err(e),
    }
}

fn first_row(out: Vec<serde_json::Value>) -> DbResult<Option<PushRow>> {
    out.into_iter()
        .next()
        .and_then(|v| match v {
            serde_json::Value::Array(mut a) if !a.is_empty() => Some(a.remove(0)),
            _ => None,
        })
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| DbError::Other(format!("decode: {e}")))
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered.
    Sent,
    /// Failed; another attempt is due at the given time (ms).
    Retry(String, i64),
    /// Failed for good.
    Dead(String),
}

/// Records the outcome of the attempt made under claim `token`, with the attempt itself in the
/// history; false when the claim was lost meanwhile (it expired and another worker took the
/// row), in which case nothing changes.
pub async fn settle(
    db: &Db,
    row: &PushRow,
    token: &str,
    outcome: &Outcome,
    attempt: &Attempt,
) -> DbResult<bool> {
    let now_ms = attempt.at_ms + attempt.duration_ms;
    let (status, error, next_at) = match outcome {
        Outcome::Sent => (PushStatus::Sent, None, now_ms),
        Outcome::Retry(e, at) => (PushStatus::Pending, Some(e.as_str()), *at),
        Outcome::Dead(e) => (PushStatus::Dead, Some(e.as_str()), now_ms),
    };
    let mut history = row.history.clone();
    history.push(attempt.clone());
    let drop = history.len().saturating_sub(HISTORY_MAX);
    history.drain(..drop);
    let sent = matches!(outcome, Outcome::Sent).then_some(now_ms);
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('push_event', $key) SET status = $status, queued = $queued, \
         last_error = $error, next_at = $next_at, sent_ms = $sent, history = $history, \
         updated_ms = $now WHERE claim = $claim_token AND status = 'sending' RETURN key",
        json!({ "key": row.key, "claim_token": token, "status": status,
                "queued": status.queued(), "error": error, "next_at": next_at, "sent": sent,
                "history": history, "now": now_ms }),
        "settle push",
    );
    match batch.commit(db).await {
        Ok(_) => Ok(true),
        Err(DbError::Conflict) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Puts a dead row back in the queue, due at once, with its attempts reset and `max_attempts`
/// allowed. Returns the row, or `None` when it is not dead.
pub async fn replay(
    db: &Db,
    key: &str,
    max_attempts: u32,
    now_ms: i64,
) -> DbResult<Option<PushRow>> {
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('push_event', $key) SET status = 'pending', queued = true, \
         next_at = $now, attempts = 0, max_attempts = $max, updated_ms = $now \
         WHERE status = 'dead' RETURN AFTER",
        json!({ "key": key, "max": max_attempts, "now": now_ms }),
        "replay push",
    );
    match batch.commit(db).await {
        Ok(out) => first_row(out),
        Err(DbError::Conflict) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One row.
pub async fn get(db: &Db, key: &str) -> DbResult<Option<PushRow>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('push_event', $key)",
        json!({ "key": key }),
    )
    .await
}

/// The system the events of dispatch `node` of `matter` went to last, with its name then.
pub async fn last_system(db: &Db, matter: &str, node: &str) -> DbResult<Option<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        system: String,
        system_name: String,
        node: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT system, system_name, node, seq FROM push_event WHERE matter = $matter ORDER BY seq DESC",
        json!({ "matter": matter }),
    )
    .await?;
    Ok(rows
        .into_iter()
        .find(|r| r.node == node)
        .map(|r| (r.system, r.system_name)))
}

/// Filters of the push log.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Only this status.
    pub status: Option<PushStatus>,
    /// Only this system.
    pub system: Option<String>,
    /// Only this matter number.
    pub matter_no: Option<String>,
}

/// The log query. Status and system combinations have their compound index ending in `sk`, so
/// every page is a backward index scan with the limit pushed down (see the EXPLAIN test); with
/// a matter number the `(matter_no, sk)` index alone is read and the other filters applied to
/// that matter's few rows.
pub fn log_sql(filter: &LogFilter) -> String {
    let mut conditions = String::new();
    if filter.matter_no.is_some() {
        return "SELECT * OMIT id FROM push_event WHERE matter_no = $matter_no AND sk < $before \
                ORDER BY sk DESC LIMIT 1000"
            .to_owned();
    }
    if filter.status.is_some() {
        conditions.push_str("status = $status AND ");
    }
    if filter.system.is_some() {
        conditions.push_str("system = $system AND ");
    }
    format!(
        "SELECT * OMIT id FROM push_event WHERE {conditions}sk < $before ORDER BY sk DESC LIMIT $limit"
    )
}

/// A page of the log, newest first, before cursor `before`; and whether more exist.
pub async fn page(
    db: &Db,
    filter: &LogFilter,
    before: Option<&str>,
    limit: usize,
) -> DbResult<(Vec<PushRow>, bool)> {
    let mut rows: Vec<PushRow> = db::rows(
        db,
        &log_sql(filter),
        json!({ "status": filter.status, "system": filter.system, "matter_no": filter.matter_no,
                "before": before.unwrap_or("9"), "limit": limit + 1 }),
    )
    .await?;
    if filter.matter_no.is_some() {
        rows.retain(|r| {
            filter.status.is_none_or(|s| r.status == s)
                && filter.system.as_ref().is_none_or(|s| &r.system == s)
        });
    }
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// The retention query of one finished status, a page after sort key `$from`: the
/// `(status, sk)` index serves the status and both bounds (`sk` starts with the creation time);
/// rows changed since the cutoff are left out (see the EXPLAIN test).
pub const EXPIRED_SQL: &str = "SELECT key, matter, node, seq, sk FROM push_event WHERE status = $status \
     AND sk > $from AND sk < $cut AND updated_ms < $cutoff ORDER BY sk ASC LIMIT $limit";

/// Deletes the rows of `status` made and last changed before `before_ms`, in batches; returns
/// how many. Rows the worker still works with (pending, sending) are never deleted: for those
/// statuses it deletes nothing. Nor is the newest row of each dispatch of a matter, whatever its
/// age: [`last_system`] reads it to address the dispatch's next events when the registry no
/// longer names a system for its unit. (The order of a matter's events needs no old row: the
/// numbers come from `push_counter`, and only rows still queued hold later ones back.)
pub async fn prune(db: &Db, status: PushStatus, before_ms: i64) -> DbResult<usize> {
    #[derive(Deserialize)]
    struct Candidate {
        key: String,
        matter: String,
        node: String,
        seq: u64,
        sk: String,
    }
    if status.queued() {
        return Ok(0);
    }
    let limit = db::DELETE_BATCH;
    let mut from = String::new();
    let mut deleted = 0;
    loop {
        let page: Vec<Candidate> = db::rows(
            db,
            EXPIRED_SQL,
            json!({ "status": status, "from": from, "cut": format!("{before_ms:013}"),
                    "cutoff": before_ms, "limit": limit }),
        )
        .await?;
        let Some(last) = page.last() else {
            return Ok(deleted);
        };
        from.clone_from(&last.sk);
        let matters: BTreeSet<&str> = page.iter().map(|c| c.matter.as_str()).collect();
        let newest = newest_per_dispatch(db, &matters).await?;
        let keys: Vec<&str> = page
            .iter()
            .filter(|c| {
                newest
                    .get(&(c.matter.clone(), c.node.clone()))
                    .is_some_and(|n| *n > c.seq)
            })
            .map(|c| c.key.as_str())
            .collect();
        if !keys.is_empty() {
            let mut batch = Batch::new();
            batch.push(
                "DELETE array::map($keys, |$k| type::record('push_event', $k)) \
                 WHERE status = $status AND updated_ms < $cutoff RETURN VALUE $before.id",
                json!({ "keys": keys, "status": status, "cutoff": before_ms }),
            );
            match batch.commit(db).await {
                Ok(out) => deleted += out.first().and_then(|v| v.as_array()).map_or(0, Vec::len),
                // Another node is pruning the same rows.
                Err(DbError::Conflict) => return Ok(deleted),
                Err(e) => return Err(e),
            }
        }
        if page.len() < limit {
            return Ok(deleted);
        }
    }
}

/// The highest `seq` of each dispatch `(matter, node)` of `matters`, read through the
/// `(matter, system, seq)` index.
async fn newest_per_dispatch(
    db: &Db,
    matters: &BTreeSet<&str>,
) -> DbResult<HashMap<(String, String), u64>> {
    #[derive(Deserialize)]
    struct Row {
        matter: String,
        node: String,
        seq: u64,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT matter, node, seq FROM push_event WHERE matter IN $matters",
        json!({ "matters": matters }),
    )
    .await?;
    let mut newest = HashMap::new();
    for r in rows {
        let seq = newest.entry((r.matter, r.node)).or_insert(r.seq);
        *seq = (*seq).max(r.seq);
    }
    Ok(newest)
}
