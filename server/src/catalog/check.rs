//! The full check a matter type passes before it is published: the definition's own validation
//! (`definition`), every Rhai rule compiled (errors with line and column), every rule test run,
//! and every reference into the organisation resolved (units exist, each step and approver can
//! resolve to at least one person). Issues name the path of the node or rule at fault.

use crate::AppState;
use crate::error::ApiResult;
use crate::org::store as org;
use lianban_definition::Issue;
use lianban_definition::flow::{Assignee, Node, UnitRef};
use lianban_definition::matter_type::{Expectation, MatterTypeDef, RuleDef, RuleKind, RuleTest};
use lianban_scripting::ScriptEngine;
use serde::Serialize;

/// The outcome of one rule test.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TestOutcome {
    /// The rule.
    pub rule: String,
    /// The test's name.
    pub test: String,
    /// Whether the rule gave the expected result.
    pub passed: bool,
    /// What the rule actually gave, in Chinese (e.g. 通过, 不通过：…, 返回 true).
    pub actual: String,
}

/// Every issue found, and the outcome of every rule test.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// Problems that block publishing; empty means publishable.
    #[schema(value_type = Vec<Object>)]
    pub issues: Vec<Issue>,
    /// Rule test outcomes, in rule order.
    pub tests: Vec<TestOutcome>,
}

/// Runs the full check of `def`.
pub async fn check(state: &AppState, def: &MatterTypeDef) -> ApiResult<Report> {
    let mut issues = def.validate();
    let mut tests = Vec::new();
    for (i, rule) in def.rules.iter().enumerate() {
        if let Err(e) = state.scripts.check(&rule.source) {
            let message = format!("规则「{}」{}", rule.name, e.message);
            issues.push(Issue::new(
                format!("rules[{i}].source"),
                e.kind.code(),
                message,
            ));
            continue;
        }
        for (j, test) in rule.tests.iter().enumerate() {
            let outcome = run_test(&state.scripts, rule, test);
            if !outcome.passed {
                let message = format!(
                    "规则「{}」的测试「{}」未通过：{}",
                    rule.name, test.name, outcome.actual
                );
                issues.push(Issue::new(
                    format!("rules[{i}].tests[{j}]"),
                    "rule_test_failed",
                    message,
                ));
            }
            tests.push(outcome);
        }
    }
    check_org(state, def, &mut issues).await?;
    // Dictionaries named by choice fields and materials' sample files exist.
    crate::dict::check_refs(state, &def.form, &mut issues).await?;
    crate::files::check_samples(state, &def.materials, &mut issues).await?;
    Ok(Report { issues, tests })
}

/// Runs one rule test.
pub fn run_test(engine: &ScriptEngine, rule: &RuleDef, test: &RuleTest) -> TestOutcome {
    let (passed, actual) = match rule.kind {
        RuleKind::Validation => match engine.validate(rule, &test.form) {
            Ok(found) => {
                let actual = if found.is_empty() {
                    "通过".to_owned()
                } else {
                    let texts: Vec<String> = found
                        .iter()
                        .map(|i| format!("{}（{}）", i.message, i.path))
                        .collect();
                    format!("不通过：{}", texts.join("；"))
                };
                let passed = match &test.expect {
                    Expectation::Pass => found.is_empty(),
                    Expectation::Fail { field: None } => !found.is_empty(),
                    Expectation::Fail { field: Some(f) } => {
                        found.iter().any(|i| i.path == f.as_str())
                    }
                    Expectation::Route { .. } => false,
                };
                (passed, actual)
            }
            Err(e) => (false, format!("执行出错：{}", e.message)),
        },
        RuleKind::Routing => match engine.route(rule, &test.form) {
            Ok(value) => {
                let passed = matches!(test.expect, Expectation::Route { value: v } if v == value);
                (passed, format!("返回 {value}"))
            }
            Err(e) => (false, format!("执行出错：{}", e.message)),
        },
    };
    TestOutcome {
        rule: rule.name.to_string(),
        test: test.name.clone(),
        passed,
        actual,
    }
}

