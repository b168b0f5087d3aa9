//! CC and seal nodes, and the approver settings added with them: defaults of new nodes, their
//! properties, 会签 by percentage, 审批人为空时, every assignee kind, and copy / paste / move /
//! delete / undo of the new nodes.

use super::*;
use lianban_definition::flow::{Assignee, EmptyPolicy, LEADER_POST, SignMode};
use lianban_definition::limit::LimitUnit;
use lianban_definition::{FieldKey, UserName};

/// An edit of the node at `path`.
fn edit(path: NodePath, edit: NodeEdit) -> FlowDesignAction {
    FlowDesignAction::EditNode { node: path, edit }
}

/// Inserts a node of `kind` at top-level gap `index`.
fn insert(index: usize, kind: NodeKind) -> FlowDesignAction {
    FlowDesignAction::Insert {
        gap: SeqPath::top().gap(index),
        kind,
    }
}

#[test]
fn a_new_cc_node_goes_to_the_initiating_units_leader() {
    let mut d = design(staff_enrollment());
    d.apply(insert(1, NodeKind::Cc));
    let Node::Cc {
        id,
        name,
        recipients,
        rights,
    } = node(&d, &top(1))
    else {
        panic!("cc expected");
    };
    assert_eq!((id.as_str(), name.as_str()), ("cc_1", "抄送"));
    assert_eq!(
        recipients,
        Assignee::InitiatorPost {
            post: PostCode::new(LEADER_POST)
        }
    );
    assert!(rights.is_default());
}

#[test]
fn a_new_seal_node_stamps_the_first_picked_units_official_seal() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [insert(0, NodeKind::Unit), insert(4, NodeKind::Seal)],
    );
    let Node::Seal {
        id,
        name,
        unit,
        post,
        seal,
        ..
    } = node(&d, &top(4))
    else {
        panic!("seal expected");
    };
    assert_eq!((id.as_str(), name.as_str()), ("seal_1", "盖章"));
    // The new unit at the top has no unit yet, so the seal is the next unit's (区人力社保局).
    assert_eq!(
        unit,
        UnitRef::Fixed {
            unit: UnitCode::new("rsj")
        }
    );
    assert_eq!((post.as_str(), seal.as_str()), ("clerk", SEAL_NAME));

    d.apply(FlowDesignAction::Load(FlowDef {
        schema_version: 1,
        nodes: Vec::new(),
    }));
    d.apply(insert(0, NodeKind::Seal));
    assert!(matches!(
        node(&d, &top(0)),
        Node::Seal { unit: UnitRef::Fixed { unit }, .. } if unit.as_str().is_empty()
    ));
}

#[test]
fn a_flow_with_new_cc_and_seal_nodes_passes_the_real_validation() {
    let text = include_str!("../../../../../seeds/data/matter_types/staff_enrollment.json");
    let mut def: MatterTypeDef = serde_json::from_str(text).expect("seed parses");
    let mut d = design(def.flow.clone());
    run(&mut d, [insert(1, NodeKind::Cc), insert(4, NodeKind::Seal)]);
    def.flow = d.flow.clone();
    assert_eq!(def.validate(), Vec::new());
    d.apply(edit(top(4), NodeEdit::SealName(" ".into())));
    def.flow = d.flow.clone();
    let paths: Vec<_> = def.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, ["flow.nodes[4].seal"]);
}

#[test]
fn cc_and_seal_nodes_are_copied_pasted_moved_deleted_and_undone() {
    let start = staff_enrollment();
    let mut d = design(start.clone());
    run(
        &mut d,
        [
            insert(1, NodeKind::Cc),
            insert(4, NodeKind::Seal),
            FlowDesignAction::Copy(top(1)),
            FlowDesignAction::Paste(SeqPath::top().gap(5)),
            FlowDesignAction::Duplicate(top(4)),
            FlowDesignAction::Move {
                node: top(4),
                dir: Direction::Up,
            },
            FlowDesignAction::MoveTo {
                node: top(0),
                gap: SeqPath::top().gap(7),
            },
        ],
    );
    assert_eq!(d.refusal, None);
    assert_eq!(
        ids(&d.flow),
        [
            "cc_1",
            "rsj",
            "seal_1",
            "czj",
            "seal_2",
            "cc_2",
            "initiator_leader"
        ]
    );
    assert_sound(&d);
    d.apply(FlowDesignAction::Delete(top(2)));
    assert!(!ids(&d.flow).contains(&"seal_1".to_owned()));
    let end = d.flow.clone();
    let steps = d.undo_depth();
    assert_eq!(steps, 7, "copying records no step");
    run(&mut d, (0..steps).map(|_| FlowDesignAction::Undo));
    assert_eq!(d.flow, start);
    run(&mut d, (0..steps).map(|_| FlowDesignAction::Redo));
    assert_eq!(d.flow, end);
}

