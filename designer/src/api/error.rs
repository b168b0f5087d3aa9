//! `ApiError`: every failure of a call to `/api/v1`, parsed from the server's problem+json body
//! (or made up locally for network failures and unreadable answers).

use lianban_definition::Issue;
use serde::Deserialize;
use std::fmt;

/// A failed API call: HTTP status, the stable error `code`, the Chinese `detail` and, for
/// `validation_failed`, one [`Issue`] per bad field (path = field key).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the request never got an answer.
    pub status: u16,
    /// Stable machine-readable code, e.g. `account_locked`, `validation_failed`.
    pub code: String,
    /// Chinese explanation for the user.
    pub detail: String,
    /// Field issues (only for validation failures).
    pub errors: Vec<Issue>,
}

/// The problem+json body as the server sends it; every member is optional here so that a
/// half-formed body still yields a useful error.
#[derive(Deserialize)]
struct Problem {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    errors: Vec<Issue>,
}

impl ApiError {
    /// The error for a request that got no answer (offline, server down, aborted).
    pub fn network() -> Self {
        Self {
            status: 0,
            code: "network".into(),
            detail: "无法连接服务器，请检查网络后重试".into(),
            errors: Vec::new(),
        }
    }

    /// The error for a success answer whose body we could not read.
    pub fn bad_response(what: &str) -> Self {
        Self {
            status: 0,
            code: "bad_response".into(),
            detail: format!("服务器返回的数据无法识别（{what}）"),
            errors: Vec::new(),
        }
    }

    /// A local error with a code and a Chinese message (e.g. a check before sending).
    pub fn local(code: &str, detail: impl Into<String>) -> Self {
        Self {
            status: 0,
            code: code.into(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// Parses an error answer: problem+json when possible, else a generic message by status.
    pub fn from_response(status: u16, body: &str) -> Self {
        let problem = serde_json::from_str::<Problem>(body).ok();
        let (code, detail, errors) = match problem {
            Some(p) => (p.code, p.detail.or(p.title), p.errors),
            None => (None, None, Vec::new()),
        };
        Self {
            status,
            code: code.unwrap_or_else(|| default_code(status).into()),
            detail: detail
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| default_detail(status).into()),
            errors,
        }
    }

    /// Whether the session is missing or expired (the user must log in again).
    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// A code for answers without a problem body.
fn default_code(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        413 => "too_large",
        423 => "locked",
        429 => "too_many_requests",
        500..=599 => "server_error",
        _ => "http_error",
    }
}

/// A Chinese message for answers without a problem body.
fn default_detail(status: u16) -> &'static str {
    match status {
        400 => "请求有误",
        401 => "请先登录",
        403 => "没有权限执行此操作",
        404 => "未找到相应内容",
        409 => "操作冲突，请刷新后重试",
        413 => "文件过大",
        429 => "操作过于频繁，请稍后再试",
        500..=599 => "服务器暂时无法处理，请稍后重试",
        _ => "请求失败",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_problem_json_with_field_errors() {
        let body = r#"{"type":"about:blank","title":"Bad Request","status":400,
            "code":"validation_failed","detail":"表单有误",
            "errors":[{"path":"person_name","code":"required","message":"请填写姓名"}]}"#;
        let err = ApiError::from_response(400, body);
        assert_eq!(err.status, 400);
        assert_eq!(err.code, "validation_failed");
        assert_eq!(err.detail, "表单有误");
        assert_eq!(err.errors.len(), 1);
        assert_eq!(err.errors[0].path, "person_name");
        assert_eq!(err.errors[0].message, "请填写姓名");
    }

    #[test]
    fn keeps_the_servers_chinese_detail() {
        let body =
            r#"{"status":423,"code":"account_locked","detail":"账号已锁定，请30分钟后再试"}"#;
        let err = ApiError::from_response(423, body);
        assert_eq!(err.code, "account_locked");
        assert_eq!(err.to_string(), "账号已锁定，请30分钟后再试");
    }

    #[test]
    fn falls_back_when_the_body_is_not_json() {
        let err = ApiError::from_response(502, "<html>Bad Gateway</html>");
        assert_eq!(err.code, "server_error");
        assert_eq!(err.detail, "服务器暂时无法处理，请稍后重试");
        assert!(err.errors.is_empty());
        assert!(ApiError::from_response(401, "").is_unauthenticated());
    }
}
