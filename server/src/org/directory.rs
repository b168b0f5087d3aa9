//! The organisation as the runtime's [`Directory`]: a snapshot of who holds which post, who has
//! which role, which unit is whose parent and which units have an enabled external system
//! (受办分离), read before a command runs (the runtime itself never reads the database).

use crate::db::{self, Db, DbResult};
use lianban_definition::{PostCode, UnitCode, UserName};
use lianban_runtime::Directory;
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// A read-only snapshot of the organisation.
#[derive(Debug, Default, Clone)]
pub struct OrgDirectory {
    /// (unit, post) → holders, by user name.
    holders: BTreeMap<(String, String), Vec<UserName>>,
    /// role → users, by user name.
    roles: BTreeMap<String, Vec<UserName>>,
    /// unit → parent.
    parents: BTreeMap<String, String>,
    /// Units with an enabled external system (对接系统) that handles their dispatches.
    external_units: BTreeSet<String>,
}

impl OrgDirectory {
    /// Reads the snapshot.
    pub async fn load(db: &Db) -> DbResult<Self> {
        #[derive(Deserialize)]
        struct Holding {
            username: String,
            unit: String,
            post: String,
        }
        #[derive(Deserialize)]
        struct User {
            username: String,
            #[serde(default)]
            roles: Vec<String>,
        }
        #[derive(Deserialize)]
        struct Unit {
            code: String,
            parent: Option<String>,
        }
        let holdings: Vec<Holding> = db::rows(
            db,
            "SELECT username, unit, post FROM holding ORDER BY username",
            json!({}),
        )
        .await?;
        let users: Vec<User> = db::rows(
            db,
            "SELECT username, roles FROM user ORDER BY username",
            json!({}),
        )
        .await?;
        let units: Vec<Unit> = db::rows(db, "SELECT code, parent FROM unit", json!({})).await?;
        let mut out = Self::default();
        for h in holdings {
            out.holders
                .entry((h.unit, h.post))
                .or_default()
                .push(UserName::new(h.username));
        }
        for u in users {
            for role in u.roles {
                out.roles
                    .entry(role)
                    .or_default()
                    .push(UserName::new(u.username.as_str()));
            }
        }
        for unit in units {
            if let Some(parent) = unit.parent {
                out.parents.insert(unit.code, parent);
            }
        }
        out.external_units = crate::external::enabled_units(db).await?;
        Ok(out)
    }
}

impl Directory for OrgDirectory {
    fn holders(&self, unit: &UnitCode, post: &PostCode) -> Vec<UserName> {
        self.holders
            .get(&(unit.to_string(), post.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    fn with_role(&self, role: &str) -> Vec<UserName> {
        self.roles.get(role).cloned().unwrap_or_default()
    }

    fn parent(&self, unit: &UnitCode) -> Option<UnitCode> {
        self.parents.get(unit.as_str()).map(UnitCode::new)
    }

    fn has_external_system(&self, unit: &UnitCode) -> bool {
        self.external_units.contains(unit.as_str())
    }
}
