//! The command line of a bench binary, read the way libtest reads it so that `cargo test` and
//! `cargo bench` can pass what they always pass.
//!
//! `--bench` (passed by `cargo bench`) selects [`Mode::Measure`]; without it a binary runs in
//! [`Mode::Smoke`]. Free arguments filter the cases by substring (any of them, or exactly with
//! `--exact`), `--skip <pattern>` leaves cases out, and other libtest flags (`--nocapture`,
//! `--test-threads 2` …) are accepted and ignored.

/// How a bench binary runs its cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo test`: each case once, results checked, no timing asserted.
    Smoke,
    /// `cargo bench`: warm-up, every iteration timed, targets enforced.
    Measure,
}

/// libtest flags that take a value as the next argument (when not written `--flag=value`).
const VALUE_FLAGS: [&str; 6] = [
    "--test-threads",
    "--format",
    "--color",
    "--logfile",
    "--shuffle-seed",
    "-Z",
];

/// The parsed command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    measure: bool,
    exact: bool,
    filters: Vec<String>,
    skips: Vec<String>,
}

impl Args {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Self {
        let mut out = Self::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--bench" => out.measure = true,
                "--exact" => out.exact = true,
                "--skip" => out.skips.extend(args.next()),
                flag if VALUE_FLAGS.contains(&flag) => {
                    args.next();
                }
                flag if flag.starts_with('-') => {}
                _ => out.filters.push(arg),
            }
        }
        out
    }

    /// The arguments of this process.
    pub fn from_env() -> Self {
        Self::parse(std::env::args().skip(1))
    }

    /// Smoke or measurement.
    pub fn mode(&self) -> Mode {
        if self.measure {
            Mode::Measure
        } else {
            Mode::Smoke
        }
    }

    /// Whether the case `name` is selected: it matches a filter (or there is none) and no skip
    /// pattern.
    pub fn wants(&self, name: &str) -> bool {
        let matches = |pattern: &String| {
            if self.exact {
                name == pattern
            } else {
                name.contains(pattern.as_str())
            }
        };
        (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skips.iter().any(|s| name.contains(s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Args {
        Args::parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn without_bench_it_is_a_smoke_run_of_every_case() {
        let args = parse("");
        assert_eq!(args.mode(), Mode::Smoke);
        assert!(args.wants("calendar/working_days"));
    }

    #[test]
    fn cargo_bench_measures() {
        assert_eq!(parse("--bench").mode(), Mode::Measure);
        assert_eq!(parse("calendar --bench").mode(), Mode::Measure);
    }

    #[test]
    fn the_ci_skips_do_not_touch_bench_cases_but_skip_what_they_name() {
        let args = parse("--skip two_nodes --skip durability::");
        assert_eq!(args.mode(), Mode::Smoke);
        assert!(args.wants("deadline_scan/nothing_due"));
        let args = parse("--skip deadline_scan");
        assert!(!args.wants("deadline_scan/nothing_due"));
        assert!(args.wants("worklist/todo_first_page"));
    }

    #[test]
    fn a_test_name_filter_selects_no_bench_case_unless_it_matches() {
        let args = parse("each_tier_fires_exactly_once");
        assert!(!args.wants("deadline_scan/nothing_due"));
        let args = parse("nothing_due");
        assert!(args.wants("deadline_scan/nothing_due"));
        assert!(!args.wants("deadline_scan/first_full"));
    }

    #[test]
    fn exact_filters_compare_whole_names() {
        let args = parse("--exact calendar/working");
        assert!(!args.wants("calendar/working_days"));
        let args = parse("--exact calendar/working_days");
        assert!(args.wants("calendar/working_days"));
    }

    #[test]
    fn value_flags_do_not_become_filters() {
        let args = parse("--test-threads 2 --format terse --nocapture --color=never");
        assert_eq!(args, Args::default());
        assert!(args.wants("signature/verify_hmac_sm3"));
    }

    #[test]
    fn a_trailing_skip_without_pattern_is_ignored() {
        assert_eq!(parse("--skip"), Args::default());
    }
}
