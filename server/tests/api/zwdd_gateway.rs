//! A loopback 浙政钉 gateway for the notification tests: axum on a random 127.0.0.1 port serving
//! `/message/workNotification`. It verifies each request's signature as the real gateway does,
//! records every call, fails the first calls of each message on demand and refuses a message it
//! already accepted as a duplicate.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Form, Json, Router};
use lianban_server::config::{Secret, ZwddConfig};
use lianban_server::zwdd::sign;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// One call the gateway received.
#[derive(Debug, Clone)]
pub struct Call {
    pub biz_msg_id: String,
    pub receiver: String,
    pub msg: Value,
    pub signed: bool,
}

/// The loopback gateway: answers `status` to the first `failures` calls of each message
/// (`bizMsgId`), then accepts it; a message it already accepted is refused as a duplicate, as
/// the real gateway does.
pub struct Gateway {
    pub url: String,
    seen: Arc<Mutex<Vec<Call>>>,
}

#[derive(Clone)]
struct GatewayState {
    seen: Arc<Mutex<Vec<Call>>>,
    failures: usize,
    status: StatusCode,
}

/// The AppSecret the gateway checks signatures with (AppKey `test-key`, tenant `196729`).
const SECRET: &str = "test-secret";

/// The configuration of an app that talks to the gateway at `url`.
pub fn zwdd_config(url: &str) -> ZwddConfig {
    ZwddConfig {
        base_url: url.to_owned(),
        app_key: "test-key".into(),
        app_secret: Secret::new(SECRET),
        tenant_id: "196729".into(),
    }
}

async fn work_notification(
    State(gw): State<GatewayState>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> (StatusCode, Json<Value>) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let params: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let text = sign::string_to_sign(
        "POST",
        &header("X-Hmac-Auth-Timestamp"),
        &header("X-Hmac-Auth-Nonce"),
        "/message/workNotification",
        &params,
    );
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let call = Call {
        biz_msg_id: field("bizMsgId"),
        receiver: field("receiverIds"),
        msg: serde_json::from_str(&field("msg")).unwrap_or(Value::Null),
        signed: header("apiKey") == "test-key"
            && header("X-Hmac-Auth-Version") == "1.0"
            && field("tenantId") == "196729"
            && header("X-Hmac-Auth-Signature") == sign::signature(SECRET, &text),
    };
    let mut seen = gw.seen.lock().unwrap();
    let before = seen
        .iter()
        .filter(|c| c.biz_msg_id == call.biz_msg_id)
        .count();
    seen.push(call);
    if before < gw.failures {
        return (gw.status, Json(json!({ "message": "unavailable" })));
    }
    if before > gw.failures {
        return (
            StatusCode::OK,
            Json(json!({ "success": false, "errorCode": "DUP", "errorMsg": "bizMsgId重复" })),
        );
    }
    let n = seen.len();
    (
        StatusCode::OK,
        Json(json!({ "success": true, "content": { "msgId": format!("msg-{n}") } })),
    )
}

impl Gateway {
    pub async fn start(failures: usize, status: StatusCode) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/message/workNotification", post(work_notification))
            .with_state(GatewayState {
                seen: seen.clone(),
                failures,
                status,
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, seen }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.seen.lock().unwrap().clone()
    }

    pub fn calls_of(&self, biz_msg_id: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.biz_msg_id == biz_msg_id)
            .collect()
    }
}
