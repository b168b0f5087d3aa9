//! The 浙政钉 (Zhejiang government DingTalk) open-platform gateway protocol, as far as Lianban
//! uses it, for both ends of the wire: Lianban's client signs with [`sign`]; a gateway (the
//! loopback simulator `lianban-zwdd-sim`, or a test's fake) checks requests with [`verify`],
//! reads work-notice messages with [`msg`] and answers in the envelopes of [`answer`], which
//! is also how a client reads the answer.
//!
//! Pure: no I/O, no clock (times are passed in). Protocol facts and how sure we are of each
//! (confirmed from the official SDK, seen in third-party clients, or inferred) are noted on the
//! items; the inferred ones are the simulator's choices, not the real gateway's.

pub mod answer;
pub mod msg;
pub mod sign;
pub mod verify;

/// The work-notice endpoint (工作通知), relative to the gateway's base URL.
pub const WORK_NOTIFICATION_PATH: &str = "/message/workNotification";

/// China Standard Time (UTC+8, no daylight saving), the zone of the SDK's timestamps.
pub fn china_time() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::fixed(jiff::tz::offset(8))
}
