//! A whole 受办分离 flow driven by the unit's own system: acknowledge, report steps, approve with
//! a result document (downloadable by the initiator), or return and report again after the
//! initiator's correction; what other systems may not see; files and download links.

use super::{System, dispatch_path, segment, submit_land_check, submitted_land_check};
use crate::support::{PDF, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use serde_json::{Value, json};

fn step(app: &TestApp, name: &str, handler: &str) -> Value {
    json!({ "name": name, "handler": handler, "at": lianban_server::matter::fmt_ts(app.state.clock.now()) })
}

fn timeline_texts(page: &Value) -> Vec<String> {
    page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[tokio::test]
async fn the_system_acks_reports_steps_and_approves_with_a_document() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let state = system
        .post(
            &app,
            &dispatch_path(&m.number, "land", "ack"),
            json!({ "external_ref": "BDC-2026-7" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(state["matter"]["number"], m.number.as_str());
    assert_eq!(state["matter"]["type_code"], "land_check");
    assert_eq!(state["matter"]["initiator_unit"], "zzb");
    assert_eq!(state["status"], "running");
    let d = &state["dispatches"][0];
    assert_eq!(
        (d["node"].as_str(), d["unit"].as_str(), d["status"].as_str()),
        (Some("land"), Some("zrzyj"), Some("pending"))
    );
    assert_eq!(
        (d["acked"].as_bool(), d["external_ref"].as_str()),
        (Some(true), Some("BDC-2026-7"))
    );
    assert!(d["due_at"].as_str().is_some(), "{d}");

    for (name, handler) in [("科室初审", "李科员"), ("分管领导审核", "王局长")] {
        app.state.clock.advance_minutes(10);
        system
            .post(
                &app,
                &dispatch_path(&m.number, "land", "steps"),
                step(&app, name, handler),
            )
            .await
            .expect(StatusCode::OK);
    }
    let read = system
        .get(&app, &format!("/open/v1/matters/{}", segment(&m.number)))
        .await
        .expect(StatusCode::OK);
    let steps = read["dispatches"][0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(
        (steps[1]["name"].as_str(), steps[1]["handler"].as_str()),
        (Some("分管领导审核"), Some("王局长"))
    );

    let document = base64::engine::general_purpose::STANDARD.encode(PDF);
    let done = system
        .post(
            &app,
            &dispatch_path(&m.number, "land", "result"),
            json!({ "outcome": "approved", "opinion": "同意用地",
                    "documents": [{ "filename": "用地预审意见书.pdf", "content_base64": document }] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(done["dispatches"][0]["status"], "completed");
    assert_eq!(
        done["status"], "completed",
        "the only unit: the matter waits to be closed"
    );

    // The initiator sees the steps on the timeline, under the system's name, and downloads the
    // result document.
    let clerk = app.login("zzb_clerk").await;
    let page = clerk.page(&m.id).await;
    let texts = timeline_texts(&page).join("\n");
    assert!(
        texts.contains("科室初审") && texts.contains("分管领导审核"),
        "{texts}"
    );
    assert!(texts.contains("自有系统办结"), "{texts}");
    let external = &page["dispatches"][0]["external"];
    let doc_id = external["documents"][0].as_str().unwrap();
    let listed = page["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == doc_id)
        .expect("the result document is among the matter's files");
    assert_eq!(listed["filename"], "用地预审意见书.pdf");
    assert_eq!(listed["field"], "result:land");
    let file = clerk.get(&format!("/api/v1/attachments/{doc_id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PDF);
    // It cannot be deleted by the initiator.
    clerk
        .delete(&format!("/api/v1/attachments/{doc_id}"))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    // A second result is refused: the matter waits to be closed.
    system
        .post(
            &app,
            &dispatch_path(&m.number, "land", "result"),
            json!({ "outcome": "approved" }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "matter_wrong_status");
}

#[tokio::test]
async fn the_timeline_names_the_system_not_its_key() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    System::demo()
        .post(&app, &dispatch_path(&m.number, "land", "ack"), json!({}))
        .await
        .expect(StatusCode::OK);
    let page = app.login("zzb_clerk").await.page(&m.id).await;
    let ack = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"].as_str().is_some_and(|t| t.contains("已接收")))
        .unwrap_or_else(|| panic!("{}", page["timeline"]))
        .clone();
    assert_eq!(
        ack["actor"]["display_name"], "自然资源和规划分局审批系统（示例）",
        "{ack}"
    );
}

#[tokio::test]
async fn a_return_goes_to_the_initiator_and_the_system_reports_again() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let result = dispatch_path(&m.number, "land", "result");
    system
        .post(&app, &result, json!({ "outcome": "returned" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    system
        .post(
            &app,
            &dispatch_path(&m.number, "land", "steps"),
            step(&app, "科室初审", "李科员"),
        )
        .await
        .expect(StatusCode::OK);
    let returned = system
        .post(
            &app,
            &result,
            json!({ "outcome": "returned", "reason": "规划图不清晰" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["dispatches"][0]["status"], "returned");

    let clerk = app.login("zzb_clerk").await;
    let page = clerk.page(&m.id).await;
    assert!(timeline_texts(&page).join("\n").contains("规划图不清晰"));
    clerk
        .post(
            &format!("/api/v1/matters/{}/dispatches/land/resubmit", m.id),
            json!({ "values": { "reason": "新建学校用地（补正）", "plan": [m.plan], "note": "内部掌握", "note_file": [m.note_file] }, "note": "已换清晰图" }),
        )
        .await
        .expect(StatusCode::OK);
    let again = system
        .get(&app, &format!("/open/v1/matters/{}", segment(&m.number)))
        .await
        .expect(StatusCode::OK);
    let d = &again["dispatches"][0];
    assert_eq!(
        (d["status"].as_str(), d["round"].as_u64()),
        (Some("pending"), Some(1))
    );
    assert_eq!(
        d["steps"].as_array().unwrap().len(),
        0,
        "steps of the new round only"
    );
    system
        .post(
            &app,
            &dispatch_path(&m.number, "land", "steps"),
            step(&app, "科室复审", "李科员"),
        )
        .await
        .expect(StatusCode::OK);
    let done = system
        .post(&app, &result, json!({ "outcome": "approved" }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(done["status"], "completed");
}

#[tokio::test]
async fn other_systems_and_hidden_files_see_nothing() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let matter = format!("/open/v1/matters/{}", segment(&m.number));
    let (other, _) = System::register(&app, "czj", "财政一体化系统").await;
    other
        .get(&app, &matter)
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    other
        .post(&app, &dispatch_path(&m.number, "land", "ack"), json!({}))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    other
        .get(&app, &format!("{matter}/files/{}", m.plan))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let system = System::demo();
    system
        .get(
            &app,
            "/open/v1/matters/%E8%81%94%E5%8A%9E%E3%80%942026%E3%80%9599999%E5%8F%B7",
        )
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    // The demo system downloads the plan but not the internal note's file.
    let plan = system
        .get(&app, &format!("{matter}/files/{}", m.plan))
        .await;
    assert_eq!(plan.status, StatusCode::OK);
    assert_eq!(plan.bytes, PDF);
    assert!(plan.headers.contains_key("x-content-sm3"));
    system
        .get(&app, &format!("{matter}/files/{}", m.note_file))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    // A file of another matter is not reachable through this one.
    let other_matter = submit_land_check(&app).await;
    system
        .get(&app, &format!("{matter}/files/{}", other_matter.plan))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    // A system limited to other matter types does not see this one.
    let admin = app.login("admin").await;
    let issued = admin
        .post(
            "/api/v1/admin/external-systems",
            json!({ "unit": "zrzyj", "name": "档案系统", "endpoint": "https://da.example.gov.cn/events",
                    "algorithm": "HMAC-SHA256", "matter_types": ["personnel_transfer"] }),
        )
        .await
        .expect(StatusCode::CREATED);
    let limited = System {
        app_key: issued["system"]["app_key"].as_str().unwrap().to_owned(),
        secret: issued["secret"].as_str().unwrap().to_owned(),
        algorithm: lianban_sdk::sign::Algorithm::HmacSha256,
    };
    limited
        .get(&app, &matter)
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn result_documents_are_checked_before_anything_is_stored() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system = System::demo();
    let result = dispatch_path(&m.number, "land", "result");
    let pdf = base64::engine::general_purpose::STANDARD.encode(PDF);
    let doc = |name: &str, content: &str| json!({ "filename": name, "content_base64": content });
    let cases = [
        (
            json!([doc("a.pdf", "not base64!")]),
            StatusCode::BAD_REQUEST,
            "document_bad_base64",
        ),
        (
            json!([doc("a.exe", &pdf)]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file_type_rejected",
        ),
        (
            json!([doc("a.png", &pdf)]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file_type_rejected",
        ),
        (
            Value::Array((0..51).map(|i| doc(&format!("{i}.pdf"), &pdf)).collect()),
            StatusCode::BAD_REQUEST,
            "too_many_documents",
        ),
    ];
    for (documents, status, code) in cases {
        system
            .post(
                &app,
                &result,
                json!({ "outcome": "approved", "documents": documents }),
            )
            .await
            .expect_problem(status, code);
    }
    // Over the upload limit (the fixture's PDF fits in 100 bytes, this one does not).
    let small = TestApp::start_with(|c| c.max_upload_bytes = 100).await;
    let m_small = submitted_land_check(&small).await;
    let big = base64::engine::general_purpose::STANDARD.encode([PDF, &[b' '; 100]].concat());
    system
        .post(
            &small,
            &dispatch_path(&m_small.number, "land", "result"),
            json!({ "outcome": "approved", "documents": [doc("big.pdf", &big)] }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "document_too_large");
    // A refused approval leaves no file behind.
    let page = app.login("zzb_clerk").await.page(&m.id).await;
    assert_eq!(
        page["attachments"].as_array().unwrap().len(),
        2,
        "{}",
        page["attachments"]
    );
    assert_eq!(page["dispatches"][0]["status"], "active");
}

#[tokio::test]
async fn download_links_open_until_they_expire() {
    let app = TestApp::start().await;
    let m = submitted_land_check(&app).await;
    let system_id = format!("es_{}", lianban_seeds::DEMO_SIM_APP_KEY.replace('-', "_"));
    let expires = app.state.clock.now_ms() + 3_600_000;
    let get = |target: String| {
        let app = &app;
        async move {
            app.send(Request::builder().uri(target).body(Body::empty()).unwrap())
                .await
        }
    };
    // Minted over the number; sent with the number percent-encoded, as an HTTP client does.
    let link = |file: &str| {
        lianban_server::external::links::mint(&app.state, &m.number, file, &system_id, expires)
            .replace(&m.number, &segment(&m.number))
    };
    let ok = get(link(&m.plan)).await;
    assert_eq!(
        ok.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&ok.bytes)
    );
    assert_eq!(ok.bytes, PDF);
    // Hidden from the unit: as absent as with a signed call.
    get(link(&m.note_file))
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    // Tampered: another file, another expiry, another signature.
    let good = link(&m.plan);
    for bad in [
        good.replace(&m.plan, &m.note_file),
        good.replace(
            &format!("expires={expires}"),
            &format!("expires={}", expires + 1),
        ),
        format!(
            "{}{}",
            &good[..good.len() - 1],
            if good.ends_with('0') { '1' } else { '0' }
        ),
    ] {
        get(bad)
            .await
            .expect_problem(StatusCode::FORBIDDEN, "link_invalid");
    }
    app.state.clock.advance_minutes(61);
    get(link(&m.plan))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "link_expired");
}
