use crate::flow::{Branch, Condition, Node, UnitStep};
use crate::issue::Issue;
use crate::matter_type::{MatterTypeDef, RuleKind};
use serde_json::{Value, json};

/// 人员调入联办: a valid matter type (parallel 人社/财政, then 机关事务中心 if housing is needed).
fn personnel_transfer() -> MatterTypeDef {
    serde_json::from_str(include_str!("../../tests/fixtures/personnel_transfer.json")).unwrap()
}

/// A node from its JSON.
fn node(value: Value) -> Node {
    serde_json::from_value(value).unwrap()
}

/// A fixed-unit node with one clerk step.
fn unit_node(id: &str) -> Node {
    node(
        json!({ "type": "unit", "id": id, "name": id, "unit": { "type": "fixed", "unit": "zzb" },
        "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }] }),
    )
}

/// A condition node with one branch taken when `when` holds, leading to a unit node.
fn condition_node(when: Value) -> Node {
    node(
        json!({ "type": "condition", "id": "cond", "name": "条件", "branches": [
        { "name": "甲", "when": when, "nodes": [] } ], "default": {} }),
    )
}

/// The steps of the fixture's 人力社保局 node (`flow.nodes[0].branches[0].nodes[0]`).
fn hr_steps(def: &mut MatterTypeDef) -> &mut Vec<UnitStep> {
    let Node::Parallel { branches, .. } = &mut def.flow.nodes[0] else {
        unreachable!()
    };
    let Node::Unit { steps, .. } = &mut branches[0].nodes[0] else {
        unreachable!()
    };
    steps
}

/// `(path, code)` of each issue.
fn codes(issues: &[Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect()
}

/// The issues of `def` as `(path, code)`, owned.
fn issues_of(def: &MatterTypeDef) -> Vec<(String, String)> {
    def.validate()
        .into_iter()
        .map(|i| (i.path, i.code))
        .collect()
}

/// Asserts that `def` has exactly this one issue.
fn assert_only(def: &MatterTypeDef, path: &str, code: &str) {
    assert_eq!(issues_of(def), [(path.to_owned(), code.to_owned())]);
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(personnel_transfer().validate(), vec![]);
}

#[test]
fn header_issues() {
    let mut def = personnel_transfer();
    def.code = "Personnel".into();
    def.name = " ".into();
    def.version = 0;
    def.time_limit_days = Some(0);
    assert_eq!(
        codes(&def.validate()),
        [
            ("code", "bad_code"),
            ("name", "empty_name"),
            ("version", "bad_version"),
            ("time_limit_days", "bad_time_limit"),
        ]
    );
}

#[test]
fn form_issues_are_prefixed() {
    let mut def = personnel_transfer();
    def.form.fields[1].key = "person_name".into();
    assert_only(&def, "form.fields[1].key", "duplicate_key");
}

#[test]
fn rules_must_be_unique_and_have_a_source() {
    let mut def = personnel_transfer();
    let mut copy = def.rules[0].clone();
    copy.source = "  ".into();
    def.rules.push(copy);
    assert_eq!(
        codes(&def.validate()),
        [
            ("rules[2].name", "duplicate_rule"),
            ("rules[2].source", "empty_rule")
        ]
    );
}

#[test]
fn form_rules_must_be_declared_validation_rules() {
    let mut def = personnel_transfer();
    def.form.rules = vec!["missing".into(), "needs_housing".into()];
    let issues = def.validate();
    assert_eq!(
        codes(&issues),
        [
            ("form.rules[0]", "unknown_rule"),
            ("form.rules[1]", "wrong_rule_kind")
        ]
    );
    assert_eq!(issues[0].message, "规则「missing」未定义");
}

#[test]
fn flow_needs_nodes_and_a_unit() {
    let mut def = personnel_transfer();
    def.flow.nodes.clear();
    assert_only(&def, "flow.nodes", "empty_flow");
    def.flow.nodes.push(node(
        json!({ "type": "approver", "id": "leader", "name": "单位领导",
        "assignee": { "type": "initiator_post", "post": "leader" } }),
    ));
    assert_only(&def, "flow.nodes", "no_unit");
}

#[test]
fn unsupported_flow_schema_version() {
    let mut def = personnel_transfer();
    def.flow.schema_version = 9;
    assert_only(&def, "flow.schema_version", "unsupported_version");
}

#[test]
fn node_ids_are_unique_across_the_tree() {
    let mut def = personnel_transfer();
    def.flow.nodes.push(unit_node("hr_bureau"));
    def.flow.nodes.push(unit_node("Bad-Id"));
    assert_eq!(
        codes(&def.validate()),
        [
            ("flow.nodes[2].id", "duplicate_node_id"),
            ("flow.nodes[3].id", "bad_node_id")
        ]
    );
}

#[test]
fn unit_nodes_need_steps_with_unique_ids_and_posts() {
    let mut def = personnel_transfer();
    hr_steps(&mut def)[1].id = "clerk".into();
    hr_steps(&mut def)[0].post = "".into();
    assert_eq!(
        codes(&def.validate()),
        [
            (
                "flow.nodes[0].branches[0].nodes[0].steps[0].post",
                "empty_post"
            ),
            (
                "flow.nodes[0].branches[0].nodes[0].steps[1].id",
                "duplicate_step_id"
            ),
        ]
    );
    hr_steps(&mut def).clear();
    let issues = def.validate();
    assert_eq!(
        codes(&issues),
        [("flow.nodes[0].branches[0].nodes[0].steps", "no_steps")]
    );
    assert_eq!(issues[0].message, "节点「人力社保局」没有办理步骤");
}

#[test]
fn own_system_units_publish_without_inner_steps() {
    let mut def = personnel_transfer();
    let Node::Parallel { branches, .. } = &mut def.flow.nodes[0] else {
        unreachable!()
    };
    let Node::Unit {
        steps, handling, ..
    } = &mut branches[0].nodes[0]
    else {
        unreachable!()
    };
    *handling = crate::flow::Handling::OwnSystem;
    steps.clear();
    assert_eq!(issues_of(&def), Vec::<(String, String)>::new());
    // Broken inner steps do not matter either: the unit's own system has its own.
    let json = serde_json::to_value(&def.flow.nodes[0]).unwrap();
    assert_eq!(
        json["branches"][0]["nodes"][0]["handling"],
        json!("own_system")
    );
    hr_steps(&mut def).push(UnitStep {
        id: "Bad".into(),
        name: String::new(),
        post: "".into(),
    });
    assert_eq!(issues_of(&def), Vec::<(String, String)>::new());
}

#[test]
fn unit_from_field_needs_a_single_unit_picker() {
    let mut def = personnel_transfer();
    let from = |field: &str| {
        node(json!({ "type": "unit", "id": "target", "name": "调入单位",
            "unit": { "type": "from_field", "field": field },
            "steps": [{ "id": "clerk", "name": "经办", "post": "clerk" }] }))
    };
    def.flow.nodes.push(from("target_dept"));
    assert_eq!(def.validate(), vec![]);
    def.flow.nodes[2] = from("nowhere");
    assert_only(&def, "flow.nodes[2].unit.field", "unknown_field");
    def.flow.nodes[2] = from("person_name");
    assert_only(&def, "flow.nodes[2].unit.field", "wrong_field_kind");
    def.form.fields[4].kind = crate::form::FieldKind::UnitPicker { multiple: true };
    def.flow.nodes[2] = from("target_dept");
    assert_only(&def, "flow.nodes[2].unit.field", "wrong_field_kind");
}

#[test]
fn fixed_units_and_approvers_must_name_someone() {
    let mut def = personnel_transfer();
    def.flow.nodes.push(node(
        json!({ "type": "unit", "id": "nobody", "name": "空单位",
        "unit": { "type": "fixed", "unit": "" }, "time_limit_days": 0,
        "steps": [{ "id": "clerk", "name": "经办", "post": "clerk" }] }),
    ));
    def.flow.nodes.push(node(
        json!({ "type": "approver", "id": "named", "name": "指定人",
        "assignee": { "type": "users", "users": [] }, "mode": "all" }),
    ));
    def.flow.nodes.push(node(
        json!({ "type": "approver", "id": "post", "name": "岗位",
        "assignee": { "type": "initiator_post", "post": " " } }),
    ));
    assert_eq!(
        codes(&def.validate()),
        [
            ("flow.nodes[2].unit.unit", "empty_unit"),
            ("flow.nodes[2].time_limit_days", "bad_time_limit"),
            ("flow.nodes[3].assignee.users", "no_users"),
            ("flow.nodes[4].assignee.post", "empty_post"),
        ]
    );
}

#[test]
fn parallel_nodes_need_two_non_empty_branches() {
    let mut def = personnel_transfer();
    let Node::Parallel { branches, .. } = &mut def.flow.nodes[0] else {
        unreachable!()
    };
    branches[1] = Branch::default();
    assert_only(&def, "flow.nodes[0].branches[1].nodes", "empty_branch");
    let Node::Parallel { branches, .. } = &mut def.flow.nodes[0] else {
        unreachable!()
    };
    branches.pop();
    assert_only(&def, "flow.nodes[0].branches", "too_few_branches");
}

#[test]
fn condition_nodes_need_a_branch() {
    let mut def = personnel_transfer();
    let Node::Condition { branches, .. } = &mut def.flow.nodes[1] else {
        unreachable!()
    };
    branches.clear();
    assert_only(&def, "flow.nodes[1].branches", "no_branches");
}

#[test]
fn nodes_inside_condition_branches_and_defaults_are_checked() {
    let mut def = personnel_transfer();
    let Node::Condition {
        branches, default, ..
    } = &mut def.flow.nodes[1]
    else {
        unreachable!()
    };
    branches[0].nodes.push(unit_node("hr_bureau"));
    default.nodes.push(unit_node("joint_review"));
    assert_eq!(
        codes(&def.validate()),
        [
            ("flow.nodes[1].branches[0].nodes[1].id", "duplicate_node_id"),
            ("flow.nodes[1].default.nodes[0].id", "duplicate_node_id"),
        ]
    );
}

#[test]
fn conditions_must_name_existing_fields_and_routing_rules() {
    let mut def = personnel_transfer();
    def.flow
        .nodes
        .push(condition_node(json!({ "type": "all", "conditions": [
        { "type": "field", "field": "needs_housing", "op": "eq", "value": "yes" },
        { "type": "field", "field": "missing", "op": "is_set", "value": null },
        { "type": "any", "conditions": [
            { "type": "field", "field": "salary", "op": "in", "value": 5 },
            { "type": "rule", "rule": "salary_vs_join" },
            { "type": "rule", "rule": "nope" } ] },
        { "type": "all", "conditions": [] } ] })));
    let when = "flow.nodes[2].branches[0].when.conditions";
    assert_eq!(
        issues_of(&def),
        [
            (format!("{when}[1].field"), "unknown_field".to_owned()),
            (
                format!("{when}[2].conditions[0].value"),
                "bad_value".to_owned()
            ),
            (
                format!("{when}[2].conditions[1].rule"),
                "wrong_rule_kind".to_owned()
            ),
            (
                format!("{when}[2].conditions[2].rule"),
                "unknown_rule".to_owned()
            ),
            (
                format!("{when}[3].conditions"),
                "empty_condition".to_owned()
            ),
        ]
    );
}

#[test]
fn a_routing_rule_condition_is_fine() {
    let mut def = personnel_transfer();
    def.flow.nodes.push(condition_node(
        json!({ "type": "rule", "rule": "needs_housing" }),
    ));
    assert_eq!(def.validate(), vec![]);
    assert_eq!(
        def.rule(&"needs_housing".into()).map(|r| r.kind),
        Some(RuleKind::Routing)
    );
    let Node::Condition { branches, .. } = &def.flow.nodes[2] else {
        unreachable!()
    };
    assert!(matches!(branches[0].when, Condition::Rule { .. }));
}

#[test]
fn messages_name_nodes_by_id_when_unnamed() {
    let mut def = personnel_transfer();
    def.flow
        .nodes
        .push(node(json!({ "type": "unit", "id": "anon", "name": "",
        "unit": { "type": "fixed", "unit": "zzb" }, "steps": [] })));
    let issues = def.validate();
    assert_eq!(issues[0].message, "节点「anon」没有办理步骤");
}

#[test]
fn new_approver_kinds_cc_and_seal_nodes_are_checked() {
    let mut def = personnel_transfer();
    for value in [
        json!({ "type": "approver", "id": "role", "name": "角色", "assignee": { "type": "role", "role": " " } }),
        json!({ "type": "approver", "id": "lead", "name": "上级", "assignee": { "type": "initiator_leader", "levels": 0 } }),
        json!({ "type": "approver", "id": "field", "name": "字段", "assignee": { "type": "from_field", "field": "person_name" } }),
        json!({ "type": "approver", "id": "pct", "name": "比例", "mode": "any", "pass_percent": 50,
                "assignee": { "type": "users", "users": ["li"] } }),
        json!({ "type": "approver", "id": "pct2", "name": "比例2", "mode": "all", "pass_percent": 0,
                "assignee": { "type": "users", "users": ["li"] }, "when_empty": { "type": "to_users", "users": [] } }),
        json!({ "type": "cc", "id": "copy", "name": "抄送", "recipients": { "type": "post",
                "unit": { "type": "fixed", "unit": "" }, "post": "leader" } }),
        json!({ "type": "seal", "id": "stamp", "name": "盖章", "unit": { "type": "fixed", "unit": "zzb" },
                "post": "", "seal": " " }),
    ] {
        def.flow.nodes.push(node(value));
    }
    assert_eq!(
        codes(&def.validate()),
        [
            ("flow.nodes[2].assignee.role", "empty_role"),
            ("flow.nodes[3].assignee.levels", "bad_levels"),
            ("flow.nodes[4].assignee.field", "wrong_field_kind"),
            ("flow.nodes[5].pass_percent", "percent_needs_all"),
            ("flow.nodes[6].pass_percent", "bad_percent"),
            ("flow.nodes[6].when_empty.users", "no_users"),
            ("flow.nodes[7].recipients.unit.unit", "empty_unit"),
            ("flow.nodes[8].post", "empty_post"),
            ("flow.nodes[8].seal", "empty_seal"),
        ]
    );
}

#[test]
fn node_rights_name_real_fields_and_earlier_nodes() {
    let mut def = personnel_transfer();
    def.flow
        .nodes
        .push(node(json!({ "type": "unit", "id": "extra", "name": "补充",
        "unit": { "type": "fixed", "unit": "zzb" },
        "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }],
        "rights": { "fields": { "person_name": "editable", "no_such": "hidden" },
                    "ops": { "return_targets": { "type": "nodes", "nodes": ["ghost"] } } } })));
    def.flow
        .nodes
        .push(node(json!({ "type": "cc", "id": "copy", "name": "抄送",
        "recipients": { "type": "users", "users": ["li"] },
        "rights": { "fields": { "person_name": "editable" } } })));
    assert_eq!(
        codes(&def.validate()),
        [
            ("flow.nodes[2].rights.fields.no_such", "unknown_field"),
            (
                "flow.nodes[2].rights.ops.return_targets.nodes[0]",
                "unknown_node"
            ),
            ("flow.nodes[3].rights.fields.person_name", "not_editable"),
        ]
    );
}

#[test]
fn rights_round_trip_and_defaults_stay_out_of_the_stored_json() {
    let plain = unit_node("plain");
    let stored = serde_json::to_value(&plain).unwrap();
    assert!(stored.get("rights").is_none(), "{stored}");
    let rich = node(json!({ "type": "approver", "id": "a", "name": "审批",
        "assignee": { "type": "chosen_at_submit", "multiple": true }, "mode": "all", "pass_percent": 60,
        "when_empty": { "type": "auto_pass" },
        "rights": { "fields": { "name": "hidden" }, "ops": { "transfer": false } } }));
    let back: Node = serde_json::from_value(serde_json::to_value(&rich).unwrap()).unwrap();
    assert_eq!(back, rich);
    let rights = rich.rights().unwrap();
    assert!(!rights.ops.transfer && rights.ops.can_return && rights.ops.add_signer);
    assert_eq!(rights.access("name"), crate::flow::FieldAccess::Hidden);
    assert_eq!(rights.access("other"), crate::flow::FieldAccess::ReadOnly);
}
