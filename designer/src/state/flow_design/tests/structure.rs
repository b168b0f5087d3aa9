//! Structural edits: inserting, deleting, moving, copying and branch edits keep the tree sound
//! (unique ids, parallel nodes with two or more non-empty branches, condition defaults), and
//! refused edits change nothing.

use super::*;

#[test]
fn inserting_each_kind_gives_fresh_ids_and_chinese_default_names() {
    let mut d = design(staff_enrollment());
    for kind in NodeKind::ALL {
        d.apply(FlowDesignAction::Insert {
            gap: SeqPath::top().gap(0),
            kind,
        });
        assert_eq!(d.refusal, None);
        assert_eq!(d.selected, Some(Selection::Node(top(0))));
        assert_eq!(node(&d, &top(0)).name(), kind.label());
    }
    assert_eq!(
        ids(&d.flow),
        [
            "parallel_1",
            "unit_2",
            "unit_3",
            "condition_1",
            "seal_1",
            "unit_1",
            "cc_1",
            "approver_1",
            "initiator_leader",
            "rsj",
            "czj"
        ]
    );
    assert_sound(&d);
}

#[test]
fn a_new_parallel_node_has_two_non_empty_branches_and_a_condition_node_keeps_a_default() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(3),
                kind: NodeKind::Parallel,
            },
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(4),
                kind: NodeKind::Condition,
            },
        ],
    );
    let Node::Parallel { branches, .. } = node(&d, &top(3)) else {
        panic!("parallel expected");
    };
    assert_eq!(branches.len(), 2);
    assert!(branches.iter().all(|b| b.nodes.len() == 1));
    let Node::Condition {
        branches, default, ..
    } = node(&d, &top(4))
    else {
        panic!("condition expected");
    };
    assert_eq!(branches.len(), 1);
    assert_eq!(default.name, "其他情况");
    assert_sound(&d);
}

#[test]
fn nodes_are_inserted_at_gaps_inside_branches_and_default_branches() {
    let mut d = design(personnel_transfer().flow);
    let condition = in_branch(0, BranchRef::Branch(2), 0);
    let default_gap = condition.branch_seq(BranchRef::Default).gap(0);
    assert_eq!(default_gap.to_string(), "0-b2-0-d-0");
    d.apply(FlowDesignAction::Insert {
        gap: default_gap,
        kind: NodeKind::Approver,
    });
    let inserted = condition.branch_seq(BranchRef::Default).node(0);
    assert_eq!(d.selected, Some(Selection::Node(inserted.clone())));
    assert_eq!(node(&d, &inserted).id().as_str(), "approver_1");
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(7),
        kind: NodeKind::Unit,
    });
    assert_eq!(d.refusal.as_deref(), Some("插入位置不存在"));
    assert_sound(&d);
}

#[test]
fn deleting_the_last_node_of_a_parallel_branch_is_refused_and_changes_nothing() {
    let mut d = design(personnel_transfer().flow);
    let before = d.flow.clone();
    d.apply(FlowDesignAction::Delete(in_branch(
        0,
        BranchRef::Branch(0),
        0,
    )));
    assert!(
        d.refusal
            .as_deref()
            .is_some_and(|r| r.contains("至少保留一个节点"))
    );
    assert_eq!(d.flow, before);
    assert!(!d.can_undo());
    d.apply(FlowDesignAction::Delete(top(0)));
    assert!(d.flow.nodes.is_empty());
    assert_eq!(d.selected, None);
}

#[test]
fn nodes_move_up_and_down_within_their_sequence_and_stop_at_the_ends() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Move {
        node: top(2),
        dir: Direction::Up,
    });
    assert_eq!(ids(&d.flow), ["initiator_leader", "czj", "rsj"]);
    assert_eq!(d.selected, Some(Selection::Node(top(1))));
    d.apply(FlowDesignAction::Move {
        node: top(0),
        dir: Direction::Up,
    });
    assert_eq!(d.refusal.as_deref(), Some("已是所在分支的第一个节点"));
    d.apply(FlowDesignAction::Move {
        node: top(2),
        dir: Direction::Down,
    });
    assert_eq!(d.refusal.as_deref(), Some("已是所在分支的最后一个节点"));
}

#[test]
fn nodes_move_to_gaps_in_other_branches_but_not_into_themselves() {
    let mut flow = personnel_transfer().flow;
    flow.nodes
        .extend(staff_enrollment().nodes.into_iter().take(1));
    let mut d = design(flow);
    // The top-level approver goes into the default branch of the nested condition.
    let condition = in_branch(0, BranchRef::Branch(2), 0);
    d.apply(FlowDesignAction::MoveTo {
        node: top(1),
        gap: condition.branch_seq(BranchRef::Default).gap(0),
    });
    assert_eq!(d.refusal, None);
    let moved = condition.branch_seq(BranchRef::Default).node(0);
    assert_eq!(node(&d, &moved).id().as_str(), "initiator_leader");
    assert_eq!(d.selected, Some(Selection::Node(moved)));
    // Moving the parallel node into its own branch is refused.
    let before = d.flow.clone();
    d.apply(FlowDesignAction::MoveTo {
        node: top(0),
        gap: top(0).branch_seq(BranchRef::Branch(1)).gap(0),
    });
    assert_eq!(d.refusal.as_deref(), Some("不能移动到自身的分支中"));
    assert_eq!(d.flow, before);
    assert_sound(&d);
}

