//! A stand-in for Lianban's `/open/v1`, for the simulator's own tests only: it verifies every
//! request's signature with `lianban_sdk::sign::verify` (401 problem+json otherwise), records
//! what it accepted, and answers a canned `MatterState` — or, for matter `LB-REFUSE`, the
//! problem+json a finished dispatch gets. The real end-to-end against the server lives in `tests/`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use lianban_sdk::api::{DispatchRef, DispatchState, MatterRef, MatterState, Problem, StepRequest};
use lianban_sdk::sign;
use std::sync::{Arc, Mutex};

/// One accepted call.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub target: String,
    pub idempotency_key: Option<String>,
    pub body: serde_json::Value,
    pub algorithm: &'static str,
}

#[derive(Clone, Default)]
pub struct Double {
    pub calls: Arc<Mutex<Vec<Call>>>,
}

impl Double {
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

/// Starts the stand-in on a free port: its base URL and its record.
pub async fn start() -> (String, Double) {
    let double = Double::default();
    let app = axum::Router::new()
        .fallback(answer)
        .with_state(double.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), double)
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

async fn answer(
    State(double): State<Double>,
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
    let verified = sign::Signature::from_headers(get).and_then(|signature| {
        let request = sign::Request {
            method: method.as_str(),
            path_and_query: &target,
            body: &body,
        };
        sign::verify(
            &signature,
            super::support::SECRET,
            request,
            super::support::now(),
        )
        .map(|_| signature.algorithm)
    });
    let algorithm = match verified {
        Ok(algorithm) => algorithm.name(),
        Err(e) => return problem(StatusCode::UNAUTHORIZED, e.code(), &e.to_string()),
    };
    double.calls.lock().unwrap().push(Call {
        method: method.to_string(),
        target: target.clone(),
        idempotency_key: get(sign::HEADER_IDEMPOTENCY).map(str::to_owned),
        body: serde_json::from_slice(&body).unwrap_or_default(),
        algorithm,
    });
    let parts: Vec<&str> = uri.path().trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["open", "v1", "matters", "LB-REFUSE", ..] => problem(
            StatusCode::CONFLICT,
            "dispatch_wrong_status",
            "该分发已办结，不能再次办理",
        ),
        ["open", "v1", "matters", _, "files", id] => (
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename*=UTF-8''%E5%B9%B3%E9%9D%A2%E5%9B%BE.pdf",
                ),
            ],
            format!("%PDF-1.7 file {id}"),
        )
            .into_response(),
        ["open", "v1", "matters", number, rest @ ..] => {
            let action = rest.last().copied().unwrap_or("");
            axum::Json(state(number, action, &body)).into_response()
        }
        _ => problem(StatusCode::NOT_FOUND, "not_found", "没有这个接口"),
    }
}

/// The canned answer: the dispatch acknowledged with the ack's case number, and a step
/// echoed back when one was reported.
fn state(number: &str, action: &str, body: &[u8]) -> MatterState {
    let body: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let steps = match action {
        "steps" => vec![serde_json::from_value::<StepRequest>(body.clone()).unwrap()],
        _ => vec![],
    };
    let status = match (action, body["outcome"].as_str()) {
        ("result", Some("approved")) => "completed",
        ("result", _) => "returned",
        _ => "pending",
    };
    MatterState {
        matter: MatterRef {
            number: number.to_owned(),
            title: "区机关事务中心办公用房调整".into(),
            type_code: "bgyf".into(),
            type_name: "办公用房调整".into(),
            initiator_unit: "jgswzx".into(),
            initiator_unit_name: "区机关事务中心".into(),
            initiator_name: "郑浩".into(),
        },
        status: "submitted".into(),
        dispatches: vec![DispatchState {
            dispatch: DispatchRef {
                node: "n3".into(),
                unit: "zrzyj".into(),
                name: "自然资源和规划分局审核".into(),
                due_at: None,
                round: 0,
            },
            status: status.into(),
            acked: true,
            external_ref: body["external_ref"].as_str().map(str::to_owned),
            steps,
        }],
    }
}
