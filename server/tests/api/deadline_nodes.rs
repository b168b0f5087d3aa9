//! Two `lianban` nodes on one SurrealDB server (as in [`crate::remote`]; needs
//! `LIANBAN_SURREAL_BIN`) scan the same matter at the same moments: each warning tier fires once
//! — one alert record, one timeline entry, one notification per person — whichever node wins
//! (the loser's write fails on the alert's id or the matter's version, and its re-read finds the
//! tier fired).

use crate::process::Server;
use crate::remote::Surreal;
use lianban_server::config::{Config, DbTarget};
use lianban_server::deadline::store::alerts;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Instant;

/// Sets both nodes' clocks to `when` (China time) at the same moment, each scanning at once;
/// returns how many tiers each fired.
async fn both_scan(a: &Server, b: &Server, when: &str) -> (u64, u64) {
    let body = json!({ "set": format!("{}:00+08:00", when.replace(' ', "T")) });
    let (x, y) = tokio::join!(a.test_clock(body.clone()), b.test_clock(body));
    let fired = |v: &Value| v["scan"]["fired"].as_u64().unwrap();
    (fired(&x), fired(&y))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_scanning_at_once_fire_each_tier_once() {
    let started = Instant::now();
    let surreal = Surreal::start().await;
    let env = [
        ("LIANBAN_DB", surreal.endpoint.as_str()),
        ("LIANBAN_DB_USER", "root"),
        ("LIANBAN_DB_PASS", "root"),
        ("LIANBAN_TEST_MODE", "true"),
        // Only the explicit scans below run, so both nodes scan exactly the same moments.
        ("LIANBAN_DEADLINE_SCAN_SECONDS", "0"),
    ];
    let files = tempfile::tempdir().unwrap();
    let a = Server::start_with(files.path(), &env).await;
    let b = Server::start_with(files.path(), &env).await;

    assert_eq!(both_scan(&a, &b, "2026-03-02 09:00").await, (0, 0));
    let (id, _, _) = a
        .login("zzb_clerk")
        .await
        .submitted_transfer("两节点时效")
        .await;
    // 人社局 and 财政局: blue, yellow, red each; then the matter's blue.
    for (when, expected) in [
        ("2026-03-06 08:30", 2),
        ("2026-03-09 08:30", 2),
        ("2026-03-09 17:31", 2),
        ("2026-03-13 08:30", 1),
    ] {
        let (x, y) = both_scan(&a, &b, when).await;
        assert_eq!(x + y, expected, "{when}: node A fired {x}, node B {y}");
    }

    let db = lianban_server::db::connect(&Config {
        db: DbTarget::Remote {
            endpoint: surreal.endpoint.clone(),
            user: "root".into(),
            pass: "root".into(),
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let stored = alerts(&db, &id).await.unwrap();
    let keys: BTreeSet<_> = stored.iter().map(|a| a.key()).collect();
    assert_eq!((stored.len(), keys.len()), (7, 7), "{stored:?}");

    let page = b
        .login("zzb_clerk")
        .await
        .get(&format!("/api/v1/matters/{id}"))
        .await;
    let entries = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "deadline_reached")
        .count();
    assert_eq!(entries, 7, "one timeline entry per tier");
    for (user, kind, count) in [
        ("rsj_clerk", "deadline", 4),
        ("czj_clerk", "deadline", 4),
        ("supervisor", "deadline_escalated", 2),
        ("zzb_clerk", "deadline", 1),
    ] {
        let notes = a.login(user).await.get("/api/v1/notifications").await;
        let n = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == kind)
            .count();
        assert_eq!(n, count, "{user}: {notes}");
    }
    drop((a, b));
    println!(
        "two nodes, deadlines: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
