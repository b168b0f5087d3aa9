//! The code dictionary (数据字典): designers create and edit dictionaries (items added,
//! relabelled, reordered, disabled, never removed), everyone logged in reads enabled items;
//! dictionary-backed fields take enabled values only, with the field named when refused;
//! publishing refuses a form naming an unknown dictionary; materials' sample files (样表) are
//! uploaded by designers and downloaded by any logged-in user.

use crate::designer::vehicle_def;
use crate::support::{PDF, Part, TestApp, json_request};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

/// 婚姻状况 with three items, as a designer would create it.
fn marital() -> Value {
    json!({ "code": "marital_status", "name": "婚姻状况", "description": "人员婚姻状况",
        "items": [
            { "value": "single", "label": "未婚" },
            { "value": "married", "label": "已婚" },
            { "value": "divorced", "label": "离异" }] })
}

/// `(path, code)` of every issue of a problem.
fn issues(problem: &Value) -> Vec<(String, String)> {
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

/// The values of a dictionary's items, in order.
fn values(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn demo_dictionaries_are_seeded_once_and_readable_by_everyone() {
    let app = TestApp::start().await;
    let list = app
        .login("designer")
        .await
        .get("/api/v1/admin/dicts")
        .await
        .expect(StatusCode::OK);
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "education",
            "political_status",
            "return_reason",
            "staff_category"
        ]
    );
    let reasons = app
        .login("zzb_clerk")
        .await
        .get("/api/v1/dicts/return_reason")
        .await
        .expect(StatusCode::OK);
    assert_eq!(reasons["name"], "退回原因");
    let labels: Vec<&str> = reasons["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["材料不全", "信息有误", "不符合条件", "其他"]);

    // A second start keeps what administrators changed.
    let admin = app.login("admin").await;
    let mut edu = admin
        .get("/api/v1/admin/dicts/education")
        .await
        .expect(StatusCode::OK);
    edu["items"][0]["label"] = json!("高中");
    admin
        .put("/api/v1/admin/dicts/education", edu.clone())
        .await
        .expect(StatusCode::OK);
    lianban_server::seed::seed_if_empty(&app.state)
        .await
        .unwrap();
    let again = admin
        .get("/api/v1/admin/dicts/education")
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["items"][0]["label"], "高中");
    assert_eq!(again["revision"], 2);
}

#[tokio::test]
async fn items_are_added_relabelled_reordered_and_disabled() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    let created = designer
        .post("/api/v1/admin/dicts", marital())
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(created["revision"], 1);
    assert_eq!(created["updated_by"], "designer");
    assert_eq!(created["items"][0]["enabled"], true);

    let change = json!({ "revision": 1, "name": "婚姻状况", "description": "",
        "items": [
            { "value": "married", "label": "已婚（有配偶）" },
            { "value": "single", "label": "未婚" },
            { "value": "widowed", "label": "丧偶", "description": "配偶已故" },
            { "value": "divorced", "label": "离异", "enabled": false }] });
    let updated = designer
        .put("/api/v1/admin/dicts/marital_status", change)
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["revision"], 2);
    assert_eq!(
        values(&updated["items"]),
        ["married", "single", "widowed", "divorced"]
    );
    assert_eq!(updated["items"][0]["label"], "已婚（有配偶）");
    assert_eq!(updated["items"][3]["enabled"], false);

    let read = app
        .login("zzb_clerk")
        .await
        .get("/api/v1/dicts/marital_status")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        values(&read["items"]),
        ["married", "single", "widowed"],
        "disabled items are not offered"
    );
    assert_eq!(read["items"][2]["description"], "配偶已故");
}

