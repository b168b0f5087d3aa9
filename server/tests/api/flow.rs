//! A joint matter from registration to closing, through the HTTP API.

use crate::support::{TestApp, pending_task, submitted_transfer, transfer_values};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn parallel_units_return_resubmit_and_close() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "yes").await;
    let initiator = app.login("zzb_clerk").await;
    let page = initiator
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let number = page["number"].as_str().unwrap();
    assert!(
        number.starts_with("联办〔") && number.ends_with("00001号"),
        "{number}"
    );
    assert_eq!(page["status"], "running");
    let units: Vec<&str> = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["node"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["rsj", "czj", "jgswzx"]);

    // 人社局: clerk claims and approves, then the leader approves.
    let rsj = app.login("rsj_clerk").await;
    let todo = rsj
        .get("/api/v1/worklist/todo")
        .await
        .expect(StatusCode::OK);
    assert_eq!(todo["items"][0]["matter_id"], id.as_str());
    let task = pending_task(&page, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/claim"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let after = rsj
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "符合调入条件" }),
        )
        .await
        .expect(StatusCode::OK);
    let leader = app.login("rsj_leader").await;
    let task = pending_task(&after, "rsj");
    leader
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "同意" }),
        )
        .await
        .expect(StatusCode::OK);

    // 财政局 returns it; the other units are untouched.
    let czj = app.login("czj_clerk").await;
    let page = czj
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let task = pending_task(&page, "czj");
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/return"),
        json!({ "reason": "" }),
    )
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "missing_argument");
    let page = czj
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/return"),
            json!({ "reason": "定级工资需附工资审批表" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "returned");
    let status = |node: &str| {
        page["dispatches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["node"] == node)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("czj"), "returned");
    assert_eq!(status("rsj"), "completed");
    assert_eq!(status("jgswzx"), "active");

    // The initiator sees the return, corrects and resubmits to 财政局 only.
    let notes = initiator
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "returned"),
        "{notes}"
    );
    let page = initiator
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["can"]["resubmit"], json!(["czj"]));
    let mut values = page["values"].clone();
    values["salary"] = json!(7200);
    let page = initiator
        .post(
            &format!("/api/v1/matters/{id}/dispatches/czj/resubmit"),
            json!({ "values": values, "note": "已补充" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "running");
    assert_eq!(page["changes"]["czj"][0]["key"], "salary");

    // 财政局 sees what changed and approves; 机关事务中心 approves; the initiator closes.
    let page = czj
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["changes"]["czj"][0]["after"], 7200);
    let task = pending_task(&page, "czj");
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let jg = app.login("jgswzx_clerk").await;
    let task = pending_task(&page, "jgswzx");
    let page = jg
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "已安排" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "completed");
    let page = initiator
        .post(
            &format!("/api/v1/matters/{id}/close"),
            json!({ "opinion": "办结" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "closed");
    let kinds: Vec<&str> = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "submitted",
        "dispatched",
        "claimed",
        "approved",
        "returned",
        "resubmitted",
        "dispatch_completed",
        "all_completed",
        "closed",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    // Closed is terminal.
    initiator
        .post(&format!("/api/v1/matters/{id}/close"), json!({}))
        .await
        .expect_problem(StatusCode::CONFLICT, "matter_wrong_status");
}

#[tokio::test]
async fn routing_rule_leaves_out_the_office_unit() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let page = app
        .login("zzb_clerk")
        .await
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let units: Vec<&str> = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["node"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["rsj", "czj"]);
}

