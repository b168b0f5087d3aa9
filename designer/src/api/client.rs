//! The one HTTP client of the app: relative `/api/v1` URLs, same-origin credentials (the
//! session cookie), `X-Lianban-Csrf: 1` on every state-changing request, JSON in and out, and
//! problem+json answers turned into [`ApiError`].

use super::error::ApiError;
use super::url::BASE;
use gloo::net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::{FormData, RequestCredentials};

/// What a request carries.
pub enum Body {
    /// Nothing.
    Empty,
    /// A JSON document (already serialized).
    Json(String),
    /// A multipart form (file uploads).
    Form(FormData),
}

impl Body {
    /// Serializes `value` as a JSON body.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, ApiError> {
        serde_json::to_string(value)
            .map(Body::Json)
            .map_err(|_| ApiError::local("encode", "无法编码请求数据"))
    }
}

/// Sends one request to `BASE + path` and returns the raw body of a 2xx answer (empty for 204).
///
/// Errors: [`ApiError::network`] when no answer came, the parsed problem otherwise.
pub async fn send(method: Method, path: &str, body: Body) -> Result<String, ApiError> {
    let url = format!("{BASE}{path}");
    let mut builder = RequestBuilder::new(&url)
        .method(method.clone())
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json");
    if method != Method::GET {
        builder = builder.header("X-Lianban-Csrf", "1");
    }
    let request = match body {
        Body::Empty => builder.build(),
        Body::Json(text) => builder
            .header("Content-Type", "application/json")
            .body(text),
        Body::Form(form) => builder.body(form),
    }
    .map_err(|_| ApiError::local("request", "无法创建请求"))?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::from_response(status, &text))
    }
}

/// Parses a success body as `T`.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::bad_response(&e.to_string()))
}

/// `GET path` → `T`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&send(Method::GET, path, Body::Empty).await?)
}

/// `POST path` with a JSON body → `T`.
pub async fn post<T: DeserializeOwned, B: Serialize + ?Sized>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&send(Method::POST, path, Body::json(body)?).await?)
}

/// `PUT path` with a JSON body → `T`.
pub async fn put<T: DeserializeOwned, B: Serialize + ?Sized>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&send(Method::PUT, path, Body::json(body)?).await?)
}

/// `POST path` without a body → `T`.
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&send(Method::POST, path, Body::Empty).await?)
}

/// `POST path` without a body, ignoring the answer's body (204 or anything 2xx).
pub async fn post_no_content(path: &str) -> Result<(), ApiError> {
    send(Method::POST, path, Body::Empty).await.map(|_| ())
}

/// `DELETE path` (204 expected).
pub async fn delete(path: &str) -> Result<(), ApiError> {
    send(Method::DELETE, path, Body::Empty).await.map(|_| ())
}

/// `DELETE path` → `T` (routes that answer with the changed resource).
pub async fn delete_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&send(Method::DELETE, path, Body::Empty).await?)
}

/// `POST path` with a multipart form → `T`.
pub async fn post_form<T: DeserializeOwned>(path: &str, form: FormData) -> Result<T, ApiError> {
    parse(&send(Method::POST, path, Body::Form(form)).await?)
}
