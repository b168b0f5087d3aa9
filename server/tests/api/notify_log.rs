//! The delivery log: its filters and their refusals, and the plans of the log and due queries
//! (compound indexes, limit pushed into the scan).

use crate::support::{TestApp, submitted_transfer};
use axum::http::StatusCode;
use lianban_server::notify::store::delivery::{DUE_SQL, DeliveryStatus, LogFilter, log_sql};
use serde_json::{Value, json};

#[tokio::test]
async fn the_log_filters_by_status_and_channel_and_refuses_unknown_ones() {
    let app = TestApp::start().await;
    submitted_transfer(&app, "no").await;
    let admin = app.login("admin").await;
    let count = |page: &Value| page["items"].as_array().unwrap().len();
    let pending = admin
        .get("/api/v1/admin/deliveries?status=pending&channel=inapp")
        .await
        .expect(StatusCode::OK);
    assert_eq!(count(&pending), 3);
    for query in ["status=sent", "channel=zwdd", "status=pending&channel=zwdd"] {
        let page = admin
            .get(&format!("/api/v1/admin/deliveries?{query}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(count(&page), 0, "{query}");
    }
    for query in ["status=lost", "channel=sms", "cursor=%E4%B8%AD"] {
        admin
            .get(&format!("/api/v1/admin/deliveries?{query}"))
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    }
    app.login("zzb_clerk")
        .await
        .get("/api/v1/admin/deliveries")
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
}

/// The operators of a query plan, depth first, with their attributes.
pub(crate) fn operators(plan: &Value, out: &mut Vec<(String, Value)>) {
    if let Some(op) = plan["operator"].as_str() {
        out.push((op.to_owned(), plan["attributes"].clone()));
    }
    for child in plan["children"].as_array().into_iter().flatten() {
        operators(child, out);
    }
}

/// The operators of the plan of `sql`, with sample values bound to the parameters the log, the
/// dispatcher, the live feed and the retention queries take.
pub(crate) async fn plan_of(app: &TestApp, sql: &str) -> Vec<(String, Value)> {
    let mut response = app
        .state
        .db
        .query(format!("{sql} EXPLAIN FULL"))
        .bind(
            json!({ "channel": "zwdd", "status": "dead", "now": 1_i64, "before": "9",
                      "limit": 51, "after": 0, "user": "rsj_clerk", "cut": "0000000000009",
                      "cutoff": 9, "from": "", "system": "es_x",
                      "matter_no": "联办〔2026〕00001号" }),
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
    ops
}

/// The attributes of the index scan in the plan of `sql`, which must not sort, with the plan as
/// text for messages.
pub(crate) async fn index_scan(app: &TestApp, sql: &str) -> (Value, String) {
    let ops = plan_of(app, sql).await;
    let text = format!("{sql}: {ops:?}");
    let scan = ops
        .iter()
        .find(|(op, _)| op == "IndexScan")
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| panic!("no index scan: {text}"));
    assert!(!ops.iter().any(|(op, _)| op.contains("Sort")), "{text}");
    (scan, text)
}

#[tokio::test]
async fn the_dispatcher_and_the_log_read_compound_indexes_with_the_limit_pushed_down() {
    let app = TestApp::start().await;
    submitted_transfer(&app, "no").await;
    let filters = [
        (LogFilter::default(), "delivery_log"),
        (
            LogFilter {
                status: Some(DeliveryStatus::Dead),
                channel: None,
            },
            "delivery_status",
        ),
        (
            LogFilter {
                status: None,
                channel: Some("zwdd".into()),
            },
            "delivery_channel",
        ),
        (
            LogFilter {
                status: Some(DeliveryStatus::Dead),
                channel: Some("zwdd".into()),
            },
            "delivery_status_channel",
        ),
    ];
    let mut cases: Vec<(String, &str, &str)> = filters
        .iter()
        .map(|(f, index)| (log_sql(f), *index, "Backward"))
        .collect();
    cases.push((DUE_SQL.to_owned(), "delivery_due", "Forward"));
    for (sql, index, direction) in cases {
        let (scan, text) = index_scan(&app, &sql).await;
        assert_eq!(scan["index"], index, "{text}");
        assert_eq!(scan["direction"], direction, "{text}");
        assert_eq!(
            scan["limit"], "$limit",
            "limit pushed into the scan: {text}"
        );
    }
}
