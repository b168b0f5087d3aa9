//! Lianban's performance targets, kept as benchmarks (not as timed unit tests), and the small
//! harness they run on.
//!
//! Each file in `benches/` is a plain binary (`harness = false`) that builds a [`Bench`] from its
//! command line and runs named [`Case`]s, each with a [`Target`]:
//! - `cargo bench` passes `--bench` ([`Mode::Measure`]): every case warms up, then runs its
//!   iterations timed one by one; the median, the 95th percentile and the throughput are printed
//!   next to the target, and [`Bench::finish`] fails the process when a target is missed;
//! - `cargo test --all-targets` runs the same binaries without it ([`Mode::Smoke`]): each case
//!   runs once on a small data set, its results are checked, and no time is asserted, so the CI
//!   stays fast and never flaky.
//!
//! An operation returns `anyhow::Result`: an error (or a failed check inside it) ends the binary
//! with that error in both modes. [`server`] starts a real Lianban for the server benches.
//! The targets and the last measured numbers are in `bench/README.md`.

mod args;
mod data;
pub mod server;
mod stats;

pub use args::{Args, Mode};
pub use data::{china_time, transfer_values};
pub use stats::{Count, Human, Stats, Target};

use anyhow::{Context, bail};
use std::future::Future;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// One benchmark case: its name (`group/case`), target and plan.
#[derive(Debug, Clone)]
pub struct Case {
    name: String,
    target: Target,
    warmup: usize,
    iterations: usize,
    ops: u64,
}

impl Case {
    /// A case of 3 warm-up and 30 timed iterations of one operation each.
    pub fn new(name: impl Into<String>, target: Target) -> Self {
        Self {
            name: name.into(),
            target,
            warmup: 3,
            iterations: 30,
            ops: 1,
        }
    }

    /// Warm-up iterations (not timed) before the measurement.
    pub fn warmup(mut self, n: usize) -> Self {
        self.warmup = n;
        self
    }

    /// Timed iterations of the measurement.
    pub fn iterations(mut self, n: usize) -> Self {
        self.iterations = n.max(1);
        self
    }

    /// How many operations one iteration performs (for the throughput).
    pub fn ops_per_iteration(mut self, n: u64) -> Self {
        self.ops = n.max(1);
        self
    }

    /// The case's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The result of one measured case.
#[derive(Debug, Clone)]
struct Outcome {
    name: String,
    target: Target,
    met: bool,
}

/// A bench binary's run: its mode and selection, and what has been measured so far.
pub struct Bench {
    args: Args,
    outcomes: Vec<Outcome>,
}

impl Bench {
    /// A run as the command line of this process asks.
    pub fn from_env() -> Self {
        Self::new(Args::from_env())
    }

    /// A run with the given arguments; in measurement mode, prints what build and machine the
    /// numbers come from.
    pub fn new(args: Args) -> Self {
        if args.mode() == Mode::Measure {
            let build = if cfg!(debug_assertions) {
                "dev profile: workspace crates unoptimised, dependencies opt-level 1"
            } else {
                "optimised build"
            };
            let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
            println!("measuring ({build}; {cores} cores available)");
        }
        Self {
            args,
            outcomes: Vec::new(),
        }
    }

    /// Smoke or measurement.
    pub fn mode(&self) -> Mode {
        self.args.mode()
    }

    /// Whether the case named `name` is selected (check before building its data).
    pub fn wants(&self, name: &str) -> bool {
        self.args.wants(name)
    }

