//! Property edits of approver and unit nodes, and node ids.

use super::*;
use lianban_definition::flow::{Assignee, Handling, SignMode, UnitStep};
use lianban_definition::{FieldKey, UserName};

#[test]
fn approver_properties_are_edited() {
    let mut d = design(staff_enrollment());
    let edit = |edit| FlowDesignAction::EditNode { node: top(0), edit };
    run(
        &mut d,
        [
            edit(NodeEdit::Name("组织部审核".into())),
            edit(NodeEdit::Assignee(Assignee::Users {
                users: vec![UserName::new("zhang"), UserName::new("li")],
            })),
            edit(NodeEdit::Mode(SignMode::All)),
            edit(NodeEdit::TimeLimit(Some(3))),
            edit(NodeEdit::Id("zzb_review".into())),
        ],
    );
    assert_eq!(d.refusal, None);
    let Node::Approver {
        id,
        name,
        assignee,
        mode,
        time_limit_days,
        ..
    } = node(&d, &top(0))
    else {
        panic!("approver expected");
    };
    assert_eq!((id.as_str(), name.as_str()), ("zzb_review", "组织部审核"));
    assert!(matches!(assignee, Assignee::Users { users } if users.len() == 2));
    assert_eq!((mode, time_limit_days), (SignMode::All, Some(3)));
    d.apply(edit(NodeEdit::TimeLimit(Some(0))));
    assert!(matches!(
        node(&d, &top(0)),
        Node::Approver {
            time_limit_days: None,
            ..
        }
    ));
    d.apply(edit(NodeEdit::Handling(Handling::OwnSystem)));
    assert_eq!(d.refusal.as_deref(), Some("该节点没有此属性"));
}

#[test]
fn node_ids_must_be_unique_identifiers() {
    let mut d = design(staff_enrollment());
    let set_id = |id: &str| FlowDesignAction::EditNode {
        node: top(1),
        edit: NodeEdit::Id(id.into()),
    };
    d.apply(set_id("czj"));
    assert_eq!(
        d.refusal.as_deref(),
        Some("节点编号「czj」已被其他节点使用")
    );
    d.apply(set_id("人社局"));
    assert!(
        d.refusal
            .as_deref()
            .is_some_and(|r| r.contains("小写字母开头"))
    );
    d.apply(set_id("rsj"));
    assert_eq!(d.refusal, None);
    assert!(!d.can_undo());
}

#[test]
fn unit_properties_and_steps_are_edited() {
    let mut d = design(staff_enrollment());
    let edit = |edit| FlowDesignAction::EditNode { node: top(1), edit };
    run(
        &mut d,
        [
            edit(NodeEdit::Unit {
                unit: UnitRef::FromField {
                    field: FieldKey::new("to_unit"),
                },
                rename: Some("调入单位".into()),
            }),
            edit(NodeEdit::Handling(Handling::OwnSystem)),
            edit(NodeEdit::AddStep),
            edit(NodeEdit::StepName(2, "主要领导签批".into())),
            edit(NodeEdit::StepPost(2, PostCode::new("head"))),
            edit(NodeEdit::RemoveStep(0)),
        ],
    );
    assert_eq!(d.refusal, None);
    let Node::Unit {
        name,
        unit,
        steps,
        handling,
        ..
    } = node(&d, &top(1))
    else {
        panic!("unit expected");
    };
    assert_eq!(name, "调入单位");
    assert!(matches!(unit, UnitRef::FromField { field } if field.as_str() == "to_unit"));
    assert_eq!(handling, Handling::OwnSystem);
    let step = |id: &str, name: &str, post: &str| UnitStep {
        id: id.into(),
        name: name.into(),
        post: PostCode::new(post),
    };
    assert_eq!(
        steps,
        [
            step("approve", "分管领导审批", "leader"),
            step("step_1", "主要领导签批", "head")
        ]
    );
    d.apply(edit(NodeEdit::RemoveStep(0)));
    d.apply(edit(NodeEdit::RemoveStep(0)));
    assert_eq!(d.refusal.as_deref(), Some("办理单位至少保留一个办理步骤"));
}
