//! The signature check: tampering with any signed part, stale and future timestamps, reused
//! nonces, unknown keys, disabled systems and missing headers are refused with 401 and a stable
//! code; both algorithms pass; the OpenAPI document is its own.

use super::{System, dispatch_path, segment, submitted_land_check};
use crate::support::TestApp;
use axum::http::StatusCode;
use lianban_sdk::sign::{self, Algorithm};
use serde_json::json;

fn ack_body() -> Vec<u8> {
    json!({ "external_ref": "BDC-1" }).to_string().into_bytes()
}

#[tokio::test]
async fn a_tampered_request_is_refused_as_signature_invalid() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = dispatch_path(&m.number, "land", "ack");
    let body = ack_body();
    let sig = system.sign(&app, "POST", &target, &body);

    let other_body = json!({ "external_ref": "BDC-2" }).to_string().into_bytes();
    let other_path = dispatch_path(&m.number, "land2", "ack");
    let with_query = format!("{target}?x=1");
    let cases: Vec<(&str, &str, &[u8])> = vec![
        ("POST", &target, &other_body),
        ("POST", &other_path, &body),
        ("POST", &with_query, &body),
        ("PUT", &target, &body),
    ];
    for (method, path, bytes) in cases {
        let resp = app
            .send(System::request(method, path, bytes, &sig, &[]))
            .await;
        resp.expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    }
    // A header that is signed indirectly: another algorithm name, another timestamp.
    let mut other_method = sig.clone();
    other_method.algorithm = Algorithm::HmacSha256;
    let mut other_time = sig.clone();
    other_time.timestamp -= 1;
    let mut other_nonce = sig.clone();
    other_nonce.nonce = sign::new_nonce();
    for forged in [other_method, other_time, other_nonce] {
        app.send(System::request("POST", &target, &body, &forged, &[]))
            .await
            .expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    }
    // The demo system's signature under another system's key.
    let (other, _) = System::register(&app, "czj", "财政一体化系统").await;
    let mut other_key = sig.clone();
    other_key.app_key = other.app_key.clone();
    app.send(System::request("POST", &target, &body, &other_key, &[]))
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    // The untouched request still passes (its nonce was never accepted).
    let page = app
        .send(System::request("POST", &target, &body, &sig, &[]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["dispatches"][0]["external_ref"], "BDC-1");
}

#[tokio::test]
async fn stale_and_future_timestamps_are_out_of_the_window() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let now = app.state.clock.now().as_second();
    for (at, ok) in [
        (now - 301, false),
        (now + 301, false),
        (now - 290, true),
        (now + 290, true),
    ] {
        let sig = sign::sign(
            &system.app_key,
            &system.secret,
            system.algorithm,
            sign::Request {
                method: "GET",
                path_and_query: &target,
                body: b"",
            },
            at,
            &sign::new_nonce(),
        );
        let resp = app
            .send(System::request("GET", &target, b"", &sig, &[]))
            .await;
        if ok {
            resp.expect(StatusCode::OK);
        } else {
            resp.expect_problem(StatusCode::UNAUTHORIZED, "timestamp_out_of_window");
        }
    }
    // The server's clock decides (tests move it), and it is told in every answer.
    app.state.clock.advance_minutes(60 * 24);
    let resp = system.get(&app, &target).await;
    let told: i64 = resp.headers["x-lianban-time"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((told - app.state.clock.now().as_second()).abs() <= 1);
    resp.expect(StatusCode::OK);
}

