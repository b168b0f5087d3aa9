//! The marks of a matter's flow diagram: for every node of the version it runs, whether it is
//! done, active, pending, or skipped (in a condition branch that was not taken, or never reached
//! by a matter that has ended).

use lianban_definition::flow::{Branch, Node};
use lianban_runtime::{MatterState, MatterStatus, NodeStatus};
use std::collections::BTreeMap;

/// Node id → `done`, `active`, `pending` or `skipped`.
pub fn marks(nodes: &[Node], state: &MatterState) -> BTreeMap<String, &'static str> {
    let ended = match state.status {
        MatterStatus::Completed | MatterStatus::Closed | MatterStatus::Voided => true,
        MatterStatus::Draft | MatterStatus::Running | MatterStatus::Returned => false,
    };
    let mut out = BTreeMap::new();
    walk(nodes, state, ended, &mut out);
    out
}

/// Marks `nodes`; `skipped` when the whole sequence lies off the matter's path.
fn walk(
    nodes: &[Node],
    state: &MatterState,
    skipped: bool,
    out: &mut BTreeMap<String, &'static str>,
) {
    for node in nodes {
        let run = state.nodes.get(node.id());
        let mark = match run.map(|r| r.status) {
            Some(NodeStatus::Done) => "done",
            Some(NodeStatus::Active) => "active",
            None if skipped => "skipped",
            None => "pending",
        };
        out.insert(node.id().to_string(), mark);
        match node {
            Node::Parallel { branches, .. } => {
                for branch in branches {
                    walk(&branch.nodes, state, skipped, out);
                }
            }
            Node::Condition {
                branches, default, ..
            } => {
                // Once the condition is reached its choice is known: the others are skipped.
                let chosen = run.map(|r| r.branch);
                let conditional = branches.iter().map(|b| &b.nodes);
                for (i, nodes) in conditional.enumerate() {
                    let off = chosen.is_some_and(|c| c != Some(i));
                    walk(nodes, state, skipped || off, out);
                }
                let Branch { nodes, .. } = default;
                let off = chosen.is_some_and(|c| c.is_some());
                walk(nodes, state, skipped || off, out);
            }
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {}
        }
    }
}
