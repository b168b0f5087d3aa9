//! Validation issues sorted by what they point at: the flow as a whole, a node, or a branch.

use crate::state::flow_design::path::issue_target;
use crate::state::flow_design::{BranchPath, IssueAt, NodePath};
use lianban_definition::Issue;
use std::collections::HashMap;

/// Issue messages by target.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueMap {
    /// About the flow as a whole (e.g. 流程至少需要一个办理单位节点).
    pub flow: Vec<String>,
    /// About a node or something inside it.
    pub nodes: HashMap<NodePath, Vec<String>>,
    /// About a branch's condition or emptiness.
    pub branches: HashMap<BranchPath, Vec<String>>,
}

impl IssueMap {
    /// Sorts `issues`; those outside the flow (`form.…`, `rules[…]`) are left out.
    pub fn new(issues: &[Issue]) -> Self {
        let mut map = Self::default();
        for issue in issues {
            let message = issue.message.clone();
            match issue_target(&issue.path) {
                None => {}
                Some(IssueAt::Flow) => map.flow.push(message),
                Some(IssueAt::Node(path)) => map.nodes.entry(path).or_default().push(message),
                Some(IssueAt::Branch(at)) => map.branches.entry(at).or_default().push(message),
            }
        }
        map
    }

    /// The messages about the node at `path`.
    pub fn node(&self, path: &NodePath) -> &[String] {
        self.nodes.get(path).map_or(&[], Vec::as_slice)
    }

    /// The messages about a branch.
    pub fn branch(&self, at: &BranchPath) -> &[String] {
        self.branches.get(at).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::flow_design::{BranchRef, SeqPath};

    #[test]
    fn issues_are_sorted_by_flow_node_and_branch() {
        let issue = |path: &str, message: &str| Issue::new(path, "code", message);
        let map = IssueMap::new(&[
            issue("flow.nodes", "流程至少需要一个办理单位节点"),
            issue(
                "flow.nodes[0].branches[1].nodes[0].unit.unit",
                "没有指定办理单位",
            ),
            issue("flow.nodes[0].branches[1].nodes[0].steps", "没有办理步骤"),
            issue(
                "flow.nodes[1].branches[0].when.conditions",
                "条件组中没有任何条件",
            ),
            issue("form.fields[0].key", "字段编码重复"),
        ]);
        assert_eq!(map.flow, ["流程至少需要一个办理单位节点"]);
        let unit = SeqPath::top()
            .node(0)
            .branch_seq(BranchRef::Branch(1))
            .node(0);
        assert_eq!(map.node(&unit), ["没有指定办理单位", "没有办理步骤"]);
        let branch = BranchPath {
            node: SeqPath::top().node(1),
            branch: BranchRef::Branch(0),
        };
        assert_eq!(map.branch(&branch), ["条件组中没有任何条件"]);
        assert!(map.node(&SeqPath::top().node(1)).is_empty());
    }
}
