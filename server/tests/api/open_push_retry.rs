//! When pushes fail ([`crate::open_push`] has the fixtures): an answer after the timeout comes
//! again with the same event id; the retry schedule on the server's clock; dead letters and the
//! administrator's replay; 410 disables the system; 429 waits for `Retry-After`; a loopback
//! endpoint the operator did not allowlist is dead with the reason.

use crate::dept_system::Reply;
use crate::open_push::{
    detail, log, publish_land, round, settings, submitted_land, wait_ms, world,
};
use crate::support::TestApp;
use axum::http::StatusCode;
use lianban_server::external::push::Report;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_push_answered_after_the_timeout_comes_again_with_the_same_id() {
    let (app, dept) = world(settings()).await;
    submitted_land(&app, "新建厂房").await;
    // The system takes the event in but answers after Lianban gave up waiting (1 s): Lianban
    // cannot tell it arrived, so it sends it again — the receiver deduplicates by id.
    dept.reply([Reply {
        delay: Duration::from_millis(1_600),
        ..Reply::status(200)
    }]);
    let first = round(&app).await;
    assert_eq!((first.sent, first.failed), (0, 1));
    let row = &log(&app, "status=pending").await[0];
    assert!(
        row["last_error"].as_str().unwrap().contains("超时"),
        "{row}"
    );
    let id = row["id"].as_str().unwrap().to_owned();
    app.state
        .clock
        .advance_seconds(wait_ms(&app, &id).await / 1000 + 1);
    assert_eq!(round(&app).await.sent, 1);
    let got = dept.got();
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].id(), got[1].id()), (id.as_str(), id.as_str()));
    assert_eq!(got[0].seq(), got[1].seq());
    let history = detail(&app, &id).await["history"].clone();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert!(history[0]["status"].is_null() && history[1]["status"] == 200);
    assert!(history[0]["duration_ms"].as_i64().unwrap() >= 900);
}

