//! The registry of units' own systems (受办分离): administrators register, change, disable and
//! rotate; the secret is answered once and stored sealed; endpoints on loopback or private
//! addresses need the operator's allowlist; one unit's enabled systems never overlap.

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::{Value, json};

fn land_system() -> Value {
    json!({ "unit": "zrzyj", "name": "不动产登记系统", "endpoint": "https://bdc.example.gov.cn/lianban/events",
        "algorithm": "HMAC-SM3", "matter_types": ["personnel_transfer"] })
}

fn codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().into(),
                i["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_demo_system_is_seeded_and_secrets_never_come_back() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let list = admin
        .get("/api/v1/admin/external-systems")
        .await
        .expect(StatusCode::OK);
    let demo = &list[0];
    assert_eq!(
        (
            demo["unit"].as_str(),
            demo["unit_name"].as_str(),
            demo["app_key"].as_str()
        ),
        (
            Some("zrzyj"),
            Some("自然资源和规划分局"),
            Some(lianban_seeds::DEMO_SIM_APP_KEY)
        )
    );
    assert_eq!(demo["algorithm"], "HMAC-SM3");
    assert!(!list.to_string().contains(lianban_seeds::DEMO_SIM_SECRET));
    assert!(list[0].get("secret").is_none() && list[0].get("secret_sealed").is_none());

    let issued = admin
        .post("/api/v1/admin/external-systems", land_system())
        .await
        .expect(StatusCode::CREATED);
    let secret = issued["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    let id = issued["system"]["id"].as_str().unwrap().to_owned();
    let app_key = issued["system"]["app_key"].as_str().unwrap().to_owned();
    assert!(app_key.starts_with("lb_"));
    let one = admin
        .get(&format!("/api/v1/admin/external-systems/{id}"))
        .await
        .expect(StatusCode::OK);
    assert!(!one.to_string().contains(&secret));

    // What is stored is sealed: the database never holds the secret in clear.
    let mut raw = app
        .state
        .db
        .query("SELECT * FROM external_system")
        .await
        .unwrap();
    let rows: surrealdb::types::Value = raw.take(0).unwrap();
    let rows = rows.into_json_value().to_string();
    assert!(!rows.contains(&secret) && !rows.contains(lianban_seeds::DEMO_SIM_SECRET));
    let creds = lianban_server::external::credentials(&app.state, &app_key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (creds.secret.as_str(), creds.unit.as_str()),
        (secret.as_str(), "zrzyj")
    );

    // Rotation: a new secret, answered once; the old one stays valid for the default overlap.
    let rotated = admin
        .post(
            &format!("/api/v1/admin/external-systems/{id}/secret"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    assert_eq!(rotated["system"]["revision"], 2);
    let creds = lianban_server::external::credentials(&app.state, &app_key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.secret, new_secret);
    assert_eq!(creds.previous_secret.as_deref(), Some(secret.as_str()));
}

#[tokio::test]
async fn only_administrators_manage_systems() {
    let app = TestApp::start().await;
    for user in ["designer", "zzb_clerk", "supervisor"] {
        let s = app.login(user).await;
        s.get("/api/v1/admin/external-systems")
            .await
            .expect_problem(StatusCode::FORBIDDEN, "forbidden");
        s.post("/api/v1/admin/external-systems", land_system())
            .await
            .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    }
}

#[tokio::test]
async fn bad_registrations_are_refused_field_by_field() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let bad = json!({ "unit": "nowhere", "name": " ", "endpoint": "ftp://x/",
        "algorithm": "HMAC-MD5", "sm2_public_key": "05ab", "matter_types": ["no_such_type"] });
    let problem = admin
        .post("/api/v1/admin/external-systems", bad)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let mut got = codes(&problem);
    got.sort();
    assert_eq!(
        got,
        [
            ("algorithm", "bad_algorithm"),
            ("endpoint", "endpoint_invalid"),
            ("matter_types[0]", "unknown_matter_type"),
            ("name", "bad_name"),
            ("sm2_public_key", "bad_sm2_key"),
            ("unit", "unknown_unit"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // Loopback, private and metadata addresses are refused without the operator's allowlist.
    for endpoint in [
        "http://127.0.0.1:9000/events",
        "http://localhost/events",
        "http://10.0.0.8/events",
        "http://169.254.169.254/latest",
    ] {
        let mut body = land_system();
        body["endpoint"] = json!(endpoint);
        let problem = admin
            .post("/api/v1/admin/external-systems", body)
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
        assert_eq!(
            codes(&problem),
            [("endpoint".to_owned(), "endpoint_not_allowed".to_owned())]
        );
        assert!(
            problem.to_string().contains("LIANBAN_OPEN_ALLOW"),
            "{problem}"
        );
    }
    // Unknown fields are refused too (a typo must not silently drop a setting).
    let mut body = land_system();
    body["secret"] = json!("chosen-by-me");
    admin
        .post("/api/v1/admin/external-systems", body)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    let list = admin
        .get("/api/v1/admin/external-systems")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the demo system: nothing half-stored"
    );
}

#[tokio::test]
async fn the_allowlist_admits_internal_endpoints() {
    let app = TestApp::start_with(|c| {
        c.open_allow =
            lianban_server::external::endpoint::parse_allowlist("10.0.0.0/8,127.0.0.1:9000")
                .unwrap();
    })
    .await;
    let admin = app.login("admin").await;
    for (endpoint, status) in [
        ("http://10.20.30.40/events", StatusCode::CREATED),
        ("http://127.0.0.1:9000/events", StatusCode::CREATED),
        ("http://127.0.0.1:9001/events", StatusCode::BAD_REQUEST),
    ] {
        let mut body = land_system();
        body["endpoint"] = json!(endpoint);
        body["enabled"] = json!(false);
        admin
            .post("/api/v1/admin/external-systems", body)
            .await
            .expect(status);
    }
}

#[tokio::test]
async fn one_units_enabled_systems_never_overlap_and_changes_are_guarded() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    // The demo system takes every type of 自然资源和规划分局: a second catch-all is refused…
    let mut all = land_system();
    all["matter_types"] = json!([]);
    admin
        .post("/api/v1/admin/external-systems", all.clone())
        .await
        .expect_problem(StatusCode::CONFLICT, "external_overlap");
    // …one listing a type is fine (it wins for that type)…
    let land = admin
        .post("/api/v1/admin/external-systems", land_system())
        .await
        .expect(StatusCode::CREATED);
    // …and a second listing the same type is refused.
    admin
        .post("/api/v1/admin/external-systems", land_system())
        .await
        .expect_problem(StatusCode::CONFLICT, "external_overlap");
    let target = lianban_server::external::target(&app.state, "zrzyj", "personnel_transfer")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(target.name, "不动产登记系统");
    let other = lianban_server::external::target(&app.state, "zrzyj", "staff_enrollment")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(other.app_key, lianban_seeds::DEMO_SIM_APP_KEY);
    assert!(
        lianban_server::external::target(&app.state, "rsj", "staff_enrollment")
            .await
            .unwrap()
            .is_none()
    );

    // A change on a stale revision is refused; disabling then frees the unit for a catch-all.
    let id = land["system"]["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/external-systems/{id}");
    let mut change = json!({ "name": "不动产登记系统", "endpoint": "https://bdc.example.gov.cn/v2/events",
        "algorithm": "HMAC-SHA256", "matter_types": ["personnel_transfer"], "enabled": false, "revision": 7 });
    admin
        .put(&path, change.clone())
        .await
        .expect_problem(StatusCode::CONFLICT, "conflict");
    change["revision"] = json!(1);
    let changed = admin.put(&path, change).await.expect(StatusCode::OK);
    assert_eq!(
        (
            changed["enabled"].as_bool(),
            changed["revision"].as_u64(),
            changed["algorithm"].as_str()
        ),
        (Some(false), Some(2), Some("HMAC-SHA256"))
    );
    admin
        .get("/api/v1/admin/external-systems/es_missing")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let units = lianban_server::external::enabled_units(&app.state.db)
        .await
        .unwrap();
    assert_eq!(units.into_iter().collect::<Vec<_>>(), ["zrzyj"]);

    // An automatic disable (410) says why and takes the unit out when it was its only system.
    let demo = lianban_server::external::target(&app.state, "zrzyj", "staff_enrollment")
        .await
        .unwrap()
        .unwrap();
    lianban_server::external::disable(&app.state, &demo.system_id, "接收地址返回 410，已自动停用")
        .await
        .unwrap();
    assert!(
        lianban_server::external::enabled_units(&app.state.db)
            .await
            .unwrap()
            .is_empty()
    );
    let list = admin
        .get("/api/v1/admin/external-systems")
        .await
        .expect(StatusCode::OK);
    let demo = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["app_key"] == lianban_seeds::DEMO_SIM_APP_KEY)
        .unwrap();
    assert_eq!(demo["enabled"], false);
    assert_eq!(demo["disabled_reason"], "接收地址返回 410，已自动停用");
}
