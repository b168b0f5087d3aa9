//! Receiving Lianban's pushed events in a department system, from any web framework: hand
//! [`Receiver::receive`] the request's method, path and query, a header lookup, the raw body and
//! the current time; it checks the signature (app key, timestamp window, MAC), refuses a nonce it
//! has seen within the window, parses the [`Event`] and drops repeats of an event id it already
//! took in. Answer 2xx to [`Delivery::New`] once the event is safely stored, 2xx to
//! [`Delivery::Repeat`] without doing anything, and [`ReceiveError::status`] with
//! [`ReceiveError::problem`] otherwise.
//!
//! ```
//! use lianban_sdk::receiver::{Delivery, Receiver};
//! use lianban_sdk::sign::Request;
//!
//! let receiver = Receiver::new("demo-zrzyj", "the secret");
//! let headers: Vec<(String, String)> = Vec::new(); // from the framework's request
//! let outcome = receiver.receive(
//!     Request { method: "POST", path_and_query: "/lianban/events", body: b"{}" },
//!     |name| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()),
//!     1_772_413_200,
//! );
//! assert_eq!(outcome.unwrap_err().code(), "signature_missing");
//! ```
//!
//! Both memories live in the process: nonces are kept while their timestamp is inside the
//! window, event ids up to a bounded number (oldest forgotten first). A system that restarts
//! should tell the receiver the event ids it has stored ([`Receiver::remember`]).

use crate::api::{Event, Problem};
use crate::sign::{self, Request, SignError, Signature, WINDOW_SECS};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};

/// How many event ids a receiver remembers by default.
pub const DEFAULT_EVENT_MEMORY: usize = 10_000;

/// What a verified push carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// An event not seen before: handle it, then answer 2xx. (Boxed: an event is large.)
    New(Box<Event>),
    /// A redelivery of the event with this id (Lianban did not get the earlier answer): answer
    /// 2xx and do nothing else.
    Repeat(String),
}

/// Why a push is refused. [`ReceiveError::code`] uses the same codes as Lianban's own
/// `/open/v1` answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiveError {
    /// The signature headers are missing or malformed, the timestamp is outside the window or
    /// the MAC does not match.
    #[error(transparent)]
    Signature(#[from] SignError),
    /// The request names another app key than the receiver's.
    #[error("未知的应用标识（app key）{0}")]
    UnknownAppKey(String),
    /// The nonce was already used within the window (a replayed request).
    #[error("随机串（nonce）已被使用，疑似重放请求")]
    NonceReused,
    /// The signed body is not an event.
    #[error("推送内容不是有效的事件：{0}")]
    BadEvent(String),
}

impl ReceiveError {
    /// The stable code: `signature_missing`, `signature_malformed`, `timestamp_out_of_window`,
    /// `signature_invalid`, `unknown_app_key`, `nonce_reused` or `bad_request`.
    pub fn code(&self) -> &'static str {
        match self {
            ReceiveError::Signature(e) => e.code(),
            ReceiveError::UnknownAppKey(_) => "unknown_app_key",
            ReceiveError::NonceReused => "nonce_reused",
            ReceiveError::BadEvent(_) => "bad_request",
        }
    }

    /// The HTTP status to answer: 400 for a body that is not an event, 401 otherwise.
    pub fn status(&self) -> u16 {
        match self {
            ReceiveError::BadEvent(_) => 400,
            ReceiveError::Signature(_)
            | ReceiveError::UnknownAppKey(_)
            | ReceiveError::NonceReused => 401,
        }
    }

    /// The problem+json body to answer.
    pub fn problem(&self) -> Problem {
        let title = match self.status() {
            400 => "请求格式不正确",
            _ => "签名校验未通过",
        };
        Problem::new(self.status(), self.code(), title, self.to_string())
    }
}

/// Verifies and deduplicates the pushes of one app key. Shareable between threads (`&self`).
pub struct Receiver {
    app_key: String,
    secret: String,
    event_memory: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Nonce → its request's timestamp.
    nonces: HashMap<String, i64>,
    /// When the nonces were last pruned (Unix seconds).
    pruned_at: i64,
    events: HashSet<String>,
    /// Event ids, oldest first, for forgetting beyond the memory.
    order: VecDeque<String>,
}