/// Units named anywhere exist; steps, post approvers and named approvers resolve to people.
async fn check_org(
    state: &AppState,
    def: &MatterTypeDef,
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    let units = org::units(&state.db).await?;
    let unit_name = |code: &str| {
        units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.clone())
    };
    let header = def
        .initiator_units
        .iter()
        .enumerate()
        .map(|(i, u)| (format!("initiator_units[{i}]"), u))
        .chain(
            def.handling_units
                .iter()
                .enumerate()
                .map(|(i, u)| (format!("handling_units[{i}]"), u)),
        )
        .chain(def.lead_unit.iter().map(|u| ("lead_unit".to_owned(), u)));
    for (path, code) in header {
        if unit_name(code.as_str()).is_none() {
            issues.push(Issue::new(
                path,
                "unknown_unit",
                format!("单位「{code}」不存在"),
            ));
        }
    }
    let mut nodes = Vec::new();
    walk(&def.flow.nodes, "flow.nodes", &mut nodes);
    for (path, node) in nodes {
        match node {
            Node::Unit {
                name, unit, steps, ..
            } => {
                let UnitRef::Fixed { unit } = unit else {
                    continue;
                };
                let Some(unit_label) = unit_name(unit.as_str()) else {
                    let message = format!("节点「{name}」的办理单位「{unit}」不存在");
                    issues.push(Issue::new(
                        format!("{path}.unit.unit"),
                        "unknown_unit",
                        message,
                    ));
                    continue;
                };
                for (j, step) in steps.iter().enumerate() {
                    let members =
                        org::pool_members(&state.db, unit.as_str(), step.post.as_str()).await?;
                    if members.is_empty() {
                        let message = format!(
                            "节点「{name}」的步骤「{}」在{unit_label}没有担任岗位「{}」的人员，任务将无人办理",
                            step.name, step.post
                        );
                        issues.push(Issue::new(
                            format!("{path}.steps[{j}].post"),
                            "nobody_resolves",
                            message,
                        ));
                    }
                }
            }
            Node::Approver { name, assignee, .. } => {
                check_assignee(state, def, name, assignee, &path, issues).await?;
            }
            Node::Parallel { .. } | Node::Condition { .. } => {}
        }
    }
    Ok(())
}

/// Named approvers exist; a post of the initiating unit is held in every unit allowed to initiate
/// (or somewhere, when every unit may initiate).
async fn check_assignee(
    state: &AppState,
    def: &MatterTypeDef,
    name: &str,
    assignee: &Assignee,
    path: &str,
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    match assignee {
        Assignee::Users { users } => {
            let wanted: Vec<String> = users.iter().map(ToString::to_string).collect();
            let found = org::display_names(&state.db, &wanted).await?;
            for (i, user) in wanted.iter().enumerate() {
                if !found.iter().any(|(u, _)| u == user) {
                    let message = format!("节点「{name}」的审批人「{user}」不存在");
                    issues.push(Issue::new(
                        format!("{path}.assignee.users[{i}]"),
                        "unknown_user",
                        message,
                    ));
                }
            }
        }
        Assignee::InitiatorPost { post } => {
            for unit in &def.initiator_units {
                if org::pool_members(&state.db, unit.as_str(), post.as_str())
                    .await?
                    .is_empty()
                {
                    let message = format!(
                        "节点「{name}」由发起单位的「{post}」审批，但发起单位「{unit}」没有人担任该岗位"
                    );
                    issues.push(Issue::new(
                        format!("{path}.assignee.post"),
                        "nobody_resolves",
                        message,
                    ));
                }
            }
            if def.initiator_units.is_empty() && !org::post_exists(&state.db, post.as_str()).await?
            {
                let message =
                    format!("节点「{name}」由发起单位的「{post}」审批，但没有任何人担任该岗位");
                issues.push(Issue::new(
                    format!("{path}.assignee.post"),
                    "nobody_resolves",
                    message,
                ));
            }
        }
    }
    Ok(())
}

/// Every node of the tree with its path, depth first.
fn walk<'a>(nodes: &'a [Node], path: &str, out: &mut Vec<(String, &'a Node)>) {
    for (k, node) in nodes.iter().enumerate() {
        let here = format!("{path}[{k}]");
        match node {
            Node::Parallel { branches, .. } => {
                for (j, b) in branches.iter().enumerate() {
                    walk(&b.nodes, &format!("{here}.branches[{j}].nodes"), out);
                }
            }
            Node::Condition {
                branches, default, ..
            } => {
                for (j, b) in branches.iter().enumerate() {
                    walk(&b.nodes, &format!("{here}.branches[{j}].nodes"), out);
                }
                walk(&default.nodes, &format!("{here}.default.nodes"), out);
            }
            Node::Approver { .. } | Node::Unit { .. } => {}
        }
        out.push((here, node));
    }
}
