//! Generated flows: many random valid flow trees (unit and approver nodes, 会签, 或签 and 依次,
//! parallel and condition branches nested two deep) are published through the designers' API;
//! a matter is driven through each with random form data to its end, and at every step each
//! pending task must be actionable by exactly the right people — the unit's post holders, or the
//! named approvers — and by nobody else. The units that joined must be exactly those on the path
//! the form data selects.

use crate::support::{Session, TestApp};
use axum::http::StatusCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// How many random flows are published and driven.
const FLOWS: u64 = 24;
/// Units with a clerk and a leader in the demo world.
const UNITS: [&str; 6] = ["rsj", "czj", "jgswzx", "fgj", "scjgj", "zjj"];
/// People who may be named approvers.
const APPROVERS: [&str; 3] = ["zzb_leader", "fgj_leader", "czj_leader"];

/// A generated node, kept beside its JSON as the test's oracle.
#[derive(Debug, Clone)]
enum Gen {
    Unit {
        id: String,
        unit: String,
        posts: Vec<String>,
    },
    Approver {
        id: String,
        users: Vec<String>,
        mode: &'static str,
    },
    Parallel {
        id: String,
        branches: Vec<Vec<Gen>>,
    },
    /// Branches taken when `n > threshold`, tried in order; then the default.
    Condition {
        id: String,
        branches: Vec<(i64, Vec<Gen>)>,
        default: Vec<Gen>,
    },
}

/// Generates node trees with unique ids.
struct Generator {
    rng: StdRng,
    next: usize,
}

impl Generator {
    fn id(&mut self, kind: &str) -> String {
        self.next += 1;
        format!("{kind}_{}", self.next)
    }

    /// A sequence of 1–3 nodes (`empty_ok`: may be empty, for default branches).
    fn seq(&mut self, depth: u32, empty_ok: bool) -> Vec<Gen> {
        let low = usize::from(!empty_ok);
        let len = self.rng.random_range(low..=3);
        (0..len).map(|_| self.node(depth)).collect()
    }

    fn node(&mut self, depth: u32) -> Gen {
        let kinds = if depth >= 2 { 2 } else { 4 };
        match self.rng.random_range(0..kinds) {
            0 => {
                let unit = UNITS[self.rng.random_range(0..UNITS.len())].to_owned();
                let posts = match self.rng.random_range(0..3) {
                    0 => vec!["clerk".to_owned()],
                    1 => vec!["leader".to_owned()],
                    _ => vec!["clerk".to_owned(), "leader".to_owned()],
                };
                Gen::Unit {
                    id: self.id("unit"),
                    unit,
                    posts,
                }
            }
            1 => {
                let mut users: Vec<String> = APPROVERS
                    .iter()
                    .filter(|_| self.rng.random_bool(0.5))
                    .map(|u| (*u).to_owned())
                    .collect();
                if users.is_empty() {
                    users.push(APPROVERS[0].to_owned());
                }
                Gen::Approver {
                    id: self.id("approver"),
                    users,
                    mode: ["any", "all", "sequential"][self.rng.random_range(0..3)],
                }
            }
            2 => {
                let count = self.rng.random_range(2..=3);
                let branches = (0..count).map(|_| self.seq(depth + 1, false)).collect();
                Gen::Parallel {
                    id: self.id("parallel"),
                    branches,
                }
            }
            _ => {
                let count = self.rng.random_range(1..=2);
                let mut thresholds: Vec<i64> =
                    (0..count).map(|_| self.rng.random_range(10..90)).collect();
                thresholds.sort_unstable_by(|a, b| b.cmp(a));
                thresholds.dedup();
                let branches = thresholds
                    .into_iter()
                    .map(|t| (t, self.seq(depth + 1, false)))
                    .collect();
                Gen::Condition {
                    id: self.id("condition"),
                    branches,
                    default: self.seq(depth + 1, true),
                }
            }
        }
    }
}

