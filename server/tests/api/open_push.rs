//! Pushing matters to units' own systems (受办分离 outbound) against a loopback department
//! system ([`crate::dept_system`]) that verifies every signature: the created event with the
//! values, form and signed material links the unit may see; nothing for a change that rolls
//! back; the later events in `seq` order; matters that do not block each other; the queries'
//! plans. Failures, retries and dead letters are in [`crate::open_push_retry`]; the fixtures
//! here serve both.

use crate::dept_system::{Bound, DeptSystem};
use crate::support::{PDF, TestApp};
use axum::http::StatusCode;
use lianban_definition::UnitCode;
use lianban_runtime::{Event, ExternalAction};
use lianban_server::config::OpenPushConfig;
use lianban_server::db::Batch;
use lianban_server::external::push::{self, Pusher, Report};
use lianban_server::external::{endpoint, links};
use lianban_server::matter::{service, store as matter_store};
use serde_json::{Value, json};

/// 国土联审: 自然资源和规划分局 handles it in its own system and may not see the internal note.
fn land_def() -> Value {
    json!({
        "code": "plot_review", "name": "用地联审", "category": "国土", "version": 1,
        "initiator_units": ["zzb"],
        "form": { "schema_version": 1, "fields": [
            { "key": "reason", "label": "用地事由", "kind": { "type": "text" }, "required": true },
            { "key": "area", "label": "面积（平方米）", "kind": { "type": "number", "min": 0 } },
            { "key": "internal_note", "label": "内部说明", "kind": { "type": "textarea" } },
            { "key": "materials", "label": "用地材料", "kind": { "type": "attachment", "accept": ["pdf"] } }
        ] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "unit", "id": "land", "name": "自然资源和规划分局审查",
              "unit": { "type": "fixed", "unit": "zrzyj" }, "steps": [],
              "handling": "own_system", "time_limit_days": 3,
              "rights": { "fields": { "internal_note": "hidden" } } }
        ] }
    })
}

/// An app with the push settings `open`, the department system allowlisted and the demo system
/// re-pointed at it, and 用地联审 published.
pub(crate) async fn world(open: OpenPushConfig) -> (TestApp, DeptSystem) {
    let bound = Bound::new().await;
    let port = bound.port;
    let app = TestApp::start_with(move |c| {
        c.open_allow = endpoint::parse_allowlist(&format!("127.0.0.1:{port}")).unwrap();
        c.open_push = open;
        c.public_url = Some("https://lianban.example".into());
    })
    .await;
    let dept = bound.serve(app.state.clock.clone(), lianban_seeds::DEMO_SIM_SECRET);
    repoint_demo(&app, &dept.url).await;
    publish_land(&app).await;
    (app, dept)
}

pub(crate) fn settings() -> OpenPushConfig {
    OpenPushConfig {
        max_attempts: 3,
        retry_base_seconds: 60,
        retry_max_seconds: 600,
        timeout_seconds: 1,
    }
}

/// The demo system (zrzyj), its endpoint changed to `url`; returns its id.
pub(crate) async fn repoint_demo(app: &TestApp, url: &str) -> String {
    let admin = app.login("admin").await;
    let list = admin
        .get("/api/v1/admin/external-systems")
        .await
        .expect(StatusCode::OK);
    let demo = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["app_key"] == lianban_seeds::DEMO_SIM_APP_KEY)
        .unwrap()
        .clone();
    let id = demo["id"].as_str().unwrap().to_owned();
    admin
        .put(
            &format!("/api/v1/admin/external-systems/{id}"),
            json!({ "name": demo["name"], "endpoint": url, "algorithm": demo["algorithm"],
                    "matter_types": [], "enabled": true, "revision": demo["revision"] }),
        )
        .await
        .expect(StatusCode::OK);
    id
}

pub(crate) async fn publish_land(app: &TestApp) {
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "plot_review", "name": "用地联审", "category": "国土" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put("/api/v1/admin/matter-types/plot_review/draft", land_def())
        .await
        .expect(StatusCode::OK);
    designer
        .post("/api/v1/admin/matter-types/plot_review/publish", json!({}))
        .await
        .expect(StatusCode::OK);
}

/// A submitted 用地联审 with one PDF; returns (id, number, file id).
pub(crate) async fn submitted_land(app: &TestApp, reason: &str) -> (String, String, String) {
    let clerk = app.login("zzb_clerk").await;
    let mut values = json!({ "reason": reason, "area": 1200, "internal_note": "仅限本单位" });
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "plot_review", "values": values }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    let file = clerk
        .upload(&id, "materials", "用地红线图.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    let file = file["id"].as_str().unwrap().to_owned();
    values["materials"] = json!([file]);
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
        )
        .await
        .expect(StatusCode::OK);
    (id, page["number"].as_str().unwrap().to_owned(), file)
}

