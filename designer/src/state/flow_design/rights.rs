//! Per-node rights in the designer: field permissions (可编辑 / 只读 / 隐藏) and operations (退回,
//! where to and where the corrected matter goes, 转办, 委派, 加签) of task nodes; the earlier nodes a node may return to; and keeping
//! return targets on nodes that exist when nodes are deleted or renumbered.

use super::build::{flow_ids, for_each_branch};
use super::path::{NodePath, branch_nodes};
use super::tree::Refusal;
use lianban_definition::flow::{
    AfterReturn, FieldAccess, FlowDef, Node, NodeRights, ReturnTargets,
};
use lianban_definition::{FieldKey, NodeId};

/// A change to the rights of an approver, unit, seal or CC node.
#[derive(Debug, Clone, PartialEq)]
pub enum RightsEdit {
    /// Sets the access of one or more fields; 只读 (the default) removes the entry.
    Fields(Vec<(FieldKey, FieldAccess)>),
    /// 允许退回.
    CanReturn(bool),
    /// 退回目标.
    ReturnTargets(ReturnTargets),
    /// 允许转办.
    Transfer(bool),
    /// 允许加签.
    AddSigner(bool),
    /// 允许委派.
    Delegate(bool),
    /// 退回补正后: straight back to this node, or through the path again.
    AfterReturn(AfterReturn),
}

/// The rights of a node that has them (not branch nodes).
pub fn rights_mut(node: &mut Node) -> Option<&mut NodeRights> {
    match node {
        Node::Approver { rights, .. }
        | Node::Unit { rights, .. }
        | Node::Cc { rights, .. }
        | Node::Seal { rights, .. } => Some(rights),
        Node::Parallel { .. } | Node::Condition { .. } => None,
    }
}

/// Applies `edit` to the rights of `node`. A CC node's recipients only read or do not see
/// fields and have no operations: making a field editable or changing an operation is refused.
pub fn edit_rights(node: &mut Node, edit: RightsEdit) -> Result<(), Refusal> {
    let cc = matches!(node, Node::Cc { .. });
    let rights = rights_mut(node).ok_or("条件分支和并行分支没有字段和操作权限")?;
    match edit {
        RightsEdit::Fields(fields) => {
            if cc && fields.iter().any(|(_, a)| *a == FieldAccess::Editable) {
                return Err("抄送人只能查看字段，不能编辑".into());
            }
            for (key, access) in fields {
                match access {
                    FieldAccess::ReadOnly => rights.fields.remove(&key),
                    FieldAccess::Editable | FieldAccess::Hidden => {
                        rights.fields.insert(key, access)
                    }
                };
            }
        }
        _ if cc => return Err("抄送节点无需办理，没有操作权限".into()),
        RightsEdit::CanReturn(on) => rights.ops.can_return = on,
        RightsEdit::ReturnTargets(targets) => rights.ops.return_targets = targets,
        RightsEdit::Transfer(on) => rights.ops.transfer = on,
        RightsEdit::AddSigner(on) => rights.ops.add_signer = on,
        RightsEdit::Delegate(on) => rights.ops.delegate = on,
        RightsEdit::AfterReturn(after) => rights.ops.after_return = after,
    }
    Ok(())
}

/// The nodes a handler of the node at `path` may return to besides the initiator: the approver,
/// unit and seal nodes that can have run before it — earlier in its sequence and in the
/// sequences around it, including inside earlier branch nodes — in flow order.
pub fn earlier_tasks<'a>(flow: &'a FlowDef, path: &NodePath) -> Vec<&'a Node> {
    let mut out = Vec::new();
    let mut nodes: &'a [Node] = &flow.nodes;
    for hop in &path.seq.0 {
        tasks_in(&nodes[..hop.node.min(nodes.len())], &mut out);
        match nodes
            .get(hop.node)
            .and_then(|n| branch_nodes(n, hop.branch))
        {
            Some(inner) => nodes = inner,
            None => return out,
        }
    }
    tasks_in(&nodes[..path.index.min(nodes.len())], &mut out);
    out
}

/// The task nodes of `nodes`, at any depth, in order.
fn tasks_in<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
    for node in nodes {
        match node {
            Node::Approver { .. } | Node::Unit { .. } | Node::Seal { .. } => out.push(node),
            Node::Cc { .. } => {}
            Node::Parallel { .. } | Node::Condition { .. } => {
                for_each_branch(node, |branch| tasks_in(branch, out));
            }
        }
    }
}

/// Calls `f` with the rights of every node of `nodes`, at any depth.
fn for_each_rights(nodes: &mut [Node], f: &mut impl FnMut(&mut NodeRights)) {
    for node in nodes {
        match node {
            Node::Parallel { branches, .. } => branches
                .iter_mut()
                .for_each(|b| for_each_rights(&mut b.nodes, f)),
            Node::Condition {
                branches, default, ..
            } => {
                branches
                    .iter_mut()
                    .for_each(|b| for_each_rights(&mut b.nodes, f));
                for_each_rights(&mut default.nodes, f);
            }
            Node::Approver { rights, .. }
            | Node::Unit { rights, .. }
            | Node::Cc { rights, .. }
            | Node::Seal { rights, .. } => f(rights),
        }
    }
}

/// Drops return targets naming nodes that are no longer in the flow (after a delete).
pub fn prune_targets(flow: &mut FlowDef) {
    let ids = flow_ids(flow);
    for_each_rights(&mut flow.nodes, &mut |rights| {
        if let ReturnTargets::Nodes { nodes } = &mut rights.ops.return_targets {
            nodes.retain(|id| ids.contains(id.as_str()));
        }
    });
}

/// Makes return targets naming node `old` name `new` (the node was renumbered).
pub fn rename_targets(flow: &mut FlowDef, old: &NodeId, new: &NodeId) {
    for_each_rights(&mut flow.nodes, &mut |rights| {
        if let ReturnTargets::Nodes { nodes } = &mut rights.ops.return_targets {
            nodes
                .iter_mut()
                .filter(|id| *id == old)
                .for_each(|id| *id = new.clone());
        }
    });
}
