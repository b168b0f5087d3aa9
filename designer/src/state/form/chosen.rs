//! 发起人自选: the approver nodes whose approvers the initiator picks when submitting, the
//! picks in the form state, the browser-side check (the runtime's rule: every such node of the
//! flow, in any branch, gets at least one person, exactly one unless it allows several) and the
//! `chosen` member of the submit body. Issues about a node's pick use the path
//! `chosen.<node id>`.

use super::FormState;
use lianban_definition::Issue;
use lianban_definition::flow::{Assignee, FlowDef, Node};
use std::collections::BTreeMap;

/// The prefix of issue paths about a node's pick.
pub const CHOSEN_PREFIX: &str = "chosen.";

/// An approver node whose approvers the initiator picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chooser {
    /// The node's id.
    pub node: String,
    /// The node's name (the picker's label).
    pub name: String,
    /// Whether several people may be picked.
    pub multiple: bool,
}

impl Chooser {
    /// The issue path of this node's pick, `chosen.<node id>`.
    pub fn path(&self) -> String {
        format!("{CHOSEN_PREFIX}{}", self.node)
    }
}

/// The 发起人自选 approver nodes of `flow`, in flow order, at any depth.
pub fn choosers(flow: &FlowDef) -> Vec<Chooser> {
    let mut out = Vec::new();
    collect(&flow.nodes, &mut out);
    out
}

/// [`choosers`] of one sequence.
fn collect(nodes: &[Node], out: &mut Vec<Chooser>) {
    for node in nodes {
        match node {
            Node::Approver {
                id,
                name,
                assignee: Assignee::ChosenAtSubmit { multiple },
                ..
            } => out.push(Chooser {
                node: id.to_string(),
                name: if name.trim().is_empty() {
                    id.to_string()
                } else {
                    name.clone()
                },
                multiple: *multiple,
            }),
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {}
            Node::Parallel { branches, .. } => {
                branches.iter().for_each(|b| collect(&b.nodes, out));
            }
            Node::Condition {
                branches, default, ..
            } => {
                branches.iter().for_each(|b| collect(&b.nodes, out));
                collect(&default.nodes, out);
            }
        }
    }
}

/// The picks of one node: trimmed, blanks and repeats dropped, in the order picked.
fn cleaned(users: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for user in users.iter().map(|u| u.trim()) {
        if !user.is_empty() && !out.iter().any(|u| u == user) {
            out.push(user.to_owned());
        }
    }
    out
}

impl FormState {
    /// Starts the pickers for the 发起人自选 nodes of `flow` (none without a flow).
    pub fn with_flow(mut self, flow: Option<&FlowDef>) -> Self {
        self.choosers = flow.map(choosers).unwrap_or_default();
        self
    }

    /// Records the people picked for `node`, clearing its message.
    pub(super) fn choose(&mut self, node: String, users: Vec<String>) {
        let path = format!("{CHOSEN_PREFIX}{node}");
        self.errors.remove(&path);
        self.notice = None;
        self.chosen.insert(node, cleaned(&users));
    }

    /// The people picked for `node`.
    pub fn chosen_for(&self, node: &str) -> Vec<String> {
        self.chosen.get(node).cloned().unwrap_or_default()
    }

    /// One issue per 发起人自选 node without a valid pick, with the runtime's message.
    pub fn chosen_issues(&self) -> Vec<Issue> {
        self.choosers
            .iter()
            .filter_map(|c| {
                let n = self.chosen_for(&c.node).len();
                let ok = if c.multiple { n >= 1 } else { n == 1 };
                let how = if c.multiple { "至少一位" } else { "一位" };
                let message = format!("请为节点「{}」选择{how}审批人", c.name);
                (!ok).then(|| Issue::new(c.path(), "approver_not_chosen", message))
            })
            .collect()
    }

    /// Whether `path` is the pick of one of the form's 发起人自选 nodes.
    pub(super) fn is_chosen_path(&self, path: &str) -> bool {
        path.strip_prefix(CHOSEN_PREFIX)
            .is_some_and(|node| self.choosers.iter().any(|c| c.node == node))
    }

