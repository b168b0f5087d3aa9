//! Gateway request signing of the 浙政钉 open platform, as the official SDK does it
//! (`Signature.java`; see the protocol notes): HMAC-SHA256 over
//! `METHOD \n TIMESTAMP \n NONCE \n PATH [\n CANONICAL_PARAMS]` keyed with the AppSecret, Base64,
//! sent with the app key, timestamp and nonce in the `X-Hmac-Auth-*` headers ([`headers`]).

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The canonical parameter string: parameters with an empty (or blank) value dropped, keys sorted
/// case-insensitively, several values of one key sorted, `key=value` pairs joined with `&`. Values
/// are used raw, not URL-encoded (JSON in `msg` included).
pub fn canonical_params(params: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .copied()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    pairs.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then_with(|| a.1.cmp(b.1))
    });
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The string to sign; the parameter line is added only when there is a parameter.
pub fn string_to_sign(
    method: &str,
    timestamp: &str,
    nonce: &str,
    path: &str,
    params: &[(&str, &str)],
) -> String {
    let mut out = format!("{method}\n{timestamp}\n{nonce}\n{path}");
    let canonical = canonical_params(params);
    if !canonical.is_empty() {
        out.push('\n');
        out.push_str(&canonical);
    }
    out
}

/// `Base64(HMAC-SHA256(secret, text))`, standard alphabet with padding.
pub fn signature(secret: &str, text: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(text.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The `X-Hmac-Auth-Timestamp` value: ISO 8601 with milliseconds in China Standard Time, e.g.
/// `2024-05-01T10:20:30.123+08:00`, as the SDK sends it.
pub fn timestamp(at: jiff::Timestamp) -> String {
    at.to_zoned_datetime(crate::china_time())
        .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

/// A nonce as third-party clients make it: the 13-digit millisecond time and four random digits.
pub fn nonce(at: jiff::Timestamp) -> String {
    format!(
        "{}{:04}",
        at.as_millisecond(),
        rand::random_range(0..10_000u32)
    )
}

/// The header carrying the app key (the SDK's accessKey).
pub const HEADER_API_KEY: &str = "apiKey";
/// The header carrying the signed timestamp.
pub const HEADER_TIMESTAMP: &str = "X-Hmac-Auth-Timestamp";
/// The header carrying the protocol version, [`VERSION`].
pub const HEADER_VERSION: &str = "X-Hmac-Auth-Version";
/// The header carrying the signed nonce.
pub const HEADER_NONCE: &str = "X-Hmac-Auth-Nonce";
/// The header carrying the signature.
pub const HEADER_SIGNATURE: &str = "X-Hmac-Auth-Signature";
/// The client's IP (informational; third-party clients send `127.0.0.1`).
pub const HEADER_IP: &str = "X-Hmac-Auth-IP";
/// The client's MAC address (informational; clients send random or empty values).
pub const HEADER_MAC: &str = "X-Hmac-Auth-MAC";
/// Optional; `md5` would switch to the SDK's MD5 variant, which neither end here implements.
pub const HEADER_ALGORITHM: &str = "X-Hmac-Auth-Algorithm";
/// The value of [`HEADER_VERSION`].
pub const VERSION: &str = "1.0";

/// What a signature covers: the method, the URI path as sent (a prefix of the gateway's base
/// URL included, no query) and the parameters (form fields of a POST, query of a GET).
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The URI path, e.g. `/message/workNotification`.
    pub path: &'a str,
    /// The parameters, raw (not URL-encoded); a key may repeat.
    pub params: &'a [(&'a str, &'a str)],
}

impl Request<'_> {
    /// The request's string to sign with this timestamp and nonce.
    pub fn string_to_sign(&self, timestamp: &str, nonce: &str) -> String {
        string_to_sign(self.method, timestamp, nonce, self.path, self.params)
    }
}

/// The headers of `request` signed with the app's key and secret at `now`, with a fresh nonce:
/// every header the SDK sends (IP `127.0.0.1`, empty MAC, as third-party clients do).
pub fn headers(
    app_key: &str,
    secret: &str,
    request: &Request<'_>,
    now: jiff::Timestamp,
) -> Vec<(&'static str, String)> {
    let timestamp = timestamp(now);
    let nonce = nonce(now);
    let signature = signature(secret, &request.string_to_sign(&timestamp, &nonce));
    vec![
        (HEADER_API_KEY, app_key.to_owned()),
        (HEADER_TIMESTAMP, timestamp),
        (HEADER_VERSION, VERSION.to_owned()),
        (HEADER_NONCE, nonce),
        (HEADER_SIGNATURE, signature),
        (HEADER_IP, "127.0.0.1".to_owned()),
        (HEADER_MAC, String::new()),
    ]
}

/// The form of a POST: the parameters the signature keeps (blank values are dropped from both).
pub fn form<'a>(params: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    params
        .iter()
        .copied()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &str = r#"{"msgtype":"text","text":{"content":"新的待办"}}"#;

    #[test]
    fn parameters_are_sorted_case_insensitively_and_blanks_dropped() {
        let params = [
            ("tenantId", "196729"),
            ("receiverIds", "10003"),
            ("msg", " "),
            ("organizationCodes", "GO_b"),
            ("bizMsgId", "d1-zwdd"),
            ("organizationCodes", "GO_a"),
        ];
        assert_eq!(
            canonical_params(&params),
            "bizMsgId=d1-zwdd&organizationCodes=GO_a&organizationCodes=GO_b&receiverIds=10003&tenantId=196729"
        );
        assert_eq!(canonical_params(&[("a", "")]), "");
    }

    #[test]
    fn signature_matches_an_independent_hmac() {
        let text = string_to_sign(
            "POST",
            "2024-05-01T10:20:30.123+08:00",
            "17145300301231234",
            "/message/workNotification",
            &[
                ("tenantId", "196729"),
                ("receiverIds", "10003"),
                ("bizMsgId", "d1-zwdd"),
                ("msg", MSG),
            ],
        );
        assert_eq!(
            text,
            format!(
                "POST\n2024-05-01T10:20:30.123+08:00\n17145300301231234\n/message/workNotification\nbizMsgId=d1-zwdd&msg={MSG}&receiverIds=10003&tenantId=196729"
            )
        );
        // Computed with `openssl dgst -sha256 -hmac test-secret -binary | base64`.
        assert_eq!(
            signature("test-secret", &text),
            "6q8RcCIv0F6iyvm5wjTNKI1R7/I69GKiGP6cN5QkDdw="
        );
        assert_eq!(
            string_to_sign("GET", "t", "n", "/gettoken.json", &[]),
            "GET\nt\nn\n/gettoken.json"
        );
    }

    #[test]
    fn timestamp_and_nonce_have_the_sdk_shape() {
        let at: jiff::Timestamp = "2024-05-01T02:20:30.123Z".parse().unwrap();
        assert_eq!(timestamp(at), "2024-05-01T10:20:30.123+08:00");
        let n = nonce(at);
        assert_eq!(n.len(), 17);
        assert!(n.starts_with("1714530030123"), "{n}");
        assert!(n.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn signed_headers_carry_a_signature_of_the_request() {
        let params = [
            ("tenantId", "196729"),
            ("msg", MSG),
            ("organizationCodes", " "),
        ];
        let request = Request {
            method: "POST",
            path: "/gw/message/workNotification",
            params: &params,
        };
        let at: jiff::Timestamp = "2024-05-01T02:20:30.123Z".parse().unwrap();
        let headers = headers("key", "test-secret", &request, at);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get(HEADER_API_KEY), "key");
        assert_eq!(get(HEADER_VERSION), "1.0");
        assert_eq!(get(HEADER_TIMESTAMP), "2024-05-01T10:20:30.123+08:00");
        let text = request.string_to_sign(&get(HEADER_TIMESTAMP), &get(HEADER_NONCE));
        assert_eq!(
            text,
            format!(
                "POST\n2024-05-01T10:20:30.123+08:00\n{}\n/gw/message/workNotification\nmsg={MSG}&tenantId=196729",
                get(HEADER_NONCE)
            )
        );
        assert_eq!(get(HEADER_SIGNATURE), signature("test-secret", &text));
        assert_eq!(form(&params), [("tenantId", "196729"), ("msg", MSG)]);
    }
}
