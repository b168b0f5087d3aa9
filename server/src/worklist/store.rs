//! Persistence of work-list rows and their counters.

use super::{Item, Names, items_of};
use crate::db::{self, Batch, Db, DbResult};
use crate::matter::store::MatterDoc;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Adds the statements that move the rows of a matter from its `before` state to its `after`
/// state (either may be absent: creation, deletion), and adjust the counters.
pub fn add_sync(
    batch: &mut Batch,
    before: Option<&MatterDoc>,
    after: Option<&MatterDoc>,
    names: &Names,
) {
    let old = before.map(|d| items_of(d, names)).unwrap_or_default();
    let new = after.map(|d| items_of(d, names)).unwrap_or_default();
    if let Some(doc) = before.or(after) {
        batch.push(
            "DELETE work_item WHERE matter = $key",
            json!({ "key": doc.key }),
        );
    }
    if !new.is_empty() {
        batch.push("INSERT INTO work_item $rows", json!({ "rows": new }));
    }
    let mut delta: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for item in &old {
        *delta.entry((&item.owner, &item.list)).or_default() -= 1;
    }
    for item in &new {
        *delta.entry((&item.owner, &item.list)).or_default() += 1;
    }
    for ((owner, list), d) in delta.into_iter().filter(|(_, d)| *d != 0) {
        batch.push(
            "UPSERT type::record('list_count', [$owner, $list]) SET n = (n ?? 0) + $d",
            json!({ "owner": owner, "list": list, "d": d }),
        );
    }
}

/// Filters of a list read.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Matter type code.
    pub type_code: Option<String>,
    /// Matter status (API name).
    pub status: Option<String>,
    /// Rows at or after this time (ms).
    pub from_ms: Option<i64>,
    /// Rows before this time (ms).
    pub to_ms: Option<i64>,
    /// Text in the title or number.
    pub keyword: Option<String>,
}

impl Filter {
    fn is_empty(&self) -> bool {
        self.type_code.is_none()
            && self.status.is_none()
            && self.keyword.is_none()
            && self.from_ms.is_none()
            && self.to_ms.is_none()
    }
}

/// The list query for one owner: the compound index `(owner, list, sk)` serves the equality,
/// the range `sk < $before` and the order (a backward scan); with no `{extra}` condition the
/// limit is pushed into the index scan. SurrealDB 3.3 takes one range bound into the index
/// access, the first one written, so the cursor bound comes first and a `from` date bound is
/// only added (as a filter, in `{extra}`) when it is used; an unused `sk >= ''` would turn the
/// plan into scan + filter + limit. The worklist EXPLAIN test holds this shape.
pub const LIST_SQL: &str = "SELECT * OMIT id FROM work_item WHERE owner = $owner AND list = $list AND sk < $before{extra} ORDER BY sk DESC LIMIT $limit";

fn list_sql(filter: &Filter) -> String {
    let mut extra = String::new();
    if filter.from_ms.is_some() {
        extra.push_str(" AND sk >= $after");
    }
    if filter.type_code.is_some() {
        extra.push_str(" AND type_code = $type_code");
    }
    if filter.status.is_some() {
        extra.push_str(" AND status = $status");
    }
    if filter.keyword.is_some() {
        extra.push_str(
            " AND (string::contains(title, $keyword) OR string::contains(number ?? '', $keyword))",
        );
    }
    LIST_SQL.replace("{extra}", &extra)
}

/// One page of a list for several owners (a user and their pools), newest first, after the
/// cursor `before` (an `sk`). Returns the rows and whether more exist.
pub async fn page(
    db: &Db,
    owners: &[String],
    list: &str,
    filter: &Filter,
    before: Option<&str>,
    limit: usize,
) -> DbResult<(Vec<Item>, bool)> {
    let sql = list_sql(filter);
    let before = match (before, filter.to_ms) {
        (Some(c), Some(to)) => c.to_owned().min(format!("{to:013}")),
        (Some(c), None) => c.to_owned(),
        (None, Some(to)) => format!("{to:013}"),
        (None, None) => "9".repeat(13),
    };
    let after = filter
        .from_ms
        .map(|f| format!("{f:013}"))
        .unwrap_or_default();
    let mut all: Vec<Item> = Vec::new();
    for owner in owners {
        let rows: Vec<Item> = db::rows(
            db,
            &sql,
            json!({ "owner": owner, "list": list, "before": before, "after": after,
                    "limit": limit + 1, "type_code": filter.type_code, "status": filter.status,
                    "keyword": filter.keyword }),
        )
        .await?;
        all.extend(rows);
    }
    all.sort_by(|a, b| b.sk.cmp(&a.sk));
    all.dedup_by(|a, b| a.sk == b.sk);
    let more = all.len() > limit;
    all.truncate(limit);
    Ok((all, more))
}

/// How many rows a list has for these owners: from the counters when unfiltered, else counted
/// (capped at `cap`).
pub async fn count(
    db: &Db,
    owners: &[String],
    list: &str,
    filter: &Filter,
    cap: usize,
) -> DbResult<usize> {
    #[derive(Deserialize)]
    struct Row {
        n: i64,
    }
    if filter.is_empty() {
        let mut total = 0;
        for owner in owners {
            let row: Option<Row> = db::row(
                db,
                "SELECT n FROM type::record('list_count', [$owner, $list])",
                json!({ "owner": owner, "list": list }),
            )
            .await?;
            total += row.map(|r| r.n).unwrap_or(0).max(0) as usize;
        }
        return Ok(total);
    }
    let (rows, _) = page(db, owners, list, filter, None, cap).await?;
    Ok(rows.len())
}
