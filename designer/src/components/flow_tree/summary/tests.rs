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
