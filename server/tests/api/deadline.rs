//! Deadlines (时效预警) over HTTP: the server's clock is set through the test-mode endpoint,
//! which scans at once. Each tier fires exactly once (blue, yellow, red, with the red escalated
//! to the unit leader and the supervision office); a suspended matter does not fire and its due
//! dates move by the pause; a dispatch returned and resubmitted fires again in its new round; a
//! missing calendar year shows as such (and fires once an administrator enters the year); the
//! endpoint does not exist without test mode; the scanner lists the live matters on an index,
//! and its regular scan reads only the matters due for a look.
//!
//! 人员调入联办 submitted Monday 2026-03-02 09:00: 人社局 and 财政局 have 5 working days (due
//! Monday 03-09 17:30), the matter 10 (due Monday 03-16 17:30).

use crate::support::{TestApp, json_request, pending_task, submitted_transfer};
use axum::http::{Method, StatusCode};
use lianban_server::deadline::store::alerts;
use serde_json::{Value, json};

/// Sets the server's clock (China time, e.g. `2026-03-06 08:30`) and scans; returns how many
/// tiers fired.
async fn at(app: &TestApp, when: &str) -> u64 {
    let set = format!("{}:00+08:00", when.replace(' ', "T"));
    let moved = app
        .send(json_request(
            Method::POST,
            "/api/test/clock",
            None,
            json!({ "set": set }),
        ))
        .await
        .expect(StatusCode::OK);
    assert!(
        moved["now"].as_str().unwrap().starts_with(&set[..16]),
        "{moved}"
    );
    moved["scan"]["fired"].as_u64().unwrap()
}

/// A 人员调入联办 matter submitted at 2026-03-02 09:00 (人社局 and 财政局 only).
async fn submitted_on_monday(app: &TestApp) -> String {
    at(app, "2026-03-02 09:00").await;
    submitted_transfer(app, "no").await
}

/// The alerts of matter `id` as `scope/round/tier`, sorted.
async fn fired(app: &TestApp, id: &str) -> Vec<String> {
    let mut out: Vec<String> = alerts(&app.state.db, id)
        .await
        .unwrap()
        .iter()
        .map(|a| format!("{}/{}/{}", a.scope, a.round, a.tier))
        .collect();
    out.sort();
    out
}

/// The titles of `user`'s deadline notifications (`deadline` and `deadline_escalated`),
/// oldest first.
async fn warned(app: &TestApp, user: &str) -> Vec<String> {
    let list = app
        .login(user)
        .await
        .get("/api/v1/notifications?limit=100")
        .await
        .expect(StatusCode::OK);
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter(|n| n["kind"].as_str().unwrap_or("").starts_with("deadline"))
        .map(|n| {
            let title = n["title"].as_str().unwrap_or("");
            format!(
                "{} {}",
                n["kind"].as_str().unwrap_or(""),
                title.split('：').next().unwrap_or("")
            )
        })
        .collect()
}

/// The colour `user`'s todo row of matter `id` shows.
async fn todo_tier(app: &TestApp, user: &str, id: &str) -> Value {
    let list = app
        .login(user)
        .await
        .get("/api/v1/worklist/todo")
        .await
        .expect(StatusCode::OK);
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["matter_id"] == id)
        .unwrap_or_else(|| panic!("{user} has no row of {id}: {list}"))["tier"]
        .clone()
}

/// The matter page as the initiator.
async fn page(app: &TestApp, id: &str) -> Value {
    app.login("zzb_clerk").await.page(id).await
}

fn dispatch<'v>(page: &'v Value, node: &str) -> &'v Value {
    page["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["node"] == node)
        .unwrap_or_else(|| panic!("no dispatch {node}"))
}

