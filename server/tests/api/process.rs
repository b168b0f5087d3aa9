//! The real `lianban` binary as a child process on loopback, and an HTTP client that behaves
//! like the web app (cookie jar, same-origin requests). Used by the durability and remote-store
//! tests.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The `lianban` binary serving a data folder on a free loopback port; killed when dropped.
pub struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<String>>,
}

/// Copies a pipe of the child into `log`, line by line; `ready` is signalled when the server
/// announces that it listens.
pub fn drain(
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
    pub async fn start(data: &Path) -> Self {
        Self::start_with(data, &[]).await
    }

    /// Like [`start`](Self::start), with extra environment variables (e.g. `LIANBAN_DB`).
    pub async fn start_with(data: &Path, env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_lianban"));
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("LIANBAN_")) {
            command.env_remove(key);
        }
        command.envs(env.iter().copied());
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
        // Waits for the announcement instead of polling; the pipe closing means it exited. A
        // debug build seeding a remote SurrealDB server on a loaded 2-core machine can take well
        // over a minute; this is a hang guard, not a speed check.
        let deadline = Instant::now() + Duration::from_secs(240);
        let outcome = tokio::time::timeout(Duration::from_secs(240), announced.recv()).await;
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

    /// Test mode only: moves this node's clock (`{"set": …}` or `{"minutes": …}`) and scans the
    /// deadlines; returns the answer (`now`, `scan`). A scan makes many round trips to the
    /// database, so it may take minutes on a loaded machine.
    pub async fn test_clock(&self, body: Value) -> Value {
        let resp = client_waiting(Duration::from_secs(600))
            .post(format!("{}/api/test/clock", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        Api::check(resp, StatusCode::OK).await
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `kill -9`: no shutdown, no flushing beyond what each acknowledged request did.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// A logged-in web-app-like client (cookie jar, same-origin requests).
    pub async fn login(&self, username: &str) -> Api {
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
        // A failing test shows what the node logged (its 500s say why only there).
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            eprintln!(
                "--- log of the node at {} (last lines) ---\n{}",
                self.base,
                tail.join("\n")
            );
        }
    }
}

pub fn client() -> reqwest::Client {
    client_waiting(Duration::from_secs(30))
}

/// Like [`client`], giving up on a request after `timeout`.
pub fn client_waiting(timeout: Duration) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .no_proxy()
        .timeout(timeout)
        .build()
        .unwrap()
}

/// One user's session against a running binary.
pub struct Api {
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
    pub async fn get(&self, path: &str) -> Value {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::check(resp, StatusCode::OK).await
    }
    pub async fn post(&self, path: &str, body: Value, status: StatusCode) -> Value {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        Self::check(resp, status).await
    }
    pub async fn upload(&self, matter: &str, filename: &str, bytes: &[u8]) -> Value {
        let file = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(filename.to_owned());
        let form = reqwest::multipart::Form::new()
            .text("field", "materials")
            .part("file", file);
        let url = format!("{}/api/v1/matters/{matter}/attachments", self.base);
        let resp = self.client.post(url).multipart(form).send().await.unwrap();
        Self::check(resp, StatusCode::CREATED).await
    }
    pub async fn download(&self, attachment: &str) -> Vec<u8> {
        let url = format!("{}/api/v1/attachments/{attachment}", self.base);
        let resp = self.client.get(url).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        resp.bytes().await.unwrap().to_vec()
    }

    /// A named fixture state over HTTP: a 人员调入联办 matter registered, with one PDF
    /// attached, and submitted. Returns (matter id, attachment, the submitted page).
    pub async fn submitted_transfer(&self, title: &str) -> (String, Value, Value) {
        let body = json!({ "type_code": "personnel_transfer", "title": title });
        let draft = self
            .post("/api/v1/matters", body, StatusCode::CREATED)
            .await;
        let id = draft["id"].as_str().unwrap().to_owned();
        let file = self
            .upload(&id, "调入审批表.pdf", crate::support::PDF)
            .await;
        let mut values = crate::support::transfer_values("no");
        values["materials"] = json!([file["id"]]);
        let path = format!("/api/v1/matters/{id}/submit");
        let submitted = self
            .post(&path, json!({ "values": values }), StatusCode::OK)
            .await;
        (id, file, submitted)
    }
}
