//! Flow definitions: the node tree the designer edits and the runtime interprets.
//!
//! A flow is a sequence of [`Node`]s run in order. A [`Node::Parallel`] runs its branches at the
//! same time and finishes when all have finished (parallel distribution); consecutive unit nodes
//! give sequential distribution; a [`Node::Condition`] picks the first branch whose condition holds
//! when the node is reached, else its default branch (which may be empty, e.g. "this unit joins
//! only when a form field says so").

use crate::ids::{FieldKey, NodeId, PostCode, RuleName, UnitCode, UserName};
use crate::limit::LimitUnit;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The post whose holders lead a unit (单位负责人/分管领导), used by [`Assignee::UnitLeader`] and
/// [`Assignee::InitiatorLeader`].
pub const LEADER_POST: &str = "leader";

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
        /// 会签 by percentage: with [`SignMode::All`], the node passes once this share (1–100) of
        /// its approvers has approved; the rest are cancelled. `None` means all of them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_percent: Option<u8>,
        /// What happens when the assignee resolves to nobody when the node is reached.
        #[serde(default, skip_serializing_if = "EmptyPolicy::is_default")]
        when_empty: EmptyPolicy,
        /// Time limit: the amount, in `time_limit_unit` (working days unless set).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit_days: Option<u32>,
        /// The unit of `time_limit_days`.
        #[serde(default, skip_serializing_if = "LimitUnit::is_default")]
        time_limit_unit: LimitUnit,
        /// Field permissions and allowed operations for the node's approvers.
        #[serde(default, skip_serializing_if = "NodeRights::is_default")]
        rights: NodeRights,
    },
    /// A handling unit (联办单位): creates a Dispatch for the unit, whose inner steps run in order.
    Unit {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name (defaults to the unit's name in the UI).
        name: String,
        /// Which unit handles it.
        unit: UnitRef,
        /// The unit's inner steps, in order (e.g. 经办人审核 → 分管领导审批). At least one when
        /// handled in Lianban; unused (and unchecked) when handled in the unit's own system.
        steps: Vec<UnitStep>,
        /// Time limit for the unit: the amount, in `time_limit_unit` (working days unless set).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit_days: Option<u32>,
        /// The unit of `time_limit_days`.
        #[serde(default, skip_serializing_if = "LimitUnit::is_default")]
        time_limit_unit: LimitUnit,
        /// Where the unit handles it: in Lianban, or in its own system (受办分离).
        #[serde(default, skip_serializing_if = "Handling::is_in_lianban")]
        handling: Handling,
        /// Field permissions and allowed operations for the unit's handlers (every inner step).
        #[serde(default, skip_serializing_if = "NodeRights::is_default")]
        rights: NodeRights,
    },
    /// 抄送: the recipients are told and may read the matter; nobody has to act, so the flow
    /// passes on at once.
    Cc {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name.
        name: String,
        /// Who receives the copy (every person the assignee resolves to).
        recipients: Assignee,
        /// Field permissions for the recipients (only `Hidden` matters: they cannot edit).
        #[serde(default, skip_serializing_if = "NodeRights::is_default")]
        rights: NodeRights,
    },
    /// 盖章: a seal step. Until the e-seal integration exists, the holders of `post` in the unit
    /// stamp by hand and confirm here (a task like a unit step); the node records which seal.
    Seal {
        /// Node id, unique in the flow.
        id: NodeId,
        /// Display name, e.g. 加盖区府办公章.
        name: String,
        /// The unit whose seal is applied (fixed or from a unit field).
        unit: UnitRef,
        /// The post that keeps the seal in that unit (e.g. `clerk`).
        post: PostCode,
        /// Which seal, e.g. 单位公章, 合同专用章.
        seal: String,
        /// Time limit: the amount, in `time_limit_unit` (working days unless set).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit_days: Option<u32>,
        /// The unit of `time_limit_days`.
        #[serde(default, skip_serializing_if = "LimitUnit::is_default")]
        time_limit_unit: LimitUnit,
        /// Field permissions and allowed operations for the seal keepers.
        #[serde(default, skip_serializing_if = "NodeRights::is_default")]
        rights: NodeRights,
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
            | Node::Cc { id, .. }
            | Node::Seal { id, .. }
            | Node::Parallel { id, .. }
            | Node::Condition { id, .. } => id,
        }
    }

    /// The node's display name.
    pub fn name(&self) -> &str {
        match self {
            Node::Approver { name, .. }
            | Node::Unit { name, .. }
            | Node::Cc { name, .. }
            | Node::Seal { name, .. }
            | Node::Parallel { name, .. }
            | Node::Condition { name, .. } => name,
        }
    }

    /// The node's time limit as (amount, unit), when it has one (approver, unit and seal
    /// nodes).
    pub fn time_limit(&self) -> Option<(u32, LimitUnit)> {
        match self {
            Node::Approver {
                time_limit_days,
                time_limit_unit,
                ..
            }
            | Node::Unit {
                time_limit_days,
                time_limit_unit,
                ..
            }
            | Node::Seal {
                time_limit_days,
                time_limit_unit,
                ..
            } => time_limit_days.map(|amount| (amount, *time_limit_unit)),
            Node::Cc { .. } | Node::Parallel { .. } | Node::Condition { .. } => None,
        }
    }

    /// The node's field permissions and operations (`None` for branch nodes).
    pub fn rights(&self) -> Option<&NodeRights> {
        match self {
            Node::Approver { rights, .. }
            | Node::Unit { rights, .. }
            | Node::Cc { rights, .. }
            | Node::Seal { rights, .. } => Some(rights),
            Node::Parallel { .. } | Node::Condition { .. } => None,
        }
    }
}

