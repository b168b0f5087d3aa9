//! Sessions: the cookie carries a random token; the table keeps only its SM3 hash.

use crate::db::{self, Batch, Db, DbResult};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::Deserialize;
use serde_json::json;
use sm3::{Digest, Sm3};

/// A stored session.
#[derive(Debug, Clone, Deserialize)]
pub struct SessionRow {
    /// Its user.
    pub username: String,
    /// Last request time (ms).
    pub last_seen_ms: i64,
}

/// A new random token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn token_key(token: &str) -> String {
    hex(&Sm3::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a session for `username`.
pub async fn create(db: &Db, token: &str, username: &str, now_ms: i64) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "CREATE type::record('session', $key) SET username = $user, created_ms = $now, last_seen_ms = $now",
        json!({ "key": token_key(token), "user": username, "now": now_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// The session for a token, if any.
pub async fn find(db: &Db, token: &str) -> DbResult<Option<SessionRow>> {
    db::row(
        db,
        "SELECT username, last_seen_ms FROM type::record('session', $key)",
        json!({ "key": token_key(token) }),
    )
    .await
}

/// Marks the session as used now.
pub async fn touch(db: &Db, token: &str, now_ms: i64) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('session', $key) SET last_seen_ms = $now",
        json!({ "key": token_key(token), "now": now_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// Ends a session.
pub async fn delete(db: &Db, token: &str) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "DELETE type::record('session', $key)",
        json!({ "key": token_key(token) }),
    );
    batch.commit(db).await.map(|_| ())
}
