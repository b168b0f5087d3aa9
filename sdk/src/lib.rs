//! Lianban's SDK for department systems (受办分离): the request signature both directions use
//! ([`sign`]) and the bodies of the open API ([`api`]). Lianban itself signs its pushes, verifies
//! inbound calls and serialises its events with this crate, so the two sides cannot drift apart.

pub mod api;
pub mod sign;
