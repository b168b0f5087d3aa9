//! The wall-clock budget of one evaluation, kept per thread.
//!
//! The Rhai engine is shared and immutable, and its progress callback only sees an operation
//! count, so the deadline of the evaluation running on this thread lives in a thread-local cell.
//! [`DeadlineGuard`] sets it around one evaluation and restores the previous value when dropped
//! (also on panic), and [`on_progress`] stops the script once the deadline has passed.

use rhai::Dynamic;
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Value the progress callback returns to stop a script; Rhai hands it back inside
/// `ErrorTerminated`.
const TIMEOUT_TOKEN: &str = "lianban_timeout";

/// The clock is read once every this many operations: often enough to stop within a fraction of
/// a millisecond, rarely enough that reading it costs nothing noticeable.
const CHECK_EVERY: u64 = 64;

thread_local! {
    /// Deadline of the evaluation running on this thread, if any.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Sets this thread's deadline for the lifetime of the guard.
pub(crate) struct DeadlineGuard {
    /// The deadline in force before this guard, restored on drop.
    previous: Option<Instant>,
}

impl DeadlineGuard {
    /// Starts the clock: the evaluation must finish within `budget` from now.
    pub(crate) fn start(budget: Duration) -> Self {
        let deadline = Instant::now().checked_add(budget);
        Self {
            previous: DEADLINE.replace(deadline),
        }
    }
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.set(self.previous);
    }
}

/// Rhai progress callback: `Some(token)` (stop) once this thread's deadline has passed.
pub(crate) fn on_progress(operations: u64) -> Option<Dynamic> {
    if !operations.is_multiple_of(CHECK_EVERY) {
        return None;
    }
    let deadline = DEADLINE.get()?;
    (Instant::now() >= deadline).then(|| Dynamic::from(TIMEOUT_TOKEN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_deadline_never_stops() {
        assert!(on_progress(CHECK_EVERY).is_none());
    }

    #[test]
    fn passed_deadline_stops_on_check_operations() {
        let _guard = DeadlineGuard::start(Duration::ZERO);
        assert!(on_progress(CHECK_EVERY).is_some());
        assert!(on_progress(CHECK_EVERY + 1).is_none());
    }

    #[test]
    fn guard_restores_the_previous_deadline() {
        {
            let _outer = DeadlineGuard::start(Duration::from_secs(60));
            {
                let _inner = DeadlineGuard::start(Duration::ZERO);
                assert!(on_progress(0).is_some());
            }
            assert!(on_progress(0).is_none());
        }
        assert!(DEADLINE.get().is_none());
    }
}
