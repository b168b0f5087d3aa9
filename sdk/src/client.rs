//! An HTTP client of Lianban's open API (`/open/v1`) for department systems: every call is
//! signed (fresh nonce, current time), POSTs carry an `Idempotency-Key`, and error answers
//! (problem+json) come back as [`ClientError::Api`] with their status, stable code and Chinese
//! detail.
//!
//! ```no_run
//! # async fn demo() -> Result<(), lianban_sdk::client::ClientError> {
//! use lianban_sdk::api::AckRequest;
//! use lianban_sdk::client::Client;
//! use lianban_sdk::sign::Algorithm;
//!
//! let lianban = Client::new("http://127.0.0.1:8080", "demo-zrzyj", "…secret…", Algorithm::HmacSha256);
//! let ack = AckRequest { external_ref: Some("ZR-2026-0001".into()) };
//! let state = lianban.ack("LB-20260302-0001", "n3", &ack, None).await?;
//! println!("{}", state.status);
//! # Ok(()) }
//! ```

use crate::api::{AckRequest, MatterState, Problem, ResultRequest, StepRequest};
use crate::sign::{self, Algorithm, Request};
use gateway_http as http;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long one call may take unless [`Client::with_timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How many times a call refused with 429 `rate_limited` is sent again (after the
/// `Retry-After` wait) unless [`Client::with_rate_limit_retries`] says otherwise.
pub const DEFAULT_RATE_LIMIT_RETRIES: u32 = 2;

/// The longest `Retry-After` the client waits for by itself; a longer one is returned as the
/// error at once.
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// No answer: the connection failed, timed out or broke off.
    #[error("无法连接联办：{0}")]
    Transport(String),
    /// Lianban answered with an error status. Answers that are not problem+json (a proxy's
    /// error page) get the code `http_<status>` and the start of the body as detail.
    #[error("联办拒绝了请求（HTTP {}，{}）：{}", .0.status, .0.code, .0.detail)]
    Api(Problem),
    /// A success answer whose body is not what the API promises.
    #[error("联办的应答无法解析：{0}")]
    Decode(String),
    /// The base URL and the path do not make a URL.
    #[error("联办地址不正确：{0}")]
    Url(String),
}

impl ClientError {
    /// The HTTP status of an error answer.
    pub fn status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }

    /// The stable code of an error answer, e.g. `signature_invalid`.
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|p| p.code.as_str())
    }

    /// The error answer itself.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(problem) => Some(problem),
            ClientError::Transport(_) | ClientError::Decode(_) | ClientError::Url(_) => None,
        }
    }
}

/// A downloaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// `Content-Type`, when given.
    pub content_type: Option<String>,
    /// The file name from `Content-Disposition`, when given.
    pub filename: Option<String>,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A client of one Lianban for one registered system (app key and secret).
#[derive(Clone)]
pub struct Client {
    http: http::Client,
    /// The parsed base URL, or why it is unusable.
    base: Result<http::Url, String>,
    app_key: String,
    secret: String,
    algorithm: Algorithm,
    rate_limit_retries: u32,
}

impl Client {
    /// A client of the Lianban at `base_url` (e.g. `https://lianban.example.gov.cn`; a path
    /// prefix is kept and signed) with the system's `app_key`, `secret` and `algorithm`.
    /// An unusable `base_url` surfaces as [`ClientError::Url`] on the first call.
    pub fn new(
        base_url: &str,
        app_key: impl Into<String>,
        secret: impl Into<String>,
        algorithm: Algorithm,
    ) -> Self {
        let base = http::Url::parse(base_url.trim_end_matches('/'))
            .ok()
            .filter(|url| !url.cannot_be_a_base())
            .ok_or_else(|| base_url.to_owned());
        Client {
            http: build_http(DEFAULT_TIMEOUT),
            base,
            app_key: app_key.into(),
            secret: secret.into(),
            algorithm,
            rate_limit_retries: DEFAULT_RATE_LIMIT_RETRIES,
        }
    }

    /// The same client sending a call refused with 429 (`rate_limited`) again at most `retries`
    /// times, each after the answer's `Retry-After` (at most [`MAX_RATE_LIMIT_WAIT`]), signed
    /// afresh and with the same idempotency key; 0 returns the 429 at once.
    pub fn with_rate_limit_retries(mut self, retries: u32) -> Self {
        self.rate_limit_retries = retries;
        self
    }

    /// The same client with another time limit per call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.http = build_http(timeout);
        self
    }

    /// `POST /open/v1/matters/{number}/dispatches/{node}/ack`: the system took the dispatch in.
    /// `idempotency_key`: pass the same key when retrying a call whose answer was lost; `None`
    /// generates a fresh one.
    pub async fn ack(
        &self,
        number: &str,
        node: &str,
        request: &AckRequest,
        idempotency_key: Option<&str>,
    ) -> Result<MatterState, ClientError> {
        self.post(
            &dispatch_path(number, node, "ack"),
            request,
            idempotency_key,
        )
        .await
    }

    /// `POST /open/v1/matters/{number}/dispatches/{node}/steps`: one internal step done.
    pub async fn step(
        &self,
        number: &str,
        node: &str,
        request: &StepRequest,
        idempotency_key: Option<&str>,
    ) -> Result<MatterState, ClientError> {
        self.post(
            &dispatch_path(number, node, "steps"),
            request,
            idempotency_key,
        )
        .await
    }

    /// `POST /open/v1/matters/{number}/dispatches/{node}/result`: approved or returned.
    pub async fn result(
        &self,
        number: &str,
        node: &str,
        request: &ResultRequest,
        idempotency_key: Option<&str>,
    ) -> Result<MatterState, ClientError> {
        self.post(
            &dispatch_path(number, node, "result"),
            request,
            idempotency_key,
        )
        .await
    }

    /// `GET /open/v1/matters/{number}`: the matter as the system's unit sees it.
    pub async fn matter(&self, number: &str) -> Result<MatterState, ClientError> {
        let path = format!("/open/v1/matters/{}", segment(number));
        let answer = self.send(http::Method::GET, &path, None, None).await?;
        decode(answer).await
    }

    /// `GET /open/v1/matters/{number}/files/{id}`: a material's content.
    pub async fn file(&self, number: &str, id: &str) -> Result<Download, ClientError> {
        let path = format!("/open/v1/matters/{}/files/{}", segment(number), segment(id));
        let answer = self.send(http::Method::GET, &path, None, None).await?;
        let header = |name: http::header::HeaderName| {
            answer
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(http::header::CONTENT_TYPE);
        let filename = header(http::header::CONTENT_DISPOSITION)
            .as_deref()
            .and_then(disposition_filename);
        let bytes = answer
            .bytes()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        Ok(Download {
            content_type,
            filename,
            bytes: bytes.to_vec(),
        })
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        idempotency_key: Option<&str>,
    ) -> Result<T, ClientError> {
        let body = serde_json::to_vec(body).map_err(|e| ClientError::Decode(e.to_string()))?;
        let key = idempotency_key.map_or_else(sign::new_nonce, str::to_owned);
        let answer = self
            .send(http::Method::POST, path, Some(body), Some(key))
            .await?;
        decode(answer).await
    }

    /// Signs and sends one request, again after the wait a 429 asks for (see
    /// [`Client::with_rate_limit_retries`]); error statuses become [`ClientError::Api`].
    async fn send(
        &self,
        method: http::Method,
        path: &str,
        body: Option<Vec<u8>>,
        idempotency_key: Option<String>,
    ) -> Result<http::Response, ClientError> {
        let body = body.unwrap_or_default();
        let mut retries = self.rate_limit_retries;
        loop {
            let answer = self
                .send_once(method.clone(), path, &body, idempotency_key.as_deref())
                .await?;
            if answer.status().is_success() {
                return Ok(answer);
            }
            let wait = retry_after(&answer);
            let problem = problem_of(answer).await;
            match wait {
                Some(wait)
                    if problem.status == 429 && retries > 0 && wait <= MAX_RATE_LIMIT_WAIT =>
                {
                    retries -= 1;
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(ClientError::Api(problem)),
            }
        }
    }

    /// Signs and sends one request as it is; any status is an answer.
    async fn send_once(
        &self,
        method: http::Method,
        path: &str,
        body: &[u8],
        idempotency_key: Option<&str>,
    ) -> Result<http::Response, ClientError> {
        let url = self.url(path)?;
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let signature = sign::sign(
            &self.app_key,
            &self.secret,
            self.algorithm,
            Request {
                method: method.as_str(),
                path_and_query: &target,
                body,
            },
            unix_now(),
            &sign::new_nonce(),
        );
        let mut request = self.http.request(method, url);
        for (name, value) in signature.headers() {
            request = request.header(name, value);
        }
        if let Some(key) = idempotency_key {
            request = request.header(sign::HEADER_IDEMPOTENCY, key);
        }
        if !body.is_empty() {
            request = request
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        request
            .send()
            .await
            .map_err(|e| ClientError::Transport(transport_text(&e)))
    }

    fn url(&self, path: &str) -> Result<http::Url, ClientError> {
        let base = self
            .base
            .as_ref()
            .map_err(|bad| ClientError::Url(bad.clone()))?;
        let mut url = base.clone();
        url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
        Ok(url)
    }
}

impl std::fmt::Debug for Client {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("app_key", &self.app_key)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

fn build_http(timeout: Duration) -> http::Client {
    http::Client::builder()
        .timeout(timeout)
        .build()
        .unwrap_or_else(|_| http::Client::new())
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn dispatch_path(number: &str, node: &str, action: &str) -> String {
    format!(
        "/open/v1/matters/{}/dispatches/{}/{action}",
        segment(number),
        segment(node)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so the path Lianban
/// receives is exactly the one signed.
fn segment(text: &str) -> String {
    use std::fmt::Write;
    text.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

async fn decode<T: DeserializeOwned>(answer: http::Response) -> Result<T, ClientError> {
    let bytes = answer
        .bytes()
        .await
        .map_err(|e| ClientError::Transport(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))
}

/// The wait a 429 answer asks for: `Retry-After` in seconds (a date is not used by Lianban).
fn retry_after(answer: &http::Response) -> Option<Duration> {
    if answer.status().as_u16() != 429 {
        return None;
    }
    let seconds = answer
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1);
    Some(Duration::from_secs(seconds))
}

async fn problem_of(answer: http::Response) -> Problem {
    let status = answer.status();
    let bytes = answer.bytes().await.unwrap_or_default();
    serde_json::from_slice::<Problem>(&bytes).unwrap_or_else(|_| {
        let text: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
        Problem::new(
            status.as_u16(),
            format!("http_{}", status.as_u16()),
            status.canonical_reason().unwrap_or(""),
            text,
        )
    })
}

fn transport_text(error: &http::Error) -> String {
    if error.is_timeout() {
        "请求超时".to_owned()
    } else if error.is_connect() {
        let target = error
            .url()
            .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
            .unwrap_or_default();
        format!("连接 {target} 失败")
    } else {
        format!("请求未完成（{error}）")
    }
}

/// `filename*=UTF-8''…` (percent-decoded) or `filename="…"`.
fn disposition_filename(value: &str) -> Option<String> {
    let parts = value.split(';').map(str::trim);
    let mut plain = None;
    for part in parts {
        if let Some(encoded) = part.strip_prefix("filename*=") {
            let encoded = encoded.trim_matches('"');
            let encoded = encoded.split_once("''").map_or(encoded, |(_, rest)| rest);
            if let Some(name) = percent_decode(encoded) {
                return Some(name);
            }
        } else if let Some(name) = part.strip_prefix("filename=") {
            plain = Some(name.trim_matches('"').to_owned());
        }
    }
    plain
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests;
