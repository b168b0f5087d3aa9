//! The gateway client: signed form POSTs to the open platform and the reading of its answers.

use crate::config::ZwddConfig;
use gateway_http as http;
use lianban_zwdd::answer::Answer;
use lianban_zwdd::sign;
use serde_json::Value;
use std::time::Duration;

/// How long one gateway call may take.
const TIMEOUT: Duration = Duration::from_secs(10);

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
        match self
            .post(lianban_zwdd::WORK_NOTIFICATION_PATH, &params, now)
            .await?
        {
            Answer::Accepted { msg_id } => Ok(Accepted::Sent(msg_id)),
            refused if refused.is_duplicate() => Ok(Accepted::Duplicate),
            Answer::Refused { code, message } => Err(GatewayError::Refused { code, message }),
        }
    }

    /// A signed form POST; the gateway's answer when it is readable JSON.
    async fn post(
        &self,
        path: &str,
        params: &[(&str, &str)],
        now: jiff::Timestamp,
    ) -> Result<Answer, GatewayError> {
        let url = format!("{}{path}", self.config.base_url);
        // The signature covers the URI path as sent, including any prefix of the base URL.
        let signed_path = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or(path);
        let request = sign::Request {
            method: "POST",
            path: signed_path,
            params,
        };
        let mut builder = self.http.post(&url);
        let headers = sign::headers(
            &self.config.app_key,
            self.config.app_secret.expose(),
            &request,
            now,
        );
        for (name, value) in &headers {
            builder = builder.header(*name, value);
        }
        let response = builder
            .form(&sign::form(params))
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
        Answer::read(&body).map_err(|_| {
            GatewayError::Transport(format!(
                "应答不是 JSON：{}",
                body.chars().take(200).collect::<String>()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