    /// Whether any of `names` is selected.
    pub fn wants_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.wants(n))
    }

    /// In a smoke run, `smoke`; in a measurement, `full` (e.g. the size of a data set).
    pub fn size(&self, smoke: usize, full: usize) -> usize {
        match self.mode() {
            Mode::Smoke => smoke,
            Mode::Measure => full,
        }
    }

    /// Runs `op` as `case` (nothing when the case is not selected).
    ///
    /// Errors: the first error of `op`.
    pub fn run<T>(
        &mut self,
        case: &Case,
        mut op: impl FnMut() -> anyhow::Result<T>,
    ) -> anyhow::Result<()> {
        futures::executor::block_on(self.run_async(case, || std::future::ready(op())))
    }

    /// Runs the future `op` makes as `case` (nothing when the case is not selected).
    ///
    /// Errors: the first error of `op`.
    pub async fn run_async<T, F>(
        &mut self,
        case: &Case,
        mut op: impl FnMut() -> F,
    ) -> anyhow::Result<()>
    where
        F: Future<Output = anyhow::Result<T>>,
    {
        if !self.wants(&case.name) {
            return Ok(());
        }
        let (warmup, iterations) = match self.mode() {
            Mode::Smoke => (0, 1),
            Mode::Measure => (case.warmup, case.iterations),
        };
        for _ in 0..warmup {
            black_box(
                op().await
                    .with_context(|| format!("{} (warm-up)", case.name))?,
            );
        }
        let mut samples = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let start = Instant::now();
            let out = op().await;
            samples.push(start.elapsed());
            black_box(out.with_context(|| case.name.clone())?);
        }
        self.record(case, &samples)
    }

    /// Records samples the caller timed itself, each of `case`'s operations per iteration
    /// (for operations that cannot be repeated at will, such as the first scan of a data set);
    /// nothing when the case is not selected.
    ///
    /// Errors: no samples.
    pub fn record(&mut self, case: &Case, samples: &[Duration]) -> anyhow::Result<()> {
        if !self.wants(&case.name) {
            return Ok(());
        }
        let Some(stats) = Stats::of(samples, case.ops) else {
            bail!("{}: no samples", case.name);
        };
        match self.mode() {
            Mode::Smoke => println!(
                "smoke {:<36} ok ({} run(s), {})",
                case.name,
                stats.iterations,
                Human(stats.max)
            ),
            Mode::Measure => {
                let met = case.target.met_by(&stats);
                // A rate only where the case counts operations; a latency speaks for itself.
                let rate = match case.target {
                    Target::PerSecondAbove(_) => format!("{} /s", Count(stats.per_second)),
                    Target::P95Below(_) => String::new(),
                };
                println!(
                    "bench {:<36} n={:<4} median {:>9}  p95 {:>9}  {:>14}  target {:<16} {}",
                    case.name,
                    stats.iterations,
                    Human(stats.median).to_string(),
                    Human(stats.p95).to_string(),
                    rate,
                    case.target.to_string(),
                    if met { "ok" } else { "MISSED" }
                );
                self.outcomes.push(Outcome {
                    name: case.name.clone(),
                    target: case.target,
                    met,
                });
            }
        }
        Ok(())
    }

    /// Ends the run: failure when a measured case missed its target.
    pub fn finish(self) -> ExitCode {
        let missed: Vec<&Outcome> = self.outcomes.iter().filter(|o| !o.met).collect();
        if missed.is_empty() {
            return ExitCode::SUCCESS;
        }
        for o in &missed {
            eprintln!("target missed: {} ({})", o.name, o.target);
        }
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(line: &str) -> Bench {
        Bench::new(Args::parse(line.split_whitespace().map(str::to_owned)))
    }

    #[test]
    fn a_smoke_run_runs_each_case_once_and_never_fails_on_time() {
        let mut b = bench("");
        let mut calls = 0;
        let slow = Case::new("g/slow", Target::P95Below(Duration::ZERO)).warmup(5);
        b.run(&slow, || {
            calls += 1;
            std::thread::sleep(Duration::from_millis(2));
            Ok(())
        })
        .unwrap();
        assert_eq!(calls, 1);
        assert_eq!(b.finish(), ExitCode::SUCCESS);
    }

    #[test]
    fn a_measurement_warms_up_then_times_every_iteration() {
        let mut b = bench("--bench");
        let mut calls = 0;
        let case = Case::new("g/count", Target::p95_ms(1_000))
            .warmup(2)
            .iterations(7);
        b.run(&case, || {
            calls += 1;
            Ok(calls)
        })
        .unwrap();
        assert_eq!(calls, 9);
        assert_eq!(b.finish(), ExitCode::SUCCESS);
    }

    #[test]
    fn a_missed_target_fails_the_measurement() {
        let mut b = bench("--bench");
        let case = Case::new("g/slow", Target::PerSecondAbove(1e9)).iterations(2);
        b.run(&case, || {
            std::thread::sleep(Duration::from_millis(1));
            Ok(())
        })
        .unwrap();
        assert_eq!(b.finish(), ExitCode::FAILURE);
    }

    #[test]
    fn an_error_of_the_operation_ends_the_run_with_the_case_named() {
        let mut b = bench("");
        let case = Case::new("g/broken", Target::p95_ms(1));
        let err = b
            .run(&case, || -> anyhow::Result<()> { bail!("wrong due date") })
            .unwrap_err();
        assert_eq!(format!("{err:#}"), "g/broken: wrong due date");
    }

    #[test]
    fn a_case_not_selected_does_not_run() {
        let mut b = bench("--bench calendar");
        let case = Case::new("signature/verify", Target::p95_ms(1));
        b.run(&case, || -> anyhow::Result<()> { bail!("must not run") })
            .unwrap();
        assert!(!b.wants_any(&["signature/verify", "worklist/todo"]));
        assert!(b.wants_any(&["worklist/todo", "calendar/working_days"]));
        assert_eq!(b.finish(), ExitCode::SUCCESS);
    }

    #[test]
    fn recording_nothing_is_an_error() {
        let mut b = bench("--bench");
        let case = Case::new("g/empty", Target::p95_ms(1));
        assert!(b.record(&case, &[]).is_err());
    }

    #[test]
    fn sizes_follow_the_mode() {
        assert_eq!(bench("").size(20, 2_000), 20);
        assert_eq!(bench("--bench").size(20, 2_000), 2_000);
    }
}
