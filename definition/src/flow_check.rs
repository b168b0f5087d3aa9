//! Checks behind [`MatterTypeDef::validate`]: the matter type's header, its form (issues
//! prefixed `form.`), its rules, and its flow tree — unique node ids, at least one handling unit,
//! unit steps, branch shapes, and every field and rule the flow refers to.
//!
//! Rhai sources are not compiled here; the server does that when a version is published.

use crate::flow::{
    Assignee, Branch, CompareOp, Condition, EmptyPolicy, FLOW_SCHEMA_VERSION, FieldAccess,
    Handling, Node, NodeRights, ReturnTargets, SignMode, UnitRef, UnitStep,
};
use crate::form::FieldKind;
use crate::form_check::{check_form, is_ident};
use crate::ids::{FieldKey, RuleName};
use crate::issue::Issue;
use crate::limit_check::{check_amount, check_tiers};
use crate::matter_type::{MatterTypeDef, RuleKind};
use std::collections::HashSet;

/// Checks a whole matter type; see [`MatterTypeDef::validate`]. Empty means valid.
pub(crate) fn check_matter_type(def: &MatterTypeDef) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_header(def, &mut issues);
    issues.extend(check_form(&def.form).into_iter().map(|issue| Issue {
        path: format!("form.{}", issue.path),
        ..issue
    }));
    check_rules(def, &mut issues);
    crate::catalog_check::check_catalog(def, &mut issues);
    let mut flow = FlowChecker {
        def,
        issues,
        node_ids: HashSet::new(),
        units: 0,
    };
    flow.check_flow();
    flow.issues
}

/// Code, name, version, time limit and warning tiers.
fn check_header(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    if !is_ident(&def.code) {
        let message = format!(
            "事项编码「{}」须以小写字母开头，只含小写字母、数字和下划线",
            def.code
        );
        issues.push(Issue::new("code", "bad_code", message));
    }
    if def.name.trim().is_empty() {
        issues.push(Issue::new("name", "empty_name", "事项名称不能为空"));
    }
    if def.version == 0 {
        issues.push(Issue::new("version", "bad_version", "版本号须从1开始"));
    }
    issues.extend(check_amount(
        "",
        def.time_limit_days,
        def.time_limit_unit,
        "time_limit_days",
    ));
    check_tiers(&def.warning_tiers, issues);
}

/// Rule declarations (named, with a source, names unique) and the form's rule references.
fn check_rules(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    let mut seen = HashSet::new();
    for (i, rule) in def.rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        if rule.name.as_str().trim().is_empty() {
            let message = format!("第{}条规则没有名称", i + 1);
            issues.push(Issue::new(
                format!("{path}.name"),
                "empty_rule_name",
                message,
            ));
        } else if !seen.insert(&rule.name) {
            let message = format!("规则「{}」重复定义", rule.name);
            issues.push(Issue::new(
                format!("{path}.name"),
                "duplicate_rule",
                message,
            ));
        }
        if rule.source.trim().is_empty() {
            let message = format!("规则「{}」没有内容", rule.name);
            issues.push(Issue::new(format!("{path}.source"), "empty_rule", message));
        }
    }
    for (i, name) in def.form.rules.iter().enumerate() {
        let path = format!("form.rules[{i}]");
        issues.extend(rule_ref(def, name, RuleKind::Validation, path));
    }
}

/// The issue, if any, with a reference to rule `name` that must be of kind `expected`.
fn rule_ref(
    def: &MatterTypeDef,
    name: &RuleName,
    expected: RuleKind,
    path: String,
) -> Option<Issue> {
    let Some(rule) = def.rule(name) else {
        return Some(Issue::new(
            path,
            "unknown_rule",
            format!("规则「{name}」未定义"),
        ));
    };
    (rule.kind != expected).then(|| {
        let message = match expected {
            RuleKind::Validation => format!("规则「{name}」是路由规则，不能用于表单校验"),
            RuleKind::Routing => format!("规则「{name}」是校验规则，不能用作分支条件"),
        };
        Issue::new(path, "wrong_rule_kind", message)
    })
}

/// How a node is named in messages: its name, or its id when the name is blank.
fn label(node: &Node) -> &str {
    if node.name().trim().is_empty() {
        node.id().as_str()
    } else {
        node.name()
    }
}

/// Walks the flow tree, collecting issues and the facts that span the whole tree.
struct FlowChecker<'a> {
    def: &'a MatterTypeDef,
    issues: Vec<Issue>,
    /// Node ids seen so far, to report duplicates anywhere in the tree.
    node_ids: HashSet<&'a str>,
    /// Unit nodes seen so far.
    units: usize,
}

