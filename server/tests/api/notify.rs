//! Notifications: the list with its unread count, marking read (only one's own), and the live
//! SSE stream.

use crate::support::{TestApp, pending_task, submitted_transfer};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lianban_server::notify::{Dispatcher, Feed};
use serde_json::{Value, json};
use std::time::Duration;
use tower::ServiceExt;

pub(crate) async fn notes(app: &TestApp, user: &str) -> Value {
    let page = app
        .login(user)
        .await
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK);
    let unread = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["read"] == false)
        .count();
    assert_eq!(page["unread"], unread, "{user}: {page}");
    page
}

#[tokio::test]
async fn list_unread_and_marking_read() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    // Both clerks of the 人社局 pool hear of the new task; the initiator (the actor) does not.
    let mine = notes(&app, "rsj_clerk").await;
    assert_eq!(mine["unread"], 1, "{mine}");
    let note = mine["items"][0].clone();
    assert_eq!(
        (&note["kind"], &note["matter_id"], &note["read"]),
        (&json!("todo"), &json!(id), &json!(false))
    );
    assert!(
        note["title"].as_str().unwrap().contains("张三调入"),
        "{note}"
    );
    assert_eq!(notes(&app, "rsj_clerk2").await["unread"], 1);
    assert_eq!(notes(&app, "zzb_clerk").await["unread"], 0);

    // Someone else's notification (or none) is 404 and stays unread.
    let theirs = notes(&app, "rsj_clerk2").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rsj = app.login("rsj_clerk").await;
    for other in [theirs.as_str(), "0000000000000000000000000000000"] {
        rsj.post(&format!("/api/v1/notifications/{other}/read"), json!({}))
            .await
            .expect_problem(StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(notes(&app, "rsj_clerk2").await["unread"], 1);
    rsj.post(
        &format!(
            "/api/v1/notifications/{}/read",
            note["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let mine = notes(&app, "rsj_clerk").await;
    assert_eq!(
        (&mine["unread"], &mine["items"][0]["read"]),
        (&json!(0), &json!(true))
    );

    // 人社局 returns it and 财政局 approves: two notifications for the initiator; read-all
    // clears them and nobody else's.
    let page = rsj.page(&id).await;
    let task = pending_task(&page, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/return"),
        json!({ "reason": "缺少体检表" }),
    )
    .await
    .expect(StatusCode::OK);
    app.state.clock.advance_minutes(1);
    let czj = app.login("czj_clerk").await;
    let task = pending_task(&page, "czj");
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    let initiator = notes(&app, "zzb_clerk").await;
    let kinds: Vec<&str> = initiator["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["unit_done", "returned"],
        "newest first: {initiator}"
    );
    app.login("zzb_clerk")
        .await
        .post("/api/v1/notifications/read-all", json!({}))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(notes(&app, "zzb_clerk").await["unread"], 0);
    assert_eq!(
        notes(&app, "rsj_clerk2").await["unread"],
        1,
        "only one's own"
    );
}

/// Reads server-sent events from a streaming body, each read bounded by a timeout.
pub(crate) struct EventReader {
    body: Body,
    buffer: String,
}

impl EventReader {
    /// Opens `user`'s stream on `router` (a session cookie is valid on every node).
    pub(crate) async fn open(router: &axum::Router, cookie: &str) -> Self {
        let req = Request::builder()
            .uri("/api/v1/notifications/stream")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        let response = router.clone().oneshot(req).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        Self {
            body: response.into_body(),
            buffer: String::new(),
        }
    }

    /// The next event as (name, data); panics if none arrives within five seconds.
    pub(crate) async fn next(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .filter_map(|l| l.strip_prefix(name))
                        .map(|v| v.trim_start().to_owned())
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                let event = field("event:");
                if event.is_empty() {
                    continue; // a keep-alive comment
                }
                return (event, field("data:"));
            }
            let frame = tokio::time::timeout(Duration::from_secs(5), self.body.frame())
                .await
                .expect("an event within 5 s")
                .expect("the stream is open")
                .unwrap();
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }
}

#[tokio::test]
async fn the_stream_sends_the_unread_count_then_new_notifications() {
    let app = TestApp::start().await;
    let rsj = app.login("rsj_clerk").await;
    let req = Request::builder()
        .uri("/api/v1/notifications/stream")
        .header(header::COOKIE, &rsj.cookie)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut events = EventReader {
        body: response.into_body(),
        buffer: String::new(),
    };
    assert_eq!(events.next().await, ("unread".to_owned(), "0".to_owned()));

    // Another user's command notifies rsj_clerk (and others, whose items must not show here);
    // the dispatcher pushes the in-app deliveries.
    let feed = Feed::start(app.state.clone()).await.unwrap();
    let id = submitted_transfer(&app, "no").await;
    let report = Dispatcher::new(app.state.clone(), "test-node")
        .run_once()
        .await
        .unwrap();
    assert_eq!(report.sent, 3, "{report:?}");
    assert_eq!(feed.run_once().await.unwrap(), 3, "three users' items");
    let (event, data) = events.next().await;
    assert_eq!(event, "notification", "{data}");
    let item: Value = serde_json::from_str(&data).unwrap();
    let listed = notes(&app, "rsj_clerk").await["items"][0].clone();
    assert_eq!(
        item, listed,
        "the stream sends the very item the list shows"
    );
    assert_eq!(
        (&item["kind"], &item["matter_id"]),
        (&json!("todo"), &json!(id))
    );
    assert!(
        item["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/matters/{id}?task=")),
        "{item}"
    );
    assert_eq!(events.next().await, ("unread".to_owned(), "1".to_owned()));
}

#[tokio::test]
async fn the_stream_needs_a_session() {
    let app = TestApp::start().await;
    let req = Request::builder()
        .uri("/api/v1/notifications/stream")
        .body(Body::empty())
        .unwrap();
    app.send(req)
        .await
        .expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}