    /// The `chosen` member of the submit body: node id → picked user names, for the flow's
    /// 发起人自选 nodes only.
    pub fn chosen_body(&self) -> BTreeMap<String, Vec<String>> {
        self.choosers
            .iter()
            .map(|c| (c.node.clone(), self.chosen_for(&c.node)))
            .filter(|(_, users)| !users.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Check, FormAction};
    use super::*;
    use crate::api::ApiError;
    use lianban_definition::form::FormDef;
    use serde_json::json;
    use std::rc::Rc;
    use yew::Reducible;

    /// A flow with a 发起人自选 approver at the top (one person), one in a parallel branch
    /// (several) and one in a condition's default branch, among other approvers.
    fn flow() -> FlowDef {
        let chosen = |id: &str, name: &str, multiple: bool| {
            json!({"type": "approver", "id": id, "name": name,
                "assignee": {"type": "chosen_at_submit", "multiple": multiple}})
        };
        let unit = |id: &str| {
            json!({"type": "unit", "id": id, "name": id, "unit": {"type": "fixed", "unit": id},
                "steps": [{"id": "review", "name": "经办人审核", "post": "clerk"}]})
        };
        serde_json::from_value(json!({"schema_version": 1, "nodes": [
            chosen("leader_pick", "分管领导审批", false),
            {"type": "approver", "id": "fixed", "name": "固定审批",
                "assignee": {"type": "users", "users": ["li"]}},
            {"type": "parallel", "id": "p", "name": "并行", "branches": [
                {"name": "甲", "nodes": [unit("rsj")]},
                {"name": "乙", "nodes": [chosen("experts", "专家评审", true)]}
            ]},
            {"type": "condition", "id": "c", "name": "条件", "branches": [
                {"name": "大额", "when": {"type": "rule", "rule": "big"}, "nodes": []}
            ], "default": {"name": "其他", "nodes": [chosen("backup", "", false)]}}
        ]}))
        .expect("flow parses")
    }

    /// An editor with an optional text field and the flow's pickers.
    fn state() -> Rc<FormState> {
        let form: FormDef = serde_json::from_value(json!({"schema_version": 1, "fields": [
            {"key": "note", "label": "备注", "kind": {"type": "text"}}
        ]}))
        .expect("form parses");
        Rc::new(FormState::new("t", "测试事项", form).with_flow(Some(&flow())))
    }

    fn choose(node: &str, users: &[&str]) -> FormAction {
        FormAction::Choose {
            node: node.into(),
            users: users.iter().map(|u| (*u).to_owned()).collect(),
        }
    }

    #[test]
    fn choosers_are_the_chosen_at_submit_approvers_in_any_branch() {
        let found: Vec<(String, String, bool)> = choosers(&flow())
            .into_iter()
            .map(|c| (c.node, c.name, c.multiple))
            .collect();
        let expected = [
            ("leader_pick", "分管领导审批", false),
            ("experts", "专家评审", true),
            ("backup", "backup", false),
        ]
        .map(|(n, l, m)| (n.to_owned(), l.to_owned(), m));
        assert_eq!(found, expected);
        let none = (*state()).clone().with_flow(None);
        assert!(none.choosers.is_empty());
    }

    #[test]
    fn submitting_needs_one_pick_per_node_and_several_only_where_allowed() {
        let s = state();
        assert!(s.check(Check::Draft).is_ok(), "a draft needs no picks");
        let issues = s.check(Check::Submit).expect_err("picks missing");
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            ["chosen.leader_pick", "chosen.experts", "chosen.backup"]
        );
        assert_eq!(issues[0].message, "请为节点「分管领导审批」选择一位审批人");
        assert_eq!(issues[1].message, "请为节点「专家评审」选择至少一位审批人");
        let s = s.reduce(FormAction::Invalid(issues));
        assert!(s.errors.contains_key("chosen.experts"));
        let s = [
            choose("experts", &["zhang", " li ", "zhang", ""]),
            choose("leader_pick", &["wang", "zhao"]),
            choose("backup", &["li"]),
        ]
        .into_iter()
        .fold(s, |s, a| s.reduce(a));
        assert!(!s.errors.contains_key("chosen.experts"));
        assert_eq!(s.chosen_for("experts"), ["zhang", "li"]);
        let issues = s.check(Check::Submit).expect_err("two for a single pick");
        assert_eq!(issues.len(), 1);
        let s = s.reduce(choose("leader_pick", &["wang"]));
        assert!(s.check(Check::Submit).is_ok());
        let body = serde_json::to_value(s.chosen_body()).expect("serializes");
        assert_eq!(
            body,
            json!({"leader_pick": ["wang"], "experts": ["zhang", "li"], "backup": ["li"]})
        );
    }

    #[test]
    fn picks_for_unknown_nodes_are_not_sent_and_the_servers_refusal_is_shown() {
        let s = state().reduce(choose("stale_node", &["zhang"]));
        assert!(s.chosen_body().is_empty());
        let refusal = ApiError {
            status: 400,
            code: "approver_not_chosen".into(),
            detail: "请为节点「分管领导审批」选择一位审批人".into(),
            errors: vec![
                Issue::new("chosen.leader_pick", "approver_not_chosen", "请选择审批人"),
                Issue::new("chosen.gone", "approver_not_chosen", "另一节点"),
            ],
        };
        let s = s.reduce(FormAction::Failed(refusal));
        assert_eq!(
            s.errors.get("chosen.leader_pick").map(String::as_str),
            Some("请选择审批人")
        );
        assert_eq!(
            s.general,
            ["请为节点「分管领导审批」选择一位审批人", "另一节点"]
        );
    }
}