/// The JSON of a node sequence, as the designer stores it.
fn to_json(nodes: &[Gen]) -> Value {
    Value::Array(nodes.iter().map(node_json).collect())
}

fn node_json(node: &Gen) -> Value {
    match node {
        Gen::Unit { id, unit, posts } => {
            json!({ "type": "unit", "id": id, "name": format!("{unit}办理"),
            "unit": { "type": "fixed", "unit": unit },
            "steps": posts.iter().enumerate().map(|(i, p)| json!({ "id": format!("s{i}"), "name": format!("{p}审核"), "post": p })).collect::<Vec<_>>() })
        }
        Gen::Approver { id, users, mode } => json!({ "type": "approver", "id": id, "name": "审批",
            "assignee": { "type": "users", "users": users }, "mode": mode }),
        Gen::Parallel { id, branches } => json!({ "type": "parallel", "id": id, "name": "并行",
            "branches": branches.iter().map(|b| json!({ "name": "分支", "nodes": to_json(b) })).collect::<Vec<_>>() }),
        Gen::Condition {
            id,
            branches,
            default,
        } => json!({ "type": "condition", "id": id, "name": "条件",
            "branches": branches.iter().map(|(t, b)| json!({ "name": format!("n>{t}"),
                "when": { "type": "field", "field": "n", "op": "gt", "value": t }, "nodes": to_json(b) })).collect::<Vec<_>>(),
            "default": { "name": "其他", "nodes": to_json(default) } }),
    }
}

/// The oracle: the unit and approver nodes a matter with `n` passes, by id.
fn path<'g>(nodes: &'g [Gen], n: i64, out: &mut BTreeMap<String, &'g Gen>) {
    for node in nodes {
        match node {
            Gen::Unit { id, .. } | Gen::Approver { id, .. } => {
                out.insert(id.clone(), node);
            }
            Gen::Parallel { branches, .. } => branches.iter().for_each(|b| path(b, n, out)),
            Gen::Condition {
                branches, default, ..
            } => {
                let taken = branches
                    .iter()
                    .find(|(t, _)| n > *t)
                    .map_or(default, |(_, b)| b);
                path(taken, n, out);
            }
        }
    }
}

/// Everyone who may act on a task of `node` at `step` (for 会签: one of the named users each).
fn receivers(node: &Gen, step: usize) -> BTreeSet<String> {
    let world = lianban_seeds::demo_world();
    match node {
        Gen::Unit { unit, posts, .. } => world
            .users
            .iter()
            .filter(|u| &u.unit == unit && u.posts.contains(&posts[step]))
            .map(|u| u.username.clone())
            .collect(),
        // 依次: the step-th named user; 会签 and 或签: any of them (会签 is checked per task).
        Gen::Approver {
            users,
            mode: "sequential",
            ..
        } => users.get(step).into_iter().cloned().collect(),
        Gen::Approver { users, .. } => users.iter().cloned().collect(),
        Gen::Parallel { .. } | Gen::Condition { .. } => BTreeSet::new(),
    }
}

