//! The live feed of this node: brings every committed in-app notification, whichever node
//! committed it, to this node's SSE streams. Each round numbers the feed rows still unnumbered
//! (any node may; see [`super::store::live`]) and publishes the rows after the hub's last one
//! to the [`Hub`], in order. The hub's last number is the cursor: a round that fails leaves it
//! where it was, and the next round reads from there, so nothing is lost and nothing is sent
//! twice.
//!
//! [`spawn_feed`] runs rounds in the background: at once when this node's dispatcher delivers an
//! in-app notification ([`Hub::wake`]), and otherwise every [`POLL`] — the delay with which a
//! notification committed on another node reaches this node's streams.

use super::Hub;
use super::store::live;
use crate::AppState;
use crate::db::DbResult;
use std::time::Duration;

/// How often the feed looks for rows committed on other nodes when nothing wakes it.
pub const POLL: Duration = Duration::from_secs(1);

/// Rows numbered and read per query.
const PAGE: usize = 200;

/// The feed of one node.
pub struct Feed {
    state: AppState,
}

impl Feed {
    /// The feed of the node of `state`, starting after the rows numbered so far (a node does
    /// not replay the past when it starts).
    ///
    /// Errors: reading the counter.
    pub async fn start(state: AppState) -> DbResult<Self> {
        state.hub.start_after(live::last(&state.db).await?);
        Ok(Self { state })
    }

    /// One round: numbers the unnumbered rows, then publishes every row after the hub's last
    /// one. Returns how many rows it published.
    ///
    /// Errors: database failures (the cursor stays; the next round reads from it again).
    pub async fn run_once(&self) -> DbResult<usize> {
        let (db, hub) = (&self.state.db, &self.state.hub);
        while live::number(db, PAGE).await? == PAGE {}
        let mut published = 0;
        loop {
            let items = live::after(db, hub.last(), PAGE).await?;
            let full = items.len() == PAGE;
            published += hub.publish(items);
            if !full {
                return Ok(published);
            }
        }
    }

    fn hub(&self) -> &Hub {
        &self.state.hub
    }
}

/// Starts the feed of this node (after the rows numbered so far) and runs it in the background
/// until the runtime ends.
///
/// Errors: reading the counter at the start.
pub async fn spawn_feed(state: AppState) -> DbResult<tokio::task::JoinHandle<()>> {
    let feed = Feed::start(state).await?;
    Ok(tokio::spawn(async move {
        tracing::info!(after = feed.hub().last(), "live notification feed started");
        loop {
            if let Err(e) = feed.run_once().await {
                tracing::warn!(error = %e, "live notification feed round failed");
            }
            feed.hub().woken(POLL).await;
        }
    }))
}
