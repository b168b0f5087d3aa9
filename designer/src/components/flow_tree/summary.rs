//! Text for people about flow nodes: the one-line summary on a card ("会签：张三、李四",
//! "区人力社保局：经办人审核 → 分管领导审批", "抄送：发起单位 · 分管领导", "盖章：区府办
//! 单位公章"), the lines under it (time limit, who stamps, 审批人为空时, rights that differ from
//! the defaults), and a branch condition ("学历 属于 硕士、博士 且 年龄 大于等于 35"). Codes
//! are shown by their names through [`Labels`]. Pure, tested natively.

use crate::state::flow_design::op_label;
use lianban_definition::flow::{
    AfterReturn, Assignee, CompareOp, Condition, EmptyPolicy, FieldAccess, Handling, LEADER_POST,
    Node, NodeRights, SignMode, UnitRef,
};
use lianban_definition::form::{FieldKind, FormDef};
use serde_json::Value;
use std::collections::BTreeMap;

/// A form field's label and the labels of its choices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldLabel {
    /// The field's label.
    pub label: String,
    /// Choice value → label.
    pub choices: BTreeMap<String, String>,
}

/// Code → name lookups for summaries; unknown codes are shown as they are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    /// Unit code → name.
    pub units: BTreeMap<String, String>,
    /// Login name → display name.
    pub users: BTreeMap<String, String>,
    /// Post code → name.
    pub posts: BTreeMap<String, String>,
    /// Field key → label and choices.
    pub fields: BTreeMap<String, FieldLabel>,
}

/// `(code, name)` pairs as a lookup.
fn lookup(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    pairs.iter().cloned().collect()
}