/// Every node of the tree, depth first (a branch node before the nodes of its branches).
pub fn all_nodes(nodes: &[Node]) -> Vec<&Node> {
    let mut out = Vec::new();
    for node in nodes {
        out.push(node);
        match node {
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {}
            Node::Parallel { branches, .. } => {
                for branch in branches {
                    out.extend(all_nodes(&branch.nodes));
                }
            }
            Node::Condition {
                branches, default, ..
            } => {
                for branch in branches {
                    out.extend(all_nodes(&branch.nodes));
                }
                out.extend(all_nodes(&default.nodes));
            }
        }
    }
    out
}

/// What a handler may do with one form field at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldAccess {
    /// Shown; the handler may change it when approving (e.g. 核定金额).
    Editable,
    /// Shown, not editable (the default for fields a node does not list).
    #[default]
    ReadOnly,
    /// Not shown: the value, its attachments and its changes are withheld from the handler.
    Hidden,
}

/// Where a handler may return a matter to (退回).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReturnTargets {
    /// Only to the initiator (发起人补正).
    #[default]
    Initiator,
    /// To the initiator or any earlier node on the path actually taken.
    AnyEarlier,
    /// To the initiator or one of these earlier nodes.
    Nodes {
        /// The nodes.
        nodes: Vec<NodeId>,
    },
}

/// The operations a node's handlers may use. Missing flags mean allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeOps {
    /// 退回.
    #[serde(default = "yes")]
    pub can_return: bool,
    /// Where a return may go.
    #[serde(default)]
    pub return_targets: ReturnTargets,
    /// 转办: hand the task to another person.
    #[serde(default = "yes")]
    pub transfer: bool,
    /// 加签/减签: add or remove signers of a multi-person node.
    #[serde(default = "yes")]
    pub add_signer: bool,
    /// 委派: hand the task to someone who acts and gives it back.
    #[serde(default = "yes")]
    pub delegate: bool,
    /// After a return from this node is corrected: straight back here, or re-run the path.
    #[serde(default)]
    pub after_return: AfterReturn,
}

/// Where a matter goes after a return from a node is corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterReturn {
    /// Straight back to the node (and step) that returned it.
    #[default]
    StraightBack,
    /// Through the nodes between the return target and this node again.
    Rerun,
}

impl Default for NodeOps {
    fn default() -> Self {
        Self {
            can_return: true,
            return_targets: ReturnTargets::Initiator,
            transfer: true,
            add_signer: true,
            delegate: true,
            after_return: AfterReturn::StraightBack,
        }
    }
}