impl<'a> FlowChecker<'a> {
    /// Adds an issue.
    fn push(&mut self, path: impl Into<String>, code: &str, message: String) {
        self.issues.push(Issue::new(path, code, message));
    }

    /// The schema version, the whole tree, then the tree-wide requirements.
    fn check_flow(&mut self) {
        let flow = &self.def.flow;
        if flow.schema_version != FLOW_SCHEMA_VERSION {
            let message = format!("不支持的流程格式版本：{}", flow.schema_version);
            self.push("flow.schema_version", "unsupported_version", message);
        }
        self.nodes(&flow.nodes, "flow.nodes");
        if flow.nodes.is_empty() {
            self.push("flow.nodes", "empty_flow", "流程没有任何节点".into());
        } else if self.units == 0 {
            self.push(
                "flow.nodes",
                "no_unit",
                "流程至少需要一个办理单位节点".into(),
            );
        }
    }

    /// A sequence of nodes at `path` (e.g. `flow.nodes`).
    fn nodes(&mut self, nodes: &'a [Node], path: &str) {
        for (k, node) in nodes.iter().enumerate() {
            self.node(node, &format!("{path}[{k}]"));
        }
    }

    /// One node: its id, then its kind-specific shape, recursing into branches.
    fn node(&mut self, node: &'a Node, path: &str) {
        let id = node.id().as_str();
        if !is_ident(id) {
            let message = format!(
                "节点「{}」的编号「{id}」须以小写字母开头，只含小写字母、数字和下划线",
                label(node)
            );
            self.push(format!("{path}.id"), "bad_node_id", message);
        } else if !self.node_ids.insert(id) {
            let message = format!("节点「{}」的编号「{id}」与其他节点重复", label(node));
            self.push(format!("{path}.id"), "duplicate_node_id", message);
        }
        match node {
            Node::Approver {
                assignee,
                mode,
                pass_percent,
                when_empty,
                ..
            } => {
                self.assignee(label(node), assignee, &format!("{path}.assignee"));
                self.sign(label(node), *mode, *pass_percent, path);
                if let EmptyPolicy::ToUsers { users } = when_empty
                    && users.is_empty()
                {
                    let message = format!("节点「{}」的无人审批处理方式须指定接收人", label(node));
                    self.push(format!("{path}.when_empty.users"), "no_users", message);
                }
                self.time_limit(node, path);
            }
            Node::Cc { recipients, .. } => {
                self.assignee(label(node), recipients, &format!("{path}.recipients"));
            }
            Node::Seal {
                unit, post, seal, ..
            } => {
                self.unit(label(node), unit, path);
                if post.as_str().trim().is_empty() {
                    let message = format!("盖章节点「{}」没有指定用印岗位", label(node));
                    self.push(format!("{path}.post"), "empty_post", message);
                }
                if seal.trim().is_empty() {
                    let message = format!("盖章节点「{}」没有指定印章", label(node));
                    self.push(format!("{path}.seal"), "empty_seal", message);
                }
                self.time_limit(node, path);
            }
            Node::Unit {
                unit,
                steps,
                handling,
                ..
            } => {
                self.units += 1;
                self.unit(label(node), unit, path);
                // 受办分离: the unit's own system runs its inner steps, so they are not checked
                // (the designer greys them out). Whether the unit has an external system is an
                // organisation question, checked when publishing (`no_external_system`).
                match handling {
                    Handling::InLianban => self.steps(label(node), steps, path),
                    Handling::OwnSystem => {}
                }
                self.time_limit(node, path);
            }
            Node::Parallel { branches, .. } => self.parallel(label(node), branches, path),
            Node::Condition {
                branches, default, ..
            } => {
                if branches.is_empty() {
                    let message = format!("条件节点「{}」没有条件分支", label(node));
                    self.push(format!("{path}.branches"), "no_branches", message);
                }
                for (j, branch) in branches.iter().enumerate() {
                    let branch_path = format!("{path}.branches[{j}]");
                    if branches[..j]
                        .iter()
                        .any(|earlier| earlier.when == branch.when)
                    {
                        let message = format!(
                            "条件节点「{}」的分支「{}」与前面的分支条件相同，永远不会执行",
                            label(node),
                            branch.name
                        );
                        self.push(format!("{branch_path}.when"), "unreachable_branch", message);
                    }
                    self.condition(&branch.when, &format!("{branch_path}.when"));
                    self.nodes(&branch.nodes, &format!("{branch_path}.nodes"));
                }
                self.nodes(&default.nodes, &format!("{path}.default.nodes"));
            }
        }
        if let Some(rights) = node.rights() {
            self.rights(node, rights, path);
        }
    }