pub(crate) async fn round(app: &TestApp) -> Report {
    Pusher::new(app.state.clone(), "test-node")
        .run_once()
        .await
        .unwrap()
}

/// The push log as the administrator reads it (`query` after `?`).
pub(crate) async fn log(app: &TestApp, query: &str) -> Vec<Value> {
    let page = app
        .login("admin")
        .await
        .get(&format!("/api/v1/admin/open/deliveries?{query}"))
        .await
        .expect(StatusCode::OK);
    page["items"].as_array().unwrap().clone()
}

pub(crate) async fn detail(app: &TestApp, id: &str) -> Value {
    app.login("admin")
        .await
        .get(&format!("/api/v1/admin/open/deliveries/{id}"))
        .await
        .expect(StatusCode::OK)
}

/// Milliseconds from now until the next attempt of row `id`.
pub(crate) async fn wait_ms(app: &TestApp, id: &str) -> i64 {
    let row = push::store::get(&app.state.db, id).await.unwrap().unwrap();
    row.next_at - app.state.clock.now_ms()
}

#[tokio::test]
async fn the_created_event_carries_what_the_unit_may_see_with_signed_links() {
    let (app, dept) = world(settings()).await;
    let (id, number, file) = submitted_land(&app, "新建厂房").await;
    // Two workers at once (two nodes): the event is sent once.
    let (node_a, node_b) = (
        Pusher::new(app.state.clone(), "node-a"),
        Pusher::new(app.state.clone(), "node-b"),
    );
    let (a, b) = tokio::join!(node_a.run_once(), node_b.run_once());
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    let got = dept.got();
    assert_eq!(got.len(), 1, "{got:?}");
    let e = &got[0];
    assert!(e.signed, "signed with the system's secret (HMAC-SM3)");
    assert_eq!(
        (e.kind(), e.seq(), e.number()),
        ("dispatch.created", 1, number.as_str())
    );
    assert!(uuid::Uuid::parse_str(e.id()).is_ok(), "{}", e.id());
    let ev = &e.event;
    assert_eq!(ev["matter"]["type_code"], "plot_review");
    assert_eq!(ev["matter"]["initiator_unit"], "zzb");
    assert!(!ev["matter"]["initiator_name"].as_str().unwrap().is_empty());
    assert_eq!(ev["dispatch"]["node"], "land");
    assert_eq!(ev["dispatch"]["unit"], "zrzyj");
    assert_eq!(ev["dispatch"]["round"], 0);
    assert!(
        ev["dispatch"]["due_at"]
            .as_str()
            .unwrap()
            .ends_with("+08:00")
    );
    let data = &ev["data"];
    assert_eq!(data["values"]["reason"], "新建厂房");
    assert_eq!(data["values"]["area"], 1200);
    assert!(
        data["values"].get("internal_note").is_none(),
        "hidden at the node"
    );
    let form: Vec<&str> = data["form"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(form, ["reason", "area", "materials"]);
    let m = &data["materials"][0];
    assert_eq!(
        (m["id"].as_str(), m["field"].as_str()),
        (Some(file.as_str()), Some("materials"))
    );
    assert_eq!(m["filename"], "用地红线图.pdf");
    assert_eq!(m["size"], PDF.len());
    assert_eq!(m["sm3"].as_str().unwrap().len(), 64);
    let url = url::Url::parse(m["url"].as_str().unwrap()).unwrap();
    assert!(
        url.as_str()
            .starts_with("https://lianban.example/open/v1/links/")
    );
    let segments: Vec<String> = url.path_segments().unwrap().map(percent_decode).collect();
    assert_eq!(segments[3..], [number.clone(), file.clone()]);
    let q = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    let expires: i64 = q("expires").parse().unwrap();
    let now = app.state.clock.now_ms();
    assert!(expires - now > links::LINK_TTL_MS - 60_000);
    let system = q("system");
    assert_eq!(
        links::check(&app.state, &number, &file, &system, expires, &q("sig"), now),
        Ok(())
    );
    assert!(m["expires_at"].as_str().unwrap().ends_with("+08:00"));
    // The open API serves the link as pushed (percent-encoded number and all), unsigned.
    let target = format!("{}?{}", url.path(), url.query().unwrap());
    let download = app
        .send(
            axum::http::Request::get(target.as_str())
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK, "{target}");
    assert_eq!(download.bytes, PDF);

    let rows = log(&app, "status=sent").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["id"].as_str(), rows[0]["matter_id"].as_str()),
        (Some(e.id()), Some(id.as_str()))
    );
    assert_eq!(
        (
            rows[0]["attempts"].as_u64(),
            rows[0]["last_status"].as_u64()
        ),
        (Some(1), Some(200))
    );
    assert_eq!(rows[0]["system"].as_str(), Some(system.as_str()));
    let one = detail(&app, e.id()).await;
    assert_eq!(one["history"].as_array().unwrap().len(), 1);
    assert_eq!(
        one["event"]["data"]["materials"][0]["url"], "",
        "links are minted at send time"
    );
    assert!(log(&app, "status=pending").await.is_empty());
    assert_eq!(
        log(&app, &format!("matter={}", urlencode(&number)))
            .await
            .len(),
        1
    );
    assert_eq!(round(&app).await, Report::default(), "nothing left");
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned()
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn a_change_that_rolls_back_pushes_nothing() {
    let (app, dept) = world(settings()).await;
    let (id, _, _) = submitted_land(&app, "新建厂房").await;
    let clerk = app.login("zzb_clerk").await;
    let urge = format!("/api/v1/matters/{id}/dispatches/land/urge");
    clerk
        .post(&urge, json!({ "message": "请尽快" }))
        .await
        .expect(StatusCode::OK);
    // A second urging within the hour is refused: nothing is planned.
    clerk
        .post(&urge, json!({ "message": "再催" }))
        .await
        .expect_problem(StatusCode::CONFLICT, "urged_too_often");
    // Planned rows join the command's batch: when the batch fails, they are gone with it.
    let doc = matter_store::load(&app.state.db, &id)
        .await
        .unwrap()
        .unwrap();
    let def = service::definition_of(&app.state, &doc).await.unwrap();
    let names = lianban_server::worklist::Names::load(&app.state, &doc)
        .await
        .unwrap();
    let events = [Event::Urged {
        dispatch: "land".into(),
        unit: UnitCode::new("zrzyj"),
        message: "回滚".into(),
    }];
    let change = push::Change {
        before: &doc,
        after: &doc,
        def: &def,
        events: &events,
        names: &names,
        now: app.state.clock.now(),
    };
    let planned = push::plan(&app.state, change).await.unwrap();
    assert!(planned.has_rows());
    let mut batch = Batch::new();
    planned.add_to(&mut batch);
    batch.push_guarded(
        "UPDATE type::record('matter', $key) SET title = 'x' WHERE version = -1 RETURN key",
        json!({ "key": id }),
        "stale matter version",
    );
    assert!(batch.commit(&app.state.db).await.is_err());
    while round(&app).await != Report::default() {}
    let got: Vec<(String, u64)> = dept
        .got()
        .iter()
        .map(|g| (g.kind().to_owned(), g.seq()))
        .collect();
    assert_eq!(
        got,
        [
            ("dispatch.created".to_owned(), 1),
            ("dispatch.urged".to_owned(), 2)
        ]
    );
    assert_eq!(dept.got()[1].event["data"]["reason"], "请尽快");
    assert_eq!(push::store::counter(&app.state.db, &id).await.unwrap(), 2);
}

