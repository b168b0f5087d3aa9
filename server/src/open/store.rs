//! Persistence of the open API's replay and idempotency records: `open_nonce` (one record per
//! app key and nonce) and `open_idempotency` (one per app key and `Idempotency-Key`). Both are
//! keyed by `[app_key, …]` and created in a statement of their own, so when two nodes race,
//! exactly one creation succeeds.

use crate::db::{self, Batch, Db, DbError, DbResult};
use lianban_sdk::sign::WINDOW_SECS;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};

/// How long a nonce is remembered: twice the signature window (a request older than the window
/// is refused by its timestamp anyway).
pub const NONCE_KEEP_MS: i64 = 2 * WINDOW_SECS * 1000;
/// How long an answer is kept for replays.
pub const IDEMPOTENCY_KEEP_MS: i64 = 24 * 3600 * 1000;
/// How long a call may stay in flight before its record is taken as abandoned (the node died).
pub const IN_FLIGHT_LEASE_MS: i64 = 60 * 1000;
/// How often (at most) a node prunes old records.
const PRUNE_EVERY_MS: i64 = 60 * 1000;

/// Records deleted per transaction when pruning.
const PRUNE_BATCH: usize = 500;

static LAST_PRUNE_MS: AtomicI64 = AtomicI64::new(0);

/// Records `nonce` for `app_key` at `now_ms`; `false` when it was seen within
/// [`NONCE_KEEP_MS`] (or is being recorded by a concurrent call).
pub async fn remember_nonce(db: &Db, app_key: &str, nonce: &str, now_ms: i64) -> DbResult<bool> {
    prune(db, now_ms).await;
    let vars =
        json!({ "key": app_key, "nonce": nonce, "now": now_ms, "cutoff": now_ms - NONCE_KEEP_MS });
    let mut batch = Batch::new();
    batch.push(
        "CREATE type::record('open_nonce', [$key, $nonce]) SET at_ms = $now RETURN NONE",
        vars.clone(),
    );
    match batch.commit(db).await {
        Ok(_) => Ok(true),
        Err(DbError::Conflict) => Ok(false),
        Err(DbError::Duplicate(_)) => {
            // Seen, but perhaps so long ago that it was not pruned yet: such a record is reused.
            let mut batch = Batch::new();
            batch.push_guarded(
                "UPDATE type::record('open_nonce', [$key, $nonce]) SET at_ms = $now WHERE at_ms < $cutoff RETURN id",
                vars,
                "stale nonce",
            );
            match batch.commit(db).await {
                Ok(_) => Ok(true),
                Err(DbError::Conflict) => Ok(false),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// Deletes nonces and idempotency records past their keeping time, at most once a minute per
/// node. A failure is logged, not answered: pruning only saves space.
async fn prune(db: &Db, now_ms: i64) {
    let last = LAST_PRUNE_MS.load(Ordering::Relaxed);
    if (now_ms - last).abs() < PRUNE_EVERY_MS
        || LAST_PRUNE_MS
            .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return;
    }
    let expired = [
        (
            "SELECT VALUE id FROM open_nonce WHERE at_ms < $cutoff LIMIT $limit",
            now_ms - NONCE_KEEP_MS,
        ),
        (
            "SELECT VALUE id FROM open_idempotency WHERE created_ms < $cutoff LIMIT $limit",
            now_ms - IDEMPOTENCY_KEEP_MS,
        ),
    ];
    for (select, cutoff) in expired {
        if let Err(e) =
            db::delete_batches(db, select, json!({ "cutoff": cutoff }), PRUNE_BATCH).await
        {
            tracing::warn!(error = %e, "pruning open API records failed");
        }
    }
}

/// An idempotency record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    /// SHA-256 of method, path and query, and body of the first call.
    pub request_hash: String,
    /// `pending` while the first call runs, then `done`.
    pub state: String,
    /// When the (latest) run started (ms).
    pub started_ms: i64,
    /// When the record was created (ms).
    pub created_ms: i64,
    /// The answer's status (done).
    #[serde(default)]
    pub status: Option<u16>,
    /// The answer's content type (done).
    #[serde(default)]
    pub content_type: Option<String>,
    /// The answer's body, UTF-8 (done).
    #[serde(default)]
    pub body: Option<String>,
}

/// Whether a record may be taken over at `now_ms`: expired, or abandoned in flight.
pub fn stale(answer: &Answer, now_ms: i64) -> bool {
    answer.created_ms < now_ms - IDEMPOTENCY_KEEP_MS
        || (answer.state == "pending" && answer.started_ms < now_ms - IN_FLIGHT_LEASE_MS)
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claim {
    /// The key is ours: run the call.
    Run,
    /// Another call holds (or held) the key.
    Taken(Answer),
}

/// Claims `(app_key, key)` for a call with `hash` at `now_ms`.
pub async fn claim(db: &Db, app_key: &str, key: &str, hash: &str, now_ms: i64) -> DbResult<Claim> {
    let mut batch = Batch::new();
    batch.push(
        "CREATE type::record('open_idempotency', [$app, $key]) SET request_hash = $hash, \
         state = 'pending', started_ms = $now, created_ms = $now RETURN NONE",
        json!({ "app": app_key, "key": key, "hash": hash, "now": now_ms }),
    );
    match batch.commit(db).await {
        Ok(_) => Ok(Claim::Run),
        Err(DbError::Duplicate(_) | DbError::Conflict) => match get(db, app_key, key).await? {
            Some(answer) => Ok(Claim::Taken(answer)),
            // Deleted meanwhile (a failed first call): the caller may retry.
            None => Err(DbError::Conflict),
        },
        Err(e) => Err(e),
    }
}

/// Takes over a stale record (see [`stale`]) for a new run; `false` when another call took it
/// first.
pub async fn take_over(
    db: &Db,
    (app_key, key): (&str, &str),
    seen: &Answer,
    hash: &str,
    now_ms: i64,
) -> DbResult<bool> {
    let mut batch = Batch::new();
    batch.push_guarded(
        "UPDATE type::record('open_idempotency', [$app, $key]) SET request_hash = $hash, \
         state = 'pending', started_ms = $now, created_ms = $now, status = NONE, body = NONE, \
         content_type = NONE WHERE started_ms = $seen RETURN id",
        json!({ "app": app_key, "key": key, "hash": hash, "now": now_ms, "seen": seen.started_ms }),
        "idempotency take-over",
    );
    match batch.commit(db).await {
        Ok(_) => Ok(true),
        Err(DbError::Conflict) => Ok(false),
        Err(e) => Err(e),
    }
}

async fn get(db: &Db, app_key: &str, key: &str) -> DbResult<Option<Answer>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('open_idempotency', [$app, $key])",
        json!({ "app": app_key, "key": key }),
    )
    .await
}

/// Stores the answer of the run that started at `started_ms`.
pub async fn finish(
    db: &Db,
    (app_key, key): (&str, &str),
    started_ms: i64,
    (status, content_type, body): (u16, &str, &str),
) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('open_idempotency', [$app, $key]) SET state = 'done', status = $status, \
         content_type = $ct, body = $body WHERE started_ms = $started RETURN NONE",
        json!({ "app": app_key, "key": key, "status": status, "ct": content_type, "body": body, "started": started_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// Forgets the run that started at `started_ms` (it failed in a way a retry may cure).
pub async fn release(db: &Db, (app_key, key): (&str, &str), started_ms: i64) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "DELETE type::record('open_idempotency', [$app, $key]) WHERE started_ms = $started",
        json!({ "app": app_key, "key": key, "started": started_ms }),
    );
    batch.commit(db).await.map(|_| ())
}
