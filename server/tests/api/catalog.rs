//! The catalog: who may initiate what, and the definitions it serves.

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn units_see_every_type_but_initiate_only_their_own() {
    let app = TestApp::start().await;
    let fgj = app.login("fgj_clerk").await;
    let list = fgj.get("/api/v1/matter-types").await.expect(StatusCode::OK);
    let can = |code: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .unwrap()["can_initiate"]
            .clone()
    };
    assert_eq!(can("personnel_transfer"), false, "{list}");
    assert_eq!(can("staff_enrollment"), true, "{list}");
    assert_eq!(can("land_review"), true, "{list}");
    let flags: Vec<bool> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["can_initiate"].as_bool().unwrap())
        .collect();
    assert!(
        flags.windows(2).all(|w| w[0] >= w[1]),
        "initiable types come first: {list}"
    );
    fgj.post(
        "/api/v1/matters",
        json!({ "type_code": "personnel_transfer", "values": {} }),
    )
    .await
    .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    fgj.post(
        "/api/v1/matters",
        json!({ "type_code": "no_such_type", "values": {} }),
    )
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    let def = fgj
        .get("/api/v1/matter-types/staff_enrollment")
        .await
        .expect(StatusCode::OK);
    assert_eq!(def["form"]["fields"][0]["key"], "person_name");
    assert_eq!(def["flow"]["nodes"][0]["type"], "approver");
    fgj.get("/api/v1/matter-types/no_such_type")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let drafts = fgj
        .get("/api/v1/worklist/drafts")
        .await
        .expect(StatusCode::OK);
    assert_eq!(drafts["total"], 0, "refused drafts are not saved");
}
