//! Fixtures: the real `lianban-dept-sim` binary on a free port with its own data directory, a
//! stand-in for Lianban (see [`super::lianban_double`]), and events signed with the SDK exactly as
//! Lianban signs its pushes.

use super::process::{Process, client, spawn};
use gateway_http as http;
use lianban_sdk::sign::{self, Algorithm, Request};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

pub const KEY: &str = "demo-zrzyj";
pub const SECRET: &str = "3b1f7e9c2d5a4b8e6f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6";
pub const NUMBER: &str = "LB-20260302-0001";

/// A running simulator; killed when dropped.
pub struct Sim {
    _process: Process,
    pub base: String,
    pub data: PathBuf,
    pub http: http::Client,
}

/// Starts the binary with `data` as its data directory, calling the Lianban at `lianban`.
pub fn start(data: &Path, lianban: &str, extra: &[&str]) -> Sim {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lianban-dept-sim"));
    command
        .args([
            "--port",
            "0",
            "--hang-seconds",
            "3",
            "--lianban-url",
            lianban,
        ])
        .arg("--data")
        .arg(data)
        .args(extra)
        .env_remove("LIANBAN_SIM_PORT");
    let process = spawn(command, "lianban-dept-sim");
    let http = client();
    Sim {
        base: process.base.clone(),
        _process: process,
        data: data.to_owned(),
        http,
    }
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An event of `kind` for dispatch `n3` of [`NUMBER`].
pub fn event(id: &str, kind: &str, seq: u64) -> Value {
    let data = match kind {
        "dispatch.created" | "dispatch.resubmitted" => json!({
            "values": {"room": "滨江大厦 1203", "area": 86.5},
            "form": [
                {"key": "room", "label": "拟调整用房", "kind": "text"},
                {"key": "area", "label": "面积（平方米）", "kind": "number"}
            ],
            "materials": [{
                "id": "f1", "field": "plan", "filename": "用房平面图.pdf", "size": 12,
                "sm3": "00", "url": "http://127.0.0.1:1/files/f1?t=x",
                "expires_at": "2026-03-03T09:00:00+08:00"
            }]
        }),
        _ => json!({"reason": "测试"}),
    };
    json!({
        "id": id,
        "type": kind,
        "seq": seq,
        "occurred_at": "2026-03-02T09:00:00+08:00",
        "matter": {
            "number": NUMBER, "title": "区机关事务中心办公用房调整", "type_code": "bgyf",
            "type_name": "办公用房调整", "initiator_unit": "jgswzx",
            "initiator_unit_name": "区机关事务中心", "initiator_name": "郑浩"
        },
        "dispatch": {"node": "n3", "unit": "zrzyj", "name": "自然资源和规划分局审核", "round": 0},
        "data": data
    })
}

/// How a push is signed.
pub struct Signing<'a> {
    pub key: &'a str,
    pub secret: &'a str,
    pub algorithm: Algorithm,
    pub at: i64,
}

impl Default for Signing<'_> {
    fn default() -> Self {
        Signing {
            key: KEY,
            secret: SECRET,
            algorithm: Algorithm::HmacSha256,
            at: now(),
        }
    }
}

impl Sim {
    /// POSTs `body` to `/lianban/events` signed as `signing` says, but with `sent` as the body
    /// actually sent (equal to `body` unless tampering).
    pub async fn push_raw(&self, body: &[u8], sent: &[u8], signing: Signing<'_>) -> http::Response {
        let request = Request {
            method: "POST",
            path_and_query: "/lianban/events",
            body,
        };
        let signature = sign::sign(
            signing.key,
            signing.secret,
            signing.algorithm,
            request,
            signing.at,
            &sign::new_nonce(),
        );
        let mut call = self
            .http
            .post(format!("{}/lianban/events", self.base))
            .header("content-type", "application/json")
            .body(sent.to_vec());
        for (name, value) in signature.headers() {
            call = call.header(name, value);
        }
        call.send().await.expect("the simulator answers")
    }

    /// Pushes `event` signed correctly; answers status and JSON body.
    pub async fn push(&self, event: &Value) -> (u16, Value) {
        let body = serde_json::to_vec(event).unwrap();
        let answer = self.push_raw(&body, &body, Signing::default()).await;
        read(answer).await
    }

    /// `GET /api/state`.
    pub async fn state(&self) -> Value {
        let answer = self
            .http
            .get(format!("{}/api/state", self.base))
            .send()
            .await
            .unwrap();
        read(answer).await.1
    }

    /// `POST /admin/fail`.
    pub async fn fail(&self, fault: Value) -> Value {
        let answer = self
            .http
            .post(format!("{}/admin/fail", self.base))
            .header("content-type", "application/json")
            .body(fault.to_string())
            .send()
            .await
            .unwrap();
        read(answer).await.1
    }

    /// Submits one of the page's url-encoded forms; answers the status and `Location`.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let answer = self
            .http
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap();
        let location = answer
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (answer.status().as_u16(), location)
    }

    /// The page's HTML.
    pub async fn page(&self) -> String {
        let answer = self.http.get(&self.base).send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        answer.text().await.unwrap()
    }
}

pub async fn read(answer: http::Response) -> (u16, Value) {
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The dispatch `n3` of [`NUMBER`] in a state.
pub fn dispatch(state: &Value) -> &Value {
    &state["matters"][0]["dispatches"][0]
}

/// The last line of the delivery log.
pub fn last_delivery(state: &Value) -> &Value {
    let log = state["deliveries"].as_array().unwrap();
    log.last().unwrap()
}