#[test]
fn moving_a_node_out_of_an_earlier_sibling_keeps_later_paths_right() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(3),
        kind: NodeKind::Condition,
    });
    // Move top(0) into the condition, which sits at index 3 before the move and 2 after it.
    d.apply(FlowDesignAction::MoveTo {
        node: top(0),
        gap: top(3).branch_seq(BranchRef::Branch(0)).gap(0),
    });
    assert_eq!(d.refusal, None);
    let moved = in_branch(2, BranchRef::Branch(0), 0);
    assert_eq!(node(&d, &moved).id().as_str(), "initiator_leader");
    assert_eq!(
        ids(&d.flow),
        ["rsj", "czj", "condition_1", "initiator_leader"]
    );
}

#[test]
fn duplicating_and_pasting_give_the_copy_and_everything_inside_fresh_ids() {
    let mut d = design(personnel_transfer().flow);
    d.apply(FlowDesignAction::Duplicate(top(0)));
    assert_eq!(d.selected, Some(Selection::Node(top(1))));
    assert_eq!(
        ids(&d.flow)[5..],
        [
            "joint_review_1",
            "rsj_1",
            "czj_1",
            "office_needed_1",
            "jgswzx_1"
        ]
    );
    run(
        &mut d,
        [
            FlowDesignAction::Copy(in_branch(0, BranchRef::Branch(1), 0)),
            FlowDesignAction::Paste(SeqPath::top().gap(0)),
            FlowDesignAction::Paste(SeqPath::top().gap(0)),
        ],
    );
    assert_eq!(ids(&d.flow)[..2], ["czj_3", "czj_2"]);
    assert_eq!(node(&d, &top(0)).name(), "区财政局");
    assert_sound(&d);
}

#[test]
fn pasting_with_an_empty_clipboard_is_refused() {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Paste(SeqPath::top().gap(0)));
    assert_eq!(d.refusal.as_deref(), Some("剪贴板为空，请先复制节点"));
    assert_eq!(d.flow, staff_enrollment());
}

#[test]
fn parallel_branches_are_added_reordered_and_deleting_one_of_two_dissolves_the_node() {
    let mut d = design(personnel_transfer().flow);
    d.apply(FlowDesignAction::AddBranch(top(0)));
    let added = BranchPath {
        node: top(0),
        branch: BranchRef::Branch(3),
    };
    assert_eq!(d.selected, Some(Selection::Branch(added.clone())));
    d.apply(FlowDesignAction::MoveBranch {
        branch: added,
        dir: Direction::Up,
    });
    assert_eq!(
        d.selected,
        Some(Selection::Branch(BranchPath {
            node: top(0),
            branch: BranchRef::Branch(2)
        }))
    );
    for _ in 0..2 {
        d.apply(FlowDesignAction::DeleteBranch(BranchPath {
            node: top(0),
            branch: BranchRef::Branch(0),
        }));
        assert_sound(&d);
    }
    // Two branches left (分支4 and 办公用房); deleting one leaves a plain sequence.
    assert!(matches!(node(&d, &top(0)), Node::Parallel { .. }));
    d.apply(FlowDesignAction::DeleteBranch(BranchPath {
        node: top(0),
        branch: BranchRef::Branch(0),
    }));
    assert_eq!(ids(&d.flow), ["office_needed", "jgswzx"]);
    assert_sound(&d);
}

#[test]
fn condition_nodes_keep_their_default_and_one_conditional_branch() {
    let mut d = design(personnel_transfer().flow);
    let condition = in_branch(0, BranchRef::Branch(2), 0);
    let default = BranchPath {
        node: condition.clone(),
        branch: BranchRef::Default,
    };
    let first = BranchPath {
        node: condition.clone(),
        branch: BranchRef::Branch(0),
    };
    d.apply(FlowDesignAction::DeleteBranch(default.clone()));
    assert_eq!(d.refusal.as_deref(), Some("默认分支不能删除"));
    d.apply(FlowDesignAction::DeleteBranch(first.clone()));
    assert!(
        d.refusal
            .as_deref()
            .is_some_and(|r| r.contains("至少保留一个条件分支"))
    );
    d.apply(FlowDesignAction::MoveBranch {
        branch: default,
        dir: Direction::Up,
    });
    assert_eq!(d.refusal.as_deref(), Some("默认分支固定在最后"));
    run(
        &mut d,
        [
            FlowDesignAction::AddBranch(condition.clone()),
            FlowDesignAction::DeleteBranch(first),
        ],
    );
    let Node::Condition {
        branches, default, ..
    } = node(&d, &condition)
    else {
        panic!("condition expected");
    };
    assert_eq!(branches.len(), 1);
    assert_eq!(branches[0].name, "条件2");
    assert_eq!(default.name, "无需办公用房");
}
