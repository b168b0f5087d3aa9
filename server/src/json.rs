//! [`ApiJson`]: the JSON body extractor with our problem+json rejection.

use crate::error::ApiError;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

/// Like `axum::Json`, but a malformed body answers 400 `bad_request` with a Chinese message.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "bad JSON body");
                Err(ApiError::bad_request(format!(
                    "请求体不是有效的 JSON 或字段不正确：{}",
                    rejection.body_text()
                )))
            }
        }
    }
}

/// A JSON body that may be absent: an empty body gives `None`; a malformed one answers 400.
pub struct OptJson<T>(pub Option<T>);

impl<T, S> FromRequest<S> for OptJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("请求体读取失败：{}", e.body_text())))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptJson(None));
        }
        serde_json::from_slice(&bytes)
            .map(|v| OptJson(Some(v)))
            .map_err(|e| ApiError::bad_request(format!("请求体不是有效的 JSON 或字段不正确：{e}")))
    }
}
