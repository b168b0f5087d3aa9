//! The clerk's actions on the page, each a signed call of Lianban's `/open/v1` through the SDK
//! client: 签收 (ack with our case number), 登记内部步骤 (steps), 办结（同意） with an optional
//! result document, 退回 with a reason, 查询 (the matter's state), and material downloads. Every
//! call's outcome — or Lianban's error, in Chinese — is recorded on the dispatch and shown on the
//! page. A form carries the idempotency key it was rendered with, so submitting it twice has one
//! effect in Lianban.

use super::state::{CallRecord, DispatchStatus};
use super::{Shared, local_now, local_text};
use axum::extract::{Form, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use lianban_sdk::api::{AckRequest, Document, MatterState, ResultRequest, StepRequest};
use lianban_sdk::client::ClientError;
use serde::Deserialize;

/// The path of a dispatch's forms: `/matters/{number}/dispatches/{node}`.
#[derive(Debug, Deserialize)]
pub struct DispatchPath {
    number: String,
    node: String,
}

/// The hidden field every form has.
#[derive(Debug, Default, Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    idem: String,
}

/// 登记内部步骤.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    handler: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    idem: String,
}

/// 退回.
#[derive(Debug, Deserialize)]
pub struct ReturnForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    idem: String,
}

fn key(idem: &str) -> Option<&str> {
    Some(idem.trim()).filter(|k| !k.is_empty())
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// `POST …/ack`: gives the dispatch our case number (kept across retries) and acknowledges it.
pub async fn ack(
    State(sim): State<Shared>,
    Path(at): Path<DispatchPath>,
    Form(form): Form<KeyForm>,
) -> Response {
    let year = local_now().year();
    let case_no = sim.store.update(|s| {
        let known = s
            .dispatch_mut(&at.number, &at.node)
            .map(|d| d.case_no.clone());
        match known {
            None => None,
            Some(Some(case_no)) => Some(case_no),
            Some(None) => {
                let case_no = s.next_case_no(year);
                if let Some(d) = s.dispatch_mut(&at.number, &at.node) {
                    d.case_no = Some(case_no.clone());
                }
                Some(case_no)
            }
        }
    });
    let case_no = match case_no {
        Ok(Some(case_no)) => case_no,
        Ok(None) => return not_found(),
        Err(e) => return failed(&e.to_string()),
    };
    let request = AckRequest {
        external_ref: Some(case_no.clone()),
    };
    let answer = sim
        .lianban
        .ack(&at.number, &at.node, &request, key(&form.idem))
        .await;
    let ok = format!("签收成功，本系统案卷号 {case_no}");
    record(
        &sim,
        &at,
        "签收",
        answer,
        ok,
        Some(DispatchStatus::Handling),
    )
}

/// `POST …/steps`.
pub async fn step(
    State(sim): State<Shared>,
    Path(at): Path<DispatchPath>,
    Form(form): Form<StepForm>,
) -> Response {
    let (Some(name), Some(handler)) = (text(&form.name), text(&form.handler)) else {
        return refuse(&sim, &at, "登记步骤", "请填写步骤名称和经办人");
    };
    let request = StepRequest {
        name: name.clone(),
        handler: handler.clone(),
        at: local_now().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        opinion: text(&form.opinion),
    };
    let answer = sim
        .lianban
        .step(&at.number, &at.node, &request, key(&form.idem))
        .await;
    let ok = format!("已登记步骤「{name}」（经办人 {handler}）");
    record(&sim, &at, "登记步骤", answer, ok, None)
}

/// `POST …/approve` (multipart: `opinion`, optional file `document`, `idem`).
pub async fn approve(
    State(sim): State<Shared>,
    Path(at): Path<DispatchPath>,
    mut form: Multipart,
) -> Response {
    let mut request = ResultRequest::approved(None);
    let mut idem = String::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return refuse(&sim, &at, "办结", &format!("表单无法读取：{e}")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return refuse(&sim, &at, "办结", &format!("表单无法读取：{e}")),
        };
        let value = String::from_utf8_lossy(&bytes);
        match (name.as_str(), filename) {
            ("opinion", _) => request.opinion = text(&value),
            ("idem", _) => idem = value.into_owned(),
            ("document", Some(filename)) if !filename.is_empty() && !bytes.is_empty() => {
                request.documents.push(Document {
                    filename,
                    content_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
                });
            }
            _ => {}
        }
    }
    let documents = request.documents.len();
    let answer = sim
        .lianban
        .result(&at.number, &at.node, &request, key(&idem))
        .await;
    let ok = match documents {
        0 => "已办结（同意）".to_owned(),
        n => format!("已办结（同意），附批复文件 {n} 份"),
    };
    record(
        &sim,
        &at,
        "办结",
        answer,
        ok,
        Some(DispatchStatus::Approved),
    )
}

