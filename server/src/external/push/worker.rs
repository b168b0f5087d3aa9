//! The worker: delivers the outbox. Each round it takes the due rows, keeps one per matter and
//! system (the lowest `seq`; an event never overtakes an earlier one of its matter that still
//! waits — a row behind one is put off until that one is due), claims each row (a conditional
//! update, so with several `lianban` nodes on one database a row is sent by one node at a time),
//! sends it and settles the outcome: sent; failed and due again on the retry schedule; or dead.
//! A 410 also disables the system. Time is the server's clock.
//!
//! [`spawn`] runs rounds in the background: after every command that planned pushes
//! ([`Signal::wake`]) and otherwise every [`POLL`].

use super::policy::{RetryPolicy, Sent};
use super::send;
use super::store::{self, Attempt, Claim, Due, Outcome};
use crate::AppState;
use crate::db::DbResult;
use futures::StreamExt;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How often the worker looks for due rows when nothing wakes it.
pub const POLL: Duration = Duration::from_secs(5);

/// Rows taken per round.
const ROUND: usize = 50;

/// Attempts made at once.
const PARALLEL: usize = 8;

/// How long a claim lasts beyond the push timeout (ms). A row whose sender died is due again
/// when its claim ends, and is sent again with the same event id.
pub const LEASE_MARGIN_MS: i64 = 60_000;

/// Wakes this node's worker after a commit that planned pushes.
#[derive(Clone, Default)]
pub struct Signal(Arc<Notify>);

impl Signal {
    /// Tells the background worker that rows were queued (call after the commit).
    pub fn wake(&self) {
        self.0.notify_one();
    }

    async fn woken(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.0.notified()).await;
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
    /// Put off behind an earlier event of their matter.
    pub deferred: usize,
    /// Rows another worker claimed first, or whose claim expired before the outcome.
    pub missed: usize,
    /// Whether more rows may be due now (a full round, or rows left for the next one).
    pub more: bool,
}

/// Delivers due rows; one per node (tests run several over one database).
pub struct Pusher {
    state: AppState,
    node: String,
    policy: RetryPolicy,
}

impl Pusher {
    /// The worker of node `node` (its name appears in each attempt).
    pub fn new(state: AppState, node: impl Into<String>) -> Self {
        let policy = RetryPolicy::from_config(&state.config.open_push);
        Self {
            state,
            node: node.into(),
            policy,
        }
    }

    /// One round: the due rows, the first of each matter and system, claimed, sent, settled.
    pub async fn run_once(&self) -> DbResult<Report> {
        let mut report = Report::default();
        let now_ms = self.state.clock.now_ms();
        let due = store::due(&self.state.db, now_ms, ROUND).await?;
        report.more = due.len() == ROUND;
        let mut heads: Vec<Due> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut sorted = due;
        sorted.sort_by(|a, b| (&a.matter, &a.system, a.seq).cmp(&(&b.matter, &b.system, b.seq)));
        for d in sorted {
            if seen.insert((d.matter.clone(), d.system.clone())) {
                heads.push(d);
            } else {
                report.more = true;
            }
        }
        let outcomes: Vec<DbResult<Step>> = futures::stream::iter(heads)
            .map(|d| self.attempt(d))
            .buffer_unordered(PARALLEL)
            .collect()
            .await;
        for outcome in outcomes {
            match outcome? {
                Step::Settled(Outcome::Sent) => report.sent += 1,
                Step::Settled(Outcome::Retry(..)) => report.failed += 1,
                Step::Settled(Outcome::Dead(_)) => report.dead += 1,
                Step::Deferred => report.deferred += 1,
                Step::Missed => report.missed += 1,
            }
        }
        Ok(report)
    }

    async fn attempt(&self, due: Due) -> DbResult<Step> {
        let db = &self.state.db;
        if let Some(ahead) = store::blocker(db, &due).await? {
            let until = ahead.next_at.max(self.state.clock.now_ms() + 1);
            store::defer(db, &due.key, until).await?;
            tracing::debug!(event = %due.key, seq = due.seq, ahead = ahead.seq, "push waits for an earlier event");
            return Ok(Step::Deferred);
        }
        let now_ms = self.state.clock.now_ms();
        let token = uuid::Uuid::now_v7().simple().to_string();
        let lease = self.state.config.open_push.timeout_seconds as i64 * 1000 + LEASE_MARGIN_MS;
        let claim = Claim {
            token: &token,
            node: &self.node,
            now_ms,
            until_ms: now_ms + lease,
        };
        let Some(row) = store::claim(db, &due.key, &claim).await? else {
            return Ok(Step::Missed);
        };
        let started = Instant::now();
        let answer = match super::super::target_by_id(&self.state, &row.system).await {
            Err(e) => send::Answer {
                status: None,
                sent: Sent::Failed {
                    error: format!("读取对接系统失败：{}", e.detail),
                    retry_after_ms: None,
                },
            },
            Ok(None) => send::Answer {
                status: None,
                sent: Sent::Final("对接系统已不存在".to_owned()),
            },
            Ok(Some(t)) if !t.enabled => send::Answer {
                status: None,
                sent: Sent::Final(format!(
                    "对接系统「{}」已停用；重新启用后可重新推送",
                    t.name
                )),
            },
            Ok(Some(t)) => send::attempt(&self.state, &t, &row).await,
        };
        if answer.status == Some(410)
            && let Err(e) =
                super::super::disable(&self.state, &row.system, "接收地址返回 410 Gone").await
        {
            tracing::error!(system = %row.system, error = %e.detail, "disabling the system after 410 failed");
        }
        let error = match &answer.sent {
            Sent::Delivered => None,
            Sent::Failed { error, .. } | Sent::Final(error) => Some(error.clone()),
        };
        if let Some(error) = &error {
            tracing::warn!(event = %row.key, system = %row.system, attempt = row.attempts,
                status = ?answer.status, %error, "push failed");
        }
        let attempt = Attempt {
            at_ms: now_ms,
            node: self.node.clone(),
            status: answer.status,
            error,
            duration_ms: started.elapsed().as_millis() as i64,
        };
        let settled_ms = now_ms + attempt.duration_ms;
        let outcome =
            self.policy
                .outcome(row.attempts, answer.sent, settled_ms, rand::random::<f64>());
        if !store::settle(db, &row, &token, &outcome, &attempt).await? {
            tracing::warn!(event = %row.key, "claim expired before the outcome was recorded");
            return Ok(Step::Missed);
        }
        if matches!(outcome, Outcome::Sent | Outcome::Dead(_)) {
            store::release(db, &row.matter, &row.system, self.state.clock.now_ms()).await?;
        }
        Ok(Step::Settled(outcome))
    }
}

/// What became of one due row.
enum Step {
    Settled(Outcome),
    Deferred,
    Missed,
}

/// Runs the worker of this node in the background until the runtime ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    let node = format!("node-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    tokio::spawn(async move {
        tracing::info!(%node, "push worker started");
        let pusher = Pusher::new(state.clone(), node);
        loop {
            match pusher.run_once().await {
                Ok(report) if report.more && report.sent + report.dead > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "push round failed"),
            }
            state.push.woken(POLL).await;
        }
    })
}
