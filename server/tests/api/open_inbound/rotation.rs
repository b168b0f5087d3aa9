//! Rotating a system's secret with an overlap: the previous secret is accepted (after the
//! current one) until the overlap ends by the server's clock, at once never with 0 hours, and
//! no more once revoked; the new one works at once and signs the pushes; the administrator's
//! choice is checked.

use super::System;
use crate::support::{Session, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// A path that needs a valid signature to reach the handler (which answers 404).
const PROBE: &str = "/open/v1/matters/none";

async fn accepted(app: &TestApp, system: &System) -> bool {
    let resp = system.get(app, PROBE).await;
    match resp.status {
        StatusCode::NOT_FOUND => true,
        _ => {
            resp.expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
            false
        }
    }
}

async fn rotate(admin: &Session<'_>, id: &str, body: Value) -> (Value, String) {
    let issued = admin
        .post(&format!("/api/v1/admin/external-systems/{id}/secret"), body)
        .await
        .expect(StatusCode::OK);
    let secret = issued["secret"].as_str().unwrap().to_owned();
    (issued["system"].clone(), secret)
}

fn with_secret(system: &System, secret: String) -> System {
    System {
        secret,
        ..system.clone()
    }
}

#[tokio::test]
async fn the_previous_secret_works_until_the_overlap_ends() {
    let app = TestApp::start().await;
    let (old, id) = System::register(&app, "czj", "财政一体化系统").await;
    let admin = app.login("admin").await;
    let before = app.state.clock.now_ms();
    let (view, secret) = rotate(&admin, &id, json!({ "overlap_hours": 1 })).await;
    let expires = view["previous_secret_expires_ms"].as_i64().unwrap();
    assert!(
        (before + 3_600_000..before + 3_660_000).contains(&expires),
        "{view}"
    );
    let new = with_secret(&old, secret.clone());
    assert!(accepted(&app, &new).await, "the new secret works at once");
    assert!(accepted(&app, &old).await, "the old one during the overlap");
    let target = lianban_server::external::target_by_id(&app.state, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(target.secret, secret, "pushes sign with the new secret");

    app.state.clock.advance_minutes(59);
    assert!(accepted(&app, &old).await);
    app.state.clock.advance_minutes(2);
    assert!(!accepted(&app, &old).await, "the overlap is over");
    assert!(accepted(&app, &new).await);
    // (The clock moved past the session's idle limit: log in again.)
    let shown = app
        .login("admin")
        .await
        .get(&format!("/api/v1/admin/external-systems/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(shown["previous_secret_expires_ms"], Value::Null);
}

#[tokio::test]
async fn without_overlap_or_once_revoked_the_previous_secret_is_refused() {
    let app = TestApp::start().await;
    let (first, id) = System::register(&app, "czj", "财政一体化系统").await;
    let admin = app.login("admin").await;
    let (view, secret) = rotate(&admin, &id, json!({ "overlap_hours": 0 })).await;
    assert_eq!(view["previous_secret_expires_ms"], Value::Null);
    assert!(!accepted(&app, &first).await, "0 hours: refused at once");
    let second = with_secret(&first, secret);
    assert!(accepted(&app, &second).await);

    // The default overlap is 24 hours; a further rotation drops the older secret at once.
    let before = app.state.clock.now_ms();
    let (view, secret) = rotate(&admin, &id, json!({})).await;
    let expires = view["previous_secret_expires_ms"].as_i64().unwrap();
    let day = 24 * 3_600_000;
    assert!(
        (before + day..before + day + 60_000).contains(&expires),
        "{view}"
    );
    let third = with_secret(&first, secret);
    let (_, secret) = rotate(&admin, &id, json!({ "overlap_hours": 72 })).await;
    let fourth = with_secret(&first, secret);
    assert!(!accepted(&app, &second).await, "two rotations ago");
    assert!(accepted(&app, &third).await && accepted(&app, &fourth).await);

    // 立即停用旧密钥.
    let revoke = format!("/api/v1/admin/external-systems/{id}/previous-secret");
    let view = admin.delete(&revoke).await.expect(StatusCode::OK);
    assert_eq!(view["previous_secret_expires_ms"], Value::Null);
    assert!(!accepted(&app, &third).await, "revoked");
    assert!(accepted(&app, &fourth).await);
    let problem = admin
        .delete(&revoke)
        .await
        .expect_problem(StatusCode::CONFLICT, "no_previous_secret");
    assert!(problem["detail"].as_str().unwrap().contains("旧密钥"));
}

#[tokio::test]
async fn the_overlap_is_checked_and_only_administrators_rotate() {
    let app = TestApp::start().await;
    let (_, id) = System::register(&app, "czj", "财政一体化系统").await;
    let admin = app.login("admin").await;
    let path = format!("/api/v1/admin/external-systems/{id}/secret");
    for hours in [169, -1] {
        let problem = admin
            .post(&path, json!({ "overlap_hours": hours }))
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
        assert_eq!(problem["errors"][0]["path"], "overlap_hours");
        assert_eq!(problem["errors"][0]["code"], "bad_overlap");
        assert!(
            problem["detail"].as_str().unwrap().contains("0至168小时"),
            "{problem}"
        );
    }
    for body in [json!({ "overlap_hours": "24h" }), json!({ "overlap": 24 })] {
        admin
            .post(&path, body)
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    }
    admin
        .post("/api/v1/admin/external-systems/es_none/secret", json!({}))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    admin
        .delete("/api/v1/admin/external-systems/es_none/previous-secret")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let clerk = app.login("zzb_clerk").await;
    clerk
        .post(&path, json!({}))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .delete(&format!(
            "/api/v1/admin/external-systems/{id}/previous-secret"
        ))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
}