impl Receiver {
    /// A receiver of the pushes signed with `app_key` / `secret` (as registered in Lianban).
    pub fn new(app_key: impl Into<String>, secret: impl Into<String>) -> Self {
        Receiver {
            app_key: app_key.into(),
            secret: secret.into(),
            event_memory: DEFAULT_EVENT_MEMORY,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Remember at most `count` event ids (at least 1) instead of [`DEFAULT_EVENT_MEMORY`].
    pub fn with_event_memory(mut self, count: usize) -> Self {
        self.event_memory = count.max(1);
        self
    }

    /// The app key this receiver accepts.
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    /// Checks one push at `now` (Unix seconds). `headers` looks a header up by its lower-case
    /// name (case-insensitively), e.g. `|n| map.get(n).and_then(|v| v.to_str().ok())`.
    ///
    /// In order: the signature headers are read, the app key must be the receiver's, the
    /// timestamp must be within ±[`WINDOW_SECS`] and the MAC must match; then the nonce must be
    /// new (it is remembered from here on, whatever follows), the body must be an [`Event`], and
    /// an event id seen before gives [`Delivery::Repeat`]. A new id is remembered at once; call
    /// [`Receiver::forget`] when handling it fails, so the redelivery is new again.
    pub fn receive<'h>(
        &self,
        request: Request<'_>,
        headers: impl Fn(&str) -> Option<&'h str>,
        now: i64,
    ) -> Result<Delivery, ReceiveError> {
        let signature = Signature::from_headers(headers)?;
        if signature.app_key != self.app_key {
            return Err(ReceiveError::UnknownAppKey(signature.app_key));
        }
        let verified = sign::verify(&signature, &self.secret, request, now)?;
        self.take_nonce(verified.nonce, verified.timestamp, now)?;
        let event: Event = serde_json::from_slice(request.body)
            .map_err(|e| ReceiveError::BadEvent(e.to_string()))?;
        if self.remember(&event.id) {
            Ok(Delivery::New(Box::new(event)))
        } else {
            Ok(Delivery::Repeat(event.id))
        }
    }

    /// Marks `id` as taken in (e.g. the ids a system reloads from its store after a restart).
    /// Returns whether it was new.
    pub fn remember(&self, id: &str) -> bool {
        let mut seen = self.seen();
        if seen.events.contains(id) {
            return false;
        }
        seen.events.insert(id.to_owned());
        seen.order.push_back(id.to_owned());
        while seen.order.len() > self.event_memory {
            if let Some(oldest) = seen.order.pop_front() {
                seen.events.remove(&oldest);
            }
        }
        true
    }

    /// Forgets `id`, so its next delivery is [`Delivery::New`] again (handling it failed, or the
    /// system chose to refuse this delivery).
    pub fn forget(&self, id: &str) {
        let mut seen = self.seen();
        if seen.events.remove(id) {
            seen.order.retain(|known| known != id);
        }
    }

    /// How many nonces and event ids are remembered now.
    pub fn remembered(&self) -> (usize, usize) {
        let seen = self.seen();
        (seen.nonces.len(), seen.events.len())
    }

    fn take_nonce(&self, nonce: String, timestamp: i64, now: i64) -> Result<(), ReceiveError> {
        let mut seen = self.seen();
        if seen.pruned_at != now {
            // A nonce can only be replayed while its timestamp is inside the window.
            seen.nonces.retain(|_, at| *at + WINDOW_SECS >= now);
            seen.pruned_at = now;
        }
        if seen.nonces.contains_key(&nonce) {
            return Err(ReceiveError::NonceReused);
        }
        seen.nonces.insert(nonce, timestamp);
        Ok(())
    }

    fn seen(&self) -> MutexGuard<'_, Seen> {
        // The sets stay consistent even if a holder panicked: every update is one insert/remove.
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for Receiver {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("app_key", &self.app_key)
            .field("event_memory", &self.event_memory)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
