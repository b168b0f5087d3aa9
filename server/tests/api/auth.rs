//! Login, lockout, idle timeout, logout, CSRF and malformed input.

use crate::support::{TestApp, json_request};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn login_me_logout() {
    let app = TestApp::start().await;
    let session = app.login("rsj_clerk").await;
    let me = session.get("/api/v1/auth/me").await.expect(StatusCode::OK);
    assert_eq!(me["username"], "rsj_clerk");
    assert_eq!(me["unit"]["name"], "区人力社保局");
    assert_eq!(me["posts"][0]["post_name"], "经办人");
    session
        .post("/api/v1/auth/logout", json!({}))
        .await
        .expect(StatusCode::NO_CONTENT);
    session
        .get("/api/v1/auth/me")
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn five_failures_lock_the_account_for_thirty_minutes() {
    let app = TestApp::start().await;
    let attempt = |password: &'static str| {
        json_request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            json!({ "username": "czj_clerk", "password": password }),
        )
    };
    for left in (1..=4).rev() {
        let body = app
            .send(attempt("wrong"))
            .await
            .expect_problem(StatusCode::UNAUTHORIZED, "bad_credentials");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains(&format!("再失败{left}次")),
            "{body}"
        );
    }
    app.send(attempt("wrong"))
        .await
        .expect_problem(StatusCode::LOCKED, "account_locked");
    // Even the right password is refused while locked.
    app.send(attempt(lianban_seeds::DEMO_PASSWORD))
        .await
        .expect_problem(StatusCode::LOCKED, "account_locked");
    app.state.clock.advance_minutes(31);
    app.send(attempt(lianban_seeds::DEMO_PASSWORD))
        .await
        .expect(StatusCode::OK);
}

#[tokio::test]
async fn unknown_user_and_bad_body_are_clear_errors() {
    let app = TestApp::start().await;
    app.send(json_request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        json!({ "username": "nobody", "password": "x" }),
    ))
    .await
    .expect_problem(StatusCode::UNAUTHORIZED, "bad_credentials");
    app.send(json_request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        json!({ "user": "x" }),
    ))
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::start().await;
    let session = app.login("rsj_clerk").await;
    app.state.clock.advance_minutes(29);
    session.get("/api/v1/auth/me").await.expect(StatusCode::OK);
    app.state.clock.advance_minutes(31);
    session
        .get("/api/v1/auth/me")
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::start().await;
    let session = app.login("zzb_clerk").await;
    let mut req = json_request(
        Method::POST,
        "/api/v1/matters",
        Some(&session.cookie),
        json!({ "type_code": "personnel_transfer", "values": {} }),
    );
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    app.send(req)
        .await
        .expect_problem(StatusCode::FORBIDDEN, "csrf_rejected");
    let drafts = session
        .get("/api/v1/worklist/drafts")
        .await
        .expect(StatusCode::OK);
    assert_eq!(drafts["total"], 0, "nothing was created");
}

#[tokio::test]
async fn health_and_openapi_need_no_login() {
    let app = TestApp::start().await;
    let req = axum::http::Request::builder()
        .uri("/health")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        app.send(req).await.expect(StatusCode::OK),
        json!({ "status": "UP" })
    );
    let req = axum::http::Request::builder()
        .uri("/api/openapi.json")
        .body(axum::body::Body::empty())
        .unwrap();
    let doc = app.send(req).await.expect(StatusCode::OK);
    assert!(
        doc["paths"]["/api/v1/matters/{id}/tasks/{task}/approve"].is_object(),
        "{}",
        doc["paths"]
    );
    let req = axum::http::Request::builder()
        .uri("/api/v1/nope")
        .body(axum::body::Body::empty())
        .unwrap();
    app.send(req)
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
}
