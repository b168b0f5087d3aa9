//! Deadlines (时效) and warnings (预警): where each live matter and each of its active dispatches
//! stands against its time limit, and the warning tiers that fire as the clock moves. Owns the
//! table `deadline_alert` (one record per tier fired, keyed by matter, clock, round and tier).
//!
//! The arithmetic is pure and lives in `lianban_runtime::deadline` (which clocks run, their
//! pauses and rounds, when a tier is reached, who hears of it) over the cached working calendar
//! ([`crate::calendar::CalendarCache`]). This module:
//! - shows the due dates and current tiers on the matter page ([`views`]); a due date that
//!   reaches a year without calendar data is shown as 无法计算（缺少2027年日历） and the year is
//!   noted for the administrators;
//! - scans the live matters ([`scan`]): every newly reached tier is written as an alert whose
//!   record id is deterministic, in the same transaction as the matter's timeline entry, its
//!   work-list colours and the notifications, so several nodes scanning at once fire each tier
//!   exactly once (the second write fails and is re-read as done);
//! - keeps on each matter when its next tier is due (`check_ms`, 0 after every change), so the
//!   scan every minute reads only the matters due for a look, on an index; a scan is full (every
//!   live matter) on a node's first scan, when its calendar changed, and once an hour;
//! - runs the scan every minute on each node ([`spawn_scanner`]), and in test mode offers
//!   `POST /api/test/clock` to move the clock and scan at once ([`test_router`]).

mod routes;
mod scan;
pub mod store;
mod view;
mod write;

pub use routes::test_router;
pub use scan::{ScanMemo, ScanReport, scan, spawn_scanner};
pub use view::{DeadlineView, TierView, Views, page_views, views};

use jiff::Timestamp;
use lianban_definition::limit::TierColor;
use serde::{Deserialize, Serialize};

/// The latest tier fired for one clock of a matter, kept on the matter document so its work-list
/// rows show the colour (see `worklist::items_of`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierMark {
    /// The clock's round (a dispatch's handling round; 0 for the matter).
    pub round: u32,
    /// The tier's id.
    pub tier: String,
    /// Its colour.
    pub color: TierColor,
}

/// A due time as shown in texts: `2026-03-05 17:30` (China Standard Time).
pub fn fmt_due(ts: Timestamp) -> String {
    ts.to_zoned_datetime(crate::tz())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}
