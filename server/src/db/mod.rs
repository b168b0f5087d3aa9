//! SurrealDB access: connecting (embedded SurrealKV, memory, or a server), versioned migrations,
//! and the one way to write: a [`Batch`] of statements committed in one transaction, with
//! compare-and-set guards and a retry on conflicts.
//!
//! Modules own their tables: each `store.rs` adds its statements to a batch, so one command's
//! changes to several modules (matter, work items, notifications) commit or fail together.

mod migrate;

use crate::config::{Config, DbTarget};
use serde::de::DeserializeOwned;
use serde_json::Value;
use surrealdb::Surreal;
use surrealdb::engine::any::{Any, connect as any_connect};
use surrealdb::opt::auth::Root;

pub use migrate::migrate;

/// The database handle (cheap to clone).
pub type Db = Surreal<Any>;

/// Database failures.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Another transaction changed the same data; the command may be retried.
    #[error("transaction conflict")]
    Conflict,
    /// A unique index refused a duplicate.
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// The database could not run the request right now and nothing was written: e.g. a remote
    /// server refusing a new session on a connection that holds its maximum
    /// (`SURREAL_WEBSOCKET_MAX_ATTACHED_SESSIONS`, 256; every transaction takes one for its
    /// duration), answered "Method not allowed". Reads and uncommitted batches are retried.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else (connection, query, decoding).
    #[error("database: {0}")]
    Other(String),
}

impl DbError {
    fn from_sdk(err: surrealdb::Error) -> Self {
        Self::classify(err.to_string())
    }

    /// Sorts an SDK error by its text (the SDK exposes no stable kinds for these).
    fn classify(text: String) -> Self {
        if text.contains("can be retried") || text.contains("conflict") {
            DbError::Conflict
        } else if TRANSIENT.iter().any(|t| text.contains(t)) {
            DbError::Unavailable(text)
        } else if text.contains("already contains") || text.contains("already exists") {
            DbError::Duplicate(text)
        } else {
            DbError::Other(text)
        }
    }
}

/// Result alias.
pub type DbResult<T> = Result<T, DbError>;

/// Error texts of a request the server refused before running it (see [`DbError::Unavailable`]).
const TRANSIENT: &[&str] = &["Method not allowed"];

/// How often a transient failure is retried, and the first pause (doubled each time).
const TRANSIENT_ATTEMPTS: u32 = 6;
const TRANSIENT_PAUSE_MS: u64 = 50;

/// Runs `op` again while it fails with [`DbError::Unavailable`] (a few times, backing off).
async fn retry_transient<T, F, Fut>(mut op: F) -> DbResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = DbResult<T>>,
{
    let mut pause = TRANSIENT_PAUSE_MS;
    for attempt in 1.. {
        match op().await {
            Err(DbError::Unavailable(why)) if attempt < TRANSIENT_ATTEMPTS => {
                tracing::warn!(attempt, error = %why, "database unavailable; retrying");
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                pause *= 2;
            }
            other => return other,
        }
    }
    unreachable!("the loop returns")
}

/// Connects as configured and selects the namespace and database.
pub async fn connect(cfg: &Config) -> DbResult<Db> {
    let db = match &cfg.db {
        DbTarget::Embedded => {
            let dir = cfg.data_dir.join("db");
            std::fs::create_dir_all(&dir).map_err(|e| DbError::Other(e.to_string()))?;
            let dir = std::fs::canonicalize(&dir).map_err(|e| DbError::Other(e.to_string()))?;
            any_connect(format!("surrealkv://{}", dir.display()))
                .await
                .map_err(DbError::from_sdk)?
        }
        DbTarget::Memory => any_connect("mem://").await.map_err(DbError::from_sdk)?,
        DbTarget::Remote {
            endpoint,
            user,
            pass,
        } => {
            let db = any_connect(endpoint.as_str())
                .await
                .map_err(DbError::from_sdk)?;
            db.signin(Root {
                username: user.clone(),
                password: pass.clone(),
            })
            .await
            .map_err(DbError::from_sdk)?;
            db
        }
    };
    db.query(format!(
        "DEFINE NAMESPACE IF NOT EXISTS {ns}; USE NS {ns}; DEFINE DATABASE IF NOT EXISTS {dbn};",
        ns = cfg.namespace,
        dbn = cfg.database
    ))
    .await
    .map_err(DbError::from_sdk)?
    .check()
    .map_err(DbError::from_sdk)?;
    db.use_ns(cfg.namespace.clone())
        .use_db(cfg.database.clone())
        .await
        .map_err(DbError::from_sdk)?;
    Ok(db)
}

