//! The working calendar: the public due-date computation, the administrators' editing of years
//! and working hours, seeding that never overwrites an edit, and every refusal.

use crate::support::{Resp, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

/// `GET path` without a session.
async fn anonymous(app: &TestApp, path: &str) -> Resp {
    app.send(Request::builder().uri(path).body(Body::empty()).unwrap())
        .await
}

/// The due-date query for `from` (a `+` is encoded as `%2B`).
fn due_path(from: &str, amount: &str, unit: &str) -> String {
    format!(
        "/api/v1/calendar/due?from={}&amount={amount}&unit={unit}",
        from.replace('+', "%2B")
    )
}

/// The `due` answered for a limit.
async fn due(app: &TestApp, from: &str, amount: u32, unit: &str) -> String {
    let body = anonymous(app, &due_path(from, &amount.to_string(), unit))
        .await
        .expect(StatusCode::OK);
    body["due"].as_str().unwrap().to_owned()
}

/// Moves the server's clock to `at` (RFC 3339).
fn set_clock(app: &TestApp, at: &str) {
    let target: jiff::Timestamp = at.parse().unwrap();
    let minutes = app.state.clock.now().duration_until(target).as_mins();
    app.state.clock.advance_minutes(minutes);
}

/// An arrangement of 2027 as the State Council might publish it (元旦 and 春节 only).
fn year_2027() -> Value {
    json!({
        "holidays": [
            { "date": "2027-02-08", "name": "春节" },
            { "date": "2027-01-01", "name": "元旦" },
            { "date": "2027-01-02", "name": "元旦" },
            { "date": "2027-01-03", "name": "元旦" }
        ],
        "workdays": [{ "date": "2027-02-13", "name": "春节" }]
    })
}

#[tokio::test]
async fn due_needs_no_login_and_counts_around_national_day() {
    let app = TestApp::start().await;
    let from = "2026-09-30T10:00:00+08:00";
    assert_eq!(
        due(&app, from, 1, "WORKING_DAYS").await,
        "2026-10-08T17:30:00+08:00"
    );
    assert_eq!(
        due(&app, from, 3, "WORKING_DAYS").await,
        "2026-10-10T17:30:00+08:00"
    );
    assert_eq!(due(&app, from, 0, "WORKING_DAYS").await, from);
    assert_eq!(
        due(&app, "2026-09-24T10:00:00+08:00", 7, "NATURAL_DAYS").await,
        "2026-10-08T17:30:00+08:00",
        "the last day 10-01 is a holiday"
    );
    assert_eq!(
        due(&app, "2026-09-30T17:00:00+08:00", 1, "WORKING_HOURS").await,
        "2026-10-08T09:00:00+08:00"
    );
    assert_eq!(
        due(&app, "2026-02-13T08:00:00Z", 2, "WORKING_DAYS").await,
        "2026-02-24T17:30:00+08:00",
        "any offset in, +08:00 out"
    );
    let raw_plus = anonymous(
        &app,
        "/api/v1/calendar/due?from=2026-09-30T10:00:00+08:00&amount=1&unit=WORKING_DAYS",
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(
        raw_plus["due"], "2026-10-08T17:30:00+08:00",
        "an unencoded + arrives as a space"
    );
}

#[tokio::test]
async fn due_refuses_bad_parameters_with_stable_codes() {
    let app = TestApp::start().await;
    let from = "2026-09-30T10:00:00+08:00";
    let cases = [
        (
            "/api/v1/calendar/due?amount=1&unit=WORKING_DAYS".to_owned(),
            "calendar_bad_from",
        ),
        (
            due_path("2026-09-30", "1", "WORKING_DAYS"),
            "calendar_bad_from",
        ),
        (
            due_path("2026-09-30T10:00:00", "1", "WORKING_DAYS"),
            "calendar_bad_from",
        ),
        (due_path("明天", "1", "WORKING_DAYS"), "calendar_bad_from"),
        (
            format!(
                "/api/v1/calendar/due?from={}&unit=WORKING_DAYS",
                from.replace('+', "%2B")
            ),
            "calendar_bad_amount",
        ),
        (due_path(from, "-1", "WORKING_DAYS"), "calendar_bad_amount"),
        (due_path(from, "2.5", "WORKING_DAYS"), "calendar_bad_amount"),
        (
            due_path(from, "10001", "WORKING_DAYS"),
            "calendar_bad_amount",
        ),
        (
            format!(
                "/api/v1/calendar/due?from={}&amount=1",
                from.replace('+', "%2B")
            ),
            "calendar_bad_unit",
        ),
        (due_path(from, "1", "DAYS"), "calendar_bad_unit"),
    ];
    for (path, code) in cases {
        let body = anonymous(&app, &path)
            .await
            .expect_problem(StatusCode::BAD_REQUEST, code);
        assert!(
            body["detail"].as_str().unwrap().is_char_boundary(0),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_year_without_data_is_named_and_flagged_for_administrators() {
    let app = TestApp::start().await;
    set_clock(&app, "2026-06-01T10:00:00+08:00");
    let admin = app.login("admin").await;
    let before = admin
        .get("/api/v1/admin/calendar")
        .await
        .expect(StatusCode::OK);
    assert_eq!(before["missing"], json!([]), "{before}");
    let body = anonymous(
        &app,
        &due_path("2026-12-31T10:00:00+08:00", "1", "WORKING_DAYS"),
    )
    .await
    .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "calendar_year_missing");
    assert!(
        body["detail"].as_str().unwrap().contains("2027 年"),
        "{body}"
    );
    let after = admin
        .get("/api/v1/admin/calendar")
        .await
        .expect(StatusCode::OK);
    assert_eq!(after["missing"][0]["year"], 2027, "{after}");
    assert_eq!(after["missing"][0]["reason"], "reached");
}

#[tokio::test]
async fn from_november_the_next_year_is_asked_for() {
    let app = TestApp::start().await;
    set_clock(&app, "2026-11-02T10:00:00+08:00");
    let admin = app.login("admin").await;
    let overview = admin
        .get("/api/v1/admin/calendar")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        overview["missing"].as_array().unwrap().len(),
        1,
        "{overview}"
    );
    assert_eq!(overview["missing"][0]["year"], 2027);
    assert_eq!(overview["missing"][0]["reason"], "next_year");
    assert!(
        overview["missing"][0]["message"]
            .as_str()
            .unwrap()
            .contains("下一年度")
    );
}

#[tokio::test]
async fn seeded_years_and_hours_are_listed() {
    let app = TestApp::start().await;
    let overview = app
        .login("admin")
        .await
        .get("/api/v1/admin/calendar")
        .await
        .expect(StatusCode::OK);
    let years = overview["years"].as_array().unwrap();
    assert_eq!(years.len(), 23, "2004–2026");
    assert_eq!(years[0]["year"], 2004);
    let y2026 = &years[22];
    assert_eq!(
        (
            &y2026["year"],
            &y2026["holidays"],
            &y2026["workdays"],
            &y2026["source"]
        ),
        (&json!(2026), &json!(33), &json!(6), &json!("seed"))
    );
    assert_eq!(
        overview["hours"],
        json!({ "periods": [{ "start": "08:30", "end": "12:00" }, { "start": "13:30", "end": "17:30" }] })
    );
    assert!(
        overview["source"]
            .as_str()
            .unwrap()
            .contains("chinese-days")
    );
}

#[tokio::test]
async fn entering_2027_makes_the_year_boundary_computable() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    admin
        .get("/api/v1/admin/calendar/years/2027")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let saved = admin
        .put("/api/v1/admin/calendar/years/2027", year_2027())
        .await
        .expect(StatusCode::OK);
    assert_eq!(saved["source"], "admin");
    assert_eq!(saved["updated_by"], "admin");
    assert_eq!(saved["holidays"][0]["date"], "2027-01-01", "stored sorted");
    let stored = admin
        .get("/api/v1/admin/calendar/years/2027")
        .await
        .expect(StatusCode::OK);
    assert_eq!(stored, saved);
    assert_eq!(
        due(&app, "2026-12-31T10:00:00+08:00", 1, "WORKING_DAYS").await,
        "2027-01-04T17:30:00+08:00",
        "元旦 01-01..03, then Monday"
    );
    assert_eq!(
        due(&app, "2026-12-31T17:00:00+08:00", 2, "WORKING_HOURS").await,
        "2027-01-04T10:00:00+08:00"
    );
    assert_eq!(
        due(&app, "2027-02-05T10:00:00+08:00", 2, "WORKING_DAYS").await,
        "2027-02-10T17:30:00+08:00",
        "Friday, then the weekend, then 02-08 a holiday in the entered arrangement"
    );
    let overview = admin
        .get("/api/v1/admin/calendar")
        .await
        .expect(StatusCode::OK);
    assert_eq!(overview["years"].as_array().unwrap().len(), 24);
}

#[tokio::test]
async fn year_edits_are_checked_entry_by_entry() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let bad = json!({
        "holidays": [
            { "date": "2027-1-1", "name": "元旦" },
            { "date": "2026-12-31", "name": "元旦" },
            { "date": "2027-10-01", "name": "国庆节" },
            { "date": "2027-10-01", "name": "国庆节" },
            { "date": "2027-10-09", "name": "" }
        ],
        "workdays": [
            { "date": "2027-10-09", "name": "国庆节" },
            { "date": "2027-10-08", "name": "国庆节" }
        ]
    });
    let body = admin
        .put("/api/v1/admin/calendar/years/2027", bad)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(
        body["errors"][0]["code"], "bad_date",
        "dates are parsed first: {body}"
    );
    let unparsable_fixed = json!({
        "holidays": [
            { "date": "2026-12-31", "name": "元旦" },
            { "date": "2027-10-01", "name": "国庆节" },
            { "date": "2027-10-01", "name": "国庆节" },
            { "date": "2027-10-09", "name": "" }
        ],
        "workdays": [
            { "date": "2027-10-09", "name": "国庆节" },
            { "date": "2027-10-08", "name": "国庆节" }
        ]
    });
    let body = admin
        .put("/api/v1/admin/calendar/years/2027", unparsable_fixed)
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let found: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("holidays[0].date", "date_outside_year"),
        ("holidays[2].date", "duplicate_date"),
        ("holidays[3].name", "name_required"),
        ("workdays[0].date", "holiday_and_workday"),
        ("workdays[1].date", "workday_not_weekend"),
    ];
    assert_eq!(
        found,
        expected.map(|(p, c)| (p.to_owned(), c.to_owned())).to_vec(),
        "{body}"
    );
    for year in ["abc", "1999", "2101", "02027"] {
        admin
            .put(&format!("/api/v1/admin/calendar/years/{year}"), year_2027())
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "calendar_bad_year");
    }
    admin
        .get("/api/v1/admin/calendar/years/20x7")
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "calendar_bad_year");
    admin
        .put(
            "/api/v1/admin/calendar/years/2027",
            json!({ "holidays": "元旦" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    admin
        .get("/api/v1/admin/calendar/years/2027")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        anonymous(
            &app,
            &due_path("2026-12-31T10:00:00+08:00", "1", "WORKING_DAYS")
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing refused was stored"
    );
}

#[tokio::test]
async fn only_administrators_edit_the_calendar() {
    let app = TestApp::start().await;
    for username in ["designer", "zzb_clerk"] {
        let user = app.login(username).await;
        for path in [
            "/api/v1/admin/calendar",
            "/api/v1/admin/calendar/years/2026",
            "/api/v1/admin/calendar/hours",
        ] {
            user.get(path)
                .await
                .expect_problem(StatusCode::FORBIDDEN, "forbidden");
        }
        user.put("/api/v1/admin/calendar/years/2027", year_2027())
            .await
            .expect_problem(StatusCode::FORBIDDEN, "forbidden");
        user.put("/api/v1/admin/calendar/hours", json!({ "periods": [] }))
            .await
            .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    }
    anonymous(&app, "/api/v1/admin/calendar")
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn an_edited_seeded_year_survives_the_next_start() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let mut y2026 = admin
        .get("/api/v1/admin/calendar/years/2026")
        .await
        .expect(StatusCode::OK);
    assert_eq!(y2026["source"], "seed");
    y2026["holidays"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "date": "2026-03-10", "name": "地方假日" }));
    admin
        .put("/api/v1/admin/calendar/years/2026", y2026)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        due(&app, "2026-03-09T10:00:00+08:00", 1, "WORKING_DAYS").await,
        "2026-03-11T17:30:00+08:00"
    );
    let seeded = lianban_server::calendar::seed(&app.state).await.unwrap();
    assert_eq!(seeded, Vec::<i16>::new(), "nothing to seed again");
    let again = admin
        .get("/api/v1/admin/calendar/years/2026")
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["source"], "admin");
    assert_eq!(again["holidays"].as_array().unwrap().len(), 34);
    assert_eq!(
        due(&app, "2026-03-09T10:00:00+08:00", 1, "WORKING_DAYS").await,
        "2026-03-11T17:30:00+08:00"
    );
}