#[tokio::test]
async fn later_events_follow_in_seq_order_resubmitted_urged_and_voided() {
    let (app, dept) = world(settings()).await;
    let (id, number, _) = submitted_land(&app, "新建厂房").await;
    let clerk = app.login("zzb_clerk").await;
    clerk
        .post(
            &format!("/api/v1/matters/{id}/dispatches/land/urge"),
            json!({ "message": "请尽快" }),
        )
        .await
        .expect(StatusCode::OK);
    let zrzyj = UnitCode::new("zrzyj");
    let back = ExternalAction::Return {
        reason: "红线图不清晰".into(),
        code: None,
    };
    service::external_action(&app.state, &number, "land", &zrzyj, back, "ext:demo-zrzyj")
        .await
        .unwrap();
    let values = json!({ "reason": "新建厂房（补正）", "area": 1300, "internal_note": "仍仅限本单位",
                         "materials": clerk.page(&id).await["values"]["materials"] });
    clerk
        .post(
            &format!("/api/v1/matters/{id}/dispatches/land/resubmit"),
            json!({ "values": values, "note": "已更换" }),
        )
        .await
        .expect(StatusCode::OK);
    // A second matter, voided before anyone acted.
    let (other, other_no, _) = submitted_land(&app, "仓库扩建").await;
    clerk
        .post(
            &format!("/api/v1/matters/{other}/void"),
            json!({ "reason": "重复登记" }),
        )
        .await
        .expect(StatusCode::OK);
    while round(&app).await != Report::default() {}
    let of = |n: &str| -> Vec<(String, u64, Value)> {
        dept.got()
            .iter()
            .filter(|g| g.number() == n)
            .map(|g| (g.kind().to_owned(), g.seq(), g.event["data"].clone()))
            .collect()
    };
    let first = of(&number);
    let kinds: Vec<(&str, u64)> = first.iter().map(|(k, s, _)| (k.as_str(), *s)).collect();
    assert_eq!(
        kinds,
        [
            ("dispatch.created", 1),
            ("dispatch.urged", 2),
            ("dispatch.resubmitted", 3)
        ]
    );
    let resubmitted = &first[2].2;
    assert_eq!(resubmitted["returned_reason"], "红线图不清晰");
    assert_eq!(resubmitted["values"]["area"], 1300);
    assert!(resubmitted["values"].get("internal_note").is_none());
    assert_eq!(resubmitted["materials"].as_array().unwrap().len(), 1);
    let round_of = dept
        .got()
        .iter()
        .find(|g| g.kind() == "dispatch.resubmitted")
        .unwrap()
        .event["dispatch"]["round"]
        .clone();
    assert_eq!(round_of, 1);
    let second = of(&other_no);
    let kinds: Vec<(&str, u64)> = second.iter().map(|(k, s, _)| (k.as_str(), *s)).collect();
    assert_eq!(kinds, [("dispatch.created", 1), ("matter.voided", 2)]);
    assert_eq!(second[1].2, json!({ "reason": "重复登记" }));
}

