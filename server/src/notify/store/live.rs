//! The live feed (`notify_live`): a copy of each new in-app list item, written with the command,
//! numbered after the commit, and read by every node for its SSE streams.
//!
//! A row is born with `seq` = 0. [`number`] gives the unnumbered rows the next numbers of the
//! counter record `notify_live_counter:seq` in one transaction: two nodes numbering at once both
//! write the counter, so one of them fails with a conflict and tries again later. Numbers
//! therefore follow the order in which numberings commit, and a reader that has seen number n
//! has seen every row up to n — the cursor never skips a row, whatever the nodes' clocks say.

use super::notification::NotificationItem;
use crate::db::{self, Batch, Db, DbError, DbResult};
use serde::Deserialize;
use serde_json::json;

/// How long a row stays in the feed (ms): a day, far more than any node lags behind.
pub const KEEP_MS: i64 = 24 * 3600 * 1000;

/// Adds the statement that puts `items` in the feed, unnumbered.
pub fn add(batch: &mut Batch, items: &[NotificationItem]) {
    if items.is_empty() {
        return;
    }
    let rows: Vec<serde_json::Value> = items
        .iter()
        .map(|i| {
            json!({ "id": i.id, "seq": 0, "username": i.username, "at_ms": i.at_ms, "sk": i.sk,
                    "item": i })
        })
        .collect();
    batch.push("INSERT INTO notify_live $rows", json!({ "rows": rows }));
}

/// The numbering: up to `$limit` unnumbered rows, oldest first, get the numbers after the
/// counter's, and the counter moves on. Returns how many rows it numbered.
pub const NUMBER_SQL: &str = "{
    LET $last = (SELECT VALUE n FROM ONLY type::record('notify_live_counter', 'seq')) ?? 0;
    LET $rows = (SELECT VALUE id FROM notify_live WHERE seq = 0 ORDER BY sk LIMIT $limit);
    FOR $i IN 0..array::len($rows) { UPDATE $rows[$i] SET seq = $last + $i + 1; };
    UPSERT type::record('notify_live_counter', 'seq') SET n = $last + array::len($rows);
    RETURN array::len($rows);
}";

/// Numbers up to `limit` unnumbered rows; how many it numbered. `Ok(0)` also when another node
/// was numbering at the same time (its transaction won; the rows are numbered by it or next
/// round).
pub async fn number(db: &Db, limit: usize) -> DbResult<usize> {
    let mut batch = Batch::new();
    batch.push(NUMBER_SQL, json!({ "limit": limit }));
    match batch.commit(db).await {
        Ok(out) => Ok(out.first().and_then(|v| v.as_u64()).unwrap_or(0) as usize),
        Err(DbError::Conflict) => Ok(0),
        Err(e) => Err(e),
    }
}

/// The last number given (0 before the first).
pub async fn last(db: &Db) -> DbResult<i64> {
    #[derive(Deserialize)]
    struct Row {
        n: i64,
    }
    let row: Option<Row> = db::row(
        db,
        "SELECT n FROM type::record('notify_live_counter', 'seq')",
        json!({}),
    )
    .await?;
    Ok(row.map(|r| r.n).unwrap_or(0))
}

/// A numbered feed row.
#[derive(Debug, Clone, Deserialize)]
pub struct LiveItem {
    /// Its number.
    pub seq: i64,
    /// The list item as the command wrote it.
    pub item: NotificationItem,
}

/// The reading query of a node: the `(seq, sk)` index serves the range, the order and the limit
/// (see the EXPLAIN test).
pub const AFTER_SQL: &str =
    "SELECT seq, item FROM notify_live WHERE seq > $after ORDER BY seq ASC LIMIT $limit";

/// Up to `limit` numbered rows after number `after`, in order.
pub async fn after(db: &Db, after: i64, limit: usize) -> DbResult<Vec<LiveItem>> {
    db::rows(db, AFTER_SQL, json!({ "after": after, "limit": limit })).await
}

/// The catching-up query of one stream: the `(username, seq)` index serves it.
pub const USER_AFTER_SQL: &str = "SELECT seq, item FROM notify_live WHERE username = $user AND seq > $after ORDER BY seq ASC LIMIT $limit";

/// Up to `limit` numbered rows of `username` after number `after`, in order.
pub async fn user_after(
    db: &Db,
    username: &str,
    after: i64,
    limit: usize,
) -> DbResult<Vec<LiveItem>> {
    db::rows(
        db,
        USER_AFTER_SQL,
        json!({ "user": username, "after": after, "limit": limit }),
    )
    .await
}

/// The retention query: rows made before `$cutoff`, through the `at_ms` index.
pub const EXPIRED_SQL: &str = "SELECT VALUE id FROM notify_live WHERE at_ms < $cutoff LIMIT $limit";

/// Deletes the rows made more than [`KEEP_MS`] before `now_ms`, in batches; returns how many.
pub async fn prune(db: &Db, now_ms: i64) -> DbResult<usize> {
    db::delete_batches(
        db,
        EXPIRED_SQL,
        json!({ "cutoff": now_ms - KEEP_MS }),
        db::DELETE_BATCH,
    )
    .await
}
