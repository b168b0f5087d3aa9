//! The request signature of Lianban's open API, the same in both directions (a department system
//! calling `/open/v1`, Lianban pushing events to the system's endpoint).
//!
//! Five headers carry it:
//!
//! | header | value |
//! |---|---|
//! | `X-Lianban-Key` | the app key Lianban issued for the system |
//! | `X-Lianban-Timestamp` | Unix time in seconds, decimal |
//! | `X-Lianban-Nonce` | 16–64 characters of `A-Z a-z 0-9 _ -`, never reused |
//! | `X-Lianban-Signature-Method` | `HMAC-SHA256` (the default when absent) or `HMAC-SM3` |
//! | `X-Lianban-Signature` | lowercase hex of the MAC |
//!
//! The MAC is keyed with the app secret's UTF-8 bytes and taken over the string to sign:
//!
//! ```text
//! METHOD \n PATH_AND_QUERY \n TIMESTAMP \n NONCE \n BODY_DIGEST
//! ```
//!
//! `METHOD` is upper case; `PATH_AND_QUERY` is the request target exactly as sent (path, and
//! `?query` when there is one, not re-encoded or sorted); `BODY_DIGEST` is the lowercase hex
//! SHA-256 (for HMAC-SHA256) or SM3 (for HMAC-SM3) of the raw body bytes — of zero bytes when
//! there is no body. The receiver refuses timestamps more than [`WINDOW_SECS`] away from its
//! clock and nonces it has seen within that window (remembering them is the receiver's job: see
//! [`Verified::nonce`]).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

/// The app key header.
pub const HEADER_KEY: &str = "x-lianban-key";
/// The timestamp header (Unix seconds).
pub const HEADER_TIMESTAMP: &str = "x-lianban-timestamp";
/// The nonce header.
pub const HEADER_NONCE: &str = "x-lianban-nonce";
/// The algorithm header (`HMAC-SHA256` when absent).
pub const HEADER_METHOD: &str = "x-lianban-signature-method";
/// The signature header (lowercase hex).
pub const HEADER_SIGNATURE: &str = "x-lianban-signature";
/// The idempotency header of POST calls: a retried call with the same key returns the first
/// answer and has no second effect.
pub const HEADER_IDEMPOTENCY: &str = "idempotency-key";

/// How far (seconds) a request's timestamp may be from the receiver's clock, either way.
pub const WINDOW_SECS: i64 = 300;

/// The MAC algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// HMAC with SHA-256; the body digest is SHA-256.
    #[default]
    HmacSha256,
    /// HMAC with SM3 (GB/T 32905); the body digest is SM3.
    HmacSm3,
}

impl Algorithm {
    /// The header value.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "HMAC-SHA256",
            Algorithm::HmacSm3 => "HMAC-SM3",
        }
    }

    /// Parses a header value (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        [Algorithm::HmacSha256, Algorithm::HmacSm3]
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(text.trim()))
    }

    /// Lowercase hex digest of `body` (SHA-256 or SM3).
    pub fn body_digest(self, body: &[u8]) -> String {
        match self {
            Algorithm::HmacSha256 => hex(&Sha256::digest(body)),
            Algorithm::HmacSm3 => hex(&Sm3::digest(body)),
        }
    }

    /// The MAC of `text` keyed with `secret`.
    pub fn mac(self, secret: &str, text: &str) -> Vec<u8> {
        match self {
            Algorithm::HmacSha256 => mac_with::<Hmac<Sha256>>(secret, text),
            Algorithm::HmacSm3 => mac_with::<Hmac<Sm3>>(secret, text),
        }
    }

    fn verify_mac(self, secret: &str, text: &str, expected: &[u8]) -> bool {
        match self {
            Algorithm::HmacSha256 => verify_with::<Hmac<Sha256>>(secret, text, expected),
            Algorithm::HmacSm3 => verify_with::<Hmac<Sm3>>(secret, text, expected),
        }
    }
}

fn keyed<M: Mac + KeyInit>(secret: &str, text: &str) -> M {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <M as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(text.as_bytes());
    mac
}

fn mac_with<M: Mac + KeyInit>(secret: &str, text: &str) -> Vec<u8> {
    keyed::<M>(secret, text).finalize().into_bytes().to_vec()
}

/// Constant-time comparison (the MAC crate's own).
fn verify_with<M: Mac + KeyInit>(secret: &str, text: &str, expected: &[u8]) -> bool {
    keyed::<M>(secret, text).verify_slice(expected).is_ok()
}

/// The string the MAC is taken over.
pub fn string_to_sign(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    body_digest: &str,
) -> String {
    format!(
        "{}\n{path_and_query}\n{timestamp}\n{nonce}\n{body_digest}",
        method.to_ascii_uppercase()
    )
}

/// A request's signature headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `X-Lianban-Key`.
    pub app_key: String,
    /// `X-Lianban-Timestamp`.
    pub timestamp: i64,
    /// `X-Lianban-Nonce`.
    pub nonce: String,
    /// `X-Lianban-Signature-Method`.
    pub algorithm: Algorithm,
    /// `X-Lianban-Signature` (lowercase hex).
    pub signature: String,
}

/// What is being signed or verified: one HTTP request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// Path and `?query`, exactly as sent.
    pub path_and_query: &'a str,
    /// The raw body (empty for none).
    pub body: &'a [u8],
}

