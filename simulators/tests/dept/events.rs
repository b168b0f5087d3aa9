//! Pushes: new, repeated, refused, failure modes, and a restart.

use super::support::{self, Signing, dispatch, event, last_delivery, start};
use lianban_sdk::sign::Algorithm;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_valid_push_is_stored_and_a_repeat_answered_2xx_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), "http://127.0.0.1:9", &[]);
    let (status, body) = sim.push(&event("e-1", "dispatch.created", 1)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("received")));

    let (status, body) = sim.push(&event("e-1", "dispatch.created", 1)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("duplicate")));

    let state = sim.state().await;
    assert_eq!(state["matters"].as_array().unwrap().len(), 1);
    let d = dispatch(&state);
    assert_eq!(d["status"], "received");
    assert_eq!(
        d["history"].as_array().unwrap().len(),
        1,
        "the repeat changed nothing"
    );
    assert_eq!(d["data"]["values"]["room"], "滨江大厦 1203");
    let outcomes: Vec<_> = state["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["event_id"].as_str().unwrap(),
                d["status"].as_u64(),
                d["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [("e-1", Some(200), "new"), ("e-1", Some(200), "repeat")]
    );

    // The page lists the matter, its form values and materials, and both deliveries.
    let page = sim.page().await;
    for text in [
        "区机关事务中心办公用房调整",
        "拟调整用房",
        "用房平面图.pdf",
        "待签收",
        "签收",
        "重复（已忽略）",
    ] {
        assert!(page.contains(text), "the page shows {text}");
    }
}

