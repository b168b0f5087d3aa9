//! Visibility: a matter, its tasks and its files are visible to the initiating unit, the units
//! it was dispatched to and administrators; drafts only to their initiator. Everyone else gets
//! 404 `not_found` with no data on every endpoint, and the attempt changes nothing.

use crate::support::{
    PDF, Resp, Session, TestApp, draft_with_attachment, submitted_transfer, transfer_values,
};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// How an endpoint is called.
#[derive(Clone, Copy)]
enum Call {
    Get,
    Delete,
    Put(fn() -> Value),
    Post(fn() -> Value),
    Upload,
}

/// Every matter, task and attachment endpoint. Placeholders: `{id}` the matter, `{task}` each
/// task, `{node}` each dispatch, `{att}` each attachment of the matter. Adding an endpoint is
/// one line here. Bodies are valid, so a refusal can only come from visibility.
#[rustfmt::skip]
const ENDPOINTS: &[(Call, &str)] = &[
    (Call::Get, "/api/v1/matters/{id}"),
    (Call::Put(draft_body), "/api/v1/matters/{id}"),
    (Call::Delete, "/api/v1/matters/{id}"),
    (Call::Post(submit_body), "/api/v1/matters/{id}/submit"),
    (Call::Post(empty), "/api/v1/matters/{id}/tasks/{task}/claim"),
    (Call::Post(opinion), "/api/v1/matters/{id}/tasks/{task}/approve"),
    (Call::Post(reason), "/api/v1/matters/{id}/tasks/{task}/return"),
    (Call::Post(resubmit_body), "/api/v1/matters/{id}/dispatches/{node}/resubmit"),
    (Call::Post(message), "/api/v1/matters/{id}/dispatches/{node}/urge"),
    (Call::Post(opinion), "/api/v1/matters/{id}/close"),
    (Call::Post(reason), "/api/v1/matters/{id}/void"),
    (Call::Upload, "/api/v1/matters/{id}/attachments"),
    (Call::Get, "/api/v1/attachments/{att}"),
    (Call::Delete, "/api/v1/attachments/{att}"),
];

fn empty() -> Value {
    json!({})
}
fn opinion() -> Value {
    json!({ "opinion": "同意" })
}
fn reason() -> Value {
    json!({ "reason": "材料不全" })
}
fn message() -> Value {
    json!({ "message": "请尽快办理" })
}
fn draft_body() -> Value {
    json!({ "title": "改动的标题", "values": transfer_values("yes") })
}
fn submit_body() -> Value {
    json!({ "values": transfer_values("yes") })
}
fn resubmit_body() -> Value {
    json!({ "values": transfer_values("yes"), "note": "已补正" })
}

/// What one matter offers to the placeholders.
struct Target {
    id: String,
    tasks: Vec<String>,
    nodes: Vec<String>,
    attachments: Vec<String>,
    /// Texts that must not appear in a refusal (id, title, number, file names …).
    secrets: Vec<String>,
}

impl Target {
    fn of(page: &Value, tasks: &[String], nodes: &[String]) -> Self {
        let ids = |key: &str, field: &str| -> Vec<String> {
            page[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x[field].to_string().trim_matches('"').to_owned())
                .collect()
        };
        let mut secrets = vec![page["id"].as_str().unwrap().to_owned(), "张三".to_owned()];
        secrets.extend(page["number"].as_str().map(str::to_owned));
        secrets.extend(ids("attachments", "filename"));
        Self {
            id: page["id"].as_str().unwrap().to_owned(),
            tasks: tasks.to_vec(),
            nodes: nodes.to_vec(),
            attachments: ids("attachments", "id"),
            secrets,
        }
    }

    /// Every concrete path of an endpoint for this matter.
    fn paths(&self, template: &str) -> Vec<String> {
        let path = template.replace("{id}", &self.id);
        let (key, values) = if path.contains("{task}") {
            ("{task}", &self.tasks)
        } else if path.contains("{node}") {
            ("{node}", &self.nodes)
        } else if path.contains("{att}") {
            ("{att}", &self.attachments)
        } else {
            return vec![path];
        };
        assert!(!values.is_empty(), "nothing to put in {template}");
        values.iter().map(|v| path.replace(key, v)).collect()
    }
}

async fn call(session: &Session<'_>, call: Call, path: &str, matter: &str) -> Resp {
    match call {
        Call::Get => session.get(path).await,
        Call::Delete => session.delete(path).await,
        Call::Put(body) => session.put(path, body()).await,
        Call::Post(body) => session.post(path, body()).await,
        Call::Upload => {
            session
                .upload(matter, "materials", "补充材料.pdf", PDF)
                .await
        }
    }
}

