//! Delivering the outbox over the 浙政钉 channel against the loopback gateway
//! ([`crate::zwdd_gateway`]), which checks every signature and fails on demand: backoff on the
//! server's clock, dead letters and the administrator's retry, final failures, claims that
//! expire, and two dispatchers (in one process, and two nodes on one SurrealDB server) sending
//! each delivery once — while both nodes' live feeds get every in-app notification.

use crate::support::{TestApp, pending_task, submitted_transfer};
use crate::zwdd_gateway::{Gateway, zwdd_config};
use axum::http::StatusCode;
use lianban_server::AppState;
use lianban_server::config::{Config, DbTarget, NotifyConfig, Secret, ZwddConfig};
use lianban_server::db::{self, Batch};
use lianban_server::notify::store::delivery::{self, Claim, DeliveryRow, DeliveryStatus, Outcome};
use lianban_server::notify::{Dispatcher, Feed, LEASE_MS, Note, Outbox, Report, kinds};
use lianban_server::org::store as org;
use serde_json::json;

/// An app whose 浙政钉 channel talks to `gw`: 3 attempts, 60 s first backoff, 600 s at most.
async fn app_with(gw: &Gateway) -> TestApp {
    let url = gw.url.clone();
    TestApp::start_with(move |c| {
        c.zwdd = Some(zwdd_config(&url));
        c.public_url = Some("https://lianban.example".into());
        c.notify = NotifyConfig {
            max_attempts: 3,
            retry_base_seconds: 60,
            retry_max_seconds: 600,
            poll_seconds: 5,
        };
    })
    .await
}

async fn round(app: &TestApp) -> Report {
    Dispatcher::new(app.state.clone(), "test-node")
        .run_once()
        .await
        .unwrap()
}

/// The zwdd delivery of `user`'s newest notification.
async fn zwdd_row(app: &TestApp, user: &str) -> DeliveryRow {
    let page = app
        .login("admin")
        .await
        .get("/api/v1/admin/deliveries?channel=zwdd")
        .await
        .expect(StatusCode::OK);
    let id = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["username"] == user)
        .unwrap_or_else(|| panic!("no zwdd delivery for {user}: {page}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    delivery::get(&app.state.db, &id).await.unwrap().unwrap()
}

#[tokio::test]
async fn failures_back_off_on_the_servers_clock_then_the_notice_is_sent() {
    let gw = Gateway::start(2, StatusCode::SERVICE_UNAVAILABLE).await;
    let app = app_with(&gw).await;
    let id = submitted_transfer(&app, "no").await;

    // The three in-app pushes go out; the 浙政钉 notices to rsj_clerk and czj_clerk fail once
    // (rsj_clerk2 has no 浙政钉 account) and wait 30–60 s.
    let first = round(&app).await;
    assert_eq!((first.sent, first.failed), (3, 2), "{first:?}");
    let row = zwdd_row(&app, "rsj_clerk").await;
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Failed, 1));
    assert!(
        row.last_error.as_deref().unwrap().contains("503"),
        "{row:?}"
    );
    let wait = row.next_at - app.state.clock.now_ms();
    assert!((29_000..=60_000).contains(&wait), "first backoff {wait} ms");

    // Not due yet: nothing is tried, however often the dispatcher looks.
    assert_eq!(round(&app).await, Report::default());
    app.state.clock.advance_seconds(29);
    assert_eq!(round(&app).await, Report::default());
    assert_eq!(gw.calls().len(), 2);

    // Due: the second attempt fails too and the backoff doubles (60–120 s).
    app.state.clock.advance_seconds(31);
    assert_eq!(round(&app).await.failed, 2);
    let row = zwdd_row(&app, "rsj_clerk").await;
    let wait = row.next_at - app.state.clock.now_ms();
    assert!(
        (59_000..=120_000).contains(&wait),
        "second backoff {wait} ms"
    );
    app.state.clock.advance_seconds(120);
    assert_eq!(round(&app).await.sent, 2);
    let row = zwdd_row(&app, "rsj_clerk").await;
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 3));
    assert!(!row.queued && row.sent_ms.is_some());

    // Three signed calls for the delivery; the notice links to the task.
    assert!(gw.calls().iter().all(|c| c.signed), "{:?}", gw.calls());
    let calls = gw.calls_of(&row.key);
    assert_eq!(calls.len(), 3);
    assert!(calls.iter().all(|c| c.receiver == "10003"));
    let task = pending_task(&app.login("rsj_clerk").await.page(&id).await, "rsj");
    assert_eq!(
        calls[2].msg["action_card"]["single_url"],
        format!("https://lianban.example/matters/{id}?task={task}")
    );
    assert_eq!(calls[2].msg["action_card"]["title"], row.title);
    assert!(row.title.starts_with("【联办】新的待办"), "{}", row.title);
}

