//! Persistence of units, users and holdings. Other modules call these functions, never the
//! tables.

use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A unit or department.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitRow {
    /// Code.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Parent code.
    pub parent: Option<String>,
    /// `unit` or `dept`.
    pub kind: String,
}

/// A user as stored (the password hash never leaves this module's callers in `auth`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRow {
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Home unit.
    pub unit: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Consecutive failed logins.
    #[serde(default)]
    pub failed_logins: i64,
    /// Locked until (ms since epoch), 0 = not locked.
    #[serde(default)]
    pub locked_until_ms: i64,
    /// The bound 浙政钉 account (`accountId`), the address of work notices.
    #[serde(default)]
    pub zwdd_account: Option<String>,
}

/// A post held by a user in a unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HoldingRow {
    /// The user.
    pub username: String,
    /// The unit.
    pub unit: String,
    /// The post code.
    pub post: String,
    /// The post's Chinese name.
    pub post_name: String,
}

/// Whether any unit exists (the demo world is seeded only into an empty database).
pub async fn is_empty(db: &Db) -> DbResult<bool> {
    let rows: Vec<serde_json::Value> =
        db::rows(db, "SELECT code FROM unit LIMIT 1", json!({})).await?;
    Ok(rows.is_empty())
}

/// Adds statements that create a unit.
pub fn add_unit(batch: &mut Batch, unit: &UnitRow) {
    batch.push(
        "CREATE type::record('unit', $u.code) CONTENT $u",
        json!({ "u": unit }),
    );
}

/// Adds statements that create a user.
pub fn add_user(batch: &mut Batch, user: &UserRow) {
    batch.push(
        "CREATE type::record('user', $u.username) CONTENT $u",
        json!({ "u": user }),
    );
}

/// Adds statements that let `username` hold `post` in `unit`.
pub fn add_holding(batch: &mut Batch, holding: &HoldingRow) {
    batch.push("CREATE holding CONTENT $h", json!({ "h": holding }));
}

/// All units, parents before children as stored.
pub async fn units(db: &Db) -> DbResult<Vec<UnitRow>> {
    db::rows(
        db,
        "SELECT code, name, parent, kind FROM unit ORDER BY code",
        json!({}),
    )
    .await
}

/// One unit's name, or the code itself if unknown.
pub async fn unit_names(db: &Db, codes: &[String]) -> DbResult<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT code, name FROM unit WHERE code IN $codes",
        json!({ "codes": codes }),
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// The user with this login name.
pub async fn user(db: &Db, username: &str) -> DbResult<Option<UserRow>> {
    db::row(
        db,
        "SELECT * OMIT id FROM type::record('user', $name)",
        json!({ "name": username }),
    )
    .await
}

/// Users of a unit (or all users when `unit` is `None`), as (username, display name, unit).
pub async fn users(db: &Db, unit: Option<&str>) -> DbResult<Vec<(String, String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        username: String,
        display_name: String,
        unit: String,
    }
    let rows: Vec<Row> = match unit {
        Some(unit) => db::rows(
            db,
            "SELECT username, display_name, unit FROM user WHERE unit = $unit ORDER BY username",
            json!({ "unit": unit }),
        )
        .await?,
        None => {
            db::rows(
                db,
                "SELECT username, display_name, unit FROM user ORDER BY username",
                json!({}),
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| (r.username, r.display_name, r.unit))
        .collect())
}

/// Display names for these users.
pub async fn display_names(db: &Db, usernames: &[String]) -> DbResult<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        username: String,
        display_name: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT username, display_name FROM user WHERE username IN $names",
        json!({ "names": usernames }),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.username, r.display_name))
        .collect())
}

/// The bound 浙政钉 accounts of these users, as (username, accountId); users without one are
/// left out.
pub async fn zwdd_accounts(db: &Db, usernames: &[String]) -> DbResult<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        username: String,
        zwdd_account: Option<String>,
    }
    if usernames.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT username, zwdd_account FROM user WHERE username IN $names",
        json!({ "names": usernames }),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.username, r.zwdd_account.filter(|a| !a.is_empty())?)))
        .collect())
}

/// The posts a user holds.
pub async fn holdings(db: &Db, username: &str) -> DbResult<Vec<HoldingRow>> {
    db::rows(
        db,
        "SELECT username, unit, post, post_name FROM holding WHERE username = $name",
        json!({ "name": username }),
    )
    .await
}

/// The users holding `post` in `unit` (a pool's members).
pub async fn pool_members(db: &Db, unit: &str, post: &str) -> DbResult<Vec<String>> {
    #[derive(Deserialize)]
    struct Row {
        username: String,
    }
    let rows: Vec<Row> = db::rows(
        db,
        "SELECT username FROM holding WHERE unit = $unit AND post = $post",
        json!({ "unit": unit, "post": post }),
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.username).collect())
}

/// Whether anybody holds `post` in any unit.
pub async fn post_exists(db: &Db, post: &str) -> DbResult<bool> {
    let rows: Vec<serde_json::Value> = db::rows(
        db,
        "SELECT username FROM holding WHERE post = $post LIMIT 1",
        json!({ "post": post }),
    )
    .await?;
    Ok(!rows.is_empty())
}

/// The distinct posts held anywhere, as (code, Chinese name), for the designer's pickers.
pub async fn posts(db: &Db) -> DbResult<Vec<(String, String)>> {
    #[derive(Deserialize)]
    struct Row {
        post: String,
        post_name: String,
    }
    let rows: Vec<Row> = db::rows(db, "SELECT post, post_name FROM holding", json!({})).await?;
    let mut out: Vec<(String, String)> = Vec::new();
    for row in rows {
        if !out.iter().any(|(code, _)| code == &row.post) {
            out.push((row.post, row.post_name));
        }
    }
    out.sort();
    Ok(out)
}

/// Records a failed login: increments the counter and locks when it reaches `max`.
pub async fn record_failed_login(
    db: &Db,
    username: &str,
    max: i64,
    lock_until_ms: i64,
) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('user', $name) SET failed_logins += 1;
         UPDATE type::record('user', $name) SET locked_until_ms = $until, failed_logins = 0
             WHERE failed_logins >= $max;",
        json!({ "name": username, "max": max, "until": lock_until_ms }),
    );
    batch.commit(db).await.map(|_| ())
}

/// Clears failed logins and any lock after a successful login.
pub async fn record_successful_login(db: &Db, username: &str) -> DbResult<()> {
    let mut batch = Batch::new();
    batch.push(
        "UPDATE type::record('user', $name) SET failed_logins = 0, locked_until_ms = 0",
        json!({ "name": username }),
    );
    batch.commit(db).await.map(|_| ())
}
