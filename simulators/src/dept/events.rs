//! The endpoint Lianban pushes to, the failure modes that make it misbehave on purpose, and the
//! JSON view of the state.
//!
//! Each push is verified first (a refused one is answered 401/400 and logged); then an armed
//! failure mode answers instead of the system (the event is *not* taken in, so Lianban's retry
//! delivers it as new); otherwise a new event is stored and answered 200, a repeat answered 200
//! and ignored. Every request lands in the delivery log.

use super::state::DeliveryRecord;
use super::{Shared, local_now, local_text};
use crate::fault::{Faulty, Mode};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use lianban_sdk::api::{Event, Problem};
use lianban_sdk::receiver::Delivery;
use lianban_sdk::sign::Request;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What the endpoint does instead of handling a push.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultMode {
    /// Handle pushes normally.
    #[default]
    None,
    /// Answer 500.
    Error,
    /// Answer nothing for [`super::Config::hang`] (longer than Lianban waits), then 503.
    Timeout,
    /// Answer 410 Gone (Lianban disables the endpoint).
    Gone,
    /// Answer 429 with `Retry-After: 2`.
    Throttle,
}

impl Mode for FaultMode {
    const ALL: &'static [Self] = &[
        FaultMode::None,
        FaultMode::Error,
        FaultMode::Timeout,
        FaultMode::Gone,
        FaultMode::Throttle,
    ];

    fn label(self) -> &'static str {
        match self {
            FaultMode::None => "正常接收",
            FaultMode::Error => "返回 500 错误",
            FaultMode::Timeout => "挂起不应答（超时）",
            FaultMode::Gone => "返回 410 Gone",
            FaultMode::Throttle => "返回 429 限流（Retry-After: 2）",
        }
    }
}

/// The armed failure mode of the endpoint.
pub type Fault = crate::fault::Fault<FaultMode>;

/// `GET /api/state`: the stored state and the armed fault.
pub async fn state(State(sim): State<Shared>) -> Json<serde_json::Value> {
    let fault = sim.current_fault();
    let snapshot = sim.store.snapshot();
    Json(json!({
        "matters": snapshot.matters,
        "deliveries": snapshot.deliveries,
        "case_counter": snapshot.case_counter,
        "fault": fault,
    }))
}

/// `POST /lianban/events`.
pub async fn receive(
    State(sim): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = local_now();
    let at = local_text(&now);
    let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let request = Request {
        method: method.as_str(),
        path_and_query: target,
        body: &body,
    };
    let lookup = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let delivery = match sim
        .receiver
        .receive(request, lookup, now.timestamp().as_second())
    {
        Ok(delivery) => delivery,
        Err(e) => {
            let (id, kind) = peek(&body);
            log(
                &sim,
                DeliveryRecord {
                    at,
                    event_id: id,
                    event_type: kind,
                    status: Some(e.status()),
                    outcome: "rejected".into(),
                    note: format!("拒绝（{}）：{e}", e.code()),
                },
            );
            return problem(&e.problem());
        }
    };
    let (id, event) = match delivery {
        Delivery::New(event) => (event.id.clone(), Some(event)),
        Delivery::Repeat(id) => (id, None),
    };
    let armed = sim.take_fault();
    if let Some(mode) = armed {
        if event.is_some() {
            sim.receiver.forget(&id);
        }
        let kind = event
            .as_ref()
            .map(|e| e.kind.as_str().to_owned())
            .or(peek(&body).1);
        return fault(&sim, mode, at, id, kind).await;
    }
    match event {
        Some(event) => take_in(&sim, &event, at),
        None => {
            log(
                &sim,
                DeliveryRecord {
                    at,
                    event_id: Some(id.clone()),
                    event_type: peek(&body).1,
                    status: Some(200),
                    outcome: "repeat".into(),
                    note: "重复投递，已忽略".into(),
                },
            );
            Json(json!({"status": "duplicate", "id": id})).into_response()
        }
    }
}

/// Stores a new event and its log line in one write; a failed write refuses the delivery.
fn take_in(sim: &Shared, event: &Event, at: String) -> Response {
    let record = DeliveryRecord {
        at: at.clone(),
        event_id: Some(event.id.clone()),
        event_type: Some(event.kind.as_str().to_owned()),
        status: Some(200),
        outcome: "new".into(),
        note: format!("新事件，已接收（seq {}）", event.seq),
    };
    let stored = sim.store.update(|s| {
        s.apply(event, &at);
        s.log_delivery(record);
    });
    match stored {
        Ok(()) => Json(json!({"status": "received", "id": event.id})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "storing an event failed");
            sim.receiver.forget(&event.id);
            problem(&Problem::new(
                500,
                "internal",
                "内部错误",
                "事件未能保存，请稍后重试",
            ))
        }
    }
}

async fn fault(
    sim: &Shared,
    mode: FaultMode,
    at: String,
    id: String,
    kind: Option<String>,
) -> Response {
    let status = match mode {
        FaultMode::Error => Some(500),
        FaultMode::Gone => Some(410),
        FaultMode::Throttle => Some(429),
        FaultMode::Timeout | FaultMode::None => None,
    };
    let note = match mode {
        FaultMode::Timeout => format!("模拟故障：挂起 {} 秒不应答", sim.config.hang.as_secs()),
        other => format!("模拟故障：{}", other.label()),
    };
    log(
        sim,
        DeliveryRecord {
            at,
            event_id: Some(id),
            event_type: kind,
            status,
            outcome: "fault".into(),
            note,
        },
    );
    match mode {
        FaultMode::Error => problem(&Problem::new(
            500,
            "simulated_error",
            "模拟故障",
            "模拟的内部错误",
        )),
        FaultMode::Gone => problem(&Problem::new(
            410,
            "endpoint_gone",
            "接口已下线",
            "模拟：该接收地址已停用",
        )),
        FaultMode::Throttle => {
            let mut answer = problem(&Problem::new(
                429,
                "too_many_requests",
                "请求过多",
                "模拟限流，请 2 秒后重试",
            ));
            answer
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            answer
        }
        FaultMode::Timeout | FaultMode::None => {
            tokio::time::sleep(sim.config.hang).await;
            problem(&Problem::new(
                503,
                "simulated_timeout",
                "模拟超时",
                "模拟的超时已结束",
            ))
        }
    }
}

fn log(sim: &Shared, record: DeliveryRecord) {
    if let Err(e) = sim.store.update(|s| s.log_delivery(record)) {
        tracing::warn!(error = %e, "writing the delivery log failed");
    }
}

/// The id and type of a body, read without trusting it (for the log only).
fn peek(body: &[u8]) -> (Option<String>, Option<String>) {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    (text("id"), text("type"))
}

fn problem(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_vec(problem).unwrap_or_default(),
    )
        .into_response()
}
