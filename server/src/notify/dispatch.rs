//! The dispatcher: delivers the outbox. Each round it takes the due rows of every channel this
//! node has, claims each one (a conditional update, so with several `lianban` nodes on one
//! database a row is sent by one node at a time), hands it to its channel and settles the
//! outcome: sent; failed and due again after an exponential backoff with jitter; or dead once
//! its attempts are used up or the failure is final. Time is the server's clock.
//!
//! [`spawn`] runs rounds in the background: after every command that queued deliveries
//! ([`Center::wake`]) and otherwise every `LIANBAN_NOTIFY_POLL_SECONDS`.

use super::channel::{Channel, Channels, Delivery, DeliveryError};
use super::store::delivery::{self, Claim, DeliveryRow, Outcome};
use crate::AppState;
use crate::config::NotifyConfig;
use crate::db::DbResult;
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a claim lasts (ms): longer than any channel's attempt may take. A row whose sender
/// died is due again when it ends.
pub const LEASE_MS: i64 = 120_000;

/// Rows taken per channel per round.
const ROUND: usize = 50;

/// Attempts made at once.
const PARALLEL: usize = 8;

/// When failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before a delivery is dead.
    pub max_attempts: u32,
    /// Delay after the first failure (ms); doubled after each further one.
    pub base_ms: i64,
    /// Longest delay (ms).
    pub cap_ms: i64,
}

impl RetryPolicy {
    /// The policy configured by `LIANBAN_NOTIFY_*`.
    pub fn from_config(c: &NotifyConfig) -> Self {
        Self {
            max_attempts: c.max_attempts,
            base_ms: c.retry_base_seconds * 1000,
            cap_ms: c.retry_max_seconds * 1000,
        }
    }

    /// The delay after failed attempt number `attempt` (1 for the first): `base · 2^(attempt−1)`,
    /// at most `cap`, then jittered to a point in its upper half chosen by `unit` ∈ [0, 1)
    /// ("equal jitter": never less than half the backoff, so retries stay spread out).
    pub fn delay_ms(&self, attempt: u32, unit: f64) -> i64 {
        let doubling = 1_i64 << attempt.saturating_sub(1).min(40);
        let backoff = self.base_ms.saturating_mul(doubling).min(self.cap_ms);
        let half = backoff / 2;
        half + ((backoff - half) as f64 * unit.clamp(0.0, 1.0)) as i64
    }

    /// What to record after an attempt of `row` (its `attempts` already counting this one) that
    /// ended with `result` at `now_ms`.
    pub fn outcome(
        &self,
        row: &DeliveryRow,
        result: Result<(), DeliveryError>,
        now_ms: i64,
        unit: f64,
    ) -> Outcome {
        match result {
            Ok(()) => Outcome::Sent,
            Err(e) if !e.retryable => Outcome::Dead(e.message),
            Err(e) if row.attempts >= row.max_attempts => Outcome::Dead(format!(
                "{}（已尝试{}次，不再重试）",
                e.message, row.attempts
            )),
            Err(e) => Outcome::Retry(e.message, now_ms + self.delay_ms(row.attempts, unit)),
        }
    }
}

/// The notification center of this node: its channels, the retry policy and the dispatcher's
/// wake-up signal.
#[derive(Clone)]
pub struct Center {
    /// The channels this node delivers over.
    pub channels: Channels,
    /// Retries.
    pub policy: RetryPolicy,
    wake: Arc<Notify>,
}

