//! The designers' catalog: a new matter type designed, checked, simulated and published while
//! the server runs; matters keep their version; broken definitions and failing rule tests are
//! refused with the node or rule named; retired versions take no submissions.

use crate::support::{PDF, TestApp, pending_task};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 公务用车使用审批: sections, a passenger table with a computed count, a date range, a Rhai
/// cross-field rule with tests, a condition branch (long trips go to 机关事务中心) and two
/// parallel handling units.
pub fn vehicle_def() -> Value {
    json!({
        "code": "vehicle_use", "name": "公务用车使用审批", "category": "后勤保障", "version": 1,
        "guide": "## 办理须知\n用车前3个工作日提交。", "time_limit_days": 5,
        "initiator_units": ["zzb"], "lead_unit": "jgswzx", "handling_units": ["fgj", "czj"],
        "materials": [{ "key": "trip_plan", "name": "出行计划", "requirement": "deferrable", "accept": ["pdf"] }],
        "form": { "schema_version": 1,
            "sections": [{ "id": "trip", "title": "行程" }, { "id": "people", "title": "乘车人" }],
            "fields": [
                { "key": "reason", "label": "用车事由", "kind": { "type": "text" }, "required": true, "section": "trip" },
                { "key": "period", "label": "用车期间", "kind": { "type": "date_range" }, "required": true, "section": "trip", "width": "half" },
                { "key": "distance", "label": "里程（公里）", "kind": { "type": "number", "min": 0 }, "section": "trip", "width": "half" },
                { "key": "driver", "label": "需要驾驶员", "kind": { "type": "radio", "options": [
                    { "value": "yes", "label": "需要" }, { "value": "no", "label": "不需要" }] }, "required": true, "section": "trip" },
                { "key": "passengers", "label": "乘车人", "required": true, "section": "people", "kind": { "type": "table", "columns": [
                    { "key": "name", "label": "姓名", "kind": { "type": "text" }, "required": true },
                    { "key": "phone", "label": "手机号", "kind": { "type": "mobile" } }] } },
                { "key": "headcount", "label": "人数", "section": "people",
                  "kind": { "type": "computed", "formula": { "type": "count_rows", "table": "passengers" } } }
            ],
            "rules": ["long_trip_driver"] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "condition", "id": "distance_check", "name": "里程判断",
              "branches": [{ "name": "长途", "when": { "type": "rule", "rule": "is_long_trip" }, "nodes": [
                  { "type": "unit", "id": "fleet", "name": "机关事务中心", "unit": { "type": "fixed", "unit": "jgswzx" },
                    "steps": [{ "id": "clerk", "name": "车辆调度", "post": "clerk" }] }] }],
              "default": { "name": "市内", "nodes": [] } },
            { "type": "parallel", "id": "review", "name": "联合审核", "branches": [
                { "name": "发改", "nodes": [{ "type": "unit", "id": "fgj", "name": "发改局", "unit": { "type": "fixed", "unit": "fgj" },
                    "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }] }] },
                { "name": "财政", "nodes": [{ "type": "unit", "id": "czj", "name": "财政局", "unit": { "type": "fixed", "unit": "czj" },
                    "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }] }] }] }
        ] },
        "rules": [
            { "name": "long_trip_driver", "kind": "validation",
              "source": "if form.distance != () && form.distance > 100 && form.driver == \"no\" {\n  #{ field: \"driver\", message: \"百公里以上的长途用车须安排驾驶员\" }\n}",
              "tests": [
                { "name": "长途且不要驾驶员时报错", "form": { "distance": 300, "driver": "no" }, "expect": { "type": "fail", "field": "driver" } },
                { "name": "市内用车通过", "form": { "distance": 20, "driver": "no" }, "expect": { "type": "pass" } }] },
            { "name": "is_long_trip", "kind": "routing", "source": "form.distance != () && form.distance > 100",
              "tests": [{ "name": "300公里为长途", "form": { "distance": 300 }, "expect": { "type": "route", "value": true } }] }
        ]
    })
}

/// Values of a long trip (takes the 长途 branch).
fn long_trip() -> Value {
    json!({
        "reason": "赴省厅汇报", "period": ["2026-12-07", "2026-12-08"], "distance": 320, "driver": "yes",
        "passengers": [{ "name": "王晓燕", "phone": "13800138000" }, { "name": "陈建国" }]
    })
}

/// Creates `vehicle_use` as the designer, saves `def` as its draft and returns the save answer.
async fn drafted(app: &TestApp, def: Value) -> Value {
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "vehicle_use", "name": "公务用车使用审批", "category": "后勤保障" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put("/api/v1/admin/matter-types/vehicle_use/draft", def)
        .await
        .expect(StatusCode::OK)
}

/// Registers and submits a long trip as zzb_clerk; returns the matter page.
async fn registered(app: &TestApp) -> Value {
    let clerk = app.login("zzb_clerk").await;
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "vehicle_use", "title": "赴省厅用车", "values": long_trip() }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": long_trip() }),
        )
        .await
        .expect(StatusCode::OK)
}

/// Approves the pending task of `node` as `user`; returns the page.
async fn approve(app: &TestApp, page: &Value, node: &str, user: &str) -> Value {
    let id = page["id"].as_str().unwrap();
    let task = pending_task(page, node);
    app.login(user)
        .await
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "同意" }),
        )
        .await
        .expect(StatusCode::OK)
}

#[tokio::test]
async fn a_designed_type_goes_live_and_running_matters_keep_their_version() {
    let app = TestApp::start().await;
    let saved = drafted(&app, vehicle_def()).await;
    assert_eq!(saved["issues"], json!([]), "{saved}");
    let designer = app.login("designer").await;
    let report = designer
        .post("/api/v1/admin/matter-types/vehicle_use/check", json!({}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(report["issues"], json!([]), "{report}");
    assert_eq!(report["tests"].as_array().unwrap().len(), 3);
    assert!(
        report["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["passed"] == true)
    );

    let published = designer
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(published["version"], 1);

    // Live at once: the clerk sees it and registers a long trip; the computed count is stored.
    let list = app
        .login("zzb_clerk")
        .await
        .get("/api/v1/matter-types")
        .await
        .expect(StatusCode::OK);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "vehicle_use" && t["can_initiate"] == true)
    );
    let page = registered(&app).await;
    assert_eq!(page["type_version"], 1);
    assert_eq!(page["values"]["headcount"], 2);
    let units: Vec<&str> = page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["node"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        ["fleet"],
        "the long trip goes to 机关事务中心 first: {page}"
    );

    // Version 2 changes the flow; the running matter still finishes on version 1.
    let mut v2 = vehicle_def();
    v2["flow"]["nodes"][1]["branches"][1]["nodes"][0]["unit"]["unit"] = json!("scjgj");
    v2["flow"]["nodes"][1]["branches"][1]["nodes"][0]["id"] = json!("scjgj");
    designer
        .put("/api/v1/admin/matter-types/vehicle_use/draft", v2)
        .await
        .expect(StatusCode::OK);
    let published = designer
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(published["version"], 2);

    let page = approve(&app, &page, "fleet", "jgswzx_clerk").await;
    let page = approve(&app, &page, "fgj", "fgj_clerk").await;
    let page = approve(&app, &page, "czj", "czj_clerk").await;
    assert_eq!(
        (page["status"].as_str(), page["type_version"].as_u64()),
        (Some("completed"), Some(1))
    );

    // New matters use version 2.
    let page = registered(&app).await;
    assert_eq!(page["type_version"], 2);
    let versions = designer
        .get("/api/v1/admin/matter-types/vehicle_use")
        .await
        .expect(StatusCode::OK);
    assert_eq!(versions["versions"][0]["version"], 2);
    assert_eq!(versions["versions"][0]["published_by"], "designer");
    assert_eq!(versions["draft"]["version"], 3);
}

#[tokio::test]
async fn only_designers_design() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    clerk
        .get("/api/v1/admin/matter-types")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "x_type", "name": "X" }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .post(
            "/api/v1/admin/matter-types/personnel_transfer/publish",
            json!({}),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    let admin = app.login("admin").await;
    let list = admin
        .get("/api/v1/admin/matter-types")
        .await
        .expect(StatusCode::OK);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "personnel_transfer" && t["versions"][0]["version"] == 1)
    );
}

