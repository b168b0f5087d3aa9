//! `Idempotency-Key` on POSTs: the first answer (status and body) is stored per app key and key
//! together with a hash of the request (method, path and query, body); a retry with the same key
//! and the same request gets that answer again with `Idempotent-Replayed: true` and has no
//! second effect. The same key with another request is 422 `idempotency_key_reused`; a retry
//! while the first call still runs is 409 `idempotency_in_progress`. The record is created
//! before the call runs, atomically, so this holds across nodes. Answers a retry may cure
//! (5xx, a transaction `conflict`) are not kept. Keys live 24 hours.

use super::auth::Caller;
use super::store::{self, Claim};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lianban_sdk::sign::{HEADER_IDEMPOTENCY, hex};
use sha2::{Digest, Sha256};

/// The header marking a replayed answer.
pub const HEADER_REPLAYED: &str = "idempotent-replayed";

/// The middleware (after [`super::auth::layer`]).
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match run(&state, req, next).await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}

async fn run(state: &AppState, req: Request, next: Next) -> ApiResult<Response> {
    let Some(raw) = req.headers().get(HEADER_IDEMPOTENCY) else {
        return Ok(next.run(req).await);
    };
    if req.method() != Method::POST {
        return Ok(next.run(req).await);
    }
    let key = checked_key(raw.to_str().unwrap_or(""))?.to_owned();
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .ok_or_else(|| ApiError::internal("idempotency layer without a caller"))?;
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(ApiError::internal)?;
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str());
    let hash = request_hash(parts.method.as_str(), target, &bytes);
    let slot = (caller.app_key.as_str(), key.as_str());
    let now = state.clock.now_ms();
    match store::claim(&state.db, slot.0, slot.1, &hash, now).await? {
        Claim::Run => {}
        Claim::Taken(seen) if store::stale(&seen, now) => {
            if !store::take_over(&state.db, slot, &seen, &hash, now).await? {
                return Err(in_progress());
            }
        }
        Claim::Taken(seen) if seen.state != "done" => return Err(in_progress()),
        Claim::Taken(seen) if seen.request_hash != hash => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "该幂等键（Idempotency-Key）已用于另一个请求，请为新请求使用新的幂等键",
            ));
        }
        Claim::Taken(seen) => return Ok(replay(&seen)),
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    keep(state, slot, now, response).await
}

/// Stores the answer (or forgets the key when a retry may cure the failure) and returns it.
async fn keep(
    state: &AppState,
    slot: (&str, &str),
    started_ms: i64,
    response: Response,
) -> ApiResult<Response> {
    let (parts, body) = response.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(ApiError::internal)?;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let text = String::from_utf8_lossy(&bytes);
    let retryable = parts.status.is_server_error()
        || (parts.status == StatusCode::CONFLICT && text.contains("\"code\":\"conflict\""));
    let stored = if retryable {
        store::release(&state.db, slot, started_ms).await
    } else {
        store::finish(
            &state.db,
            slot,
            started_ms,
            (parts.status.as_u16(), &content_type, &text),
        )
        .await
    };
    if let Err(e) = stored {
        // The call took effect; only its replay is lost. Say so in the log, answer it anyway.
        tracing::error!(error = %e, app_key = slot.0, "could not store an idempotent answer");
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn replay(seen: &store::Answer) -> Response {
    let status = seen
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(seen.body.clone().unwrap_or_default()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let content_type = seen.content_type.as_deref().unwrap_or("application/json");
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(HEADER_REPLAYED, HeaderValue::from_static("true"));
    response
}

fn in_progress() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "idempotency_in_progress",
        "使用同一幂等键的请求正在处理，请稍后重试",
    )
}

/// 1–128 visible ASCII characters.
fn checked_key(key: &str) -> ApiResult<&str> {
    if (1..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_idempotency_key",
            "幂等键（Idempotency-Key）应为1至128个可见ASCII字符",
        ))
    }
}

/// SHA-256 of `METHOD \n PATH_AND_QUERY \n` and the body.
fn request_hash(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path_and_query.as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_128() {
        assert!(checked_key("a").is_ok());
        assert!(checked_key(&"k".repeat(128)).is_ok());
        for bad in ["", " a", "a b", "键", &"k".repeat(129)] {
            assert_eq!(
                checked_key(bad).unwrap_err().code,
                "bad_idempotency_key",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_hash_covers_method_target_and_body() {
        let base = request_hash("POST", "/open/v1/x", b"{}");
        assert_ne!(base, request_hash("PUT", "/open/v1/x", b"{}"));
        assert_ne!(base, request_hash("POST", "/open/v1/y", b"{}"));
        assert_ne!(base, request_hash("POST", "/open/v1/x", b"{ }"));
        assert_eq!(base, request_hash("POST", "/open/v1/x", b"{}"));
    }
}