impl Labels {
    /// Lookups from `(code, name)` lists and the form.
    pub fn new(
        units: &[(String, String)],
        users: &[(String, String)],
        posts: &[(String, String)],
        form: Option<&FormDef>,
    ) -> Self {
        let fields = form
            .map(|form| {
                form.fields
                    .iter()
                    .map(|f| {
                        let choices = match &f.kind {
                            FieldKind::Select { options, .. }
                            | FieldKind::Radio { options, .. }
                            | FieldKind::Checkbox { options, .. } => options
                                .iter()
                                .map(|c| (c.value.clone(), c.label.clone()))
                                .collect(),
                            _ => BTreeMap::new(),
                        };
                        let label = FieldLabel {
                            label: f.label.clone(),
                            choices,
                        };
                        (f.key.to_string(), label)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            units: lookup(units),
            users: lookup(users),
            posts: lookup(posts),
            fields,
        }
    }

    /// A unit's name.
    fn unit(&self, code: &str) -> String {
        self.units
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// A post's name.
    fn post(&self, code: &str) -> String {
        self.posts
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// A user's name.
    fn user(&self, name: &str) -> String {
        self.users
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// A field's label.
    fn field(&self, key: &str) -> String {
        self.fields
            .get(key)
            .map_or_else(|| key.to_owned(), |f| f.label.clone())
    }
}

/// The roles an approver or CC node may name, `(code, name)`.
pub const ROLES: [(&str, &str); 4] = [
    ("admin", "系统管理员"),
    ("supervisor", "督办人员"),
    ("designer", "业务管理员"),
    ("clerk", "经办人员"),
];

/// A role's name (the code when it is not one of [`ROLES`]).
pub fn role_label(code: &str) -> &str {
    ROLES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

/// 审批人为空时: 转交管理员 / 转交指定人员 / 自动通过 / 不允许提交.
pub fn empty_label(policy: &EmptyPolicy) -> &'static str {
    match policy {
        EmptyPolicy::ToAdmin => "转交管理员",
        EmptyPolicy::ToUsers { .. } => "转交指定人员",
        EmptyPolicy::AutoPass => "自动通过",
        EmptyPolicy::Refuse => "不允许提交",
    }
}

/// 可编辑 / 只读 / 隐藏.
pub fn access_label(access: FieldAccess) -> &'static str {
    match access {
        FieldAccess::Editable => "可编辑",
        FieldAccess::ReadOnly => "只读",
        FieldAccess::Hidden => "隐藏",
    }
}

/// 或签 / 会签 / 依次审批.
pub fn mode_label(mode: SignMode) -> &'static str {
    match mode {
        SignMode::Any => "或签",
        SignMode::All => "会签",
        SignMode::Sequential => "依次审批",
    }
}

/// 在联办内办理 / 在本单位系统办理（受办分离）.
pub fn handling_label(handling: Handling) -> &'static str {
    match handling {
        Handling::InLianban => "在联办内办理",
        Handling::OwnSystem => "在本单位系统办理（受办分离）",
    }
}

/// Names of users, at most three then `等N人`.
fn user_names(users: &[lianban_definition::UserName], labels: &Labels) -> String {
    let names: Vec<String> = users
        .iter()
        .take(3)
        .map(|u| labels.user(u.as_str()))
        .collect();
    let names = names.join("、");
    if users.len() > 3 {
        format!("{names}等{}人", users.len())
    } else {
        names
    }
}

/// Who approves or receives a copy, e.g. `发起单位 · 分管领导`, `张三、李四`,
/// `区人力社保局 · 经办人`, `发起人的第2级领导`.
pub fn assignee_text(assignee: &Assignee, labels: &Labels) -> String {
    match assignee {
        Assignee::Users { users } if users.is_empty() => "未指定人员".into(),
        Assignee::Users { users } => user_names(users, labels),
        Assignee::InitiatorPost { post } if post.as_str().is_empty() => "未指定岗位".into(),
        Assignee::InitiatorPost { post } => format!("发起单位 · {}", labels.post(post.as_str())),
        Assignee::Role { role } if role.trim().is_empty() => "未指定角色".into(),
        Assignee::Role { role } => format!("角色 · {}", role_label(role)),
        Assignee::Post { post, .. } if post.as_str().is_empty() => "未指定岗位".into(),
        Assignee::Post { unit, post } => {
            format!(
                "{} · {}",
                unit_text(unit, labels),
                labels.post(post.as_str())
            )
        }
        Assignee::UnitLeader { unit } => {
            format!("{} · {}", unit_text(unit, labels), labels.post(LEADER_POST))
        }
        Assignee::InitiatorLeader { levels } => format!("发起人的第{levels}级领导"),
        Assignee::ChosenAtSubmit { multiple: false } => "发起人自选（一人）".into(),
        Assignee::ChosenAtSubmit { multiple: true } => "发起人自选（可多人）".into(),
        Assignee::FromField { field } if field.as_str().is_empty() => "未选择人员字段".into(),
        Assignee::FromField { field } => format!("「{}」所选人员", labels.field(field.as_str())),
    }
}

/// Which unit handles it or whose seal is applied.
fn unit_text(unit: &UnitRef, labels: &Labels) -> String {
    match unit {
        UnitRef::Fixed { unit } if unit.as_str().is_empty() => "未指定单位".into(),
        UnitRef::Fixed { unit } => labels.unit(unit.as_str()),
        UnitRef::FromField { field } => format!("「{}」所选单位", labels.field(field.as_str())),
    }
}

/// The one-line summary of a node card.
pub fn node_summary(node: &Node, labels: &Labels) -> String {
    match node {
        Node::Approver {
            assignee,
            mode,
            pass_percent,
            ..
        } => {
            let mode = match (mode, pass_percent) {
                (SignMode::All, Some(p)) => format!("会签（{p}%通过）"),
                (mode, _) => mode_label(*mode).to_owned(),
            };
            format!("{mode}：{}", assignee_text(assignee, labels))
        }
        Node::Cc { recipients, .. } => format!("抄送：{}", assignee_text(recipients, labels)),
        Node::Unit {
            unit,
            steps,
            handling,
            ..
        } => {
            let steps: Vec<&str> = steps.iter().map(|s| s.name.as_str()).collect();
            let text = format!("{}：{}", unit_text(unit, labels), steps.join(" → "));
            match handling {
                Handling::InLianban => text,
                Handling::OwnSystem => format!("{text}（本单位系统办理）"),
            }
        }
        Node::Seal { unit, seal, .. } => {
            let seal = if seal.trim().is_empty() {
                "未指定印章"
            } else {
                seal.as_str()
            };
            format!("盖章：{} {seal}", unit_text(unit, labels))
        }
        Node::Parallel { branches, .. } => format!("{} 个分支同时办理", branches.len()),
        Node::Condition { branches, .. } => {
            format!("{} 个条件分支，都不满足时走默认分支", branches.len())
        }
    }
}

/// `时限 5 个工作日` (or 个工作小时 / 个自然日), for nodes with a time limit.
pub fn time_limit(node: &Node) -> Option<String> {
    node.time_limit()
        .map(|(amount, unit)| format!("时限 {amount} {}", unit.label()))
}

/// The small lines under a card's summary: the time limit, who stamps, 审批人为空时 when not
/// the default, and the rights that differ from the defaults.
pub fn node_meta(node: &Node, labels: &Labels) -> Vec<String> {
    let mut lines: Vec<String> = time_limit(node).into_iter().collect();
    match node {
        Node::Seal { post, .. } if !post.as_str().is_empty() => {
            lines.push(format!("由{}用印", labels.post(post.as_str())));
        }
        Node::Approver { when_empty, .. } if !when_empty.is_default() => {
            lines.push(format!("审批人为空时{}", empty_label(when_empty)));
        }
        _ => {}
    }
    lines.extend(node.rights().and_then(rights_text));
    lines
}

/// Rights that differ from the defaults, e.g. `可编辑 2 项 · 隐藏 1 项 · 不可退回`.
fn rights_text(rights: &NodeRights) -> Option<String> {
    let count = |access| rights.fields.values().filter(|a| **a == access).count();
    let mut parts = Vec::new();
    for access in [FieldAccess::Editable, FieldAccess::Hidden] {
        let n = count(access);
        if n > 0 {
            parts.push(format!("{} {n} 项", access_label(access)));
        }
    }
    let ops = &rights.ops;
    for (allowed, text) in [
        (ops.can_return, "不可退回"),
        (ops.transfer, "不可转办"),
        (ops.add_signer, "不可加签"),
        (ops.delegate, "不可委派"),
    ] {
        if !allowed {
            parts.push(text.to_owned());
        }
    }
    if ops.can_return && ops.after_return == AfterReturn::Rerun {
        parts.push("补正后重新流转".to_owned());
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A comparison value for people: choice labels, lists joined with `、`.
fn value_for(value: &Value, field: &str, labels: &Labels) -> String {
    let choice = |v: &Value| match v {
        Value::String(s) => labels
            .fields
            .get(field)
            .and_then(|f| f.choices.get(s))
            .cloned()
            .unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    };
    match value {
        Value::Array(items) => items.iter().map(choice).collect::<Vec<_>>().join("、"),
        Value::Null => String::new(),
        other => choice(other),
    }
}

/// A branch condition for people.
pub fn condition_summary(condition: &Condition, labels: &Labels) -> String {
    match condition {
        Condition::Field { field, op, value } => {
            let name = if field.as_str().is_empty() {
                "（未选字段）".to_owned()
            } else {
                labels.field(field.as_str())
            };
            match op {
                CompareOp::IsSet => format!("{name} 已填写"),
                op => format!(
                    "{name} {} {}",
                    op_label(*op),
                    value_for(value, field.as_str(), labels)
                ),
            }
        }
        Condition::All { conditions } => group(conditions, " 且 ", labels),
        Condition::Any { conditions } => group(conditions, " 或 ", labels),
        Condition::Rule { rule } if rule.as_str().is_empty() => "未选择规则".into(),
        Condition::Rule { rule } => format!("规则：{rule}"),
    }
}

/// The conditions of a group joined by `joiner`, nested groups in brackets.
fn group(conditions: &[Condition], joiner: &str, labels: &Labels) -> String {
    if conditions.is_empty() {
        return "未设置条件".into();
    }
    conditions
        .iter()
        .map(|c| match c {
            Condition::All { conditions } | Condition::Any { conditions }
                if conditions.len() > 1 =>
            {
                format!("（{}）", condition_summary(c, labels))
            }
            _ => condition_summary(c, labels),
        })
        .collect::<Vec<_>>()
        .join(joiner)
}

#[cfg(test)]
mod tests;