#[tokio::test]
async fn codes_are_unique_and_well_formed() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "personnel_transfer", "name": "重复" }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "type_exists");
    let bad = designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "Bad-Code", "name": "" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(bad["errors"].as_array().unwrap().len(), 2, "{bad}");
    let mut def = vehicle_def();
    drafted(&app, def.clone()).await;
    def["code"] = json!("other_code");
    designer
        .put("/api/v1/admin/matter-types/vehicle_use/draft", def)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    designer
        .put(
            "/api/v1/admin/matter-types/nothing_here/draft",
            json!({ "code": "nothing_here" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
}

/// The issue paths of a refused publication.
async fn refused(app: &TestApp, def: Value) -> Vec<(String, String)> {
    let saved = drafted(app, def).await;
    let problem = app
        .login("designer")
        .await
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
    assert!(saved["issues"].is_array());
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_invalid_flow_is_refused_naming_the_node() {
    let app = TestApp::start().await;
    let mut def = vehicle_def();
    def["flow"]["nodes"][0]["branches"][0]["when"] =
        json!({ "type": "field", "field": "no_such", "op": "eq", "value": 1 });
    def["flow"]["nodes"][1]["branches"][0]["nodes"][0]["unit"]["unit"] = json!("nowhere");
    def["flow"]["nodes"][1]["branches"][1]["nodes"][0]["steps"][0]["post"] = json!("janitor");
    // 受办分离 at a unit without an external system (and its unused steps are not checked).
    def["flow"]["nodes"][0]["branches"][0]["nodes"][0]["handling"] = json!("own_system");
    def["flow"]["nodes"][0]["branches"][0]["nodes"][0]["steps"][0]["post"] = json!("janitor");
    let issues = refused(&app, def).await;
    for expected in [
        ("flow.nodes[0].branches[0].when.field", "unknown_field"),
        (
            "flow.nodes[1].branches[0].nodes[0].unit.unit",
            "unknown_unit",
        ),
        (
            "flow.nodes[1].branches[1].nodes[0].steps[0].post",
            "nobody_resolves",
        ),
        (
            "flow.nodes[0].branches[0].nodes[0].handling",
            "no_external_system",
        ),
    ] {
        assert!(
            issues
                .iter()
                .any(|(p, c)| p == expected.0 && c == expected.1),
            "{expected:?} not in {issues:?}"
        );
    }
    assert!(
        !issues
            .iter()
            .any(|(p, _)| p.starts_with("flow.nodes[0].branches[0].nodes[0].steps")),
        "the steps of a unit handled in its own system are not checked: {issues:?}"
    );
    let list = app
        .login("zzb_clerk")
        .await
        .get("/api/v1/matter-types")
        .await
        .expect(StatusCode::OK);
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "vehicle_use"),
        "nothing went live"
    );
}

#[tokio::test]
async fn failing_rule_tests_and_broken_rules_block_publishing() {
    let app = TestApp::start().await;
    let mut def = vehicle_def();
    def["rules"][0]["tests"][1]["expect"] = json!({ "type": "fail" });
    def["rules"][1]["source"] = json!("form.distance >\n  > 100");
    let issues = refused(&app, def).await;
    assert!(
        issues.contains(&("rules[0].tests[1]".into(), "rule_test_failed".into())),
        "{issues:?}"
    );
    assert!(
        issues.contains(&("rules[1].source".into(), "script_syntax".into())),
        "{issues:?}"
    );
    let designer = app.login("designer").await;
    let errors = designer
        .post(
            "/api/v1/admin/rules/check",
            json!({ "source": "let x = 1;\nx +* 2" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (errors[0]["code"].as_str(), errors[0]["line"].as_u64()),
        (Some("script_syntax"), Some(2)),
        "{errors}"
    );
    assert!(errors[0]["column"].as_u64().is_some());
    let fine = designer
        .post(
            "/api/v1/admin/rules/check",
            json!({ "source": "form.a == 1" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(fine, json!([]));
    let outcomes = designer
        .post(
            "/api/v1/admin/rules/test",
            json!({ "rule": vehicle_def()["rules"][0] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(outcomes.as_array().unwrap().len(), 2);
    assert!(
        outcomes[0]["actual"]
            .as_str()
            .unwrap()
            .contains("须安排驾驶员"),
        "{outcomes}"
    );
    let functions = designer
        .get("/api/v1/admin/rules/functions")
        .await
        .expect(StatusCode::OK);
    assert!(
        functions
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "id_card_valid")
    );
}

#[tokio::test]
async fn simulation_shows_the_path_and_the_receivers() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    let run = |values: Value| {
        designer.post(
            "/api/v1/admin/simulate",
            json!({ "def": vehicle_def(), "values": values, "initiator": "zzb_clerk" }),
        )
    };
    let long = run(long_trip()).await.expect(StatusCode::OK);
    assert_eq!(long["completed"], true, "{long}");
    let nodes: Vec<&str> = long["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["node"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["fleet", "fgj", "czj"]);
    assert_eq!(long["tasks"][0]["receivers"][0]["username"], "jgswzx_clerk");
    let mut short = long_trip();
    short["distance"] = json!(12);
    let short = run(short).await.expect(StatusCode::OK);
    let nodes: Vec<&str> = short["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["node"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["fgj", "czj"], "{short}");
    assert!(short["nodes"].get("fleet").is_none());
    let bad = run(json!({ "distance": "far" }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(bad["issues"][0]["path"], "distance");
    let mut broken = vehicle_def();
    broken["flow"]["nodes"] = json!([]);
    designer
        .post(
            "/api/v1/admin/simulate",
            json!({ "def": broken, "values": {} }),
        )
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
}

#[tokio::test]
async fn retired_versions_take_no_submissions() {
    let app = TestApp::start().await;
    drafted(&app, vehicle_def()).await;
    let designer = app.login("designer").await;
    designer
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
        .expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "vehicle_use", "title": "用车", "values": long_trip() }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap();
    let retired = designer
        .post(
            "/api/v1/admin/matter-types/vehicle_use/versions/1/retire",
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(retired["status"], "retired");
    designer
        .post(
            "/api/v1/admin/matter-types/vehicle_use/versions/1/retire",
            json!({}),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "conflict");
    designer
        .post(
            "/api/v1/admin/matter-types/vehicle_use/versions/9/retire",
            json!({}),
        )
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": long_trip() }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "version_retired");
    clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "vehicle_use", "values": {} }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn required_materials_block_submission_until_uploaded() {
    let app = TestApp::start().await;
    let mut def = vehicle_def();
    def["materials"][0]["requirement"] = json!("required");
    def["materials"][0]["max_size_mb"] = json!(1);
    drafted(&app, def).await;
    app.login("designer")
        .await
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
        .expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;
    let mut short = long_trip();
    short["distance"] = json!(15);
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "vehicle_use", "title": "市内用车", "values": short }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap();
    assert_eq!(draft["materials"][0]["name"], "出行计划");
    let missing = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": short }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "material_missing");
    assert_eq!(
        missing["errors"][0]["path"], "materials.trip_plan",
        "{missing}"
    );
    assert!(missing["detail"].as_str().unwrap().contains("出行计划"));
    clerk
        .upload(
            id,
            "trip_plan",
            "出行计划.jpg",
            b"\xff\xd8\xff\xe0 not a pdf",
        )
        .await
        .expect_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "file_type_rejected");
    clerk
        .upload(id, "no_such_slot", "x.pdf", PDF)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    clerk
        .upload(id, "trip_plan", "出行计划.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": short }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["status"], "running");
    assert_eq!(
        page["flow_marks"]["fleet"], "skipped",
        "the short trip skips 机关事务中心: {}",
        page["flow_marks"]
    );
}

#[tokio::test]
async fn flows_export_as_bpmn_with_their_layout() {
    let app = TestApp::start().await;
    drafted(&app, vehicle_def()).await;
    let designer = app.login("designer").await;
    let draft = designer
        .get("/api/v1/admin/matter-types/vehicle_use/bpmn")
        .await;
    assert_eq!(draft.status, StatusCode::OK);
    assert!(
        draft.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    assert!(
        draft.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("vehicle_use-v1.bpmn")
    );
    let xml = String::from_utf8(draft.bytes.clone()).unwrap();
    for needle in [
        "<bpmn:definitions",
        r#"<bpmn:userTask id="fleet""#,
        r#"<bpmn:parallelGateway id="review_split""#,
        "rule:is_long_trip",
        "<bpmndi:BPMNShape",
    ] {
        assert!(xml.contains(needle), "{needle} missing");
    }
    let published = designer
        .get("/api/v1/admin/matter-types/personnel_transfer/bpmn?version=1")
        .await;
    assert_eq!(published.status, StatusCode::OK);
    designer
        .get("/api/v1/admin/matter-types/personnel_transfer/bpmn?version=9")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    app.login("zzb_clerk")
        .await
        .get("/api/v1/admin/matter-types/vehicle_use/bpmn")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn the_form_preview_runs_the_validation_rules_in_the_server() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    let rules = vehicle_def()["rules"].clone();
    let issues = designer
        .post(
            "/api/v1/admin/rules/validate",
            json!({ "rules": rules, "values": { "distance": 300, "driver": "no" } }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(issues[0]["path"], "driver", "{issues}");
    let fine = designer
        .post(
            "/api/v1/admin/rules/validate",
            json!({ "rules": rules, "values": { "distance": 3, "driver": "no" } }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(fine, json!([]));
    let broken = json!([{ "name": "broken", "kind": "validation", "source": "throw \"坏了\"" }]);
    let failed = designer
        .post(
            "/api/v1/admin/rules/validate",
            json!({ "rules": broken, "values": {} }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (failed[0]["path"].as_str(), failed[0]["code"].as_str()),
        (Some("rules.broken"), Some("script_runtime")),
        "{failed}"
    );
    app.login("zzb_clerk")
        .await
        .post(
            "/api/v1/admin/rules/validate",
            json!({ "rules": [], "values": {} }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
}
