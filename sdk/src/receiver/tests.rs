//! Every outcome of a push: new, repeated, and each refusal.

use super::*;
use crate::api::EventType;
use crate::sign::Algorithm;

const KEY: &str = "demo-zrzyj";
const SECRET: &str = "3b1f7e9c2d5a4b8e6f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6";
const PATH: &str = "/lianban/events";
const NOW: i64 = 1_772_413_200;

fn event(id: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id,
        "type": "dispatch.created",
        "seq": 1,
        "occurred_at": "2026-03-02T09:00:00+08:00",
        "matter": {
            "number": "LB-20260302-0001", "title": "办公用房调整", "type_code": "bgyf",
            "type_name": "办公用房调整", "initiator_unit": "jgswzx",
            "initiator_unit_name": "区机关事务中心", "initiator_name": "郑浩"
        },
        "dispatch": {"node": "n3", "unit": "zrzyj", "name": "自然资源和规划分局审核", "round": 0},
        "data": {"values": {}, "form": [], "materials": []}
    }))
    .unwrap()
}

/// A push as Lianban sends it: signed at `at` with a fresh nonce.
struct Push {
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

fn push(body: Vec<u8>, at: i64, algorithm: Algorithm) -> Push {
    push_with(body, at, algorithm, &sign::new_nonce(), SECRET)
}

fn push_with(body: Vec<u8>, at: i64, algorithm: Algorithm, nonce: &str, secret: &str) -> Push {
    let request = Request {
        method: "POST",
        path_and_query: PATH,
        body: &body,
    };
    let headers = sign::sign(KEY, secret, algorithm, request, at, nonce)
        .headers()
        .to_vec();
    Push { body, headers }
}

fn deliver(receiver: &Receiver, push: &Push, now: i64) -> Result<Delivery, ReceiveError> {
    receiver.receive(
        Request {
            method: "POST",
            path_and_query: PATH,
            body: &push.body,
        },
        |name| {
            push.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        },
        now,
    )
}

#[test]
fn a_valid_push_is_new_and_its_event_parsed() {
    let receiver = Receiver::new(KEY, SECRET);
    for (id, algorithm) in [("e1", Algorithm::HmacSha256), ("e2", Algorithm::HmacSm3)] {
        match deliver(&receiver, &push(event(id), NOW, algorithm), NOW + 10).unwrap() {
            Delivery::New(event) => {
                assert_eq!(event.id, id);
                assert_eq!(event.kind, EventType::DispatchCreated);
                assert_eq!(event.dispatch_data().unwrap().materials, vec![]);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(receiver.remembered(), (2, 2));
}

#[test]
fn a_redelivered_event_is_a_repeat_even_with_a_fresh_signature() {
    let receiver = Receiver::new(KEY, SECRET);
    assert!(matches!(
        deliver(
            &receiver,
            &push(event("e1"), NOW, Algorithm::HmacSha256),
            NOW
        ),
        Ok(Delivery::New(_))
    ));
    let again = push(event("e1"), NOW + 30, Algorithm::HmacSha256);
    assert_eq!(
        deliver(&receiver, &again, NOW + 30),
        Ok(Delivery::Repeat("e1".into()))
    );
}

#[test]
fn a_tampered_body_or_another_secret_is_refused() {
    let receiver = Receiver::new(KEY, SECRET);
    let mut tampered = push(event("e1"), NOW, Algorithm::HmacSm3);
    tampered.body = event("e2");
    let err = deliver(&receiver, &tampered, NOW).unwrap_err();
    assert_eq!((err.status(), err.code()), (401, "signature_invalid"));
    let forged = push_with(
        event("e1"),
        NOW,
        Algorithm::HmacSha256,
        &sign::new_nonce(),
        "guessed",
    );
    let err = deliver(&receiver, &forged, NOW).unwrap_err();
    assert_eq!(err.problem().code, "signature_invalid");
    assert_eq!(err.problem().status, 401);
    // Nothing refused was taken in.
    assert_eq!(receiver.remembered(), (0, 0));
}

#[test]
fn a_stale_or_future_push_is_refused() {
    let receiver = Receiver::new(KEY, SECRET);
    for at in [NOW - WINDOW_SECS - 1, NOW + WINDOW_SECS + 1] {
        let err = deliver(
            &receiver,
            &push(event("e1"), at, Algorithm::HmacSha256),
            NOW,
        );
        assert_eq!(
            err.unwrap_err().code(),
            "timestamp_out_of_window",
            "signed at {at}"
        );
    }
}

#[test]
fn a_reused_nonce_is_refused_until_it_left_the_window() {
    let receiver = Receiver::new(KEY, SECRET);
    let nonce = sign::new_nonce();
    let first = push_with(event("e1"), NOW, Algorithm::HmacSha256, &nonce, SECRET);
    deliver(&receiver, &first, NOW).unwrap();
    // The very same request again, and another body under the same nonce.
    let err = deliver(&receiver, &first, NOW + 1).unwrap_err();
    assert_eq!((err.status(), err.code()), (401, "nonce_reused"));
    let other = push_with(event("e2"), NOW + 2, Algorithm::HmacSha256, &nonce, SECRET);
    assert_eq!(
        deliver(&receiver, &other, NOW + 2),
        Err(ReceiveError::NonceReused)
    );
    // Once every request carrying it would be stale, the nonce is pruned.
    let later = NOW + 2 * WINDOW_SECS + 3;
    let fresh = push(event("e3"), later, Algorithm::HmacSha256);
    deliver(&receiver, &fresh, later).unwrap();
    assert_eq!(receiver.remembered().0, 1);
}

#[test]
fn another_app_key_missing_headers_and_a_non_event_body_are_refused() {
    let receiver = Receiver::new("demo-other", SECRET);
    let err = deliver(
        &receiver,
        &push(event("e1"), NOW, Algorithm::HmacSha256),
        NOW,
    );
    assert_eq!(err.unwrap_err().code(), "unknown_app_key");

    let receiver = Receiver::new(KEY, SECRET);
    let mut unsigned = push(event("e1"), NOW, Algorithm::HmacSha256);
    unsigned
        .headers
        .retain(|(n, _)| *n != sign::HEADER_SIGNATURE);
    let err = deliver(&receiver, &unsigned, NOW).unwrap_err();
    assert_eq!((err.status(), err.code()), (401, "signature_missing"));

    let not_an_event = push(br#"{"hello":"world"}"#.to_vec(), NOW, Algorithm::HmacSha256);
    let err = deliver(&receiver, &not_an_event, NOW).unwrap_err();
    assert_eq!((err.status(), err.code()), (400, "bad_request"));
    assert!(err.problem().detail.starts_with("推送内容不是有效的事件"));
}

#[test]
fn event_memory_is_bounded_and_forget_lets_a_redelivery_in() {
    let receiver = Receiver::new(KEY, SECRET).with_event_memory(2);
    for id in ["a", "b", "c"] {
        assert!(receiver.remember(id));
    }
    assert_eq!(receiver.remembered().1, 2);
    // "a" was the oldest and is forgotten; "c" is still known.
    assert!(receiver.remember("a"));
    assert!(!receiver.remember("a"));
    assert!(!receiver.remember("c"));
    receiver.forget("a");
    assert!(matches!(
        deliver(
            &receiver,
            &push(event("a"), NOW, Algorithm::HmacSha256),
            NOW
        ),
        Ok(Delivery::New(_))
    ));
}
