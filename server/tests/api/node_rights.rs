//! The richer flow model end to end: an approver the initiator picks at submission, a 抄送 node,
//! a unit whose handlers cannot see one field and may change another, a node that forbids
//! returns but allows 转办, and a seal step — with every refusal on the way. Then the publish
//! check on approver kinds that resolve to nobody.

use crate::support::{PDF, Resp, TestApp, pending_task};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 预算调整联办: picked approver → CC to supervisors → 财政局 (hides the salary note and file,
/// edits the approved amount, no returns) → 组织部 seal.
fn budget_def() -> Value {
    json!({
        "code": "budget_adjust", "name": "预算调整联办", "category": "财务", "version": 1,
        "initiator_units": ["zzb"],
        "form": { "schema_version": 1, "fields": [
            { "key": "reason", "label": "调整事由", "kind": { "type": "text" }, "required": true },
            { "key": "amount", "label": "申请金额", "kind": { "type": "number", "min": 0 }, "required": true },
            { "key": "approved_amount", "label": "核定金额", "kind": { "type": "number", "min": 0 } },
            { "key": "salary_note", "label": "人员薪酬说明", "kind": { "type": "textarea" } },
            { "key": "salary_file", "label": "薪酬明细", "kind": { "type": "attachment", "accept": ["pdf"] } }
        ] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "approver", "id": "pick", "name": "分管领导审核",
              "assignee": { "type": "chosen_at_submit", "multiple": false } },
            { "type": "cc", "id": "copy", "name": "抄送督办", "recipients": { "type": "role", "role": "supervisor" } },
            { "type": "unit", "id": "czj", "name": "财政局审核", "unit": { "type": "fixed", "unit": "czj" },
              "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }],
              "rights": {
                "fields": { "salary_note": "hidden", "salary_file": "hidden", "approved_amount": "editable" },
                "ops": { "can_return": false } } },
            { "type": "seal", "id": "stamp", "name": "加盖组织部公章", "unit": { "type": "fixed", "unit": "zzb" },
              "post": "clerk", "seal": "单位公章" }
        ] }
    })
}

