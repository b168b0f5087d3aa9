//! The flow designer's reducer, driven natively: structural edits keep the tree sound, property
//! edits, conditions, undo/redo, zoom, issue paths, and serde round trips. Random action
//! sequences live in [`props`].

use super::*;
use lianban_definition::flow::{
    Assignee, Condition, EmptyPolicy, FieldAccess, ReturnTargets, SignMode, UnitRef,
};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{FieldKey, NodeId, PostCode, RuleName, UnitCode, UserName};
use serde_json::json;

mod conditions;
mod history;
mod nodes;
mod properties;
mod props;
mod rights;
mod structure;

/// The seeded 人员调入联办 matter type: a parallel node whose third branch holds a condition.
fn personnel_transfer() -> MatterTypeDef {
    let text = include_str!("../../../../seeds/data/matter_types/personnel_transfer.json");
    serde_json::from_str(text).expect("seed parses")
}

/// The seeded 新进人员入编 flow: approver, unit, unit in sequence.
fn staff_enrollment() -> FlowDef {
    let text = include_str!("../../../../seeds/data/matter_types/staff_enrollment.json");
    let def: MatterTypeDef = serde_json::from_str(text).expect("seed parses");
    def.flow
}

/// A designer on `flow` whose new steps go to the `clerk` post.
fn design(flow: FlowDef) -> FlowDesign {
    FlowDesign::new(
        flow,
        NodeDefaults {
            post: PostCode::new("clerk"),
        },
    )
}

/// Applies the actions in order.
fn run(design: &mut FlowDesign, actions: impl IntoIterator<Item = FlowDesignAction>) {
    for action in actions {
        design.apply(action);
    }
}

/// Top-level node `i`.
fn top(i: usize) -> NodePath {
    SeqPath::top().node(i)
}

/// Node `k` of branch `b` of top-level node `i`.
fn in_branch(i: usize, b: BranchRef, k: usize) -> NodePath {
    top(i).branch_seq(b).node(k)
}

