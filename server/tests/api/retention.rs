//! Retention of the delivery logs on the real database, with the server's clock moved: finished
//! rows past their limit are deleted, young and unfinished ones kept, dead ones follow their own
//! limit, 0 keeps forever, each dispatch's newest push stays, and nodes pruning at once delete
//! each row once.

use crate::notify_log::index_scan;
use crate::support::TestApp;
use lianban_server::config::RetentionConfig;
use lianban_server::db::{self, Batch};
use lianban_server::external::push::store::{self as push, PushRow, PushStatus};
use lianban_server::notify::store::delivery::{self, DeliveryRow, DeliveryStatus};
use lianban_server::retention::{self, Pruned};
use serde_json::json;
use std::sync::Arc;

const DAY_MIN: i64 = 24 * 60;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// A delivery row `key` in `status`, made at `made_ms` and last changed at `changed_ms`.
fn delivery_row(key: &str, status: DeliveryStatus, made_ms: i64, changed_ms: i64) -> DeliveryRow {
    DeliveryRow {
        key: key.into(),
        notification: key.into(),
        channel: "zwdd".into(),
        username: "rsj_clerk".into(),
        address: "10003".into(),
        kind: "cc".into(),
        title: "抄送".into(),
        body: String::new(),
        matter_id: "m1".into(),
        task_id: None,
        status,
        attempts: 1,
        max_attempts: 8,
        last_error: None,
        next_at: changed_ms,
        queued: status.queued(),
        claim: None,
        claimed_by: None,
        created_ms: made_ms,
        updated_ms: changed_ms,
        sent_ms: None,
        sk: format!("{made_ms:013}:{key}"),
    }
}

/// A push row `key`: event `seq` of dispatch `node` of `matter`, in `status`, made and last
/// changed at `at_ms`.
fn push_row(
    key: &str,
    (matter, node, seq): (&str, &str, u64),
    status: PushStatus,
    at_ms: i64,
) -> PushRow {
    PushRow {
        key: key.into(),
        matter: matter.into(),
        matter_no: format!("联办〔2026〕{matter}号"),
        node: node.into(),
        system: "es_x".into(),
        system_name: "对接系统".into(),
        unit: "rsj".into(),
        event_type: "dispatch.created".into(),
        seq,
        event: json!({}),
        status,
        queued: status.queued(),
        attempts: 1,
        max_attempts: 10,
        next_at: at_ms,
        last_error: None,
        history: Vec::new(),
        claim: None,
        claimed_by: None,
        created_ms: at_ms,
        updated_ms: at_ms,
        sent_ms: None,
        sk: format!("{at_ms:013}:{key}"),
    }
}

async fn store(app: &TestApp, deliveries: &[DeliveryRow], pushes: &[PushRow]) {
    let mut batch = Batch::new();
    delivery::add(&mut batch, deliveries);
    push::add(&mut batch, pushes);
    batch.commit(&app.state.db).await.unwrap();
}

/// The keys left in `table`, sorted.
async fn keys(app: &TestApp, table: &str) -> Vec<String> {
    let mut keys: Vec<String> = db::rows(
        &app.state.db,
        &format!("SELECT VALUE key FROM {table}"),
        json!({}),
    )
    .await
    .unwrap();
    keys.sort();
    keys
}

#[tokio::test]
async fn finished_rows_past_their_limit_go_young_unfinished_and_newest_rows_stay() {
    let app = TestApp::start().await;
    let t0 = app.state.clock.now_ms();
    use DeliveryStatus as D;
    store(
        &app,
        &[
            delivery_row("d-sent", D::Sent, t0, t0),
            delivery_row("d-skipped", D::Skipped, t0, t0),
            delivery_row("d-dead", D::Dead, t0, t0),
            delivery_row("d-pending", D::Pending, t0, t0),
            delivery_row("d-failed", D::Failed, t0, t0),
            delivery_row("d-sending", D::Sending, t0, t0),
            // made long ago, but sent only on day 80 (an administrator's retry)
            delivery_row("d-sent-late", D::Sent, t0, t0 + 80 * DAY_MS),
        ],
        &[
            push_row("p1", ("m1", "rsj", 1), PushStatus::Sent, t0),
            push_row("p2", ("m1", "rsj", 2), PushStatus::Dead, t0),
            push_row("p3", ("m1", "rsj", 3), PushStatus::Sent, t0),
            push_row("p4", ("m1", "czj", 4), PushStatus::Sent, t0),
            push_row("p5", ("m2", "rsj", 1), PushStatus::Pending, t0),
        ],
    )
    .await;

    // Day 89: nothing is old enough.
    app.state.clock.advance_minutes(89 * DAY_MIN);
    assert_eq!(
        retention::run_once(&app.state).await.unwrap(),
        Pruned::default()
    );

    // Day 91: the sent and skipped deliveries go; of the pushes only p1 — p3 and p4 are the
    // newest of their dispatches, p2 is dead and p5 still waits.
    app.state.clock.advance_minutes(2 * DAY_MIN);
    let young = app.state.clock.now_ms();
    store(
        &app,
        &[delivery_row("d-young", D::Sent, young, young)],
        &[push_row("p6", ("m3", "rsj", 1), PushStatus::Sent, young)],
    )
    .await;
    let pruned = retention::run_once(&app.state).await.unwrap();
    assert_eq!((pruned.deliveries, pruned.pushes), (2, 1), "{pruned:?}");
    assert_eq!(
        keys(&app, "delivery").await,
        [
            "d-dead",
            "d-failed",
            "d-pending",
            "d-sending",
            "d-sent-late",
            "d-young"
        ]
    );
    assert_eq!(
        keys(&app, "push_event").await,
        ["p2", "p3", "p4", "p5", "p6"]
    );

    // Day 366: the dead ones go too, and the delivery sent on day 80; unfinished rows and the
    // newest push of each dispatch never go, whatever their age.
    app.state.clock.advance_minutes(275 * DAY_MIN);
    let pruned = retention::run_once(&app.state).await.unwrap();
    assert_eq!((pruned.deliveries, pruned.pushes), (3, 1), "{pruned:?}");
    assert_eq!(
        keys(&app, "delivery").await,
        ["d-failed", "d-pending", "d-sending"]
    );
    assert_eq!(keys(&app, "push_event").await, ["p3", "p4", "p5", "p6"]);
    assert_eq!(
        retention::run_once(&app.state).await.unwrap(),
        Pruned::default(),
        "a second pass finds nothing"
    );
}

