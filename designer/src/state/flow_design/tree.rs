//! Structural edits of the node tree: insert, delete, move, and the branches of parallel and
//! condition nodes. Each returns the path of what should be selected afterwards, or a Chinese
//! refusal; a refused edit leaves the tree untouched.
//!
//! Branch rules: a parallel node keeps two or more branches, none empty — deleting the last node
//! of a parallel branch is refused, and deleting one of only two branches dissolves the parallel
//! node into the remaining branch's nodes (a plain sequence). A condition node keeps at least one
//! conditional branch and always its default branch.

use super::build::{
    NodeDefaults, collect_ids, flow_ids, new_conditional_branch, new_parallel_branch, renew_ids,
};
use super::path::{
    BranchPath, BranchRef, Gap, NodePath, node_at, node_at_mut, sequence, sequence_mut,
};
use lianban_definition::flow::{FlowDef, Node};

/// A refused edit, with the Chinese reason.
pub type Refusal = String;

/// Up or down (left or right for branches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Towards the start of the sequence (up, or left for branches).
    Up,
    /// Towards the end (down, or right for branches).
    Down,
}

/// The message when a path no longer points at anything.
const GONE: &str = "该节点已不存在";

/// Inserts `node` (whose ids must already be fresh) at `gap`; returns its path.
pub fn insert(flow: &mut FlowDef, gap: &Gap, node: Node) -> Result<NodePath, Refusal> {
    let seq = sequence_mut(flow, &gap.seq).ok_or_else(|| "插入位置不存在".to_owned())?;
    if gap.index > seq.len() {
        return Err("插入位置不存在".into());
    }
    seq.insert(gap.index, node);
    Ok(gap.seq.node(gap.index))
}

/// A copy of `node` with fresh ids for it and everything inside it.
pub fn fresh_copy(flow: &FlowDef, node: &Node) -> Node {
    let mut used = flow_ids(flow);
    collect_ids(std::slice::from_ref(node), &mut used);
    let mut copy = node.clone();
    renew_ids(&mut copy, &mut used);
    copy
}

/// Refuses taking the node at `path` out of its sequence when that would leave a parallel
/// branch empty.
fn check_removable(flow: &FlowDef, path: &NodePath) -> Result<(), Refusal> {
    let seq = sequence(flow, &path.seq).ok_or_else(|| GONE.to_owned())?;
    if path.index >= seq.len() {
        return Err(GONE.into());
    }
    let in_parallel = path
        .seq
        .parent()
        .and_then(|b| node_at(flow, &b.node))
        .is_some_and(|n| matches!(n, Node::Parallel { .. }));
    if in_parallel && seq.len() == 1 {
        return Err("并行分支中至少保留一个节点；可删除整个分支".into());
    }
    Ok(())
}

/// Takes the node at `path` out of the tree.
fn take(flow: &mut FlowDef, path: &NodePath) -> Result<Node, Refusal> {
    check_removable(flow, path)?;
    let seq = sequence_mut(flow, &path.seq).ok_or_else(|| GONE.to_owned())?;
    Ok(seq.remove(path.index))
}

/// Deletes the node at `path` (with everything inside it).
pub fn delete(flow: &mut FlowDef, path: &NodePath) -> Result<(), Refusal> {
    take(flow, path).map(drop)
}

/// Swaps the node at `path` with its neighbour; returns its new path.
pub fn shift(flow: &mut FlowDef, path: &NodePath, dir: Direction) -> Result<NodePath, Refusal> {
    let seq = sequence_mut(flow, &path.seq)
        .filter(|seq| path.index < seq.len())
        .ok_or_else(|| GONE.to_owned())?;
    let target = match dir {
        Direction::Up => path.index.checked_sub(1),
        Direction::Down => Some(path.index + 1).filter(|&i| i < seq.len()),
    };
    let Some(target) = target else {
        return Err(match dir {
            Direction::Up => "已是所在分支的第一个节点".into(),
            Direction::Down => "已是所在分支的最后一个节点".into(),
        });
    };
    seq.swap(path.index, target);
    Ok(path.seq.node(target))
}