#[tokio::test]
async fn tampered_stale_foreign_and_malformed_pushes_are_refused_with_the_servers_codes() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), "http://127.0.0.1:9", &[]);
    let body = serde_json::to_vec(&event("e-1", "dispatch.created", 1)).unwrap();
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("郑浩", "王五");

    let cases = [
        (
            "tampered",
            body.clone(),
            tampered.into_bytes(),
            Signing::default(),
            401,
            "signature_invalid",
        ),
        (
            "stale",
            body.clone(),
            body.clone(),
            Signing {
                at: support::now() - 301,
                ..Signing::default()
            },
            401,
            "timestamp_out_of_window",
        ),
        (
            "other secret",
            body.clone(),
            body.clone(),
            Signing {
                secret: "guess",
                ..Signing::default()
            },
            401,
            "signature_invalid",
        ),
        (
            "other key",
            body.clone(),
            body.clone(),
            Signing {
                key: "demo-other",
                ..Signing::default()
            },
            401,
            "unknown_app_key",
        ),
        (
            "not an event",
            b"{}".to_vec(),
            b"{}".to_vec(),
            Signing::default(),
            400,
            "bad_request",
        ),
    ];
    for (what, signed, sent, signing, status, code) in cases {
        let answer = sim.push_raw(&signed, &sent, signing).await;
        assert_eq!(
            answer.headers()["content-type"].to_str().unwrap(),
            "application/problem+json",
            "{what}"
        );
        let (got, problem) = support::read(answer).await;
        assert_eq!(
            (got, problem["code"].as_str().unwrap()),
            (status, code),
            "{what}"
        );
        assert!(!problem["detail"].as_str().unwrap().is_empty(), "{what}");
    }
    let unsigned = sim
        .http
        .post(format!("{}/lianban/events", sim.base))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let (status, problem) = support::read(unsigned).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (401, Some("signature_missing"))
    );

    let state = sim.state().await;
    assert!(
        state["matters"].as_array().unwrap().is_empty(),
        "nothing refused was stored"
    );
    assert_eq!(state["deliveries"].as_array().unwrap().len(), 6);
    assert_eq!(last_delivery(&state)["outcome"], "rejected");
    assert_eq!(
        state["deliveries"][0]["event_id"], "e-1",
        "the log names the claimed event"
    );

    // SM3-signed pushes are accepted as well.
    let signing = Signing {
        algorithm: Algorithm::HmacSm3,
        ..Signing::default()
    };
    let (status, _) = support::read(sim.push_raw(&body, &body, signing).await).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn failure_modes_answer_as_configured_and_the_retry_is_taken_in() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), "http://127.0.0.1:9", &[]);
    let created = event("e-1", "dispatch.created", 1);

    let armed = sim.fail(json!({"mode": "error", "count": 2})).await;
    assert_eq!(armed, json!({"mode": "error", "remaining": 2}));
    for _ in 0..2 {
        let (status, problem) = sim.push(&created).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (500, Some("simulated_error"))
        );
    }
    // The fault is used up; the retry of the same event is new, not a repeat.
    let (status, body) = sim.push(&created).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("received")));

    sim.fail(json!({"mode": "gone"})).await;
    for _ in 0..2 {
        let (status, problem) = sim.push(&event("e-2", "dispatch.urged", 2)).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (410, Some("endpoint_gone"))
        );
    }
    sim.fail(json!({"mode": "throttle", "count": 1})).await;
    let body = serde_json::to_vec(&event("e-2", "dispatch.urged", 2)).unwrap();
    let answer = sim.push_raw(&body, &body, Signing::default()).await;
    assert_eq!(answer.status().as_u16(), 429);
    assert_eq!(answer.headers()["retry-after"], "2");

    sim.fail(json!({"mode": "timeout", "count": 1})).await;
    let impatient = gateway_http::Client::builder()
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let hung = impatient
        .post(format!("{}/lianban/events", sim.base))
        .body(body.clone())
        .send()
        .await;
    // Unsigned on purpose: a refused push does not use the fault up.
    assert_eq!(hung.unwrap().status().as_u16(), 401);
    let signature = lianban_sdk::sign::sign(
        support::KEY,
        support::SECRET,
        Algorithm::HmacSha256,
        lianban_sdk::sign::Request {
            method: "POST",
            path_and_query: "/lianban/events",
            body: &body,
        },
        support::now(),
        &lianban_sdk::sign::new_nonce(),
    );
    let mut call = impatient
        .post(format!("{}/lianban/events", sim.base))
        .body(body.clone());
    for (name, value) in signature.headers() {
        call = call.header(name, value);
    }
    let err = call.send().await.unwrap_err();
    assert!(err.is_timeout(), "{err}");

    let state = sim.state().await;
    assert_eq!(state["fault"], json!({"mode": "none", "remaining": null}));
    let log: Vec<_> = state["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["status"].as_u64(), d["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        log,
        [
            (Some(500), "fault"),
            (Some(500), "fault"),
            (Some(200), "new"),
            (Some(410), "fault"),
            (Some(410), "fault"),
            (Some(429), "fault"),
            (Some(401), "rejected"),
            (None, "fault"),
        ]
    );
    // Resetting through the page's form.
    sim.fail(json!({"mode": "error"})).await;
    let (status, location) = sim
        .form("/admin/fail-form", &[("mode", "none"), ("count", "")])
        .await;
    assert_eq!((status, location.as_str()), (303, "/#faults"));
    let (status, _) = sim.push(&event("e-2", "dispatch.urged", 2)).await;
    assert_eq!(status, 200);
    let state = sim.state().await;
    let notes = dispatch(&state)["history"].as_array().unwrap();
    assert_eq!(notes.last().unwrap()["text"], "发起人催办：测试");
}

#[tokio::test]
async fn a_restart_keeps_the_matters_the_log_and_the_dedup_memory() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), "http://127.0.0.1:9", &[]);
    sim.push(&event("e-1", "dispatch.created", 1)).await;
    let before = sim.state().await;
    drop(sim);

    let sim = start(dir.path(), "http://127.0.0.1:9", &[]);
    let after = sim.state().await;
    assert_eq!(after["matters"], before["matters"]);
    assert_eq!(after["deliveries"], before["deliveries"]);
    let (status, body) = sim.push(&event("e-1", "dispatch.created", 1)).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("duplicate")));
    let (status, _) = sim.push(&event("e-2", "dispatch.withdrawn", 2)).await;
    assert_eq!(status, 200);
    assert_eq!(dispatch(&sim.state().await)["status"], "withdrawn");
    assert!(sim.data.join("state.json").exists());
}