    /// A node's field permissions name existing fields (computed fields cannot be editable;
    /// a CC node's recipients cannot edit); return targets name nodes that exist.
    fn rights(&mut self, node: &Node, rights: &NodeRights, path: &str) {
        for (key, access) in &rights.fields {
            let field_path = format!("{path}.rights.fields.{key}");
            match self.def.form.field(key.as_str()).map(|f| &f.kind) {
                None => {
                    let message =
                        format!("节点「{}」的字段权限引用的字段「{key}」不存在", label(node));
                    self.push(field_path, "unknown_field", message);
                }
                Some(FieldKind::Computed { .. }) if *access == FieldAccess::Editable => {
                    let message =
                        format!("节点「{}」不能把计算字段「{key}」设为可编辑", label(node));
                    self.push(field_path, "not_editable", message);
                }
                Some(_) if *access == FieldAccess::Editable && matches!(node, Node::Cc { .. }) => {
                    let message =
                        format!("抄送节点「{}」的接收人不能编辑字段「{key}」", label(node));
                    self.push(field_path, "not_editable", message);
                }
                Some(_) => {}
            }
        }
        if let ReturnTargets::Nodes { nodes } = &rights.ops.return_targets {
            for (i, target) in nodes.iter().enumerate() {
                if !has_node(&self.def.flow.nodes, target.as_str()) {
                    let message = format!("节点「{}」的退回目标「{target}」不存在", label(node));
                    self.push(
                        format!("{path}.rights.ops.return_targets.nodes[{i}]"),
                        "unknown_node",
                        message,
                    );
                }
            }
        }
    }

    /// 会签 by percentage: only with 会签, between 1 and 100.
    fn sign(&mut self, name: &str, mode: SignMode, percent: Option<u8>, path: &str) {
        let Some(percent) = percent else { return };
        let path = format!("{path}.pass_percent");
        if mode != SignMode::All {
            let message = format!("节点「{name}」只有会签才能按比例通过");
            self.push(path, "percent_needs_all", message);
        } else if !(1..=100).contains(&percent) {
            let message = format!("节点「{name}」的会签通过比例须在1%到100%之间");
            self.push(path, "bad_percent", message);
        }
    }

    /// A node's time limit, when set, is between 1 and the largest amount of its unit.
    fn time_limit(&mut self, node: &Node, path: &str) {
        let Some((amount, unit)) = node.time_limit() else {
            return;
        };
        let owner = format!("节点「{}」的", label(node));
        let path = format!("{path}.time_limit_days");
        self.issues
            .extend(check_amount(&owner, Some(amount), unit, &path));
    }

    /// An approver's or CC node's assignee (at `path`) names someone: users, a post, a role, a
    /// level, or a user-picker field.
    fn assignee(&mut self, name: &str, assignee: &Assignee, path: &str) {
        match assignee {
            Assignee::Users { users } if users.is_empty() => {
                let message = format!("节点「{name}」没有指定人员");
                self.push(format!("{path}.users"), "no_users", message);
            }
            Assignee::Users { .. } | Assignee::ChosenAtSubmit { .. } => {}
            Assignee::InitiatorPost { post } => self.post(name, post.as_str(), path),
            Assignee::Post { unit, post } => {
                self.unit(name, unit, path);
                self.post(name, post.as_str(), path);
            }
            Assignee::UnitLeader { unit } => self.unit(name, unit, path),
            Assignee::Role { role } => {
                if role.trim().is_empty() {
                    let message = format!("节点「{name}」没有指定角色");
                    self.push(format!("{path}.role"), "empty_role", message);
                }
            }
            Assignee::InitiatorLeader { levels } => {
                if !(1..=10).contains(levels) {
                    let message = format!("节点「{name}」的发起人上级层数须在1到10之间");
                    self.push(format!("{path}.levels"), "bad_levels", message);
                }
            }
            Assignee::FromField { field } => {
                let path = format!("{path}.field");
                match self.def.form.field(field.as_str()).map(|f| &f.kind) {
                    None => {
                        let message = format!("节点「{name}」引用的字段「{field}」不存在");
                        self.push(path, "unknown_field", message);
                    }
                    Some(FieldKind::UserPicker { .. }) => {}
                    Some(_) => {
                        let message =
                            format!("节点「{name}」引用的字段「{field}」不是人员选择字段");
                        self.push(path, "wrong_field_kind", message);
                    }
                }
            }
        }
    }

    /// A post code is given.
    fn post(&mut self, name: &str, post: &str, path: &str) {
        if post.trim().is_empty() {
            let message = format!("节点「{name}」没有指定岗位");
            self.push(format!("{path}.post"), "empty_post", message);
        }
    }

