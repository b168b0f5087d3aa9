//! The work list (`GET /api/v1/worklist/todo`) of 人社局's clerk, whose unit has N live
//! matters waiting (2,000; 30 in a smoke run) on a real Lianban over an embedded SurrealKV: the
//! whole request through the router — session, user and posts, the page on the compound index,
//! the capped total, the rows' names and colours.
//!
//! - `todo_first_page`: the list as it opens (20 newest rows and the total);
//! - `todo_next_page`: the next page, by the keyset cursor of the first;
//! - `todo_keyword`: a search by a title fragment that one matter has (`第{N/2}件`).
//!
//! Targets (2,000 matters waiting): both pages p95 ≤ 100 ms — a clerk's list opens at once,
//! however long the unit's backlog; the search p95 ≤ 500 ms — a search answers within half a
//! second.

use anyhow::{Context, ensure};
use lianban_bench::server::Server;
use lianban_bench::{Bench, Case, Target};
use serde_json::Value;
use std::process::ExitCode;

const FIRST_PAGE: &str = "worklist/todo_first_page";
const NEXT_PAGE: &str = "worklist/todo_next_page";
const KEYWORD: &str = "worklist/todo_keyword";

/// The number of rows of a list page and its total.
fn shape(page: &Value) -> (usize, u64) {
    let rows = page["items"].as_array().map_or(0, Vec::len);
    (rows, page["total"].as_u64().unwrap_or(0))
}

/// `text` as a query-string value.
fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let mut bench = Bench::from_env();
    if !bench.wants_any(&[FIRST_PAGE, NEXT_PAGE, KEYWORD]) {
        return Ok(bench.finish());
    }
    let total = bench.size(30, 2_000);
    let server = Server::start().await?;
    let initiator = server.login("zzb_clerk").await?;
    initiator.submit_transfers(total).await?;
    let clerk = server.login("rsj_clerk").await?;

    let first = clerk.get("/api/v1/worklist/todo").await?;
    ensure!(
        shape(&first) == (20, total as u64),
        "first page: {:?} rows/total",
        shape(&first)
    );
    let cursor = first["next_cursor"]
        .as_str()
        .context("first page without next_cursor")?
        .to_owned();
    let page = Target::p95_ms(100);

    let case = Case::new(FIRST_PAGE, page).warmup(5).iterations(100);
    bench
        .run_async(&case, || async {
            let list = clerk.get("/api/v1/worklist/todo").await?;
            ensure!(shape(&list).0 == 20, "first page: {:?}", shape(&list));
            Ok(list)
        })
        .await?;

    let next = format!("/api/v1/worklist/todo?cursor={}", encoded(&cursor));
    let rest = (total - 20).min(20);
    let case = Case::new(NEXT_PAGE, page).warmup(5).iterations(100);
    bench
        .run_async(&case, || async {
            let list = clerk.get(&next).await?;
            ensure!(shape(&list).0 == rest, "next page: {:?}", shape(&list));
            Ok(list)
        })
        .await?;

    let one = total / 2;
    let search = format!("/api/v1/worklist/todo?q={}", encoded(&format!("第{one}件")));
    let case = Case::new(KEYWORD, Target::p95_ms(500))
        .warmup(3)
        .iterations(30);
    bench
        .run_async(&case, || async {
            let list = clerk.get(&search).await?;
            ensure!(
                shape(&list) == (1, 1),
                "search 第{one}件: {:?}",
                shape(&list)
            );
            Ok(list)
        })
        .await?;
    Ok(bench.finish())
}
