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

    /// Sets the clock so that it reads `at` now (it runs on from there).
    pub fn set(&self, at: Timestamp) {
        let offset = at.as_millisecond() - Timestamp::now().as_millisecond();
        self.offset_ms.store(offset, Ordering::Relaxed);
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

    #[test]
    fn setting_moves_now_to_that_instant() {
        let clock = Clock::default();
        let at: Timestamp = "2026-03-02T01:00:00Z".parse().unwrap();
        clock.set(at);
        let drift = clock.now_ms() - at.as_millisecond();
        assert!((0..5_000).contains(&drift), "{drift}");
        clock.advance_minutes(-60);
        assert!(clock.now() < at);
    }
}
