//! 字段权限 and 操作权限: setting and clearing field access, operations, what CC and branch
//! nodes refuse, which nodes count as earlier return targets, and return targets that follow
//! deletes and renumbering.

use super::*;
use lianban_definition::flow::{AfterReturn, FieldAccess, NodeRights, ReturnTargets};
use lianban_definition::{FieldKey, NodeId};

/// A rights edit of the node at `path`.
fn rights(path: NodePath, edit: RightsEdit) -> FlowDesignAction {
    FlowDesignAction::EditNode {
        node: path,
        edit: NodeEdit::Rights(edit),
    }
}

/// Field access pairs.
fn fields(pairs: &[(&str, FieldAccess)]) -> RightsEdit {
    RightsEdit::Fields(
        pairs
            .iter()
            .map(|(key, access)| (FieldKey::new(*key), *access))
            .collect(),
    )
}

/// The rights of the node at `path`.
fn rights_of(d: &FlowDesign, path: &NodePath) -> NodeRights {
    node(d, path).rights().cloned().expect("a task node")
}

#[test]
fn field_access_is_set_and_read_only_is_the_unstored_default() {
    let mut d = design(staff_enrollment());
    d.apply(rights(
        top(1),
        fields(&[
            ("headcount", FieldAccess::Editable),
            ("note", FieldAccess::Hidden),
        ]),
    ));
    assert_eq!(d.refusal, None);
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert_eq!(
        value["nodes"][1]["rights"],
        json!({"fields": {"headcount": "editable", "note": "hidden"},
            "ops": {"can_return": true, "return_targets": {"type": "initiator"},
                "transfer": true, "add_signer": true, "delegate": true,
                "after_return": "straight_back"}})
    );
    d.apply(rights(
        top(1),
        fields(&[("headcount", FieldAccess::ReadOnly)]),
    ));
    assert_eq!(
        rights_of(&d, &top(1)).access("headcount"),
        FieldAccess::ReadOnly
    );
    assert_eq!(rights_of(&d, &top(1)).fields.len(), 1);
    d.apply(rights(top(1), fields(&[("note", FieldAccess::ReadOnly)])));
    let value = serde_json::to_value(&d.flow).expect("serializes");
    assert!(value["nodes"][1].get("rights").is_none());
}

#[test]
fn operations_are_switched_on_approver_unit_and_seal_nodes() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(3),
        kind: NodeKind::Seal,
    });
    for path in [top(0), top(1), top(3)] {
        run(
            &mut d,
            [
                rights(path.clone(), RightsEdit::CanReturn(false)),
                rights(path.clone(), RightsEdit::Transfer(false)),
                rights(path.clone(), RightsEdit::AddSigner(false)),
                rights(path.clone(), RightsEdit::Delegate(false)),
                rights(path.clone(), RightsEdit::AfterReturn(AfterReturn::Rerun)),
                rights(
                    path.clone(),
                    RightsEdit::ReturnTargets(ReturnTargets::AnyEarlier),
                ),
            ],
        );
        assert_eq!(d.refusal, None);
        let ops = rights_of(&d, &path).ops;
        assert!(!ops.can_return && !ops.transfer && !ops.add_signer && !ops.delegate);
        assert_eq!(ops.after_return, AfterReturn::Rerun);
        assert_eq!(ops.return_targets, ReturnTargets::AnyEarlier);
    }
    let text = serde_json::to_string(&d.flow).expect("serializes");
    assert_eq!(
        serde_json::from_str::<FlowDef>(&text).expect("parses"),
        d.flow
    );
}

#[test]
fn cc_recipients_only_read_or_miss_fields_and_have_no_operations() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(1),
        kind: NodeKind::Cc,
    });
    d.apply(rights(top(1), fields(&[("note", FieldAccess::Hidden)])));
    assert_eq!(d.refusal, None);
    let before = d.flow.clone();
    d.apply(rights(top(1), fields(&[("note", FieldAccess::Editable)])));
    assert_eq!(d.refusal.as_deref(), Some("抄送人只能查看字段，不能编辑"));
    d.apply(rights(top(1), RightsEdit::CanReturn(false)));
    assert_eq!(d.refusal.as_deref(), Some("抄送节点无需办理，没有操作权限"));
    assert_eq!(d.flow, before);
}

