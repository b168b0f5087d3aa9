//! The server's one clock. Everything that needs "now" asks it; tests (and the test-mode
//! endpoint) move it forward instead of sleeping.

use jiff::{SignedDuration, Timestamp};
use std::sync::atomic::{AtomicI64, Ordering};

/// System time plus an adjustable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// The current time.
    pub fn now(&self) -> Timestamp {
        let offset = SignedDuration::from_millis(self.offset_ms.load(Ordering::Relaxed));
        Timestamp::now()
            .checked_add(offset)
            .unwrap_or_else(|_| Timestamp::now())
    }

    /// The current time in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.now().as_millisecond()
    }

    /// Moves the clock forward (or back, with a negative value) by `minutes`.
    pub fn advance_minutes(&self, minutes: i64) {
        self.advance_seconds(minutes * 60);
    }

    /// Moves the clock forward (or back, with a negative value) by `seconds`.
    pub fn advance_seconds(&self, seconds: i64) {
        self.offset_ms.fetch_add(seconds * 1000, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now() {
        let clock = Clock::default();
        let before = clock.now_ms();
        clock.advance_minutes(61);
        assert!(clock.now_ms() - before >= 61 * 60_000);
        clock.advance_seconds(-61 * 60);
        assert!(clock.now_ms() - before < 60_000);
    }
}