/// Every node id, depth first.
fn ids(flow: &FlowDef) -> Vec<String> {
    fn walk(nodes: &[Node], out: &mut Vec<String>) {
        for node in nodes {
            out.push(node.id().to_string());
            match node {
                Node::Parallel { branches, .. } => {
                    branches.iter().for_each(|b| walk(&b.nodes, out));
                }
                Node::Condition {
                    branches, default, ..
                } => {
                    branches.iter().for_each(|b| walk(&b.nodes, out));
                    walk(&default.nodes, out);
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&flow.nodes, &mut out);
    out
}

/// The node at `path`.
fn node(design: &FlowDesign, path: &NodePath) -> Node {
    path::node_at(&design.flow, path)
        .cloned()
        .expect("node exists")
}

fn assert_sound(design: &FlowDesign) {
    assert_eq!(structure_problems(&design.flow), Vec::<String>::new());
}

/// One assignee of every kind.
fn every_assignee() -> Vec<Assignee> {
    let rsj = || UnitRef::Fixed {
        unit: UnitCode::new("rsj"),
    };
    vec![
        Assignee::Users {
            users: vec![UserName::new("zhang"), UserName::new("li")],
        },
        Assignee::InitiatorPost {
            post: PostCode::new("leader"),
        },
        Assignee::Role {
            role: "supervisor".into(),
        },
        Assignee::Post {
            unit: rsj(),
            post: PostCode::new("clerk"),
        },
        Assignee::UnitLeader {
            unit: UnitRef::FromField {
                field: FieldKey::new("to_unit"),
            },
        },
        Assignee::InitiatorLeader { levels: 2 },
        Assignee::ChosenAtSubmit { multiple: true },
        Assignee::FromField {
            field: FieldKey::new("reviewer"),
        },
    ]
}

/// The enrollment flow with, in front, one approver per assignee kind (the first 会签 by 60%,
/// the others trying each 审批人为空时 policy and rights), then a CC node with a hidden field and
/// a seal node that may return to the first approver.
fn every_kind_of_node() -> FlowDesign {
    let mut d = design(staff_enrollment());
    let edit = |i: usize, edit| FlowDesignAction::EditNode { node: top(i), edit };
    let policies = [
        EmptyPolicy::ToUsers {
            users: vec![UserName::new("admin")],
        },
        EmptyPolicy::AutoPass,
        EmptyPolicy::Refuse,
        EmptyPolicy::ToAdmin,
    ];
    for (i, assignee) in every_assignee().into_iter().enumerate() {
        let policy = policies[i % policies.len()].clone();
        let field = FieldKey::new(["headcount", "note"][i % 2]);
        run(
            &mut d,
            [
                FlowDesignAction::Insert {
                    gap: SeqPath::top().gap(i),
                    kind: NodeKind::Approver,
                },
                edit(i, NodeEdit::Assignee(assignee)),
                edit(i, NodeEdit::WhenEmpty(policy)),
                edit(
                    i,
                    NodeEdit::Rights(RightsEdit::Fields(vec![(field, FieldAccess::Editable)])),
                ),
                edit(i, NodeEdit::Rights(RightsEdit::Transfer(i % 2 == 0))),
            ],
        );
    }
    let cc = every_assignee().len();
    run(
        &mut d,
        [
            edit(0, NodeEdit::Mode(SignMode::All)),
            edit(0, NodeEdit::PassPercent(Some(60))),
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(cc),
                kind: NodeKind::Cc,
            },
            edit(
                cc,
                NodeEdit::Rights(RightsEdit::Fields(vec![(
                    FieldKey::new("note"),
                    FieldAccess::Hidden,
                )])),
            ),
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(cc + 4),
                kind: NodeKind::Seal,
            },
            edit(
                cc + 4,
                NodeEdit::Rights(RightsEdit::ReturnTargets(ReturnTargets::Nodes {
                    nodes: vec![NodeId::new("approver_1")],
                })),
            ),
            edit(cc + 4, NodeEdit::Rights(RightsEdit::CanReturn(true))),
        ],
    );
    assert_eq!(d.refusal, None);
    d
}

#[test]
fn a_designed_flow_passes_the_real_validation_once_filled_in() {
    let mut def = personnel_transfer();
    let mut d = design(def.flow.clone());
    let unit = in_branch(0, BranchRef::Branch(2), 0)
        .branch_seq(BranchRef::Default)
        .node(0);
    run(
        &mut d,
        [
            FlowDesignAction::Insert {
                gap: unit.seq.gap(0),
                kind: NodeKind::Unit,
            },
            FlowDesignAction::EditNode {
                node: unit.clone(),
                edit: NodeEdit::Unit {
                    unit: UnitRef::Fixed {
                        unit: UnitCode::new("czj"),
                    },
                    rename: Some("区财政局".into()),
                },
            },
        ],
    );
    def.flow = d.flow.clone();
    assert_eq!(def.validate(), Vec::new());
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(1),
        kind: NodeKind::Condition,
    });
    def.flow = d.flow.clone();
    let paths: Vec<_> = def.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, ["flow.nodes[1].branches[0].when.conditions"]);
    assert_eq!(
        path::issue_target(&paths[0]),
        Some(IssueAt::Branch(BranchPath {
            node: top(1),
            branch: BranchRef::Branch(0)
        }))
    );
}

#[test]
fn issue_paths_point_at_the_node_or_branch_at_fault() {
    let target = path::issue_target;
    assert_eq!(target("form.fields[0].key"), None);
    assert_eq!(target("flow.nodes"), Some(IssueAt::Flow));
    assert_eq!(target("flow.schema_version"), Some(IssueAt::Flow));
    assert_eq!(
        target("flow.nodes[1].branches[0].nodes[2].unit"),
        Some(IssueAt::Node(in_branch(1, BranchRef::Branch(0), 2)))
    );
    assert_eq!(
        target("flow.nodes[0].default.nodes[1].steps[0].post"),
        Some(IssueAt::Node(in_branch(0, BranchRef::Default, 1)))
    );
    assert_eq!(
        target("flow.nodes[3].branches[1].nodes"),
        Some(IssueAt::Branch(BranchPath {
            node: top(3),
            branch: BranchRef::Branch(1)
        }))
    );
    assert_eq!(
        target("flow.nodes[2].branches"),
        Some(IssueAt::Node(top(2)))
    );
}

#[test]
fn paths_print_as_readable_test_id_suffixes() {
    assert_eq!(SeqPath::top().gap(0).to_string(), "0");
    assert_eq!(
        top(2).branch_seq(BranchRef::Branch(1)).gap(0).to_string(),
        "2-b1-0"
    );
    assert_eq!(in_branch(4, BranchRef::Default, 3).to_string(), "4-d-3");
}

