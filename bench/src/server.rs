//! A real Lianban for the server benches: the application state built as `main.rs` builds it
//! (configuration, database opened and migrated, working calendar and demo world seeded) over an
//! embedded SurrealKV in a temporary folder — the production store, fsync on every commit — and
//! requests sent through the router in process (`tower::ServiceExt::oneshot`), cookies and
//! same-origin headers as the web app sends them. No background job runs: a bench calls what it
//! measures itself.
//!
//! Data sets are made through the public API, as users make them ([`Session::submit_transfers`]).

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use lianban_definition::form::FormValues;
use lianban_server::config::{Config, DbTarget};
use lianban_server::{AppState, app, calendar, db, seed};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A running Lianban (in process, no TCP).
pub struct Server {
    state: AppState,
    router: Router,
    /// The data folder, removed on drop (after the database handles above).
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts Lianban on an empty embedded database with the demo world.
    ///
    /// Errors: the data folder, the database, the migrations or the seeds.
    pub async fn start() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir().context("creating the data folder")?;
        let config = Config {
            db: DbTarget::Embedded,
            data_dir: dir.path().to_path_buf(),
            web_dir: dir.path().join("web"),
            ..Config::default()
        };
        let database = db::connect(&config).await.context("opening the database")?;
        db::migrate(&database)
            .await
            .context("migrating the database")?;
        let state = AppState::new(database, config)?;
        calendar::seed(&state)
            .await
            .context("seeding the working calendar")?;
        seed::seed_if_empty(&state)
            .await
            .context("seeding the demo world")?;
        Ok(Self {
            router: app(state.clone()),
            state,
            _dir: dir,
        })
    }

    /// The application state (database, clock, deadline memo …).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Sets the server's clock to `at` in China time, e.g. `2026-03-02 09:00`.
    ///
    /// Errors: not such a time.
    pub fn set_clock(&self, at: &str) -> anyhow::Result<Timestamp> {
        let ts = crate::china_time(at)?;
        self.state.clock.set(ts);
        Ok(ts)
    }

    /// Logs in a demo user (sessions expire after 30 idle minutes of the server's clock: log in
    /// again after moving it).
    ///
    /// Errors: the login is refused.
    pub async fn login(&self, username: &str) -> anyhow::Result<Session<'_>> {
        let body = json!({ "username": username, "password": lianban_seeds::DEMO_PASSWORD });
        let response = self
            .router
            .clone()
            .oneshot(request(Method::POST, "/api/v1/auth/login", None).json(&body)?)
            .await?;
        let cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(lianban_server::auth::SESSION_COOKIE))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        match cookie {
            Some(cookie) if response.status() == StatusCode::OK => Ok(Session {
                server: self,
                cookie,
            }),
            _ => bail!("login of {username}: {}", response.status()),
        }
    }
}

/// A logged-in user.
pub struct Session<'s> {
    server: &'s Server,
    cookie: String,
}

impl Session<'_> {
    /// `GET path`; the JSON answer.
    ///
    /// Errors: any status but 2xx.
    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.send(request(Method::GET, path, Some(&self.cookie)).empty()?)
            .await
    }

    /// `POST path` with a JSON body; the JSON answer.
    ///
    /// Errors: any status but 2xx.
    pub async fn post(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        self.send(request(Method::POST, path, Some(&self.cookie)).json(body)?)
            .await
    }

    /// Registers and submits `count` matters of 人员调入联办 with [`crate::transfer_values`] and one
    /// PDF each, one after the other (as one user works), titled `…（第i件）`; returns their ids
    /// in order, and tells on stderr how long it took (not part of any measurement).
    ///
    /// Errors: any refused request.
    pub async fn submit_transfers(&self, count: usize) -> anyhow::Result<Vec<String>> {
        let (started, at) = (std::time::Instant::now(), self.server.state.clock.now());
        let values = crate::transfer_values()?;
        let mut ids = Vec::with_capacity(count);
        for i in 1..=count {
            ids.push(self.submit_transfer(i, &values).await?);
        }
        eprintln!(
            "  submitted {count} matters from {} in {:.1} s",
            lianban_server::deadline::fmt_due(at),
            started.elapsed().as_secs_f64()
        );
        Ok(ids)
    }

    async fn submit_transfer(&self, i: usize, values: &FormValues) -> anyhow::Result<String> {
        // The draft without the scenario's attachment id; the real one is uploaded next.
        let mut values = values.clone();
        values.remove("materials");
        let title = format!("人员调入（第{i}件）");
        let draft = json!({ "type_code": "personnel_transfer", "title": title, "values": values });
        let draft = self.post("/api/v1/matters", &draft).await?;
        let id = draft["id"].as_str().context("draft without id")?.to_owned();
        let file = self.upload_pdf(&id, "materials").await?;
        values.insert("materials".to_owned(), json!([file]));
        self.post(
            &format!("/api/v1/matters/{id}/submit"),
            &json!({ "values": values }),
        )
        .await?;
        Ok(id)
    }

    /// Uploads a small PDF into attachment slot `field` of matter `id`; returns the file's id.
    async fn upload_pdf(&self, id: &str, field: &str) -> anyhow::Result<String> {
        const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
        const BOUNDARY: &str = "LianbanBenchBoundary";
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\n{field}\r\n\
             --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"材料.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(PDF);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let req = request(
            Method::POST,
            &format!("/api/v1/matters/{id}/attachments"),
            Some(&self.cookie),
        )
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))?;
        let file = self.send(req).await?;
        Ok(file["id"].as_str().context("upload without id")?.to_owned())
    }

    async fn send(&self, req: Request<Body>) -> anyhow::Result<Value> {
        let what = format!("{} {}", req.method(), req.uri());
        let response = self.server.router.clone().oneshot(req).await?;
        let status = response.status();
        let bytes = response.into_body().collect().await?.to_bytes();
        if !status.is_success() {
            bail!("{what}: {status} {}", String::from_utf8_lossy(&bytes));
        }
        serde_json::from_slice(&bytes).with_context(|| format!("{what}: not JSON"))
    }
}

/// A request as the web app sends it: same origin, with the session cookie when there is one.
fn request(method: Method, path: &str, cookie: Option<&str>) -> RequestBuilder {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    RequestBuilder(builder)
}

/// [`axum::http::request::Builder`] with the bodies the benches send.
struct RequestBuilder(axum::http::request::Builder);

impl RequestBuilder {
    fn header(self, name: header::HeaderName, value: String) -> Self {
        Self(self.0.header(name, value))
    }

    fn json(self, body: &Value) -> anyhow::Result<Request<Body>> {
        Ok(self
            .0
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))?)
    }

    fn empty(self) -> anyhow::Result<Request<Body>> {
        Ok(self.0.body(Body::empty())?)
    }

    fn body(self, body: Body) -> anyhow::Result<Request<Body>> {
        Ok(self.0.body(body)?)
    }
}
