//! The in-app list (`notification`): one row per notification a user sees in the bell, keyed by
//! the notification id, ordered by `sk` (creation time + id) on the `(username, sk)` index.

use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A stored notification, as the in-app list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NotificationItem {
    /// Id (the notification id, shared with its deliveries).
    pub id: String,
    /// Recipient.
    pub username: String,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Matter id (opens the matter page).
    pub matter_id: String,
    /// The task it is about (new tasks and urgings), to focus on the matter page.
    #[serde(default)]
    pub task_id: Option<u32>,
    /// Read or not.
    pub read: bool,
    /// When (ms).
    pub at_ms: i64,
    /// Sort key and cursor.
    pub sk: String,
}

impl NotificationItem {
    /// A new unread item made at `at_ms`.
    pub fn new(id: String, username: String, kind: &str, at_ms: i64) -> Self {
        Self {
            sk: format!("{at_ms:013}:{id}"),
            id,
            username,
            kind: kind.to_owned(),
            title: String::new(),
            body: String::new(),
            matter_id: String::new(),
            task_id: None,
            read: false,
            at_ms,
        }
    }
}

/// Adds the statement that stores `items`.
pub fn add(batch: &mut Batch, items: &[NotificationItem]) {
    if items.is_empty() {
        return;
    }
    let rows: Vec<serde_json::Value> = items
        .iter()
        .map(|i| {
            let mut row = json!(i);
            row["key"] = json!(i.id);
            row
        })
        .collect();
    batch.push("INSERT INTO notification $rows", json!({ "rows": rows }));
}

#[derive(Deserialize)]
struct Stored {
    key: String,
    username: String,
    kind: String,
    title: String,
    body: String,
    matter_id: String,
    #[serde(default)]
    task_id: Option<u32>,
    read: bool,
    at_ms: i64,
    sk: String,
}

impl From<Stored> for NotificationItem {
    fn from(i: Stored) -> Self {
        NotificationItem {
            id: i.key,
            username: i.username,
            kind: i.kind,
            title: i.title,
            body: i.body,
            matter_id: i.matter_id,
            task_id: i.task_id,
            read: i.read,
            at_ms: i.at_ms,
            sk: i.sk,
        }
    }
}

/// A page of a user's notifications, newest first, before cursor `before`.
pub async fn page(
    db: &Db,
    username: &str,
    before: Option<&str>,
    limit: usize,
) -> DbResult<(Vec<NotificationItem>, bool)> {
    let rows: Vec<Stored> = db::rows(
        db,
        "SELECT * OMIT id FROM notification WHERE username = $user AND sk < $before ORDER BY sk DESC LIMIT $limit",
        json!({ "user": username, "before": before.unwrap_or("9"), "limit": limit + 1 }),
    )
    .await?;
    let mut items: Vec<NotificationItem> = rows.into_iter().map(Into::into).collect();
    let more = items.len() > limit;
    items.truncate(limit);
    Ok((items, more))
}

/// How many unread notifications a user has.
pub async fn unread(db: &Db, username: &str) -> DbResult<i64> {
    #[derive(Deserialize)]
    struct Row {
        n: i64,
    }
    let row: Option<Row> = db::row(
        db,
        "SELECT count() AS n FROM notification WHERE username = $user AND read = false GROUP ALL",
        json!({ "user": username }),
    )
    .await?;
    Ok(row.map(|r| r.n).unwrap_or(0))
}

/// Marks one of the user's notifications read; false if there is none with that id.
pub async fn mark_read(db: &Db, username: &str, id: &str) -> DbResult<bool> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('notification', $id) SET read = true WHERE username = $user RETURN key",
        json!({ "id": id, "user": username }),
    );
    let out = batch.commit(db).await?;
    Ok(out
        .first()
        .and_then(|v| v.as_array())
        .is_some_and(|a| !a.is_empty()))
}

/// Marks all of the user's notifications read.
pub async fn mark_all_read(db: &Db, username: &str) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE notification SET read = true WHERE username = $user AND read = false",
        json!({ "user": username }),
    );
    batch.commit(db).await.map(|_| ())
}
