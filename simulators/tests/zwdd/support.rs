//! Fixtures: the real `lianban-zwdd-sim` binary on a free port with its own data directory, and
//! work notices signed with `lianban-zwdd` as Lianban's client signs them.

use super::process::{Process, client, spawn};
use gateway_http as http;
use lianban_zwdd::WORK_NOTIFICATION_PATH;
use lianban_zwdd::answer::Answer;
use lianban_zwdd::sign::{self, Request};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

pub const KEY: &str = lianban_seeds::DEMO_ZWDD_APP_KEY;
pub const SECRET: &str = lianban_seeds::DEMO_ZWDD_APP_SECRET;
pub const TENANT: &str = lianban_seeds::DEMO_ZWDD_TENANT_ID;

/// A running simulator; killed when dropped.
pub struct Sim {
    _process: Process,
    pub base: String,
    pub http: http::Client,
}

/// Starts the binary with `data` as its data directory (a hang of 2 s in the timeout mode).
pub fn start(data: &Path) -> Sim {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lianban-zwdd-sim"));
    command
        .args(["--port", "0", "--hang-seconds", "2", "--data"])
        .arg(data)
        .env_remove("LIANBAN_ZWDD_SIM_PORT");
    let process = spawn(command, "lianban-zwdd-sim");
    let http = client();
    Sim {
        base: process.base.clone(),
        _process: process,
        http,
    }
}

/// The OA card Lianban could send `receiver` under `biz_msg_id`.
pub fn oa_card() -> Value {
    json!({"msgtype": "oa", "oa": {
        "message_url": "http://localhost:8080/matters/m1?task=3",
        "head": {"bgcolor": "FF1464E6", "text": "联办"},
        "body": {"title": "新的待办：张三调入", "form": [
            {"key": "办件编号", "value": "联办〔2026〕00001号"},
            {"key": "环节", "value": "人社局审核"}
        ], "author": "王晓燕"}
    }})
}

/// The form of a work notice.
pub fn params(receiver: &str, biz_msg_id: &str, msg: &Value) -> Vec<(String, String)> {
    [
        ("tenantId", TENANT),
        ("receiverIds", receiver),
        ("bizMsgId", biz_msg_id),
        ("msg", &msg.to_string()),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// How a call is signed.
pub struct Signing<'a> {
    pub key: &'a str,
    pub secret: &'a str,
    pub at: jiff::Timestamp,
    /// The path the signature covers.
    pub path: &'a str,
}

impl Default for Signing<'_> {
    fn default() -> Self {
        Signing {
            key: KEY,
            secret: SECRET,
            at: jiff::Timestamp::now(),
            path: WORK_NOTIFICATION_PATH,
        }
    }
}

/// The signature headers of `params` as `signing` says.
pub fn headers(signing: &Signing<'_>, params: &[(String, String)]) -> Vec<(&'static str, String)> {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let request = Request {
        method: "POST",
        path: signing.path,
        params: &pairs,
    };
    sign::headers(signing.key, signing.secret, &request, signing.at)
}

impl Sim {
    /// POSTs `params` as a form to `path` with `headers` through `client`.
    pub async fn post_via(
        &self,
        client: &http::Client,
        path: &str,
        headers: &[(&'static str, String)],
        params: &[(String, String)],
    ) -> Result<http::Response, http::Error> {
        let mut call = client.post(format!("{}{path}", self.base)).form(params);
        for (name, value) in headers {
            call = call.header(*name, value);
        }
        call.send().await
    }

    /// POSTs `params` as a form to `path` with `headers`; answers the status and body.
    pub async fn post(
        &self,
        path: &str,
        headers: &[(&'static str, String)],
        params: &[(String, String)],
    ) -> (u16, String) {
        let answer = self
            .post_via(&self.http, path, headers, params)
            .await
            .expect("the simulator answers");
        (answer.status().as_u16(), answer.text().await.unwrap())
    }

    /// Sends `params` signed correctly to the endpoint; answers the status and body.
    pub async fn send_raw(&self, params: &[(String, String)]) -> (u16, String) {
        let headers = headers(&Signing::default(), params);
        self.post(WORK_NOTIFICATION_PATH, &headers, params).await
    }

    /// Sends `params` signed correctly to the endpoint; answers the status and what the answer
    /// says, read as Lianban's client reads it.
    pub async fn send(&self, params: &[(String, String)]) -> (u16, Answer) {
        let (status, body) = self.send_raw(params).await;
        (status, read(&body))
    }

    /// `GET /api/state`.
    pub async fn state(&self) -> Value {
        let answer = self
            .http
            .get(format!("{}/api/state", self.base))
            .send()
            .await
            .unwrap();
        serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap()
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
        serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap()
    }

    /// The page's HTML with `query` (e.g. `?account=10003`).
    pub async fn page(&self, query: &str) -> String {
        let answer = self
            .http
            .get(format!("{}/{query}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        answer.text().await.unwrap()
    }
}

/// An answer body as Lianban's client reads it.
pub fn read(body: &str) -> Answer {
    Answer::read(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// The code and message of a refusal.
pub fn refusal(answer: &Answer) -> (&str, &str) {
    match answer {
        Answer::Refused { code, message } => (code, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The outcomes of the call log, oldest first.
pub fn outcomes(state: &Value) -> Vec<String> {
    state["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap().to_owned())
        .collect()
}
