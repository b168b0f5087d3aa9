//! The live feed: in-app notifications reach the SSE streams of every node sharing the database,
//! each exactly once; a stream that lags catches up from the feed; numbering is safe when nodes
//! number at once; and the feed's queries read their indexes.

use crate::notify::{EventReader, notes};
use crate::notify_delivery::queue_notes;
use crate::notify_log::index_scan;
use crate::support::{TestApp, submitted_transfer};
use lianban_server::notify::store::{live, notification};
use lianban_server::notify::{Dispatcher, Feed, Hub, center, spawn_feed};
use lianban_server::{AppState, app};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// Another node on the database of `state`: its own hub, center and feed, the rest shared (the
/// database handle is the same `Arc`, as the SDK's sessions require).
fn other_node(state: &AppState) -> AppState {
    let mut node = state.clone();
    node.hub = Hub::default();
    node.notify = center(&node.config, node.hub.clone()).unwrap();
    node
}

/// Commits one 抄送 notification per user in `users`, in order, through the outbox; returns
/// their ids, in that order (which is also the feed's: it numbers by creation time and id).
async fn notify(state: &AppState, users: &[&str]) -> Vec<String> {
    queue_notes(state, users, users.len()).await;
    let mut ids: HashMap<&str, VecDeque<String>> = HashMap::new();
    for user in users {
        if ids.contains_key(user) {
            continue;
        }
        let count = users.iter().filter(|u| *u == user).count();
        let (newest_first, _) = notification::page(&state.db, user, None, count)
            .await
            .unwrap();
        ids.insert(user, newest_first.into_iter().rev().map(|i| i.id).collect());
    }
    users
        .iter()
        .map(|u| ids.get_mut(u).unwrap().pop_front().unwrap())
        .collect()
}

