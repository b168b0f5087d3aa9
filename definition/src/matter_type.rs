//! Matter types (事项): a form, a flow, Rhai rules and a time limit, published as one version.

use crate::flow::FlowDef;
use crate::form::FormDef;
use crate::ids::{RuleName, UnitCode};
use crate::issue::Issue;
use serde::{Deserialize, Serialize};

/// One published version of a matter type, as the designer stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatterTypeDef {
    /// Stable code, e.g. `personnel_transfer`.
    pub code: String,
    /// Display name, e.g. 人员调入联办.
    pub name: String,
    /// Catalog category, e.g. 组织人事.
    #[serde(default)]
    pub category: String,
    /// Version number, starting at 1; immutable once published.
    pub version: u32,
    /// Units allowed to initiate it (empty = every unit).
    #[serde(default)]
    pub initiator_units: Vec<UnitCode>,
    /// Total time limit in working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<u32>,
    /// The form.
    pub form: FormDef,
    /// The flow.
    pub flow: FlowDef,
    /// Rhai rules referenced by the form (validation) and the flow (routing).
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

/// What a rule is for, which decides what it must return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Validation: returns `()` or `true` when the values are fine, a string (the Chinese
    /// message), a map `#{field: "…", message: "…"}` or an array of such maps when not.
    Validation,
    /// Routing: returns a bool (take the branch or not).
    Routing,
}

/// A Rhai rule with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDef {
    /// Name referenced from the form or flow.
    pub name: RuleName,
    /// Validation or routing.
    pub kind: RuleKind,
    /// Rhai source. The form values are in scope as the map `form`.
    pub source: String,
}

impl MatterTypeDef {
    /// The rule with this name, if declared.
    pub fn rule(&self, name: &RuleName) -> Option<&RuleDef> {
        self.rules.iter().find(|r| &r.name == name)
    }

    /// Checks the whole definition: the form, the flow (unique node ids, at least one handling
    /// unit, steps present, fields and rules that exist and have the right kind), and returns
    /// every issue with its path. Empty means valid. Rhai compilation is checked by the server.
    pub fn validate(&self) -> Vec<Issue> {
        crate::flow_check::check_matter_type(self)
    }
}
