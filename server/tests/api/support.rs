//! Test harness: an app over an in-memory SurrealDB with the demo world seeded, sessions that
//! carry the cookie, and named fixture states.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use lianban_server::config::{Config, DbTarget};
use lianban_server::{AppState, app, db, seed};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A running app (no TCP: requests go through `oneshot`).
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: tempfile::TempDir,
}

/// A response, decoded.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.bytes)
        );
        self.json()
    }
    /// Asserts a problem+json error with this status and code.
    #[track_caller]
    pub fn expect_problem(self, status: StatusCode, code: &str) -> Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.bytes)
        );
        assert_eq!(
            self.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        let body = self.json();
        assert_eq!(body["code"], code, "body: {body}");
        assert!(!body["detail"].as_str().unwrap_or("").is_empty());
        body
    }
}

impl TestApp {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            db: DbTarget::Memory,
            data_dir: dir.path().to_path_buf(),
            web_dir: dir.path().join("web"),
            test_mode: true,
            ..Config::default()
        };
        adjust(&mut config);
        let database = db::connect(&config).await.unwrap();
        db::migrate(&database).await.unwrap();
        let state = AppState::new(database, config).unwrap();
        lianban_server::calendar::seed(&state).await.unwrap();
        let accounts = seed::seed_if_empty(&state).await.unwrap();
        assert!(!accounts.is_empty());
        let router = app(state.clone());
        Self { state, router, dir }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            bytes,
        }
    }

    /// Logs in a demo user.
    pub async fn login(&self, username: &str) -> Session<'_> {
        let resp = self
            .send(json_request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                json!({ "username": username, "password": lianban_seeds::DEMO_PASSWORD }),
            ))
            .await;
        assert_eq!(
            resp.status,
            StatusCode::OK,
            "login {username}: {}",
            String::from_utf8_lossy(&resp.bytes)
        );
        let cookie = resp
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("lianban_session="))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .expect("session cookie");
        Session { app: self, cookie }
    }
}

/// Builds a JSON request as the web app sends it (same-origin).
pub fn json_request(
    method: Method,
    path: &str,
    cookie: Option<&str>,
    body: Value,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

/// A logged-in user.
pub struct Session<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
}

impl Session<'_> {
    pub async fn get(&self, path: &str) -> Resp {
        let req = Request::builder()
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .body(Body::empty())
            .unwrap();
        self.app.send(req).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.app
            .send(json_request(Method::POST, path, Some(&self.cookie), body))
            .await
    }
    pub async fn put(&self, path: &str, body: Value) -> Resp {
        self.app
            .send(json_request(Method::PUT, path, Some(&self.cookie), body))
            .await
    }
    pub async fn delete(&self, path: &str) -> Resp {
        self.app
            .send(json_request(
                Method::DELETE,
                path,
                Some(&self.cookie),
                Value::Null,
            ))
            .await
    }
    /// The matter page of `id`, which must be visible (200).
    pub async fn page(&self, id: &str) -> Value {
        self.get(&format!("/api/v1/matters/{id}"))
            .await
            .expect(StatusCode::OK)
    }
    /// Uploads `bytes` as `filename` into attachment slot `field` of matter `id`.
    pub async fn upload(&self, id: &str, field: &str, filename: &str, bytes: &[u8]) -> Resp {
        self.upload_parts(
            id,
            &[Part::text("field", field), Part::file(filename, bytes)],
        )
        .await
    }
    /// Posts a multipart body made of `parts`, in order, to the upload route of matter `id`.
    pub async fn upload_parts(&self, id: &str, parts: &[Part<'_>]) -> Resp {
        self.multipart(&format!("/api/v1/matters/{id}/attachments"), parts)
            .await
    }
    /// Posts a multipart body made of `parts`, in order, to `path`.
    pub async fn multipart(&self, path: &str, parts: &[Part<'_>]) -> Resp {
        let boundary = "LianbanBoundary7MA4YWxk";
        let mut body = Vec::new();
        for part in parts {
            let disposition = match part.filename {
                Some(f) => format!(
                    "name=\"{}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream",
                    part.name
                ),
                None => format!("name=\"{}\"", part.name),
            };
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "localhost")
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, &self.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.app.send(req).await
    }
}

/// One part of a multipart upload.
#[derive(Clone, Copy)]
pub struct Part<'b> {
    pub name: &'b str,
    pub filename: Option<&'b str>,
    pub bytes: &'b [u8],
}

impl<'b> Part<'b> {
    /// A text part, e.g. `field`.
    pub fn text(name: &'b str, value: &'b str) -> Self {
        Self {
            name,
            filename: None,
            bytes: value.as_bytes(),
        }
    }
    /// The `file` part.
    pub fn file(filename: &'b str, bytes: &'b [u8]) -> Self {
        Self {
            name: "file",
            filename: Some(filename),
            bytes,
        }
    }
}

/// A small valid PDF.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Valid values of 人员调入联办 (without the attachment).
pub fn transfer_values(needs_office: &str) -> Value {
    json!({
        "person_name": "张三", "id_number": "11010519491231002X", "mobile": "13800138000",
        "transfer_type": "zhuanren", "post_title": "科员", "join_date": "2026-12-01",
        "salary": 6800.5, "needs_office": needs_office, "reason": "工作需要"
    })
}

/// A draft of 人员调入联办 by zzb_clerk titled `title` (no attachment); returns its id.
pub async fn draft(app: &TestApp, title: &str) -> String {
    let draft = app
        .login("zzb_clerk")
        .await
        .post("/api/v1/matters", json!({ "type_code": "personnel_transfer", "title": title, "values": transfer_values("no") }))
        .await
        .expect(StatusCode::CREATED);
    draft["id"].as_str().unwrap().to_owned()
}

/// A draft of 人员调入联办 by zzb_clerk with one uploaded PDF in `materials`; returns the matter
/// id and the attachment id.
pub async fn draft_with_attachment(app: &TestApp) -> (String, String) {
    let id = draft(app, "张三调入").await;
    let file = app
        .login("zzb_clerk")
        .await
        .upload(&id, "materials", "调入审批表.pdf", PDF)
        .await
        .expect(StatusCode::CREATED);
    (id, file["id"].as_str().unwrap().to_owned())
}

/// A submitted 人员调入联办 matter by zzb_clerk; returns its id.
pub async fn submitted_transfer(app: &TestApp, needs_office: &str) -> String {
    let (id, file) = draft_with_attachment(app).await;
    let mut values = transfer_values(needs_office);
    values["materials"] = json!([file]);
    app.login("zzb_clerk")
        .await
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
        )
        .await
        .expect(StatusCode::OK);
    id
}

/// The files under `<data_dir>/files/<sub>` (`tmp` or `store`), recursively, sorted.
pub fn files_under(app: &TestApp, sub: &str) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&app.dir.path().join("files").join(sub), &mut out);
    out.sort();
    out
}

/// The id of the pending task of dispatch `node` in a matter page.
pub fn pending_task(detail: &Value, node: &str) -> u64 {
    detail["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["dispatch"] == node && (t["status"] == "open" || t["status"] == "claimed"))
        .unwrap_or_else(|| panic!("no pending task for {node}: {}", detail["tasks"]))["id"]
        .as_u64()
        .unwrap()
}

/// The task with number `id` in a matter page.
pub fn task_of(detail: &Value, id: u64) -> &Value {
    detail["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no task {id}: {}", detail["tasks"]))
}
