//! The full validation a submission goes through before it reaches the runtime, as the server
//! runs it: the declarative checks of `definition` first, then, only when they pass, each
//! validation rule the form names, in order, with the real Rhai engine on the cleaned values.

use lianban_definition::Issue;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_scripting::ScriptEngine;

/// Why a submission does not reach the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// The values are wrong: one issue per problem, path = field key (or `""` for a rule's
    /// whole-form message).
    Invalid(Vec<Issue>),
    /// A validation rule could not run (a bug in the seed, not in the values).
    Failed {
        /// `script_*` code of the script error, or `rule_undeclared`.
        code: String,
        /// What went wrong.
        message: String,
    },
}

/// Validates `values` for `def`: the cleaned values, or why they are refused.
pub fn validate_submission(
    engine: &ScriptEngine,
    def: &MatterTypeDef,
    values: &FormValues,
) -> Result<FormValues, Rejection> {
    let cleaned = def
        .form
        .validate_values(values)
        .map_err(Rejection::Invalid)?;
    let mut issues = Vec::new();
    for name in &def.form.rules {
        let rule = def.rule(name).ok_or_else(|| Rejection::Failed {
            code: "rule_undeclared".to_owned(),
            message: format!("form names rule {name}, which the matter type does not declare"),
        })?;
        let found = engine
            .validate(rule, &cleaned)
            .map_err(|e| Rejection::Failed {
                code: e.kind.code().to_owned(),
                message: format!("rule {name}: {}", e.message),
            })?;
        issues.extend(found);
    }
    if issues.is_empty() {
        Ok(cleaned)
    } else {
        Err(Rejection::Invalid(issues))
    }
}
