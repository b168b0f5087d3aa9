//! `Idempotency-Key`: a retry gets the first answer with no second effect; the same key on
//! another request is 422; a retry while the first call runs is 409; bad keys are 400.

use super::{System, dispatch_path, submitted_land_check};
use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;

fn step(name: &str, app: &TestApp) -> Vec<u8> {
    let at = lianban_server::matter::fmt_ts(app.state.clock.now());
    json!({ "name": name, "handler": "王科长", "at": at, "opinion": "同意" })
        .to_string()
        .into_bytes()
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_changes_nothing() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = dispatch_path(&m.number, "land", "steps");
    let body = step("科室初审", &app);
    let key = [("idempotency-key", "step-0001")];
    let first = system.call(&app, "POST", &target, &body, &key).await;
    assert!(first.headers.get("idempotent-replayed").is_none());
    let first_bytes = first.bytes.clone();
    first.expect(StatusCode::OK);
    // The retry is signed afresh (new nonce, new time) — as a client retries.
    app.state.clock.advance_seconds(30);
    let retry = system.call(&app, "POST", &target, &body, &key).await;
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(retry.bytes, first_bytes);
    let state = retry.expect(StatusCode::OK);
    assert_eq!(state["dispatches"][0]["steps"].as_array().unwrap().len(), 1);
    let page = app.login("zzb_clerk").await.page(&m.id).await;
    assert_eq!(
        page["dispatches"][0]["external"]["steps"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "no second step"
    );

    // Same key, another request.
    system
        .call(&app, "POST", &target, &step("科室复审", &app), &key)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
    // Refusals are answers too: the same refused call replays its refusal.
    let bad = json!({ "name": "复审", "handler": "王科长", "at": "昨天" }).to_string();
    let bad_key = [("idempotency-key", "step-0002")];
    system
        .call(&app, "POST", &target, bad.as_bytes(), &bad_key)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    let replayed = system
        .call(&app, "POST", &target, bad.as_bytes(), &bad_key)
        .await;
    assert_eq!(replayed.headers["idempotent-replayed"], "true");
    replayed.expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    // Without a key nothing is remembered: each call counts.
    system
        .call(&app, "POST", &target, &step("科室复审", &app), &[])
        .await
        .expect(StatusCode::OK);
    let state = system
        .call(&app, "POST", &target, &step("分管领导审核", &app), &[])
        .await
        .expect(StatusCode::OK);
    assert_eq!(state["dispatches"][0]["steps"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_retry_while_the_first_call_runs_is_told_to_wait() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = dispatch_path(&m.number, "land", "ack");
    // The first call is in flight on some node: its record exists, unfinished.
    let now = app.state.clock.now_ms();
    app.state
        .db
        .query("CREATE type::record('open_idempotency', [$app, 'ack-1']) SET request_hash = 'x', state = 'pending', started_ms = $now, created_ms = $now")
        .bind(json!({ "app": system.app_key, "now": now }))
        .await
        .unwrap()
        .check()
        .unwrap();
    let key = [("idempotency-key", "ack-1")];
    system
        .call(&app, "POST", &target, b"{}", &key)
        .await
        .expect_problem(StatusCode::CONFLICT, "idempotency_in_progress");
    // A node that died mid-call does not block the key for ever: after the lease it is taken
    // over and the call runs.
    app.state.clock.advance_minutes(2);
    let state = system
        .call(&app, "POST", &target, b"{}", &key)
        .await
        .expect(StatusCode::OK);
    assert_eq!(state["dispatches"][0]["acked"], true);
}

#[tokio::test]
async fn keys_must_be_visible_ascii_of_at_most_128() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = dispatch_path(&m.number, "land", "ack");
    let long = "k".repeat(129);
    for bad in ["", "a b", long.as_str()] {
        system
            .call(&app, "POST", &target, b"{}", &[("idempotency-key", bad)])
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_idempotency_key");
    }
    let page = app.login("zzb_clerk").await.page(&m.id).await;
    assert_eq!(page["dispatches"][0]["external"]["acked"], false);
}
