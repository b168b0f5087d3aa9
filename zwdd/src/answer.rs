//! The answers of the gateway, written ([`accepted`], [`gateway_error`], [`business_error`]) and
//! read ([`Answer::read`]), so the simulator answers exactly what Lianban's client understands.
//!
//! - Success of `/message/workNotification` (a raw "same" response, §1.3/§1.6):
//!   `{"success":true,"content":{"msgId":"…"}}`; one client saw `content` as the id itself, so
//!   both are read.
//! - Refusal by the gateway itself (signature, app key, timestamp, outage): top-level
//!   `success:false` with `errorCode`, `errorMsg`, `errorLevel`, `_RequestId`. The field names are
//!   the SDK's; the codes are ours [I].
//! - Refusal of the business call (receiver, message, duplicate): the "sp result" shape with
//!   `content.success:false`, `responseCode`, `responseMessage` and `bizErrorCode`, as real samples
//!   show. A message containing [`DUPLICATE_MARK`] means the `bizMsgId` was accepted before.

use serde_json::{Value, json};

/// The word of a refusal that means "this `bizMsgId` was already accepted".
pub const DUPLICATE_MARK: &str = "重复";

/// What an answer said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Success; the message id when the gateway gave one.
    Accepted {
        /// `content.msgId`, `content.data` or `content` itself.
        msg_id: Option<String>,
    },
    /// `success:false` at the top or in `content`.
    Refused {
        /// `errorCode` / `Code` / `bizErrorCode`, or `responseCode` / `bizErrorCode` in `content`.
        code: String,
        /// `errorMsg` / `Message` / `message`, or `responseMessage` in `content`.
        message: String,
    },
}

impl Answer {
    /// Reads an answer body; an error when it is not JSON.
    pub fn read(body: &str) -> Result<Answer, serde_json::Error> {
        let value: Value = serde_json::from_str(body)?;
        if value["success"] != Value::Bool(true) {
            return Ok(Answer::Refused {
                code: text(&value, &["errorCode", "Code", "bizErrorCode"]),
                message: text(&value, &["errorMsg", "Message", "message"]),
            });
        }
        let content = &value["content"];
        if content["success"] == Value::Bool(false) {
            return Ok(Answer::Refused {
                code: text(content, &["responseCode", "bizErrorCode"]),
                message: text(content, &["responseMessage"]),
            });
        }
        let msg_id = match content {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("msgId")
                .or_else(|| o.get("data"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            _ => None,
        };
        Ok(Answer::Accepted { msg_id })
    }

    /// Whether this refuses a `bizMsgId` the gateway already accepted.
    pub fn is_duplicate(&self) -> bool {
        matches!(self, Answer::Refused { message, .. } if message.contains(DUPLICATE_MARK))
    }
}

/// The first non-empty string (or number) among `keys` of `value`.
fn text(value: &Value, keys: &[&str]) -> String {
    keys.iter()
        .find_map(|k| match &value[*k] {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A work notice accepted as `msg_id`.
pub fn accepted(msg_id: &str) -> Value {
    json!({ "success": true, "content": { "msgId": msg_id } })
}

/// A refusal by the gateway itself (signature, app key, timestamp, nonce, or trouble of its own).
pub fn gateway_error(code: &str, message: &str, request_id: &str) -> Value {
    json!({
        "success": false,
        "errorCode": code,
        "errorMsg": message,
        "errorLevel": "error",
        "_RequestId": request_id,
    })
}

/// A refusal of the call's content (tenant, receivers, message, duplicate `bizMsgId`).
pub fn business_error(code: &str, message: &str, request_id: &str) -> Value {
    json!({
        "success": true,
        "content": {
            "success": false,
            "requestId": request_id,
            "responseCode": code,
            "responseMessage": message,
            "bizErrorCode": code,
        },
        "bizErrorCode": code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &Value) -> Answer {
        Answer::read(&value.to_string()).unwrap()
    }

    #[test]
    fn what_the_simulator_writes_the_client_reads() {
        assert_eq!(
            read(&accepted("m1")),
            Answer::Accepted {
                msg_id: Some("m1".into())
            }
        );
        let refused = read(&gateway_error("SIGNATURE_INVALID", "签名不正确", "r1"));
        assert_eq!(
            refused,
            Answer::Refused {
                code: "SIGNATURE_INVALID".into(),
                message: "签名不正确".into()
            }
        );
        assert!(!refused.is_duplicate());
        let duplicate = read(&business_error(
            "BIZ_MSG_ID_DUPLICATE",
            "bizMsgId重复",
            "r2",
        ));
        assert_eq!(
            duplicate,
            Answer::Refused {
                code: "BIZ_MSG_ID_DUPLICATE".into(),
                message: "bizMsgId重复".into()
            }
        );
        assert!(duplicate.is_duplicate());
    }

    #[test]
    fn every_envelope_of_the_protocol_notes_is_read() {
        let read = |body: &str| Answer::read(body).unwrap();
        assert_eq!(
            read(r#"{"success":true,"content":"m2"}"#),
            Answer::Accepted {
                msg_id: Some("m2".into())
            }
        );
        assert_eq!(
            read(r#"{"success":true,"content":{"data":"m3"}}"#),
            Answer::Accepted {
                msg_id: Some("m3".into())
            }
        );
        assert_eq!(
            read(r#"{"success":true}"#),
            Answer::Accepted { msg_id: None }
        );
        assert_eq!(
            read(
                r#"{"success":true,"content":{"success":false,"responseCode":"250027","responseMessage":"accessToken not correct"},"bizErrorCode":"250027"}"#
            ),
            Answer::Refused {
                code: "250027".into(),
                message: "accessToken not correct".into()
            }
        );
        assert_eq!(
            read(r#"{"Code":403,"Message":"Forbidden"}"#),
            Answer::Refused {
                code: "403".into(),
                message: "Forbidden".into()
            }
        );
        assert!(Answer::read("<html>502</html>").is_err());
    }
}