#[tokio::test]
async fn dead_after_the_limit_then_an_administrators_retry_sends_it() {
    let gw = Gateway::start(3, StatusCode::BAD_GATEWAY).await;
    let app = app_with(&gw).await;
    submitted_transfer(&app, "no").await;
    for _ in 0..3 {
        round(&app).await;
        app.state.clock.advance_minutes(11);
    }
    let row = zwdd_row(&app, "rsj_clerk").await;
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Dead, 3));
    assert!(!row.queued);
    assert!(
        row.last_error.as_deref().unwrap().contains("已尝试3次"),
        "{row:?}"
    );
    assert_eq!(
        round(&app).await,
        Report::default(),
        "dead rows are left alone"
    );

    // The log's dead filter lists it, retryable; only administrators may retry.
    let admin = app.login("admin").await;
    let dead = admin
        .get("/api/v1/admin/deliveries?status=dead&channel=zwdd")
        .await
        .expect(StatusCode::OK);
    let listed = dead["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == row.key.as_str())
        .unwrap_or_else(|| panic!("{dead}"));
    assert_eq!(
        (&listed["status"], &listed["can_retry"], &listed["attempts"]),
        (&json!("dead"), &json!(true), &json!(3))
    );
    let retry = format!("/api/v1/admin/deliveries/{}/retry", row.key);
    app.login("rsj_clerk")
        .await
        .post(&retry, json!({}))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    admin
        .post("/api/v1/admin/deliveries/nope-zwdd/retry", json!({}))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let view = admin.post(&retry, json!({})).await.expect(StatusCode::OK);
    assert_eq!(
        (&view["status"], &view["max_attempts"]),
        (&json!("pending"), &json!(6))
    );
    assert_eq!(round(&app).await.sent, 1);
    let row = zwdd_row(&app, "rsj_clerk").await;
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 4));

    // A sent (or skipped) delivery cannot be retried.
    admin
        .post(&retry, json!({}))
        .await
        .expect_problem(StatusCode::CONFLICT, "delivery_not_retryable");
    let skipped = zwdd_row(&app, "rsj_clerk2").await;
    assert_eq!(skipped.status, DeliveryStatus::Skipped);
    assert_eq!(
        skipped.last_error.as_deref(),
        Some("收件人未绑定浙政钉账号")
    );
    admin
        .post(
            &format!("/api/v1/admin/deliveries/{}/retry", skipped.key),
            json!({}),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "delivery_not_retryable");
}

#[tokio::test]
async fn a_refused_request_is_dead_at_once() {
    let gw = Gateway::start(1, StatusCode::FORBIDDEN).await;
    let app = app_with(&gw).await;
    submitted_transfer(&app, "no").await;
    assert_eq!(round(&app).await.dead, 2);
    let row = zwdd_row(&app, "rsj_clerk").await;
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Dead, 1));
    assert!(
        row.last_error.as_deref().unwrap().contains("403"),
        "{row:?}"
    );
}

/// Demo users bound to 浙政钉.
const BOUND: [&str; 4] = ["rsj_clerk", "czj_clerk", "zzb_leader", "fgj_clerk"];

/// Outbox rows for `n` 抄送 notifications to `users` in turn, committed at once.
pub(crate) async fn queue_notes(state: &AppState, users: &[&str], n: usize) {
    let notes: Vec<Note> = (0..n)
        .map(|i| Note {
            username: users[i % users.len()].to_owned(),
            kind: "cc",
            vars: kinds::sample_vars(),
            matter: format!("m{i}"),
            task: None,
        })
        .collect();
    let outbox = Outbox::prepare(state, &notes, state.clock.now_ms())
        .await
        .unwrap();
    let mut batch = Batch::new();
    outbox.add_to(&mut batch);
    batch.commit(&state.db).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dispatchers_on_one_database_send_each_delivery_once() {
    let gw = Gateway::start(0, StatusCode::OK).await;
    let app = app_with(&gw).await;
    queue_notes(&app.state, &BOUND, 24).await;
    let (a, b) = (
        Dispatcher::new(app.state.clone(), "node-a"),
        Dispatcher::new(app.state.clone(), "node-b"),
    );
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(
        ra.sent + rb.sent,
        48,
        "24 in-app and 24 浙政钉: {ra:?} {rb:?}"
    );
    assert_eq!((ra.failed + rb.failed, ra.dead + rb.dead), (0, 0));
    let calls = gw.calls();
    let mut ids: Vec<&str> = calls.iter().map(|c| c.biz_msg_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((calls.len(), ids.len()), (24, 24), "each notice sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_is_claimed_once_and_an_expired_claim_loses_its_outcome() {
    let gw = Gateway::start(0, StatusCode::OK).await;
    let app = app_with(&gw).await;
    queue_notes(&app.state, &BOUND, 8).await;
    let db = &app.state.db;
    let now = app.state.clock.now_ms();
    let keys = delivery::due(db, "zwdd", now, 50).await.unwrap();
    assert_eq!(keys.len(), 8);
    let claim = |token: &'static str, now_ms: i64| Claim {
        token,
        node: token,
        now_ms,
        until_ms: now_ms + LEASE_MS,
    };
    let (cx, cy) = (claim("x", now), claim("y", now));
    for key in &keys {
        let (x, y) = tokio::join!(delivery::claim(db, key, &cx), delivery::claim(db, key, &cy));
        let won = [x.unwrap(), y.unwrap()];
        assert_eq!(won.iter().flatten().count(), 1, "{key}: {won:?}");
    }
    assert!(delivery::due(db, "zwdd", now, 50).await.unwrap().is_empty());

    // A sender that outlives its claim: the row is due again, another takes it, and the late
    // outcome is dropped.
    let key = &keys[0];
    let holder = delivery::get(db, key)
        .await
        .unwrap()
        .unwrap()
        .claim
        .unwrap();
    let later = now + LEASE_MS + 1;
    assert_eq!(delivery::due(db, "zwdd", later, 50).await.unwrap().len(), 8);
    let taken = delivery::claim(db, key, &claim("z", later))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (taken.attempts, taken.claimed_by.as_deref()),
        (2, Some("z"))
    );
    let stale = delivery::settle(db, key, &holder, &Outcome::Sent, later)
        .await
        .unwrap();
    assert!(!stale);
    assert!(
        delivery::settle(db, key, "z", &Outcome::Sent, later)
            .await
            .unwrap()
    );
    let row = delivery::get(db, key).await.unwrap().unwrap();
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 2));
}

