//! The open API for units' own systems (受办分离), `/open/v1`: a department system that handles
//! its unit's dispatches in its own approval system acknowledges them, reports its internal
//! steps and its result, reads a matter's state and downloads the materials.
//!
//! Every call except the download links is signed ([`lianban_sdk::sign`]): [`auth`] buffers the
//! body, checks the signature against the registered secret (the external registry,
//! [`crate::external::credentials`]) with the server's clock, and refuses a nonce seen before
//! (remembered in the database, so every node refuses it). POSTs may carry an
//! `Idempotency-Key`: [`idempotency`] stores the first answer and replays it. Download links
//! minted for pushed events ([`crate::external::links`]) are served without a signature.
//!
//! Calls are rate limited per node ([`limits`]): per verified app key, and per client address for
//! failed authentications; refusals are 429 `rate_limited` with `Retry-After`.
//!
//! The bodies are the SDK's types ([`lianban_sdk::api`]); the OpenAPI document is separate from
//! the internal API's, at `GET /open/openapi.json`. Owns the tables `open_nonce` and
//! `open_idempotency`.

mod auth;
mod doc;
mod files;
mod idempotency;
mod limits;
mod routes;
mod store;
mod view;

pub use limits::Limits;

use crate::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;

/// The codes `/open/v1` answers with besides the runtime's and the internal API's `not_found`,
/// `bad_request`, `conflict`, `file_too_large`, `file_type_rejected` and `internal`: code,
/// status, meaning. `docs/api-contract.md` lists them all (a test checks).
pub const CODES: &[(&str, u16, &str)] = &[
    ("signature_missing", 401, "缺少签名请求头"),
    ("signature_malformed", 401, "签名请求头格式不正确"),
    ("timestamp_out_of_window", 401, "请求时间戳超出允许范围"),
    ("signature_invalid", 401, "签名校验失败"),
    ("unknown_app_key", 401, "应用标识不存在"),
    ("system_disabled", 401, "对接系统已停用"),
    ("nonce_reused", 401, "随机串已使用过"),
    ("body_too_large", 413, "请求体过大"),
    ("bad_idempotency_key", 400, "幂等键格式不正确"),
    ("idempotency_key_reused", 422, "幂等键已用于另一个请求"),
    ("idempotency_in_progress", 409, "同一幂等键的请求正在处理"),
    ("document_bad_base64", 400, "结果文件内容不是有效的 Base64"),
    ("document_too_large", 400, "结果文件过大"),
    ("too_many_documents", 400, "结果文件过多"),
    ("link_expired", 403, "下载链接已过期"),
    ("link_invalid", 403, "下载链接无效"),
    ("rate_limited", 429, "请求过于频繁"),
];

/// How often [`spawn_sweeper`] forgets the callers that went quiet.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Starts this node's sweeper of the rate limiters' memory ([`Limits::sweep`]).
pub fn spawn_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            state.open_limits.sweep();
        }
    });
}

/// The open API: the signed routes under `/open/v1`, the download links, the OpenAPI document
/// at `/open/openapi.json`, and a problem+json 404 for any other `/open/…` path.
pub fn router(state: AppState) -> Router<AppState> {
    let (signed, openapi) = routes::signed().split_for_parts();
    let (links, links_doc) = files::links().split_for_parts();
    let document = doc::document(openapi, links_doc);
    let signed = signed
        .layer(from_fn_with_state(state.clone(), idempotency::layer))
        .layer(from_fn_with_state(state, auth::layer));
    Router::new()
        .merge(signed)
        .merge(links)
        .merge(doc::router(document))
        .route("/open/{*rest}", axum::routing::any(not_found))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "接口不存在")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_contract_documents_every_open_code() {
        let contract = include_str!("../../../docs/api-contract.md");
        for (code, status, _) in super::CODES {
            assert!(
                contract.contains(&format!("{status} `{code}`")),
                "docs/api-contract.md does not document {status} `{code}`"
            );
        }
    }
}
