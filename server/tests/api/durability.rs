//! Durability through the real binary on the embedded store (SurrealKV): a write the API has
//! acknowledged survives `kill -9` and a restart on the same data folder. Loopback only.

use crate::process::Server;
use crate::support::{PDF, pending_task, task_of};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread")]
async fn acknowledged_writes_survive_kill_9_and_restart() {
    let started = Instant::now();
    let data = tempfile::tempdir().unwrap();

    // First life: register, attach, submit; killed right after the acknowledgement.
    let server = Server::start(data.path()).await;
    let clerk = server.login("zzb_clerk").await;
    let (id, file, submitted) = clerk.submitted_transfer("张三调入").await;
    assert_eq!(submitted["status"], "running");
    let number = submitted["number"].as_str().unwrap().to_owned();
    server.kill();

    // Second life: everything is there; 人社局 approves, and is killed right after.
    let server = Server::start(data.path()).await;
    let clerk = server.login("zzb_clerk").await;
    let page = clerk.get(&format!("/api/v1/matters/{id}")).await;
    assert_eq!(
        (&page["number"], &page["status"]),
        (&json!(number), &json!("running"))
    );
    assert_eq!(page["attachments"][0]["sm3"], file["sm3"]);
    assert_eq!(clerk.download(file["id"].as_str().unwrap()).await, PDF);
    let rsj = server.login("rsj_clerk").await;
    let task = pending_task(&page, "rsj");
    let base = format!("/api/v1/matters/{id}/tasks/{task}");
    rsj.post(&format!("{base}/claim"), json!({}), StatusCode::OK)
        .await;
    let approved = rsj
        .post(
            &format!("{base}/approve"),
            json!({ "opinion": "同意调入" }),
            StatusCode::OK,
        )
        .await;
    let next = pending_task(&approved, "rsj");
    server.kill();

    // Third life: the approval is still there, and the leader's step is waiting.
    let server = Server::start(data.path()).await;
    let page = server
        .login("zzb_clerk")
        .await
        .get(&format!("/api/v1/matters/{id}"))
        .await;
    let done = task_of(&page, task);
    assert_eq!(
        (&done["status"], &done["opinion"]),
        (&json!("done"), &json!("同意调入")),
        "{page}"
    );
    assert_eq!(pending_task(&page, "rsj"), next);
    assert_eq!(page["number"], json!(number));
    let leader = server.login("rsj_leader").await;
    let todo = leader.get("/api/v1/worklist/todo").await;
    assert_eq!(todo["items"][0]["matter_id"], json!(id), "{todo}");
    drop(server);
    println!("durability: {:.1} s", started.elapsed().as_secs_f64());
}
