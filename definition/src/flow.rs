//! Flow definitions: the node tree the designer edits and the runtime interprets.
//!
//! A flow is a sequence of [`Node`]s run in order. A [`Node::Parallel`] runs its branches at the
//! same time and finishes when all have finished (parallel distribution); consecutive unit nodes
//! give sequential distribution; a [`Node::Condition`] picks the first branch whose condition holds
//! when the node is reached, else its default branch (which may be empty, e.g. "this unit joins
//! only when a form field says so").

use crate::ids::{FieldKey, NodeId, PostCode, RuleName, UnitCode, UserName};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The current version of the stored flow schema.
pub const FLOW_SCHEMA_VERSION: u32 = 1;

/// A versioned flow: the nodes run in order after the initiator submits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowDef {
    /// Version of this schema format; see [`FLOW_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Top-level nodes, run in sequence.
    pub nodes: Vec<Node>,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Node {
    /// An approval step in the initiating unit or by named people (e.g. 发起单位领导审核).
    Approver {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name.
        name: String,
        /// Who approves.
        assignee: Assignee,
        /// How a node with several approvers completes.
        #[serde(default)]
        mode: SignMode,
        /// Time limit in working days.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit_days: Option<u32>,
    },
    /// A handling unit (联办单位): creates a Dispatch for the unit, whose inner steps run in order.
    Unit {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name (defaults to the unit's name in the UI).
        name: String,
        /// Which unit handles it.
        unit: UnitRef,
        /// The unit's inner steps, in order (e.g. 经办人审核 → 分管领导审批). At least one.
        steps: Vec<UnitStep>,
        /// Time limit for the unit in working days.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit_days: Option<u32>,
        /// Where the unit handles it: in Lianban, or in its own system (受办分离).
        #[serde(default, skip_serializing_if = "Handling::is_in_lianban")]
        handling: Handling,
    },
    /// Branches that all run at the same time; the node finishes when every branch has.
    Parallel {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name.
        name: String,
        /// The branches, each a sequence of nodes.
        branches: Vec<Branch>,
    },
    /// Exclusive branches: the first branch whose condition holds runs, else the default.
    Condition {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name.
        name: String,
        /// Conditional branches, tried in order.
        branches: Vec<ConditionalBranch>,
        /// Runs when no condition holds; may be empty (nothing to do).
        default: Branch,
    },
}

impl Node {
    /// The node's id.
    pub fn id(&self) -> &NodeId {
        match self {
            Node::Approver { id, .. }
            | Node::Unit { id, .. }
            | Node::Parallel { id, .. }
            | Node::Condition { id, .. } => id,
        }
    }

    /// The node's display name.
    pub fn name(&self) -> &str {
        match self {
            Node::Approver { name, .. }
            | Node::Unit { name, .. }
            | Node::Parallel { name, .. }
            | Node::Condition { name, .. } => name,
        }
    }
}

/// A branch: a named sequence of nodes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Branch {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Nodes run in order.
    #[serde(default)]
    pub nodes: Vec<Node>,
}

/// A branch taken when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionalBranch {
    /// Display name.
    pub name: String,
    /// When to take it.
    pub when: Condition,
    /// Nodes run in order.
    #[serde(default)]
    pub nodes: Vec<Node>,
}

/// A routing condition on the form's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Condition {
    /// Compares one field with a constant.
    Field {
        /// The field.
        field: FieldKey,
        /// The comparison.
        op: CompareOp,
        /// The constant (a string, number, bool, or an array for `in`).
        value: Value,
    },
    /// All of the conditions hold.
    All {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// At least one of the conditions holds.
    Any {
        /// The conditions.
        conditions: Vec<Condition>,
    },
    /// A Rhai routing rule of the matter type that returns a bool.
    Rule {
        /// The rule's name.
        rule: RuleName,
    },
}

/// Comparison operators for [`Condition::Field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Greater than (numbers; strings compare by character order).
    Gt,
    /// Greater or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less or equal.
    Le,
    /// The field's value is one of the array's elements.
    In,
    /// The field's value (a string or an array) contains the constant.
    Contains,
    /// The field has a non-empty value (the constant is ignored).
    IsSet,
}

/// Where a handling unit works on its dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    /// In Lianban: the unit's inner steps become tasks in its people's work lists.
    #[default]
    InLianban,
    /// 受办分离: pushed to the unit's own system, which reports progress and the result back
    /// through the open API. Publishing refuses it until the open-API integration exists.
    OwnSystem,
}

impl Handling {
    /// Whether this is the default (kept out of the stored JSON).
    pub fn is_in_lianban(&self) -> bool {
        *self == Handling::InLianban
    }
}

/// Which unit a [`Node::Unit`] goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UnitRef {
    /// A fixed unit.
    Fixed {
        /// The unit's code.
        unit: UnitCode,
    },
    /// The unit picked in a unit-picker field of the form.
    FromField {
        /// The field.
        field: FieldKey,
    },
}

/// One inner step of a handling unit: who in that unit handles it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStep {
    /// Step id, unique within the unit node.
    pub id: String,
    /// Display name, e.g. 经办人审核.
    pub name: String,
    /// The post whose holders in the unit form this step's pool (e.g. `clerk`, `leader`).
    pub post: PostCode,
}

/// Who approves an [`Node::Approver`] node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Assignee {
    /// Named users.
    Users {
        /// Their user names.
        users: Vec<UserName>,
    },
    /// Holders of a post in the initiating unit (e.g. its leader).
    InitiatorPost {
        /// The post.
        post: PostCode,
    },
}

/// How a node with several approvers completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignMode {
    /// 或签: the first approver decides.
    #[default]
    Any,
    /// 会签: every approver must approve.
    All,
    /// 依次审批: the named users approve one after another, in the listed order. (For a post of
    /// the initiating unit, whose holders the runtime does not know, it behaves as 或签.)
    Sequential,
}