impl Center {
    /// A center with these channels.
    pub fn new(channels: Channels, policy: RetryPolicy) -> Self {
        Self {
            channels,
            policy,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Whether this node delivers over `channel`.
    pub fn enabled(&self, channel: &str) -> bool {
        self.channels.get(channel).is_some()
    }

    /// Tells the background dispatcher that deliveries were queued (call after the commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    async fn woken(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Delivered.
    pub sent: usize,
    /// Failed, to be retried.
    pub failed: usize,
    /// Given up.
    pub dead: usize,
    /// Rows another dispatcher claimed first, or whose claim expired before the outcome.
    pub missed: usize,
    /// Whether a channel had more due rows than one round takes.
    pub more: bool,
}

/// Delivers due rows; one per node (tests run several over one database).
pub struct Dispatcher {
    state: AppState,
    node: String,
}

impl Dispatcher {
    /// A dispatcher of node `node` (its name appears in the delivery log).
    pub fn new(state: AppState, node: impl Into<String>) -> Self {
        Self {
            state,
            node: node.into(),
        }
    }

    /// One round: every channel's due rows, claimed, attempted and settled.
    pub async fn run_once(&self) -> DbResult<Report> {
        let mut report = Report::default();
        for channel in self.state.notify.channels.iter() {
            let now_ms = self.state.clock.now_ms();
            let keys = delivery::due(&self.state.db, channel.name(), now_ms, ROUND).await?;
            report.more |= keys.len() == ROUND;
            let outcomes: Vec<DbResult<Option<Outcome>>> = futures::stream::iter(keys)
                .map(|key| self.attempt(channel, key))
                .buffer_unordered(PARALLEL)
                .collect()
                .await;
            for outcome in outcomes {
                match outcome? {
                    Some(Outcome::Sent) => report.sent += 1,
                    Some(Outcome::Retry(..)) => report.failed += 1,
                    Some(Outcome::Dead(_)) => report.dead += 1,
                    None => report.missed += 1,
                }
            }
        }
        Ok(report)
    }

    async fn attempt(&self, channel: &Arc<dyn Channel>, key: String) -> DbResult<Option<Outcome>> {
        let now = self.state.clock.now();
        let now_ms = now.as_millisecond();
        let token = uuid::Uuid::now_v7().simple().to_string();
        let claim = Claim {
            token: &token,
            node: &self.node,
            now_ms,
            until_ms: now_ms + LEASE_MS,
        };
        let Some(row) = delivery::claim(&self.state.db, &key, &claim).await? else {
            return Ok(None);
        };
        let d = delivery_of(&row, now);
        let result = channel.deliver(&d).await;
        if let Err(e) = &result {
            tracing::warn!(delivery = %key, channel = channel.name(), attempt = row.attempts,
                retryable = e.retryable, error = %e.message, "delivery failed");
        }
        let settled_ms = self.state.clock.now_ms();
        let outcome =
            self.state
                .notify
                .policy
                .outcome(&row, result, settled_ms, rand::random::<f64>());
        if delivery::settle(&self.state.db, &key, &token, &outcome, settled_ms).await? {
            Ok(Some(outcome))
        } else {
            tracing::warn!(delivery = %key, "claim expired before the outcome was recorded");
            Ok(None)
        }
    }
}

fn delivery_of(row: &DeliveryRow, now: jiff::Timestamp) -> Delivery {
    Delivery {
        id: row.key.clone(),
        notification: row.notification.clone(),
        username: row.username.clone(),
        address: row.address.clone(),
        kind: row.kind.clone(),
        title: row.title.clone(),
        body: row.body.clone(),
        matter_id: row.matter_id.clone(),
        task_id: row.task_id,
        created_ms: row.created_ms,
        now,
    }
}

/// Runs the dispatcher of this node in the background until the runtime ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    let node = format!("node-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let poll = Duration::from_secs(state.config.notify.poll_seconds);
    tokio::spawn(async move {
        tracing::info!(%node, "notification dispatcher started");
        let dispatcher = Dispatcher::new(state.clone(), node);
        loop {
            match dispatcher.run_once().await {
                Ok(report) if report.more => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification dispatch round failed"),
            }
            state.notify.woken(poll).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::store::delivery::DeliveryStatus;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_ms: 30_000,
            cap_ms: 100_000,
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_in_its_upper_half() {
        let p = policy();
        assert_eq!(
            (p.delay_ms(1, 0.0), p.delay_ms(1, 0.999_999)),
            (15_000, 29_999)
        );
        assert_eq!((p.delay_ms(2, 0.0), p.delay_ms(3, 0.5)), (30_000, 75_000));
        assert_eq!(p.delay_ms(4, 0.0), 50_000, "capped at 100 s");
        assert_eq!(p.delay_ms(60, 1.0), 100_000, "no overflow");
    }

    fn row(attempts: u32) -> DeliveryRow {
        DeliveryRow {
            key: "n-zwdd".into(),
            notification: "n".into(),
            channel: "zwdd".into(),
            username: "u".into(),
            address: "1".into(),
            kind: "todo".into(),
            title: String::new(),
            body: String::new(),
            matter_id: "m".into(),
            task_id: None,
            status: DeliveryStatus::Sending,
            attempts,
            max_attempts: 4,
            last_error: None,
            next_at: 0,
            queued: true,
            claim: None,
            claimed_by: None,
            created_ms: 0,
            updated_ms: 0,
            sent_ms: None,
            sk: String::new(),
        }
    }

    #[test]
    fn failures_retry_until_the_limit_or_die_at_once_when_final() {
        let p = policy();
        let err = |retryable| {
            Err(DeliveryError {
                retryable,
                message: "网关无法访问".into(),
            })
        };
        assert!(matches!(p.outcome(&row(1), Ok(()), 0, 0.0), Outcome::Sent));
        assert!(matches!(
            p.outcome(&row(1), err(true), 1_000, 0.0),
            Outcome::Retry(_, 16_000)
        ));
        match p.outcome(&row(4), err(true), 0, 0.0) {
            Outcome::Dead(m) => assert!(m.contains("已尝试4次"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            p.outcome(&row(1), err(false), 0, 0.0),
            Outcome::Dead(_)
        ));
    }
}