/// Where `gap` lies once the node at `removed` is taken out, or `None` when the gap is inside
/// that node.
fn gap_after_removal(removed: &NodePath, gap: &Gap) -> Option<Gap> {
    if removed.contains(&gap.seq) {
        return None;
    }
    let mut gap = gap.clone();
    let depth = removed.seq.0.len();
    if gap.seq == removed.seq {
        if gap.index > removed.index {
            gap.index -= 1;
        }
    } else if gap.seq.0.len() > depth && gap.seq.0[..depth] == removed.seq.0[..] {
        let hop = &mut gap.seq.0[depth];
        if hop.node > removed.index {
            hop.node -= 1;
        }
    }
    Some(gap)
}

/// Moves the node at `path` to `gap` (anywhere in the tree but inside itself); returns its new
/// path.
pub fn move_to(flow: &mut FlowDef, path: &NodePath, gap: &Gap) -> Result<NodePath, Refusal> {
    let target = gap_after_removal(path, gap).ok_or_else(|| "不能移动到自身的分支中".to_owned())?;
    sequence(flow, &gap.seq)
        .filter(|seq| gap.index <= seq.len())
        .ok_or_else(|| "插入位置不存在".to_owned())?;
    let node = take(flow, path)?;
    insert(flow, &target, node)
}

/// Adds a branch to the parallel or condition node at `path`; returns the new branch.
pub fn add_branch(
    flow: &mut FlowDef,
    path: &NodePath,
    defaults: &NodeDefaults,
) -> Result<BranchPath, Refusal> {
    let mut used = flow_ids(flow);
    let node = node_at_mut(flow, path).ok_or_else(|| GONE.to_owned())?;
    let index = match node {
        Node::Parallel { branches, .. } => {
            branches.push(new_parallel_branch(branches.len() + 1, &mut used, defaults));
            branches.len() - 1
        }
        Node::Condition { branches, .. } => {
            branches.push(new_conditional_branch(branches.len() + 1));
            branches.len() - 1
        }
        Node::Approver { .. } | Node::Cc { .. } | Node::Unit { .. } | Node::Seal { .. } => {
            return Err("只有条件分支和并行分支可以添加分支".into());
        }
    };
    Ok(BranchPath {
        node: path.clone(),
        branch: BranchRef::Branch(index),
    })
}

/// Deletes a branch. Deleting one of the two branches of a parallel node dissolves it: the other
/// branch's nodes take its place.
pub fn delete_branch(flow: &mut FlowDef, branch: &BranchPath) -> Result<(), Refusal> {
    let BranchRef::Branch(i) = branch.branch else {
        return Err("默认分支不能删除".into());
    };
    let node = node_at_mut(flow, &branch.node).ok_or_else(|| GONE.to_owned())?;
    let remaining = match node {
        Node::Parallel { branches, .. } if i < branches.len() => {
            branches.remove(i);
            if branches.len() > 1 {
                return Ok(());
            }
            branches.pop().map(|b| b.nodes).unwrap_or_default()
        }
        Node::Condition { branches, .. } if i < branches.len() => {
            if branches.len() == 1 {
                return Err("条件节点至少保留一个条件分支；可删除整个节点".into());
            }
            branches.remove(i);
            return Ok(());
        }
        _ => return Err("该分支已不存在".into()),
    };
    let seq = sequence_mut(flow, &branch.node.seq).ok_or_else(|| GONE.to_owned())?;
    seq.splice(branch.node.index..=branch.node.index, remaining);
    Ok(())
}

/// Swaps a branch with its neighbour (the default branch stays last); returns its new path.
pub fn shift_branch(
    flow: &mut FlowDef,
    branch: &BranchPath,
    dir: Direction,
) -> Result<BranchPath, Refusal> {
    let BranchRef::Branch(i) = branch.branch else {
        return Err("默认分支固定在最后".into());
    };
    let len = match node_at(flow, &branch.node) {
        Some(Node::Parallel { branches, .. }) => branches.len(),
        Some(Node::Condition { branches, .. }) => branches.len(),
        _ => return Err("该分支已不存在".into()),
    };
    let target = match dir {
        Direction::Up => i.checked_sub(1),
        Direction::Down => Some(i + 1).filter(|&j| j < len),
    };
    let Some(j) = target.filter(|_| i < len) else {
        return Err("已在最边上".into());
    };
    match node_at_mut(flow, &branch.node) {
        Some(Node::Parallel { branches, .. }) => branches.swap(i, j),
        Some(Node::Condition { branches, .. }) => branches.swap(i, j),
        _ => return Err("该分支已不存在".into()),
    }
    Ok(BranchPath {
        node: branch.node.clone(),
        branch: BranchRef::Branch(j),
    })
}
