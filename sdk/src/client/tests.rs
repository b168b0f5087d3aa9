//! The client against a small in-test stand-in for Lianban's `/open/v1` that verifies every
//! signature with [`sign::verify`] and answers canned bodies.

use super::*;
use crate::api::{DispatchRef, MatterRef, Outcome};
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

const KEY: &str = "demo-zrzyj";
const SECRET: &str = "3b1f7e9c2d5a4b8e6f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6";

/// One request the stand-in accepted.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    idempotency_key: Option<String>,
    body: Vec<u8>,
    algorithm: Algorithm,
}

type Log = Arc<Mutex<Vec<Seen>>>;

fn state(number: &str) -> MatterState {
    MatterState {
        matter: MatterRef {
            number: number.to_owned(),
            title: "办公用房调整".into(),
            type_code: "bgyf".into(),
            type_name: "办公用房调整".into(),
            initiator_unit: "jgswzx".into(),
            initiator_unit_name: "区机关事务中心".into(),
            initiator_name: "郑浩".into(),
        },
        status: "submitted".into(),
        dispatches: vec![crate::api::DispatchState {
            dispatch: DispatchRef {
                node: "n3".into(),
                unit: "zrzyj".into(),
                name: "自然资源和规划分局审核".into(),
                due_at: None,
                round: 0,
            },
            status: "pending".into(),
            acked: true,
            external_ref: Some("ZR-2026-0001".into()),
            steps: vec![],
        }],
    }
}

fn problem(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = Problem::new(status.as_u16(), code, "错误", detail);
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_vec(&body).unwrap(),
    )
        .into_response()
}

async fn lianban(
    axum::extract::State(log): axum::extract::State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signature = match sign::Signature::from_headers(get) {
        Ok(signature) => signature,
        Err(e) => return problem(StatusCode::UNAUTHORIZED, e.code(), &e.to_string()),
    };
    let request = Request {
        method: method.as_str(),
        path_and_query: &target,
        body: &body,
    };
    if let Err(e) = sign::verify(&signature, SECRET, request, unix_now()) {
        return problem(StatusCode::UNAUTHORIZED, e.code(), &e.to_string());
    }
    log.lock().unwrap().push(Seen {
        method: method.to_string(),
        target: target.clone(),
        idempotency_key: get(sign::HEADER_IDEMPOTENCY).map(str::to_owned),
        body: body.to_vec(),
        algorithm: signature.algorithm,
    });
    let parts: Vec<&str> = uri.path().trim_start_matches('/').split('/').collect();
    let busy_calls = log
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.target.contains("LB-BUSY"))
        .count();
    match parts.as_slice() {
        // Rate-limited twice (no wait asked), then served.
        ["open", "v1", "matters", "LB-BUSY", ..] if busy_calls <= 2 => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "请求过于频繁",
            ),
        )
            .into_response(),
        ["open", "v1", "matters", "LB-LONG", ..] => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "3600")],
            problem(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "请求过于频繁",
            ),
        )
            .into_response(),
        ["open", "v1", "matters", "LB-DONE", ..] => problem(
            StatusCode::CONFLICT,
            "dispatch_wrong_status",
            "该分发已办结，不能再登记步骤",
        ),
        ["open", "v1", "matters", "LB-PROXY", ..] => {
            (StatusCode::BAD_GATEWAY, "<html>bad gateway</html>").into_response()
        }
        ["open", "v1", "matters", "LB-SLOW", ..] => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::NO_CONTENT.into_response()
        }
        ["open", "v1", "matters", number, "files", _] => (
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"a.pdf\"; filename*=UTF-8''%E7%94%A8%E6%88%BF.pdf",
                ),
            ],
            format!("%PDF of {number}"),
        )
            .into_response(),
        ["open", "v1", "matters", number, ..] => {
            let number = percent_decode(number).unwrap();
            axum::Json(state(&number)).into_response()
        }
        _ => problem(StatusCode::NOT_FOUND, "not_found", "没有这个接口"),
    }
}

/// Starts the stand-in on a free port; returns its base URL and its log.
async fn start() -> (String, Log) {
    let log = Log::default();
    let app = axum::Router::new()
        .fallback(lianban)
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

#[tokio::test]
async fn every_call_is_signed_and_posts_carry_an_idempotency_key() {
    let (base, log) = start().await;
    for algorithm in [Algorithm::HmacSha256, Algorithm::HmacSm3] {
        let client = Client::new(&base, KEY, SECRET, algorithm);
        let ack = AckRequest {
            external_ref: Some("ZR-2026-0001".into()),
        };
        let got = client
            .ack("LB-20260302-0001", "n3", &ack, Some("ack-once"))
            .await
            .unwrap();
        assert_eq!(got, state("LB-20260302-0001"));
        let step = StepRequest {
            name: "科室初审".into(),
            handler: "张三".into(),
            at: "2026-03-02T09:00:00+08:00".into(),
            opinion: Some("同意".into()),
        };
        client
            .step("LB-20260302-0001", "n3", &step, None)
            .await
            .unwrap();
        let mut result = ResultRequest::approved(Some("同意".into()));
        result.documents.push(crate::api::Document {
            filename: "批复.pdf".into(),
            content_base64: "JVBERg==".into(),
        });
        client
            .result("LB-20260302-0001", "n3", &result, None)
            .await
            .unwrap();
        client.matter("LB-20260302-0001").await.unwrap();
    }
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 8);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].target,
        "/open/v1/matters/LB-20260302-0001/dispatches/n3/ack"
    );
    assert_eq!(seen[0].idempotency_key.as_deref(), Some("ack-once"));
    assert_eq!(seen[0].body, br#"{"external_ref":"ZR-2026-0001"}"#);
    let generated = seen[1].idempotency_key.clone().unwrap();
    assert!(sign::valid_nonce(&generated), "{generated}");
    assert_ne!(Some(generated), seen[2].idempotency_key);
    let result: ResultRequest = serde_json::from_slice(&seen[2].body).unwrap();
    assert_eq!(
        (result.outcome, result.documents.len()),
        (Outcome::Approved, 1)
    );
    assert_eq!(
        (seen[3].method.as_str(), seen[3].idempotency_key.as_ref()),
        ("GET", None)
    );
    assert_eq!(seen[4].algorithm, Algorithm::HmacSm3);
}

