//! Card summaries and condition texts.

use super::*;
use serde_json::json;

fn labels() -> Labels {
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).into(), (*b).into()))
            .collect()
    };
    let form: FormDef = serde_json::from_value(json!({
        "schema_version": 1,
        "fields": [
            {"key": "education", "label": "学历", "kind": {"type": "select", "options": [
                {"value": "shuoshi", "label": "硕士"}, {"value": "boshi", "label": "博士"}]}},
            {"key": "age", "label": "年龄", "kind": {"type": "number"}},
            {"key": "to_unit", "label": "调入单位", "kind": {"type": "unit_picker"}}
        ]
    }))
    .expect("form parses");
    Labels::new(
        &pairs(&[("rsj", "区人力社保局")]),
        &pairs(&[("zhang", "张三"), ("li", "李四")]),
        &pairs(&[("leader", "分管领导")]),
        Some(&form),
    )
}

fn node(value: serde_json::Value) -> Node {
    serde_json::from_value(value).expect("node parses")
}

#[test]
fn approver_cards_name_the_mode_and_the_approvers() {
    let users = node(
        json!({"type": "approver", "id": "a", "name": "审批", "mode": "all",
        "assignee": {"type": "users", "users": ["zhang", "li"]}, "time_limit_days": 2}),
    );
    assert_eq!(node_summary(&users, &labels()), "会签：张三、李四");
    assert_eq!(time_limit(&users).as_deref(), Some("时限 2 个工作日"));
    let hours = node(
        json!({"type": "approver", "id": "a", "name": "审批", "time_limit_days": 4,
        "time_limit_unit": "working_hours", "assignee": {"type": "users", "users": ["li"]}}),
    );
    assert_eq!(time_limit(&hours).as_deref(), Some("时限 4 个工作小时"));
    let post = node(json!({"type": "approver", "id": "a", "name": "审批",
        "assignee": {"type": "initiator_post", "post": "leader"}}));
    assert_eq!(node_summary(&post, &labels()), "或签：发起单位 · 分管领导");
    let many = node(json!({"type": "approver", "id": "a", "name": "审批",
        "assignee": {"type": "users", "users": ["zhang", "li", "wang", "zhao"]}}));
    assert_eq!(
        node_summary(&many, &labels()),
        "或签：张三、李四、wang等4人"
    );
}

#[test]
fn unit_cards_list_the_unit_and_its_steps() {
    let unit = node(json!({"type": "unit", "id": "rsj", "name": "区人力社保局",
        "unit": {"type": "fixed", "unit": "rsj"},
        "steps": [{"id": "review", "name": "经办人审核", "post": "clerk"},
                  {"id": "approve", "name": "分管领导审批", "post": "leader"}]}));
    assert_eq!(
        node_summary(&unit, &labels()),
        "区人力社保局：经办人审核 → 分管领导审批"
    );
    let from_field = node(json!({"type": "unit", "id": "u", "name": "调入单位",
        "unit": {"type": "from_field", "field": "to_unit"}, "handling": "own_system",
        "steps": [{"id": "review", "name": "经办人审核", "post": "clerk"}]}));
    assert_eq!(
        node_summary(&from_field, &labels()),
        "「调入单位」所选单位：经办人审核（本单位系统办理）"
    );
}

#[test]
fn conditions_read_as_chinese_with_choice_labels_and_nested_groups() {
    let condition: Condition = serde_json::from_value(json!({"type": "all", "conditions": [
        {"type": "field", "field": "education", "op": "in", "value": ["shuoshi", "boshi"]},
        {"type": "any", "conditions": [
            {"type": "field", "field": "age", "op": "ge", "value": 35},
            {"type": "field", "field": "to_unit", "op": "is_set", "value": null}
        ]}
    ]}))
    .expect("condition parses");
    assert_eq!(
        condition_summary(&condition, &labels()),
        "学历 属于 硕士、博士 且 （年龄 大于等于 35 或 调入单位 已填写）"
    );
    let empty = Condition::All {
        conditions: Vec::new(),
    };
    assert_eq!(condition_summary(&empty, &labels()), "未设置条件");
    let rule: Condition =
        serde_json::from_value(json!({"type": "rule", "rule": "needs_office"})).expect("parses");
    assert_eq!(condition_summary(&rule, &labels()), "规则：needs_office");
}

