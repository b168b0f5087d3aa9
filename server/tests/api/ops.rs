//! Approval operations over HTTP: returns to an earlier node with a coded reason, withdraw racing
//! the next handler's approval (exactly one wins), delegate, 加签, suspend/resume — with the
//! refusals callers see.

use crate::support::{Resp, Session, TestApp, pending_task};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 联合审查: 组织部 → 人社局 (may return to any earlier node, straight back) → 会签 of
/// zzb_leader and fgj_leader.
fn joint_def() -> Value {
    json!({
        "code": "joint_review", "name": "联合审查", "category": "综合", "version": 1,
        "initiator_units": ["zzb"],
        "form": { "schema_version": 1, "fields": [
            { "key": "reason", "label": "事由", "kind": { "type": "text" }, "required": true }
        ] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "unit", "id": "fgj", "name": "发改局初审", "unit": { "type": "fixed", "unit": "fgj" },
              "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }] },
            { "type": "unit", "id": "rsj", "name": "人社局审核", "unit": { "type": "fixed", "unit": "rsj" },
              "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" },
                        { "id": "leader", "name": "分管领导审批", "post": "leader" }],
              "rights": { "ops": { "return_targets": { "type": "any_earlier" } } } },
            { "type": "approver", "id": "sign", "name": "领导会签", "mode": "all",
              "assignee": { "type": "users", "users": ["czj_leader", "scjgj_leader"] } }
        ] }
    })
}

async fn publish(app: &TestApp) {
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "joint_review", "name": "联合审查", "category": "综合" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put("/api/v1/admin/matter-types/joint_review/draft", joint_def())
        .await
        .expect(StatusCode::OK);
    designer
        .post("/api/v1/admin/matter-types/joint_review/publish", json!({}))
        .await
        .expect(StatusCode::OK);
}

/// Registers and submits one matter as zzb_clerk; returns its id.
async fn submitted(app: &TestApp) -> String {
    let clerk = app.login("zzb_clerk").await;
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "joint_review", "values": { "reason": "联合审查" } }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    clerk
        .post(&format!("/api/v1/matters/{id}/submit"), json!({}))
        .await
        .expect(StatusCode::OK);
    id
}

/// `action` on the pending task of `node` as `who`.
async fn on_task(s: &Session<'_>, id: &str, node: &str, action: &str, body: Value) -> Resp {
    let page = s.page(id).await;
    let task = pending_task(&page, node);
    s.post(&format!("/api/v1/matters/{id}/tasks/{task}/{action}"), body)
        .await
}