/// Runs a read query and decodes the rows of its first statement.
pub async fn rows<T: DeserializeOwned>(db: &Db, sql: &str, vars: Value) -> DbResult<Vec<T>> {
    let value = retry_transient(|| read(db, sql, vars.clone())).await?;
    decode_rows(value)
}

async fn read(db: &Db, sql: &str, vars: Value) -> DbResult<Value> {
    let mut response = db
        .query(sql)
        .bind(vars)
        .await
        .map_err(DbError::from_sdk)?
        .check()
        .map_err(DbError::from_sdk)?;
    let value: surrealdb::types::Value = response.take(0).map_err(DbError::from_sdk)?;
    Ok(value.into_json_value())
}

/// Like [`rows`], expecting at most one row.
pub async fn row<T: DeserializeOwned>(db: &Db, sql: &str, vars: Value) -> DbResult<Option<T>> {
    Ok(rows(db, sql, vars).await?.into_iter().next())
}

fn decode_rows<T: DeserializeOwned>(value: Value) -> DbResult<Vec<T>> {
    let list = match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    };
    list.into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| DbError::Other(format!("decode: {e}"))))
        .collect()
}

/// One statement of a batch.
#[derive(Debug, Clone)]
struct Stmt {
    sql: String,
    vars: Value,
    guard: Option<&'static str>,
}

/// Statements committed together in one transaction.
///
/// A *guarded* statement must return at least one row, otherwise the whole batch is cancelled
/// and [`DbError::Conflict`] returned: this is how a command checks that the record it read has
/// not changed since (`UPDATE … WHERE version = $expected`).
#[derive(Debug, Default, Clone)]
pub struct Batch {
    stmts: Vec<Stmt>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a statement.
    pub fn push(&mut self, sql: impl Into<String>, vars: Value) {
        self.stmts.push(Stmt {
            sql: sql.into(),
            vars,
            guard: None,
        });
    }

    /// Adds a statement that must affect at least one row; `what` names it in logs.
    pub fn push_guarded(&mut self, sql: impl Into<String>, vars: Value, what: &'static str) {
        self.stmts.push(Stmt {
            sql: sql.into(),
            vars,
            guard: Some(what),
        });
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.stmts.is_empty()
    }

    /// Commits every statement in one transaction. Returns the rows of each statement. A
    /// transient failure before the commit (nothing written) runs the batch again; one of the
    /// commit itself is not retried (it may have been applied) and answers as an error.
    pub async fn commit(self, db: &Db) -> DbResult<Vec<Value>> {
        retry_transient(|| self.clone().commit_once(db)).await
    }

