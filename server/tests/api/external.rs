//! 受办分离 on the server: the publish check of a unit handled in its own system, the refusal
//! when the flow reaches a unit without an external system, and the service the signed open
//! API calls for a system's reports ([`external_action`]) — through the same load → run →
//! persist path as every command. (Registering external systems, and so a whole flow driven by
//! one, is the open API's part.)

use crate::support::{TestApp, submitted_transfer};
use axum::http::StatusCode;
use lianban_definition::UnitCode;
use lianban_runtime::ExternalAction;
use lianban_server::matter::service::external_action;
use serde_json::{Value, json};

/// 调入联办（受办分离）: the unit picked in the form handles it in its own system.
fn picked_own_system_def() -> Value {
    json!({
        "code": "own_system_transfer", "name": "调入联办（受办分离）", "category": "人事", "version": 1,
        "initiator_units": ["zzb"],
        "form": { "schema_version": 1, "fields": [
            { "key": "reason", "label": "事由", "kind": { "type": "text" }, "required": true },
            { "key": "to_unit", "label": "调入单位", "kind": { "type": "unit_picker" }, "required": true }
        ] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "unit", "id": "target", "name": "调入单位办理",
              "unit": { "type": "from_field", "field": "to_unit" }, "steps": [],
              "handling": "own_system", "time_limit_days": 3 }
        ] }
    })
}

#[tokio::test]
async fn a_picked_unit_without_its_own_system_refuses_the_dispatch() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "own_system_transfer", "name": "调入联办（受办分离）", "category": "人事" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put(
            "/api/v1/admin/matter-types/own_system_transfer/draft",
            picked_own_system_def(),
        )
        .await
        .expect(StatusCode::OK);
    // Which unit is known only when a matter runs: publishing does not refuse it.
    designer
        .post(
            "/api/v1/admin/matter-types/own_system_transfer/publish",
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;
    let values = json!({ "reason": "工作需要", "to_unit": "rsj" });
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "own_system_transfer", "values": values }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap();
    let problem = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "no_external_system");
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("调入单位办理") && detail.contains("rsj"),
        "{detail}"
    );
    let page = clerk
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "draft", "nothing was submitted");
}

#[tokio::test]
async fn external_reports_are_checked_like_every_command() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let clerk = app.login("zzb_clerk").await;
    let page = clerk
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    let number = page["number"].as_str().unwrap().to_owned();
    let rsj = UnitCode::new("rsj");
    let ack = || ExternalAction::Ack {
        external_ref: Some("RS-1".to_owned()),
    };
    let refusal = |result: Result<_, lianban_server::error::ApiError>| {
        let err = result.expect_err("refused");
        (err.status, err.code)
    };

    let unknown = external_action(
        &app.state,
        "联办〔2026〕99999号",
        "rsj",
        &rsj,
        ack(),
        "ext:rsj_oa",
    )
    .await;
    assert_eq!(refusal(unknown), (StatusCode::NOT_FOUND, "not_found"));
    let ghost = external_action(&app.state, &number, "ghost", &rsj, ack(), "ext:rsj_oa").await;
    assert_eq!(
        refusal(ghost),
        (StatusCode::NOT_FOUND, "dispatch_not_found")
    );
    // 人社局 handles this matter in Lianban: its system has nothing to report.
    let in_lianban = external_action(&app.state, &number, "rsj", &rsj, ack(), "ext:rsj_oa").await;
    assert_eq!(
        refusal(in_lianban),
        (StatusCode::BAD_REQUEST, "not_external_dispatch")
    );
    // A coded return is checked against the 退回原因 dictionary first.
    let coded = ExternalAction::Return {
        reason: "材料不全".to_owned(),
        code: Some("no_such_reason".to_owned()),
    };
    let coded = external_action(&app.state, &number, "rsj", &rsj, coded, "ext:rsj_oa").await;
    assert_eq!(
        refusal(coded),
        (StatusCode::BAD_REQUEST, "unknown_reason_code")
    );
    // Nothing was written: the timeline is as before.
    let after = clerk
        .get(&format!("/api/v1/matters/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(after["timeline"], page["timeline"]);
    assert!(page["dispatches"][0]["external"].is_null());
}