#[tokio::test]
async fn a_nonce_is_accepted_once() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let sig = system.sign(&app, "GET", &target, b"");
    app.send(System::request("GET", &target, b"", &sig, &[]))
        .await
        .expect(StatusCode::OK);
    app.send(System::request("GET", &target, b"", &sig, &[]))
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "nonce_reused");
    // The same nonce on another call, correctly signed, is still a reuse.
    let again = sign::sign(
        &system.app_key,
        &system.secret,
        system.algorithm,
        sign::Request {
            method: "POST",
            path_and_query: &dispatch_path(&m.number, "land", "ack"),
            body: b"{}",
        },
        app.state.clock.now().as_second(),
        &sig.nonce,
    );
    app.send(System::request(
        "POST",
        &dispatch_path(&m.number, "land", "ack"),
        b"{}",
        &again,
        &[],
    ))
    .await
    .expect_problem(StatusCode::UNAUTHORIZED, "nonce_reused");
    // Another system may use the same nonce: they are remembered per app key.
    let (other, _) = System::register(&app, "czj", "财政一体化系统").await;
    let theirs = sign::sign(
        &other.app_key,
        &other.secret,
        other.algorithm,
        sign::Request {
            method: "GET",
            path_and_query: &target,
            body: b"",
        },
        app.state.clock.now().as_second(),
        &sig.nonce,
    );
    // (Their unit has no dispatch in this matter: 404, but past the signature check.)
    app.send(System::request("GET", &target, b"", &theirs, &[]))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    // Remembered in the database: a second node over the same store refuses it too.
    let second = lianban_server::app(app.state.clone());
    let resp = tower::ServiceExt::oneshot(second, System::request("GET", &target, b"", &sig, &[]))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_keys_disabled_systems_and_missing_headers_are_refused() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let stranger = System {
        app_key: "lb_nobody".to_owned(),
        secret: "x".repeat(64),
        algorithm: Algorithm::HmacSha256,
    };
    stranger
        .get(&app, &target)
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unknown_app_key");

    let (system, id) = System::register(&app, "czj", "财政一体化系统").await;
    lianban_server::external::disable(&app.state, &id, "测试停用")
        .await
        .unwrap();
    system
        .get(&app, &target)
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "system_disabled");

    let sig = System::demo().sign(&app, "GET", &target, b"");
    for missing in [
        sign::HEADER_KEY,
        sign::HEADER_TIMESTAMP,
        sign::HEADER_NONCE,
        sign::HEADER_SIGNATURE,
    ] {
        let mut req = System::request("GET", &target, b"", &sig, &[]);
        req.headers_mut().remove(missing);
        app.send(req)
            .await
            .expect_problem(StatusCode::UNAUTHORIZED, "signature_missing");
    }
    let mut req = System::request("GET", &target, b"", &sig, &[]);
    req.headers_mut()
        .insert(sign::HEADER_METHOD, "HMAC-MD5".parse().unwrap());
    app.send(req)
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "signature_malformed");
    // Without any header at all.
    let resp = app
        .send(
            axum::http::Request::builder()
                .uri(&target)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    let problem = resp.expect_problem(StatusCode::UNAUTHORIZED, "signature_missing");
    assert!(problem["detail"].as_str().unwrap().contains("缺少"));
}

#[tokio::test]
async fn both_algorithms_are_accepted() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let sm3 = System::demo();
    assert_eq!(sm3.algorithm, Algorithm::HmacSm3);
    sm3.get(&app, &target).await.expect(StatusCode::OK);
    let sha = System {
        algorithm: Algorithm::HmacSha256,
        ..System::demo()
    };
    let state = sha.get(&app, &target).await.expect(StatusCode::OK);
    assert_eq!(state["matter"]["number"], m.number.as_str());
    // Without the method header the default, HMAC-SHA256, is meant.
    let sig = sha.sign(&app, "GET", &target, b"");
    let mut req = System::request("GET", &target, b"", &sig, &[]);
    req.headers_mut().remove(sign::HEADER_METHOD);
    app.send(req).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn the_open_api_has_its_own_openapi_document() {
    let app = TestApp::start().await;
    let get = |path: &'static str| {
        let app = &app;
        async move {
            app.send(
                axum::http::Request::builder()
                    .uri(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .expect(StatusCode::OK)
        }
    };
    let open = get("/open/openapi.json").await;
    let paths = open["paths"].as_object().unwrap();
    for path in [
        "/open/v1/matters/{number}/dispatches/{node}/ack",
        "/open/v1/matters/{number}/dispatches/{node}/steps",
        "/open/v1/matters/{number}/dispatches/{node}/result",
        "/open/v1/matters/{number}",
        "/open/v1/matters/{number}/files/{id}",
        "/open/v1/links/{matter}/{file}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing: {:?}",
            paths.keys()
        );
    }
    assert!(paths.keys().all(|p| p.starts_with("/open/v1/")));
    assert!(
        open["components"]["securitySchemes"]["lianban_signature"].is_object(),
        "{}",
        open["components"]
    );
    let internal = get("/api/openapi.json").await;
    let internal_paths = internal["paths"].as_object().unwrap();
    assert!(internal_paths.keys().all(|p| !p.starts_with("/open")));
    // An unknown open path is a problem+json 404, not the web app.
    System::demo()
        .get(&app, "/open/v1/nothing")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
}
