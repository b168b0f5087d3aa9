//! The Lianban server: the axum application over SurrealDB. [`app`] builds the router from the
//! capability modules; `main.rs` only wires configuration, database, seeds and the listener.

pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod db;
pub mod deadline;
pub mod dict;
pub mod docket;
pub mod error;
pub mod external;
pub mod files;
mod json;
pub mod matter;
pub mod notify;
pub mod open;
pub mod org;
pub mod retention;
pub mod seed;
mod web;
pub mod worklist;
pub mod zwdd;

use axum::Json;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use clock::Clock;
use config::Config;
use db::Db;
use lianban_scripting::{Limits, ScriptEngine};
use lianban_templates::Templates;
use serde_json::json;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database, shared: with a remote SurrealDB every clone of the SDK handle attaches a
    /// new server-side session (capped per connection), so the state clones the `Arc` instead.
    pub db: Arc<Db>,
    /// The one clock.
    pub clock: Arc<Clock>,
    /// Configuration.
    pub config: Arc<Config>,
    /// The Rhai engine (compiled-rule cache inside).
    pub scripts: Arc<ScriptEngine>,
    /// Notification templates.
    pub templates: Arc<Templates>,
    /// This node's live notification fan-out to its SSE streams (fed by [`notify::Feed`]).
    pub hub: notify::Hub,
    /// Notification channels, retry policy and the dispatcher's wake-up.
    pub notify: notify::Center,
    /// Uploaded files.
    pub files: files::LocalStore,
    /// The working calendar, built from the database (see [`calendar::seed`]).
    pub calendar: Arc<calendar::CalendarCache>,
    /// Seals external systems' secrets under the master key.
    pub secrets: Arc<external::secret_box::SecretBox>,
    /// Wakes this node's push worker (受办分离 outbound).
    pub push: external::push::Signal,
    /// What the deadline scanner of this node remembers between scans.
    pub deadlines: Arc<deadline::ScanMemo>,
    /// This node's rate limits of the open API.
    pub open_limits: Arc<open::Limits>,
}

impl AppState {
    /// Builds the state over an open, migrated database.
    pub fn new(db: Db, config: Config) -> anyhow::Result<Self> {
        let files = files::LocalStore::new(config.data_dir.join("files"))?;
        let templates = match config.data_dir.join("templates") {
            dir if dir.is_dir() => Templates::with_overrides(&dir)?,
            _ => Templates::embedded()?,
        };
        let hub = notify::Hub::default();
        let notify = notify::center(&config, hub.clone())?;
        let secrets = external::secret_box::SecretBox::load(
            config.master_key.as_ref().map(|k| k.expose()),
            &config.data_dir,
        )?;
        let clock = Arc::new(Clock::default());
        let open_limits = Arc::new(open::Limits::new(&config.open_rate, clock.clone()));
        Ok(Self {
            db: Arc::new(db),
            clock,
            config: Arc::new(config),
            scripts: Arc::new(ScriptEngine::new(Limits::default())),
            templates: Arc::new(templates),
            hub,
            notify,
            files,
            calendar: Arc::default(),
            secrets: Arc::new(secrets),
            push: external::push::Signal::default(),
            deadlines: Arc::default(),
            open_limits,
        })
    }
}

/// China Standard Time (UTC+8, no daylight saving): dates shown and matter-number years.
pub fn tz() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(8))
}

#[derive(OpenApi)]
#[openapi(info(
    title = "联办 Lianban internal API",
    version = "1",
    description = "The API of the Lianban web app. Session cookie + same-origin requests. Errors are application/problem+json with a stable `code`."
))]
struct ApiDoc;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(org::router())
        .merge(catalog::router())
        .merge(dict::router())
        .merge(docket::router())
        .merge(matter::router())
        .merge(files::router(state.config.max_upload_bytes))
        .merge(worklist::router())
        .merge(notify::router())
        .merge(calendar::router())
        .merge(external::router())
        .split_for_parts();
    let openapi = Arc::new(openapi);
    let mut router = Router::new()
        .merge(api)
        .route("/health", get(health))
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = openapi.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        );
    if state.config.test_mode {
        router = router.merge(deadline::test_router());
    }
    router = router.merge(open::router(state.clone()));
    router
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .fallback_service(web::service(&state.config.web_dir))
        .layer(CsrfLayer::new().with_rejection_response(csrf_rejected))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn csrf_rejected(_: tower_http::csrf::ProtectionError) -> axum::response::Response {
    let mut response =
        error::ApiError::new(StatusCode::FORBIDDEN, "csrf_rejected", "跨站请求被拒绝")
            .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn api_not_found() -> error::ApiError {
    error::ApiError::new(StatusCode::NOT_FOUND, "not_found", "接口不存在")
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match db::rows::<serde_json::Value>(&state.db, "RETURN 1", json!({})).await {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "UP" }))),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "DOWN" })),
            )
        }
    }
}
