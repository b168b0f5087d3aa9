//! The gateway endpoint `POST …/message/workNotification` (under any path prefix, since Lianban
//! signs the path of its configured base URL), the failure modes, and the JSON view of the state.
//!
//! A call meets, in order: an armed failure mode (an outage answers before anything is checked);
//! the gateway's checks — signature headers, `apiKey`, timestamp window, signature over method,
//! path as received and form, nonce — refused with a top-level `success:false`; then the call's
//! content — `tenantId`, `receiverIds` (known accounts, at most 1000), `msg`, `bizMsgId` not
//! accepted before — refused in the "sp result" shape. The envelopes are `lianban_zwdd::answer`'s;
//! the codes of refusals are the simulator's (inferred, [I]: the real ones are not published).
//! Every call lands in the log with its result.

use super::state::{Call, Notice, Outcome};
use super::{Shared, local_now, local_text};
use crate::fault::{Faulty, Mode};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use lianban_zwdd::msg::Msg;
use lianban_zwdd::sign::Request;
use lianban_zwdd::verify::{self, SignedHeaders, VerifyError};
use lianban_zwdd::{WORK_NOTIFICATION_PATH, answer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// At most this many recipients per call (§1.6).
pub const MAX_RECEIVERS: usize = 1000;

/// What the endpoint does instead of handling a call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultMode {
    /// Handle calls normally.
    #[default]
    None,
    /// Answer HTTP 500.
    Error,
    /// Answer nothing for [`super::Config::hang`] (longer than Lianban waits), then 504.
    Timeout,
    /// Answer HTTP 200 with the gateway's own `success:false` (`SYSTEM_BUSY` [I]).
    GatewayError,
}

impl Mode for FaultMode {
    const ALL: &'static [Self] = &[
        FaultMode::None,
        FaultMode::Error,
        FaultMode::Timeout,
        FaultMode::GatewayError,
    ];

    fn label(self) -> &'static str {
        match self {
            FaultMode::None => "正常接收",
            FaultMode::Error => "返回 HTTP 500",
            FaultMode::Timeout => "挂起不应答（超时）",
            FaultMode::GatewayError => "网关错误应答（success:false）",
        }
    }
}

/// The armed failure mode of the endpoint.
pub type Fault = crate::fault::Fault<FaultMode>;

/// A call refused: by the gateway's checks (top-level envelope) or for its content.
struct Refusal {
    gateway: bool,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn content(code: &'static str, message: String) -> Self {
        Refusal {
            gateway: false,
            code,
            message,
        }
    }
}

