//! Branch conditions: field comparisons in nested AND/OR groups, routing rules, operators that
//! reshape the value, and the value text conversions.

use super::*;
use lianban_definition::FieldKey;
use lianban_definition::flow::CompareOp;

/// The first conditional branch of a condition node inserted at the top of the enrollment flow.
fn with_condition() -> (FlowDesign, BranchPath) {
    let mut d = design(staff_enrollment());
    d.apply(FlowDesignAction::Insert {
        gap: SeqPath::top().gap(1),
        kind: NodeKind::Condition,
    });
    let branch = BranchPath {
        node: top(1),
        branch: BranchRef::Branch(0),
    };
    (d, branch)
}

/// The condition of `branch`.
fn when(d: &FlowDesign, branch: &BranchPath) -> Condition {
    match node(d, &branch.node) {
        Node::Condition { branches, .. } => match branch.branch {
            BranchRef::Branch(i) => branches[i].when.clone(),
            BranchRef::Default => panic!("default has no condition"),
        },
        _ => panic!("condition expected"),
    }
}

/// A condition edit of `branch`.
fn cond(branch: &BranchPath, edit: CondEdit) -> FlowDesignAction {
    FlowDesignAction::EditBranch {
        branch: branch.clone(),
        edit: BranchEdit::Condition(edit),
    }
}

#[test]
fn field_conditions_nest_in_and_or_groups() {
    let (mut d, b) = with_condition();
    run(
        &mut d,
        [
            cond(&b, CondEdit::AddField(vec![])),
            cond(
                &b,
                CondEdit::Field(vec![0], FieldKey::new("headcount_type")),
            ),
            cond(&b, CondEdit::Value(vec![0], json!("xingzheng"))),
            cond(&b, CondEdit::AddGroup(vec![])),
            cond(&b, CondEdit::Field(vec![1, 0], FieldKey::new("age"))),
            cond(&b, CondEdit::Op(vec![1, 0], CompareOp::Ge)),
            cond(&b, CondEdit::Value(vec![1, 0], json!(35))),
            cond(&b, CondEdit::AddField(vec![1])),
            cond(&b, CondEdit::Field(vec![1, 1], FieldKey::new("education"))),
            cond(&b, CondEdit::Op(vec![1, 1], CompareOp::In)),
            cond(&b, CondEdit::Value(vec![1, 1], json!(["shuoshi", "boshi"]))),
            cond(&b, CondEdit::Combine(vec![], Combine::All)),
        ],
    );
    assert_eq!(d.refusal, None);
    let expected = json!({"type": "all", "conditions": [
        {"type": "field", "field": "headcount_type", "op": "eq", "value": "xingzheng"},
        {"type": "any", "conditions": [
            {"type": "field", "field": "age", "op": "ge", "value": 35},
            {"type": "field", "field": "education", "op": "in", "value": ["shuoshi", "boshi"]}
        ]}
    ]});
    assert_eq!(serde_json::to_value(when(&d, &b)).expect("json"), expected);
    run(
        &mut d,
        [
            cond(&b, CondEdit::Combine(vec![1], Combine::All)),
            cond(&b, CondEdit::Remove(vec![0])),
        ],
    );
    let Condition::All { conditions } = when(&d, &b) else {
        panic!("group expected");
    };
    assert!(matches!(&conditions[..], [Condition::All { conditions }] if conditions.len() == 2));
}

#[test]
fn a_branch_switches_between_field_conditions_and_a_routing_rule() {
    let (mut d, b) = with_condition();
    d.apply(cond(&b, CondEdit::UseRule(RuleName::new("needs_office"))));
    assert_eq!(
        when(&d, &b),
        Condition::Rule {
            rule: RuleName::new("needs_office")
        }
    );
    d.apply(cond(&b, CondEdit::AddField(vec![])));
    assert_eq!(d.refusal.as_deref(), Some("路由规则条件不能添加字段条件"));
    d.apply(cond(&b, CondEdit::UseFields));
    assert_eq!(
        when(&d, &b),
        Condition::All {
            conditions: Vec::new()
        }
    );
}

#[test]
fn a_single_comparison_becomes_a_group_when_another_is_added() {
    let (mut d, b) = with_condition();
    run(
        &mut d,
        [
            cond(&b, CondEdit::AddField(vec![])),
            cond(&b, CondEdit::Remove(vec![])),
        ],
    );
    assert_eq!(d.refusal.as_deref(), Some("不能删除整个条件"));
    let mut root = Condition::Field {
        field: FieldKey::new("age"),
        op: CompareOp::Gt,
        value: json!(30),
    };
    condition::apply_cond_edit(&mut root, CondEdit::AddField(vec![])).expect("applies");
    assert!(matches!(root, Condition::All { conditions } if conditions.len() == 2));
}

#[test]
fn operators_reshape_the_value() {
    let (mut d, b) = with_condition();
    let value = |d: &FlowDesign| match when(d, &b) {
        Condition::All { conditions } => match &conditions[0] {
            Condition::Field { value, .. } => value.clone(),
            _ => panic!("field expected"),
        },
        _ => panic!("group expected"),
    };
    run(
        &mut d,
        [
            cond(&b, CondEdit::AddField(vec![])),
            cond(&b, CondEdit::Value(vec![0], json!("a"))),
            cond(&b, CondEdit::Op(vec![0], CompareOp::In)),
        ],
    );
    assert_eq!(value(&d), json!(["a"]));
    d.apply(cond(&b, CondEdit::Op(vec![0], CompareOp::Ne)));
    assert_eq!(value(&d), json!("a"));
    d.apply(cond(&b, CondEdit::Op(vec![0], CompareOp::IsSet)));
    assert_eq!(value(&d), json!(null));
    d.apply(cond(&b, CondEdit::Op(vec![0], CompareOp::Eq)));
    assert_eq!(value(&d), json!(""));
}

#[test]
fn condition_edits_on_parallel_or_default_branches_are_refused() {
    let (mut d, b) = with_condition();
    let default = BranchPath {
        branch: BranchRef::Default,
        ..b
    };
    d.apply(cond(&default, CondEdit::AddField(vec![])));
    assert_eq!(d.refusal.as_deref(), Some("只有条件分支可以设置条件"));
    d.apply(FlowDesignAction::EditBranch {
        branch: default.clone(),
        edit: BranchEdit::Name("不需要".into()),
    });
    assert_eq!(d.refusal, None);
}

#[test]
fn values_convert_from_and_to_input_text() {
    assert_eq!(value_from_text(" 35 ", CompareOp::Ge, true), json!(35));
    assert_eq!(value_from_text("2.5", CompareOp::Lt, true), json!(2.5));
    assert_eq!(value_from_text("abc", CompareOp::Eq, true), json!("abc"));
    assert_eq!(value_from_text("35", CompareOp::Eq, false), json!("35"));
    assert_eq!(
        value_from_text("本科，硕士、博士,", CompareOp::In, false),
        json!(["本科", "硕士", "博士"])
    );
    assert_eq!(value_from_text("1,2", CompareOp::In, true), json!([1, 2]));
    assert_eq!(value_from_text("x", CompareOp::IsSet, false), json!(null));
    assert_eq!(value_text(&json!(["本科", 2])), "本科,2");
    assert_eq!(value_text(&json!(null)), "");
    assert_eq!(op_label(CompareOp::IsSet), "已填写");
    assert_eq!(OPERATORS.len(), 9);
}