#[tokio::test]
async fn working_hours_are_editable_and_checked() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let hours = admin
        .get("/api/v1/admin/calendar/hours")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        hours["periods"][1],
        json!({ "start": "13:30", "end": "17:30" })
    );
    let one = json!({ "periods": [{ "start": "09:00", "end": "17:00" }] });
    assert_eq!(
        admin
            .put("/api/v1/admin/calendar/hours", one.clone())
            .await
            .expect(StatusCode::OK),
        one
    );
    let from = "2026-03-10T09:00:00+08:00";
    assert_eq!(
        due(&app, from, 8, "WORKING_HOURS").await,
        "2026-03-10T17:00:00+08:00"
    );
    assert_eq!(
        due(&app, from, 1, "WORKING_DAYS").await,
        "2026-03-11T17:00:00+08:00"
    );
    let period = |s: &str, e: &str| json!({ "start": s, "end": e });
    let cases = [
        (json!({ "periods": [] }), "periods", "hours_empty"),
        (
            json!({ "periods": [period("9:00", "17:00")] }),
            "periods[0].start",
            "bad_time",
        ),
        (
            json!({ "periods": [period("09:00", "25:00")] }),
            "periods[0].end",
            "bad_time",
        ),
        (
            json!({ "periods": [period("12:00", "09:00")] }),
            "periods[0]",
            "period_empty",
        ),
        (
            json!({ "periods": [period("08:00", "12:00"), period("11:00", "17:00")] }),
            "periods[1]",
            "period_overlap",
        ),
    ];
    for (body, path, code) in cases {
        let problem = admin
            .put("/api/v1/admin/calendar/hours", body)
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
        assert_eq!(problem["errors"][0]["path"], path, "{problem}");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    admin
        .put(
            "/api/v1/admin/calendar/hours",
            json!({ "periods": "all day" }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    assert_eq!(
        admin
            .get("/api/v1/admin/calendar/hours")
            .await
            .expect(StatusCode::OK),
        one,
        "refused hours were not stored"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_the_calendar_routes() {
    let app = TestApp::start().await;
    let doc = anonymous(&app, "/api/openapi.json")
        .await
        .expect(StatusCode::OK);
    for path in [
        "/api/v1/calendar/due",
        "/api/v1/admin/calendar",
        "/api/v1/admin/calendar/years/{year}",
        "/api/v1/admin/calendar/hours",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}
