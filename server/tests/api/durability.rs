//! Durability through the real binary on the embedded store (SurrealKV): a write the API has
//! acknowledged survives `kill -9` and a restart on the same data folder. Loopback only.

use crate::support::{PDF, pending_task, transfer_values};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The `lianban` binary serving a data folder on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<String>>,
}

/// Copies a pipe of the child into `log`, line by line; `ready` is signalled when the server
/// announces that it listens.
fn drain(
    pipe: impl Read + Send + 'static,
    log: Arc<Mutex<String>>,
    ready: Option<tokio::sync::mpsc::UnboundedSender<()>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if let Some(ready) = ready.as_ref().filter(|_| line.contains("联办已启动")) {
                let _ = ready.send(());
            }
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

impl Server {
    /// Starts the binary on `data` and waits (at most 60 s) until GET /health answers 200.
    async fn start(data: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_lianban"));
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("LIANBAN_")) {
            command.env_remove(key);
        }
        let mut child = command
            .env("LIANBAN_DATA_DIR", data)
            .env("LIANBAN_PORT", port.to_string())
            .env("LIANBAN_BIND", "127.0.0.1")
            .env("LIANBAN_WEB_DIR", data.join("web"))
            .env("LIANBAN_LOG", "info,surrealdb=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (ready, mut announced) = tokio::sync::mpsc::unbounded_channel();
        drain(child.stdout.take().unwrap(), log.clone(), Some(ready));
        drain(child.stderr.take().unwrap(), log.clone(), None);
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        // Waits for the announcement instead of polling; the pipe closing means it exited.
        let deadline = Instant::now() + Duration::from_secs(60);
        let outcome = tokio::time::timeout(Duration::from_secs(60), announced.recv()).await;
        assert!(
            matches!(outcome, Ok(Some(()))),
            "lianban did not start:\n{}",
            server.log()
        );
        let client = client();
        loop {
            let health = client.get(format!("{}/health", server.base)).send().await;
            match health {
                Ok(r) if r.status() == StatusCode::OK => break,
                other => assert!(
                    Instant::now() < deadline,
                    "health: {other:?}\n{}",
                    server.log()
                ),
            }
        }
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `kill -9`: no shutdown, no flushing beyond what each acknowledged request did.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// A logged-in web-app-like client (cookie jar, same-origin requests).
    async fn login(&self, username: &str) -> Api {
        let api = Api {
            client: client(),
            base: self.base.clone(),
        };
        let body = json!({ "username": username, "password": lianban_seeds::DEMO_PASSWORD });
        api.post("/api/v1/auth/login", body, StatusCode::OK).await;
        api
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// One user's session against a running binary.
struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    async fn check(resp: reqwest::Response, status: StatusCode) -> Value {
        let got = resp.status();
        let text = resp.text().await.unwrap();
        assert_eq!(got, status, "body: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
    async fn get(&self, path: &str) -> Value {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::check(resp, StatusCode::OK).await
    }
    async fn post(&self, path: &str, body: Value, status: StatusCode) -> Value {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        Self::check(resp, status).await
    }
    async fn upload(&self, matter: &str, filename: &str, bytes: &[u8]) -> Value {
        let file = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(filename.to_owned());
        let form = reqwest::multipart::Form::new()
            .text("field", "materials")
            .part("file", file);
        let url = format!("{}/api/v1/matters/{matter}/attachments", self.base);
        let resp = self.client.post(url).multipart(form).send().await.unwrap();
        Self::check(resp, StatusCode::CREATED).await
    }
    async fn download(&self, attachment: &str) -> Vec<u8> {
        let url = format!("{}/api/v1/attachments/{attachment}", self.base);
        let resp = self.client.get(url).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        resp.bytes().await.unwrap().to_vec()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn acknowledged_writes_survive_kill_9_and_restart() {
    let started = Instant::now();
    let data = tempfile::tempdir().unwrap();

    // First life: register, attach, submit; killed right after the acknowledgement.
    let server = Server::start(data.path()).await;
    let clerk = server.login("zzb_clerk").await;
    let body = json!({ "type_code": "personnel_transfer", "title": "张三调入" });
    let draft = clerk
        .post("/api/v1/matters", body, StatusCode::CREATED)
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let file = clerk.upload(&id, "调入审批表.pdf", PDF).await;
    let mut values = transfer_values("no");
    values["materials"] = json!([file["id"]]);
    let submitted = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
            StatusCode::OK,
        )
        .await;
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
    let done = page["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task)
        .unwrap();
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
