//! The outbound side of 受办分离: pushing a matter's events to the units' own systems. A
//! command's events are planned into outbox rows ([`plan`]) written in the command's own
//! transaction — a change that rolls back pushes nothing — one row per event with its stable
//! id, the matter's next sequence number and the system that handles the unit and matter type
//! then. After the commit the worker ([`Pusher`], woken through [`Signal::wake`]) delivers each
//! matter's events to each system in sequence order, signed like inbound calls, at least once:
//! failures retry on an exponential schedule with jitter (a 429's `Retry-After` honoured), then
//! the row is dead until an administrator replays it; a 410 disables the system. Administrators
//! read the log and replay dead rows (`/api/v1/admin/open/deliveries`).
//!
//! Owns the tables `push_event` and `push_counter`.

mod dto;
mod plan;
mod policy;
mod routes;
mod send;
pub mod store;
mod worker;

pub use dto::{AttemptView, PushDetail, PushPage, PushView};
pub use plan::{Change, Planned, plan};
pub use policy::{RetryPolicy, Sent, retry_after_ms};
pub use routes::router;
pub use send::event_with_links;
pub use worker::{LEASE_MARGIN_MS, POLL, Pusher, Report, Signal, spawn};
