//! Property edits from the properties panel: a node's name and id; an approver's assignee, sign
//! mode with its pass percentage and what happens when nobody resolves; a CC node's recipients;
//! a unit's unit, handling and steps; a seal node's unit, post and seal; time limits; the rights
//! of task nodes (see [`rights`](super::rights)); a branch's name and condition.

use super::build::{NodeDefaults, flow_ids, is_ident, new_step};
use super::condition::{CondEdit, apply_cond_edit};
use super::path::{BranchPath, BranchRef, NodePath, node_at, node_at_mut};
use super::rights::{self, RightsEdit};
use super::tree::Refusal;
use lianban_definition::flow::{Assignee, EmptyPolicy, FlowDef, Handling, Node, SignMode, UnitRef};
use lianban_definition::limit::LimitUnit;
use lianban_definition::{NodeId, PostCode};

/// A change to one node's properties.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeEdit {
    /// 名称.
    Name(String),
    /// 节点编号: refused unless an identifier not used by another node.
    Id(String),
    /// 办理时限: the amount in the node's unit (`None` = no limit); approver, unit and seal
    /// nodes.
    TimeLimit(Option<u32>),
    /// The unit of 办理时限 (工作日 / 工作小时 / 自然日); approver, unit and seal nodes.
    TimeLimitUnit(LimitUnit),
    /// 审批人 of approver nodes, 抄送人 of CC nodes (which refuse 发起人自选: nobody submits
    /// picks for them).
    Assignee(Assignee),
    /// 或签 / 会签 / 依次审批; approver nodes. Leaving 会签 drops the pass percentage.
    Mode(SignMode),
    /// 按比例通过: the percentage (1–100) of a 会签 node's approvers whose approval passes it,
    /// as typed; `None` = all of them. Refused unless the node is 会签.
    PassPercent(Option<u32>),
    /// 审批人为空时; approver nodes.
    WhenEmpty(EmptyPolicy),
    /// 办理单位 of unit nodes, 用印单位 of seal nodes: a fixed unit or a form field. `rename`
    /// also sets the name (the panel passes the unit's name while a unit node still has a
    /// default name).
    Unit {
        /// The unit.
        unit: UnitRef,
        /// The new name, if the name follows the unit.
        rename: Option<String>,
    },
    /// 在联办内办理 / 在本单位系统办理（受办分离）; unit nodes.
    Handling(Handling),
    /// 用印岗位 (who keeps the seal in the unit); seal nodes.
    SealPost(PostCode),
    /// 印章 (e.g. 单位公章, 合同专用章); seal nodes.
    SealName(String),
    /// 字段权限 and 操作权限 of approver, unit, seal and CC nodes.
    Rights(RightsEdit),
    /// Appends a step (default post) to a unit node.
    AddStep,
    /// Removes step `i`; refused for the last step.
    RemoveStep(usize),
    /// Renames step `i`.
    StepName(usize, String),
    /// Sets the post of step `i`.
    StepPost(usize, PostCode),
}

/// A change to one branch.
#[derive(Debug, Clone, PartialEq)]
pub enum BranchEdit {
    /// The branch's name.
    Name(String),
    /// Its condition (conditional branches only).
    Condition(CondEdit),
}

/// The message for an edit that does not fit the node's kind.
const WRONG_KIND: &str = "该节点没有此属性";

/// Applies `edit` to the node at `path`. Renumbering a node also renumbers the return targets
/// naming it.
pub fn edit_node(
    flow: &mut FlowDef,
    path: &NodePath,
    edit: NodeEdit,
    defaults: &NodeDefaults,
) -> Result<(), Refusal> {
    const GONE: &str = "该节点已不存在";
    if let NodeEdit::Id(id) = &edit {
        check_id(flow, path, id.trim())?;
        let old = node_at(flow, path).ok_or(GONE)?.id().clone();
        rights::rename_targets(flow, &old, &NodeId::new(id.trim()));
    }
    let node = node_at_mut(flow, path).ok_or(GONE)?;
    match (node, edit) {
        (node, NodeEdit::Name(name)) => *name_slot(node) = name,
        (node, NodeEdit::Id(id)) => *id_slot(node) = NodeId::new(id.trim()),
        (node, NodeEdit::Rights(edit)) => rights::edit_rights(node, edit)?,
        (
            Node::Approver {
                time_limit_days, ..
            }
            | Node::Unit {
                time_limit_days, ..
            }
            | Node::Seal {
                time_limit_days, ..
            },
            NodeEdit::TimeLimit(days),
        ) => *time_limit_days = days.filter(|&d| d > 0),
        (
            Node::Approver {
                time_limit_unit, ..
            }
            | Node::Unit {
                time_limit_unit, ..
            }
            | Node::Seal {
                time_limit_unit, ..
            },
            NodeEdit::TimeLimitUnit(unit),
        ) => *time_limit_unit = unit,
        (Node::Approver { assignee, .. }, NodeEdit::Assignee(value)) => *assignee = value,
        (Node::Cc { recipients, .. }, NodeEdit::Assignee(value)) => {
            if matches!(value, Assignee::ChosenAtSubmit { .. }) {
                return Err("抄送人不能由发起人自选".into());
            }
            *recipients = value;
        }
        (
            Node::Approver {
                mode, pass_percent, ..
            },
            NodeEdit::Mode(value),
        ) => {
            *mode = value;
            if value != SignMode::All {
                *pass_percent = None;
            }
        }
        (
            Node::Approver {
                mode, pass_percent, ..
            },
            NodeEdit::PassPercent(value),
        ) => *pass_percent = checked_percent(*mode, value)?,
        (Node::Approver { when_empty, .. }, NodeEdit::WhenEmpty(value)) => *when_empty = value,
        (
            Node::Unit { unit, name, .. } | Node::Seal { unit, name, .. },
            NodeEdit::Unit {
                unit: value,
                rename,
            },
        ) => {
            *unit = value;
            if let Some(rename) = rename {
                *name = rename;
            }
        }
        (Node::Seal { post, .. }, NodeEdit::SealPost(value)) => *post = value,
        (Node::Seal { seal, .. }, NodeEdit::SealName(value)) => *seal = value,
        (Node::Unit { handling, .. }, NodeEdit::Handling(value)) => *handling = value,
        (Node::Unit { steps, .. }, edit) => edit_steps(steps, edit, defaults)?,
        _ => return Err(WRONG_KIND.into()),
    }
    Ok(())
}

