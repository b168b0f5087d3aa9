//! The gateway client: signed form POSTs to the open platform and the reading of its answers.

use super::sign;
use crate::config::ZwddConfig;
use gateway_http as http;
use serde_json::Value;
use std::time::Duration;

/// How long one gateway call may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The work-notice endpoint.
const WORK_NOTIFICATION: &str = "/message/workNotification";

/// A failed gateway call.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// No answer: connection refused or reset, timeout, unreadable body.
    #[error("网关无法访问：{0}")]
    Transport(String),
    /// An HTTP status the SDK treats as an error (≥ 300, or 203).
    #[error("网关返回 HTTP {status}：{body}")]
    Status {
        /// The status code.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// The gateway answered `success: false` (signature, parameters, rights, limits …).
    #[error("网关拒绝（{code}）：{message}")]
    Refused {
        /// `errorCode` / `responseCode` / `bizErrorCode`.
        code: String,
        /// `errorMsg` / `responseMessage`.
        message: String,
    },
}

impl GatewayError {
    /// Whether trying again later may succeed: transport failures, 5xx, 429 and refusals (whose
    /// codes are not documented, so they are not known to be final). Other 4xx and 203 answer
    /// the request as such and would answer a retry the same way.
    pub fn retryable(&self) -> bool {
        match self {
            GatewayError::Transport(_) | GatewayError::Refused { .. } => true,
            GatewayError::Status { status, .. } => *status >= 500 || *status == 429,
        }
    }
}

/// One work notice (`/message/workNotification`).
#[derive(Debug, Clone)]
pub struct WorkNotice<'a> {
    /// The recipient's `accountId`.
    pub receiver: &'a str,
    /// Our id of the message; the gateway refuses a second message with the same id, which
    /// makes a retry after a lost answer harmless.
    pub biz_msg_id: &'a str,
    /// The message (`msgtype` and its object), at most 2048 bytes as JSON.
    pub msg: &'a Value,
}

/// What became of a work notice the gateway accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// Sent now; the gateway's message id when it gave one.
    Sent(Option<String>),
    /// The gateway already had a message with this `bizMsgId` (an earlier attempt got through).
    Duplicate,
}

/// A client of one 浙政钉 app.
#[derive(Clone)]
pub struct Client {
    http: http::Client,
    config: ZwddConfig,
}

impl Client {
    /// A client for the configured app.
    pub fn new(config: ZwddConfig) -> Result<Self, GatewayError> {
        let http = http::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| GatewayError::Transport(e.to_string()))?;
        Ok(Self { http, config })
    }

    /// Sends one work notice at time `now` (the signature's timestamp).
    pub async fn work_notification(
        &self,
        notice: &WorkNotice<'_>,
        now: jiff::Timestamp,
    ) -> Result<Accepted, GatewayError> {
        let msg = notice.msg.to_string();
        let params = [
            ("tenantId", self.config.tenant_id.as_str()),
            ("receiverIds", notice.receiver),
            ("bizMsgId", notice.biz_msg_id),
            ("msg", msg.as_str()),
        ];
        match self.post(WORK_NOTIFICATION, &params, now).await {
            Ok(body) => Ok(Accepted::Sent(message_id(&body))),
            Err(GatewayError::Refused { message, .. }) if message.contains("重复") => {
                Ok(Accepted::Duplicate)
            }
            Err(e) => Err(e),
        }
    }

    /// A signed form POST; the answer's JSON when it reports success.
    async fn post(
        &self,
        path: &str,
        params: &[(&str, &str)],
        now: jiff::Timestamp,
    ) -> Result<Value, GatewayError> {
        let url = format!("{}{path}", self.config.base_url);
        // The signature covers the URI path as sent, including any prefix of the base URL.
        let signed_path = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or(path);
        let timestamp = sign::timestamp(now);
        let nonce = sign::nonce(now);
        let text = sign::string_to_sign("POST", &timestamp, &nonce, signed_path, params);
        let signature = sign::signature(self.config.app_secret.expose(), &text);
        let form: Vec<(&str, &str)> = params
            .iter()
            .copied()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let response = self
            .http
            .post(&url)
            .header("apiKey", &self.config.app_key)
            .header("X-Hmac-Auth-Timestamp", &timestamp)
            .header("X-Hmac-Auth-Version", "1.0")
            .header("X-Hmac-Auth-Nonce", &nonce)
            .header("X-Hmac-Auth-Signature", &signature)
            .header("X-Hmac-Auth-IP", "127.0.0.1")
            .header("X-Hmac-Auth-MAC", "")
            .form(&form)
            .send()
            .await
            .map_err(|e| GatewayError::Transport(e.to_string()))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|e| GatewayError::Transport(e.to_string()))?;
        if status >= 300 || status == 203 {
            return Err(GatewayError::Status {
                status,
                body: body.chars().take(200).collect(),
            });
        }
        read_answer(&body)
    }
}

