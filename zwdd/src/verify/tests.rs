use super::*;
use crate::sign::{
    HEADER_ALGORITHM, HEADER_API_KEY, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIMESTAMP,
    HEADER_VERSION,
};

const MSG: &str = r#"{"msgtype":"text","text":{"content":"新的待办"}}"#;
const PARAMS: [(&str, &str); 4] = [
    ("tenantId", "196729"),
    ("receiverIds", "10003"),
    ("bizMsgId", "d1-zwdd"),
    ("msg", MSG),
];

fn request<'a>(params: &'a [(&'a str, &'a str)]) -> Request<'a> {
    Request {
        method: "POST",
        path: "/message/workNotification",
        params,
    }
}

/// The worked example of the signing tests (`openssl dgst -sha256 -hmac test-secret`).
fn example() -> SignedHeaders {
    SignedHeaders {
        api_key: "test-key".into(),
        timestamp: "2024-05-01T10:20:30.123+08:00".into(),
        nonce: "17145300301231234".into(),
        signature: "6q8RcCIv0F6iyvm5wjTNKI1R7/I69GKiGP6cN5QkDdw=".into(),
    }
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn the_worked_example_verifies_and_any_change_breaks_it() {
    let now = at("2024-05-01T02:21:00Z");
    assert_eq!(
        verify(&example(), &request(&PARAMS), "test-secret", now),
        Ok(())
    );
    // The same parameters in another order and a blank one: the canonical string is the same.
    let reordered = [
        ("msg", MSG),
        ("organizationCodes", ""),
        ("bizMsgId", "d1-zwdd"),
        ("receiverIds", "10003"),
        ("tenantId", "196729"),
    ];
    assert_eq!(
        verify(&example(), &request(&reordered), "test-secret", now),
        Ok(())
    );

    let tampered = [
        ("tenantId", "196729"),
        ("receiverIds", "10004"),
        ("bizMsgId", "d1-zwdd"),
        ("msg", MSG),
    ];
    let refused = |headers: &SignedHeaders, request: &Request<'_>, secret: &str| {
        verify(headers, request, secret, now).unwrap_err()
    };
    assert_eq!(
        refused(&example(), &request(&tampered), "test-secret"),
        VerifyError::Signature
    );
    assert_eq!(
        refused(&example(), &request(&PARAMS), "other-secret"),
        VerifyError::Signature
    );
    let mut prefixed = request(&PARAMS);
    prefixed.path = "/gw/message/workNotification";
    assert_eq!(
        refused(&example(), &prefixed, "test-secret"),
        VerifyError::Signature
    );
    let mut get = request(&PARAMS);
    get.method = "GET";
    assert_eq!(
        refused(&example(), &get, "test-secret"),
        VerifyError::Signature
    );
    let mut nonce = example();
    nonce.nonce = "17145300301231235".into();
    assert_eq!(
        refused(&nonce, &request(&PARAMS), "test-secret"),
        VerifyError::Signature
    );
    let mut garbage = example();
    garbage.signature = "not base64!".into();
    assert_eq!(
        refused(&garbage, &request(&PARAMS), "test-secret"),
        VerifyError::Signature
    );
}

#[test]
fn what_the_client_signs_the_gateway_accepts() {
    let now = at("2026-03-02T01:00:00Z");
    let mut prefixed = request(&PARAMS);
    prefixed.path = "/gw/message/workNotification";
    let sent = sign::headers("test-key", "test-secret", &prefixed, now);
    let headers = SignedHeaders::read(|name| {
        sent.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    })
    .unwrap();
    assert_eq!(headers.api_key, "test-key");
    assert_eq!(verify(&headers, &prefixed, "test-secret", now), Ok(()));
}

#[test]
fn the_timestamp_must_be_within_five_minutes_either_way() {
    let headers = example();
    let check = |now: &str| verify(&headers, &request(&PARAMS), "test-secret", at(now));
    assert_eq!(check("2024-05-01T02:25:30.123Z"), Ok(()));
    assert_eq!(check("2024-05-01T02:15:30.123Z"), Ok(()));
    assert_eq!(
        check("2024-05-01T02:25:31.123Z"),
        Err(VerifyError::Stale { seconds: -301 })
    );
    assert_eq!(
        check("2024-05-01T02:15:29Z"),
        Err(VerifyError::Stale { seconds: 301 })
    );
    // UTC with `Z`, as JavaScript clients send it, is a timestamp too.
    let mut utc = example();
    utc.timestamp = "2024-05-01T02:20:30.123Z".into();
    assert_eq!(utc.instant(), example().instant());
    let mut bad = example();
    bad.timestamp = "yesterday".into();
    let e = verify(
        &bad,
        &request(&PARAMS),
        "test-secret",
        at("2024-05-01T02:20:30Z"),
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.to_string()),
        ("TIMESTAMP_INVALID", "时间戳「yesterday」无法解析".into())
    );
}

#[test]
fn headers_are_required_and_md5_is_refused() {
    let full = [
        (HEADER_API_KEY, "test-key"),
        (HEADER_TIMESTAMP, "2024-05-01T10:20:30.123+08:00"),
        (HEADER_VERSION, "1.0"),
        (HEADER_NONCE, "1"),
        (HEADER_SIGNATURE, "x"),
    ];
    let read = |headers: &[(&str, &'static str)]| {
        SignedHeaders::read(|name| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| *v)
        })
    };
    assert!(read(&full).is_ok());
    for missing in [
        HEADER_API_KEY,
        HEADER_TIMESTAMP,
        HEADER_VERSION,
        HEADER_NONCE,
        HEADER_SIGNATURE,
    ] {
        let without: Vec<_> = full
            .iter()
            .copied()
            .filter(|(n, _)| *n != missing)
            .collect();
        let e = read(&without).unwrap_err();
        assert_eq!(e, VerifyError::MissingHeader(missing));
        assert_eq!(e.code(), "SIGNATURE_INVALID");
    }
    let mut blank = full;
    blank[0].1 = " ";
    assert_eq!(
        read(&blank),
        Err(VerifyError::MissingHeader(HEADER_API_KEY))
    );
    let mut v2 = full;
    v2[2].1 = "2.0";
    assert_eq!(read(&v2), Err(VerifyError::Version("2.0".into())));
    let mut md5 = full.to_vec();
    md5.push((HEADER_ALGORITHM, "MD5"));
    assert_eq!(read(&md5), Err(VerifyError::Algorithm("MD5".into())));
}

#[test]
fn a_nonce_is_refused_the_second_time_within_the_window() {
    let mut nonces = Nonces::default();
    let now = at("2026-03-02T01:00:00Z");
    assert_eq!(nonces.check("k", "n1", now), Ok(()));
    assert_eq!(nonces.check("other", "n1", now), Ok(()));
    let e = nonces
        .check("k", "n1", now + SignedDuration::from_secs(599))
        .unwrap_err();
    assert_eq!(
        (e.code(), e),
        ("NONCE_REUSED", VerifyError::NonceReused("n1".into()))
    );
    // Forgotten after twice the window: its timestamp is refused by then anyway.
    assert_eq!(
        nonces.check("k", "n1", now + SignedDuration::from_secs(601)),
        Ok(())
    );
}
