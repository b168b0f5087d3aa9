//! The OpenAPI document of `/open/v1`, separate from the internal API's, served at
//! `GET /open/openapi.json`. The signature headers are documented as one security requirement.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "联办 Lianban open API (受办分离)",
        version = "1",
        description = "For units' own approval systems. Every call except the download links is signed: \
headers `X-Lianban-Key` (app key), `X-Lianban-Timestamp` (Unix seconds, within ±300 s of the server's \
clock; answers carry the server's time in `X-Lianban-Time`), `X-Lianban-Nonce` (16–64 of `A-Za-z0-9_-`, \
never reused), `X-Lianban-Signature-Method` (`HMAC-SHA256`, the default, or `HMAC-SM3`) and \
`X-Lianban-Signature` (lowercase hex MAC keyed with the app secret over \
`METHOD\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nBODY_DIGEST`, the path and query exactly as sent and the \
body digest SHA-256 or SM3 in lowercase hex). POSTs may carry `Idempotency-Key` (1–128 visible ASCII \
characters): a retry with the same key and request gets the first answer again (`Idempotent-Replayed: \
true`). Calls are rate limited per node: per app key once verified (`LIANBAN_OPEN_RATE_PER_SECOND`, \
default 20, burst 40) and per client address for failed authentications; a refusal is 429 `rate_limited` \
with `Retry-After` (seconds). During a secret rotation's overlap the previous secret is accepted too. \
Bodies are the types of the `lianban-sdk` crate (`lianban_sdk::api`). Errors are \
application/problem+json with a stable `code` and a Chinese `detail`."
    ),
    tags((name = "open", description = "受办分离: a unit's own system reports on its dispatches")),
    modifiers(&Signature)
)]
struct OpenDoc;

struct Signature;

impl utoipa::Modify for Signature {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "lianban_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Lianban-Key",
                "The app key; with X-Lianban-Timestamp, X-Lianban-Nonce, X-Lianban-Signature-Method and X-Lianban-Signature (see the description above)",
            ))),
        );
    }
}

/// The whole document: the signed routes' paths and the links'.
pub fn document(
    signed: utoipa::openapi::OpenApi,
    links: utoipa::openapi::OpenApi,
) -> utoipa::openapi::OpenApi {
    let mut doc = OpenDoc::openapi();
    doc.merge(signed);
    doc.merge(links);
    doc
}

/// `GET /open/openapi.json`.
pub fn router(doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    let doc = Arc::new(doc);
    Router::new().route(
        "/open/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { Json(doc.as_ref().clone()) }
        }),
    )
}
