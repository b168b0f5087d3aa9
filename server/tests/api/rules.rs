//! Rules run in the Rhai sandbox: a published rule that never ends or eats memory is stopped
//! quickly, the submission is refused with `rule_failed`, and the server carries on.

use crate::support::{PDF, TestApp, submitted_transfer, transfer_values};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use lianban_server::catalog::store::add_published;
use lianban_server::db::Batch;
use serde_json::json;
use std::time::{Duration, Instant};

/// Publishes a copy of the seeded 人员调入联办 as `code`, with rule `rule` replaced by `source`.
async fn publish_variant(app: &TestApp, code: &str, rule: &str, source: &str) {
    let mut def = lianban_seeds::matter_types()
        .into_iter()
        .find(|d| d.code == "personnel_transfer")
        .unwrap();
    def.code = code.to_owned();
    def.name = format!("规则测试（{code}）");
    let target = def.rules.iter_mut().find(|r| r.name.as_str() == rule);
    target.unwrap_or_else(|| panic!("no rule {rule}")).source = source.to_owned();
    let mut batch = Batch::new();
    add_published(&mut batch, &def, app.state.clock.now_ms(), "");
    batch.commit(&app.state.db).await.unwrap();
}

/// The rules that must be stopped: (matter-type code, rule replaced, its new source).
const RUNAWAY_RULES: &[(&str, &str, &str)] = &[
    ("loop_forever", "from_unit_required", "loop {}"),
    (
        "grow_forever",
        "from_unit_required",
        r#"let s = "x"; loop { s += s; }"#,
    ),
    (
        "recurse_forever",
        "from_unit_required",
        "fn deeper(n) { deeper(n + 1) } deeper(0)",
    ),
    ("route_forever", "needs_office", "loop {}"),
];

#[tokio::test]
async fn runaway_rules_are_stopped_and_the_server_keeps_serving() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    for &(code, rule, source) in RUNAWAY_RULES {
        publish_variant(&app, code, rule, source).await;
        let draft = clerk
            .post(
                "/api/v1/matters",
                json!({ "type_code": code, "title": "规则测试" }),
            )
            .await
            .expect(StatusCode::CREATED);
        let id = draft["id"].as_str().unwrap();
        let file = clerk
            .upload(id, "materials", "a.pdf", PDF)
            .await
            .expect(StatusCode::CREATED);
        let mut values = transfer_values("yes");
        values["materials"] = json!([file["id"]]);

        let started = Instant::now();
        let resp = clerk
            .post(
                &format!("/api/v1/matters/{id}/submit"),
                json!({ "values": values }),
            )
            .await;
        let took = started.elapsed();
        let body = resp.expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "rule_failed");
        assert!(took < Duration::from_secs(2), "{code}: took {took:?}");
        let detail = body["detail"].as_str().unwrap();
        assert!(
            detail.contains(&format!("「{rule}」")) && detail.contains("执行失败"),
            "{code}: {detail}"
        );
        assert!(detail.contains("已被终止"), "{code}: {detail}");

        let page = clerk.page(id).await;
        assert_eq!(
            (&page["status"], &page["number"]),
            (&json!("draft"), &json!(null)),
            "{code}"
        );
        let timeline = page["timeline"].as_array().unwrap();
        assert!(timeline.is_empty(), "{code}: {timeline:?}");
    }

    let health = Request::builder()
        .uri("/health")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.send(health).await.expect(StatusCode::OK),
        json!({ "status": "UP" })
    );
    let id = submitted_transfer(&app, "yes").await;
    let page = app.login("zzb_clerk").await.page(&id).await;
    assert_eq!(page["status"], "running");
    assert!(
        page["number"].as_str().unwrap().ends_with("00001号"),
        "no number was used up"
    );
}
