//! The full check a matter type passes before it is published: the definition's own validation
//! (`definition`), every Rhai rule compiled (errors with line and column), every rule test run,
//! and every reference into the organisation resolved (units exist, each step and approver can
//! resolve to at least one person, a unit that handles in its own system has one). Issues name
//! the path of the node or rule at fault.

use crate::AppState;
use crate::error::ApiResult;
use crate::org::OrgDirectory;
use crate::org::store as org;
use lianban_definition::flow::{Assignee, EmptyPolicy, Handling, LEADER_POST, Node, UnitRef};
use lianban_definition::matter_type::{Expectation, MatterTypeDef, RuleDef, RuleKind, RuleTest};
use lianban_definition::{Issue, PostCode, UnitCode, UserName};
use lianban_runtime::Directory;
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

/// Units named anywhere exist; steps, seal keepers, approvers and CC recipients resolve to
/// people where that is known before a matter runs (not for form fields or the initiator's pick).
async fn check_org(
    state: &AppState,
    def: &MatterTypeDef,
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    let units = org::units(&state.db).await?;
    let directory = OrgDirectory::load(&state.db).await?;
    let users: Vec<String> = org::users(&state.db, None)
        .await?
        .into_iter()
        .map(|(username, _, _)| username)
        .collect();
    let org = Org {
        def,
        units: &units,
        users: &users,
        directory: &directory,
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
        if org.unit_name(code).is_none() {
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
        let name = node.name();
        match node {
            Node::Unit {
                unit,
                steps,
                handling,
                ..
            } => {
                let unit_path = format!("{path}.unit");
                let Some(unit) = org.fixed_unit(name, unit, &unit_path, issues) else {
                    continue;
                };
                if *handling == Handling::OwnSystem {
                    // 受办分离: no tasks in Lianban, so no posts to resolve; the unit needs an
                    // external system (a unit from a field is checked when the flow reaches it).
                    org.external_system(name, &unit, &format!("{path}.handling"), issues);
                    continue;
                }
                for (j, step) in steps.iter().enumerate() {
                    let what = format!("节点「{name}」的步骤「{}」", step.name);
                    let path = format!("{path}.steps[{j}].post");
                    org.holders(&what, &unit, &step.post, &path, issues);
                }
            }
            Node::Seal { unit, post, .. } => {
                let unit_path = format!("{path}.unit");
                if let Some(unit) = org.fixed_unit(name, unit, &unit_path, issues) {
                    let what = format!("盖章节点「{name}」");
                    org.holders(&what, &unit, post, &format!("{path}.post"), issues);
                }
            }
            Node::Approver {
                assignee,
                when_empty,
                ..
            } => {
                org.assignee(name, assignee, &format!("{path}.assignee"), issues);
                if let EmptyPolicy::ToUsers { users } = when_empty {
                    org.users_exist(name, users, &format!("{path}.when_empty.users"), issues);
                }
            }
            Node::Cc { recipients, .. } => {
                org.assignee(name, recipients, &format!("{path}.recipients"), issues);
            }
            Node::Parallel { .. } | Node::Condition { .. } => {}
        }
    }
    Ok(())
}

/// What the organisation check reads.
struct Org<'a> {
    def: &'a MatterTypeDef,
    units: &'a [org::UnitRow],
    users: &'a [String],
    directory: &'a OrgDirectory,
}