impl From<VerifyError> for Refusal {
    fn from(e: VerifyError) -> Self {
        Refusal {
            gateway: true,
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// The form of a call, with every value of a repeated key.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(body: &[u8]) -> Self {
        Params(url::form_urlencoded::parse(body).into_owned().collect())
    }

    fn pairs(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// The first non-blank value of `name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }
}

/// The router's fallback: the endpoint under any prefix; anything else is not found.
pub async fn receive(
    State(sim): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::POST || !uri.path().ends_with(WORK_NOTIFICATION_PATH) {
        return (
            StatusCode::NOT_FOUND,
            "模拟网关只提供 POST /message/workNotification",
        )
            .into_response();
    }
    let now = local_now();
    let params = Params::parse(&body);
    let mut call = Call {
        at: local_text(&now),
        path: uri.path().to_owned(),
        biz_msg_id: params.get("bizMsgId").map(str::to_owned),
        receivers: params.get("receiverIds").map(str::to_owned),
        status: Some(200),
        outcome: Outcome::Refused,
        code: None,
        note: String::new(),
    };
    let request_id = lianban_zwdd::sign::nonce(now.timestamp());
    let armed = sim.take_fault();
    if let Some(mode) = armed {
        return fault(&sim, mode, call, &request_id).await;
    }
    let checked = check(&sim, &headers, uri.path(), &params, now.timestamp());
    let (notice, receivers) = match checked {
        Ok(accepted) => accepted,
        Err(refusal) => {
            call.code = Some(refusal.code.to_owned());
            call.note = refusal.message.clone();
            let body = if refusal.gateway {
                answer::gateway_error(refusal.code, &refusal.message, &request_id)
            } else {
                answer::business_error(refusal.code, &refusal.message, &request_id)
            };
            tracing::info!(code = refusal.code, reason = %refusal.message, "call refused");
            log(&sim, call);
            return Json(body).into_response();
        }
    };
    let stored = sim.store.update(|s| {
        let msg_id = s.accept(notice);
        call.outcome = Outcome::Accepted;
        call.code = Some(msg_id.clone());
        call.note = format!("已送达 {receivers}");
        s.log(call);
        msg_id
    });
    match stored {
        Ok(msg_id) => {
            tracing::info!(%msg_id, %receivers, "work notice accepted");
            Json(answer::accepted(&msg_id)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "storing a notice failed");
            let body =
                answer::gateway_error("SYSTEM_ERROR", "消息未能保存，请稍后重试", &request_id);
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
    }
}

/// Every check of a call; the notice to store and the recipients' names when it passes.
fn check(
    sim: &Shared,
    headers: &HeaderMap,
    path: &str,
    params: &Params,
    now: jiff::Timestamp,
) -> Result<(Notice, String), Refusal> {
    let config = &sim.config;
    let signed = SignedHeaders::read(|name| headers.get(name).and_then(|v| v.to_str().ok()))?;
    if signed.api_key != config.app_key {
        return Err(VerifyError::UnknownApiKey(signed.api_key).into());
    }
    let pairs = params.pairs();
    let request = Request {
        method: "POST",
        path,
        params: &pairs,
    };
    verify::verify(&signed, &request, &config.app_secret, now)?;
    sim.nonces.lock().unwrap_or_else(|p| p.into_inner()).check(
        &signed.api_key,
        &signed.nonce,
        now,
    )?;

    let tenant = params.get("tenantId").unwrap_or_default();
    if tenant != config.tenant_id {
        return Err(Refusal::content(
            "TENANT_INVALID",
            format!("tenantId「{tenant}」不是本应用所属租户"),
        ));
    }
    if params.get("organizationCodes").is_some() {
        return Err(Refusal::content(
            "PARAM_INVALID",
            "模拟网关只支持按 receiverIds 发送，不支持 organizationCodes".to_owned(),
        ));
    }
    let receivers: Vec<&str> = params
        .get("receiverIds")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    if receivers.is_empty() {
        return Err(Refusal::content(
            "PARAM_INVALID",
            "缺少接收人 receiverIds".to_owned(),
        ));
    }
    if receivers.len() > MAX_RECEIVERS {
        return Err(Refusal::content(
            "PARAM_INVALID",
            format!("接收人 {} 个，超过 {MAX_RECEIVERS} 个", receivers.len()),
        ));
    }
    let mut names = Vec::new();
    for r in &receivers {
        match sim.accounts.iter().find(|a| a.id == *r) {
            Some(a) => names.push(format!("{}（{}）", a.name, a.id)),
            None => {
                return Err(Refusal::content(
                    "RECEIVER_INVALID",
                    format!("接收人 accountId「{r}」不存在"),
                ));
            }
        }
    }
    let msg_text = params
        .get("msg")
        .ok_or_else(|| Refusal::content("MSG_INVALID", "缺少消息内容 msg".to_owned()))?;
    let msg = Msg::parse(msg_text).map_err(|e| Refusal::content("MSG_INVALID", e.to_string()))?;
    let biz_msg_id = params.get("bizMsgId").map(str::to_owned);
    if let Some(id) = &biz_msg_id
        && sim.store.read(|s| s.has_biz_msg_id(id))
    {
        return Err(Refusal::content(
            "BIZ_MSG_ID_DUPLICATE",
            format!("bizMsgId「{id}」{}，该消息已发送", answer::DUPLICATE_MARK),
        ));
    }
    let notice = Notice {
        msg_id: String::new(),
        biz_msg_id,
        receivers: receivers.iter().map(|r| (*r).to_owned()).collect(),
        at: local_text(&local_now()),
        msg: serde_json::to_value(&msg).unwrap_or(Value::Null),
    };
    Ok((notice, names.join("、")))
}

async fn fault(sim: &Shared, mode: FaultMode, mut call: Call, request_id: &str) -> Response {
    call.outcome = Outcome::Fault;
    call.note = format!("模拟故障：{}", mode.label());
    match mode {
        FaultMode::Error | FaultMode::None => {
            call.status = Some(500);
            log(sim, call);
            (StatusCode::INTERNAL_SERVER_ERROR, "模拟的网关内部错误").into_response()
        }
        FaultMode::GatewayError => {
            call.code = Some("SYSTEM_BUSY".into());
            log(sim, call);
            Json(answer::gateway_error(
                "SYSTEM_BUSY",
                "系统繁忙，请稍后重试（模拟）",
                request_id,
            ))
            .into_response()
        }
        FaultMode::Timeout => {
            call.status = None;
            call.note = format!("模拟故障：挂起 {} 秒不应答", sim.config.hang.as_secs());
            log(sim, call);
            tokio::time::sleep(sim.config.hang).await;
            (StatusCode::GATEWAY_TIMEOUT, "模拟的超时已结束").into_response()
        }
    }
}

fn log(sim: &Shared, call: Call) {
    if let Err(e) = sim.store.update(|s| s.log(call)) {
        tracing::warn!(error = %e, "writing the call log failed");
    }
}

/// `GET /api/state`: the app, the accounts, the stored notices and calls, the armed fault.
pub async fn state(State(sim): State<Shared>) -> Json<Value> {
    let fault = sim.current_fault();
    let snapshot = sim.store.snapshot();
    Json(json!({
        "app_key": sim.config.app_key,
        "tenant_id": sim.config.tenant_id,
        "accounts": sim.accounts,
        "notices": snapshot.notices,
        "calls": snapshot.calls,
        "fault": fault,
    }))
}
