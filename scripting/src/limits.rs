//! The resource limits of the sandbox.
//!
//! Every rule runs under the same [`Limits`]: a cap on Rhai operations, call depth, expression
//! nesting, data sizes and wall-clock time. The defaults suit form validation and routing, which
//! touch a few dozen fields; a rule that needs more is a rule that should be rewritten.

use std::time::Duration;

/// Caps on what one rule evaluation may consume. Hitting any of them stops the script with a
/// [`ScriptError`](crate::ScriptError) of the matching kind instead of hanging or exhausting
/// memory. Following Rhai's convention, a `max_*` value of 0 turns that cap off; configuration
/// for real deployments should never do so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Most Rhai operations (statements, expressions, loop iterations) per evaluation.
    /// Default 200 000. Exceeding it gives `TooManyOperations`.
    pub max_operations: u64,
    /// Deepest nesting of script-function calls. Default 32. Exceeding it gives `TooDeep`.
    pub max_call_levels: usize,
    /// Deepest nesting of expressions, at top level and inside functions (checked when
    /// compiling). Default 64. Exceeding it gives `TooDeep`.
    pub max_expr_depth: usize,
    /// Longest string, in bytes. Default 64 KiB. Exceeding it gives `TooLarge`.
    pub max_string_size: usize,
    /// Most elements in one array. Default 10 000. Exceeding it gives `TooLarge`.
    pub max_array_size: usize,
    /// Most entries in one object map. Default 10 000. Exceeding it gives `TooLarge`.
    pub max_map_size: usize,
    /// Most variables alive in one scope at once. Default 1 000. Exceeding it gives `TooLarge`.
    pub max_variables: usize,
    /// Most functions a script may define. Default 64. Exceeding it gives `TooLarge`.
    pub max_functions: usize,
    /// Wall-clock budget of one evaluation, measured from its start. Default 100 ms.
    /// Exceeding it gives `Timeout`.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 200_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 64 * 1024,
            max_array_size: 10_000,
            max_map_size: 10_000,
            max_variables: 1_000,
            max_functions: 64,
            time_budget: Duration::from_millis(100),
        }
    }
}