#[test]
fn zoom_stays_between_half_and_double() {
    let mut d = design(staff_enrollment());
    run(&mut d, (0..20).map(|_| FlowDesignAction::ZoomIn));
    assert_eq!(d.zoom, ZOOM_MAX);
    run(&mut d, (0..30).map(|_| FlowDesignAction::ZoomOut));
    assert_eq!(d.zoom, ZOOM_MIN);
    d.apply(FlowDesignAction::ZoomReset);
    assert_eq!(d.zoom, 100);
    assert!(!d.can_undo());
}

#[test]
fn selecting_something_that_does_not_exist_selects_nothing() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Select(Some(Selection::Node(top(9)))));
    assert_eq!(d.selected, None);
    let branch = BranchPath {
        node: top(1),
        branch: BranchRef::Default,
    };
    d.apply(FlowDesignAction::Select(Some(Selection::Branch(branch))));
    assert_eq!(d.selected, None);
    d.apply(FlowDesignAction::Select(Some(Selection::Node(top(1)))));
    assert_eq!(d.selected_node().map(|(_, n)| n.id().as_str()), Some("rsj"));
}

#[test]
fn every_new_node_assignee_policy_and_right_round_trips_through_serde() {
    let d = every_kind_of_node();
    let text = serde_json::to_string(&d.flow).expect("serializes");
    let back: FlowDef = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, d.flow);
    let value = serde_json::to_value(&d.flow).expect("serializes");
    let nodes = value["nodes"].as_array().expect("nodes");
    let tags: Vec<&str> = nodes
        .iter()
        .map(|n| n["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        tags,
        [
            "approver", "approver", "approver", "approver", "approver", "approver", "approver",
            "approver", "cc", "approver", "unit", "unit", "seal"
        ]
    );
    let assignees: Vec<&str> = nodes[..8]
        .iter()
        .map(|n| n["assignee"]["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        assignees,
        [
            "users",
            "initiator_post",
            "role",
            "post",
            "unit_leader",
            "initiator_leader",
            "chosen_at_submit",
            "from_field"
        ]
    );
    assert_eq!(
        (&nodes[0]["mode"], &nodes[0]["pass_percent"]),
        (&json!("all"), &json!(60))
    );
    assert_eq!(
        nodes[0]["when_empty"],
        json!({"type": "to_users", "users": ["admin"]})
    );
    assert!(
        nodes[3].get("when_empty").is_none(),
        "转交管理员 is the default"
    );
    assert_eq!(nodes[1]["rights"]["fields"], json!({"note": "editable"}));
    assert_eq!(nodes[1]["rights"]["ops"]["transfer"], json!(false));
    assert_eq!(
        nodes[8],
        json!({"type": "cc", "id": "cc_1", "name": "抄送",
            "recipients": {"type": "initiator_post", "post": "leader"},
            "rights": {"fields": {"note": "hidden"}, "ops": {"can_return": true,
                "return_targets": {"type": "initiator"}, "transfer": true, "add_signer": true, "delegate": true,
                "after_return": "straight_back"}}})
    );
    assert_eq!(
        nodes[12]["rights"]["ops"]["return_targets"],
        json!({"type": "nodes", "nodes": ["approver_1"]})
    );
    assert_eq!(nodes[12]["unit"], json!({"type": "fixed", "unit": "rsj"}));
}

#[test]
fn an_edited_flow_round_trips_through_serde() {
    let mut d = design(personnel_transfer().flow);
    run(
        &mut d,
        [
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(1),
                kind: NodeKind::Condition,
            },
            FlowDesignAction::EditBranch {
                branch: BranchPath {
                    node: top(1),
                    branch: BranchRef::Branch(0),
                },
                edit: BranchEdit::Condition(CondEdit::UseRule(RuleName::new("needs_office"))),
            },
            FlowDesignAction::Duplicate(top(0)),
        ],
    );
    let text = serde_json::to_string(&d.flow).expect("serializes");
    let back: FlowDef = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, d.flow);
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert_eq!(
        value["nodes"][2]["branches"][0]["when"],
        json!({"type": "rule", "rule": "needs_office"})
    );
    assert!(matches!(
        &back.nodes[2],
        Node::Condition { branches, .. } if branches[0].when == Condition::Rule { rule: RuleName::new("needs_office") }
    ));
}