#[tokio::test]
async fn return_to_an_earlier_node_with_a_coded_reason_then_straight_back() {
    let app = TestApp::start().await;
    publish(&app).await;
    let id = submitted(&app).await;
    let fgj = app.login("fgj_clerk").await;
    on_task(&fgj, &id, "fgj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);
    let rsj = app.login("rsj_clerk").await;
    on_task(&rsj, &id, "rsj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);
    let leader = app.login("rsj_leader").await;
    let page = leader.page(&id).await;
    let task = pending_task(&page, "rsj");
    let view = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .unwrap();
    let labels: Vec<&str> = view["return_targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["发起人", "本环节第1步", "发改局初审"]);
    let url = format!("/api/v1/matters/{id}/tasks/{task}/return");
    leader
        .post(&url, json!({ "reason": "请补充", "code": "nonsense", "to": { "type": "node", "node": "fgj" } }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "unknown_reason_code");
    leader
        .post(
            &url,
            json!({ "reason": "请补充", "to": { "type": "node", "node": "sign" } }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_return_target");
    let page = leader
        .post(
            &url,
            json!({ "reason": "核定数据有误", "code": "info_incorrect", "to": { "type": "node", "node": "fgj" } }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "running");
    let rsj_view = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["node"] == "rsj")
        .unwrap();
    assert_eq!(rsj_view["returns"][0]["code_label"], "信息有误");
    assert_eq!(rsj_view["returns"][0]["to_label"], "发改局初审");
    let texts: Vec<&str> = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"人社局审核退回「发改局初审」（信息有误）。理由：核定数据有误"),
        "{texts:?}"
    );
    // 发改局 has it again in its todo list; once it approves, it goes straight to the leader.
    let todo = fgj
        .get("/api/v1/worklist/todo")
        .await
        .expect(StatusCode::OK);
    assert!(
        todo["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["matter_id"] == id.as_str()),
        "{todo}"
    );
    on_task(&fgj, &id, "fgj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);
    let page = leader.page(&id).await;
    let task = pending_task(&page, "rsj");
    let view = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .unwrap();
    assert_eq!(view["name"], "分管领导审批");
}

#[tokio::test]
async fn withdraw_racing_the_next_approval_has_exactly_one_winner() {
    let app = TestApp::start().await;
    publish(&app).await;
    for _ in 0..3 {
        let id = submitted(&app).await;
        let fgj = app.login("fgj_clerk").await;
        let page = fgj.page(&id).await;
        let first = pending_task(&page, "fgj");
        fgj.post(
            &format!("/api/v1/matters/{id}/tasks/{first}/approve"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
        let page = fgj.page(&id).await;
        let mine = page["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == first)
            .unwrap();
        assert_eq!(mine["can_withdraw"], true);
        let rsj = app.login("rsj_clerk").await;
        let next = pending_task(&rsj.page(&id).await, "rsj");
        let withdraw_url = format!("/api/v1/matters/{id}/tasks/{first}/withdraw");
        let approve_url = format!("/api/v1/matters/{id}/tasks/{next}/approve");
        let (a, b) = tokio::join!(
            fgj.post(&withdraw_url, json!({})),
            rsj.post(&approve_url, json!({}))
        );
        let statuses = [a.status, b.status];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "{statuses:?}"
        );
        let page = fgj.page(&id).await;
        if a.status == StatusCode::OK {
            assert!(pending_task(&page, "fgj") > first);
            assert_eq!(b.json()["code"], "task_taken");
        } else {
            assert_eq!(a.json()["code"], "cannot_withdraw");
            assert_eq!(
                page["tasks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["id"] == next)
                    .unwrap()["status"],
                "done"
            );
        }
    }
}

#[tokio::test]
async fn delegate_add_signers_suspend_and_resume() {
    let app = TestApp::start().await;
    publish(&app).await;
    let id = submitted(&app).await;
    let fgj = app.login("fgj_clerk").await;
    on_task(&fgj, &id, "fgj", "delegate", json!({ "to": "ghost" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "unknown_user");
    on_task(
        &fgj,
        &id,
        "fgj",
        "delegate",
        json!({ "to": "fgj_leader", "note": "请把关" }),
    )
    .await
    .expect(StatusCode::OK);
    let fgj_leader = app.login("fgj_leader").await;
    let page = fgj_leader.page(&id).await;
    let task = pending_task(&page, "fgj");
    let view = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .unwrap();
    assert_eq!(view["delegated_by"], "fgj_clerk");
    assert_eq!(view["can_return"], false);
    on_task(
        &fgj_leader,
        &id,
        "fgj",
        "approve",
        json!({ "opinion": "可以" }),
    )
    .await
    .expect(StatusCode::OK);
    on_task(&fgj, &id, "fgj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);
    let rsj = app.login("rsj_clerk").await;
    on_task(&rsj, &id, "rsj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);
    let rsj_leader = app.login("rsj_leader").await;
    on_task(&rsj_leader, &id, "rsj", "approve", json!({}))
        .await
        .expect(StatusCode::OK);

    // 会签: czj_leader adds zjj_leader after themselves; scjgj_leader removes nobody wrongly.
    let czj = app.login("czj_leader").await;
    let page = czj.page(&id).await;
    let mine = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["dispatch"] == "sign"
                && t["status"] == "open"
                && page["my_tasks"].as_array().unwrap().contains(&t["id"])
        })
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{mine}/signers"),
        json!({ "users": ["zjj_leader"] }),
    )
    .await
    .expect(StatusCode::OK);
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{mine}/signers"),
        json!({ "users": ["zjj_leader"] }),
    )
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "bad_signers");

    // 挂起: nobody can act until 恢复; only the initiator or an administrator may do either.
    let clerk = app.login("zzb_clerk").await;
    czj.post(
        &format!("/api/v1/matters/{id}/suspend"),
        json!({ "reason": "等材料" }),
    )
    .await
    .expect_problem(StatusCode::FORBIDDEN, "not_initiator");
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/suspend"),
            json!({ "reason": "等待补正材料" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["suspended"]["reason"], "等待补正材料");
    assert_eq!(page["can"]["resume"], true);
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{mine}/approve"),
        json!({}),
    )
    .await
    .expect_problem(StatusCode::CONFLICT, "matter_suspended");
    clerk
        .post(
            &format!("/api/v1/matters/{id}/resume"),
            json!({ "note": "材料已到" }),
        )
        .await
        .expect(StatusCode::OK);
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{mine}/approve"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let others = ["scjgj_leader", "zjj_leader"];
    for who in others {
        let s = app.login(who).await;
        let page = s.page(&id).await;
        let task = page["my_tasks"][0].as_u64().unwrap();
        s.post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    }
    assert_eq!(clerk.page(&id).await["status"], "completed");
}

/// The 会签 node `sign` of a matter whose earlier units all approved; returns its id.
async fn at_countersign(app: &TestApp) -> String {
    let id = submitted(app).await;
    for (who, node) in [
        ("fgj_clerk", "fgj"),
        ("rsj_clerk", "rsj"),
        ("rsj_leader", "rsj"),
    ] {
        let s = app.login(who).await;
        on_task(&s, &id, node, "approve", json!({}))
            .await
            .expect(StatusCode::OK);
    }
    id
}

/// The task views of node `node` in a matter page.
fn node_tasks<'a>(page: &'a Value, node: &str) -> Vec<&'a Value> {
    page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["dispatch"] == node)
        .collect()
}

#[tokio::test]
async fn countersign_names_every_signer_and_before_signers_are_not_delegates() {
    let app = TestApp::start().await;
    publish(&app).await;
    let id = at_countersign(&app).await;
    let czj = app.login("czj_leader").await;
    let page = czj.page(&id).await;

    // Both signers' open tasks name their signer, and the board names them both.
    let mut named: Vec<&str> = node_tasks(&page, "sign")
        .iter()
        .map(|t| t["candidates"][0].as_str().unwrap())
        .collect();
    named.sort_unstable();
    assert_eq!(named, ["czj_leader", "scjgj_leader"]);
    let board = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["node"] == "sign")
        .unwrap();
    let handler = board["current_handler"].as_str().unwrap();
    assert!(
        handler.contains("吴国强") && handler.contains("黄志远"),
        "{handler}"
    );

    // 前加签: 罗建华 signs before 吴国强; his task says who added him, not 委派.
    let mine = page["my_tasks"][0].as_u64().unwrap();
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{mine}/signers"),
        json!({ "users": ["zjj_leader"], "before": true }),
    )
    .await
    .expect(StatusCode::OK);
    let zjj = app.login("zjj_leader").await;
    let page = zjj.page(&id).await;
    let added = node_tasks(&page, "sign")
        .into_iter()
        .find(|t| t["candidates"][0] == "zjj_leader" && t["status"] == "open")
        .unwrap();
    assert_eq!(added["added_before_by"], "czj_leader");
    assert!(added["delegated_by"].is_null(), "not a 委派: {added}");
    let handler = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["node"] == "sign")
        .unwrap()["current_handler"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        handler.contains("罗建华") && handler.contains("黄志远") && !handler.contains("吴国强"),
        "吴国强 waits until 罗建华 has signed: {handler}"
    );

    // Once he approves, 吴国强 gets the task back; claimed tasks name nobody as candidates.
    let task = added["id"].as_u64().unwrap();
    zjj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/claim"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let page = zjj.page(&id).await;
    let claimed = node_tasks(&page, "sign")
        .into_iter()
        .find(|t| t["id"] == task)
        .unwrap();
    assert_eq!(claimed["assignee"], "zjj_leader");
    assert_eq!(claimed["candidates"], json!([]));
    zjj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({ "opinion": "同意" }),
    )
    .await
    .expect(StatusCode::OK);
    let page = czj.page(&id).await;
    let back = node_tasks(&page, "sign")
        .into_iter()
        .find(|t| t["candidates"][0] == "czj_leader" && t["status"] == "open")
        .expect("吴国强 signs again");
    assert!(back["added_before_by"].is_null() && back["delegated_by"].is_null());
}

#[tokio::test]
async fn an_administrator_reassigns_a_pending_task_but_not_a_delegated_one() {
    let app = TestApp::start().await;
    publish(&app).await;
    let id = submitted(&app).await;
    let admin = app.login("admin").await;
    let page = admin.page(&id).await;
    let task = pending_task(&page, "fgj");
    assert_eq!(page["can"]["reassign"], json!([task]));
    let clerk = app.login("fgj_clerk").await;
    assert_eq!(clerk.page(&id).await["can"]["reassign"], json!([]));

    // 改派 the pool task to 钱伟; the timeline records it; the pool no longer has it.
    let page = admin
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/transfer"),
            json!({ "to": "fgj_leader", "note": "何静休假" }),
        )
        .await
        .expect(StatusCode::OK);
    let new = pending_task(&page, "fgj");
    let view = node_tasks(&page, "fgj")
        .into_iter()
        .find(|t| t["id"] == new)
        .unwrap();
    assert_eq!(view["candidates"], json!(["fgj_leader"]));
    assert!(
        page["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "transferred"),
        "the timeline records the reassignment"
    );
    on_task(&clerk, &id, "fgj", "approve", json!({}))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "not_candidate");

    // A delegated task goes back to its delegator: it is neither offered nor accepted.
    let leader = app.login("fgj_leader").await;
    on_task(
        &leader,
        &id,
        "fgj",
        "delegate",
        json!({ "to": "fgj_clerk", "note": "请核对" }),
    )
    .await
    .expect(StatusCode::OK);
    let page = admin.page(&id).await;
    let delegated = pending_task(&page, "fgj");
    assert_eq!(page["can"]["reassign"], json!([]));
    admin
        .post(
            &format!("/api/v1/matters/{id}/tasks/{delegated}/transfer"),
            json!({ "to": "fgj_leader" }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "operation_not_allowed");
}
