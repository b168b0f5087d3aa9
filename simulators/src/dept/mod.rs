//! A department's own approval system (自然资源和规划分局审批系统), the sample of 受办分离: it
//! receives Lianban's pushed events at [`config::EVENTS_PATH`] (verified and deduplicated by the
//! SDK's receiver), keeps what it learned in memory and in a JSON file, and lets a clerk on its
//! Chinese web page acknowledge a dispatch with the department's own case number, report internal
//! steps, approve (with a result document) or return — each a signed call of Lianban's
//! `/open/v1` through the SDK's client. Failure modes make its endpoint answer 500, hang, answer
//! 410 or 429 on purpose, to watch Lianban retry.
//!
//! Routes: `GET /` (the page), `POST /lianban/events`, `POST /admin/fail` (JSON
//! `{"mode": "none"|"error"|"timeout"|"gone"|"throttle", "count": N}`), `GET /api/state`, the
//! page's forms under `/matters/{number}/dispatches/{node}/…` and material downloads under
//! `/files/{number}/{id}`.

pub mod actions;
pub mod config;
pub mod events;
pub mod page;
pub mod state;

pub use config::Config;

pub use crate::{local_now, local_text};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::fault::{self, Faulty};
use crate::store::{Store, StoreError};
use events::{Fault, FaultMode};
use lianban_sdk::client::Client;
use lianban_sdk::receiver::Receiver;
use state::Snapshot;
use std::sync::{Arc, Mutex};

/// Result documents may be this large (bytes, before Base64).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// What every handler shares.
#[derive(Debug)]
pub struct Sim {
    /// The configuration it started with.
    pub config: Config,
    /// The state, on disk.
    pub store: Store<Snapshot>,
    /// Verifies and deduplicates pushes.
    pub receiver: Receiver,
    /// Calls Lianban.
    pub lianban: Client,
    /// The armed failure mode.
    pub fault: Mutex<Fault>,
}

/// The shared state of the router.
pub type Shared = Arc<Sim>;

impl Sim {
    /// Opens the state in the configured data directory and tells the receiver which events it
    /// already took in (so redeliveries after a restart are still repeats).
    pub fn open(config: Config) -> Result<Shared, StoreError> {
        let store = Store::<Snapshot>::open(&config.data_dir)?;
        let receiver = Receiver::new(config.app_key.clone(), config.secret.clone());
        store.read(|s| {
            for id in &s.event_ids {
                receiver.remember(id);
            }
        });
        let lianban = Client::new(
            &config.lianban_url,
            config.app_key.clone(),
            config.secret.clone(),
            config.algorithm,
        )
        .with_timeout(config.call_timeout);
        Ok(Arc::new(Sim {
            config,
            store,
            receiver,
            lianban,
            fault: Mutex::new(Fault::default()),
        }))
    }
}

impl Faulty for Sim {
    type Mode = FaultMode;

    fn fault(&self) -> &Mutex<Fault> {
        &self.fault
    }
}

/// The router.
pub fn app(sim: Shared) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route(config::EVENTS_PATH, post(events::receive))
        .route("/admin/fail", post(fault::set_json::<Sim>))
        .route("/admin/fail-form", post(fault::set_form::<Sim>))
        .route("/api/state", get(events::state))
        .route(
            "/matters/{number}/dispatches/{node}/ack",
            post(actions::ack),
        )
        .route(
            "/matters/{number}/dispatches/{node}/steps",
            post(actions::step),
        )
        .route(
            "/matters/{number}/dispatches/{node}/approve",
            post(actions::approve).layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES + 64 * 1024)),
        )
        .route(
            "/matters/{number}/dispatches/{node}/return",
            post(actions::return_back),
        )
        .route(
            "/matters/{number}/dispatches/{node}/refresh",
            post(actions::refresh),
        )
        .route("/files/{number}/{id}", get(actions::download))
        .with_state(sim)
}
