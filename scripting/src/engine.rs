//! [`ScriptEngine`]: compile, cache and run rules inside the sandbox.
//!
//! One engine serves the whole process. It holds the immutable Rhai engine built by
//! `sandbox` and a bounded cache of compiled rules, so a published rule is
//! compiled once and then only evaluated. Each evaluation gets a fresh scope holding the form
//! values as the constant map `form` and its own deadline; nothing is carried from one run to
//! the next.

use crate::cache::{AstCache, CacheStats};
use crate::deadline::DeadlineGuard;
use crate::error::{Result, ScriptError, ScriptErrorKind};
use crate::functions::{FUNCTIONS, FunctionDoc};
use crate::limits::Limits;
use crate::{returns, sandbox, translate};
use lianban_definition::Issue;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::{RuleDef, RuleKind};
use rhai::{AST, Dynamic, Engine, Map, Scope};
use std::sync::Arc;

/// Name of the variable that holds the form values inside scripts.
pub const FORM_VARIABLE: &str = "form";

/// Runs validation and routing rules in a sandbox. `Send + Sync`: share one per process.
pub struct ScriptEngine {
    /// The sandboxed Rhai engine; never mutated after construction.
    engine: Engine,
    /// Limits the engine was built with, for error messages.
    limits: Limits,
    /// Compiled rules by source.
    cache: AstCache,
}

impl ScriptEngine {
    /// Most compiled rules kept in the cache.
    pub const CACHE_CAPACITY: usize = 1024;

    /// Builds the sandbox with these limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            engine: sandbox::build(&limits),
            limits,
            cache: AstCache::new(Self::CACHE_CAPACITY),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Compiles `source` without running it, for the designer's live checking. Uses a cached
    /// compilation when there is one but never adds to the cache, so drafts typed in the
    /// designer do not push out published rules.
    ///
    /// # Errors
    /// `Syntax` (also for unknown variables and `eval`), `TooDeep` or `TooLarge`.
    pub fn check(&self, source: &str) -> Result<()> {
        if self.cache.peek(source).is_some() {
            return Ok(());
        }
        self.compile(source).map(drop)
    }

    /// Runs a validation rule on `values` and returns the issues it reports (empty: passed).
    ///
    /// # Errors
    /// `WrongKind` for a routing rule, `BadReturn` for a return value that is not one of the
    /// accepted shapes, and any compile or run-time error of the script.
    pub fn validate(&self, rule: &RuleDef, values: &FormValues) -> Result<Vec<Issue>> {
        match rule.kind {
            RuleKind::Validation => {}
            RuleKind::Routing => {
                return Err(wrong_kind(rule, "路由规则", "校验"));
            }
        }
        let value = self.run(&rule.source, values)?;
        returns::validation_issues(rule.name.as_str(), value)
    }

    /// Runs a routing rule on `values` and returns its decision.
    ///
    /// # Errors
    /// `WrongKind` for a validation rule, `BadReturn` unless the script returns a bool, and any
    /// compile or run-time error of the script.
    pub fn route(&self, rule: &RuleDef, values: &FormValues) -> Result<bool> {
        match rule.kind {
            RuleKind::Routing => {}
            RuleKind::Validation => {
                return Err(wrong_kind(rule, "校验规则", "路由"));
            }
        }
        let value = self.run(&rule.source, values)?;
        returns::routing_decision(rule.name.as_str(), &value)
    }

    /// Metadata of the domain functions scripts may call, for the designer and the docs.
    pub fn functions() -> Vec<FunctionDoc> {
        FUNCTIONS.to_vec()
    }

    /// Counters of the compiled-rule cache.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.stats()
    }

    /// Number of compiled rules currently cached.
    pub fn cache_len(&self) -> usize {
        self.cache.stats().entries
    }

    /// Compiles (or takes from the cache) and evaluates `source` with `values` as `form`.
    pub(crate) fn run(&self, source: &str, values: &FormValues) -> Result<Dynamic> {
        let ast: Arc<AST> = self.cache.get_or_compile(source, |s| self.compile(s))?;
        let form = rhai::serde::to_dynamic(values).map_err(|e| {
            let mut err = ScriptError::new(ScriptErrorKind::Runtime, "表单数据无法传给脚本");
            err.detail = e.to_string();
            err
        })?;
        let mut scope = Scope::new();
        scope.push_constant_dynamic(FORM_VARIABLE, form);
        let _deadline = DeadlineGuard::start(self.limits.time_budget);
        self.engine
            .eval_ast_with_scope::<Dynamic>(&mut scope, &ast)
            .map(Dynamic::flatten)
            .map_err(|e| translate::eval_error(&e, &self.limits))
    }

    /// Compiles `source`. `form` is declared as an ordinary variable here: it satisfies strict
    /// variables, and, unlike a constant, its placeholder value is not folded into the script
    /// by the optimizer. At run time it is a constant.
    fn compile(&self, source: &str) -> Result<AST> {
        let mut scope = Scope::new();
        scope.push(FORM_VARIABLE, Map::new());
        self.engine
            .compile_with_scope(&scope, source)
            .map_err(|e| translate::parse_error(&e, &self.limits))
    }
}

impl Default for ScriptEngine {
    /// An engine with [`Limits::default`].
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl std::fmt::Debug for ScriptEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptEngine")
            .field("limits", &self.limits)
            .field("cache", &self.cache.stats())
            .finish_non_exhaustive()
    }
}

/// The error for running a rule as the wrong kind.
fn wrong_kind(rule: &RuleDef, is: &str, used_as: &str) -> ScriptError {
    ScriptError::new(
        ScriptErrorKind::WrongKind,
        format!("规则「{}」是{is}，不能用于{used_as}", rule.name),
    )
}
