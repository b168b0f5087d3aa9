//! The notification center. A command's events become notifications ([`plan`]); the outbox
//! ([`Outbox`]) renders them per channel with the templates in force (administrators' first,
//! then the override folder, then the built-in ones) and writes, in the command's transaction,
//! one delivery row per notification and channel plus the in-app list row. After the commit the
//! dispatcher ([`Dispatcher`], woken through [`Center::wake`]) claims due rows, hands them to
//! their [`Channel`] — in-app or 浙政钉 work notices — and retries failures with backoff until
//! they are sent or dead. In-app notifications reach the browsers live over SSE on every node:
//! the command also writes them to the live feed, which each node's [`Feed`] reads in commit
//! order and fans out through its [`Hub`]. Users mute kinds per channel; administrators read the
//! delivery log, retry dead deliveries and edit templates.
//!
//! Owns the tables `notification`, `notify_live`, `notify_live_counter`, `delivery`,
//! `notify_pref` and `notify_template`.

mod admin;
pub mod channel;
mod dispatch;
mod dto;
mod feed;
mod hub;
pub mod kinds;
mod outbox;
mod plan;
mod routes;
pub mod store;

pub use channel::{Channel, Channels, Delivery, DeliveryError};
pub use dispatch::{Center, Dispatcher, LEASE_MS, Report, RetryPolicy, spawn};
pub use feed::{Feed, spawn_feed};
pub use hub::{Hub, Subscription};
pub use outbox::Outbox;
pub use plan::{Note, plan};
pub use store::notification::NotificationItem;

use crate::config::Config;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;

/// The notification routes: the user's list, stream and settings, and the administrators' log
/// and templates.
pub fn router() -> OpenApiRouter<crate::AppState> {
    routes::router().merge(admin::router())
}

/// The center of this node: the in-app channel over `hub`, and the 浙政钉 channel when
/// `LIANBAN_ZWDD_*` is configured.
pub fn center(config: &Config, hub: Hub) -> anyhow::Result<Center> {
    let mut channels: Vec<Arc<dyn Channel>> = vec![Arc::new(channel::InApp::new(hub))];
    if let Some(zwdd) = &config.zwdd {
        let client = crate::zwdd::Client::new(zwdd.clone())?;
        channels.push(Arc::new(channel::Zwdd::new(
            client,
            config.public_url.clone(),
        )));
    }
    Ok(Center::new(
        Channels::new(channels),
        RetryPolicy::from_config(&config.notify),
    ))
}
