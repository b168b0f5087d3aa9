//! Matter types (事项): a form, a flow, Rhai rules and a time limit, published as one version.

use crate::flow::{FLOW_SCHEMA_VERSION, FlowDef};
use crate::form::{FORM_SCHEMA_VERSION, FormDef, FormValues};
use crate::ids::{FieldKey, RuleName, UnitCode};
use crate::issue::Issue;
use crate::limit::{LimitUnit, WarningTier, default_tiers};
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
    /// 办事指南: the guide for applicants, in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guide: String,
    /// Units allowed to initiate it (empty = every unit).
    #[serde(default)]
    pub initiator_units: Vec<UnitCode>,
    /// 牵头单位: the unit responsible for the matter type as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_unit: Option<UnitCode>,
    /// Default handling units (联办单位), shown in the catalog; the flow decides who really joins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_units: Vec<UnitCode>,
    /// Materials (材料) an initiator supplies, checked at submission.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Material>,
    /// 密级 of the matters of this type.
    #[serde(default, skip_serializing_if = "SecurityLevel::is_unclassified")]
    pub security_level: SecurityLevel,
    /// Total time limit: the amount, in `time_limit_unit` (working days unless set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_days: Option<u32>,
    /// The unit of `time_limit_days`.
    #[serde(default, skip_serializing_if = "LimitUnit::is_default")]
    pub time_limit_unit: LimitUnit,
    /// 预警等级: when the matter's and each node's limit warn, and whom; empty means
    /// [`default_tiers`] (蓝 one working day before, 黄 on the due day, 红 overdue).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warning_tiers: Vec<WarningTier>,
    /// The form.
    pub form: FormDef,
    /// The flow.
    pub flow: FlowDef,
    /// Rhai rules referenced by the form (validation) and the flow (routing).
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

/// 密级: how sensitive the matters of a type are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityLevel {
    /// 非密.
    #[default]
    Unclassified,
    /// 内部.
    Internal,
    /// 敏感 (restricted to cleared staff).
    Restricted,
}

impl SecurityLevel {
    /// Whether this is the default level (kept out of the stored JSON).
    pub fn is_unclassified(&self) -> bool {
        *self == SecurityLevel::Unclassified
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SecurityLevel::Unclassified => "非密",
            SecurityLevel::Internal => "内部",
            SecurityLevel::Restricted => "敏感",
        }
    }
}

/// One required material (申请材料) of a matter type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Key, unique in the matter type (an identifier, e.g. `transfer_letter`).
    pub key: FieldKey,
    /// Name shown in the checklist, e.g. 商调函.
    pub name: String,
    /// Whether the matter may be submitted without it.
    #[serde(default)]
    pub requirement: Requirement,
    /// Accepted file extensions, lower case without dot; empty = the server's default list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    /// Size limit per file in MiB; `None` = the server's upload limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size_mb: Option<u32>,
    /// Attachment id of a template or sample file (样表) initiators can download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// Where the file comes from.
    #[serde(default)]
    pub source: MaterialSource,
}

/// Whether a material must be present at submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// 必交: submission is refused without it.
    #[default]
    Required,
    /// 容缺: may be supplied later; submission goes ahead and the gap is recorded.
    Deferrable,
    /// 选交: optional.
    Optional,
}

/// Where a material's file comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MaterialSource {
    /// Uploaded by the initiator.
    #[default]
    Upload,
    /// Taken from an earlier matter of the same initiator.
    EarlierMatter,
    /// Fetched from the 证照库 by licence type (the fetch comes with the licence integration).
    License {
        /// The 证照库 licence type code.
        license_type: String,
    },
}

/// Required (not 容缺) materials that have no file, as issues on `materials.<key>` with the
/// message 请上传<name> (code `material_missing`). `has_file` says whether a material key has at
/// least one uploaded file. The browser and the server both refuse a submission on these.
pub fn missing_materials(materials: &[Material], has_file: impl Fn(&str) -> bool) -> Vec<Issue> {
    materials
        .iter()
        .filter(|m| m.requirement == Requirement::Required && !has_file(m.key.as_str()))
        .map(|m| {
            Issue::new(
                format!("materials.{}", m.key),
                "material_missing",
                format!("请上传{}", m.name),
            )
        })
        .collect()
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
    /// Examples with expected results; a rule whose tests fail cannot be published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<RuleTest>,
}

/// An example input of a rule with the result it must give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleTest {
    /// What the example shows, e.g. 调出单位为空时报错.
    pub name: String,
    /// The form values the rule sees.
    #[serde(default)]
    pub form: FormValues,
    /// The result it must give.
    pub expect: Expectation,
}

/// The expected result of a [`RuleTest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Expectation {
    /// Validation: the values pass.
    Pass,
    /// Validation: the values fail (on this field, when given).
    Fail {
        /// The field the failure must name; `None` = any failure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<FieldKey>,
    },
    /// Routing: the rule returns this.
    Route {
        /// The expected bool.
        value: bool,
    },
}

impl MatterTypeDef {
    /// The rule with this name, if declared.
    pub fn rule(&self, name: &RuleName) -> Option<&RuleDef> {
        self.rules.iter().find(|r| &r.name == name)
    }

    /// The matter's total time limit as (amount, unit), when set.
    pub fn time_limit(&self) -> Option<(u32, LimitUnit)> {
        self.time_limit_days
            .map(|amount| (amount, self.time_limit_unit))
    }

    /// The warning tiers in force: the defined ones, or [`default_tiers`] when none are, sorted
    /// by when they are reached (earliest first).
    pub fn tiers(&self) -> Vec<WarningTier> {
        let mut tiers = if self.warning_tiers.is_empty() {
            default_tiers()
        } else {
            self.warning_tiers.clone()
        };
        tiers.sort_by_key(|t| t.when.order());
        tiers
    }

    /// A new, empty definition (version 1, no fields, no nodes): what a designer starts from.
    /// It does not validate until the form and flow are filled in.
    pub fn empty(code: &str, name: &str, category: &str) -> Self {
        MatterTypeDef {
            code: code.to_owned(),
            name: name.to_owned(),
            category: category.to_owned(),
            version: 1,
            guide: String::new(),
            initiator_units: Vec::new(),
            lead_unit: None,
            handling_units: Vec::new(),
            materials: Vec::new(),
            security_level: SecurityLevel::Unclassified,
            time_limit_days: None,
            time_limit_unit: LimitUnit::WorkingDays,
            warning_tiers: Vec::new(),
            form: FormDef {
                schema_version: FORM_SCHEMA_VERSION,
                sections: Vec::new(),
                fields: Vec::new(),
                rules: Vec::new(),
            },
            flow: FlowDef {
                schema_version: FLOW_SCHEMA_VERSION,
                nodes: Vec::new(),
            },
            rules: Vec::new(),
        }
    }

    /// Checks the whole definition: the form, the flow (unique node ids, at least one handling
    /// unit, steps present, fields and rules that exist and have the right kind), and returns
    /// every issue with its path. Empty means valid. Rhai compilation is checked by the server.
    pub fn validate(&self) -> Vec<Issue> {
        crate::flow_check::check_matter_type(self)
    }
}
