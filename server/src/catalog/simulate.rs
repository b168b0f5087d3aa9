//! 流程模拟: runs a draft matter type on sample form data with the very runtime the server uses,
//! and reports the path the matter would take and who would receive each task. Every task is
//! approved by its first candidate until the matter completes, so the path covers the whole flow
//! (condition branches evaluated on the sample data, Rhai routing rules included).

use super::rules::TypeRules;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::org::OrgDirectory;
use crate::org::store as org;
use lianban_definition::NodeId;
use lianban_definition::flow::{Assignee, Node, all_nodes};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{Issue, PostCode, UnitCode, UserName};
use lianban_runtime::{
    Actor, Candidates, Command, Ctx, MatterState, MatterStatus, NodeStatus, TaskStatus, apply,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most tasks a simulation approves before it gives up (a flow that never ends).
const MAX_STEPS: usize = 500;

/// A person who would receive a task.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Person {
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
}

/// One task the matter would create, in order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SimTask {
    /// The node (dispatch) id.
    pub node: String,
    /// The node's name.
    pub node_name: String,
    /// The handling unit's name.
    pub unit: String,
    /// The step's name, e.g. 经办人审核.
    pub step: String,
    /// Everyone who would receive it (a pool's members, or the named users).
    pub receivers: Vec<Person>,
}

/// The simulated path.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Simulation {
    /// Problems with the sample data or the flow; when not empty the path may be partial.
    #[schema(value_type = Vec<Object>)]
    pub issues: Vec<Issue>,
    /// The tasks, in the order they would be created.
    pub tasks: Vec<SimTask>,
    /// Node id → `done` (passed through) for every node the matter reached; nodes not listed
    /// are not on this path.
    pub nodes: BTreeMap<String, String>,
    /// Whether the matter reached the end of its flow.
    pub completed: bool,
}

/// Simulates `def` for `values`, initiated by `initiator` (a user of the initiating unit).
pub async fn simulate(
    state: &AppState,
    def: &MatterTypeDef,
    values: &FormValues,
    initiator: &str,
) -> ApiResult<Simulation> {
    let user = org::user(&state.db, initiator)
        .await?
        .ok_or_else(|| ApiError::bad_request(format!("模拟发起人「{initiator}」不存在")))?;
    let values = match def.form.validate_draft(values) {
        Ok(v) => v,
        Err(issues) => return Ok(empty(issues)),
    };
    let rules = TypeRules {
        engine: &state.scripts,
        def,
    };
    let now = state.clock.now();
    let submitter = Actor {
        user: UserName::new(&user.username),
        posts: Vec::new(),
        admin: false,
    };
    let draft = MatterState::draft(
        UserName::new(&user.username),
        UnitCode::new(&user.unit),
        values.clone(),
    );
    let directory = OrgDirectory::load(&state.db).await?;
    // 发起人自选 nodes: the simulated initiator stands in for the pick.
    let chosen = chosen_nodes(&def.flow.nodes)
        .into_iter()
        .map(|node| (node, vec![UserName::new(&user.username)]))
        .collect();
    // The runtime's context holds a `&dyn RuleEval` (not `Send`): keep each one out of awaits.
    let submitted = {
        let ctx = Ctx {
            now,
            actor: &submitter,
            rules: &rules,
            directory: &directory,
        };
        apply(def, &draft, &Command::Submit { values, chosen }, &ctx)
    };
    let mut matter = match submitted {
        Ok(t) => t.state,
        Err(e) => return Ok(empty(vec![Issue::new("flow", e.code(), e.to_string())])),
    };
    let mut tasks = Vec::new();
    let mut issues = Vec::new();
    let mut copies_seen = 0;
    while tasks.len() < MAX_STEPS {
        for copy in &matter.cc[copies_seen..] {
            tasks.push(SimTask {
                node: copy.node.to_string(),
                node_name: copy.name.clone(),
                unit: String::new(),
                step: "抄送（无需办理）".to_owned(),
                receivers: people(state, copy.users.iter().map(ToString::to_string).collect())
                    .await?,
            });
        }
        copies_seen = matter.cc.len();
        if matter.status != MatterStatus::Running {
            break;
        }
        let Some(task) = matter.pending_tasks().next().cloned() else {
            break;
        };
        let receivers = receivers(state, &task.candidates).await?;
        let dispatch = matter.dispatch(&task.dispatch).cloned();
        let unit = match &dispatch {
            Some(d) => org::unit_names(&state.db, &[d.unit.to_string()])
                .await?
                .into_iter()
                .next()
                .map_or_else(|| d.unit.to_string(), |(_, name)| name),
            None => String::new(),
        };
        tasks.push(SimTask {
            node: task.dispatch.to_string(),
            node_name: dispatch
                .as_ref()
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            unit,
            step: task.name.clone(),
            receivers: receivers.clone(),
        });
        let Some(first) = receivers.first() else {
            let message = format!(
                "「{}」的「{}」无人可以办理，模拟在此停止",
                tasks.last().map_or("", |t| t.node_name.as_str()),
                task.name
            );
            issues.push(Issue::new(
                task.dispatch.as_str(),
                "nobody_resolves",
                message,
            ));
            break;
        };
        let actor = actor_for(first, &task.candidates);
        let approve = Command::Approve {
            task: task.id,
            opinion: "模拟通过".to_owned(),
            edits: FormValues::new(),
        };
        let approved = {
            let ctx = Ctx {
                now,
                actor: &actor,
                rules: &rules,
                directory: &directory,
            };
            apply(def, &matter, &approve, &ctx)
        };
        match approved {
            Ok(t) => matter = t.state,
            Err(e) => {
                issues.push(Issue::new(task.dispatch.as_str(), e.code(), e.to_string()));
                break;
            }
        }
    }
    let nodes = matter
        .nodes
        .iter()
        .map(|(id, run)| {
            let mark = match run.status {
                NodeStatus::Done => "done",
                NodeStatus::Active => "active",
            };
            (id.to_string(), mark.to_owned())
        })
        .collect();
    let completed = matter.status == MatterStatus::Completed
        && !matter.tasks.iter().any(|t| t.status == TaskStatus::Open);
    Ok(Simulation {
        issues,
        tasks,
        nodes,
        completed,
    })
}

