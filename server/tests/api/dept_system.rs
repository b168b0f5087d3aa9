//! A loopback department system for the push tests: axum on a random 127.0.0.1 port receiving
//! `POST /lianban/events`. It verifies each request's signature with the SDK (against the app's
//! clock, which the tests move), records every event it got, and answers as programmed: a queue
//! of replies (status, `Retry-After`, a delay before answering), or failures for one matter;
//! otherwise 200.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use lianban_sdk::sign::{self, Request, Signature};
use lianban_server::clock::Clock;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// The path events are pushed to.
pub const PATH: &str = "/lianban/events";

/// One programmed answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub retry_after: Option<String>,
    /// Answer only after this long (the event is recorded at once).
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Self {
            status,
            retry_after: None,
            delay: Duration::ZERO,
        }
    }
}

/// One event received.
#[derive(Debug, Clone)]
pub struct Got {
    pub event: Value,
    /// The signature checked out with the system's secret.
    pub signed: bool,
    /// What was answered.
    pub status: u16,
}

impl Got {
    pub fn id(&self) -> &str {
        self.event["id"].as_str().unwrap()
    }
    pub fn kind(&self) -> &str {
        self.event["type"].as_str().unwrap()
    }
    pub fn seq(&self) -> u64 {
        self.event["seq"].as_u64().unwrap()
    }
    pub fn number(&self) -> &str {
        self.event["matter"]["number"].as_str().unwrap()
    }
}

#[derive(Default)]
struct Inner {
    got: Vec<Got>,
    replies: VecDeque<Reply>,
    failing_matter: Option<String>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    clock: Arc<Clock>,
    secret: String,
}

/// The department system.
#[derive(Clone)]
pub struct DeptSystem {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

/// A bound port, before the app exists (its allowlist needs the port).
pub struct Bound {
    listener: TcpListener,
    pub port: u16,
}

impl Bound {
    pub async fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        Self { listener, port }
    }

    /// Serves, checking signatures with `secret` against `clock`.
    pub fn serve(self, clock: Arc<Clock>, secret: &str) -> DeptSystem {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let shared = Shared {
            inner: inner.clone(),
            clock,
            secret: secret.to_owned(),
        };
        let app = Router::new().route(PATH, post(receive)).with_state(shared);
        tokio::spawn(async move {
            axum::serve(self.listener, app).await.unwrap();
        });
        DeptSystem {
            url: format!("http://127.0.0.1:{}{PATH}", self.port),
            inner,
        }
    }
}

async fn receive(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = Signature::from_headers(header).is_ok_and(|sig| {
        let request = Request {
            method: "POST",
            path_and_query: PATH,
            body: &body,
        };
        sign::verify(&sig, &s.secret, request, s.clock.now().as_second()).is_ok()
    });
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let reply = {
        let mut inner = s.inner.lock().unwrap();
        let failing = inner
            .failing_matter
            .as_deref()
            .is_some_and(|n| event["matter"]["number"] == n);
        let reply = if failing {
            Reply::status(503)
        } else {
            inner
                .replies
                .pop_front()
                .unwrap_or_else(|| Reply::status(200))
        };
        inner.got.push(Got {
            event,
            signed,
            status: reply.status,
        });
        reply
    };
    tokio::time::sleep(reply.delay).await;
    let mut response = StatusCode::from_u16(reply.status).unwrap().into_response();
    if let Some(after) = reply.retry_after {
        response
            .headers_mut()
            .insert("retry-after", after.parse().unwrap());
    }
    response
}

impl DeptSystem {
    /// Everything received so far, in arrival order.
    pub fn got(&self) -> Vec<Got> {
        self.inner.lock().unwrap().got.clone()
    }

    /// Answers the next requests with `replies`, in order.
    pub fn reply(&self, replies: impl IntoIterator<Item = Reply>) {
        self.inner.lock().unwrap().replies.extend(replies);
    }

    /// Answers 503 to every event of matter `number` (`None`: stop).
    pub fn fail_matter(&self, number: Option<&str>) {
        self.inner.lock().unwrap().failing_matter = number.map(str::to_owned);
    }
}