#[test]
fn cc_and_seal_cards_say_who_gets_the_copy_and_which_seal() {
    let cc = node(json!({"type": "cc", "id": "cc_1", "name": "抄送",
        "recipients": {"type": "initiator_post", "post": "leader"}}));
    assert_eq!(node_summary(&cc, &labels()), "抄送：发起单位 · 分管领导");
    assert_eq!(node_meta(&cc, &labels()), Vec::<String>::new());
    let seal = node(json!({"type": "seal", "id": "seal_1", "name": "盖章",
        "unit": {"type": "fixed", "unit": "rsj"}, "post": "leader", "seal": "单位公章",
        "time_limit_days": 1}));
    assert_eq!(
        node_summary(&seal, &labels()),
        "盖章：区人力社保局 单位公章"
    );
    assert_eq!(
        node_meta(&seal, &labels()),
        ["时限 1 个工作日", "由分管领导用印"]
    );
    let unpicked = node(json!({"type": "seal", "id": "seal_2", "name": "盖章",
        "unit": {"type": "fixed", "unit": ""}, "post": "", "seal": ""}));
    assert_eq!(
        node_summary(&unpicked, &labels()),
        "盖章：未指定单位 未指定印章"
    );
}

#[test]
fn every_assignee_kind_reads_as_chinese() {
    let text = |assignee: serde_json::Value| {
        let assignee = serde_json::from_value(assignee).expect("assignee parses");
        assignee_text(&assignee, &labels())
    };
    assert_eq!(
        text(json!({"type": "role", "role": "supervisor"})),
        "角色 · 督办人员"
    );
    assert_eq!(
        text(json!({"type": "post", "unit": {"type": "fixed", "unit": "rsj"}, "post": "leader"})),
        "区人力社保局 · 分管领导"
    );
    assert_eq!(
        text(json!({"type": "unit_leader", "unit": {"type": "from_field", "field": "to_unit"}})),
        "「调入单位」所选单位 · 分管领导"
    );
    assert_eq!(
        text(json!({"type": "initiator_leader", "levels": 2})),
        "发起人的第2级领导"
    );
    assert_eq!(
        text(json!({"type": "chosen_at_submit", "multiple": true})),
        "发起人自选（可多人）"
    );
    assert_eq!(
        text(json!({"type": "chosen_at_submit"})),
        "发起人自选（一人）"
    );
    assert_eq!(
        text(json!({"type": "from_field", "field": "education"})),
        "「学历」所选人员"
    );
    assert_eq!(text(json!({"type": "role", "role": ""})), "未指定角色");
    assert_eq!(text(json!({"type": "users", "users": []})), "未指定人员");
}

#[test]
fn a_node_that_reruns_after_a_return_says_so_while_it_allows_returns() {
    let rerun = |can_return: bool| {
        node(json!({"type": "approver", "id": "a", "name": "审核",
            "assignee": {"type": "role", "role": "supervisor"},
            "rights": {"ops": {"can_return": can_return, "after_return": "rerun"}}}))
    };
    assert_eq!(node_meta(&rerun(true), &labels()), ["补正后重新流转"]);
    assert_eq!(node_meta(&rerun(false), &labels()), ["不可退回"]);
}

#[test]
fn approver_cards_show_the_pass_percentage_the_empty_policy_and_changed_rights() {
    let approver = node(
        json!({"type": "approver", "id": "a", "name": "会审", "mode": "all",
        "pass_percent": 60, "assignee": {"type": "role", "role": "supervisor"},
        "when_empty": {"type": "auto_pass"},
        "rights": {"fields": {"age": "editable", "education": "hidden", "to_unit": "editable"},
            "ops": {"can_return": false, "transfer": false, "delegate": false}}}),
    );
    assert_eq!(
        node_summary(&approver, &labels()),
        "会签（60%通过）：角色 · 督办人员"
    );
    assert_eq!(
        node_meta(&approver, &labels()),
        [
            "审批人为空时自动通过",
            "可编辑 2 项 · 隐藏 1 项 · 不可退回 · 不可转办 · 不可委派"
        ]
    );
}
