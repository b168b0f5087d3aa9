//! Addresses into the flow tree. A sequence of nodes is reached from the top level through
//! [`Hop`]s (a node index, then one of its branches); a node, a gap between nodes and a branch
//! are addressed relative to such a sequence, so every edit works anywhere in the tree.
//!
//! Paths print in a stable, readable form used in test ids: a hop is `<node>-b<i>-` (conditional
//! or parallel branch `i`) or `<node>-d-` (the default branch), followed by the index. So `0` is
//! the first top-level node (or the gap before it), and `2-b1-0` the first node of branch 1 of
//! top-level node 2.
//!
//! [`issue_target`] maps a validation issue path (`flow.nodes[1].branches[0].nodes[2].unit`) to
//! the node or branch at fault.

use lianban_definition::flow::{FlowDef, Node};
use std::fmt;

/// One branch of a parallel or condition node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BranchRef {
    /// Branch `i` (`branches[i]`) of a parallel or condition node.
    Branch(usize),
    /// The default branch of a condition node.
    Default,
}

/// A step down the tree: the node at `node` in the current sequence, then its `branch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hop {
    /// Index of the branching node in the current sequence.
    pub node: usize,
    /// Which of its branches to enter.
    pub branch: BranchRef,
}

/// A sequence of nodes: the top level (no hops) or a branch's nodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SeqPath(pub Vec<Hop>);

/// A node: its index in a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NodePath {
    /// The sequence holding the node.
    pub seq: SeqPath,
    /// Its index there.
    pub index: usize,
}

/// A place to insert a node: before `seq[index]`, or at the end when `index == seq.len()`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Gap {
    /// The sequence.
    pub seq: SeqPath,
    /// Position of the new node in it.
    pub index: usize,
}

/// A branch of a parallel or condition node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BranchPath {
    /// The parallel or condition node.
    pub node: NodePath,
    /// Which branch.
    pub branch: BranchRef,
}

/// What the properties panel shows: a node or a branch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selection {
    /// A node.
    Node(NodePath),
    /// A branch (its name and condition).
    Branch(BranchPath),
}

/// Where a validation issue points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueAt {
    /// The flow as a whole (`flow.nodes`, `flow.schema_version`).
    Flow,
    /// A node or something inside it (its unit, steps, assignee …).
    Node(NodePath),
    /// A branch: its condition, or its emptiness.
    Branch(BranchPath),
}

impl SeqPath {
    /// The top-level sequence.
    pub fn top() -> Self {
        Self::default()
    }

    /// The node at `index` of this sequence.
    pub fn node(&self, index: usize) -> NodePath {
        NodePath {
            seq: self.clone(),
            index,
        }
    }

    /// The gap at `index` of this sequence.
    pub fn gap(&self, index: usize) -> Gap {
        Gap {
            seq: self.clone(),
            index,
        }
    }

    /// The branch node holding this sequence, and which branch it is (`None` at the top).
    pub fn parent(&self) -> Option<BranchPath> {
        let (last, rest) = self.0.split_last()?;
        Some(BranchPath {
            node: SeqPath(rest.to_vec()).node(last.node),
            branch: last.branch,
        })
    }
}

impl NodePath {
    /// The nodes of one of this node's branches.
    pub fn branch_seq(&self, branch: BranchRef) -> SeqPath {
        let mut hops = self.seq.0.clone();
        hops.push(Hop {
            node: self.index,
            branch,
        });
        SeqPath(hops)
    }

    /// The gap just before this node.
    pub fn gap_before(&self) -> Gap {
        self.seq.gap(self.index)
    }

    /// The gap just after this node.
    pub fn gap_after(&self) -> Gap {
        self.seq.gap(self.index + 1)
    }

    /// Whether `seq` is inside this node (one of its branches, at any depth).
    pub fn contains(&self, seq: &SeqPath) -> bool {
        let depth = self.seq.0.len();
        seq.0.len() > depth && seq.0[..depth] == self.seq.0[..] && seq.0[depth].node == self.index
    }
}

impl BranchPath {
    /// The branch's nodes.
    pub fn seq(&self) -> SeqPath {
        self.node.branch_seq(self.branch)
    }
}

