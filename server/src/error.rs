//! The HTTP error type: one stable code table, problem+json bodies with a Chinese `detail`, and the
//! cause logged once inside the request span. Internals never reach the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lianban_definition::Issue;
use lianban_runtime::{ErrorClass, RuntimeError};
use serde::Serialize;

/// Result alias for handlers and services.
pub type ApiResult<T> = Result<T, ApiError>;

/// An error answered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code for API callers (see [`CODES`]).
    pub code: &'static str,
    /// Chinese explanation for users.
    pub detail: String,
    /// Per-field issues for `validation_failed`.
    pub errors: Vec<Issue>,
    /// Seconds after which a retry may succeed, answered as `Retry-After` (429 `rate_limited`).
    pub retry_after: Option<u64>,
}

/// The code table: every code the internal API answers with, its status and meaning. Runtime
/// codes (`task_taken`, `not_candidate` …) come from `lianban_runtime::RuntimeError::code`.
pub const CODES: &[(&str, u16, &str)] = &[
    ("unauthenticated", 401, "未登录或登录已过期"),
    ("bad_credentials", 401, "用户名或密码错误"),
    ("account_locked", 423, "账号已锁定"),
    ("forbidden", 403, "无权操作"),
    ("csrf_rejected", 403, "跨站请求被拒绝"),
    ("not_found", 404, "资源不存在或无权查看"),
    ("bad_request", 400, "请求格式不正确"),
    ("validation_failed", 400, "表单填写有误"),
    ("conflict", 409, "数据已被他人修改，请刷新后重试"),
    ("file_too_large", 413, "文件过大"),
    ("file_type_rejected", 415, "文件类型不允许"),
    ("rule_failed", 422, "事项规则执行失败"),
    ("definition_invalid", 422, "事项定义有误，不能发布"),
    ("type_exists", 409, "事项编码已存在"),
    ("version_retired", 409, "事项版本已停用"),
    ("material_missing", 400, "缺少必交材料"),
    ("unknown_user", 400, "用户不存在"),
    ("unknown_reason_code", 400, "退回原因代码不存在"),
    ("docket_closed", 409, "督办已办结"),
    ("dict_exists", 409, "字典编码已存在"),
    ("dict_item_removed", 422, "字典项不能删除，只能停用"),
    ("calendar_bad_from", 400, "起算时间无法识别"),
    ("calendar_bad_amount", 400, "时限数值不正确"),
    ("calendar_bad_unit", 400, "时限单位不正确"),
    ("calendar_bad_year", 400, "年份无效"),
    (
        "calendar_year_missing",
        422,
        "工作日历缺少该年份的节假日安排",
    ),
    ("calendar_out_of_range", 422, "日期超出可计算的范围"),
    ("template_invalid", 422, "通知模板有误，不能保存"),
    (
        "delivery_not_retryable",
        409,
        "只有失败或已放弃的投递可以重试",
    ),
    (
        "delivery_not_replayable",
        409,
        "只有已放弃的推送可以重新推送",
    ),
    ("internal", 500, "服务器内部错误"),
];

impl ApiError {
    /// Builds an error with an explicit status and code.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 429 `rate_limited`: retry after `seconds` (at least 1).
    pub fn rate_limited(detail: impl Into<String>, seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", detail)
        }
    }

    /// 401: no valid session.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "未登录或登录已过期，请重新登录",
        )
    }

    /// 403 with a Chinese reason.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404: absent, or not visible to the caller (both look the same on purpose).
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "资源不存在或无权查看")
    }

    /// 400 with a Chinese reason.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    /// 409 with a Chinese reason.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 400 `validation_failed` with per-field issues.
    pub fn validation(errors: Vec<Issue>) -> Self {
        let first = errors
            .first()
            .map(|i| i.message.clone())
            .unwrap_or_default();
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "validation_failed",
            detail: format!("表单填写有误：{first}"),
            errors,
            retry_after: None,
        }
    }

    /// 422 `definition_invalid`: a matter type that cannot be published, with every issue.
    pub fn invalid_definition(errors: Vec<Issue>) -> Self {
        let first = errors
            .first()
            .map(|i| i.message.clone())
            .unwrap_or_default();
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "definition_invalid",
            detail: format!("事项定义有{}处问题，不能发布：{first}", errors.len()),
            errors,
            retry_after: None,
        }
    }

    /// 500. The cause is logged here, once; the client sees a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误，请稍后重试",
        )
    }
}

impl From<RuntimeError> for ApiError {
    fn from(err: RuntimeError) -> Self {
        let status = match err.class() {
            // A broken routing rule is answered like a broken validation rule: one code, one
            // status (the runtime classes it with invalid input).
            _ if matches!(err, RuntimeError::Rule { .. }) => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorClass::NotFound => StatusCode::NOT_FOUND,
            ErrorClass::Forbidden => StatusCode::FORBIDDEN,
            ErrorClass::Conflict => StatusCode::CONFLICT,
            ErrorClass::Invalid => StatusCode::BAD_REQUEST,
        };
        Self::new(status, err.code(), err.to_string())
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(err: crate::db::DbError) -> Self {
        match err {
            crate::db::DbError::Conflict | crate::db::DbError::Duplicate(_) => {
                ApiError::conflict("数据已被他人修改，请刷新后重试")
            }
            crate::db::DbError::Unavailable(why) => {
                tracing::error!(error = %why, "database unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "db_unavailable",
                    "数据库暂时不可用，请稍后重试",
                )
            }
            other => ApiError::internal(other),
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    status: u16,
    code: &'a str,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[Issue]>::is_empty")]
    errors: &'a [Issue],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_client_error() {
            tracing::debug!(code = self.code, detail = %self.detail, "request refused");
        }
        let title = self.status.canonical_reason().unwrap_or("Error");
        let body = Problem {
            kind: "about:blank",
            title,
            status: self.status.as_u16(),
            code: self.code,
            detail: &self.detail,
            errors: &self.errors,
        };
        let mut response = (self.status, Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
