//! 督办: a supervisor opens a docket on one unit's part of a matter, the unit is told and
//! replies, the supervisor closes it; dockets are on the matter's timeline; every refusal.

use crate::support::{TestApp, submitted_transfer};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_supervisor_opens_a_docket_the_unit_replies_and_it_is_closed() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    let supervisor = app.login("supervisor").await;
    let page = supervisor.page(&id).await;
    let node = page["dispatches"][0]["node"].as_str().unwrap().to_owned();
    let unit = page["dispatches"][0]["unit"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = format!("/api/v1/matters/{id}/dockets");

    // Refusals: not a supervisor; bad input; a node the matter was never sent to.
    app.login("zzb_clerk")
        .await
        .post(
            &url,
            json!({ "requirement": "请加快", "reply_by": "2099-01-01" }),
        )
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    let problem = supervisor
        .post(
            &url,
            json!({ "node": "ghost", "requirement": " ", "reply_by": "2000-01-01" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["required", "date_past", "unknown_dispatch"]);
    supervisor
        .post(&url, json!({ "requirement": "请加快", "reply_by": "明天" }))
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");

    let docket = supervisor
        .post(
            &url,
            json!({ "node": node, "requirement": "请于本周内办结并说明延误原因", "reply_by": "2099-12-31" }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(docket["status"], "open");
    assert_eq!(docket["unit"], unit.as_str());
    let key = docket["key"].as_str().unwrap().to_owned();

    // The unit's clerk is told, sees it in their list and on the matter's timeline, and replies.
    let clerk = app.login(&format!("{unit}_clerk")).await;
    let notes = clerk
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "docket" && n["matter_id"] == id.as_str()),
        "{notes}"
    );
    let mine = clerk
        .get("/api/v1/dockets?status=open")
        .await
        .expect(StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    clerk
        .get("/api/v1/dockets?status=nonsense")
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    let outsider = app.login("zjj_clerk").await;
    assert!(
        outsider
            .get("/api/v1/dockets")
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .is_empty()
    );
    outsider
        .post(
            &format!("/api/v1/dockets/{key}/reply"),
            json!({ "text": "好" }),
        )
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    clerk
        .post(
            &format!("/api/v1/dockets/{key}/reply"),
            json!({ "text": "" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let replied = clerk
        .post(
            &format!("/api/v1/dockets/{key}/reply"),
            json!({ "text": "已安排专人办理，周四前办结" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(replied["status"], "replied");
    clerk
        .post(&format!("/api/v1/dockets/{key}/close"), json!({}))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    let closed = supervisor
        .post(
            &format!("/api/v1/dockets/{key}/close"),
            json!({ "text": "按期办结" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    clerk
        .post(
            &format!("/api/v1/dockets/{key}/reply"),
            json!({ "text": "补充" }),
        )
        .await
        .expect_problem(StatusCode::CONFLICT, "docket_closed");

    let page = app.login("zzb_clerk").await.page(&id).await;
    assert_eq!(page["dockets"].as_array().unwrap().len(), 1);
    let kinds: Vec<&str> = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .filter(|k| k.starts_with("docket_"))
        .collect();
    assert_eq!(kinds, ["docket_opened", "docket_replied", "docket_closed"]);
    let listed = supervisor
        .get(&format!("/api/v1/matters/{id}/dockets"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        listed[0]["replies"][0]["text"],
        "已安排专人办理，周四前办结"
    );
}
