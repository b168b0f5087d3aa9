//! New nodes and fresh ids: the kinds a designer inserts with their Chinese default names and
//! settings, unique id generation (`unit_3`), renaming every id inside a copied node, and the
//! structural invariants every edit keeps.

use lianban_definition::flow::{
    Assignee, Branch, Condition, ConditionalBranch, EmptyPolicy, FlowDef, Handling, LEADER_POST,
    Node, NodeRights, SignMode, UnitRef, UnitStep,
};
use lianban_definition::{NodeId, PostCode, UnitCode};
use std::collections::BTreeSet;

/// The kinds of node the "+" menu inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// 审批人.
    Approver,
    /// 抄送 (to the initiating unit's leader at first).
    Cc,
    /// 办理单位.
    Unit,
    /// 盖章 (the first handling unit's seal at first).
    Seal,
    /// 并行分支 (two branches, each with one handling unit).
    Parallel,
    /// 条件分支 (one conditional branch and the default).
    Condition,
}

impl NodeKind {
    /// All kinds, in menu order.
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Approver,
        NodeKind::Cc,
        NodeKind::Unit,
        NodeKind::Seal,
        NodeKind::Condition,
        NodeKind::Parallel,
    ];

    /// The Chinese label, also the default name of a new node.
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Approver => "审批人",
            NodeKind::Cc => "抄送",
            NodeKind::Unit => "办理单位",
            NodeKind::Seal => "盖章",
            NodeKind::Parallel => "并行分支",
            NodeKind::Condition => "条件分支",
        }
    }

    /// The id prefix of new nodes (`unit` → `unit_1`), also used in test ids.
    pub fn code(self) -> &'static str {
        match self {
            NodeKind::Approver => "approver",
            NodeKind::Cc => "cc",
            NodeKind::Unit => "unit",
            NodeKind::Seal => "seal",
            NodeKind::Parallel => "parallel",
            NodeKind::Condition => "condition",
        }
    }

    /// The kind of an existing node.
    pub fn of(node: &Node) -> Self {
        match node {
            Node::Approver { .. } => NodeKind::Approver,
            Node::Cc { .. } => NodeKind::Cc,
            Node::Unit { .. } => NodeKind::Unit,
            Node::Seal { .. } => NodeKind::Seal,
            Node::Parallel { .. } => NodeKind::Parallel,
            Node::Condition { .. } => NodeKind::Condition,
        }
    }
}

/// What new nodes start with, taken from the organisation the designer works in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeDefaults {
    /// The post of a new unit step, of a new approver and of a new seal node's keepers (the
    /// first post offered, e.g. `clerk`).
    pub post: PostCode,
}

/// Default name of a new unit step.
pub const STEP_NAME: &str = "经办人审核";

/// Default seal of a new seal node.
pub const SEAL_NAME: &str = "单位公章";

/// Default name of the default branch of a condition node.
pub const DEFAULT_BRANCH_NAME: &str = "其他情况";

/// Every node id in `nodes`, at any depth.
pub fn collect_ids(nodes: &[Node], ids: &mut BTreeSet<String>) {
    for node in nodes {
        ids.insert(node.id().as_str().to_owned());
        for_each_branch(node, |branch| collect_ids(branch, ids));
    }
}

/// Every node id of the flow.
pub fn flow_ids(flow: &FlowDef) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    collect_ids(&flow.nodes, &mut ids);
    ids
}

/// Calls `f` with the nodes of each branch of `node` (none for nodes without branches).
pub fn for_each_branch<'a>(node: &'a Node, mut f: impl FnMut(&'a [Node])) {
    match node {
        Node::Approver { .. } | Node::Cc { .. } | Node::Unit { .. } | Node::Seal { .. } => {}
        Node::Parallel { branches, .. } => branches.iter().for_each(|b| f(&b.nodes)),
        Node::Condition {
            branches, default, ..
        } => {
            branches.iter().for_each(|b| f(&b.nodes));
            f(&default.nodes);
        }
    }
}

