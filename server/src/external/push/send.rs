//! One HTTP attempt: the endpoint checked and resolved again (SSRF guard) with the client pinned
//! to the addresses just checked, the materials' links minted, the body signed like an inbound
//! call with the system's key and secret, and the answer read into a [`Sent`].

use super::policy::{Sent, retry_after_ms};
use super::store::PushRow;
use crate::AppState;
use crate::external::endpoint::{self, EndpointError};
use crate::external::{Target, links};
use gateway_http as http;
use lianban_sdk::api;
use lianban_sdk::sign::{self, Request};
use std::time::Duration;

/// What an attempt answered, for the row's history.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status, if the system answered.
    pub status: Option<u16>,
    /// The outcome.
    pub sent: Sent,
}

impl Answer {
    fn final_(reason: String) -> Self {
        Self {
            status: None,
            sent: Sent::Final(reason),
        }
    }

    fn failed(status: Option<u16>, error: String, retry_after_ms: Option<i64>) -> Self {
        Self {
            status,
            sent: Sent::Failed {
                error,
                retry_after_ms,
            },
        }
    }
}

/// Where minted links point: the public address, else this node on loopback.
fn link_base(state: &AppState) -> String {
    state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://127.0.0.1:{}", state.config.port))
}

/// The event of `row` with fresh links to its materials (valid [`links::LINK_TTL_MS`] from now).
pub fn event_with_links(
    state: &AppState,
    row: &PushRow,
    now_ms: i64,
) -> Result<api::Event, String> {
    let mut event: api::Event =
        serde_json::from_value(row.event.clone()).map_err(|e| format!("事件无法解析：{e}"))?;
    let has_data = matches!(
        event.kind,
        api::EventType::DispatchCreated | api::EventType::DispatchResubmitted
    );
    if has_data {
        let mut data: api::DispatchData = serde_json::from_value(event.data.clone())
            .map_err(|e| format!("事件数据无法解析：{e}"))?;
        let expires = now_ms + links::LINK_TTL_MS;
        let base = link_base(state);
        for m in &mut data.materials {
            let path = links::mint(state, &row.matter_no, &m.id, &row.system, expires);
            // Through the URL parser, so the matter number's characters are percent-encoded.
            let full = format!("{base}{path}");
            m.url = url::Url::parse(&full).map(String::from).unwrap_or(full);
            m.expires_at = crate::matter::fmt_ms(expires);
        }
        event.data = serde_json::json!(data);
    }
    Ok(event)
}

/// Sends `row` to `target` now.
pub async fn attempt(state: &AppState, target: &Target, row: &PushRow) -> Answer {
    let (endpoint, addrs) =
        match endpoint::resolve(&target.endpoint, &state.config.open_allow).await {
            Ok(ok) => ok,
            Err(e @ EndpointError::Unresolvable(_)) => {
                return Answer::failed(None, e.to_string(), None);
            }
            Err(e) => return Answer::final_(e.to_string()),
        };
    let now = state.clock.now();
    let event = match event_with_links(state, row, now.as_millisecond()) {
        Ok(e) => e,
        Err(e) => return Answer::final_(e),
    };
    let body = match serde_json::to_vec(&event) {
        Ok(b) => b,
        Err(e) => return Answer::final_(format!("事件无法序列化：{e}")),
    };
    let path = endpoint.path_and_query();
    let signature = sign::sign(
        &target.app_key,
        &target.secret,
        target.algorithm,
        Request {
            method: "POST",
            path_and_query: &path,
            body: &body,
        },
        now.as_second(),
        &sign::new_nonce(),
    );
    let timeout = Duration::from_secs(state.config.open_push.timeout_seconds);
    let client = http::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(http::redirect::Policy::none())
        .no_proxy()
        .resolve_to_addrs(&endpoint.host, &addrs)
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => return Answer::failed(None, format!("HTTP 客户端无法创建：{e}"), None),
    };
    let mut request = client
        .post(endpoint.url.clone())
        .header("content-type", "application/json")
        .header("user-agent", "Lianban-Push/1");
    for (name, value) in signature.headers() {
        request = request.header(name, value);
    }
    let response = match request.body(body).send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return Answer::failed(
                None,
                format!("推送超时（{}秒内无应答）", timeout.as_secs()),
                None,
            );
        }
        Err(e) => {
            return Answer::failed(None, format!("无法连接接收地址：{}", root_cause(&e)), None);
        }
    };
    read(state, response, now.as_millisecond())
}

fn read(state: &AppState, response: http::Response, now_ms: i64) -> Answer {
    let status = response.status();
    let code = status.as_u16();
    if status.is_success() {
        return Answer {
            status: Some(code),
            sent: Sent::Delivered,
        };
    }
    match code {
        410 => Answer {
            status: Some(code),
            sent: Sent::Final("接收地址返回 410 Gone，对接系统已自动停用".to_owned()),
        },
        429 => {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry_after_ms(v, now_ms))
                .map(|ms| ms.min(state.config.open_push.retry_max_seconds * 1000));
            Answer::failed(Some(code), "对方限流（HTTP 429）".to_owned(), wait)
        }
        _ => Answer::failed(Some(code), format!("对方返回 HTTP {code}"), None),
    }
}

/// The innermost error's text (reqwest's own says little).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