#[tokio::test]
async fn each_tier_fires_exactly_once_as_the_clock_moves() {
    let app = TestApp::start().await;
    let id = submitted_on_monday(&app).await;
    let first = page(&app, &id).await;
    assert_eq!(
        dispatch(&first, "rsj")["deadline"],
        json!({ "limit": "5个工作日", "due_at": "2026-03-09T17:30:00+08:00", "paused": false,
                "overdue": false, "tier": null, "error": null })
    );
    assert_eq!(first["deadline"]["due_at"], "2026-03-16T17:30:00+08:00");
    assert_eq!(at(&app, "2026-03-05 17:00").await, 0);
    assert_eq!(todo_tier(&app, "rsj_clerk", &id).await, Value::Null);

    // 蓝: one working day before the due day, to the handlers only.
    assert_eq!(at(&app, "2026-03-06 08:30").await, 2);
    assert_eq!(at(&app, "2026-03-06 08:31").await, 0, "once");
    assert_eq!(warned(&app, "rsj_clerk").await, ["deadline 蓝色预警"]);
    assert_eq!(warned(&app, "rsj_clerk2").await, ["deadline 蓝色预警"]);
    assert_eq!(warned(&app, "czj_clerk").await, ["deadline 蓝色预警"]);
    assert!(warned(&app, "rsj_leader").await.is_empty());
    assert_eq!(todo_tier(&app, "rsj_clerk", &id).await, "blue");

    // 黄 on the due day; 人社局's clerk has meanwhile passed it to the leader's step.
    let rsj = app.login("rsj_clerk").await;
    let task = pending_task(&rsj.page(&id).await, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({ "opinion": "同意" }),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(at(&app, "2026-03-09 08:30").await, 2);
    assert_eq!(
        warned(&app, "rsj_leader").await,
        ["deadline 黄色预警"],
        "the pending step's handler"
    );
    assert_eq!(warned(&app, "rsj_clerk").await, ["deadline 蓝色预警"]);
    assert_eq!(todo_tier(&app, "rsj_leader", &id).await, "yellow");

    // 红 once overdue: escalated to the unit's leader and the supervision office.
    assert_eq!(
        at(&app, "2026-03-09 17:30").await,
        0,
        "due, not yet overdue"
    );
    assert_eq!(at(&app, "2026-03-09 17:31").await, 2);
    assert_eq!(at(&app, "2026-03-10 09:00").await, 0);
    assert_eq!(
        warned(&app, "czj_leader").await,
        ["deadline_escalated 红色预警（督办提醒）"]
    );
    assert_eq!(
        warned(&app, "rsj_leader").await,
        ["deadline 黄色预警", "deadline 红色预警"],
        "the leader handles the step, so hears as the handler"
    );
    assert_eq!(
        warned(&app, "supervisor").await,
        ["deadline_escalated 红色预警（督办提醒）"; 2],
        "one per late unit"
    );
    assert_eq!(todo_tier(&app, "czj_clerk", &id).await, "red");
    let late = page(&app, &id).await;
    let rsj_deadline = &dispatch(&late, "rsj")["deadline"];
    assert_eq!(
        (&rsj_deadline["overdue"], &rsj_deadline["tier"]["color"]),
        (&json!(true), &json!("red"))
    );
    let entries: Vec<&str> = late["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "deadline_reached")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(entries.len(), 6, "{entries:?}");
    assert!(
        entries.contains(&"时效预警（红色预警）：「区人力社保局」办理时限至2026-03-09 17:30"),
        "{entries:?}"
    );

    // The matter's own tiers: its handlers and the initiator hear.
    assert_eq!(at(&app, "2026-03-13 08:30").await, 1);
    assert_eq!(
        warned(&app, "zzb_clerk").await,
        ["deadline 蓝色预警"],
        "the initiator hears of the matter's total limit"
    );
    assert_eq!(
        fired(&app, &id).await,
        [
            "dispatch:czj/0/blue",
            "dispatch:czj/0/red",
            "dispatch:czj/0/yellow",
            "dispatch:rsj/0/blue",
            "dispatch:rsj/0/red",
            "dispatch:rsj/0/yellow",
            "matter/0/blue"
        ]
    );
    assert_eq!(
        todo_tier(&app, "czj_clerk", &id).await,
        "red",
        "the more severe colour"
    );
}

#[tokio::test]
async fn a_suspended_matter_does_not_fire_and_its_due_dates_move() {
    let app = TestApp::start().await;
    let id = submitted_on_monday(&app).await;
    at(&app, "2026-03-03 10:00").await;
    let clerk = app.login("zzb_clerk").await;
    clerk
        .post(
            &format!("/api/v1/matters/{id}/suspend"),
            json!({ "reason": "等待补充体检表" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        at(&app, "2026-03-10 09:00").await,
        0,
        "overdue, but suspended"
    );
    let held = page(&app, &id).await;
    assert_eq!(dispatch(&held, "rsj")["deadline"]["paused"], true);
    assert!(fired(&app, &id).await.is_empty());
    app.login("zzb_clerk")
        .await
        .post(
            &format!("/api/v1/matters/{id}/resume"),
            json!({ "note": "已补充" }),
        )
        .await
        .expect(StatusCode::OK);
    let resumed = page(&app, &id).await;
    assert_eq!(
        dispatch(&resumed, "rsj")["deadline"]["due_at"],
        "2026-03-16T17:30:00+08:00",
        "five working days of suspension (03-04 … 03-10) are added"
    );
    assert_eq!(resumed["deadline"]["due_at"], "2026-03-23T17:30:00+08:00");
    assert_eq!(at(&app, "2026-03-12 17:00").await, 0);
    assert_eq!(
        at(&app, "2026-03-13 08:30").await,
        2,
        "both units' blue, not the matter's"
    );
    assert_eq!(
        fired(&app, &id).await,
        ["dispatch:czj/0/blue", "dispatch:rsj/0/blue"]
    );
}

#[tokio::test]
async fn a_dispatch_returned_and_resubmitted_fires_again_in_its_new_round() {
    let app = TestApp::start().await;
    let id = submitted_on_monday(&app).await;
    assert_eq!(at(&app, "2026-03-06 08:30").await, 2);

    at(&app, "2026-03-06 09:00").await;
    let rsj = app.login("rsj_clerk").await;
    let task = pending_task(&rsj.page(&id).await, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/return"),
        json!({ "reason": "缺少体检表" }),
    )
    .await
    .expect(StatusCode::OK);
    // While 人社局 waits for the correction its clock stands still; 财政局's runs on.
    assert_eq!(
        at(&app, "2026-03-09 18:00").await,
        2,
        "财政局's yellow and red at once"
    );
    let czj = alerts(&app.state.db, &id).await.unwrap();
    let told: Vec<(String, u32)> = czj
        .iter()
        .filter(|a| a.scope == "dispatch:czj")
        .map(|a| (a.tier.clone(), a.told))
        .collect();
    assert_eq!(told.len(), 3);
    assert!(
        told.iter().any(|(t, n)| t == "yellow" && *n == 0)
            && told.iter().any(|(t, n)| t == "red" && *n > 0),
        "catching up tells once, with the latest tier: {told:?}"
    );
    assert_eq!(
        warned(&app, "czj_clerk").await,
        ["deadline 蓝色预警", "deadline 红色预警"]
    );

    at(&app, "2026-03-10 09:00").await;
    let clerk = app.login("zzb_clerk").await;
    let mut values = clerk.page(&id).await["values"].clone();
    values["reason"] = json!("工作需要，已补充体检表");
    clerk
        .post(
            &format!("/api/v1/matters/{id}/dispatches/rsj/resubmit"),
            json!({ "values": values, "note": "已补正" }),
        )
        .await
        .expect(StatusCode::OK);
    let again = page(&app, &id).await;
    assert_eq!(
        dispatch(&again, "rsj")["deadline"]["due_at"],
        "2026-03-11T17:30:00+08:00",
        "two working days of 补正 (03-09, 03-10) are added"
    );
    assert_eq!(
        todo_tier(&app, "rsj_clerk", &id).await,
        Value::Null,
        "a new round has no colour yet"
    );
    assert_eq!(
        at(&app, "2026-03-10 09:01").await,
        1,
        "the new round's blue"
    );
    assert_eq!(todo_tier(&app, "rsj_clerk", &id).await, "blue");
    assert_eq!(at(&app, "2026-03-11 08:30").await, 1);
    assert_eq!(at(&app, "2026-03-11 17:31").await, 1);
    assert_eq!(
        warned(&app, "rsj_clerk").await,
        [
            "deadline 蓝色预警",
            "deadline 蓝色预警",
            "deadline 黄色预警",
            "deadline 红色预警"
        ],
        "reminders still fire after the return"
    );
    let rounds: Vec<String> = fired(&app, &id)
        .await
        .into_iter()
        .filter(|a| a.starts_with("dispatch:rsj"))
        .collect();
    assert_eq!(
        rounds,
        [
            "dispatch:rsj/0/blue",
            "dispatch:rsj/1/blue",
            "dispatch:rsj/1/red",
            "dispatch:rsj/1/yellow"
        ]
    );
    assert_eq!(
        warned(&app, "rsj_leader").await,
        ["deadline_escalated 红色预警（督办提醒）"]
    );
}

#[tokio::test]
async fn a_missing_calendar_year_is_shown_not_guessed() {
    let app = TestApp::start().await;
    at(&app, "2026-12-28 10:00").await;
    let id = submitted_transfer(&app, "no").await;
    let shown = page(&app, &id).await;
    assert_eq!(
        shown["deadline"],
        json!({ "limit": "10个工作日", "due_at": null, "paused": false, "overdue": false,
                "tier": null, "error": "无法计算（缺少2027年日历）" })
    );
    assert_eq!(
        dispatch(&shown, "rsj")["deadline"]["error"],
        "无法计算（缺少2027年日历）"
    );
    assert_eq!(
        at(&app, "2027-01-08 10:00").await,
        0,
        "nothing fires on a guess"
    );
    assert!(
        app.state.calendar.reached_missing().contains(&2027),
        "noted for the administrators' warning list"
    );
}

#[tokio::test]
async fn the_test_clock_exists_only_in_test_mode() {
    let app = TestApp::start_with(|c| c.test_mode = false).await;
    app.send(json_request(
        Method::POST,
        "/api/test/clock",
        None,
        json!({ "minutes": 60 }),
    ))
    .await
    .expect_problem(StatusCode::NOT_FOUND, "not_found");
    let on = TestApp::start().await;
    for bad in [
        json!({}),
        json!({ "minutes": 1, "set": "2026-03-02T09:00:00+08:00" }),
        json!({ "set": "明天" }),
    ] {
        on.send(json_request(Method::POST, "/api/test/clock", None, bad))
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    }
    let moved = on
        .send(json_request(
            Method::POST,
            "/api/test/clock",
            None,
            json!({ "minutes": 90 }),
        ))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        moved["scan"],
        json!({ "full": true, "matters": 0, "fired": 0 })
    );
}

#[tokio::test]
async fn the_scanner_lists_live_matters_on_the_status_index() {
    let app = TestApp::start().await;
    submitted_transfer(&app, "no").await;
    let sql = format!("{} EXPLAIN FULL", lianban_server::matter::store::LIVE_SQL);
    let mut response = app
        .state
        .db
        .query(sql)
        .bind(json!({ "status": "running", "after": "", "limit": 201 }))
        .await
        .unwrap()
        .check()
        .unwrap();
    let plan: surrealdb::types::Value = response.take(0).unwrap();
    let plan = plan.into_json_value();
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let mut ops = Vec::new();
    let mut node = if plan.is_array() { &plan[0] } else { &plan };
    loop {
        ops.push(node["operator"].as_str().unwrap_or("").to_owned());
        match node["children"].as_array().and_then(|c| c.first()) {
            Some(child) => node = child,
            None => break,
        }
    }
    assert_eq!(
        ops,
        ["SelectProject", "Limit", "Filter", "IndexScan"],
        "an index scan in key order, the limit streaming (no sort); plan:\n{text}"
    );
    assert_eq!(
        node["attributes"]["index"], "matter_status_key",
        "plan:\n{text}"
    );
    assert!(
        node["attributes"]["access"]
            .as_str()
            .unwrap_or("")
            .contains("MoreThan"),
        "the keyset bound is the index range; plan:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_scans_at_the_same_moment_fire_each_tier_once() {
    let app = TestApp::start().await;
    let id = submitted_on_monday(&app).await;
    let now: jiff::Timestamp = "2026-03-09T17:31:00+08:00".parse().unwrap();
    for expected in [6, 0, 0] {
        let (a, b) = tokio::join!(
            lianban_server::deadline::scan(&app.state, now),
            lianban_server::deadline::scan(&app.state, now)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.fired + b.fired, expected, "{a:?} {b:?}");
    }
    assert_eq!(
        fired(&app, &id).await.len(),
        6,
        "blue, yellow and red of both units"
    );
    assert_eq!(
        warned(&app, "rsj_clerk").await,
        ["deadline 红色预警"],
        "caught up at once: one notification, with the latest tier"
    );
    assert_eq!(warned(&app, "supervisor").await.len(), 2);
}

/// One scan at `when` (China time) with the server's clock set there: (full, matters, fired).
async fn scan_at(app: &TestApp, when: &str) -> (bool, usize, usize) {
    let now: jiff::Timestamp = format!("{}:00+08:00", when.replace(' ', "T"))
        .parse()
        .unwrap();
    app.state.clock.set(now);
    let r = lianban_server::deadline::scan(&app.state, now)
        .await
        .unwrap();
    (r.full, r.matters, r.fired)
}

#[tokio::test]
async fn the_regular_scan_reads_only_the_matters_due_for_a_look() {
    let app = TestApp::start().await;
    let id = submitted_on_monday(&app).await;
    // Just submitted: due for a look; it then waits for its first tier (blue, 03-06 08:30).
    assert_eq!(scan_at(&app, "2026-03-02 10:00").await, (false, 1, 0));
    assert_eq!(scan_at(&app, "2026-03-02 10:01").await, (false, 0, 0));
    assert_eq!(scan_at(&app, "2026-03-06 08:29").await, (false, 0, 0));
    assert_eq!(scan_at(&app, "2026-03-06 08:30").await, (false, 1, 2));
    assert_eq!(scan_at(&app, "2026-03-06 08:31").await, (false, 0, 0));

    // A change makes it due again at once.
    let rsj = app.login("rsj_clerk").await;
    let task = pending_task(&rsj.page(&id).await, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/claim"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(scan_at(&app, "2026-03-06 09:00").await, (false, 1, 0));
    assert_eq!(scan_at(&app, "2026-03-06 09:01").await, (false, 0, 0));

    // An edit of the calendar makes the next scan full: every due date may have moved.
    let admin = app.login("admin").await;
    admin
        .put(
            "/api/v1/admin/calendar/hours",
            json!({ "periods": [{ "start": "08:30", "end": "12:00" }, { "start": "13:30", "end": "18:00" }] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(scan_at(&app, "2026-03-06 09:02").await, (true, 1, 0));
    assert_eq!(scan_at(&app, "2026-03-06 09:03").await, (false, 0, 0));

    // Yellow on the due day, red once overdue, each on time.
    assert_eq!(scan_at(&app, "2026-03-09 08:30").await, (false, 1, 2));
    assert_eq!(scan_at(&app, "2026-03-09 18:00").await, (false, 0, 0));
    let (_, looked, red) = scan_at(&app, "2026-03-09 18:01").await;
    assert_eq!(
        (looked, red),
        (1, 2),
        "red of both units once 18:00 has passed"
    );
    assert_eq!(fired(&app, &id).await.len(), 6);
}

#[tokio::test]
async fn a_year_entered_by_an_administrator_lets_the_waiting_tiers_fire() {
    let app = TestApp::start().await;
    at(&app, "2026-12-28 10:00").await;
    let id = submitted_transfer(&app, "no").await;
    assert_eq!(
        scan_at(&app, "2027-01-20 10:00").await.2,
        0,
        "nothing fires on a guess"
    );
    assert_eq!(scan_at(&app, "2027-01-20 10:01").await, (false, 0, 0));
    let admin = app.login("admin").await;
    admin
        .put(
            "/api/v1/admin/calendar/years/2027",
            json!({ "holidays": [{ "date": "2027-01-01", "name": "元旦" }], "workdays": [] }),
        )
        .await
        .expect(StatusCode::OK);
    let (full, looked, fired_now) = scan_at(&app, "2027-01-20 10:02").await;
    assert!(
        full && looked == 1 && fired_now > 0,
        "{full} {looked} {fired_now}"
    );
    assert!(!fired(&app, &id).await.is_empty());
}

#[tokio::test]
async fn the_regular_scan_reads_the_due_matters_on_their_index() {
    let app = TestApp::start().await;
    submitted_transfer(&app, "no").await;
    let sql = format!("{} EXPLAIN FULL", lianban_server::matter::store::DUE_SQL);
    let mut response = app
        .state
        .db
        .query(sql)
        .bind(json!({ "status": "running", "due": 1_000_000, "limit": 200 }))
        .await
        .unwrap()
        .check()
        .unwrap();
    let plan: surrealdb::types::Value = response.take(0).unwrap();
    let text = serde_json::to_string_pretty(&plan.into_json_value()).unwrap();
    assert!(
        text.contains("matter_status_check"),
        "the status and check_ms index is used; plan:\n{text}"
    );
}
