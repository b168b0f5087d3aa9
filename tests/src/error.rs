//! Why a scenario did not pass: it could not be loaded or set up ([`HarnessError`] variants
//! naming the file), a step could not be prepared, or a step gave something else than expected
//! ([`StepFailure`], with one [`Mismatch`] per differing expectation).

use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// A scenario that did not pass.
#[derive(Debug, Error)]
pub enum HarnessError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a scenario.
    #[error("{file}: not a valid scenario file: {source}")]
    Parse {
        /// The file name.
        file: String,
        /// Where and why parsing failed.
        source: serde_json::Error,
    },
    /// The scenario names something that does not exist, or contradicts itself.
    #[error("{file}: {message}")]
    Setup {
        /// The file name.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A step's command could not be built (bad actor, task reference or command JSON).
    #[error("{file} steps[{index}] ({label}): {message}")]
    Step {
        /// The file name.
        file: String,
        /// The step's index (0-based).
        index: usize,
        /// `user: command type`.
        label: String,
        /// What is wrong.
        message: String,
    },
    /// A step gave something else than expected; later steps were not run.
    #[error("{0}")]
    Mismatch(StepFailure),
}

/// The differences found at one step.
#[derive(Debug)]
pub struct StepFailure {
    /// The file name.
    pub file: String,
    /// The scenario's name.
    pub scenario: String,
    /// The step's index (0-based).
    pub index: usize,
    /// `user: command type`.
    pub label: String,
    /// Every expectation that was not met.
    pub mismatches: Vec<Mismatch>,
    /// How many steps the scenario has.
    pub total: usize,
}

/// One expectation that was not met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What was checked, e.g. `status` or `dispatches.rsj`.
    pub what: String,
    /// What the scenario expects.
    pub expected: String,
    /// What happened.
    pub actual: String,
    /// Where exactly it differs, or the refusal's message; may be empty.
    pub detail: String,
}

impl Mismatch {
    /// A mismatch without detail.
    pub fn new(
        what: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Self {
            what: what.into(),
            expected: expected.into(),
            actual: actual.into(),
            detail: String::new(),
        }
    }

    /// Adds the detail line.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}) steps[{}] ({}):",
            self.file, self.scenario, self.index, self.label
        )?;
        for m in &self.mismatches {
            writeln!(f, "  - {}", m.what)?;
            writeln!(f, "      expected: {}", m.expected)?;
            writeln!(f, "      actual:   {}", m.actual)?;
            if !m.detail.is_empty() {
                writeln!(f, "      {}", m.detail)?;
            }
        }
        let rest = self.total - self.index - 1;
        if rest > 0 {
            write!(f, "  ({rest} later step(s) not run)")?;
        }
        Ok(())
    }
}