/// Serde default for the operation flags.
fn yes() -> bool {
    true
}

/// Per-node field permissions (editable / read-only / hidden) and allowed operations.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NodeRights {
    /// Access per field key; a field not listed is read-only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<FieldKey, FieldAccess>,
    /// Allowed operations.
    #[serde(default)]
    pub ops: NodeOps,
}

impl NodeRights {
    /// Whether these are the defaults (kept out of the stored JSON).
    pub fn is_default(&self) -> bool {
        *self == NodeRights::default()
    }

    /// The access a handler of the node has to `field`.
    pub fn access(&self, field: &str) -> FieldAccess {
        self.fields
            .iter()
            .find(|(key, _)| key.as_str() == field)
            .map(|(_, access)| *access)
            .unwrap_or_default()
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
    /// through the open API. The inner steps are not used (the own system has its own); a fixed
    /// unit must have an enabled external system to publish, a unit from a field when the flow
    /// reaches the node.
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

impl UnitRef {
    /// The unit in words (codes, for exports): the code, or which field picks it.
    pub fn describe(&self) -> String {
        match self {
            UnitRef::Fixed { unit } => unit.to_string(),
            UnitRef::FromField { field } => format!("表单字段「{field}」所选单位"),
        }
    }
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
    /// Users with a role (e.g. `supervisor`), in any unit.
    Role {
        /// The role code.
        role: String,
    },
    /// Holders of a post in a unit (fixed or from a unit field). With 或签 this is the unit's
    /// handler pool: one task that any holder claims.
    Post {
        /// The unit.
        unit: UnitRef,
        /// The post.
        post: PostCode,
    },
    /// The leader ([`LEADER_POST`]) of a unit (fixed or from a unit field).
    UnitLeader {
        /// The unit.
        unit: UnitRef,
    },
    /// The initiator's leader `levels` up: 1 is the leader of the initiating unit, 2 the leader
    /// of its parent unit, and so on.
    InitiatorLeader {
        /// How many levels up (1 or more).
        levels: u8,
    },
    /// People the initiator picks when submitting (发起人自选).
    ChosenAtSubmit {
        /// Whether the initiator may pick several (else exactly one).
        #[serde(default)]
        multiple: bool,
    },
    /// The users picked in a user-picker field of the form.
    FromField {
        /// The field.
        field: FieldKey,
    },
}

impl Assignee {
    /// Who, in words (codes, for exports such as BPMN documentation).
    pub fn describe(&self) -> String {
        match self {
            Assignee::Users { users } => {
                let names: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
                names.join("、")
            }
            Assignee::InitiatorPost { post } => format!("发起单位的「{post}」"),
            Assignee::Role { role } => format!("角色「{role}」的人员"),
            Assignee::Post { unit, post } => format!("{}的「{post}」", unit.describe()),
            Assignee::UnitLeader { unit } => format!("{}的领导", unit.describe()),
            Assignee::InitiatorLeader { levels } => format!("发起人的第{levels}级领导"),
            Assignee::ChosenAtSubmit { multiple: true } => "发起人自选（可多人）".to_owned(),
            Assignee::ChosenAtSubmit { multiple: false } => "发起人自选（一人）".to_owned(),
            Assignee::FromField { field } => format!("表单字段「{field}」所选人员"),
        }
    }
}

/// What an approver node does when its assignee resolves to nobody at run time (a post nobody
/// holds, an empty form field, a leader level above the top unit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EmptyPolicy {
    /// The administrators (role `admin`) get the task, to reassign or decide.
    #[default]
    ToAdmin,
    /// These users get the task.
    ToUsers {
        /// The users.
        users: Vec<UserName>,
    },
    /// The node passes without approval; the timeline says so.
    AutoPass,
    /// The command that reaches the node is refused with a clear message.
    Refuse,
}

impl EmptyPolicy {
    /// Whether this is the default (kept out of the stored JSON).
    pub fn is_default(&self) -> bool {
        *self == EmptyPolicy::default()
    }
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
    /// 依次审批: the approvers act one after another, in the order the assignee resolves them.
    Sequential,
}
