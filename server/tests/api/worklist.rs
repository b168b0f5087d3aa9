//! Work lists: the list query's plan (compound index, limit pushed into the scan), keyset
//! paging, filters, and a unit's pool of open tasks.

use crate::support::{Session, TestApp, draft, pending_task, submitted_transfer};
use axum::http::StatusCode;
use lianban_server::worklist::store::LIST_SQL;
use serde_json::{Value, json};
use std::collections::HashSet;

/// The operators of a plan, depth first, with the node of each.
fn operators(plan: &Value, out: &mut Vec<(String, Value)>) {
    if let Some(op) = plan["operator"].as_str() {
        out.push((op.to_owned(), plan["attributes"].clone()));
    }
    for child in plan["children"].as_array().into_iter().flatten() {
        operators(child, out);
    }
}

async fn explain(app: &TestApp, extra: &str) -> (Vec<(String, Value)>, String) {
    let sql = format!("{} EXPLAIN FULL", LIST_SQL.replace("{extra}", extra));
    let mut response = app
        .state
        .db
        .query(sql)
        .bind(
            json!({ "owner": "user:zzb_clerk", "list": "drafts", "before": "9999999999999",
                      "after": "0000000000001", "limit": 21 }),
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let plan: surrealdb::types::Value = response.take(0).unwrap();
    let plan = plan.into_json_value();
    let plan = if plan.is_array() {
        plan[0].clone()
    } else {
        plan
    };
    let mut ops = Vec::new();
    operators(&plan, &mut ops);
    (ops, serde_json::to_string_pretty(&plan).unwrap())
}

#[tokio::test]
async fn the_list_query_scans_the_compound_index_with_the_limit_pushed_down() {
    let app = TestApp::start().await;
    draft(&app, "有一行数据").await;
    let (ops, text) = explain(&app, "").await;
    let names: Vec<&str> = ops.iter().map(|(op, _)| op.as_str()).collect();
    assert_eq!(names, ["SelectProject", "IndexScan"], "plan:\n{text}");
    let scan = &ops[1].1;
    assert_eq!(scan["index"], "work_item_list", "plan:\n{text}");
    assert_eq!(
        scan["direction"], "Backward",
        "newest first without a sort; plan:\n{text}"
    );
    assert_eq!(
        scan["limit"], "$limit",
        "limit pushed into the scan; plan:\n{text}"
    );
    assert!(
        scan["access"].as_str().unwrap_or("").contains("LessThan"),
        "the cursor bound is the index range; plan:\n{text}"
    );

    // With a `from` date the cursor stays the index range and the order needs no sort.
    let (ops, text) = explain(&app, " AND sk >= $after").await;
    let scan = ops.iter().find(|(op, _)| op == "IndexScan").map(|(_, a)| a);
    let scan = scan.unwrap_or_else(|| panic!("no index scan; plan:\n{text}"));
    assert_eq!(scan["index"], "work_item_list", "plan:\n{text}");
    assert_eq!(scan["direction"], "Backward", "plan:\n{text}");
    assert!(
        scan["access"].as_str().unwrap_or("").contains("LessThan"),
        "plan:\n{text}"
    );
    assert!(
        !ops.iter().any(|(op, _)| op.contains("Sort")),
        "plan:\n{text}"
    );
}

/// Creates `n` drafts titled `{prefix}{i}`, one a minute (so their order is certain); returns
/// their ids, oldest first.
async fn drafts(app: &TestApp, session: &Session<'_>, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        app.state.clock.advance_minutes(1);
        let body = json!({ "type_code": "personnel_transfer", "title": format!("{prefix}{i}") });
        let draft = session
            .post("/api/v1/matters", body)
            .await
            .expect(StatusCode::CREATED);
        ids.push(draft["id"].as_str().unwrap().to_owned());
    }
    ids
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["matter_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_the_cursor_without_duplicates() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    let mut created = drafts(&app, &clerk, "草稿", 25).await;
    created.reverse();
    let first = clerk
        .get("/api/v1/worklist/drafts")
        .await
        .expect(StatusCode::OK);
    assert_eq!((ids(&first).len(), &first["total"]), (20, &json!(25)));
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next cursor")
        .to_owned();
    let second = clerk
        .get(&format!("/api/v1/worklist/drafts?cursor={cursor}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!((ids(&second).len(), &second["total"]), (5, &json!(25)));
    assert!(second["next_cursor"].is_null(), "{second}");
    let all: Vec<String> = ids(&first).into_iter().chain(ids(&second)).collect();
    assert_eq!(
        all.iter().collect::<HashSet<_>>().len(),
        25,
        "no duplicates"
    );
    assert_eq!(all, created, "newest first");

    let small = clerk
        .get("/api/v1/worklist/drafts?limit=25")
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&small), created);
    assert!(small["next_cursor"].is_null());
}

/// Moves the clock to noon (China time) of the next day, so dates are certain; returns it.
fn next_noon(app: &TestApp) -> jiff::civil::Date {
    let now = app
        .state
        .clock
        .now()
        .to_zoned_datetime(lianban_server::tz());
    let noon = now.date().tomorrow().unwrap().at(12, 0, 0, 0);
    let noon = noon.to_zoned_datetime(lianban_server::tz()).unwrap();
    let minutes = now.duration_until(&noon).as_mins();
    app.state.clock.advance_minutes(minutes);
    noon.date()
}

#[tokio::test]
async fn filters_by_keyword_type_status_and_date() {
    let app = TestApp::start().await;
    let day1 = next_noon(&app);
    let clerk = app.login("zzb_clerk").await;
    drafts(&app, &clerk, "张三调入", 2).await;
    clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "staff_enrollment", "title": "李四入编" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let day3 = next_noon(&app).tomorrow().unwrap();
    app.state.clock.advance_minutes(24 * 60);
    let clerk = app.login("zzb_clerk").await;
    drafts(&app, &clerk, "王五调入", 1).await;

    let total = |query: &'static str| {
        let clerk = &clerk;
        async move {
            let page = clerk
                .get(&format!("/api/v1/worklist/drafts?{query}"))
                .await
                .expect(StatusCode::OK);
            assert_eq!(
                page["total"].as_u64().unwrap() as usize,
                ids(&page).len(),
                "{query}"
            );
            page["total"].as_u64().unwrap()
        }
    };
    assert_eq!(total("").await, 4);
    assert_eq!(total("q=调入").await, 3);
    assert_eq!(total("q=李四").await, 1);
    assert_eq!(total("q=nothing").await, 0);
    assert_eq!(total("type=staff_enrollment").await, 1);
    assert_eq!(total("type=personnel_transfer&q=王五").await, 1);
    assert_eq!(total("status=draft").await, 4);
    assert_eq!(total("status=running").await, 0);
    let range = |from: jiff::civil::Date, to: jiff::civil::Date| format!("from={from}&to={to}");
    let day2 = day1.tomorrow().unwrap();
    for (query, expected) in [
        (range(day1, day1), 3),
        (range(day2, day2), 0),
        (range(day3, day3), 1),
        (range(day1, day3), 4),
        (format!("from={day3}"), 1),
        (format!("to={day2}"), 3),
    ] {
        let page = clerk
            .get(&format!("/api/v1/worklist/drafts?{query}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(page["total"], expected, "{query}: {page}");
        assert_eq!(ids(&page).len(), expected, "{query}");
    }

    // Status on a list that has several: one running, one voided.
    let running = submitted_transfer(&app, "no").await;
    let voided = submitted_transfer(&app, "no").await;
    let clerk = app.login("zzb_clerk").await;
    clerk
        .post(
            &format!("/api/v1/matters/{voided}/void"),
            json!({ "reason": "重复" }),
        )
        .await
        .expect(StatusCode::OK);
    let page = clerk
        .get("/api/v1/worklist/initiated?status=running")
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&page), std::slice::from_ref(&running));
    let page = clerk
        .get("/api/v1/worklist/initiated?status=voided")
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&page), [voided]);
    let number = clerk.page(&running).await["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let tail = number.split_once('〕').unwrap().1; // "00001号"
    let page = clerk
        .get(&format!("/api/v1/worklist/initiated?q={}", urlencode(tail)))
        .await
        .expect(StatusCode::OK);
    assert_eq!(ids(&page), [running], "by matter number");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn bad_parameters_are_refused() {
    let app = TestApp::start().await;
    let clerk = app.login("zzb_clerk").await;
    for query in [
        "from=2026-13-01",
        "to=yesterday",
        "from=2026/01/01",
        "limit=0",
        "limit=101",
        "limit=x",
    ] {
        clerk
            .get(&format!("/api/v1/worklist/drafts?{query}"))
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    }
    clerk
        .get("/api/v1/worklist/archive")
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
}

async fn todo(app: &TestApp, user: &str) -> Value {
    app.login(user)
        .await
        .get("/api/v1/worklist/todo")
        .await
        .expect(StatusCode::OK)
}

#[tokio::test]
async fn an_open_task_is_in_the_pool_until_claimed() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    for user in ["rsj_clerk", "rsj_clerk2"] {
        let list = todo(&app, user).await;
        assert_eq!(list["total"], 1, "{user}: {list}");
        assert_eq!(list["items"][0]["matter_id"], id.as_str(), "{user}");
        assert_eq!(list["items"][0]["step_name"], "经办人审核", "{user}");
    }
    assert_eq!(todo(&app, "rsj_leader").await["total"], 0);
    let clerk = app.login("rsj_clerk").await;
    let task = pending_task(&clerk.page(&id).await, "rsj");
    clerk
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/claim"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    let mine = todo(&app, "rsj_clerk").await;
    assert_eq!((&mine["total"], ids(&mine)), (&json!(1), vec![id.clone()]));
    let theirs = todo(&app, "rsj_clerk2").await;
    assert_eq!(
        (&theirs["total"], ids(&theirs).len()),
        (&json!(0), 0),
        "{theirs}"
    );

    // Approving moves it to the leader's pool and to the clerk's done list.
    clerk
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(todo(&app, "rsj_clerk").await["total"], 0);
    assert_eq!(todo(&app, "rsj_leader").await["total"], 1);
    let done = clerk
        .get("/api/v1/worklist/done")
        .await
        .expect(StatusCode::OK);
    assert_eq!((&done["total"], ids(&done)), (&json!(1), vec![id]));
}