#[test]
fn cc_recipients_are_edited_but_never_chosen_at_submit() {
    let mut d = design(staff_enrollment());
    d.apply(insert(1, NodeKind::Cc));
    let supervisors = Assignee::Role {
        role: "supervisor".into(),
    };
    d.apply(edit(top(1), NodeEdit::Assignee(supervisors.clone())));
    assert!(matches!(node(&d, &top(1)), Node::Cc { recipients, .. } if recipients == supervisors));
    let before = d.flow.clone();
    d.apply(edit(
        top(1),
        NodeEdit::Assignee(Assignee::ChosenAtSubmit { multiple: true }),
    ));
    assert_eq!(d.refusal.as_deref(), Some("抄送人不能由发起人自选"));
    d.apply(edit(top(1), NodeEdit::Mode(SignMode::All)));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
    d.apply(edit(top(1), NodeEdit::TimeLimit(Some(2))));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
    d.apply(edit(
        top(1),
        NodeEdit::TimeLimitUnit(LimitUnit::NaturalDays),
    ));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
    assert_eq!(d.flow, before);
}

#[test]
fn seal_properties_are_edited() {
    let mut d = design(staff_enrollment());
    d.apply(insert(3, NodeKind::Seal));
    let seal_edit = |e| edit(top(3), e);
    run(
        &mut d,
        [
            seal_edit(NodeEdit::Name("加盖区财政局公章".into())),
            seal_edit(NodeEdit::Unit {
                unit: UnitRef::FromField {
                    field: FieldKey::new("to_unit"),
                },
                rename: None,
            }),
            seal_edit(NodeEdit::SealPost(PostCode::new("leader"))),
            seal_edit(NodeEdit::SealName("合同专用章".into())),
            seal_edit(NodeEdit::TimeLimit(Some(2))),
            seal_edit(NodeEdit::TimeLimitUnit(LimitUnit::WorkingHours)),
        ],
    );
    assert_eq!(d.refusal, None);
    let value = serde_json::to_value(node(&d, &top(3))).expect("serializes");
    assert_eq!(
        value,
        json!({"type": "seal", "id": "seal_1", "name": "加盖区财政局公章",
            "unit": {"type": "from_field", "field": "to_unit"}, "post": "leader",
            "seal": "合同专用章", "time_limit_days": 2, "time_limit_unit": "working_hours"})
    );
    d.apply(seal_edit(NodeEdit::Handling(
        lianban_definition::flow::Handling::OwnSystem,
    )));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
}

#[test]
fn pass_percent_needs_countersign_and_lies_between_one_and_a_hundred() {
    let mut d = design(staff_enrollment());
    let percent = |p: Option<u32>| edit(top(0), NodeEdit::PassPercent(p));
    let pass_percent = |d: &FlowDesign| match node(d, &top(0)) {
        Node::Approver { pass_percent, .. } => pass_percent,
        _ => panic!("approver expected"),
    };
    d.apply(percent(Some(60)));
    assert_eq!(d.refusal.as_deref(), Some("只有会签才能按比例通过"));
    d.apply(edit(top(0), NodeEdit::Mode(SignMode::All)));
    for bad in [0, 101, 300] {
        d.apply(percent(Some(bad)));
        assert_eq!(d.refusal.as_deref(), Some("通过比例须在1%到100%之间"));
    }
    let depth = d.undo_depth();
    run(&mut d, [percent(Some(6)), percent(Some(60))]);
    assert_eq!(pass_percent(&d), Some(60));
    assert_eq!(d.undo_depth(), depth + 1, "typing 60 is one undo step");
    d.apply(percent(None));
    assert_eq!(pass_percent(&d), None);
    run(
        &mut d,
        [
            percent(Some(75)),
            edit(top(0), NodeEdit::Mode(SignMode::Sequential)),
        ],
    );
    assert_eq!(pass_percent(&d), None, "leaving 会签 drops the percentage");
}

#[test]
fn the_policy_for_nobody_resolving_is_set_and_the_default_is_not_stored() {
    let mut d = design(staff_enrollment());
    let to_users = EmptyPolicy::ToUsers {
        users: vec![UserName::new("zhang")],
    };
    d.apply(edit(top(0), NodeEdit::WhenEmpty(to_users)));
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert_eq!(
        value["nodes"][0]["when_empty"],
        json!({"type": "to_users", "users": ["zhang"]})
    );
    d.apply(edit(top(0), NodeEdit::WhenEmpty(EmptyPolicy::AutoPass)));
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert_eq!(
        value["nodes"][0]["when_empty"],
        json!({"type": "auto_pass"})
    );
    d.apply(edit(top(0), NodeEdit::WhenEmpty(EmptyPolicy::ToAdmin)));
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert!(value["nodes"][0].get("when_empty").is_none());
    d.apply(edit(top(1), NodeEdit::WhenEmpty(EmptyPolicy::Refuse)));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
}

#[test]
fn approvers_take_every_assignee_kind() {
    let mut d = design(staff_enrollment());
    for assignee in every_assignee() {
        d.apply(edit(top(0), NodeEdit::Assignee(assignee.clone())));
        assert_eq!(d.refusal, None);
        assert!(matches!(node(&d, &top(0)), Node::Approver { assignee: a, .. } if a == assignee));
    }
}