#[tokio::test]
async fn invalid_values_are_refused_with_field_messages_and_nothing_is_saved() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let mut values = transfer_values("yes");
    values["id_number"] = json!("110105194912310021");
    values["mobile"] = json!("1234");
    let body = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "personnel_transfer", "values": values }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let paths: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"id_number") && paths.contains(&"mobile"),
        "{body}"
    );
    let drafts = clerk
        .get("/api/v1/worklist/drafts")
        .await
        .expect(StatusCode::OK);
    assert_eq!(drafts["total"], 0);

    // The Rhai cross-field rule: 调任 needs 原工作单位.
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "personnel_transfer", "values": transfer_values("yes") }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap();
    let file = clerk
        .upload(id, "materials", "a.pdf", crate::support::PDF)
        .await
        .expect(StatusCode::CREATED);
    let mut values = transfer_values("yes");
    values["transfer_type"] = json!("diaoren");
    values["materials"] = json!([file["id"]]);
    let body = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(body["errors"][0]["path"], "from_unit");
    assert_eq!(body["errors"][0]["message"], "调任人员须填写原工作单位");
    let page = clerk
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "draft");
    assert!(page["number"].is_null());
}

#[tokio::test]
async fn double_submit_makes_one_matter_and_numbers_are_unique() {
    let app = TestApp::start().await;
    let first = submitted_transfer(&app, "no").await;
    let clerk = app.login("zzb_clerk").await;
    let again = clerk
        .post(&format!("/api/v1/matters/{first}/submit"), json!({}))
        .await
        .expect(StatusCode::OK);
    assert!(again["number"].as_str().unwrap().ends_with("00001号"));
    let second = submitted_transfer(&app, "no").await;
    let page = clerk
        .get(&format!("/api/v1/matters/{second}"))
        .await
        .expect(StatusCode::OK);
    assert!(page["number"].as_str().unwrap().ends_with("00002号"));
    let list = clerk
        .get("/api/v1/worklist/initiated")
        .await
        .expect(StatusCode::OK);
    assert_eq!(list["total"], 2);
}

#[tokio::test]
async fn two_clerks_approving_one_task_at_once_one_wins() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let a = app.login("rsj_clerk").await;
    let b = app.login("rsj_clerk2").await;
    let page = a
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let task = pending_task(&page, "rsj");
    let path = format!("/api/v1/matters/{id}/tasks/{task}/approve");
    let (ra, rb) = tokio::join!(
        a.post(&path, json!({ "opinion": "甲" })),
        b.post(&path, json!({ "opinion": "乙" }))
    );
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{ra:?} {rb:?}"
    );
    let loser = if ra.status == StatusCode::CONFLICT {
        ra
    } else {
        rb
    };
    assert_eq!(loser.json()["code"], "task_taken");
    let page = a
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let approved = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "approved")
        .count();
    assert_eq!(approved, 1);
}

#[tokio::test]
async fn urging_twice_within_an_hour_is_refused() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let clerk = app.login("zzb_clerk").await;
    let path = format!("/api/v1/matters/{id}/dispatches/rsj/urge");
    clerk
        .post(&path, json!({ "message": "请尽快" }))
        .await
        .expect(StatusCode::OK);
    clerk
        .post(&path, json!({}))
        .await
        .expect_problem(StatusCode::CONFLICT, "urged_too_often");
    app.state.clock.advance_minutes(61);
    // The idle session has expired by now; log in again.
    let clerk = app.login("zzb_clerk").await;
    clerk.post(&path, json!({})).await.expect(StatusCode::OK);
    let notes = app
        .login("rsj_clerk")
        .await
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "urged"),
        "{notes}"
    );
}

#[tokio::test]
async fn void_only_before_anyone_started() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let id = submitted_transfer(&app, "no").await;
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/void"),
            json!({ "reason": "重复登记" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "voided");
    let id = submitted_transfer(&app, "no").await;
    let rsj = app.login("rsj_clerk").await;
    let page = rsj
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let task = pending_task(&page, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/claim"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    clerk
        .post(
            &format!("/api/v1/matters/{id}/void"),
            json!({ "reason": "重复" }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "already_started");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_user_saving_many_drafts_at_once_keeps_them_all() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let body = json!({ "type_code": "personnel_transfer", "values": transfer_values("no") });
    let answers =
        futures::future::join_all((0..8).map(|_| clerk.post("/api/v1/matters", body.clone())))
            .await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    }
    let drafts = clerk
        .get("/api/v1/worklist/drafts")
        .await
        .expect(StatusCode::OK);
    assert_eq!(drafts["total"], 8);
}
