//! When failed pushes are tried again: an exponential schedule with ±20 % jitter up to a cap, a
//! 429's `Retry-After` honoured (capped the same way), and the dead letter once the attempts
//! are used up.

use super::store::Outcome;
use crate::config::OpenPushConfig;

/// What one attempt came to, before the schedule is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Any 2xx.
    Delivered,
    /// A failure another attempt may fix (transport, timeout, 5xx, other 4xx); with the
    /// system's wish for the next attempt (429 `Retry-After`), in ms from now.
    Failed {
        /// What went wrong.
        error: String,
        /// `Retry-After`, in ms from now.
        retry_after_ms: Option<i64>,
    },
    /// A failure no retry fixes (410, refused endpoint, system disabled or gone).
    Final(String),
}

/// The retry schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before an event is dead.
    pub max_attempts: u32,
    /// Delay after the first failure (ms); doubled after each further one.
    pub base_ms: i64,
    /// Longest delay (ms), also the cap of `Retry-After`.
    pub cap_ms: i64,
}

impl RetryPolicy {
    /// The policy configured by `LIANBAN_OPEN_*`.
    pub fn from_config(c: &OpenPushConfig) -> Self {
        Self {
            max_attempts: c.max_attempts,
            base_ms: c.retry_base_seconds * 1000,
            cap_ms: c.retry_max_seconds * 1000,
        }
    }

    /// The delay after failed attempt number `attempt` (1 for the first):
    /// `base · 2^(attempt−1)` jittered by a factor in [0.8, 1.2) chosen by `unit` ∈ [0, 1), then
    /// capped.
    pub fn delay_ms(&self, attempt: u32, unit: f64) -> i64 {
        let doubling = 1_i64 << attempt.saturating_sub(1).min(40);
        let backoff = self.base_ms.saturating_mul(doubling).min(self.cap_ms);
        let jittered = backoff as f64 * (0.8 + 0.4 * unit.clamp(0.0, 1.0));
        (jittered as i64).min(self.cap_ms)
    }

    /// What to record after attempt number `attempts` (counting this one) that came to `sent`
    /// at `now_ms`.
    pub fn outcome(&self, attempts: u32, sent: Sent, now_ms: i64, unit: f64) -> Outcome {
        match sent {
            Sent::Delivered => Outcome::Sent,
            Sent::Final(reason) => Outcome::Dead(reason),
            Sent::Failed { error, .. } if attempts >= self.max_attempts => {
                Outcome::Dead(format!("{error}（已尝试{attempts}次，不再重试）"))
            }
            Sent::Failed {
                error,
                retry_after_ms: Some(wait),
            } => Outcome::Retry(error, now_ms + wait.clamp(0, self.cap_ms)),
            Sent::Failed {
                error,
                retry_after_ms: None,
            } => Outcome::Retry(error, now_ms + self.delay_ms(attempts, unit)),
        }
    }
}

/// Reads a `Retry-After` value — delay seconds or an HTTP date — as ms from `now_ms`.
pub fn retry_after_ms(value: &str, now_ms: i64) -> Option<i64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<i64>() {
        return Some(seconds.max(0).saturating_mul(1000));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?;
    Some((at.timestamp().as_millisecond() - now_ms).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_ms: 30_000,
            cap_ms: 100_000,
        }
    }

    #[test]
    fn backoff_doubles_with_twenty_percent_jitter_up_to_the_cap() {
        let p = policy();
        assert_eq!((p.delay_ms(1, 0.0), p.delay_ms(1, 0.5)), (24_000, 30_000));
        assert_eq!(p.delay_ms(1, 0.999_999), 35_999);
        assert_eq!((p.delay_ms(2, 0.5), p.delay_ms(3, 0.0)), (60_000, 80_000));
        assert_eq!(p.delay_ms(3, 1.0), 100_000, "capped at 100 s");
        assert_eq!(p.delay_ms(60, 0.0), 80_000, "no overflow");
    }

    fn failed(retry_after_ms: Option<i64>) -> Sent {
        Sent::Failed {
            error: "HTTP 503".into(),
            retry_after_ms,
        }
    }

    #[test]
    fn failures_retry_until_the_limit_and_final_ones_die_at_once() {
        let p = policy();
        assert_eq!(p.outcome(1, Sent::Delivered, 0, 0.0), Outcome::Sent);
        assert_eq!(
            p.outcome(1, failed(None), 1_000, 0.5),
            Outcome::Retry("HTTP 503".into(), 31_000)
        );
        assert_eq!(
            p.outcome(1, failed(Some(5_000)), 1_000, 0.5),
            Outcome::Retry("HTTP 503".into(), 6_000)
        );
        assert_eq!(
            p.outcome(2, failed(Some(999_000)), 0, 0.5),
            Outcome::Retry("HTTP 503".into(), 100_000),
            "Retry-After is capped"
        );
        match p.outcome(4, failed(None), 0, 0.0) {
            Outcome::Dead(m) => assert!(m.contains("已尝试4次"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            p.outcome(1, Sent::Final("410".into()), 0, 0.0),
            Outcome::Dead("410".into())
        );
    }

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        assert_eq!(retry_after_ms("120", 0), Some(120_000));
        let now = jiff::Timestamp::from_second(784_111_777)
            .unwrap()
            .as_millisecond();
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", now - 30_000),
            Some(30_000)
        );
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", now + 5_000),
            Some(0)
        );
        assert_eq!(retry_after_ms("soon", 0), None);
    }
}