    /// A unit node's unit: a fixed code, or a single-unit picker field of the form.
    fn unit(&mut self, name: &str, unit: &UnitRef, path: &str) {
        match unit {
            UnitRef::Fixed { unit } => {
                if unit.as_str().trim().is_empty() {
                    let message = format!("节点「{name}」没有指定办理单位");
                    self.push(format!("{path}.unit.unit"), "empty_unit", message);
                }
            }
            UnitRef::FromField { field } => {
                let path = format!("{path}.unit.field");
                match self.def.form.field(field.as_str()).map(|f| &f.kind) {
                    None => {
                        let message = format!("节点「{name}」引用的字段「{field}」不存在");
                        self.push(path, "unknown_field", message);
                    }
                    Some(FieldKind::UnitPicker { multiple: false }) => {}
                    Some(_) => {
                        let message =
                            format!("节点「{name}」引用的字段「{field}」不是单选的单位选择字段");
                        self.push(path, "wrong_field_kind", message);
                    }
                }
            }
        }
    }

    /// A unit node's inner steps: at least one, ids well-formed and unique, posts named.
    fn steps(&mut self, name: &str, steps: &[UnitStep], path: &str) {
        if steps.is_empty() {
            let message = format!("节点「{name}」没有办理步骤");
            self.push(format!("{path}.steps"), "no_steps", message);
        }
        let mut seen = HashSet::new();
        for (j, step) in steps.iter().enumerate() {
            let path = format!("{path}.steps[{j}]");
            if !is_ident(&step.id) {
                let message = format!(
                    "节点「{name}」的步骤编号「{}」须以小写字母开头，只含小写字母、数字和下划线",
                    step.id
                );
                self.push(format!("{path}.id"), "bad_step_id", message);
            } else if !seen.insert(step.id.as_str()) {
                let message = format!("节点「{name}」的步骤编号「{}」重复", step.id);
                self.push(format!("{path}.id"), "duplicate_step_id", message);
            }
            if step.post.as_str().trim().is_empty() {
                let message = format!("节点「{name}」的步骤「{}」没有指定岗位", step.name);
                self.push(format!("{path}.post"), "empty_post", message);
            }
        }
    }

    /// A parallel node needs two or more branches, none of them empty.
    fn parallel(&mut self, name: &str, branches: &'a [Branch], path: &str) {
        if branches.len() < 2 {
            let message = format!("并行节点「{name}」至少需要两个分支");
            self.push(format!("{path}.branches"), "too_few_branches", message);
        }
        for (j, branch) in branches.iter().enumerate() {
            let nodes_path = format!("{path}.branches[{j}].nodes");
            if branch.nodes.is_empty() {
                let message = format!("并行节点「{name}」的第{}个分支没有节点", j + 1);
                self.push(nodes_path.clone(), "empty_branch", message);
            }
            self.nodes(&branch.nodes, &nodes_path);
        }
    }

    /// A routing condition: fields and rules it names must exist, groups must not be empty.
    fn condition(&mut self, condition: &Condition, path: &str) {
        match condition {
            Condition::Field { field, op, value } => {
                self.condition_field(field, *op, value, path);
            }
            Condition::All { conditions } | Condition::Any { conditions } => {
                if conditions.is_empty() {
                    let message = "条件组中没有任何条件".to_owned();
                    self.push(format!("{path}.conditions"), "empty_condition", message);
                }
                for (i, inner) in conditions.iter().enumerate() {
                    self.condition(inner, &format!("{path}.conditions[{i}]"));
                }
            }
            Condition::Rule { rule } => {
                let issue = rule_ref(self.def, rule, RuleKind::Routing, format!("{path}.rule"));
                self.issues.extend(issue);
            }
        }
    }

    /// A field comparison: the field must exist; `in` compares with an array.
    fn condition_field(
        &mut self,
        field: &FieldKey,
        op: CompareOp,
        value: &serde_json::Value,
        path: &str,
    ) {
        if self.def.form.field(field.as_str()).is_none() {
            let message = format!("分支条件引用的字段「{field}」不存在");
            self.push(format!("{path}.field"), "unknown_field", message);
        }
        if op == CompareOp::In && !value.is_array() {
            let message = format!("分支条件「{field} in …」的比较值须为列表");
            self.push(format!("{path}.value"), "bad_value", message);
        }
    }
}

/// Whether a node with this id exists anywhere in the tree.
fn has_node(nodes: &[Node], id: &str) -> bool {
    nodes.iter().any(|node| {
        node.id().as_str() == id
            || match node {
                Node::Parallel { branches, .. } => branches.iter().any(|b| has_node(&b.nodes, id)),
                Node::Condition {
                    branches, default, ..
                } => {
                    branches.iter().any(|b| has_node(&b.nodes, id)) || has_node(&default.nodes, id)
                }
                Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {
                    false
                }
            }
    })
}

#[cfg(test)]
mod tests;
