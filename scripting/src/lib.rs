//! Rhai in a locked box: runs the validation and routing rules that script authors write.
//!
//! A matter type may declare rules ([`RuleDef`](lianban_definition::matter_type::RuleDef))
//! written in [Rhai](https://rhai.rs). Validation rules run after the declarative form checks
//! and return issues; routing rules decide flow branches and return a bool. Both see the form
//! values as the constant map `form` (missing fields read as `()`; `form` cannot be replaced,
//! and edits to its fields stay inside one evaluation). Script functions (`fn`) do not see
//! `form`; pass it as an argument.
//!
//! [`ScriptEngine`] is the only entry point. It runs every script in one immutable, shared
//! sandbox (module `sandbox`): only the packages rules need, no I/O, no `eval`, no output, strict
//! variables, and the caps of [`Limits`], including a wall-clock budget per evaluation.
//! Compiled rules are cached by source. Failures are [`ScriptError`]s with a stable
//! [`ScriptErrorKind`] code, the line and column, and a Chinese message. The domain functions
//! scripts may call are pure and described by [`ScriptEngine::functions`] for the designer.
//!
//! ```
//! use lianban_scripting::ScriptEngine;
//! use lianban_definition::matter_type::{RuleDef, RuleKind};
//!
//! let engine = ScriptEngine::default();
//! let rule = RuleDef {
//!     name: "needs_housing".into(),
//!     kind: RuleKind::Routing,
//!     source: r#"form.needs_housing == "yes""#.into(),
//! };
//! let values = serde_json::json!({ "needs_housing": "yes" });
//! assert!(engine.route(&rule, values.as_object().unwrap()).unwrap());
//! ```

mod cache;
mod deadline;
mod engine;
mod error;
mod functions;
mod limits;
mod returns;
mod sandbox;
mod translate;

pub use cache::CacheStats;
pub use engine::{FORM_VARIABLE, ScriptEngine};
pub use error::{Result, ScriptError, ScriptErrorKind};
pub use functions::FunctionDoc;
pub use limits::Limits;
pub use returns::RULE_ISSUE_CODE;

#[cfg(test)]
mod tests;