/// The id in a `notification` event, after checking its name.
fn note_id((event, data): (String, String)) -> String {
    assert_eq!(event, "notification", "{data}");
    let item: Value = serde_json::from_str(&data).unwrap();
    item["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_committed_on_one_node_reaches_a_stream_on_another_once() {
    let a = TestApp::start().await;
    let b = other_node(&a.state);
    let router_b = app(b.clone());
    spawn_feed(a.state.clone()).await.unwrap();
    spawn_feed(b.clone()).await.unwrap();
    let rsj = a.login("rsj_clerk").await;
    let zzb = a.login("zzb_clerk").await;
    let mut rsj_on_b = EventReader::open(&router_b, &rsj.cookie).await;
    let mut zzb_on_b = EventReader::open(&router_b, &zzb.cookie).await;
    for stream in [&mut rsj_on_b, &mut zzb_on_b] {
        assert_eq!(stream.next().await, ("unread".into(), "0".into()));
    }

    // zzb_clerk submits on node A; A's dispatcher delivers in-app (waking only A's feed). B's
    // feed finds the notification by itself and its stream sends it.
    let id = submitted_transfer(&a, "no").await;
    let report = Dispatcher::new(a.state.clone(), "node-a")
        .run_once()
        .await
        .unwrap();
    assert_eq!(report.sent, 3, "{report:?}");
    let listed = notes(&a, "rsj_clerk").await["items"][0].clone();
    let (event, data) = rsj_on_b.next().await;
    assert_eq!(event, "notification", "{data}");
    let item: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(item, listed, "the very item the list shows");
    assert_eq!(item["matter_id"], id.as_str());
    assert_eq!(rsj_on_b.next().await, ("unread".into(), "1".into()));

    // Exactly once: the next event of each stream is its user's next notification, not a repeat
    // and not anybody else's (the three 待办 went to 人社局 and 财政局, not to zzb_clerk).
    let next = notify(&a.state, &["rsj_clerk", "zzb_clerk"]).await;
    assert_eq!(note_id(rsj_on_b.next().await), next[0]);
    assert_eq!(rsj_on_b.next().await, ("unread".into(), "2".into()));
    assert_eq!(note_id(zzb_on_b.next().await), next[1]);
    assert_eq!(zzb_on_b.next().await, ("unread".into(), "1".into()));
}

#[tokio::test]
async fn a_lagging_stream_catches_up_from_the_feed_then_sends_the_count() {
    let test = TestApp::start().await;
    // A hub that lets a stream fall only two items behind.
    let mut state = test.state.clone();
    state.hub = Hub::with_capacity(2);
    state.notify = center(&state.config, state.hub.clone()).unwrap();
    let router = app(state.clone());
    let feed = Feed::start(state.clone()).await.unwrap();
    let rsj = test.login("rsj_clerk").await;
    let mut stream = EventReader::open(&router, &rsj.cookie).await;
    assert_eq!(stream.next().await, ("unread".into(), "0".into()));

    // Twelve items for two users are published while the stream is not read: it lags, reads
    // its user's six back from the feed, in order, then sends the count once.
    let users = ["rsj_clerk", "czj_clerk"].repeat(6);
    let ids = notify(&state, &users).await;
    assert_eq!(feed.run_once().await.unwrap(), 12);
    let mine: Vec<&String> = ids.iter().step_by(2).collect();
    for id in &mine {
        assert_eq!(&&note_id(stream.next().await), id);
    }
    assert_eq!(stream.next().await, ("unread".into(), "6".into()));

    // The items still in the hub are not sent again: the next event is the next notification.
    let later = notify(&state, &["rsj_clerk"]).await;
    assert_eq!(feed.run_once().await.unwrap(), 1);
    assert_eq!(note_id(stream.next().await), later[0]);
    assert_eq!(stream.next().await, ("unread".into(), "7".into()));
    assert_eq!(feed.run_once().await.unwrap(), 0, "nothing new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_numbering_at_once_give_each_row_one_number_in_one_sequence() {
    let app = TestApp::start().await;
    let b = other_node(&app.state);
    let users = ["rsj_clerk", "czj_clerk", "zzb_leader"].repeat(10);
    notify(&app.state, &users).await;
    // Small pages, so that the two nodes race over several transactions.
    let (mut na, mut nb) = (0, 0);
    loop {
        let (x, y) = tokio::join!(live::number(&app.state.db, 4), live::number(&b.db, 4));
        let (x, y) = (x.unwrap(), y.unwrap());
        if x + y == 0 {
            break;
        }
        (na, nb) = (na + x, nb + y);
    }
    assert_eq!(na + nb, 30, "each row numbered once: {na} + {nb}");
    let rows = live::after(&app.state.db, 0, 100).await.unwrap();
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=30).collect::<Vec<i64>>(), "one gapless sequence");
    assert_eq!(live::last(&app.state.db).await.unwrap(), 30);

    // A node that starts later starts after them; a node's feed publishes each row once.
    let late = Feed::start(other_node(&app.state)).await.unwrap();
    assert_eq!(late.run_once().await.unwrap(), 0);
    let feed = Feed::start(b.clone()).await.unwrap();
    notify(&app.state, &["rsj_clerk"]).await;
    assert_eq!(feed.run_once().await.unwrap(), 1);
    assert_eq!(feed.run_once().await.unwrap(), 0);
    assert_eq!(b.hub.last(), 31);
}

#[tokio::test]
async fn the_feed_queries_read_their_indexes_with_the_limit_pushed_down() {
    let app = TestApp::start().await;
    for (sql, index) in [
        (live::AFTER_SQL, "notify_live_seq"),
        (live::USER_AFTER_SQL, "notify_live_user"),
        (live::EXPIRED_SQL, "notify_live_at"),
    ] {
        let (scan, text) = index_scan(&app, sql).await;
        assert_eq!(scan["index"], index, "{text}");
        assert_eq!(scan["limit"], "$limit", "{text}");
    }
}
