//! Everything the app says to the server, one typed function per endpoint of
//! `docs/api-contract.md` (the task routes in [`task`], dictionaries and catalog files in
//! [`dict`], designing in [`admin`]). All calls go through [`client`] (base URL, session cookie, CSRF
//! header, problem+json → [`ApiError`]).

pub mod admin;
pub mod calendar;
pub mod client;
pub mod de;
pub mod dict;
pub mod error;
pub mod matter;
pub mod notify;
pub mod open;
pub mod task;
pub mod types;
pub mod url;

pub use error::ApiError;
pub use matter::{
    Attachment, CcRecord, CcUser, Deadline, Dispatch, Docket, DocketReply, ExternalProgress,
    ExternalStep, MatterDetail, NewMatter, Returned, Suspension, TierRef, TimelineEntry,
};
pub use task::{ReturnTarget, Task};
pub use types::{
    LoginRequest, MatterTypeDetail, MatterTypeSummary, Me, Notification, NotificationPage, OrgUnit,
    OrgUser, WorkItem, WorkPage,
};

use lianban_definition::form::FormValues;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use url::{escape, with_query};
use web_sys::{File, FormData};

/// Shorthand for results of API calls.
pub type ApiResult<T> = Result<T, ApiError>;

/// `POST /auth/login` → the user (401 `bad_credentials`, 423 `account_locked`).
pub async fn login(username: &str, password: &str) -> ApiResult<Me> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    client::post("/auth/login", &body).await
}

/// `POST /auth/logout`.
pub async fn logout() -> ApiResult<()> {
    client::post_no_content("/auth/logout").await
}

/// `GET /auth/me` (401 when not logged in).
pub async fn me() -> ApiResult<Me> {
    client::get("/auth/me").await
}

/// `GET /matter-types`: the types the user's unit may initiate.
pub async fn matter_types() -> ApiResult<Vec<MatterTypeSummary>> {
    client::get("/matter-types").await
}

/// `GET /matter-types/{code}` with its form.
pub async fn matter_type(code: &str) -> ApiResult<MatterTypeDetail> {
    client::get(&format!("/matter-types/{}", escape(code))).await
}

/// `GET /org/units`.
pub async fn units() -> ApiResult<Vec<OrgUnit>> {
    client::get("/org/units").await
}

/// `GET /org/users`.
pub async fn users() -> ApiResult<Vec<OrgUser>> {
    client::get("/org/users").await
}

/// The path of one matter.
pub(super) fn matter_path(id: &str) -> String {
    format!("/matters/{}", escape(id))
}

/// `GET /matters/{id}`.
pub async fn matter(id: &str) -> ApiResult<MatterDetail> {
    client::get(&matter_path(id)).await
}

/// `POST /matters`: creates a draft.
pub async fn create_draft(
    type_code: &str,
    title: &str,
    values: &FormValues,
) -> ApiResult<MatterDetail> {
    let body = NewMatter {
        type_code,
        title,
        values,
    };
    client::post("/matters", &body).await
}

/// `PUT /matters/{id}`: saves a draft.
pub async fn save_draft(id: &str, title: &str, values: &FormValues) -> ApiResult<MatterDetail> {
    client::put(
        &matter_path(id),
        &json!({ "title": title, "values": values }),
    )
    .await
}

/// `DELETE /matters/{id}`: deletes a draft.
pub async fn delete_draft(id: &str) -> ApiResult<()> {
    client::delete(&matter_path(id)).await
}

/// The body of a submission: the final values, and `chosen` (node id → user names) when the
/// flow has 发起人自选 nodes.
pub fn submit_body(values: &FormValues, chosen: &BTreeMap<String, Vec<String>>) -> Value {
    let mut body = json!({ "values": values });
    if !chosen.is_empty() {
        body["chosen"] = json!(chosen);
    }
    body
}

/// `POST /matters/{id}/submit` with the final values and the 发起人自选 picks (400
/// `validation_failed`, 400 `approver_not_chosen`).
pub async fn submit(
    id: &str,
    values: &FormValues,
    chosen: &BTreeMap<String, Vec<String>>,
) -> ApiResult<MatterDetail> {
    let path = format!("{}/submit", matter_path(id));
    client::post(&path, &submit_body(values, chosen)).await
}

/// `POST /matters/{id}/attachments`: uploads one file into the attachment field `field`.
pub async fn upload(id: &str, field: &str, file: &File) -> ApiResult<Attachment> {
    let form = FormData::new().map_err(|_| ApiError::local("request", "无法创建上传请求"))?;
    form.append_with_str("field", field)
        .and_then(|_| form.append_with_blob_and_filename("file", file, &file.name()))
        .map_err(|_| ApiError::local("request", "无法读取所选文件"))?;
    client::post_form(&format!("{}/attachments", matter_path(id)), form).await
}

/// `DELETE /attachments/{id}`.
pub async fn delete_attachment(id: &str) -> ApiResult<()> {
    client::delete(&format!("/attachments/{}", escape(id))).await
}

/// `POST /matters/{id}/dispatches/{node}/resubmit`.
pub async fn resubmit(
    id: &str,
    node: &str,
    values: &FormValues,
    note: &str,
) -> ApiResult<MatterDetail> {
    let path = format!("{}/dispatches/{}/resubmit", matter_path(id), escape(node));
    client::post(&path, &json!({ "values": values, "note": note })).await
}

/// `POST /matters/{id}/close` (办结).
pub async fn close(id: &str, opinion: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/close", matter_path(id));
    client::post(&path, &json!({ "opinion": opinion })).await
}