/// Creates, drafts and publishes `def` (code `budget_adjust`) as the designer.
async fn publish(app: &TestApp, def: Value) -> Resp {
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "budget_adjust", "name": "预算调整联办", "category": "财务" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put("/api/v1/admin/matter-types/budget_adjust/draft", def)
        .await
        .expect(StatusCode::OK);
    designer
        .post(
            "/api/v1/admin/matter-types/budget_adjust/publish",
            json!({}),
        )
        .await
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn picked_approver_cc_hidden_and_editable_fields_transfer_and_seal() {
    let app = TestApp::start().await;
    publish(&app, budget_def()).await.expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;
    let values =
        json!({ "reason": "追加培训经费", "amount": 1200, "salary_note": "含三名借调人员补贴" });
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "budget_adjust", "values": values }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    let file = clerk
        .upload(&id, "salary_file", "薪酬明细.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    let file_id = file["id"].as_str().unwrap().to_owned();
    let mut values = values.clone();
    values["salary_file"] = json!([file_id]);
    let submit = format!("/api/v1/matters/{id}/submit");

    // 发起人自选: no pick, two picks for a single-pick node, an unknown person — all refused.
    let problem = clerk
        .post(&submit, json!({ "values": values }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "approver_not_chosen");
    assert_eq!(problem["detail"], "请为节点「分管领导审核」选择一位审批人");
    clerk
        .post(
            &submit,
            json!({ "values": values, "chosen": { "pick": ["fgj_leader", "czj_leader"] } }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "approver_not_chosen");
    let problem = clerk
        .post(
            &submit,
            json!({ "values": values, "chosen": { "pick": ["ghost"] } }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "unknown_user");
    assert_eq!(problem["detail"], "用户「ghost」不存在");
    assert_eq!(clerk.page(&id).await["status"], "draft");
    let page = clerk
        .post(
            &submit,
            json!({ "values": values, "chosen": { "pick": ["fgj_leader"] } }),
        )
        .await
        .expect(StatusCode::OK);
    let task = pending_task(&page, "pick");
    let page = app
        .login("fgj_leader")
        .await
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "同意" }),
        )
        .await
        .expect(StatusCode::OK);

    // 抄送: the supervisor is told and may read the matter, everything included.
    assert_eq!(page["cc"][0]["users"][0]["username"], "supervisor");
    let supervisor = app.login("supervisor").await;
    let notes = supervisor
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    let note = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "cc")
        .unwrap_or_else(|| panic!("no cc notification: {notes}"));
    assert_eq!(note["title"], "抄送：预算调整联办");
    let seen = supervisor.page(&id).await;
    assert_eq!(seen["values"]["salary_note"], "含三名借调人员补贴");

    // 财政局 sees neither the hidden note nor its file; may edit only the approved amount.
    let czj = app.login("czj_clerk").await;
    let seen = czj.page(&id).await;
    assert!(
        !keys(&seen["values"]).contains(&"salary_note".to_owned()),
        "{seen}"
    );
    let fields: Vec<&str> = seen["form"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["reason", "amount", "approved_amount"]);
    assert!(seen["attachments"].as_array().unwrap().is_empty());
    czj.get(&format!("/api/v1/attachments/{file_id}"))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let task = pending_task(&seen, "czj");
    let view = seen["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .unwrap();
    assert_eq!(view["editable"], json!(["approved_amount"]));
    assert_eq!(
        (view["can_return"].as_bool(), view["can_transfer"].as_bool()),
        (Some(false), Some(true))
    );
    let base = format!("/api/v1/matters/{id}/tasks/{task}");
    let problem = czj
        .post(&format!("{base}/return"), json!({ "reason": "不同意" }))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "operation_not_allowed");
    assert_eq!(problem["detail"], "节点「财政局审核」不允许退回");
    czj.post(
        &format!("{base}/approve"),
        json!({ "edits": { "salary_note": "改掉" } }),
    )
    .await
    .expect_problem(StatusCode::FORBIDDEN, "field_not_editable");
    czj.post(
        &format!("{base}/approve"),
        json!({ "edits": { "approved_amount": -5 } }),
    )
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");

    // 转办 to the leader, who approves with the approved amount.
    czj.post(&format!("{base}/transfer"), json!({ "to": "ghost" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "unknown_user");
    czj.post(&format!("{base}/transfer"), json!({ "to": "czj_clerk" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "transfer_to_self");
    let page = czj
        .post(
            &format!("{base}/transfer"),
            json!({ "to": "czj_leader", "note": "金额较大，请领导把关" }),
        )
        .await
        .expect(StatusCode::OK);
    let moved = pending_task(&page, "czj");
    assert_ne!(moved, task);
    let leader = app.login("czj_leader").await;
    let page = leader
        .post(
            &format!("/api/v1/matters/{id}/tasks/{moved}/approve"),
            json!({ "opinion": "核定1000元", "edits": { "approved_amount": 1000 } }),
        )
        .await
        .expect(StatusCode::OK);
    let texts: Vec<&str> = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"办理时修改了：核定金额"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("转办给")), "{texts:?}");

    // The seal step goes to 组织部's clerks; the initiator sees the approved amount and the note.
    let page = clerk.page(&id).await;
    assert_eq!(page["values"]["approved_amount"], 1000);
    assert_eq!(page["values"]["salary_note"], "含三名借调人员补贴");
    let stamp = pending_task(&page, "stamp");
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/tasks/{stamp}/approve"),
            json!({ "opinion": "已盖章" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "completed");
    assert_eq!(page["flow_marks"]["stamp"], "done");
    assert_eq!(page["flow_marks"]["copy"], "done");
}

#[tokio::test]
async fn approver_kinds_that_resolve_to_nobody_are_refused_at_publish() {
    let app = TestApp::start().await;
    let mut def = budget_def();
    def["flow"]["nodes"][0] = json!({ "type": "approver", "id": "pick", "name": "角色审批",
        "assignee": { "type": "role", "role": "auditor" },
        "when_empty": { "type": "to_users", "users": ["ghost"] } });
    def["flow"]["nodes"][1]["recipients"] =
        json!({ "type": "unit_leader", "unit": { "type": "fixed", "unit": "bj" } });
    def["flow"]["nodes"][3]["post"] = json!("janitor");
    let problem = publish(&app, def)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
    let found: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("flow.nodes[0].assignee.role", "nobody_resolves"),
        ("flow.nodes[0].when_empty.users[0]", "unknown_user"),
        ("flow.nodes[1].recipients.unit", "nobody_resolves"),
        ("flow.nodes[3].post", "nobody_resolves"),
    ] {
        assert!(
            found
                .iter()
                .any(|(p, c)| p == expected.0 && c == expected.1),
            "{expected:?} not in {found:?}"
        );
    }

    // The definition's own checks: a percentage without 会签, a CC that would edit.
    let app = TestApp::start().await;
    let mut def = budget_def();
    def["flow"]["nodes"][0]["pass_percent"] = json!(50);
    def["flow"]["nodes"][1]["rights"] = json!({ "fields": { "reason": "editable" } });
    let problem = publish(&app, def)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"percent_needs_all"), "{codes:?}");
    assert!(codes.contains(&"not_editable"), "{codes:?}");
}
