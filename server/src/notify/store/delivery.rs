//! The delivery log (`delivery`): one row per notification and channel, written with the command
//! that caused it (transactional outbox), then claimed, sent and settled by the dispatcher.
//!
//! A row is *queued* while it waits (`pending`, `failed`) or is being sent (`sending`); `next_at`
//! is when it is due, and for a `sending` row when its claim expires, so a row whose sender died
//! becomes due again by itself. Claims and outcomes are conditional updates: a row is claimed by
//! one dispatcher at a time, and an outcome is written only by the holder of the current claim.

use crate::db::{self, Batch, Db, DbError, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first attempt.
    Pending,
    /// Claimed by a dispatcher, being sent.
    Sending,
    /// Delivered.
    Sent,
    /// An attempt failed; another is due at `next_at`.
    Failed,
    /// Given up (attempts used up, or a failure no retry can fix); an administrator may retry.
    Dead,
    /// Not sent on purpose: the user muted this kind on this channel, has no address on it, or
    /// its template could not be rendered (`last_error` says which).
    Skipped,
}

impl DeliveryStatus {
    /// Every status, in the order the admin page offers them.
    pub const ALL: [DeliveryStatus; 6] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Sending,
        DeliveryStatus::Sent,
        DeliveryStatus::Failed,
        DeliveryStatus::Dead,
        DeliveryStatus::Skipped,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Dead => "dead",
            DeliveryStatus::Skipped => "skipped",
        }
    }

    /// The status called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether rows of this status wait in the dispatcher's queue.
    pub fn queued(self) -> bool {
        matches!(
            self,
            DeliveryStatus::Pending | DeliveryStatus::Sending | DeliveryStatus::Failed
        )
    }
}

/// A row of the delivery log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryRow {
    /// Id: `<notification>-<channel>`.
    pub key: String,
    /// The notification.
    pub notification: String,
    /// Channel name.
    pub channel: String,
    /// Recipient.
    pub username: String,
    /// Recipient's address on the channel (empty when there is none).
    pub address: String,
    /// Event kind.
    pub kind: String,
    /// Rendered title.
    pub title: String,
    /// Rendered body.
    pub body: String,
    /// The matter.
    pub matter_id: String,
    /// The task, if any.
    #[serde(default)]
    pub task_id: Option<u32>,
    /// Status.
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: u32,
    /// Attempts allowed before the row is dead (raised by an administrator's retry).
    pub max_attempts: u32,
    /// The last failure (or why it was skipped).
    #[serde(default)]
    pub last_error: Option<String>,
    /// Due time (ms): of the next attempt, or the end of the current claim.
    pub next_at: i64,
    /// Whether the dispatcher still has work with it (pending, sending, failed).
    pub queued: bool,
    /// The current claim's token.
    #[serde(default)]
    pub claim: Option<String>,
    /// The node holding (or last holding) the claim.
    #[serde(default)]
    pub claimed_by: Option<String>,
    /// Created (ms).
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
pub fn add(batch: &mut Batch, rows: &[DeliveryRow]) {
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
    batch.push("INSERT INTO delivery $rows", json!({ "rows": rows }));
}

/// The due query of one channel: the `(queued, channel, next_at)` index serves the equalities,
/// the range and the order, with the limit pushed into the scan (see the EXPLAIN test).
pub const DUE_SQL: &str = "SELECT key FROM delivery WHERE queued = true AND channel = $channel AND next_at <= $now ORDER BY next_at ASC LIMIT $limit";

/// Ids of up to `limit` rows of `channel` due at `now_ms`, oldest due first.
pub async fn due(db: &Db, channel: &str, now_ms: i64, limit: usize) -> DbResult<Vec<String>> {
    #[derive(Deserialize)]
    struct Row {
        key: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        DUE_SQL,
        json!({ "channel": channel, "now": now_ms, "limit": limit }),
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.key).collect())
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
/// and returns it. `None` when it is not due (any more) or another dispatcher got it first.
pub async fn claim(db: &Db, key: &str, claim: &Claim<'_>) -> DbResult<Option<DeliveryRow>> {
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('delivery', $key) SET status = 'sending', claim = $claim_token, claimed_by = $node, \
         attempts += 1, next_at = $until, updated_ms = $now \
         WHERE queued = true AND next_at <= $now RETURN AFTER",
        json!({ "key": key, "claim_token": claim.token, "node": claim.node, "now": claim.now_ms,
                "until": claim.until_ms }),
        "claim delivery",
    );
    match batch.commit(db).await {
        Ok(out) => Ok(out
            .into_iter()
            .next()
            .and_then(|v| match v {
                serde_json::Value::Array(mut a) if !a.is_empty() => Some(a.remove(0)),
                _ => None,
            })
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| DbError::Other(format!("decode: {e}")))?),
        Err(DbError::Conflict) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The outcome of one attempt.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Delivered.
    Sent,
    /// Failed; another attempt is due at the given time (ms).
    Retry(String, i64),
    /// Failed for good.
    Dead(String),
}