/// A pass percentage as typed, checked: only with 会签, between 1 and 100.
fn checked_percent(mode: SignMode, percent: Option<u32>) -> Result<Option<u8>, Refusal> {
    let Some(percent) = percent else {
        return Ok(None);
    };
    if mode != SignMode::All {
        return Err("只有会签才能按比例通过".into());
    }
    u8::try_from(percent)
        .ok()
        .filter(|p| (1..=100).contains(p))
        .map(Some)
        .ok_or_else(|| "通过比例须在1%到100%之间".into())
}

/// Refuses an id that is no identifier or belongs to another node.
fn check_id(flow: &FlowDef, path: &NodePath, id: &str) -> Result<(), Refusal> {
    if !is_ident(id) {
        return Err("节点编号须以小写字母开头，只含小写字母、数字和下划线".into());
    }
    let current = super::path::node_at(flow, path).map(|n| n.id().as_str());
    if current != Some(id) && flow_ids(flow).contains(id) {
        return Err(format!("节点编号「{id}」已被其他节点使用"));
    }
    Ok(())
}

/// The step edits of a unit node.
fn edit_steps(
    steps: &mut Vec<lianban_definition::flow::UnitStep>,
    edit: NodeEdit,
    defaults: &NodeDefaults,
) -> Result<(), Refusal> {
    const NO_STEP: &str = "该步骤已不存在";
    match edit {
        NodeEdit::AddStep => {
            let id = (1..)
                .map(|n| format!("step_{n}"))
                .find(|id| steps.iter().all(|s| &s.id != id))
                .unwrap_or_default();
            let name = format!("步骤{}", steps.len() + 1);
            steps.push(new_step(id, name, defaults));
        }
        NodeEdit::RemoveStep(i) => {
            if i >= steps.len() {
                return Err(NO_STEP.into());
            }
            if steps.len() == 1 {
                return Err("办理单位至少保留一个办理步骤".into());
            }
            steps.remove(i);
        }
        NodeEdit::StepName(i, name) => steps.get_mut(i).ok_or(NO_STEP)?.name = name,
        NodeEdit::StepPost(i, post) => steps.get_mut(i).ok_or(NO_STEP)?.post = post,
        _ => return Err(WRONG_KIND.into()),
    }
    Ok(())
}

/// The name field of any node.
fn name_slot(node: &mut Node) -> &mut String {
    match node {
        Node::Approver { name, .. }
        | Node::Cc { name, .. }
        | Node::Unit { name, .. }
        | Node::Seal { name, .. }
        | Node::Parallel { name, .. }
        | Node::Condition { name, .. } => name,
    }
}

/// The id field of any node.
fn id_slot(node: &mut Node) -> &mut NodeId {
    match node {
        Node::Approver { id, .. }
        | Node::Cc { id, .. }
        | Node::Unit { id, .. }
        | Node::Seal { id, .. }
        | Node::Parallel { id, .. }
        | Node::Condition { id, .. } => id,
    }
}

/// Applies `edit` to a branch.
pub fn edit_branch(flow: &mut FlowDef, at: &BranchPath, edit: BranchEdit) -> Result<(), Refusal> {
    const GONE: &str = "该分支已不存在";
    let node = node_at_mut(flow, &at.node).ok_or(GONE)?;
    match (node, at.branch, edit) {
        (Node::Parallel { branches, .. }, BranchRef::Branch(i), BranchEdit::Name(name)) => {
            branches.get_mut(i).ok_or(GONE)?.name = name;
        }
        (Node::Condition { branches, .. }, BranchRef::Branch(i), BranchEdit::Name(name)) => {
            branches.get_mut(i).ok_or(GONE)?.name = name;
        }
        (Node::Condition { default, .. }, BranchRef::Default, BranchEdit::Name(name)) => {
            default.name = name;
        }
        (Node::Condition { branches, .. }, BranchRef::Branch(i), BranchEdit::Condition(edit)) => {
            apply_cond_edit(&mut branches.get_mut(i).ok_or(GONE)?.when, edit)?;
        }
        (_, _, BranchEdit::Condition(_)) => {
            return Err("只有条件分支可以设置条件".into());
        }
        _ => return Err(GONE.into()),
    }
    Ok(())
}