/// The success or refusal in an answer body (raw, "sp result" and "content" envelopes).
fn read_answer(body: &str) -> Result<Value, GatewayError> {
    let value: Value = serde_json::from_str(body).map_err(|_| {
        GatewayError::Transport(format!(
            "应答不是 JSON：{}",
            body.chars().take(200).collect::<String>()
        ))
    })?;
    let text = |v: &Value, keys: &[&str]| {
        keys.iter()
            .find_map(|k| match &v[*k] {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .unwrap_or_default()
    };
    if value["success"] != Value::Bool(true) {
        return Err(GatewayError::Refused {
            code: text(&value, &["errorCode", "Code", "bizErrorCode"]),
            message: text(&value, &["errorMsg", "Message", "message"]),
        });
    }
    let content = &value["content"];
    if content["success"] == Value::Bool(false) {
        return Err(GatewayError::Refused {
            code: text(content, &["responseCode", "bizErrorCode"]),
            message: text(content, &["responseMessage"]),
        });
    }
    Ok(value)
}

/// The message id of a work-notice answer: `content` is `{msgId}` or the id itself.
fn message_id(body: &Value) -> Option<String> {
    match &body["content"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("msgId")
            .or_else(|| o.get("data"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_read_in_every_envelope() {
        let ok = read_answer(r#"{"success":true,"content":{"msgId":"m1"}}"#).unwrap();
        assert_eq!(message_id(&ok), Some("m1".into()));
        let ok = read_answer(r#"{"success":true,"content":"m2"}"#).unwrap();
        assert_eq!(message_id(&ok), Some("m2".into()));
        let ok = read_answer(r#"{"success":true}"#).unwrap();
        assert_eq!(message_id(&ok), None);
        match read_answer(
            r#"{"success":false,"errorCode":"SIGNATURE_INVALID","errorMsg":"bad","errorLevel":"error"}"#,
        ) {
            Err(GatewayError::Refused { code, message }) => {
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    ("SIGNATURE_INVALID", "bad")
                )
            }
            other => panic!("{other:?}"),
        }
        match read_answer(
            r#"{"success":true,"content":{"success":false,"responseCode":"250027","responseMessage":"accessToken not correct"},"bizErrorCode":"250027"}"#,
        ) {
            Err(GatewayError::Refused { code, .. }) => assert_eq!(code, "250027"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_answer("<html>502</html>"),
            Err(GatewayError::Transport(_))
        ));
    }

    #[test]
    fn which_failures_are_worth_a_retry() {
        let status = |status| GatewayError::Status {
            status,
            body: String::new(),
        };
        assert!(GatewayError::Transport("reset".into()).retryable());
        assert!(status(503).retryable() && status(429).retryable());
        assert!(!status(400).retryable() && !status(403).retryable() && !status(203).retryable());
        let refused = GatewayError::Refused {
            code: "x".into(),
            message: json!("限流").to_string(),
        };
        assert!(refused.retryable());
    }
}