/// Records the outcome of the attempt made under claim `token`; false when the claim was lost
/// meanwhile (it expired and another dispatcher took the row), in which case nothing changes.
pub async fn settle(
    db: &Db,
    key: &str,
    token: &str,
    outcome: &Outcome,
    now_ms: i64,
) -> DbResult<bool> {
    let (status, error, next_at) = match outcome {
        Outcome::Sent => (DeliveryStatus::Sent, None, now_ms),
        Outcome::Retry(e, at) => (DeliveryStatus::Failed, Some(e.as_str()), *at),
        Outcome::Dead(e) => (DeliveryStatus::Dead, Some(e.as_str()), now_ms),
    };
    let sent = matches!(outcome, Outcome::Sent).then_some(now_ms);
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('delivery', $key) SET status = $status, queued = $queued, \
         last_error = $error, next_at = $next_at, sent_ms = $sent, updated_ms = $now \
         WHERE claim = $claim_token AND status = 'sending' RETURN key",
        json!({ "key": key, "claim_token": token, "status": status, "queued": status.queued(),
                "error": error, "next_at": next_at, "sent": sent, "now": now_ms }),
        "settle delivery",
    );
    match batch.commit(db).await {
        Ok(_) => Ok(true),
        Err(DbError::Conflict) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Puts a `failed` or `dead` row back in the queue, due at once, with `more` attempts allowed
/// from here. Returns the row, or `None` when it is in another status.
pub async fn requeue(db: &Db, key: &str, more: u32, now_ms: i64) -> DbResult<Option<DeliveryRow>> {
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('delivery', $key) SET status = 'pending', queued = true, next_at = $now, \
         max_attempts = attempts + $more, updated_ms = $now \
         WHERE status IN ['failed', 'dead'] RETURN AFTER",
        json!({ "key": key, "more": more, "now": now_ms }),
        "requeue delivery",
    );
    match batch.commit(db).await {
        Ok(_) => get(db, key).await,
        Err(DbError::Conflict) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One row.
pub async fn get(db: &Db, key: &str) -> DbResult<Option<DeliveryRow>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('delivery', $key)",
        json!({ "key": key }),
    )
    .await
}

/// Filters of the delivery log.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Only this status.
    pub status: Option<DeliveryStatus>,
    /// Only this channel.
    pub channel: Option<String>,
}

/// The log query: each filter combination has its compound index ending in `sk`
/// (`delivery_log`, `delivery_status`, `delivery_channel`, `delivery_status_channel`), so every
/// page is a backward index scan with the limit pushed down (see the EXPLAIN test).
pub fn log_sql(filter: &LogFilter) -> String {
    let mut conditions = String::new();
    if filter.status.is_some() {
        conditions.push_str("status = $status AND ");
    }
    if filter.channel.is_some() {
        conditions.push_str("channel = $channel AND ");
    }
    format!(
        "SELECT * OMIT id FROM delivery WHERE {conditions}sk < $before ORDER BY sk DESC LIMIT $limit"
    )
}

/// A page of the log, newest first, before cursor `before`; and whether more exist.
pub async fn page(
    db: &Db,
    filter: &LogFilter,
    before: Option<&str>,
    limit: usize,
) -> DbResult<(Vec<DeliveryRow>, bool)> {
    let mut rows: Vec<DeliveryRow> = db::rows(
        db,
        &log_sql(filter),
        json!({ "status": filter.status, "channel": filter.channel,
                "before": before.unwrap_or("9"), "limit": limit + 1 }),
    )
    .await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    Ok((rows, more))
}

/// The retention query of one finished status: the `(status, sk)` index serves the status and
/// the creation bound (`sk` starts with the creation time); rows changed since the cutoff are
/// kept (see the EXPLAIN test).
pub const EXPIRED_SQL: &str = "SELECT VALUE id FROM delivery WHERE status = $status AND sk < $cut \
     AND updated_ms < $cutoff ORDER BY sk ASC LIMIT $limit";

/// Deletes the rows of `status` made and last changed before `before_ms`, in batches; returns
/// how many. Rows the dispatcher still works with (pending, sending, failed) are never deleted:
/// for those statuses it deletes nothing.
pub async fn prune(db: &Db, status: DeliveryStatus, before_ms: i64) -> DbResult<usize> {
    if status.queued() {
        return Ok(0);
    }
    db::delete_batches(
        db,
        EXPIRED_SQL,
        json!({ "status": status, "cut": format!("{before_ms:013}"), "cutoff": before_ms }),
        db::DELETE_BATCH,
    )
    .await
}