#[tokio::test]
async fn path_segments_are_percent_encoded_and_signed_as_sent() {
    let (base, log) = start().await;
    // A path prefix on the base URL is kept (Lianban behind a proxy path).
    let client = Client::new(&format!("{base}/"), KEY, SECRET, Algorithm::HmacSm3);
    let got = client.matter("联办〔2026〕00001号").await.unwrap();
    assert_eq!(got.matter.number, "联办〔2026〕00001号");
    let target = log.lock().unwrap()[0].target.clone();
    assert!(
        target.starts_with("/open/v1/matters/%E8%81%94%E5%8A%9E"),
        "{target}"
    );
}

#[tokio::test]
async fn a_rate_limited_call_is_sent_again_after_the_wait_it_asks_for() {
    let (base, log) = start().await;
    let client = Client::new(&base, KEY, SECRET, Algorithm::HmacSm3);
    let ack = client
        .ack("LB-BUSY", "n3", &AckRequest { external_ref: None }, None)
        .await;
    assert!(ack.is_ok(), "{ack:?}");
    let seen: Vec<Seen> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.target.contains("LB-BUSY"))
        .cloned()
        .collect();
    assert_eq!(seen.len(), 3, "two refusals, then served");
    let keys: Vec<_> = seen.iter().map(|s| s.idempotency_key.clone()).collect();
    assert!(
        keys[0].is_some() && keys.iter().all(|k| k == &keys[0]),
        "{keys:?}"
    );

    // Without retries, or when the wait is too long, the 429 comes back at once.
    log.lock().unwrap().clear();
    let once = client.clone().with_rate_limit_retries(0);
    let err = once
        .ack("LB-BUSY", "n3", &AckRequest { external_ref: None }, None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(429), Some("rate_limited"))
    );
    let err = client.matter("LB-LONG").await.unwrap_err();
    assert_eq!(err.code(), Some("rate_limited"));
    assert_eq!(
        log.lock()
            .unwrap()
            .iter()
            .filter(|s| s.target.contains("LB-LONG"))
            .count(),
        1,
        "an hour's wait is not waited for"
    );
}

#[tokio::test]
async fn error_answers_become_typed_problems() {
    let (base, _) = start().await;
    let client = Client::new(&base, KEY, SECRET, Algorithm::HmacSha256);
    let step = StepRequest {
        name: "复核".into(),
        handler: "李四".into(),
        at: "2026-03-02T10:00:00+08:00".into(),
        opinion: None,
    };
    let err = client.step("LB-DONE", "n3", &step, None).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("dispatch_wrong_status"));
    assert_eq!(
        err.problem().unwrap().detail,
        "该分发已办结，不能再登记步骤"
    );
    assert!(err.to_string().contains("该分发已办结"), "{err}");

    let err = client.matter("LB-PROXY").await.unwrap_err();
    let problem = err.problem().unwrap();
    assert_eq!(
        (
            problem.status,
            problem.code.as_str(),
            problem.detail.as_str()
        ),
        (502, "http_502", "<html>bad gateway</html>")
    );

    let wrong = Client::new(&base, KEY, "not the secret", Algorithm::HmacSha256);
    let err = wrong.matter("LB-20260302-0001").await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(401), Some("signature_invalid"))
    );
}

#[tokio::test]
async fn files_download_with_their_names() {
    let (base, log) = start().await;
    let client = Client::new(&base, KEY, SECRET, Algorithm::HmacSha256);
    let file = client.file("LB-20260302-0001", "f/1").await.unwrap();
    assert_eq!(file.bytes, b"%PDF of LB-20260302-0001");
    assert_eq!(file.filename.as_deref(), Some("用房.pdf"));
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(
        log.lock().unwrap()[0].target,
        "/open/v1/matters/LB-20260302-0001/files/f%2F1"
    );
    assert_eq!(
        disposition_filename("attachment; filename=\"plain.txt\"").as_deref(),
        Some("plain.txt")
    );
}

#[tokio::test]
async fn no_answer_is_a_transport_error_and_a_bad_base_a_url_error() {
    let (base, _) = start().await;
    let slow = Client::new(&base, KEY, SECRET, Algorithm::HmacSha256)
        .with_timeout(Duration::from_millis(300));
    let err = slow.matter("LB-SLOW").await.unwrap_err();
    assert_eq!(err, ClientError::Transport("请求超时".into()));

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = Client::new(&closed, KEY, SECRET, Algorithm::HmacSha256)
        .matter("LB-1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Transport(ref t) if t.starts_with("连接 127.0.0.1:") && t.ends_with("失败")),
        "{err}"
    );

    let err = Client::new("not a url", KEY, SECRET, Algorithm::HmacSha256)
        .matter("LB-1")
        .await
        .unwrap_err();
    assert_eq!(err, ClientError::Url("not a url".into()));
    assert!(!format!("{slow:?}").contains(SECRET));
}