#[tokio::test]
async fn dictionary_changes_are_refused_with_stable_codes() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    let clerk = app.login("zzb_clerk").await;

    // Only designers and administrators manage dictionaries; anonymous callers read nothing.
    clerk
        .get("/api/v1/admin/dicts")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .post("/api/v1/admin/dicts", marital())
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .get("/api/v1/admin/dicts/education")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    clerk
        .put(
            "/api/v1/admin/dicts/education",
            json!({ "revision": 1, "name": "学历", "items": [] }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    app.send(json_request(
        Method::GET,
        "/api/v1/dicts/education",
        None,
        Value::Null,
    ))
    .await
    .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");

    // Malformed input, field by field.
    let bad = json!({ "code": "Marital-Status", "name": "", "items": [
        { "value": "a", "label": "甲" }, { "value": "a", "label": "乙" },
        { "value": "b c", "label": "丙" }, { "value": "d", "label": " " }] });
    let problem = designer
        .post("/api/v1/admin/dicts", bad)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(
        issues(&problem),
        [
            ("code".into(), "bad_code".into()),
            ("name".into(), "empty_label".into()),
            ("items[1].value".into(), "duplicate_item".into()),
            ("items[2].value".into(), "bad_item_value".into()),
            ("items[3].label".into(), "empty_label".into()),
        ]
    );
    assert!(problem["detail"].as_str().unwrap().contains("字典编码"));
    designer
        .post("/api/v1/admin/dicts", json!({ "code": "x" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");

    // A code is taken once.
    designer
        .post(
            "/api/v1/admin/dicts",
            json!({ "code": "education", "name": "学历2" }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "dict_exists");

    // Unknown dictionaries.
    designer
        .get("/api/v1/admin/dicts/nope")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    clerk
        .get("/api/v1/dicts/nope")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    designer
        .put(
            "/api/v1/admin/dicts/nope",
            json!({ "revision": 1, "name": "无", "items": [] }),
        )
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");

    // Items are never removed, duplicates and blank labels are refused on update too, and an
    // edit made on an old revision is refused.
    designer
        .post("/api/v1/admin/dicts", marital())
        .await
        .expect(StatusCode::CREATED);
    let dropped = json!({ "revision": 1, "name": "婚姻状况", "items": [
        { "value": "single", "label": "未婚" }, { "value": "married", "label": "已婚" }] });
    let problem = designer
        .put("/api/v1/admin/dicts/marital_status", dropped)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "dict_item_removed");
    assert!(
        problem["detail"].as_str().unwrap().contains("离异"),
        "{problem}"
    );
    let mut doubled = marital();
    doubled["revision"] = json!(1);
    doubled["items"][2]["value"] = json!("single");
    doubled["items"][1]["label"] = json!("");
    let problem = designer
        .put("/api/v1/admin/dicts/marital_status", doubled)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(
        issues(&problem),
        [
            ("items[1].label".into(), "empty_label".into()),
            ("items[2].value".into(), "duplicate_item".into()),
        ]
    );
    let mut relabel = marital();
    relabel["revision"] = json!(1);
    relabel["items"][0]["label"] = json!("单身");
    designer
        .put("/api/v1/admin/dicts/marital_status", relabel.clone())
        .await
        .expect(StatusCode::OK);
    designer
        .put("/api/v1/admin/dicts/marital_status", relabel)
        .await
        .expect_problem(StatusCode::CONFLICT, "conflict");
}

/// `vehicle_use` with a required 学历 select backed by dictionary `dict` added to its form.
fn with_dict_field(dict: &str) -> Value {
    let mut def = vehicle_def();
    def["form"]["fields"].as_array_mut().unwrap().push(json!({
        "key": "edu", "label": "驾驶员学历", "required": true, "section": "trip",
        "kind": { "type": "select", "dict": dict } }));
    def
}

/// Creates `vehicle_use`, saves `def` as its draft and publishes it; returns the publish answer.
async fn publish(app: &TestApp, def: Value) -> crate::support::Resp {
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
        .expect(StatusCode::OK);
    designer
        .post("/api/v1/admin/matter-types/vehicle_use/publish", json!({}))
        .await
}

/// A short trip with 学历 `edu`.
fn trip(edu: &str) -> Value {
    json!({ "reason": "市内会议", "period": ["2026-12-07", "2026-12-07"], "distance": 20,
        "driver": "no", "passengers": [{ "name": "王晓燕" }], "edu": edu })
}

#[tokio::test]
async fn a_dict_backed_field_accepts_enabled_items_only() {
    let app = TestApp::start().await;
    publish(&app, with_dict_field("education"))
        .await
        .expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;

    // The form the browser gets carries the dictionary's items.
    let def = clerk
        .get("/api/v1/matter-types/vehicle_use")
        .await
        .expect(StatusCode::OK);
    let field = def["form"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "edu")
        .unwrap()
        .clone();
    assert_eq!(field["kind"]["dict"], "education");
    assert_eq!(field["kind"]["options"][3]["label"], "本科", "{field}");

    let create =
        |values: Value| json!({ "type_code": "vehicle_use", "title": "用车", "values": values });
    let draft = clerk
        .post("/api/v1/matters", create(trip("benke")))
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    let problem = clerk
        .post("/api/v1/matters", create(trip("phd")))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(issues(&problem), [("edu".into(), "bad_option".into())]);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("驾驶员学历"),
        "{problem}"
    );

    // 本科 disabled: the stored value keeps its label, but it cannot be chosen any more.
    let admin = app.login("admin").await;
    let mut edu = admin
        .get("/api/v1/admin/dicts/education")
        .await
        .expect(StatusCode::OK);
    edu["items"][3]["enabled"] = json!(false);
    admin
        .put("/api/v1/admin/dicts/education", edu)
        .await
        .expect(StatusCode::OK);
    let page = clerk.page(&id).await;
    let options = page["form"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "edu")
        .unwrap()["kind"]["options"]
        .clone();
    assert_eq!(
        options[3],
        json!({ "value": "benke", "label": "本科", "disabled": true })
    );
    assert_eq!(page["values"]["edu"], "benke");
    let problem = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": trip("benke") }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(issues(&problem), [("edu".into(), "disabled_option".into())]);
    clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": trip("shuoshi") }),
        )
        .await
        .expect(StatusCode::OK);
}

#[tokio::test]
async fn publishing_refuses_an_unknown_dictionary_naming_the_field() {
    let app = TestApp::start().await;
    let mut def = with_dict_field("no_such_dict");
    def["form"]["fields"][3]["kind"] = json!({ "type": "radio", "dict": "education" });
    def["form"]["fields"][3]["default"] = json!("boshi_hou");
    let problem = publish(&app, def)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
    assert_eq!(
        issues(&problem),
        [
            ("form.fields[3].default".into(), "bad_default".into()),
            ("form.fields[6].kind.dict".into(), "unknown_dict".into()),
        ]
    );
    let message = problem["errors"][1]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "字段「驾驶员学历」选用的数据字典「no_such_dict」不存在"
    );
    let report = app
        .login("designer")
        .await
        .post("/api/v1/admin/matter-types/vehicle_use/check", json!({}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(report["issues"].as_array().unwrap().len(), 2, "{report}");
}

/// Uploads `bytes` as `filename` to the catalog-file route as `who`.
async fn upload_sample(
    app: &TestApp,
    who: &str,
    filename: &str,
    bytes: &[u8],
) -> crate::support::Resp {
    app.login(who)
        .await
        .multipart(
            "/api/v1/admin/catalog-files",
            &[Part::file(filename, bytes)],
        )
        .await
}

#[tokio::test]
async fn sample_files_are_uploaded_by_designers_and_downloaded_by_everyone_logged_in() {
    let app = TestApp::start().await;
    let info = upload_sample(&app, "designer", "出行计划样表.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    let id = info["id"].as_str().unwrap().to_owned();
    assert_eq!(info["filename"], "出行计划样表.pdf");
    assert_eq!(info["uploaded_by"], "designer");

    // Named by a material, it publishes; initiators see it and download it.
    let mut def = vehicle_def();
    def["materials"][0]["sample"] = json!(id);
    publish(&app, def).await.expect(StatusCode::OK);
    let clerk = app.login("zzb_clerk").await;
    let published = clerk
        .get("/api/v1/matter-types/vehicle_use")
        .await
        .expect(StatusCode::OK);
    assert_eq!(published["materials"][0]["sample"], id);
    let file = clerk.get(&format!("/api/v1/catalog-files/{id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PDF);
    assert_eq!(file.headers["content-type"], "application/pdf");
    let meta = clerk
        .get(&format!("/api/v1/catalog-files/{id}/meta"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(meta, info);

    // Anonymous callers get nothing; unknown ids are 404.
    let anonymous = Request::builder()
        .uri(format!("/api/v1/catalog-files/{id}"))
        .body(Body::empty())
        .unwrap();
    app.send(anonymous)
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    clerk
        .get("/api/v1/catalog-files/nope")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    clerk
        .get("/api/v1/catalog-files/nope/meta")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn sample_uploads_and_references_are_checked() {
    let app = TestApp::start().await;
    upload_sample(&app, "zzb_clerk", "样表.pdf", PDF)
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    upload_sample(&app, "designer", "样表.exe", b"MZ\x90\x00")
        .await
        .expect_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "file_type_rejected");
    upload_sample(&app, "designer", "样表.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
        .await
        .expect_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "file_type_rejected");
    app.login("designer")
        .await
        .multipart(
            "/api/v1/admin/catalog-files",
            &[Part::text("note", "没有文件")],
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");

    let mut def = vehicle_def();
    def["materials"][0]["sample"] = json!("deleted-or-never-uploaded");
    let problem = publish(&app, def)
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "definition_invalid");
    assert_eq!(
        issues(&problem),
        [("materials[0].sample".into(), "unknown_sample".into())]
    );
    assert_eq!(
        problem["errors"][0]["message"],
        "材料「出行计划」的样表文件不存在，请重新上传"
    );
}