/// Runs every endpoint on `target` as `user`: each must answer 404 `not_found` without a trace
/// of the matter, and leave the matter as the initiator sees it unchanged.
async fn assert_invisible(app: &TestApp, user: &str, target: &Target) {
    let session = app.login(user).await;
    let initiator = app.login("zzb_clerk").await;
    for &(kind, template) in ENDPOINTS {
        for path in target.paths(template) {
            let before = initiator.page(&target.id).await;
            let resp = call(&session, kind, &path, &target.id).await;
            let what = format!("{user} {template} ({path})");
            assert!(
                resp.headers.get("x-content-sm3").is_none()
                    && resp.headers.get("content-disposition").is_none(),
                "{what}: file headers on a refusal"
            );
            let text = String::from_utf8_lossy(&resp.bytes).into_owned();
            for secret in &target.secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{what} leaks {secret}: {text}"
                );
            }
            let body = resp.expect_problem(StatusCode::NOT_FOUND, "not_found");
            assert_eq!(body["detail"], "资源不存在或无权查看", "{what}");
            assert_eq!(
                initiator.page(&target.id).await,
                before,
                "{what} changed the matter"
            );
        }
    }
}

/// A running matter (with its tasks, dispatches and attachment) and a draft with an attachment,
/// both of zzb_clerk; the draft borrows the running matter's task numbers and nodes.
async fn world(app: &TestApp) -> (Target, Target) {
    let running = submitted_transfer(app, "yes").await;
    let (draft, _) = draft_with_attachment(app).await;
    let initiator = app.login("zzb_clerk").await;
    let page = initiator.page(&running).await;
    let tasks: Vec<String> = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].to_string())
        .collect();
    let nodes: Vec<String> = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["node"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(nodes, ["rsj", "czj", "jgswzx"]);
    let running = Target::of(&page, &tasks, &nodes);
    let draft = Target::of(&initiator.page(&draft).await, &tasks, &nodes);
    assert_eq!((running.attachments.len(), draft.attachments.len()), (1, 1));
    (running, draft)
}

#[tokio::test]
async fn an_uninvolved_unit_sees_nothing_and_changes_nothing() {
    let app = TestApp::start().await;
    let (running, draft) = world(&app).await;
    assert_invisible(&app, "fgj_clerk", &running).await;
    assert_invisible(&app, "fgj_clerk", &draft).await;

    // Nor does anything reach the uninvolved unit's lists or notifications.
    let fgj = app.login("fgj_clerk").await;
    for list in ["todo", "done", "initiated", "drafts"] {
        let page = fgj
            .get(&format!("/api/v1/worklist/{list}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(
            (
                page["total"].as_u64(),
                page["items"].as_array().map(Vec::len)
            ),
            (Some(0), Some(0)),
            "{list}: {page}"
        );
    }
    let notes = fgj
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    assert_eq!(notes["unread"], 0, "{notes}");

    // An invisible matter answers exactly like one that does not exist.
    let hidden = fgj.get(&format!("/api/v1/matters/{}", running.id)).await;
    let absent = fgj
        .get("/api/v1/matters/0000000000000000000000000000000")
        .await;
    assert_eq!((hidden.status, hidden.bytes), (absent.status, absent.bytes));
}

#[tokio::test]
async fn drafts_are_visible_only_to_their_initiator() {
    let app = TestApp::start().await;
    let (_, draft) = world(&app).await;
    // A dispatched unit, a colleague of the initiator and an administrator alike.
    for user in ["rsj_clerk", "zzb_leader", "admin"] {
        assert_invisible(&app, user, &draft).await;
    }
}

#[tokio::test]
async fn the_dispatched_unit_and_the_administrator_see_the_matter_and_its_files() {
    let app = TestApp::start().await;
    let (running, _) = world(&app).await;
    for user in ["rsj_clerk", "czj_clerk", "jgswzx_leader", "admin"] {
        let session = app.login(user).await;
        let page = session.page(&running.id).await;
        assert_eq!(page["status"], "running", "{user}");
        let file = session
            .get(&format!("/api/v1/attachments/{}", running.attachments[0]))
            .await;
        assert_eq!(file.status, StatusCode::OK, "{user}");
        assert_eq!(file.bytes, PDF, "{user}");
    }
}

#[tokio::test]
async fn malformed_task_numbers_are_not_found_either() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let initiator = app.login("zzb_clerk").await;
    let before = initiator.page(&id).await;
    let rsj = app.login("rsj_clerk").await;
    for task in ["abc", "-1", "99999999999"] {
        for action in ["claim", "approve", "return"] {
            rsj.post(
                &format!("/api/v1/matters/{id}/tasks/{task}/{action}"),
                reason(),
            )
            .await
            .expect_problem(StatusCode::NOT_FOUND, "not_found");
        }
    }
    assert_eq!(initiator.page(&id).await, before);
}