#[tokio::test]
async fn zero_days_keep_rows_forever() {
    let app = TestApp::start().await;
    let t0 = app.state.clock.now_ms();
    store(
        &app,
        &[
            delivery_row("d-sent", DeliveryStatus::Sent, t0, t0),
            delivery_row("d-dead", DeliveryStatus::Dead, t0, t0),
        ],
        &[
            push_row("p1", ("m1", "rsj", 1), PushStatus::Sent, t0),
            push_row("p2", ("m1", "rsj", 2), PushStatus::Dead, t0),
            push_row("p3", ("m1", "rsj", 3), PushStatus::Sent, t0),
        ],
    )
    .await;
    let mut state = app.state.clone();
    let mut config = (*state.config).clone();
    config.retention = RetentionConfig {
        finished_days: 0,
        dead_days: 0,
    };
    state.config = Arc::new(config);
    app.state.clock.advance_minutes(3650 * DAY_MIN);
    assert_eq!(
        retention::run_once(&state).await.unwrap(),
        Pruned::default()
    );
    assert_eq!(keys(&app, "delivery").await.len(), 2);
    assert_eq!(keys(&app, "push_event").await.len(), 3);

    // Only finished rows ever go: asking for a queued status deletes nothing.
    assert_eq!(
        delivery::prune(&app.state.db, DeliveryStatus::Failed, i64::MAX / 2)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        push::prune(&app.state.db, PushStatus::Pending, i64::MAX / 2)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_pruning_at_once_delete_every_old_row_once_in_batches() {
    let app = TestApp::start().await;
    let t0 = app.state.clock.now_ms();
    let n = 2 * db::DELETE_BATCH + 3;
    let rows: Vec<DeliveryRow> = (0..n)
        .map(|i| delivery_row(&format!("d{i:05}"), DeliveryStatus::Sent, t0, t0))
        .collect();
    let pushes: Vec<PushRow> = (0..n as u64)
        .map(|i| {
            push_row(
                &format!("p{i:05}"),
                ("m1", "rsj", i + 1),
                PushStatus::Sent,
                t0,
            )
        })
        .collect();
    store(&app, &rows, &pushes).await;
    app.state.clock.advance_minutes(100 * DAY_MIN);
    let (a, b) = tokio::join!(
        retention::run_once(&app.state),
        retention::run_once(&app.state)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let again = retention::run_once(&app.state).await.unwrap();
    assert_eq!(
        a.deliveries + b.deliveries + again.deliveries,
        n,
        "{a:?} {b:?} {again:?}"
    );
    assert_eq!(
        a.pushes + b.pushes + again.pushes,
        n - 1,
        "the newest stays"
    );
    assert!(keys(&app, "delivery").await.is_empty());
    assert_eq!(keys(&app, "push_event").await, [format!("p{:05}", n - 1)]);
    assert_eq!(
        retention::run_once(&app.state).await.unwrap(),
        Pruned::default()
    );
}

#[tokio::test]
async fn the_retention_queries_read_the_status_indexes() {
    let app = TestApp::start().await;
    for (sql, index) in [
        (delivery::EXPIRED_SQL, "delivery_status"),
        (push::EXPIRED_SQL, "push_event_status"),
    ] {
        let (scan, text) = index_scan(&app, sql).await;
        assert_eq!(scan["index"], index, "{text}");
        assert_eq!(scan["direction"], "Forward", "{text}");
    }
}
