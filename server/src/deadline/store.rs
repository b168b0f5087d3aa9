//! Persistence of fired warning tiers: `deadline_alert`, one record per (matter, clock, round,
//! tier) with that array as its record id, so the same tier cannot be recorded twice — a second
//! node's identical `CREATE` fails and its transaction is cancelled. Other modules call these
//! functions, never the table.

use crate::db::{self, Batch, Db, DbResult};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// One fired tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRow {
    /// The matter key.
    pub matter: String,
    /// The clock: `matter` or `dispatch:<node>`.
    pub scope: String,
    /// The clock's round.
    pub round: u32,
    /// The tier's id.
    pub tier: String,
    /// The tier's label when it fired.
    pub label: String,
    /// Its colour (`blue` …).
    pub color: String,
    /// The due time of the limit then (ms).
    pub due_ms: i64,
    /// When it fired (ms).
    pub at_ms: i64,
    /// How many people were told (0 when a later tier of the same clock fired in the same scan
    /// and was told instead).
    pub told: u32,
}

impl AlertRow {
    /// The identity of the alert: (scope, round, tier).
    pub fn key(&self) -> (String, u32, String) {
        (self.scope.clone(), self.round, self.tier.clone())
    }
}

/// Adds the creation of `alert` under its deterministic id; the batch fails if it exists.
pub fn add_alert(batch: &mut Batch, alert: &AlertRow) {
    batch.push(
        "CREATE type::record('deadline_alert', [$a.matter, $a.scope, $a.round, $a.tier]) CONTENT $a",
        json!({ "a": alert }),
    );
}

/// The identities (scope, round, tier) of the tiers fired for each of `matters`.
pub async fn fired_of(
    db: &Db,
    matters: &[String],
) -> DbResult<HashMap<String, HashSet<(String, u32, String)>>> {
    let rows: Vec<AlertRow> = db::rows(
        db,
        "SELECT * OMIT id FROM deadline_alert WHERE matter IN $matters",
        json!({ "matters": matters }),
    )
    .await?;
    let mut out: HashMap<String, HashSet<(String, u32, String)>> = HashMap::new();
    for row in rows {
        out.entry(row.matter.clone()).or_default().insert(row.key());
    }
    Ok(out)
}

/// The tiers fired for a matter, oldest first.
pub async fn alerts(db: &Db, matter: &str) -> DbResult<Vec<AlertRow>> {
    db::rows(
        db,
        "SELECT * OMIT id FROM deadline_alert WHERE matter = $matter ORDER BY at_ms, scope, round, tier",
        json!({ "matter": matter }),
    )
    .await
}