#[tokio::test]
async fn failures_back_off_on_the_clock_then_die_and_a_replay_delivers() {
    let (app, dept) = world(settings()).await;
    submitted_land(&app, "新建厂房").await;
    dept.reply([Reply::status(503), Reply::status(500), Reply::status(502)]);
    assert_eq!(round(&app).await.failed, 1);
    let id = log(&app, "").await[0]["id"].as_str().unwrap().to_owned();
    let wait = wait_ms(&app, &id).await;
    assert!((47_000..=72_000).contains(&wait), "60 s ± 20 %: {wait}");
    assert_eq!(round(&app).await, Report::default(), "not due yet");
    app.state.clock.advance_seconds(73);
    assert_eq!(round(&app).await.failed, 1);
    let wait = wait_ms(&app, &id).await;
    assert!((95_000..=144_000).contains(&wait), "120 s ± 20 %: {wait}");
    app.state.clock.advance_seconds(145);
    assert_eq!(round(&app).await.dead, 1);
    let dead = &log(&app, "status=dead").await[0];
    assert!(
        dead["last_error"].as_str().unwrap().contains("已尝试3次"),
        "{dead}"
    );
    assert_eq!(dead["last_status"], 502);
    assert_eq!(
        round(&app).await,
        Report::default(),
        "dead rows wait for an administrator"
    );

    let admin = app.login("admin").await;
    let replayed = admin
        .post(
            &format!("/api/v1/admin/open/deliveries/{id}/replay"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (replayed["status"].as_str(), replayed["attempts"].as_u64()),
        (Some("pending"), Some(0))
    );
    admin
        .post(
            &format!("/api/v1/admin/open/deliveries/{id}/replay"),
            json!({}),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "delivery_not_replayable");
    assert_eq!(round(&app).await.sent, 1);
    let got = dept.got();
    assert_eq!(got.len(), 4);
    assert!(got.iter().all(|g| g.id() == id && g.signed));
    assert_eq!(
        detail(&app, &id).await["history"].as_array().unwrap().len(),
        4
    );
    admin
        .post(
            &format!("/api/v1/admin/open/deliveries/{id}/replay"),
            json!({}),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "delivery_not_replayable");
    admin
        .get("/api/v1/admin/open/deliveries?status=failed")
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    app.login("zzb_clerk")
        .await
        .get("/api/v1/admin/open/deliveries")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn gone_disables_the_system_and_its_events_wait_dead_for_a_replay() {
    let (app, dept) = world(settings()).await;
    let (id, _, _) = submitted_land(&app, "新建厂房").await;
    dept.reply([Reply::status(410)]);
    assert_eq!(round(&app).await.dead, 1);
    let admin = app.login("admin").await;
    let systems = admin
        .get("/api/v1/admin/external-systems")
        .await
        .expect(StatusCode::OK);
    let demo = systems
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["app_key"] == lianban_seeds::DEMO_SIM_APP_KEY)
        .unwrap()
        .clone();
    assert_eq!(demo["enabled"], false);
    assert!(demo["disabled_reason"].as_str().unwrap().contains("410"));
    // Later events of the matter still name that system, and die while it is disabled.
    app.login("zzb_clerk")
        .await
        .post(
            &format!("/api/v1/matters/{id}/dispatches/land/urge"),
            json!({ "message": "请尽快" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(round(&app).await.dead, 1);
    let dead = log(&app, "status=dead").await;
    assert_eq!(dead.len(), 2);
    assert!(
        dead[0]["last_error"].as_str().unwrap().contains("已停用"),
        "{}",
        dead[0]
    );
    assert!(
        dead[1]["last_error"].as_str().unwrap().contains("410"),
        "{}",
        dead[1]
    );
    assert_eq!(dept.got().len(), 1);
    // Re-enabled and replayed (the later one first): they arrive in seq order.
    let sid = demo["id"].as_str().unwrap();
    admin
        .put(
            &format!("/api/v1/admin/external-systems/{sid}"),
            json!({ "name": demo["name"], "endpoint": demo["endpoint"], "algorithm": demo["algorithm"],
                    "matter_types": [], "enabled": true, "revision": demo["revision"] }),
        )
        .await
        .expect(StatusCode::OK);
    for row in &dead {
        admin
            .post(
                &format!(
                    "/api/v1/admin/open/deliveries/{}/replay",
                    row["id"].as_str().unwrap()
                ),
                json!({}),
            )
            .await
            .expect(StatusCode::OK);
    }
    while round(&app).await != Report::default() {}
    let seqs: Vec<(u64, u16)> = dept.got().iter().map(|g| (g.seq(), g.status)).collect();
    assert_eq!(seqs, [(1, 410), (1, 200), (2, 200)]);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let (app, dept) = world(settings()).await;
    submitted_land(&app, "新建厂房").await;
    dept.reply([Reply {
        retry_after: Some("120".into()),
        ..Reply::status(429)
    }]);
    assert_eq!(round(&app).await.failed, 1);
    let row = &log(&app, "").await[0];
    assert_eq!(row["last_status"], 429);
    let wait = wait_ms(&app, row["id"].as_str().unwrap()).await;
    assert!(
        (118_000..=120_000).contains(&wait),
        "Retry-After, not the 60 s backoff: {wait}"
    );
    app.state.clock.advance_seconds(100);
    assert_eq!(round(&app).await, Report::default());
    app.state.clock.advance_seconds(21);
    assert_eq!(round(&app).await.sent, 1);
}

#[tokio::test]
async fn a_loopback_endpoint_the_operator_did_not_allow_is_dead_with_the_reason() {
    // The demo system is seeded pointing at 127.0.0.1:8091; nothing is allowlisted here.
    let app = TestApp::start().await;
    publish_land(&app).await;
    submitted_land(&app, "新建厂房").await;
    assert_eq!(round(&app).await.dead, 1);
    let dead = &log(&app, "status=dead").await[0];
    let reason = dead["last_error"].as_str().unwrap();
    assert!(
        reason.contains("LIANBAN_OPEN_ALLOW") && reason.contains("127.0.0.1"),
        "{reason}"
    );
    assert_eq!(dead["attempts"], 1);
}
