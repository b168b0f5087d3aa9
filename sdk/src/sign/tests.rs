//! Known answers (checked against `openssl dgst` / `openssl mac`) and every refusal.

use super::*;

/// The worked example of the integration guide (docs/integration/signing.md): the same values,
/// the same answers. The expected signatures were computed with `openssl mac`, not with this crate.
const SECRET: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const PATH: &str = "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps";
const BODY: &str =
    r#"{"name":"科室初审","handler":"张三","at":"2026-03-02T09:00:00+08:00","opinion":"同意"}"#;
const TS: i64 = 1_772_413_200; // 2026-03-02 09:00:00 +08:00
const NONCE: &str = "7c1e5b0a9d3f4e21a8b6c0d2e4f61357";

fn request() -> Request<'static> {
    Request {
        method: "POST",
        path_and_query: PATH,
        body: BODY.as_bytes(),
    }
}

fn signed(algorithm: Algorithm) -> Signature {
    sign("demo-rsj", SECRET, algorithm, request(), TS, NONCE)
}

#[test]
fn digests_and_macs_match_the_published_vectors() {
    // GB/T 32905 example 1.
    assert_eq!(
        Algorithm::HmacSm3.body_digest(b"abc"),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    // RFC 4231 test case 2, and the same input under HMAC-SM3 (openssl mac -digest SM3).
    let text = "what do ya want for nothing?";
    assert_eq!(
        hex(&Algorithm::HmacSha256.mac("Jefe", text)),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        hex(&Algorithm::HmacSm3.mac("Jefe", text)),
        "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882"
    );
}

#[test]
fn the_worked_example_signs_as_documented() {
    assert_eq!(
        Algorithm::HmacSha256.body_digest(BODY.as_bytes()),
        "1c0911743c83de3028694b61313bb5b637cc555e1aa8e77a325fbd91c6cb2a4f"
    );
    assert_eq!(
        Algorithm::HmacSm3.body_digest(BODY.as_bytes()),
        "1406262248611b6cd684878f45b2ade62624ce4e4edbc38f767443b1135a81a4"
    );
    assert_eq!(
        string_to_sign("post", PATH, TS, NONCE, "d"),
        format!("POST\n{PATH}\n1772413200\n{NONCE}\nd")
    );
    assert_eq!(
        signed(Algorithm::HmacSha256).signature,
        "6bb7dadd95a8f096b8ef8eba3a001102904ed601b0b251b5864dc4173bb98b6d"
    );
    assert_eq!(
        signed(Algorithm::HmacSm3).signature,
        "257dee41ef2b9b1e4bbf9191029976fc76634b4e24dfaa15150e0ec616facc58"
    );
}

fn parse(headers: &[(&'static str, String)]) -> Result<Signature, SignError> {
    Signature::from_headers(|name| {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    })
}

#[test]
fn headers_round_trip_and_verify_within_the_window() {
    for algorithm in [Algorithm::HmacSha256, Algorithm::HmacSm3] {
        let sig = signed(algorithm);
        let back = parse(&sig.headers()).unwrap();
        assert_eq!(back, sig);
        for now in [TS - WINDOW_SECS, TS, TS + WINDOW_SECS] {
            let ok = verify(&back, SECRET, request(), now).unwrap();
            assert_eq!(
                (ok.app_key.as_str(), ok.nonce.as_str()),
                ("demo-rsj", NONCE)
            );
        }
    }
}

#[test]
fn the_method_header_defaults_to_sha256_and_upper_case_hex_is_accepted() {
    let sig = signed(Algorithm::HmacSha256);
    let mut headers: Vec<_> = sig
        .headers()
        .into_iter()
        .filter(|(n, _)| *n != HEADER_METHOD)
        .collect();
    headers
        .iter_mut()
        .find(|(n, _)| *n == HEADER_SIGNATURE)
        .unwrap()
        .1 = sig.signature.to_uppercase();
    let back = parse(&headers).unwrap();
    verify(&back, SECRET, request(), TS).unwrap();
}

#[test]
fn tampering_with_anything_signed_is_refused() {
    let sig = signed(Algorithm::HmacSm3);
    let tampered_body = BODY.replace("同意", "不同意");
    let cases: [(&str, Request<'_>); 4] = [
        (
            "body",
            Request {
                body: tampered_body.as_bytes(),
                ..request()
            },
        ),
        (
            "path",
            Request {
                path_and_query: "/open/v1/matters/LB-20260302-0002/dispatches/n3/steps",
                ..request()
            },
        ),
        (
            "query",
            Request {
                path_and_query: "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps?x=1",
                ..request()
            },
        ),
        (
            "method",
            Request {
                method: "PUT",
                ..request()
            },
        ),
    ];
    for (what, req) in cases {
        assert_eq!(
            verify(&sig, SECRET, req, TS),
            Err(SignError::Invalid),
            "{what}"
        );
    }
    let mut other = sig.clone();
    other.nonce = "00000000000000000000000000000000".into();
    assert_eq!(
        verify(&other, SECRET, request(), TS),
        Err(SignError::Invalid),
        "nonce"
    );
    let mut other = sig.clone();
    other.timestamp += 1;
    assert_eq!(
        verify(&other, SECRET, request(), TS),
        Err(SignError::Invalid),
        "timestamp"
    );
    let mut other = sig.clone();
    other.algorithm = Algorithm::HmacSha256;
    assert_eq!(
        verify(&other, SECRET, request(), TS),
        Err(SignError::Invalid),
        "algorithm"
    );
    assert_eq!(
        verify(&sig, "another secret", request(), TS),
        Err(SignError::Invalid),
        "secret"
    );
    let mut other = sig.clone();
    other.signature = "zz".repeat(32);
    assert_eq!(
        verify(&other, SECRET, request(), TS),
        Err(SignError::Invalid),
        "not hex"
    );
    other.signature.clear();
    assert_eq!(
        verify(&other, SECRET, request(), TS),
        Err(SignError::Invalid),
        "empty"
    );
}

#[test]
fn stale_and_future_timestamps_are_refused() {
    let sig = signed(Algorithm::HmacSha256);
    for now in [TS - WINDOW_SECS - 1, TS + WINDOW_SECS + 1, TS + 86_400, 0] {
        let err = verify(&sig, SECRET, request(), now).unwrap_err();
        assert_eq!(
            (err.clone(), err.code()),
            (SignError::Stale, "timestamp_out_of_window")
        );
    }
}

#[test]
fn missing_and_malformed_headers_are_named() {
    let good = signed(Algorithm::HmacSha256).headers();
    for name in [HEADER_KEY, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE] {
        let without: Vec<_> = good.iter().filter(|(n, _)| *n != name).cloned().collect();
        let err = parse(&without).unwrap_err();
        assert_eq!(
            (err.clone(), err.code()),
            (SignError::Missing(name), "signature_missing")
        );
        assert!(err.to_string().contains(name), "{err}");
    }
    for (name, value) in [
        (HEADER_TIMESTAMP, "1772413200.5"),
        (HEADER_TIMESTAMP, "-5"),
        (HEADER_TIMESTAMP, "99999999999999999999"),
        (HEADER_NONCE, "short"),
        (HEADER_NONCE, "has spaces in it, sixteen+"),
        (HEADER_NONCE, &"n".repeat(65)),
        (HEADER_METHOD, "HMAC-MD5"),
    ] {
        let mut headers = good.to_vec();
        headers.iter_mut().find(|(n, _)| *n == name).unwrap().1 = value.to_owned();
        let err = parse(&headers).unwrap_err();
        assert_eq!(
            (err.clone(), err.code()),
            (SignError::Malformed(name), "signature_malformed"),
            "{value}"
        );
    }
}

#[test]
fn fresh_nonces_and_secrets_are_well_formed_and_distinct() {
    let (a, b) = (new_nonce(), new_nonce());
    assert!(valid_nonce(&a) && a != b);
    let secret = new_secret();
    assert_eq!(secret.len(), 64);
    assert_ne!(secret, new_secret());
    assert_eq!(
        unhex(&hex(&[0, 1, 0xab, 0xff])),
        Some(vec![0, 1, 0xab, 0xff])
    );
}
