//! The signature check of every `/open/v1` call: read the five signature headers, find the app
//! key's system, buffer the body (up to [`MAX_BODY_BYTES`]), verify the timestamp window and
//! the MAC over the method, the path and query exactly as received and the body — with the
//! server's clock — refuse a disabled system, then remember the nonce (a nonce seen before is
//! refused). The checked caller travels to the handlers as a [`Caller`] extension. Each refusal
//! is 401 problem+json with a stable code and logged with the app key (never the secret).
//! Calls are counted against the rate limits ([`super::limits`]): an address over its budget of
//! failed authentications is refused before anything is read, each refusal above counts against
//! it, and a verified system is counted against its app key's budget before its nonce is spent.
//! Every answer carries the server's time in `X-Lianban-Time` (Unix seconds), so a caller can
//! correct its clock.

use super::store;
use crate::AppState;
use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lianban_sdk::sign::{self, HEADER_KEY, SignError, Signature};
use std::net::SocketAddr;

/// The largest request body accepted (result documents travel inline as Base64).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The header with the server's time (Unix seconds) on every answer.
pub const HEADER_TIME: &str = "x-lianban-time";

/// The authenticated caller: a registered, enabled system acting for its unit.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Its app key.
    pub app_key: String,
    /// Its registered name.
    pub name: String,
    /// The unit it acts for.
    pub unit: String,
    /// The matter types it handles (empty: all of its unit's).
    pub matter_types: Vec<String>,
}

impl Caller {
    /// The actor label its reports are recorded under.
    pub fn label(&self) -> String {
        crate::external::actor_label(&self.app_key)
    }

    /// Whether the system handles matters of `type_code`.
    pub fn handles(&self, type_code: &str) -> bool {
        self.matter_types.is_empty() || self.matter_types.iter().any(|t| t == type_code)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| refusal("signature_missing", "缺少签名"))
    }
}

/// A 401 with `code`.
fn refusal(code: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, detail)
}

/// The middleware: refuses an address over its failure budget unread, checks the call (a
/// failed check counts against the address), then runs it with the buffered body.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = state.clock.now().as_second();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let client = state.open_limits.client(peer, req.headers());
    let checked = match state.open_limits.refused(client) {
        Some(refused) => Err(refused),
        None => check(&state, req).await.map_err(|err| {
            let failed_auth = err.status == StatusCode::UNAUTHORIZED;
            match failed_auth.then(|| state.open_limits.failed(client)) {
                Some(Some(refused)) => refused,
                _ => err,
            }
        }),
    };
    let mut response = match checked {
        Ok(req) => next.run(req).await,
        Err(err) => err.into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&now.to_string()) {
        response.headers_mut().insert(HEADER_TIME, value);
    }
    response
}

async fn check(state: &AppState, req: Request) -> Result<Request, ApiError> {
    let (mut parts, body) = req.into_parts();
    let claimed_key = header(&parts.headers, HEADER_KEY).unwrap_or("").to_owned();
    let refuse = |err: ApiError| {
        tracing::warn!(app_key = %claimed_key, code = err.code, "open API call refused");
        err
    };
    let signature = Signature::from_headers(|name| header(&parts.headers, name))
        .map_err(|e| refuse(sign_refusal(&e)))?;
    let credentials = crate::external::credentials(state, &signature.app_key)
        .await?
        .ok_or_else(|| {
            refuse(refusal(
                "unknown_app_key",
                "应用标识（X-Lianban-Key）不存在",
            ))
        })?;
    // The body is read only for a known key: headerless garbage costs no buffering.
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            refuse(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("请求体超过上限 {} MB", MAX_BODY_BYTES / 1024 / 1024),
            ))
        })?;
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |p| p.as_str());
    let request = sign::Request {
        method: parts.method.as_str(),
        path_and_query,
        body: &bytes,
    };
    let now = state.clock.now();
    // During a rotation's overlap the previous secret is accepted too (the current one first).
    let verified = match sign::verify(&signature, &credentials.secret, request, now.as_second()) {
        Err(SignError::Invalid) => match &credentials.previous_secret {
            Some(previous) => sign::verify(&signature, previous, request, now.as_second()),
            None => Err(SignError::Invalid),
        },
        other => other,
    };
    verified.map_err(|e| refuse(sign_refusal(&e)))?;
    if !credentials.enabled {
        return Err(refuse(refusal(
            "system_disabled",
            format!("对接系统「{}」已停用，请联系联办管理员", credentials.name),
        )));
    }
    state
        .open_limits
        .admit(&signature.app_key)
        .inspect_err(|err| {
            tracing::warn!(app_key = %signature.app_key, code = err.code, "open API call refused");
        })?;
    let fresh = store::remember_nonce(
        &state.db,
        &signature.app_key,
        &signature.nonce,
        now.as_millisecond(),
    )
    .await?;
    if !fresh {
        return Err(refuse(refusal(
            "nonce_reused",
            "随机串（X-Lianban-Nonce）已使用过，每次请求须使用新的随机串",
        )));
    }
    parts.extensions.insert(Caller {
        app_key: signature.app_key,
        name: credentials.name,
        unit: credentials.unit,
        matter_types: credentials.matter_types,
    });
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The SDK's refusal as a 401 with its code and Chinese text.
fn sign_refusal(err: &SignError) -> ApiError {
    refusal(err.code(), err.to_string())
}