    async fn commit_once(self, db: &Db) -> DbResult<Vec<Value>> {
        let tx = db.clone().begin().await.map_err(DbError::from_sdk)?;
        let mut results = Vec::with_capacity(self.stmts.len());
        for stmt in self.stmts {
            let outcome = async {
                let mut response = tx
                    .query(stmt.sql.as_str())
                    .bind(stmt.vars)
                    .await
                    .map_err(DbError::from_sdk)?
                    .check()
                    .map_err(DbError::from_sdk)?;
                let value: surrealdb::types::Value = response.take(0).map_err(DbError::from_sdk)?;
                Ok::<Value, DbError>(value.into_json_value())
            }
            .await;
            let value = match outcome {
                Ok(v) => v,
                Err(e) => {
                    let _ = tx.cancel().await;
                    return Err(e);
                }
            };
            if let Some(what) = stmt.guard {
                let empty = matches!(&value, Value::Array(a) if a.is_empty()) || value.is_null();
                if empty {
                    tracing::debug!(guard = what, "guard failed; cancelling transaction");
                    let _ = tx.cancel().await;
                    return Err(DbError::Conflict);
                }
            }
            results.push(value);
        }
        tx.commit().await.map_err(|e| match DbError::from_sdk(e) {
            DbError::Unavailable(why) => DbError::Other(format!("commit: {why}")),
            other => other,
        })?;
        Ok(results)
    }
}

/// Rows deleted per transaction by [`delete_batches`] and the retention passes.
pub const DELETE_BATCH: usize = 500;

/// Deletes old rows in bounded batches (retention). `select` picks the record ids of one batch
/// (`SELECT VALUE id FROM … LIMIT $limit`, its other parameters in `vars`); each batch is deleted
/// in a transaction of its own, the selection inside it, until a batch comes back short. Several
/// nodes may run it at once: a batch that conflicts with another node's ends this run (the other
/// node is deleting the same rows). Returns how many rows it deleted.
pub async fn delete_batches(db: &Db, select: &str, vars: Value, limit: usize) -> DbResult<usize> {
    let mut vars = vars;
    vars["limit"] = Value::from(limit);
    let sql = format!("DELETE ({select}) RETURN VALUE $before.id");
    let mut deleted = 0;
    loop {
        let mut batch = Batch::new();
        batch.push(sql.as_str(), vars.clone());
        let n = match batch.commit(db).await {
            Ok(out) => out.first().and_then(Value::as_array).map_or(0, Vec::len),
            Err(DbError::Conflict) => return Ok(deleted),
            Err(e) => return Err(e),
        };
        deleted += n;
        if n < limit {
            return Ok(deleted);
        }
    }
}

/// How many times a command is re-run after a conflict before giving up with 409.
pub const MAX_ATTEMPTS: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn errors_are_sorted_by_what_the_caller_can_do() {
        let kind = |t: &str| match DbError::classify(t.to_owned()) {
            DbError::Conflict => "conflict",
            DbError::Unavailable(_) => "unavailable",
            DbError::Duplicate(_) => "duplicate",
            DbError::Other(_) => "other",
        };
        assert_eq!(
            kind(
                "Failed to commit transaction due to a read or write conflict. This transaction can be retried"
            ),
            "conflict"
        );
        assert_eq!(kind("Method not allowed"), "unavailable");
        assert_eq!(
            kind("Database index `external_system_key` already contains 'k'"),
            "duplicate"
        );
        assert_eq!(kind("Parse error: unexpected token"), "other");
    }

    #[tokio::test]
    async fn transient_failures_are_retried_a_few_times_then_reported() {
        let calls = AtomicU32::new(0);
        let recovered = retry_transient(|| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < 2 {
                    Err(DbError::Unavailable("Method not allowed".into()))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(recovered.unwrap(), 2);

        calls.store(0, Ordering::SeqCst);
        let given_up: DbResult<()> = retry_transient(|| {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Err(DbError::Unavailable("Method not allowed".into())) }
        })
        .await;
        assert!(matches!(given_up, Err(DbError::Unavailable(_))));
        assert_eq!(calls.load(Ordering::SeqCst), TRANSIENT_ATTEMPTS);

        calls.store(0, Ordering::SeqCst);
        let other: DbResult<()> = retry_transient(|| {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Err(DbError::Other("boom".into())) }
        })
        .await;
        assert!(matches!(other, Err(DbError::Other(_))));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "other failures are not retried"
        );
    }
}
