//! The rate limits of `/open/v1`: a system's burst passes, then 429 `rate_limited` with
//! `Retry-After` until the clock has moved on, without touching another system; an address that
//! keeps failing authentication is refused unread, and a forged `X-Forwarded-For` changes nothing
//! unless the peer is a trusted proxy.

use super::{System, segment, submitted_land_check};
use crate::support::{Resp, TestApp};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use lianban_server::config::OpenRateConfig;
use std::net::SocketAddr;

/// An app whose systems may make 1 call a second with a burst of 3, and whose addresses may fail
/// authentication twice (then once a minute).
async fn strict_app() -> TestApp {
    strict_app_behind(&[]).await
}

async fn strict_app_behind(proxies: &[&str]) -> TestApp {
    let proxies = proxies.iter().map(|p| p.parse().unwrap()).collect();
    TestApp::start_with(|c| {
        c.open_rate = OpenRateConfig {
            per_second: 1,
            burst: 3,
            failures_per_minute: 1,
            failure_burst: 2,
            trusted_proxies: proxies,
        }
    })
    .await
}

/// `req` as if it came from `peer` over TCP.
fn from(peer: &str, mut req: Request<Body>) -> Request<Body> {
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

/// A correctly signed GET of the matter by `system`, sent from `peer` with `extra` headers.
async fn read(
    app: &TestApp,
    system: &System,
    target: &str,
    peer: &str,
    extra: &[(&str, &str)],
) -> Resp {
    let sig = system.sign(app, "GET", target, b"");
    app.send(from(peer, System::request("GET", target, b"", &sig, extra)))
        .await
}

/// A GET signed with a wrong secret, sent from `peer`.
async fn forged(app: &TestApp, target: &str, peer: &str, extra: &[(&str, &str)]) -> Resp {
    let liar = System {
        secret: "0".repeat(64),
        ..System::demo()
    };
    read(app, &liar, target, peer, extra).await
}

fn retry_after(resp: &Resp) -> u64 {
    resp.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds")
}

#[tokio::test]
async fn a_system_gets_its_burst_then_429_until_the_clock_moves_on() {
    let app = strict_app().await;
    let m = submitted_land_check(&app).await;
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let demo = System::demo();
    for _ in 0..3 {
        read(&app, &demo, &target, "192.0.2.10", &[])
            .await
            .expect(StatusCode::OK);
    }
    let refused = read(&app, &demo, &target, "192.0.2.10", &[]).await;
    let wait = retry_after(&refused);
    assert!((1..=2).contains(&wait), "{wait}");
    assert!(refused.headers.contains_key("x-lianban-time"));
    let body = refused.expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(
        body["detail"].as_str().unwrap().contains("秒后重试"),
        "{body}"
    );

    // Another system (from the same address) has its own budget: it passes the limits and is
    // told the matter is not its unit's.
    let (other, _) = System::register(&app, "czj", "财政一体化系统").await;
    let other_call = read(&app, &other, &target, "192.0.2.10", &[]).await;
    other_call.expect_problem(StatusCode::NOT_FOUND, "not_found");

    // Time earns calls back.
    app.state.clock.advance_seconds(3);
    for _ in 0..3 {
        read(&app, &demo, &target, "192.0.2.10", &[])
            .await
            .expect(StatusCode::OK);
    }
    read(&app, &demo, &target, "192.0.2.10", &[])
        .await
        .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

#[tokio::test]
async fn an_address_failing_authentication_is_refused_unread() {
    let app = strict_app().await;
    let m = submitted_land_check(&app).await;
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let demo = System::demo();
    for _ in 0..2 {
        forged(&app, &target, "203.0.113.7", &[])
            .await
            .expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    }
    let refused = forged(&app, &target, "203.0.113.7", &[]).await;
    let wait = retry_after(&refused);
    assert!((59..=60).contains(&wait), "{wait}");
    refused.expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Now even a correct call from that address waits, whatever it claims to forward for …
    read(&app, &demo, &target, "203.0.113.7", &[])
        .await
        .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    read(
        &app,
        &demo,
        &target,
        "203.0.113.7",
        &[("x-forwarded-for", "198.51.100.1")],
    )
    .await
    .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // … unsigned garbage too, while other addresses are served.
    let garbage = Request::get(target.as_str()).body(Body::empty()).unwrap();
    app.send(from("203.0.113.7", garbage))
        .await
        .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    read(&app, &demo, &target, "198.51.100.1", &[])
        .await
        .expect(StatusCode::OK);

    // A minute later one failure is earned back.
    app.state.clock.advance_seconds(61);
    read(&app, &demo, &target, "203.0.113.7", &[])
        .await
        .expect(StatusCode::OK);
    forged(&app, &target, "203.0.113.7", &[])
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    forged(&app, &target, "203.0.113.7", &[])
        .await
        .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_counted() {
    let app = strict_app_behind(&["10.0.0.0/8"]).await;
    let m = submitted_land_check(&app).await;
    let target = format!("/open/v1/matters/{}", segment(&m.number));
    let xff = |client: &'static str| [("x-forwarded-for", client)];
    for _ in 0..2 {
        forged(&app, &target, "10.0.0.2", &xff("203.0.113.7"))
            .await
            .expect_problem(StatusCode::UNAUTHORIZED, "signature_invalid");
    }
    forged(&app, &target, "10.0.0.2", &xff("203.0.113.7"))
        .await
        .expect_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // The department behind the same proxy is a different client.
    read(
        &app,
        &System::demo(),
        &target,
        "10.0.0.2",
        &xff("198.51.100.1"),
    )
    .await
    .expect(StatusCode::OK);
}
