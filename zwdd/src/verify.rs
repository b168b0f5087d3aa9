//! The gateway's side of [`crate::sign`]: read the `X-Hmac-Auth-*` headers, check the timestamp
//! against a skew window, recompute the signature over the method, the path as received and the
//! parameters, compare in constant time, and refuse a nonce seen before ([`Nonces`]).
//!
//! The real gateway's skew window, nonce policy and error codes are not published; the window of
//! ±300 s, the nonce cache and the codes of [`VerifyError::code`] are our choices (inferred, [I]
//! in the protocol notes). Clients must not depend on them.

use crate::sign::{self, Request};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use jiff::{SignedDuration, Timestamp};
use sha2::Sha256;
use std::collections::HashMap;

/// How far a request's timestamp may be from the gateway's clock, either way [I].
pub const WINDOW: SignedDuration = SignedDuration::from_secs(300);

/// Why a request was refused before it reached the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A header the signature needs is missing or empty.
    #[error("缺少请求头 {0}")]
    MissingHeader(&'static str),
    /// `X-Hmac-Auth-Version` is not `1.0`.
    #[error("不支持的签名版本 {0}")]
    Version(String),
    /// `X-Hmac-Auth-Algorithm: md5` (the SDK's MD5 variant, not supported here).
    #[error("不支持的签名算法 {0}")]
    Algorithm(String),
    /// No app has this `apiKey`.
    #[error("apiKey「{0}」不存在")]
    UnknownApiKey(String),
    /// The timestamp is not an ISO 8601 time with an offset.
    #[error("时间戳「{0}」无法解析")]
    BadTimestamp(String),
    /// The timestamp is outside [`WINDOW`].
    #[error("时间戳与网关时间相差 {seconds} 秒，超出允许的 ±300 秒")]
    Stale {
        /// The request's time minus the gateway's, in seconds.
        seconds: i64,
    },
    /// The signature does not match the request.
    #[error("签名不正确")]
    Signature,
    /// The nonce was used before within the window (a replay).
    #[error("随机数「{0}」已使用过")]
    NonceReused(String),
}

impl VerifyError {
    /// The `errorCode` the simulator answers with [I].
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MissingHeader(_)
            | VerifyError::Version(_)
            | VerifyError::Algorithm(_)
            | VerifyError::Signature => "SIGNATURE_INVALID",
            VerifyError::UnknownApiKey(_) => "APIKEY_INVALID",
            VerifyError::BadTimestamp(_) | VerifyError::Stale { .. } => "TIMESTAMP_INVALID",
            VerifyError::NonceReused(_) => "NONCE_REUSED",
        }
    }
}

/// The signature headers of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `apiKey`.
    pub api_key: String,
    /// `X-Hmac-Auth-Timestamp`, as sent (the signature covers this text).
    pub timestamp: String,
    /// `X-Hmac-Auth-Nonce`.
    pub nonce: String,
    /// `X-Hmac-Auth-Signature` (Base64).
    pub signature: String,
}

impl SignedHeaders {
    /// Reads the headers through `header` (a case-insensitive lookup by name). The IP and MAC
    /// headers are informational and not required.
    pub fn read<'h>(header: impl Fn(&str) -> Option<&'h str>) -> Result<Self, VerifyError> {
        let required = |name: &'static str| {
            header(name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or(VerifyError::MissingHeader(name))
        };
        let version = required(sign::HEADER_VERSION)?;
        if version != sign::VERSION {
            return Err(VerifyError::Version(version));
        }
        if let Some(algorithm) = header(sign::HEADER_ALGORITHM)
            && algorithm.trim().eq_ignore_ascii_case("md5")
        {
            return Err(VerifyError::Algorithm(algorithm.to_owned()));
        }
        Ok(SignedHeaders {
            api_key: required(sign::HEADER_API_KEY)?,
            timestamp: required(sign::HEADER_TIMESTAMP)?,
            nonce: required(sign::HEADER_NONCE)?,
            signature: required(sign::HEADER_SIGNATURE)?,
        })
    }

    /// The timestamp as an instant.
    pub fn instant(&self) -> Result<Timestamp, VerifyError> {
        self.timestamp
            .parse()
            .map_err(|_| VerifyError::BadTimestamp(self.timestamp.clone()))
    }
}

/// Checks `headers` against `request` for the app with `secret` at `now`: the timestamp window
/// first, then the signature (in constant time). The caller has matched `headers.api_key` to
/// the app, and must still check the nonce ([`Nonces::check`]).
pub fn verify(
    headers: &SignedHeaders,
    request: &Request<'_>,
    secret: &str,
    now: Timestamp,
) -> Result<(), VerifyError> {
    let at = headers.instant()?;
    let skew = at.duration_since(now);
    if skew.abs() > WINDOW {
        return Err(VerifyError::Stale {
            seconds: skew.as_secs(),
        });
    }
    let expected = base64::engine::general_purpose::STANDARD
        .decode(headers.signature.as_bytes())
        .map_err(|_| VerifyError::Signature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(
        request
            .string_to_sign(&headers.timestamp, &headers.nonce)
            .as_bytes(),
    );
    mac.verify_slice(&expected)
        .map_err(|_| VerifyError::Signature)
}

/// The nonces of accepted requests, per app key, kept for twice [`WINDOW`] (a nonce older than
/// that comes with a timestamp the window refuses anyway).
#[derive(Debug, Default)]
pub struct Nonces {
    seen: HashMap<(String, String), Timestamp>,
}

impl Nonces {
    /// Refuses a nonce this app key used within the window; otherwise remembers it at `now`.
    pub fn check(&mut self, api_key: &str, nonce: &str, now: Timestamp) -> Result<(), VerifyError> {
        let keep = WINDOW * 2;
        self.seen.retain(|_, at| now.duration_since(*at) <= keep);
        let key = (api_key.to_owned(), nonce.to_owned());
        if self.seen.contains_key(&key) {
            return Err(VerifyError::NonceReused(nonce.to_owned()));
        }
        self.seen.insert(key, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
