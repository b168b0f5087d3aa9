//! Property edits from the properties panel: a node's name, id, assignee, mode, time limit,
//! unit, handling and steps; a branch's name and condition.

use super::build::{NodeDefaults, flow_ids, is_ident, new_step};
use super::condition::{CondEdit, apply_cond_edit};
use super::path::{BranchPath, BranchRef, NodePath, node_at_mut};
use super::tree::Refusal;
use lianban_definition::flow::{Assignee, FlowDef, Handling, Node, SignMode, UnitRef};
use lianban_definition::{NodeId, PostCode};

/// A change to one node's properties.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeEdit {
    /// 名称.
    Name(String),
    /// 节点编号: refused unless an identifier not used by another node.
    Id(String),
    /// 办理时限 in working days (`None` = no limit); approver and unit nodes.
    TimeLimit(Option<u32>),
    /// 审批人: named users or a post of the initiating unit; approver nodes.
    Assignee(Assignee),
    /// 或签 / 会签; approver nodes.
    Mode(SignMode),
    /// 办理单位: a fixed unit or a form field; unit nodes. `rename` also sets the name (the
    /// panel passes the unit's name while the node still has a default name).
    Unit {
        /// The unit.
        unit: UnitRef,
        /// The new name, if the name follows the unit.
        rename: Option<String>,
    },
    /// 在联办内办理 / 在本单位系统办理（受办分离）; unit nodes.
    Handling(Handling),
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

/// Applies `edit` to the node at `path`.
pub fn edit_node(
    flow: &mut FlowDef,
    path: &NodePath,
    edit: NodeEdit,
    defaults: &NodeDefaults,
) -> Result<(), Refusal> {
    if let NodeEdit::Id(id) = &edit {
        check_id(flow, path, id.trim())?;
    }
    let node = node_at_mut(flow, path).ok_or_else(|| "该节点已不存在".to_owned())?;
    match (node, edit) {
        (node, NodeEdit::Name(name)) => *name_slot(node) = name,
        (node, NodeEdit::Id(id)) => *id_slot(node) = NodeId::new(id.trim()),
        (
            Node::Approver {
                time_limit_days, ..
            }
            | Node::Unit {
                time_limit_days, ..
            },
            NodeEdit::TimeLimit(days),
        ) => *time_limit_days = days.filter(|&d| d > 0),
        (Node::Approver { assignee, .. }, NodeEdit::Assignee(value)) => *assignee = value,
        (Node::Approver { mode, .. }, NodeEdit::Mode(value)) => *mode = value,
        (
            Node::Unit { unit, name, .. },
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
        (Node::Unit { handling, .. }, NodeEdit::Handling(value)) => *handling = value,
        (Node::Unit { steps, .. }, edit) => edit_steps(steps, edit, defaults)?,
        _ => return Err(WRONG_KIND.into()),
    }
    Ok(())
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
        | Node::Unit { name, .. }
        | Node::Cc { name, .. }
        | Node::Seal { name, .. }
        | Node::Parallel { name, .. }
        | Node::Condition { name, .. } => name,
    }
}

/// The id field of any node.
fn id_slot(node: &mut Node) -> &mut NodeId {
    match node {
        Node::Approver { id, .. }
        | Node::Unit { id, .. }
        | Node::Cc { id, .. }
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
