//! `LIANBAN_DB=ws://…`: two `lianban` nodes on one SurrealDB server (the real `surreal` CLI,
//! built from `tools/surreal` by `make test`, path in `LIANBAN_SURREAL_BIN`). A matter one node
//! writes is seen and continued by the other, and survives a node restart. Loopback only.

use crate::process::{Server, client};
use crate::support::{pending_task, task_of};
use reqwest::StatusCode;
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A SurrealDB server in memory on a free loopback port; killed when dropped.
pub struct Surreal {
    child: Child,
    /// Its `ws://` endpoint.
    pub endpoint: String,
}

impl Surreal {
    pub async fn start() -> Self {
        let bin = std::env::var("LIANBAN_SURREAL_BIN").expect(
            "LIANBAN_SURREAL_BIN must name the surreal server binary: run the tests with `make test`, which builds tools/surreal",
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .args([
                "start",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--user",
                "root",
                "--pass",
                "root",
                "--log",
                "warn",
                "memory",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start surreal");
        let server = Self {
            child,
            endpoint: format!("ws://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let http = client();
        loop {
            match http
                .get(format!("http://127.0.0.1:{port}/health"))
                .send()
                .await
            {
                Ok(r) if r.status() == StatusCode::OK => break,
                other => {
                    assert!(
                        Instant::now() < deadline,
                        "surreal did not start: {other:?}"
                    );
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        server
    }
}

impl Drop for Surreal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_share_one_surrealdb_server() {
    let started = Instant::now();
    let surreal = Surreal::start().await;
    let env = [
        ("LIANBAN_DB", surreal.endpoint.as_str()),
        ("LIANBAN_DB_USER", "root"),
        ("LIANBAN_DB_PASS", "root"),
    ];
    // The nodes share the database; uploaded files live in one shared folder (object storage in
    // production).
    let files = tempfile::tempdir().unwrap();
    let a = Server::start_with(files.path(), &env).await;
    let b = Server::start_with(files.path(), &env).await;

    // Node A: register and submit (the demo world was seeded once, by whichever node was first).
    let clerk = a.login("zzb_clerk").await;
    let (id, _file, submitted) = clerk.submitted_transfer("远程库").await;
    assert!(
        submitted["number"].as_str().unwrap().ends_with("00001号"),
        "{submitted}"
    );

    // Node B: 人社局 sees it in its todo list and approves.
    let rsj = b.login("rsj_clerk").await;
    let todo = rsj.get("/api/v1/worklist/todo").await;
    assert_eq!(todo["items"][0]["matter_id"], json!(id), "{todo}");
    let task = pending_task(&submitted, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({ "opinion": "同意" }),
        StatusCode::OK,
    )
    .await;

    // Node A restarts; the state lives in the server, not in the node.
    a.kill();
    let a = Server::start_with(files.path(), &env).await;
    let page = a
        .login("zzb_clerk")
        .await
        .get(&format!("/api/v1/matters/{id}"))
        .await;
    let done = task_of(&page, task);
    assert_eq!(done["status"], "done", "{page}");
    drop((a, b));
    println!("remote store: {:.1} s", started.elapsed().as_secs_f64());
}
