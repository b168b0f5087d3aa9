//! Open-API signature verification (`lianban_sdk::sign::verify`): a department system's report
//! of a 1 KiB JSON body (`POST /open/v1/matters/{number}/dispatches/{node}/steps`), signed with
//! HMAC-SHA256 and with HMAC-SM3 — body digest, string to sign and constant-time MAC check.
//!
//! Target: ≥ 10,000 verifications/s per algorithm on one core, i.e. at most 0.1 ms of CPU per
//! inbound call: a few per cent of the call's own database transaction, so checking signatures
//! never limits how many department systems one node serves.

use anyhow::ensure;
use lianban_bench::{Bench, Case, Target};
use lianban_sdk::sign::{Algorithm, Request, SignError, sign, verify};
use std::process::ExitCode;

/// How many verifications one timed iteration performs.
const BATCH: u64 = 200;

fn main() -> anyhow::Result<ExitCode> {
    let mut bench = Bench::from_env();
    let secret = lianban_sdk::sign::new_secret();
    let mut body = String::from(r#"{"step":"科室审核","by":"张敏","opinion":""#);
    while body.len() < 1000 {
        body.push_str("材料齐全，符合规定。");
    }
    body.push_str(r#"","at":"2026-03-02T09:30:00+08:00"}"#);
    let request = Request {
        method: "POST",
        // 联办〔2026〕00123号, percent-encoded as sent.
        path_and_query: "/open/v1/matters/%E8%81%94%E5%8A%9E%E3%80%942026%E3%80%9500123%E5%8F%B7/dispatches/zrzyj/steps",
        body: body.as_bytes(),
    };
    let now = 1_772_413_200;
    for (name, algorithm) in [
        ("signature/verify_hmac_sha256", Algorithm::HmacSha256),
        ("signature/verify_hmac_sm3", Algorithm::HmacSm3),
    ] {
        if !bench.wants(name) {
            continue;
        }
        let signed = sign(
            "demo-zrzyj",
            &secret,
            algorithm,
            request,
            now,
            "0123456789abcdef0123",
        );
        let tampered = Request {
            body: &request.body[1..],
            ..request
        };
        ensure!(
            verify(&signed, &secret, tampered, now) == Err(SignError::Invalid),
            "{name}: a tampered body passed"
        );
        let case = Case::new(name, Target::PerSecondAbove(10_000.0))
            .warmup(5)
            .iterations(200)
            .ops_per_iteration(BATCH);
        bench.run(&case, || {
            for _ in 0..BATCH {
                verify(&signed, &secret, request, now)?;
            }
            Ok(())
        })?;
    }
    Ok(bench.finish())
}
