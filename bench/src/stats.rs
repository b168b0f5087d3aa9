//! What a case's timed iterations give ([`Stats`]) and what they must reach ([`Target`]).

use std::fmt;
use std::time::Duration;

/// The summary of a case's timed iterations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// How many iterations were timed.
    pub iterations: usize,
    /// The median iteration.
    pub median: Duration,
    /// The 95th percentile (nearest rank): the slowest iteration when there are fewer than 20.
    pub p95: Duration,
    /// The slowest iteration.
    pub max: Duration,
    /// Operations per second at the median (operations per iteration / median).
    pub per_second: f64,
}

impl Stats {
    /// The summary of `samples`, each timing `ops` operations; `None` without samples.
    pub fn of(samples: &[Duration], ops: u64) -> Option<Self> {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let n = sorted.len();
        let max = *sorted.last()?;
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        };
        // Nearest rank: the smallest sample with at least 95 % of the samples at or below it.
        let rank = (n * 95).div_ceil(100).max(1);
        let seconds = median.as_secs_f64();
        Some(Self {
            iterations: n,
            median,
            p95: sorted[rank - 1],
            max,
            per_second: if seconds > 0.0 {
                ops as f64 / seconds
            } else {
                f64::INFINITY
            },
        })
    }
}

/// What a case must reach in a measurement run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// The 95th percentile iteration takes at most this long.
    P95Below(Duration),
    /// At least this many operations per second (at the median).
    PerSecondAbove(f64),
}

impl Target {
    /// `P95Below` in milliseconds.
    pub fn p95_ms(ms: u64) -> Self {
        Self::P95Below(Duration::from_millis(ms))
    }

    /// Whether `stats` reach the target.
    pub fn met_by(&self, stats: &Stats) -> bool {
        match *self {
            Target::P95Below(limit) => stats.p95 <= limit,
            Target::PerSecondAbove(min) => stats.per_second >= min,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Target::P95Below(limit) => write!(f, "p95 ≤ {}", Human(limit)),
            Target::PerSecondAbove(min) => write!(f, "≥ {} /s", Count(min)),
        }
    }
}

/// A duration with a readable unit: `850 ns`, `12.4 µs`, `3.08 ms`, `1.52 s`.
pub struct Human(pub Duration);

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nanos = self.0.as_nanos() as f64;
        let (value, unit) = if nanos < 1e3 {
            (nanos, "ns")
        } else if nanos < 1e6 {
            (nanos / 1e3, "µs")
        } else if nanos < 1e9 {
            (nanos / 1e6, "ms")
        } else {
            (nanos / 1e9, "s")
        };
        let decimals = if value < 10.0 {
            2
        } else if value < 100.0 {
            1
        } else {
            0
        };
        write!(f, "{value:.decimals$} {unit}")
    }
}

/// A rate with thousands separators: `12,345`.
pub struct Count(pub f64);

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_finite() {
            return f.write_str("∞");
        }
        let digits = format!("{:.0}", self.0);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn no_samples_give_no_stats() {
        assert_eq!(Stats::of(&[], 1), None);
    }

    #[test]
    fn one_sample_is_median_p95_and_max() {
        let stats = Stats::of(&ms(&[40]), 1).unwrap();
        assert_eq!(stats.median, Duration::from_millis(40));
        assert_eq!(stats.p95, Duration::from_millis(40));
        assert_eq!(stats.max, Duration::from_millis(40));
        assert_eq!(stats.per_second, 25.0);
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two_whatever_the_order() {
        let stats = Stats::of(&ms(&[40, 10, 30, 20]), 1).unwrap();
        assert_eq!(stats.median, Duration::from_millis(25));
        assert_eq!(stats.max, Duration::from_millis(40));
    }

    #[test]
    fn p95_is_the_nearest_rank() {
        let samples: Vec<u64> = (1..=100).collect();
        let stats = Stats::of(&ms(&samples), 1).unwrap();
        assert_eq!(stats.p95, Duration::from_millis(95));
        let samples: Vec<u64> = (1..=10).collect();
        assert_eq!(
            Stats::of(&ms(&samples), 1).unwrap().p95,
            Duration::from_millis(10)
        );
    }

    #[test]
    fn throughput_counts_every_operation_of_an_iteration() {
        let stats = Stats::of(&ms(&[2, 2, 2]), 1000).unwrap();
        assert_eq!(stats.per_second, 500_000.0);
    }

    #[test]
    fn a_latency_target_is_missed_by_a_slow_tail_but_not_by_one_outlier_in_twenty() {
        let mut samples = vec![10; 19];
        samples.push(200);
        let stats = Stats::of(&ms(&samples), 1).unwrap();
        assert!(Target::p95_ms(50).met_by(&stats), "{stats:?}");
        samples[0] = 200;
        let stats = Stats::of(&ms(&samples), 1).unwrap();
        assert!(!Target::p95_ms(50).met_by(&stats), "{stats:?}");
        assert!(Target::p95_ms(200).met_by(&stats));
    }

    #[test]
    fn a_throughput_target_is_missed_below_the_rate() {
        let stats = Stats::of(&ms(&[10]), 100).unwrap();
        assert!(Target::PerSecondAbove(10_000.0).met_by(&stats));
        assert!(!Target::PerSecondAbove(10_001.0).met_by(&stats));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(Human(Duration::from_nanos(850)).to_string(), "850 ns");
        assert_eq!(Human(Duration::from_nanos(12_400)).to_string(), "12.4 µs");
        assert_eq!(Human(Duration::from_micros(3_080)).to_string(), "3.08 ms");
        assert_eq!(Human(Duration::from_millis(1_520)).to_string(), "1.52 s");
        assert_eq!(Count(1_234_567.4).to_string(), "1,234,567");
        assert_eq!(Count(999.0).to_string(), "999");
        assert_eq!(Count(f64::INFINITY).to_string(), "∞");
        assert_eq!(Target::p95_ms(50).to_string(), "p95 ≤ 50.0 ms");
        assert_eq!(Target::PerSecondAbove(20_000.0).to_string(), "≥ 20,000 /s");
    }
}
