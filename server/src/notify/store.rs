//! Persistence of notifications.

use super::Note;
use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A stored notification, as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NotificationItem {
    /// Id.
    pub id: String,
    /// Recipient.
    #[serde(skip_serializing)]
    pub username: String,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Matter id (opens the matter page).
    pub matter_id: String,
    /// Read or not.
    pub read: bool,
    /// When (ms).
    pub at_ms: i64,
    /// Sort key and cursor.
    #[serde(skip_serializing)]
    pub sk: String,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    key: &'a str,
    username: &'a str,
    kind: &'a str,
    title: &'a str,
    body: &'a str,
    matter_id: &'a str,
    read: bool,
    at_ms: i64,
    sk: &'a str,
}

/// Adds the statements that store `notes`; returns them as items to publish after the commit.
pub fn add(batch: &mut Batch, notes: &[Note], now_ms: i64) -> Vec<NotificationItem> {
    let items: Vec<NotificationItem> = notes
        .iter()
        .map(|n| {
            let id = uuid::Uuid::now_v7().simple().to_string();
            NotificationItem {
                sk: format!("{now_ms:013}:{id}"),
                id,
                username: n.username.clone(),
                kind: n.kind.to_owned(),
                title: n.title.clone(),
                body: n.body.clone(),
                matter_id: n.matter.clone(),
                read: false,
                at_ms: now_ms,
            }
        })
        .collect();
    if !items.is_empty() {
        let rows: Vec<Row<'_>> = items
            .iter()
            .map(|i| Row {
                id: &i.id,
                key: &i.id,
                username: &i.username,
                kind: &i.kind,
                title: &i.title,
                body: &i.body,
                matter_id: &i.matter_id,
                read: false,
                at_ms: i.at_ms,
                sk: &i.sk,
            })
            .collect();
        batch.push("INSERT INTO notification $rows", json!({ "rows": rows }));
    }
    items
}

#[derive(Deserialize)]
struct Stored {
    key: String,
    username: String,
    kind: String,
    title: String,
    body: String,
    matter_id: String,
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
