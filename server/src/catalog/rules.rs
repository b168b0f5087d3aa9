//! The routing rules of one matter type, run by the shared script engine: the [`RuleEval`] the
//! runtime is given, by matter commands and by the designer's simulation alike.

use lianban_definition::RuleName;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::RuleEval;
use lianban_scripting::ScriptEngine;

/// Routing rules of one matter type.
pub struct TypeRules<'a> {
    /// The engine (compiled-rule cache inside).
    pub engine: &'a ScriptEngine,
    /// The matter type whose rules are run.
    pub def: &'a MatterTypeDef,
}

impl RuleEval for TypeRules<'_> {
    fn route(&self, rule: &RuleName, values: &FormValues) -> Result<bool, String> {
        let def = self
            .def
            .rule(rule)
            .ok_or_else(|| format!("未定义路由规则「{rule}」"))?;
        self.engine.route(def, values).map_err(|e| e.message)
    }
}