/// The ids of the tasks `session` may act on in matter `id` (none when it may not see it).
async fn actionable(session: &Session<'_>, id: &str) -> BTreeSet<u64> {
    let resp = session.get(&format!("/api/v1/matters/{id}")).await;
    if resp.status == StatusCode::NOT_FOUND {
        return BTreeSet::new();
    }
    let page = resp.expect(StatusCode::OK);
    page["my_tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_u64)
        .collect()
}

#[tokio::test]
async fn random_flows_send_every_task_to_the_right_people() {
    let app = TestApp::start().await;
    let designer = app.login("designer").await;
    let clerk = app.login("zzb_clerk").await;
    let mut people = Vec::new();
    for user in lianban_seeds::demo_world()
        .users
        .iter()
        .filter(|u| !u.posts.is_empty())
    {
        people.push((user.username.clone(), app.login(&user.username).await));
    }
    let mut tasks_checked = 0;
    for seed in 0..FLOWS {
        let mut generator = Generator {
            rng: StdRng::seed_from_u64(seed),
            next: 0,
        };
        let mut nodes = generator.seq(0, false);
        if !nodes.iter().any(|n| matches!(n, Gen::Unit { .. })) {
            nodes.push(Gen::Unit {
                id: "unit_last".into(),
                unit: "rsj".into(),
                posts: vec!["clerk".into()],
            });
        }
        let n: i64 = generator.rng.random_range(0..100);
        let code = format!("random_{seed}");
        designer
            .post(
                "/api/v1/admin/matter-types",
                json!({ "code": code, "name": format!("随机流程{seed}") }),
            )
            .await
            .expect(StatusCode::CREATED);
        let def = json!({ "code": code, "name": format!("随机流程{seed}"), "version": 1,
            "form": { "schema_version": 1, "fields": [{ "key": "n", "label": "数值", "kind": { "type": "number" }, "required": true }] },
            "flow": { "schema_version": 1, "nodes": to_json(&nodes) } });
        designer
            .put(&format!("/api/v1/admin/matter-types/{code}/draft"), def)
            .await
            .expect(StatusCode::OK);
        designer
            .post(
                &format!("/api/v1/admin/matter-types/{code}/publish"),
                json!({}),
            )
            .await
            .expect(StatusCode::OK);

        let draft = clerk
            .post(
                "/api/v1/matters",
                json!({ "type_code": code, "title": "随机", "values": { "n": n } }),
            )
            .await
            .expect(StatusCode::CREATED);
        let id = draft["id"].as_str().unwrap().to_owned();
        let mut page = clerk
            .post(
                &format!("/api/v1/matters/{id}/submit"),
                json!({ "values": { "n": n } }),
            )
            .await
            .expect(StatusCode::OK);
        let mut expected = BTreeMap::new();
        path(&nodes, n, &mut expected);
        for _ in 0..200 {
            if page["status"] == "completed" {
                break;
            }
            let pending: Vec<&Value> = page["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["status"] == "open" || t["status"] == "claimed")
                .collect();
            assert!(
                !pending.is_empty(),
                "seed {seed}: running without pending tasks: {page}"
            );
            let mut holders: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
            for (username, session) in &people {
                for task in actionable(session, &id).await {
                    holders.entry(task).or_default().insert(username.clone());
                }
            }
            for task in &pending {
                let task_id = task["id"].as_u64().unwrap();
                let node = expected
                    .get(task["dispatch"].as_str().unwrap())
                    .unwrap_or_else(|| panic!("seed {seed}: task on a node off the path: {task}"));
                let got = holders.get(&task_id).cloned().unwrap_or_default();
                let want = receivers(node, task["step"].as_u64().unwrap() as usize);
                match node {
                    Gen::Approver { mode: "all", .. } => assert!(
                        got.len() == 1 && want.is_superset(&got),
                        "seed {seed}: 会签 task {task_id} should be one named approver's, got {got:?}"
                    ),
                    _ => assert_eq!(
                        got, want,
                        "seed {seed}: task {task_id} of {}",
                        task["dispatch"]
                    ),
                }
                tasks_checked += 1;
            }
            let task = pending[0];
            let task_id = task["id"].as_u64().unwrap();
            let who = holders[&task_id].iter().next().unwrap().clone();
            let session = &people.iter().find(|(u, _)| *u == who).unwrap().1;
            page = session
                .post(
                    &format!("/api/v1/matters/{id}/tasks/{task_id}/approve"),
                    json!({ "opinion": "同意" }),
                )
                .await
                .expect(StatusCode::OK);
        }
        assert_eq!(
            page["status"], "completed",
            "seed {seed}: the matter did not finish"
        );
        let joined: BTreeSet<&str> = page["dispatches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["node"].as_str().unwrap())
            .collect();
        let want: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
        assert_eq!(
            joined, want,
            "seed {seed} (n = {n}): the wrong nodes joined"
        );
    }
    assert!(
        tasks_checked > FLOWS as usize * 2,
        "only {tasks_checked} tasks were checked"
    );
}
