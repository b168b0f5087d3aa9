//! The deadline scan (`lianban_server::deadline::scan`) at scale, on a real Lianban over an
//! embedded SurrealKV: N live 人员调入联办 matters (2,000; 20 in a smoke run), each with three
//! units working in parallel, made through the API — a tenth submitted on Monday 2026-03-02
//! 09:00 (the "early" ones), the rest on Thursday 03-05 09:00. Then:
//!
//! - `first_full`: a node's first scan (Thursday 12:00) reads every live matter and records on
//!   each when its next tier is due (`check_ms`); nothing fires. One sample per data set.
//! - `hourly_full`: the hourly full scan of the same node, nothing to record or fire.
//! - `nothing_due`: the scan every minute when no matter is due for a look: it reads only the
//!   matters whose `check_ms` is reached, on an index, so it should not grow with N.
//! - `ten_percent_due`: the scans at which the early tenth reaches a tier — blue (Friday 03-06
//!   09:00), yellow (Monday 03-09, the due day) and red (Tuesday 03-10, overdue) — and each of its
//!   matters fires alerts, timeline entries, work-list colours and notifications in one
//!   transaction. Three samples per data set.
//!
//! Targets (2,000 live matters): `nothing_due` p95 ≤ 50 ms — every node runs it every minute, it
//! must cost nothing; the full scans and `ten_percent_due` ≤ 30 s — half the 60 s interval, so a
//! scan is always over before the next one and warnings go out in the minute they are due.

use anyhow::{anyhow, ensure};
use jiff::Timestamp;
use lianban_bench::server::Server;
use lianban_bench::{Bench, Case, Target};
use lianban_server::AppState;
use lianban_server::deadline::{ScanReport, scan};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const FIRST_FULL: &str = "deadline_scan/first_full";
const HOURLY_FULL: &str = "deadline_scan/hourly_full";
const NOTHING_DUE: &str = "deadline_scan/nothing_due";
const TEN_PERCENT_DUE: &str = "deadline_scan/ten_percent_due";

/// [`scan`] with its error as an `anyhow` error.
async fn scan_once(state: &AppState, now: Timestamp) -> anyhow::Result<ScanReport> {
    scan(state, now)
        .await
        .map_err(|e| anyhow!("scan failed: {} {}", e.code, e.detail))
}

/// Sets the clock to `at` (China time) and scans, timed.
async fn scan_at(server: &Server, at: &str) -> anyhow::Result<(ScanReport, Duration)> {
    let now = server.set_clock(at)?;
    let start = Instant::now();
    let report = scan_once(server.state(), now).await?;
    Ok((report, start.elapsed()))
}

/// Submits `count` matters at `at` (China time) as 区委组织部's clerk.
async fn submit_at(server: &Server, at: &str, count: usize) -> anyhow::Result<()> {
    server.set_clock(at)?;
    let clerk = server.login("zzb_clerk").await?;
    clerk.submit_transfers(count).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let mut bench = Bench::from_env();
    if !bench.wants_any(&[FIRST_FULL, HOURLY_FULL, NOTHING_DUE, TEN_PERCENT_DUE]) {
        return Ok(bench.finish());
    }
    let total = bench.size(20, 2_000);
    let early = total / 10;
    let half_interval = Target::p95_ms(30_000);

    let server = Server::start().await?;
    submit_at(&server, "2026-03-02 09:00", early).await?;
    submit_at(&server, "2026-03-05 09:00", total - early).await?;

    // The node's first scan is full; it is the data set's only one, so it always runs.
    let (report, took) = scan_at(&server, "2026-03-05 12:00").await?;
    ensure!(
        report.full && report.matters == total && report.fired == 0,
        "first scan: {report:?}"
    );
    bench.record(&Case::new(FIRST_FULL, half_interval), &[took])?;

    // A fresh memo makes a full scan without touching the node's own memo (which the regular
    // scans below count towards the next hourly full scan).
    let mut other_node = server.state().clone();
    let hourly = Case::new(HOURLY_FULL, half_interval)
        .warmup(1)
        .iterations(5);
    let now = server.set_clock("2026-03-05 13:00")?;
    bench
        .run_async(&hourly, || {
            other_node.deadlines = Arc::default();
            let state = other_node.clone();
            async move {
                let report = scan_once(&state, now).await?;
                ensure!(
                    report.full && report.matters == total && report.fired == 0,
                    "hourly full scan: {report:?}"
                );
                Ok(report)
            }
        })
        .await?;

    // Fewer regular scans than a node makes between two full ones.
    let idle = Case::new(NOTHING_DUE, Target::p95_ms(50))
        .warmup(3)
        .iterations(40);
    let now = server.set_clock("2026-03-05 13:01")?;
    bench
        .run_async(&idle, || async {
            let report = scan_once(server.state(), now).await?;
            ensure!(
                !report.full && report.matters == 0,
                "regular scan with nothing due: {report:?}"
            );
            Ok(report)
        })
        .await?;

    if bench.wants(TEN_PERCENT_DUE) {
        let mut samples = Vec::new();
        for at in ["2026-03-06 09:00", "2026-03-09 09:00", "2026-03-10 09:00"] {
            let (report, took) = scan_at(&server, at).await?;
            ensure!(
                !report.full && report.matters == early && report.fired >= early,
                "scan at {at}, the early tenth due: {report:?}"
            );
            samples.push(took);
        }
        bench.record(&Case::new(TEN_PERCENT_DUE, half_interval), &samples)?;
    }
    Ok(bench.finish())
}