#[tokio::test]
async fn a_notice_the_gateway_already_accepted_counts_as_delivered() {
    use lianban_server::notify::channel::{Channel, Delivery, Zwdd};
    let gw = Gateway::start(0, StatusCode::OK).await;
    let client = lianban_server::zwdd::Client::new(zwdd_config(&gw.url)).unwrap();
    let channel = Zwdd::new(client, None);
    let d = Delivery {
        id: "n1-zwdd".into(),
        notification: "n1".into(),
        username: "rsj_clerk".into(),
        address: "10003".into(),
        kind: "cc".into(),
        title: "抄送：张三调入".into(),
        body: "请知悉。".into(),
        matter_id: "m1".into(),
        task_id: None,
        created_ms: 0,
        now: jiff::Timestamp::now(),
    };
    // The first answer was lost (say); the second attempt is refused as a duplicate.
    assert_eq!(channel.deliver(&d).await, Ok(()));
    assert_eq!(channel.deliver(&d).await, Ok(()));
    let calls = gw.calls_of("n1-zwdd");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].msg["text"]["content"], "抄送：张三调入\n请知悉。");

    // Nobody listening: a transport failure, worth a retry.
    let client = lianban_server::zwdd::Client::new(ZwddConfig {
        base_url: "http://127.0.0.1:9".into(),
        app_key: "k".into(),
        app_secret: Secret::new("s"),
        tenant_id: "t".into(),
    })
    .unwrap();
    let err = Zwdd::new(client, None).deliver(&d).await.unwrap_err();
    assert!(err.retryable, "{err:?}");
    assert!(err.message.starts_with("网关无法访问"), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_surrealdb_server_send_each_delivery_once() {
    let surreal = crate::remote::Surreal::start().await;
    let gw = Gateway::start(0, StatusCode::OK).await;
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        db: DbTarget::Remote {
            endpoint: surreal.endpoint.clone(),
            user: "root".into(),
            pass: "root".into(),
        },
        data_dir: dir.path().to_path_buf(),
        zwdd: Some(zwdd_config(&gw.url)),
        ..Config::default()
    };
    // Two nodes: each its own connection and state over the same database. No demo world, only
    // two users bound to 浙政钉.
    let node = || async {
        let db = db::connect(&config).await.unwrap();
        db::migrate(&db).await.unwrap();
        AppState::new(db, config.clone()).unwrap()
    };
    let (a, b) = (node().await, node().await);
    let mut batch = Batch::new();
    for (username, account) in [("u1", "20001"), ("u2", "20002")] {
        org::add_user(
            &mut batch,
            &org::UserRow {
                username: username.into(),
                display_name: username.into(),
                unit: "bj".into(),
                roles: vec!["clerk".into()],
                password_hash: String::new(),
                failed_logins: 0,
                locked_until_ms: 0,
                zwdd_account: Some(account.into()),
            },
        );
    }
    batch.commit(&a.db).await.unwrap();
    let (fa, fb) = (
        Feed::start(a.clone()).await.unwrap(),
        Feed::start(b.clone()).await.unwrap(),
    );
    queue_notes(&a, &["u1", "u2"], 24).await;
    // Both nodes' live feeds number and publish at once (a node that lost the race for the
    // numbers publishes them in its next round): each node's streams get all 24.
    let (pa, pb) = tokio::join!(fa.run_once(), fb.run_once());
    let pa = pa.unwrap() + fa.run_once().await.unwrap();
    let pb = pb.unwrap() + fb.run_once().await.unwrap();
    assert_eq!((pa, pb), (24, 24));
    assert_eq!((a.hub.last(), b.hub.last()), (24, 24));
    let (da, db) = (Dispatcher::new(a, "node-a"), Dispatcher::new(b, "node-b"));
    let (ra, rb) = tokio::join!(da.run_once(), db.run_once());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 48, "{ra:?} {rb:?}");
    let calls = gw.calls();
    let mut ids: Vec<&str> = calls.iter().map(|c| c.biz_msg_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((calls.len(), ids.len()), (24, 24), "each notice sent once");
}