/// `POST /matters/{id}/void` (作废).
pub async fn void(id: &str, reason: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/void", matter_path(id));
    client::post(&path, &json!({ "reason": reason })).await
}

/// `POST /matters/{id}/dispatches/{node}/urge` (409 `urged_too_often`).
pub async fn urge(id: &str, node: &str, message: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/dispatches/{}/urge", matter_path(id), escape(node));
    client::post(&path, &json!({ "message": message })).await
}

/// `POST /matters/{id}/suspend` (挂起; 400 `missing_argument` without a reason, 403
/// `not_initiator`, 409 `matter_suspended`).
pub async fn suspend(id: &str, reason: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/suspend", matter_path(id));
    client::post(&path, &json!({ "reason": reason.trim() })).await
}

/// `POST /matters/{id}/resume` (恢复; 409 `matter_wrong_status` when not suspended).
pub async fn resume(id: &str, note: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/resume", matter_path(id));
    client::post(&path, &json!({ "note": note.trim() })).await
}

/// `POST /matters/{id}/cc/{node}/read`: the user has read the copy sent by CC node `node`.
pub async fn read_copy(id: &str, node: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/cc/{}/read", matter_path(id), escape(node));
    client::post_empty(&path).await
}

/// Which work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// 待办.
    Todo,
    /// 已办.
    Done,
    /// 我发起的.
    Initiated,
    /// 草稿箱.
    Drafts,
}

impl ListKind {
    /// The path segment.
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::Todo => "todo",
            ListKind::Done => "done",
            ListKind::Initiated => "initiated",
            ListKind::Drafts => "drafts",
        }
    }

    /// The Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Todo => "待办",
            ListKind::Done => "已办",
            ListKind::Initiated => "我发起的",
            ListKind::Drafts => "草稿箱",
        }
    }
}

/// Filters of a work list; empty strings mean "any".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListFilter {
    /// Matter type code.
    pub type_code: String,
    /// Status code.
    pub status: String,
    /// From date, `YYYY-MM-DD`.
    pub from: String,
    /// To date, `YYYY-MM-DD`.
    pub to: String,
    /// Keyword.
    pub q: String,
}

/// The path of one page of a work list.
pub fn worklist_path(kind: ListKind, filter: &ListFilter, cursor: Option<&str>) -> String {
    with_query(
        &format!("/worklist/{}", kind.slug()),
        &[
            ("type", &filter.type_code),
            ("status", &filter.status),
            ("from", &filter.from),
            ("to", &filter.to),
            ("q", &filter.q),
            ("cursor", cursor.unwrap_or("")),
        ],
    )
}

/// `GET /worklist/{kind}?…`.
pub async fn worklist(
    kind: ListKind,
    filter: &ListFilter,
    cursor: Option<&str>,
) -> ApiResult<WorkPage> {
    client::get(&worklist_path(kind, filter, cursor)).await
}

/// `GET /notifications?cursor=`.
pub async fn notifications(cursor: Option<&str>) -> ApiResult<NotificationPage> {
    client::get(&with_query(
        "/notifications",
        &[("cursor", cursor.unwrap_or(""))],
    ))
    .await
}

/// `POST /notifications/{id}/read`.
pub async fn mark_read(id: &str) -> ApiResult<()> {
    client::post_no_content(&format!("/notifications/{}/read", escape(id))).await
}

/// `POST /notifications/read-all`.
pub async fn mark_all_read() -> ApiResult<()> {
    client::post_no_content("/notifications/read-all").await
}

/// The URL of the live notification stream (SSE).
pub fn notification_stream_url() -> String {
    format!("{}/notifications/stream", url::BASE)
}

/// `POST /matters/{id}/dockets` (督办), then the matter page again.
pub async fn open_docket(
    id: &str,
    node: Option<&str>,
    requirement: &str,
    reply_by: &str,
) -> ApiResult<MatterDetail> {
    let path = format!("{}/dockets", matter_path(id));
    let body = json!({ "node": node, "requirement": requirement.trim(), "reply_by": reply_by });
    let _: serde_json::Value = client::post(&path, &body).await?;
    matter(id).await
}

/// `POST /dockets/{key}/reply` or `…/close` with a text, then the matter page again.
pub async fn docket_step(id: &str, key: &str, step: &str, text: &str) -> ApiResult<MatterDetail> {
    let path = format!("/dockets/{}/{step}", escape(key));
    let _: serde_json::Value = client::post(&path, &json!({ "text": text.trim() })).await?;
    matter(id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submit_body_carries_picks_only_when_there_are_some() {
        let values: FormValues = serde_json::from_value(json!({"headcount": 2})).unwrap();
        assert_eq!(
            submit_body(&values, &BTreeMap::new()),
            json!({"values": {"headcount": 2}})
        );
        let chosen = BTreeMap::from([("leader_pick".to_owned(), vec!["zhang".to_owned()])]);
        assert_eq!(
            submit_body(&values, &chosen),
            json!({"values": {"headcount": 2}, "chosen": {"leader_pick": ["zhang"]}})
        );
    }

    #[test]
    fn worklist_path_carries_the_filters() {
        let filter = ListFilter {
            type_code: "personnel_transfer".into(),
            from: "2026-01-01".into(),
            q: "调入".into(),
            ..ListFilter::default()
        };
        assert_eq!(
            worklist_path(ListKind::Todo, &filter, Some("c1")),
            "/worklist/todo?type=personnel_transfer&from=2026-01-01&q=%E8%B0%83%E5%85%A5&cursor=c1"
        );
        assert_eq!(
            worklist_path(ListKind::Drafts, &ListFilter::default(), None),
            "/worklist/drafts"
        );
    }
}