/// A simulation that could not start.
fn empty(issues: Vec<Issue>) -> Simulation {
    Simulation {
        issues,
        tasks: Vec::new(),
        nodes: BTreeMap::new(),
        completed: false,
    }
}

/// The ids of the flow's 发起人自选 approver nodes.
fn chosen_nodes(nodes: &[Node]) -> Vec<NodeId> {
    all_nodes(nodes)
        .into_iter()
        .filter(|n| {
            matches!(
                n,
                Node::Approver {
                    assignee: Assignee::ChosenAtSubmit { .. },
                    ..
                }
            )
        })
        .map(|n| n.id().clone())
        .collect()
}

/// The people behind a task's candidates.
async fn receivers(state: &AppState, candidates: &Candidates) -> ApiResult<Vec<Person>> {
    let usernames = match candidates {
        Candidates::Pool { unit, post } => {
            org::pool_members(&state.db, unit.as_str(), post.as_str()).await?
        }
        Candidates::Users { users } => users.iter().map(ToString::to_string).collect(),
    };
    people(state, usernames).await
}

/// These users with their display names, in the given order (unknown users left out).
async fn people(state: &AppState, usernames: Vec<String>) -> ApiResult<Vec<Person>> {
    let mut names = org::display_names(&state.db, &usernames).await?;
    names.sort_by_key(|(u, _)| usernames.iter().position(|x| x == u));
    Ok(names
        .into_iter()
        .map(|(username, name)| Person { username, name })
        .collect())
}

/// The actor that approves a task as `person`.
fn actor_for(person: &Person, candidates: &Candidates) -> Actor {
    let posts: Vec<(UnitCode, PostCode)> = match candidates {
        Candidates::Pool { unit, post } => vec![(unit.clone(), post.clone())],
        Candidates::Users { .. } => Vec::new(),
    };
    Actor {
        user: UserName::new(&person.username),
        posts,
        admin: false,
    }
}