#[tokio::test]
async fn one_matters_failures_hold_back_only_its_own_later_events() {
    let (app, dept) = world(settings()).await;
    let (a, a_no, _) = submitted_land(&app, "甲").await;
    app.login("zzb_clerk")
        .await
        .post(
            &format!("/api/v1/matters/{a}/dispatches/land/urge"),
            json!({ "message": "请尽快" }),
        )
        .await
        .expect(StatusCode::OK);
    let (_, b_no, _) = submitted_land(&app, "乙").await;
    dept.fail_matter(Some(&a_no));
    let report = round(&app).await;
    assert_eq!((report.sent, report.failed), (1, 1), "{report:?}");
    // Matter 甲's urging waits behind its created event; 乙 went through.
    assert_eq!(
        round(&app).await,
        Report {
            deferred: 1,
            ..Report::default()
        }
    );
    assert_eq!(
        round(&app).await,
        Report::default(),
        "put off until the failed one is due"
    );
    let got: Vec<(String, u64)> = dept
        .got()
        .iter()
        .map(|g| (g.number().to_owned(), g.seq()))
        .collect();
    assert_eq!(got, [(a_no.clone(), 1), (b_no.clone(), 1)]);
    dept.fail_matter(None);
    app.state.clock.advance_seconds(75);
    while round(&app).await != Report::default() {}
    let got: Vec<(String, u64)> = dept
        .got()
        .iter()
        .map(|g| (g.number().to_owned(), g.seq()))
        .collect();
    assert_eq!(got[2..], [(a_no.clone(), 1), (a_no, 2)]);
}

#[tokio::test]
async fn the_worker_and_the_log_read_compound_indexes_with_the_limit_pushed_down() {
    use push::store::{DUE_SQL, LogFilter, PushStatus, log_sql};
    let app = TestApp::start().await;
    let filter = |status: Option<PushStatus>, system: Option<&str>| LogFilter {
        status,
        system: system.map(str::to_owned),
        matter_no: None,
    };
    let mut cases: Vec<(String, &str, &str, bool)> = [
        (filter(None, None), "push_event_log"),
        (filter(Some(PushStatus::Dead), None), "push_event_status"),
        (filter(None, Some("es_x")), "push_event_system"),
        (
            filter(Some(PushStatus::Dead), Some("es_x")),
            "push_event_status_system",
        ),
    ]
    .into_iter()
    .map(|(f, index)| (log_sql(&f), index, "Backward", true))
    .collect();
    let by_matter = LogFilter {
        matter_no: Some("联办〔2026〕00001号".into()),
        ..LogFilter::default()
    };
    cases.push((log_sql(&by_matter), "push_event_matter", "Backward", false));
    cases.push((DUE_SQL.to_owned(), "push_event_due", "Forward", true));
    for (sql, index, direction, limit) in cases {
        let (scan, text) = crate::notify_log::index_scan(&app, &sql).await;
        assert_eq!(scan["index"], index, "{text}");
        assert_eq!(scan["direction"], direction, "{text}");
        if limit {
            assert_eq!(
                scan["limit"], "$limit",
                "limit pushed into the scan: {text}"
            );
        }
    }
}
