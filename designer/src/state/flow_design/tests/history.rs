//! Undo and redo: steps, the selection they restore, typing merged into one step, the bound.

use super::*;

fn rename(path: NodePath, name: &str) -> FlowDesignAction {
    FlowDesignAction::EditNode {
        node: path,
        edit: NodeEdit::Name(name.into()),
    }
}

#[test]
fn undo_and_redo_walk_the_edits_with_their_selection() {
    let start = staff_enrollment();
    let mut d = design(start.clone());
    d.apply(FlowDesignAction::Select(Some(Selection::Node(top(2)))));
    run(
        &mut d,
        [
            FlowDesignAction::Delete(top(2)),
            FlowDesignAction::Insert {
                gap: SeqPath::top().gap(0),
                kind: NodeKind::Unit,
            },
        ],
    );
    let end = d.flow.clone();
    assert_eq!(d.undo_depth(), 2);
    d.apply(FlowDesignAction::Undo);
    assert_eq!(d.selected, None);
    d.apply(FlowDesignAction::Undo);
    assert_eq!(d.flow, start);
    assert_eq!(d.selected, Some(Selection::Node(top(2))));
    assert!(!d.can_undo());
    d.apply(FlowDesignAction::Undo);
    assert_eq!(d.refusal.as_deref(), Some("没有可撤销的操作"));
    run(&mut d, [FlowDesignAction::Redo, FlowDesignAction::Redo]);
    assert_eq!(d.flow, end);
    assert_eq!(d.selected, Some(Selection::Node(top(0))));
    d.apply(FlowDesignAction::Redo);
    assert_eq!(d.refusal.as_deref(), Some("没有可重做的操作"));
}

#[test]
fn a_new_edit_after_undo_drops_the_redo_steps() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [
            FlowDesignAction::Delete(top(0)),
            FlowDesignAction::Undo,
            FlowDesignAction::Delete(top(1)),
        ],
    );
    assert!(!d.can_redo());
    assert_eq!(ids(&d.flow), ["initiator_leader", "czj"]);
}

#[test]
fn typing_a_name_is_one_undo_step() {
    let mut d = design(staff_enrollment());
    run(&mut d, ["组", "组织", "组织部"].map(|n| rename(top(0), n)));
    run(&mut d, ["人", "人社"].map(|n| rename(top(1), n)));
    assert_eq!(d.undo_depth(), 2);
    d.apply(FlowDesignAction::Undo);
    assert_eq!(node(&d, &top(0)).name(), "组织部");
    assert_eq!(node(&d, &top(1)).name(), "区人力社保局");
    // After an undo, typing into the same field starts a new step.
    run(
        &mut d,
        [rename(top(0), "组织部审"), rename(top(0), "组织部审核")],
    );
    assert_eq!(d.undo_depth(), 2);
}

#[test]
fn selecting_elsewhere_ends_a_typing_step() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [
            rename(top(0), "甲"),
            FlowDesignAction::Select(None),
            rename(top(0), "甲乙"),
        ],
    );
    assert_eq!(d.undo_depth(), 2);
}

#[test]
fn history_keeps_the_latest_steps_only() {
    let mut d = design(staff_enrollment());
    for i in 0..HISTORY_LIMIT + 20 {
        d.apply(FlowDesignAction::EditNode {
            node: top(0),
            edit: NodeEdit::TimeLimit(Some(1 + (i % 2) as u32)),
        });
        d.apply(FlowDesignAction::Select(None));
    }
    assert_eq!(d.undo_depth(), HISTORY_LIMIT);
}

#[test]
fn copy_select_and_zoom_record_no_history() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [
            FlowDesignAction::Copy(top(1)),
            FlowDesignAction::Select(Some(Selection::Node(top(1)))),
            FlowDesignAction::ZoomIn,
        ],
    );
    assert!(!d.can_undo());
    assert_eq!(d.clipboard.as_ref().map(|n| n.id().as_str()), Some("rsj"));
}

#[test]
fn loading_another_flow_clears_history_and_selection() {
    let mut d = design(staff_enrollment());
    run(
        &mut d,
        [
            FlowDesignAction::Delete(top(0)),
            FlowDesignAction::Select(Some(Selection::Node(top(0)))),
            FlowDesignAction::Load(personnel_transfer().flow),
        ],
    );
    assert_eq!(d.flow, personnel_transfer().flow);
    assert!(!d.can_undo() && d.selected.is_none());
}