/// Signs `request` for `app_key`/`secret` at `timestamp` with `nonce`.
pub fn sign(
    app_key: &str,
    secret: &str,
    algorithm: Algorithm,
    request: Request<'_>,
    timestamp: i64,
    nonce: &str,
) -> Signature {
    let text = string_to_sign(
        request.method,
        request.path_and_query,
        timestamp,
        nonce,
        &algorithm.body_digest(request.body),
    );
    Signature {
        app_key: app_key.to_owned(),
        timestamp,
        nonce: nonce.to_owned(),
        algorithm,
        signature: hex(&algorithm.mac(secret, &text)),
    }
}

/// Why a request's signature is refused; [`SignError::code`] is the stable API code (always
/// answered with 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// A required header is absent.
    #[error("缺少签名请求头 {0}")]
    Missing(&'static str),
    /// A header is present but not well-formed.
    #[error("签名请求头 {0} 格式不正确")]
    Malformed(&'static str),
    /// The timestamp is outside the window.
    #[error("请求时间戳超出允许范围（±{WINDOW_SECS} 秒），请校准时钟")]
    Stale,
    /// The MAC does not match (tampered, wrong secret or wrong string to sign).
    #[error("签名校验失败")]
    Invalid,
}

impl SignError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SignError::Missing(_) => "signature_missing",
            SignError::Malformed(_) => "signature_malformed",
            SignError::Stale => "timestamp_out_of_window",
            SignError::Invalid => "signature_invalid",
        }
    }
}

impl Signature {
    /// The five headers, names in lower case.
    pub fn headers(&self) -> [(&'static str, String); 5] {
        [
            (HEADER_KEY, self.app_key.clone()),
            (HEADER_TIMESTAMP, self.timestamp.to_string()),
            (HEADER_NONCE, self.nonce.clone()),
            (HEADER_METHOD, self.algorithm.name().to_owned()),
            (HEADER_SIGNATURE, self.signature.clone()),
        ]
    }

    /// Reads the headers through `get` (a case-insensitive lookup by lower-case name).
    pub fn from_headers<'h>(get: impl Fn(&str) -> Option<&'h str>) -> Result<Self, SignError> {
        let need = |name: &'static str| {
            get(name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or(SignError::Missing(name))
        };
        let app_key = need(HEADER_KEY)?;
        let timestamp = need(HEADER_TIMESTAMP)?;
        let nonce = need(HEADER_NONCE)?;
        let signature = need(HEADER_SIGNATURE)?;
        let algorithm = match get(HEADER_METHOD).map(str::trim).filter(|v| !v.is_empty()) {
            None => Algorithm::HmacSha256,
            Some(name) => Algorithm::parse(name).ok_or(SignError::Malformed(HEADER_METHOD))?,
        };
        let timestamp = (timestamp.len() <= 12 && timestamp.bytes().all(|b| b.is_ascii_digit()))
            .then(|| timestamp.parse::<i64>().ok())
            .flatten()
            .ok_or(SignError::Malformed(HEADER_TIMESTAMP))?;
        if !valid_nonce(nonce) {
            return Err(SignError::Malformed(HEADER_NONCE));
        }
        if app_key.len() > 128 {
            return Err(SignError::Malformed(HEADER_KEY));
        }
        Ok(Signature {
            app_key: app_key.to_owned(),
            timestamp,
            nonce: nonce.to_owned(),
            algorithm,
            signature: signature.to_ascii_lowercase(),
        })
    }
}

/// Whether `nonce` has the allowed shape.
pub fn valid_nonce(nonce: &str) -> bool {
    (16..=64).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A signature that checked out. The caller must still refuse a nonce it has seen for this app
/// key within [`WINDOW_SECS`] (Lianban keeps them in its database; the SDK's receiver in memory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The caller's app key.
    pub app_key: String,
    /// The nonce to remember.
    pub nonce: String,
    /// The request's timestamp.
    pub timestamp: i64,
}

/// Checks `signature` against `request` with `secret` at `now` (Unix seconds): the timestamp
/// window first, then the MAC (in constant time).
pub fn verify(
    signature: &Signature,
    secret: &str,
    request: Request<'_>,
    now: i64,
) -> Result<Verified, SignError> {
    if (signature.timestamp - now).abs() > WINDOW_SECS {
        return Err(SignError::Stale);
    }
    let expected = unhex(&signature.signature).ok_or(SignError::Invalid)?;
    let text = string_to_sign(
        request.method,
        request.path_and_query,
        signature.timestamp,
        &signature.nonce,
        &signature.algorithm.body_digest(request.body),
    );
    if !signature.algorithm.verify_mac(secret, &text, &expected) {
        return Err(SignError::Invalid);
    }
    Ok(Verified {
        app_key: signature.app_key.clone(),
        nonce: signature.nonce.clone(),
        timestamp: signature.timestamp,
    })
}

/// A fresh random nonce (32 lowercase hex characters).
pub fn new_nonce() -> String {
    hex(&rand::random::<[u8; 16]>())
}

/// A fresh app secret (64 lowercase hex characters, 256 bits).
pub fn new_secret() -> String {
    hex(&rand::random::<[u8; 32]>())
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests;