/// `POST …/return`.
pub async fn return_back(
    State(sim): State<Shared>,
    Path(at): Path<DispatchPath>,
    Form(form): Form<ReturnForm>,
) -> Response {
    let Some(reason) = text(&form.reason) else {
        return refuse(&sim, &at, "退回", "请填写退回原因");
    };
    let request = ResultRequest::returned(reason.clone(), None);
    let answer = sim
        .lianban
        .result(&at.number, &at.node, &request, key(&form.idem))
        .await;
    let ok = format!("已退回：{reason}");
    record(
        &sim,
        &at,
        "退回",
        answer,
        ok,
        Some(DispatchStatus::Returned),
    )
}

/// `POST …/refresh`: reads the matter's state in Lianban.
pub async fn refresh(State(sim): State<Shared>, Path(at): Path<DispatchPath>) -> Response {
    let answer = sim.lianban.matter(&at.number).await;
    let ok = match &answer {
        Ok(state) => format!("联办办件状态：{}", super::page::status_text(&state.status)),
        Err(_) => String::new(),
    };
    record(&sim, &at, "查询", answer, ok, None)
}

/// Records a call's outcome on the dispatch (and Lianban's view after a success), then goes
/// back to the dispatch on the page.
fn record(
    sim: &Shared,
    at: &DispatchPath,
    action: &str,
    answer: Result<MatterState, ClientError>,
    ok_text: String,
    status_on_success: Option<DispatchStatus>,
) -> Response {
    let call = CallRecord {
        at: local_text(&local_now()),
        action: action.to_owned(),
        ok: answer.is_ok(),
        status: answer.as_ref().err().and_then(ClientError::status),
        code: answer
            .as_ref()
            .err()
            .and_then(|e| e.code().map(str::to_owned)),
        message: match &answer {
            Ok(_) => ok_text,
            Err(e) => e.to_string(),
        },
    };
    let stored = sim.store.update(|s| {
        let Some(matter) = s.matters.iter_mut().find(|m| m.matter.number == at.number) else {
            return false;
        };
        if let Ok(state) = &answer {
            matter.lianban_status = Some(state.status.clone());
        }
        let Some(d) = matter
            .dispatches
            .iter_mut()
            .find(|d| d.dispatch.node == at.node)
        else {
            return false;
        };
        if let Ok(state) = &answer {
            d.sync(state);
            if let Some(status) = status_on_success {
                d.status = status;
            }
        }
        d.calls.push(call);
        true
    });
    match stored {
        Ok(true) => back_to(at),
        Ok(false) => not_found(),
        Err(e) => failed(&e.to_string()),
    }
}

/// Records a form refused before calling Lianban.
fn refuse(sim: &Shared, at: &DispatchPath, action: &str, message: &str) -> Response {
    let call = CallRecord {
        at: local_text(&local_now()),
        action: action.to_owned(),
        ok: false,
        status: None,
        code: Some("form_incomplete".into()),
        message: message.to_owned(),
    };
    match sim.store.update(|s| {
        s.dispatch_mut(&at.number, &at.node)
            .map(|d| d.calls.push(call))
            .is_some()
    }) {
        Ok(true) => back_to(at),
        Ok(false) => not_found(),
        Err(e) => failed(&e.to_string()),
    }
}

fn back_to(at: &DispatchPath) -> Response {
    let anchor = super::page::anchor(&at.number, &at.node);
    Redirect::to(&format!("/#{anchor}")).into_response()
}

/// `GET /files/{number}/{id}`: a material through the signed file API.
pub async fn download(
    State(sim): State<Shared>,
    Path((number, id)): Path<(String, String)>,
) -> Response {
    match sim.lianban.file(&number, &id).await {
        Ok(file) => {
            let known_name = sim.store.read(|s| {
                s.matter(&number).and_then(|m| {
                    m.dispatches
                        .iter()
                        .filter_map(|d| d.data.as_ref())
                        .flat_map(|data| &data.materials)
                        .find(|material| material.id == id)
                        .map(|material| material.filename.clone())
                })
            });
            let filename = file.filename.or(known_name).unwrap_or_else(|| id.clone());
            let disposition = format!(
                "attachment; filename*=UTF-8''{}",
                super::page::encode(&filename)
            );
            let content_type = file
                .content_type
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(e) => message_page(StatusCode::BAD_GATEWAY, &format!("下载失败：{e}")),
    }
}

fn not_found() -> Response {
    message_page(StatusCode::NOT_FOUND, "没有这个办件或分发")
}

fn failed(detail: &str) -> Response {
    tracing::error!(detail, "saving the state failed");
    message_page(StatusCode::INTERNAL_SERVER_ERROR, "保存失败，请重试")
}

fn message_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>提示</title>\
         <body style=\"font-family:sans-serif;padding:2em\"><p>{}</p><p><a href=\"/\">返回首页</a></p>",
        super::page::esc(message)
    );
    (status, Html(body)).into_response()
}