impl Org<'_> {
    /// The unit's name, if it exists.
    fn unit_name(&self, code: &UnitCode) -> Option<&str> {
        self.units
            .iter()
            .find(|u| u.code == code.as_str())
            .map(|u| u.name.as_str())
    }

    /// A fixed unit that exists (an issue at `path` when it does not); `None` also for a unit
    /// taken from a form field, known only when a matter runs.
    fn fixed_unit(
        &self,
        name: &str,
        unit: &UnitRef,
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> Option<UnitCode> {
        let UnitRef::Fixed { unit } = unit else {
            return None;
        };
        if self.unit_name(unit).is_some() {
            return Some(unit.clone());
        }
        let message = format!("节点「{name}」的单位「{unit}」不存在");
        issues.push(Issue::new(format!("{path}.unit"), "unknown_unit", message));
        None
    }

    /// Somebody holds `post` in `unit`, else `nobody_resolves` for `what`.
    fn holders(
        &self,
        what: &str,
        unit: &UnitCode,
        post: &PostCode,
        path: &str,
        issues: &mut Vec<Issue>,
    ) {
        if self.directory.holders(unit, post).is_empty() {
            let unit_label = self.unit_name(unit).unwrap_or(unit.as_str());
            let message =
                format!("{what}在{unit_label}没有担任岗位「{post}」的人员，任务将无人办理");
            issues.push(Issue::new(path, "nobody_resolves", message));
        }
    }

    /// `unit` has an enabled external system, else `no_external_system` for node `name`.
    fn external_system(&self, name: &str, unit: &UnitCode, path: &str, issues: &mut Vec<Issue>) {
        if !self.directory.has_external_system(unit) {
            let unit_label = self.unit_name(unit).unwrap_or(unit.as_str());
            let message = format!(
                "节点「{name}」设为在本单位系统办理，但单位「{unit_label}」尚未接入自有审批系统"
            );
            issues.push(Issue::new(path, "no_external_system", message));
        }
    }

    /// Every named user exists.
    fn users_exist(&self, name: &str, users: &[UserName], path: &str, issues: &mut Vec<Issue>) {
        for (i, user) in users.iter().enumerate() {
            if !self.users.iter().any(|u| u == user.as_str()) {
                let message = format!("节点「{name}」的人员「{user}」不存在");
                issues.push(Issue::new(format!("{path}[{i}]"), "unknown_user", message));
            }
        }
    }

    /// An approver's or CC node's assignee (at `path`) resolves to someone, where that is known.
    fn assignee(&self, name: &str, assignee: &Assignee, path: &str, issues: &mut Vec<Issue>) {
        let leader = PostCode::new(LEADER_POST);
        match assignee {
            Assignee::Users { users } => {
                self.users_exist(name, users, &format!("{path}.users"), issues);
            }
            Assignee::InitiatorPost { post } => {
                for unit in &self.def.initiator_units {
                    if self.directory.holders(unit, post).is_empty() {
                        let message = format!(
                            "节点「{name}」由发起单位的「{post}」审批，但发起单位「{unit}」没有人担任该岗位"
                        );
                        issues.push(Issue::new(
                            format!("{path}.post"),
                            "nobody_resolves",
                            message,
                        ));
                    }
                }
                let anywhere = self.units.iter().any(|u| {
                    !self
                        .directory
                        .holders(&UnitCode::new(&u.code), post)
                        .is_empty()
                });
                if self.def.initiator_units.is_empty() && !anywhere {
                    let message =
                        format!("节点「{name}」由发起单位的「{post}」审批，但没有任何人担任该岗位");
                    issues.push(Issue::new(
                        format!("{path}.post"),
                        "nobody_resolves",
                        message,
                    ));
                }
            }
            Assignee::Post { unit, post } => {
                if let Some(unit) = self.fixed_unit(name, unit, &format!("{path}.unit"), issues) {
                    let what = format!("节点「{name}」");
                    self.holders(&what, &unit, post, &format!("{path}.post"), issues);
                }
            }
            Assignee::UnitLeader { unit } => {
                if let Some(unit) = self.fixed_unit(name, unit, &format!("{path}.unit"), issues) {
                    let what = format!("节点「{name}」");
                    self.holders(&what, &unit, &leader, &format!("{path}.unit"), issues);
                }
            }
            Assignee::Role { role } => {
                if self.directory.with_role(role).is_empty() {
                    let message = format!("节点「{name}」的角色「{role}」下没有任何人员");
                    issues.push(Issue::new(
                        format!("{path}.role"),
                        "nobody_resolves",
                        message,
                    ));
                }
            }
            Assignee::InitiatorLeader { levels } => {
                for start in &self.def.initiator_units {
                    let mut unit = Some(start.clone());
                    for _ in 1..*levels {
                        unit = unit.and_then(|u| self.directory.parent(&u));
                    }
                    let found =
                        unit.is_some_and(|u| !self.directory.holders(&u, &leader).is_empty());
                    if !found {
                        let message = format!(
                            "节点「{name}」由发起人的第{levels}级领导审批，但发起单位「{start}」往上第{levels}级没有领导"
                        );
                        issues.push(Issue::new(
                            format!("{path}.levels"),
                            "nobody_resolves",
                            message,
                        ));
                    }
                }
            }
            Assignee::ChosenAtSubmit { .. } | Assignee::FromField { .. } => {}
        }
    }
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
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {}
        }
        out.push((here, node));
    }
}