/// Whether `id` is a node identifier: `[a-z][a-z0-9_]*`.
pub fn is_ident(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The first `<stem>_<n>` (n = 1, 2, …) not in `used`; it is added to `used`.
pub fn fresh_id(used: &mut BTreeSet<String>, stem: &str) -> NodeId {
    let id = (1..)
        .map(|n| format!("{stem}_{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_default();
    used.insert(id.clone());
    NodeId::new(id)
}

/// The stem of a copy's id: `unit_2` → `unit`, `rsj` → `rsj`; the kind's code when that is no
/// identifier.
fn stem(node: &Node) -> String {
    let id = node.id().as_str();
    let trimmed = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = match trimmed.strip_suffix('_') {
        Some(s) if trimmed.len() < id.len() => s,
        _ => id,
    };
    if is_ident(stem) {
        stem.to_owned()
    } else {
        NodeKind::of(node).code().to_owned()
    }
}

/// Gives `node` and every node inside it fresh ids not in `used` (which grows).
pub fn renew_ids(node: &mut Node, used: &mut BTreeSet<String>) {
    let id = fresh_id(used, &stem(node));
    match node {
        Node::Approver { id: slot, .. }
        | Node::Cc { id: slot, .. }
        | Node::Unit { id: slot, .. }
        | Node::Seal { id: slot, .. } => *slot = id,
        Node::Parallel {
            id: slot, branches, ..
        } => {
            *slot = id;
            branches
                .iter_mut()
                .flat_map(|b| b.nodes.iter_mut())
                .for_each(|n| renew_ids(n, used));
        }
        Node::Condition {
            id: slot,
            branches,
            default,
            ..
        } => {
            *slot = id;
            branches
                .iter_mut()
                .flat_map(|b| b.nodes.iter_mut())
                .chain(default.nodes.iter_mut())
                .for_each(|n| renew_ids(n, used));
        }
    }
}

/// A new unit step with the default post.
pub fn new_step(id: String, name: String, defaults: &NodeDefaults) -> UnitStep {
    UnitStep {
        id,
        name,
        post: defaults.post.clone(),
    }
}

/// A new handling-unit node (unit still to be picked, one step).
fn new_unit(used: &mut BTreeSet<String>, defaults: &NodeDefaults) -> Node {
    Node::Unit {
        id: fresh_id(used, NodeKind::Unit.code()),
        name: NodeKind::Unit.label().to_owned(),
        unit: UnitRef::Fixed {
            unit: UnitCode::new(""),
        },
        steps: vec![new_step("review".into(), STEP_NAME.into(), defaults)],
        time_limit_days: None,
        time_limit_unit: Default::default(),
        handling: Handling::InLianban,
        rights: NodeRights::default(),
    }
}

/// The unit of the first handling-unit node of `nodes` (depth first) whose unit is picked.
pub fn first_unit(nodes: &[Node]) -> Option<UnitRef> {
    nodes.iter().find_map(|node| match node {
        Node::Unit {
            unit: UnitRef::Fixed { unit },
            ..
        } if unit.as_str().is_empty() => None,
        Node::Unit { unit, .. } => Some(unit.clone()),
        other => {
            let mut found = None;
            for_each_branch(other, |branch| {
                if found.is_none() {
                    found = first_unit(branch);
                }
            });
            found
        }
    })
}

/// A new parallel branch named `分支<n>` holding one new handling unit.
pub fn new_parallel_branch(
    n: usize,
    used: &mut BTreeSet<String>,
    defaults: &NodeDefaults,
) -> Branch {
    Branch {
        name: format!("分支{n}"),
        nodes: vec![new_unit(used, defaults)],
    }
}

/// A new conditional branch named `条件<n>` with an empty condition group (to be filled in).
pub fn new_conditional_branch(n: usize) -> ConditionalBranch {
    ConditionalBranch {
        name: format!("条件{n}"),
        when: Condition::All {
            conditions: Vec::new(),
        },
        nodes: Vec::new(),
    }
}

/// A new node of `kind` for `flow`, with fresh ids (added to `used`) and the Chinese default
/// name. A CC node goes to the initiating unit's leader; a seal node stamps with the 单位公章 of
/// the flow's first handling unit (to be picked when there is none).
pub fn new_node(
    kind: NodeKind,
    flow: &FlowDef,
    used: &mut BTreeSet<String>,
    defaults: &NodeDefaults,
) -> Node {
    let name = kind.label().to_owned();
    match kind {
        NodeKind::Approver => Node::Approver {
            id: fresh_id(used, kind.code()),
            name,
            assignee: Assignee::InitiatorPost {
                post: defaults.post.clone(),
            },
            mode: SignMode::Any,
            pass_percent: None,
            when_empty: EmptyPolicy::ToAdmin,
            time_limit_days: None,
            time_limit_unit: Default::default(),
            rights: NodeRights::default(),
        },
        NodeKind::Cc => Node::Cc {
            id: fresh_id(used, kind.code()),
            name,
            recipients: Assignee::InitiatorPost {
                post: PostCode::new(LEADER_POST),
            },
            rights: NodeRights::default(),
        },
        NodeKind::Unit => new_unit(used, defaults),
        NodeKind::Seal => Node::Seal {
            id: fresh_id(used, kind.code()),
            name,
            unit: first_unit(&flow.nodes).unwrap_or(UnitRef::Fixed {
                unit: UnitCode::new(""),
            }),
            post: defaults.post.clone(),
            seal: SEAL_NAME.to_owned(),
            time_limit_days: None,
            time_limit_unit: Default::default(),
            rights: NodeRights::default(),
        },
        NodeKind::Parallel => {
            let id = fresh_id(used, kind.code());
            let branches = (1..=2)
                .map(|n| new_parallel_branch(n, used, defaults))
                .collect();
            Node::Parallel { id, name, branches }
        }
        NodeKind::Condition => Node::Condition {
            id: fresh_id(used, kind.code()),
            name,
            branches: vec![new_conditional_branch(1)],
            default: Branch {
                name: DEFAULT_BRANCH_NAME.to_owned(),
                nodes: Vec::new(),
            },
        },
    }
}

/// Structural problems the designer never creates: duplicate or malformed ids, parallel nodes
/// with fewer than two branches or an empty branch, condition nodes without a conditional
/// branch. Empty means the tree is sound (fields, units and rules are checked elsewhere).
pub fn structure_problems(flow: &FlowDef) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    walk(&flow.nodes, &mut seen, &mut problems);
    problems
}

/// [`structure_problems`] for one sequence.
fn walk(nodes: &[Node], seen: &mut BTreeSet<String>, problems: &mut Vec<String>) {
    for node in nodes {
        let id = node.id().as_str();
        if !is_ident(id) {
            problems.push(format!("bad id {id:?}"));
        }
        if !seen.insert(id.to_owned()) {
            problems.push(format!("duplicate id {id}"));
        }
        match node {
            Node::Parallel { branches, .. } => {
                if branches.len() < 2 {
                    problems.push(format!("parallel {id} has {} branches", branches.len()));
                }
                if branches.iter().any(|b| b.nodes.is_empty()) {
                    problems.push(format!("parallel {id} has an empty branch"));
                }
            }
            Node::Condition { branches, .. } if branches.is_empty() => {
                problems.push(format!("condition {id} has no conditional branch"));
            }
            _ => {}
        }
        for_each_branch(node, |branch| walk(branch, seen, problems));
    }
}
