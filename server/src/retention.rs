//! Retention: the background job that keeps the delivery logs from growing forever. Each pass
//! deletes, in bounded batches and by the server's clock, the finished rows older than
//! configured (`LIANBAN_DELIVERY_RETENTION_DAYS`: sent and skipped notification deliveries, sent
//! pushes; `LIANBAN_DEAD_RETENTION_DAYS`: dead ones, which administrators replay), and the live
//! feed's rows after a day. The owning modules decide what is safe to delete (never a row still
//! being delivered); this module only runs them.
//!
//! Every node may run it: a pass deletes only what its selection finds at the time, and a batch
//! that collides with another node's deletion ends that table's pass.

use crate::AppState;
use crate::config::RetentionConfig;
use crate::db::DbResult;
use crate::external::push::store::{self as push, PushStatus};
use crate::notify::store::delivery::{self, DeliveryStatus};
use crate::notify::store::live;
use std::time::Duration;

/// How often a node runs a pass.
pub const EVERY: Duration = Duration::from_secs(3600);

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What one pass deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Notification deliveries (sent, skipped, dead).
    pub deliveries: usize,
    /// Pushes to units' own systems (sent, dead).
    pub pushes: usize,
    /// Rows of the live feed.
    pub live: usize,
}

/// The cutoff (ms) of a limit of `days` at `now_ms`; `None` for 0 (kept forever).
fn cutoff(now_ms: i64, days: u32) -> Option<i64> {
    (days > 0).then(|| now_ms - i64::from(days) * DAY_MS)
}

/// One pass at the server's current time.
///
/// Errors: database failures (what was deleted before stays deleted; the next pass goes on).
pub async fn run_once(state: &AppState) -> DbResult<Pruned> {
    let now_ms = state.clock.now_ms();
    let RetentionConfig {
        finished_days,
        dead_days,
    } = state.config.retention;
    let db = &state.db;
    let mut pruned = Pruned::default();
    if let Some(before) = cutoff(now_ms, finished_days) {
        for status in [DeliveryStatus::Sent, DeliveryStatus::Skipped] {
            pruned.deliveries += delivery::prune(db, status, before).await?;
        }
        pruned.pushes += push::prune(db, PushStatus::Sent, before).await?;
    }
    if let Some(before) = cutoff(now_ms, dead_days) {
        pruned.deliveries += delivery::prune(db, DeliveryStatus::Dead, before).await?;
        pruned.pushes += push::prune(db, PushStatus::Dead, before).await?;
    }
    pruned.live = live::prune(db, now_ms).await?;
    Ok(pruned)
}

/// Runs a pass now and then every [`EVERY`] in the background until the runtime ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        loop {
            ticks.tick().await;
            match run_once(&state).await {
                Ok(pruned) if pruned != Pruned::default() => {
                    tracing::info!(?pruned, "retention pass deleted old delivery rows");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention pass failed"),
            }
        }
    })
}