#[test]
fn branch_nodes_have_no_rights() {
    let mut d = design(personnel_transfer().flow);
    d.apply(rights(top(0), RightsEdit::Transfer(false)));
    assert_eq!(
        d.refusal.as_deref(),
        Some("条件分支和并行分支没有字段和操作权限")
    );
}

/// The personnel-transfer flow with an approver before the parallel review, a CC node after
/// the approver and a seal node at the end: `approver_1, cc_1, joint_review[rsj | czj |
/// office_needed[jgswzx | —]], seal_1`.
fn review_then_seal() -> FlowDesign {
    let mut d = design(personnel_transfer().flow);
    for (index, kind) in [
        (0, NodeKind::Approver),
        (1, NodeKind::Cc),
        (3, NodeKind::Seal),
    ] {
        d.apply(FlowDesignAction::Insert {
            gap: SeqPath::top().gap(index),
            kind,
        });
    }
    d
}

/// The ids of the earlier task nodes of `path`.
fn earlier(d: &FlowDesign, path: &NodePath) -> Vec<String> {
    earlier_tasks(&d.flow, path)
        .into_iter()
        .map(|n| n.id().to_string())
        .collect()
}

#[test]
fn earlier_nodes_are_the_task_nodes_that_can_run_before() {
    let d = review_then_seal();
    assert_eq!(earlier(&d, &top(0)), Vec::<String>::new());
    assert_eq!(
        earlier(&d, &top(3)),
        ["approver_1", "rsj", "czj", "jgswzx"],
        "CC nodes are no return targets; nodes inside earlier branch nodes are"
    );
    let jgswzx = in_branch(2, BranchRef::Branch(2), 0)
        .branch_seq(BranchRef::Branch(0))
        .node(0);
    assert_eq!(node(&d, &jgswzx).id().as_str(), "jgswzx");
    assert_eq!(
        earlier(&d, &jgswzx),
        ["approver_1"],
        "parallel siblings run at the same time, not before"
    );
}

#[test]
fn return_targets_follow_renumbering_and_drop_deleted_nodes() {
    let mut d = review_then_seal();
    let targets = |nodes: &[&str]| {
        RightsEdit::ReturnTargets(ReturnTargets::Nodes {
            nodes: nodes.iter().map(|n| NodeId::new(*n)).collect(),
        })
    };
    let chosen = |d: &FlowDesign, seal: usize| -> Vec<String> {
        match rights_of(d, &top(seal)).ops.return_targets {
            ReturnTargets::Nodes { nodes } => nodes.iter().map(|n| n.to_string()).collect(),
            other => panic!("nodes expected, got {other:?}"),
        }
    };
    d.apply(rights(top(3), targets(&["approver_1", "rsj"])));
    d.apply(FlowDesignAction::EditNode {
        node: top(0),
        edit: NodeEdit::Id("leader_review".into()),
    });
    assert_eq!(chosen(&d, 3), ["leader_review", "rsj"]);
    d.apply(FlowDesignAction::Copy(top(3)));
    d.apply(FlowDesignAction::DeleteBranch(BranchPath {
        node: top(2),
        branch: BranchRef::Branch(0),
    }));
    assert_eq!(chosen(&d, 3), ["leader_review"]);
    d.apply(FlowDesignAction::Paste(SeqPath::top().gap(4)));
    assert_eq!(
        chosen(&d, 4),
        ["leader_review"],
        "a copy made before the delete"
    );
    d.apply(FlowDesignAction::Undo);
    d.apply(FlowDesignAction::Delete(top(0)));
    assert_eq!(chosen(&d, 2), Vec::<String>::new());
    run(&mut d, [FlowDesignAction::Undo, FlowDesignAction::Undo]);
    assert_eq!(chosen(&d, 3), ["leader_review", "rsj"]);
}
