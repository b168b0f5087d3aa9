//! Matters (办件): drafts, submission with a matter number, the commands of the flow (claim,
//! approve, return, resubmit, close, void, urge), the matter page, and visibility. Owns the
//! tables `matter`, `matter_event`, `matter_no` and `counter`.
//!
//! Every command is one transaction: load the document, ask the pure runtime, then write the
//! new state (guarded by its version), its events, the work items and the notifications
//! together; on a conflict the command is re-run from a fresh read.

pub mod access;
mod detail;
pub use detail::{fmt_ms, fmt_ts, status_code};
mod dto;
mod flow_marks;
mod routes;
pub mod service;
pub mod store;
mod timeline;
mod validate;

pub use routes::router;