impl fmt::Display for SeqPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for hop in &self.0 {
            match hop.branch {
                BranchRef::Branch(i) => write!(f, "{}-b{i}-", hop.node)?,
                BranchRef::Default => write!(f, "{}-d-", hop.node)?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.seq, self.index)
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.seq, self.index)
    }
}

/// The nodes of one branch of `node`, if it has that branch.
pub fn branch_nodes(node: &Node, branch: BranchRef) -> Option<&Vec<Node>> {
    match (node, branch) {
        (Node::Parallel { branches, .. }, BranchRef::Branch(i)) => {
            branches.get(i).map(|b| &b.nodes)
        }
        (Node::Condition { branches, .. }, BranchRef::Branch(i)) => {
            branches.get(i).map(|b| &b.nodes)
        }
        (Node::Condition { default, .. }, BranchRef::Default) => Some(&default.nodes),
        _ => None,
    }
}

/// Mutable [`branch_nodes`].
fn branch_nodes_mut(node: &mut Node, branch: BranchRef) -> Option<&mut Vec<Node>> {
    match (node, branch) {
        (Node::Parallel { branches, .. }, BranchRef::Branch(i)) => {
            branches.get_mut(i).map(|b| &mut b.nodes)
        }
        (Node::Condition { branches, .. }, BranchRef::Branch(i)) => {
            branches.get_mut(i).map(|b| &mut b.nodes)
        }
        (Node::Condition { default, .. }, BranchRef::Default) => Some(&mut default.nodes),
        _ => None,
    }
}

/// The sequence at `seq`, if it exists.
pub fn sequence<'a>(flow: &'a FlowDef, seq: &SeqPath) -> Option<&'a Vec<Node>> {
    let mut nodes = &flow.nodes;
    for hop in &seq.0 {
        nodes = branch_nodes(nodes.get(hop.node)?, hop.branch)?;
    }
    Some(nodes)
}

/// Mutable [`sequence`].
pub fn sequence_mut<'a>(flow: &'a mut FlowDef, seq: &SeqPath) -> Option<&'a mut Vec<Node>> {
    let mut nodes = &mut flow.nodes;
    for hop in &seq.0 {
        nodes = branch_nodes_mut(nodes.get_mut(hop.node)?, hop.branch)?;
    }
    Some(nodes)
}

/// The node at `path`, if it exists.
pub fn node_at<'a>(flow: &'a FlowDef, path: &NodePath) -> Option<&'a Node> {
    sequence(flow, &path.seq)?.get(path.index)
}

/// Mutable [`node_at`].
pub fn node_at_mut<'a>(flow: &'a mut FlowDef, path: &NodePath) -> Option<&'a mut Node> {
    sequence_mut(flow, &path.seq)?.get_mut(path.index)
}

/// Whether a selection still points at something in `flow`.
pub fn resolves(flow: &FlowDef, selection: &Selection) -> bool {
    match selection {
        Selection::Node(path) => node_at(flow, path).is_some(),
        Selection::Branch(b) => sequence(flow, &b.seq()).is_some(),
    }
}

/// Splits `[k]` off the front of `text`.
fn index(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix('[')?;
    let end = rest.find(']')?;
    Some((rest[..end].parse().ok()?, &rest[end + 1..]))
}

/// Where the issue with this path points, or `None` for paths outside the flow (`form.…`).
pub fn issue_target(path: &str) -> Option<IssueAt> {
    let Some(mut rest) = path.strip_prefix("flow.")?.strip_prefix("nodes") else {
        return Some(IssueAt::Flow);
    };
    let mut seq = SeqPath::top();
    let mut at = IssueAt::Flow;
    while let Some((k, after)) = index(rest) {
        let node = seq.node(k);
        at = IssueAt::Node(node.clone());
        let (branch, after) = if let Some(r) = after.strip_prefix(".branches") {
            let Some((j, r)) = index(r) else { break };
            (BranchRef::Branch(j), r)
        } else if let Some(r) = after.strip_prefix(".default") {
            (BranchRef::Default, r)
        } else {
            break;
        };
        let target = BranchPath { node, branch };
        match after.strip_prefix(".nodes") {
            Some(r) if r.starts_with('[') => {
                seq = target.seq();
                rest = r;
            }
            _ => return Some(IssueAt::Branch(target)),
        }
    }
    Some(at)
}
