//! The 浙政钉 open-platform gateway on loopback (`lianban-zwdd-sim`), so the demo's 浙政钉 channel
//! has somewhere to go and a newcomer can see what the platform sends: it takes Lianban's work
//! notices at `POST /message/workNotification` (also under a path prefix), checks them as the
//! gateway does ([`gateway`]), keeps the accepted ones and a log of every call in a JSON file,
//! and shows each demo user's notices as a phone inbox on its Chinese page ([`page`]). Failure
//! modes make it answer 500, hang or refuse on purpose, to watch Lianban retry.
//!
//! Routes: `GET /` (the page; `?account=<accountId>` picks the inbox), `POST /admin/fail` (JSON
//! `{"mode": "none"|"error"|"timeout"|"gateway_error", "count": N}`), `POST /admin/fail-form`,
//! `GET /api/state`, and the endpoint as the fallback.

pub mod config;
pub mod gateway;
pub mod page;
pub mod state;

pub use crate::{local_now, local_text};
pub use config::Config;

use crate::fault::{self, Faulty};
use crate::store::{Store, StoreError};
use axum::Router;
use axum::routing::{get, post};
use gateway::{Fault, FaultMode};
use lianban_zwdd::verify::Nonces;
use state::{Account, Snapshot};
use std::sync::{Arc, Mutex};

/// What every handler shares.
#[derive(Debug)]
pub struct Sim {
    /// The configuration it started with.
    pub config: Config,
    /// The notices and the call log, on disk.
    pub store: Store<Snapshot>,
    /// The 浙政钉 accounts it knows (the demo users bound to one).
    pub accounts: Vec<Account>,
    /// Nonces of accepted signatures (in memory: a restart forgets them).
    pub nonces: Mutex<Nonces>,
    /// The armed failure mode.
    pub fault: Mutex<Fault>,
}

/// The shared state of the router.
pub type Shared = Arc<Sim>;

impl Sim {
    /// Opens the state in the configured data directory.
    pub fn open(config: Config) -> Result<Shared, StoreError> {
        let store = Store::open(&config.data_dir)?;
        Ok(Arc::new(Sim {
            config,
            store,
            accounts: state::accounts(),
            nonces: Mutex::new(Nonces::default()),
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
        .route("/admin/fail", post(fault::set_json::<Sim>))
        .route("/admin/fail-form", post(fault::set_form::<Sim>))
        .route("/api/state", get(gateway::state))
        .fallback(gateway::receive)
        .with_state(sim)
}
