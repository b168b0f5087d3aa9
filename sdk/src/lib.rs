//! Lianban's SDK for department systems (受办分离): the request signature both directions use
//! ([`sign`]) and the bodies of the open API ([`api`]). Lianban itself signs its pushes, verifies
//! inbound calls and serialises its events with this crate, so the two sides cannot drift apart.
//!
//! Two optional parts serve the department system's side: feature `client` ([`client`], typed
//! signed calls of `/open/v1`) and feature `receiver` ([`receiver`], verifying and deduplicating
//! pushed events). The core needs neither.

pub mod api;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "receiver")]
pub mod receiver;
pub mod sign;
