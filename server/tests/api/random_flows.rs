//! Generated flows: many random valid flow trees are published through the designers' API and a
//! matter is driven through each with random form data to its end.
//!
//! The trees mix handling units; approvers — named people, a role, a post in a unit, a unit's
//! leader, the initiator's leader one or two levels up (the second resolves to nobody, so the
//! node's `when_empty` policy applies) and people the initiator picks at submission — signing
//! 会签 (everyone or a percentage), 或签 or 依次; 抄送 and seal nodes; parallel and condition
//! branches nested two deep. Now and then the driver hands a pending task on (转办).
//!
//! At every step an oracle computed from the generated tree says who may act on each pending
//! task (nobody else may), and who may open the matter at all (everyone else gets 404); 抄送
//! recipients must be the resolved people and get a `cc` notification. At the end the nodes that
//! joined, the copies sent and how many approvals each node took (the 会签 quorum) must match
//! the path the form data selects. The seeds are fixed; a failure prints its seed and flow, and
//! the run fails if some feature was never driven, so the generator cannot quietly drift.

use crate::support::{Session, TestApp, pending_task};
use axum::http::StatusCode;
use lianban_seeds::DemoWorld;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// How many random flows are published and driven.
const FLOWS: u64 = 40;
/// Units with a clerk and a leader in the demo world.
const UNITS: [&str; 6] = ["rsj", "czj", "jgswzx", "fgj", "scjgj", "zjj"];
/// Units an approver's post or a seal may name: the handling units and the initiating unit.
const POST_UNITS: [&str; 7] = ["zzb", "rsj", "czj", "jgswzx", "fgj", "scjgj", "zjj"];
/// The posts every unit above has holders for.
const POSTS: [&str; 2] = ["clerk", "leader"];
/// People who may be named approvers or the receivers of a `to_users` policy.
const APPROVERS: [&str; 3] = ["zzb_leader", "fgj_leader", "czj_leader"];
/// Roles with members.
const ROLES: [&str; 2] = ["supervisor", "admin"];
/// Who registers and submits every matter, and the unit approver dispatches belong to.
const INITIATOR: (&str, &str) = ("zzb_clerk", "zzb");
/// The chance that the driver hands a task on (转办) instead of approving it.
const TRANSFER_RATE: f64 = 0.15;

/// Who an approver or 抄送 node names.
#[derive(Debug, Clone)]
enum Who {
    Users(Vec<String>),
    Role(&'static str),
    Post {
        unit: String,
        post: &'static str,
    },
    UnitLeader(String),
    InitiatorLeader(u8),
    /// 发起人自选, with the people the driver picks in the submit body.
    Chosen {
        multiple: bool,
        picks: Vec<String>,
    },
}

/// An approver node's `when_empty` policy.
#[derive(Debug, Clone)]
enum Empty {
    ToAdmin,
    ToUsers(Vec<String>),
    AutoPass,
    Refuse,
}

/// A generated node, kept beside its JSON as the test's oracle.
#[derive(Debug, Clone)]
enum Gen {
    Unit {
        id: String,
        unit: String,
        posts: Vec<&'static str>,
    },
    Approver {
        id: String,
        who: Who,
        mode: &'static str,
        percent: Option<u8>,
        empty: Empty,
    },
    Cc {
        id: String,
        who: Who,
    },
    Seal {
        id: String,
        unit: String,
        post: &'static str,
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

impl Gen {
    /// Its branches' node sequences (none for a leaf).
    fn branches(&self) -> Vec<&[Gen]> {
        match self {
            Gen::Parallel { branches, .. } => branches.iter().map(Vec::as_slice).collect(),
            Gen::Condition {
                branches, default, ..
            } => (branches.iter().map(|b| b.1.as_slice()))
                .chain([default.as_slice()])
                .collect(),
            Gen::Unit { .. } | Gen::Approver { .. } | Gen::Cc { .. } | Gen::Seal { .. } => {
                Vec::new()
            }
        }
    }
}

/// Generates node trees with unique ids.
struct Generator {
    rng: StdRng,
    next: usize,
    /// Everyone in the demo world, for 发起人自选 picks.
    people: Vec<String>,
}

impl Generator {
    fn id(&mut self, kind: &str) -> String {
        self.next += 1;
        format!("{kind}_{}", self.next)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// `count` distinct items of `items` (at most all of them) in a random order.
    fn some(&mut self, items: &[String], count: usize) -> Vec<String> {
        let mut left = items.to_vec();
        let mut out = Vec::new();
        while out.len() < count && !left.is_empty() {
            out.push(left.swap_remove(self.rng.random_range(0..left.len())));
        }
        out
    }

    /// One to three of the named approvers.
    fn approvers(&mut self) -> Vec<String> {
        let count = self.rng.random_range(1..=APPROVERS.len());
        self.some(&APPROVERS.map(str::to_owned), count)
    }

    /// A sequence of 1–3 nodes (`empty_ok`: may be empty, for default branches).
    fn seq(&mut self, depth: u32, empty_ok: bool) -> Vec<Gen> {
        let low = usize::from(!empty_ok);
        let len = self.rng.random_range(low..=3);
        (0..len).map(|_| self.node(depth)).collect()
    }

    fn node(&mut self, depth: u32) -> Gen {
        let kinds = if depth >= 2 { 5 } else { 7 };
        match self.rng.random_range(0..kinds) {
            0 => {
                let posts = match self.rng.random_range(0..3) {
                    0 => vec!["clerk"],
                    1 => vec!["leader"],
                    _ => vec!["clerk", "leader"],
                };
                Gen::Unit {
                    id: self.id("unit"),
                    unit: self.pick(&UNITS).to_owned(),
                    posts,
                }
            }
            1 | 2 => self.approver(),
            3 => Gen::Cc {
                id: self.id("cc"),
                who: self.who(false),
            },
            4 => Gen::Seal {
                id: self.id("seal"),
                unit: self.pick(&POST_UNITS).to_owned(),
                post: self.pick(&POSTS),
            },
            5 => {
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

    /// An assignee; `at_submit` allows 发起人自选 (approvers only: a CC node's picks are dropped).
    fn who(&mut self, at_submit: bool) -> Who {
        match self.rng.random_range(0..if at_submit { 8 } else { 7 }) {
            0 => Who::Users(self.approvers()),
            1 => Who::Role(self.pick(&ROLES)),
            2 => Who::Post {
                unit: self.pick(&POST_UNITS).to_owned(),
                post: self.pick(&POSTS),
            },
            3 => Who::UnitLeader(self.pick(&POST_UNITS).to_owned()),
            4 => Who::InitiatorLeader(1),
            5 | 6 => Who::InitiatorLeader(2),
            _ => {
                let multiple = self.rng.random_bool(0.5);
                let count = if multiple {
                    self.rng.random_range(1..=3)
                } else {
                    1
                };
                let people = self.people.clone();
                let picks = self.some(&people, count);
                Who::Chosen { multiple, picks }
            }
        }
    }

    /// Two or three signers.
    fn signers(&mut self) -> Who {
        let count = self.rng.random_range(2..=3);
        match self.rng.random_range(0..3) {
            0 => Who::Users(self.some(&APPROVERS.map(str::to_owned), count)),
            1 => {
                let people = self.people.clone();
                let picks = self.some(&people, count);
                Who::Chosen {
                    multiple: true,
                    picks,
                }
            }
            _ => Who::Post {
                unit: "rsj".to_owned(),
                post: "clerk",
            },
        }
    }

    /// An approver node; its policy only matters when the assignee resolves to nobody (the
    /// second leader level), where it is never `refuse` (that would stop the matter).
    fn approver(&mut self) -> Gen {
        let mode = self.pick(&["any", "all", "sequential"]);
        // 会签 by percentage: mostly several signers, at percentages where fewer than all do.
        let percent = (mode == "all" && self.rng.random_bool(0.7)).then(|| {
            let low = self.rng.random_bool(0.75);
            self.rng.random_range(if low { 1..=50 } else { 51..=100 })
        });
        let who = if percent.is_some() && self.rng.random_bool(0.6) {
            self.signers()
        } else {
            self.who(true)
        };
        let level_two = matches!(who, Who::InitiatorLeader(2));
        let empty = match self.rng.random_range(0..if level_two { 5 } else { 6 }) {
            0 | 1 => Empty::ToAdmin,
            2 | 3 => Empty::AutoPass,
            4 => Empty::ToUsers(self.approvers()),
            _ => Empty::Refuse,
        };
        Gen::Approver {
            id: self.id("approver"),
            who,
            mode,
            percent,
            empty,
        }
    }
}

/// The JSON of a node sequence, as the designer stores it.
fn to_json(nodes: &[Gen]) -> Value {
    Value::Array(nodes.iter().map(node_json).collect())
}

fn fixed(unit: &str) -> Value {
    json!({ "type": "fixed", "unit": unit })
}

fn who_json(who: &Who) -> Value {
    match who {
        Who::Users(users) => json!({ "type": "users", "users": users }),
        Who::Role(role) => json!({ "type": "role", "role": role }),
        Who::Post { unit, post } => json!({ "type": "post", "unit": fixed(unit), "post": post }),
        Who::UnitLeader(unit) => json!({ "type": "unit_leader", "unit": fixed(unit) }),
        Who::InitiatorLeader(levels) => json!({ "type": "initiator_leader", "levels": levels }),
        Who::Chosen { multiple, .. } => json!({ "type": "chosen_at_submit", "multiple": multiple }),
    }
}

fn node_json(node: &Gen) -> Value {
    match node {
        Gen::Unit { id, unit, posts } => {
            json!({ "type": "unit", "id": id, "name": format!("{unit}办理"), "unit": fixed(unit),
            "steps": posts.iter().enumerate().map(|(i, p)| json!({ "id": format!("s{i}"), "name": format!("{p}审核"), "post": p })).collect::<Vec<_>>() })
        }
        Gen::Approver {
            id,
            who,
            mode,
            percent,
            empty,
        } => {
            let mut node = json!({ "type": "approver", "id": id, "name": format!("审批{id}"),
                "assignee": who_json(who), "mode": mode });
            if let Some(percent) = percent {
                node["pass_percent"] = json!(percent);
            }
            node["when_empty"] = match empty {
                Empty::ToAdmin => json!({ "type": "to_admin" }),
                Empty::ToUsers(users) => json!({ "type": "to_users", "users": users }),
                Empty::AutoPass => json!({ "type": "auto_pass" }),
                Empty::Refuse => json!({ "type": "refuse" }),
            };
            node
        }
        Gen::Cc { id, who } => json!({ "type": "cc", "id": id, "name": format!("抄送{id}"),
            "recipients": who_json(who) }),
        Gen::Seal { id, unit, post } => json!({ "type": "seal", "id": id, "name": "加盖公章",
            "unit": fixed(unit), "post": post, "seal": "单位公章" }),
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

/// The submit body's picks: every 发起人自选 node of the tree, taken or not.
fn chosen(nodes: &[Gen], out: &mut BTreeMap<String, Vec<String>>) {
    for node in nodes {
        if let Gen::Approver {
            id,
            who: Who::Chosen { picks, .. },
            ..
        } = node
        {
            out.insert(id.clone(), picks.clone());
        }
        for branch in node.branches() {
            chosen(branch, out);
        }
    }
}

/// The oracle: the leaf nodes a matter with `n` passes, by id.
fn path<'g>(nodes: &'g [Gen], n: i64, out: &mut BTreeMap<String, &'g Gen>) {
    for node in nodes {
        match node {
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
            Gen::Unit { id, .. }
            | Gen::Approver { id, .. }
            | Gen::Cc { id, .. }
            | Gen::Seal { id, .. } => {
                out.insert(id.clone(), node);
            }
        }
    }
}

/// The tasks an approver node makes, as the oracle sees them.
#[derive(Debug)]
enum Plan {
    /// Nobody resolved and the policy passes the node.
    AutoPass,
    /// One task any of them may take (或签, or a policy's fallback people).
    Shared(BTreeSet<String>),
    /// 会签: one task each; the node passes after `quorum` approvals.
    Each { signers: Vec<String>, quorum: usize },
    /// 依次: one task each, in this order.
    InTurn(Vec<String>),
}

/// Who may act on one task.
enum Expect {
    Exactly(BTreeSet<String>),
    /// A 会签 task: exactly one of these, a different one per task.
    OneOf(BTreeSet<String>),
}

/// The demo organisation, as the oracle reads it.
struct World(DemoWorld);

impl World {
    fn people(&self) -> Vec<String> {
        self.0.users.iter().map(|u| u.username.clone()).collect()
    }

    /// The holders of `post` in `unit`, by user name (the directory's order).
    fn holders(&self, unit: &str, post: &str) -> Vec<String> {
        let mut out: Vec<String> = (self.0.users.iter())
            .filter(|u| u.unit == unit && u.posts.iter().any(|p| p == post))
            .map(|u| u.username.clone())
            .collect();
        out.sort();
        out
    }

    /// Everyone whose home unit is `unit`.
    fn members(&self, unit: &str) -> impl Iterator<Item = &str> {
        (self.0.users.iter())
            .filter(move |u| u.unit == unit)
            .map(|u| u.username.as_str())
    }

    fn with_role(&self, role: &str) -> Vec<String> {
        let mut out: Vec<String> = (self.0.users.iter())
            .filter(|u| u.roles.iter().any(|r| r == role))
            .map(|u| u.username.clone())
            .collect();
        out.sort();
        out
    }

    fn parent(&self, unit: &str) -> Option<&str> {
        let unit = self.0.units.iter().find(|u| u.code == unit)?;
        unit.parent.as_deref()
    }

    /// Everyone `who` names, distinct, in the runtime's order.
    fn resolve(&self, who: &Who) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = match who {
            Who::Users(users) | Who::Chosen { picks: users, .. } => users.clone(),
            Who::Role(role) => self.with_role(role),
            Who::Post { unit, post } => self.holders(unit, post),
            Who::UnitLeader(unit) => self.holders(unit, "leader"),
            Who::InitiatorLeader(levels) => {
                let mut unit = Some(INITIATOR.1);
                for _ in 1..*levels {
                    unit = unit.and_then(|u| self.parent(u));
                }
                unit.map(|u| self.holders(u, "leader")).unwrap_or_default()
            }
        };
        for user in all {
            if !out.contains(&user) {
                out.push(user);
            }
        }
        out
    }

    /// The tasks approver node `node` makes.
    fn plan(&self, node: &Gen) -> Plan {
        let Gen::Approver {
            id,
            who,
            mode,
            percent,
            empty,
        } = node
        else {
            panic!("not an approver: {node:?}");
        };
        let people = self.resolve(who);
        if people.is_empty() {
            return match empty {
                Empty::ToAdmin => Plan::Shared(self.with_role("admin").into_iter().collect()),
                Empty::ToUsers(users) => Plan::Shared(users.iter().cloned().collect()),
                Empty::AutoPass => Plan::AutoPass,
                Empty::Refuse => panic!("{id}: the generator refuses an empty node"),
            };
        }
        match *mode {
            "any" => Plan::Shared(people.into_iter().collect()),
            "all" => {
                let n = people.len();
                let quorum = percent.map_or(n, |p| (n * usize::from(p)).div_ceil(100).clamp(1, n));
                Plan::Each {
                    signers: people,
                    quorum,
                }
            }
            _ => Plan::InTurn(people),
        }
    }

    /// Who may act on a task of `node` at `step`.
    fn expect(&self, node: &Gen, step: usize) -> Expect {
        let exactly = |users: Vec<String>| Expect::Exactly(users.into_iter().collect());
        match node {
            Gen::Unit { unit, posts, .. } => exactly(self.holders(unit, posts[step])),
            Gen::Seal { unit, post, .. } => exactly(self.holders(unit, post)),
            Gen::Approver { .. } => match self.plan(node) {
                Plan::Shared(users) => Expect::Exactly(users),
                Plan::Each { signers, .. } => Expect::OneOf(signers.into_iter().collect()),
                Plan::InTurn(users) => exactly(users.get(step).into_iter().cloned().collect()),
                Plan::AutoPass => panic!("a task on an auto-passed node: {node:?}"),
            },
            Gen::Cc { .. } | Gen::Parallel { .. } | Gen::Condition { .. } => {
                panic!("a task on a node without tasks: {node:?}")
            }
        }
    }

    /// How many approvals the node takes to finish.
    fn approvals(&self, node: &Gen) -> usize {
        match node {
            Gen::Unit { posts, .. } => posts.len(),
            Gen::Approver { .. } => match self.plan(node) {
                Plan::AutoPass => 0,
                Plan::Shared(_) => 1,
                Plan::Each { quorum, .. } => quorum,
                Plan::InTurn(users) => users.len(),
            },
            Gen::Seal { .. } | Gen::Cc { .. } | Gen::Parallel { .. } | Gen::Condition { .. } => 1,
        }
    }

    /// What a path node exercises, for the coverage check.
    fn features(&self, node: &Gen) -> Vec<&'static str> {
        let Gen::Approver { who, empty, .. } = node else {
            return match node {
                Gen::Cc { .. } => vec!["抄送"],
                Gen::Seal { .. } => vec!["盖章"],
                _ => Vec::new(),
            };
        };
        let kind = match who {
            Who::Users(_) => "users",
            Who::Role(_) => "role",
            Who::Post { .. } => "post",
            Who::UnitLeader(_) => "unit_leader",
            Who::InitiatorLeader(1) => "initiator_leader 1",
            Who::InitiatorLeader(_) => "initiator_leader 2",
            Who::Chosen { .. } => "chosen_at_submit",
        };
        let sign = match (self.plan(node), empty) {
            (Plan::AutoPass, _) => "auto_pass",
            (Plan::Shared(_), Empty::ToAdmin) if self.resolve(who).is_empty() => "to_admin",
            (Plan::Shared(_), Empty::ToUsers(_)) if self.resolve(who).is_empty() => "to_users",
            (Plan::Shared(_), _) => "或签",
            (Plan::Each { signers, quorum }, _) if quorum < signers.len() => "会签 quorum",
            (Plan::Each { .. }, _) => "会签",
            (Plan::InTurn(_), _) => "依次",
        };
        vec![kind, sign]
    }

    /// The unit whose members a dispatch of `node` lets see the matter.
    fn dispatch_unit<'g>(&self, node: &'g Gen) -> &'g str {
        match node {
            Gen::Unit { unit, .. } | Gen::Seal { unit, .. } => unit,
            _ => INITIATOR.1,
        }
    }
}

/// Prints the case being driven when an assertion fails, so it can be rebuilt.
struct Reproduce {
    seed: u64,
    n: i64,
    flow: Value,
}

impl Drop for Reproduce {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "random flow failed: seed {} (n = {}), flow {}",
                self.seed, self.n, self.flow
            );
        }
    }
}

/// How often each feature was driven, by name.
type Coverage = BTreeMap<&'static str, usize>;

/// A task seen pending: its node and who it was for (for a 会签 task, the one signer holding it).
struct Seen {
    dispatch: String,
    owners: BTreeSet<String>,
    transferred: bool,
}

/// One matter being driven, with what the oracle has learnt so far.
struct Drive<'a> {
    seed: u64,
    id: String,
    world: &'a World,
    people: &'a [(String, Session<'a>)],
    /// The leaf nodes on the path, by id.
    expected: BTreeMap<String, &'a Gen>,
    /// Every task seen pending.
    tasks: BTreeMap<u64, Seen>,
    /// Tasks created by 转办, and to whom.
    transfers: BTreeMap<u64, String>,
    /// How many copies (抄送) have been checked, and their recipients.
    copies: usize,
    copied: BTreeSet<String>,
    /// Who sent the last command (never notified of its own command's effects).
    actor: String,
}

impl<'a> Drive<'a> {
    fn session(&self, user: &str) -> &'a Session<'a> {
        session(self.people, user)
    }

    /// The path node of a dispatch id.
    fn node(&self, dispatch: &Value) -> &'a Gen {
        let id = dispatch.as_str().unwrap();
        let node = self.expected.get(id).copied();
        node.unwrap_or_else(|| panic!("seed {}: {id} is off the path", self.seed))
    }

    /// Checks the pending tasks, the copies and who may open the matter; returns who may act on
    /// each task.
    async fn check(&mut self, page: &Value) -> BTreeMap<u64, BTreeSet<String>> {
        let seed = self.seed;
        let mut holders: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
        let mut visible = BTreeSet::new();
        for (username, session) in self.people {
            let Some(tasks) = actionable(session, &self.id).await else {
                continue;
            };
            visible.insert(username.clone());
            for task in tasks {
                holders.entry(task).or_default().insert(username.clone());
            }
        }
        let open: BTreeSet<u64> = pending(page).map(|t| t["id"].as_u64().unwrap()).collect();
        let stray: Vec<&u64> = holders.keys().filter(|t| !open.contains(t)).collect();
        assert!(
            stray.is_empty(),
            "seed {seed}: tasks {stray:?} are offered but not pending"
        );
        for task in pending(page) {
            let task_id = task["id"].as_u64().unwrap();
            let got = holders.get(&task_id).cloned().unwrap_or_default();
            let owners = self.check_task(task, &got);
            let seen = Seen {
                dispatch: task["dispatch"].as_str().unwrap().to_owned(),
                owners,
                transferred: self.transfers.contains_key(&task_id),
            };
            self.tasks.insert(task_id, seen);
        }
        self.check_copies(page).await;
        let insiders = self.insiders(page);
        assert_eq!(visible, insiders, "seed {seed}: who may open the matter");
        holders
    }

    /// Checks who may act on one pending task; returns who it is for.
    fn check_task(&self, task: &Value, got: &BTreeSet<String>) -> BTreeSet<String> {
        let (seed, task_id) = (self.seed, task["id"].as_u64().unwrap());
        let node = self.node(&task["dispatch"]);
        let want = match self.transfers.get(&task_id) {
            Some(to) => Expect::Exactly(BTreeSet::from([to.clone()])),
            None => self
                .world
                .expect(node, task["step"].as_u64().unwrap() as usize),
        };
        match want {
            Expect::Exactly(want) => {
                assert_eq!(
                    *got, want,
                    "seed {seed}: task {task_id} of {}",
                    task["dispatch"]
                );
                want
            }
            Expect::OneOf(signers) => {
                let others: Vec<&BTreeSet<String>> = (self.tasks.iter())
                    .filter(|(t, s)| **t != task_id && !s.transferred)
                    .filter(|(_, s)| task["dispatch"] == s.dispatch.as_str())
                    .map(|(_, s)| &s.owners)
                    .collect();
                assert!(
                    got.len() == 1 && signers.is_superset(got) && !others.contains(&got),
                    "seed {seed}: 会签 task {task_id} should be one signer's own, of {signers:?}; \
                     got {got:?}, other signers' tasks {others:?}"
                );
                got.clone()
            }
        }
    }

    /// Checks the copies sent since the last step: from 抄送 nodes on the path, to the resolved
    /// people, each of whom (but the actor) has a `cc` notification.
    async fn check_copies(&mut self, page: &Value) {
        let seed = self.seed;
        let copies = page["cc"].as_array().unwrap();
        for copy in &copies[self.copies..] {
            let Gen::Cc { id, who } = self.node(&copy["node"]) else {
                panic!("seed {seed}: a copy from a node that is not 抄送: {copy}");
            };
            let got: BTreeSet<String> = (copy["users"].as_array().unwrap().iter())
                .map(|u| u["username"].as_str().unwrap().to_owned())
                .collect();
            let want: BTreeSet<String> = self.world.resolve(who).into_iter().collect();
            assert_eq!(got, want, "seed {seed}: recipients of {id}");
            for user in want.iter().filter(|u| **u != self.actor) {
                let notes = self
                    .session(user)
                    .get("/api/v1/notifications")
                    .await
                    .expect(StatusCode::OK);
                let step = format!("（抄送{id}）");
                let told = notes["items"].as_array().unwrap().iter().any(|n| {
                    n["kind"] == "cc"
                        && n["matter_id"] == self.id.as_str()
                        && n["body"].as_str().unwrap().contains(&step)
                });
                assert!(
                    told,
                    "seed {seed}: {user} has no cc notification of {id}: {notes}"
                );
            }
            self.copied.extend(want);
        }
        self.copies = copies.len();
    }

    /// Who may open the matter: the initiating unit, administrators, supervisors (督办), the
    /// units dispatched to, everyone a task was for (a pool's holders included), and the
    /// recipients of copies.
    fn insiders(&self, page: &Value) -> BTreeSet<String> {
        let world = self.world;
        let mut out: BTreeSet<String> = world.with_role("admin").into_iter().collect();
        out.extend(world.with_role("supervisor"));
        out.extend(world.members(INITIATOR.1).map(str::to_owned));
        for dispatch in page["dispatches"].as_array().unwrap() {
            let unit = world.dispatch_unit(self.node(&dispatch["node"]));
            out.extend(world.members(unit).map(str::to_owned));
        }
        for seen in self.tasks.values() {
            out.extend(seen.owners.iter().cloned());
        }
        out.extend(self.copied.iter().cloned());
        out
    }

    /// Approves a random pending task as one of its holders, or now and then hands it on to
    /// someone who may not act on it yet (转办); returns the page after.
    async fn act(
        &mut self,
        page: &Value,
        holders: &BTreeMap<u64, BTreeSet<String>>,
        rng: &mut StdRng,
    ) -> Value {
        let seed = self.seed;
        let tasks: Vec<&Value> = pending(page).collect();
        let task = tasks[rng.random_range(0..tasks.len())];
        let task_id = task["id"].as_u64().unwrap();
        let able: Vec<&String> = holders.get(&task_id).into_iter().flatten().collect();
        assert!(
            !able.is_empty(),
            "seed {seed}: nobody may act on task {task_id}"
        );
        self.actor = able[rng.random_range(0..able.len())].clone();
        let session = self.session(&self.actor);
        let base = format!("/api/v1/matters/{}/tasks/{task_id}", self.id);
        if !rng.random_bool(TRANSFER_RATE) {
            return session
                .post(&format!("{base}/approve"), json!({ "opinion": "同意" }))
                .await
                .expect(StatusCode::OK);
        }
        // Someone who may not act on it yet and holds no other task of the node (a 会签 signer
        // signs once; the product refuses that transfer).
        let signing: BTreeSet<&String> = pending(page)
            .filter(|t| t["dispatch"] == task["dispatch"] && t["id"] != task["id"])
            .flat_map(|t| {
                holders
                    .get(&t["id"].as_u64().unwrap())
                    .into_iter()
                    .flatten()
            })
            .collect();
        let others: Vec<&String> = (self.people.iter().map(|(u, _)| u))
            .filter(|u| !able.contains(u) && !signing.contains(u))
            .collect();
        let to = others[rng.random_range(0..others.len())].clone();
        let page = session
            .post(
                &format!("{base}/transfer"),
                json!({ "to": to, "note": "请代为办理" }),
            )
            .await
            .expect(StatusCode::OK);
        let new = (page["tasks"].as_array().unwrap().iter())
            .max_by_key(|t| t["id"].as_u64())
            .unwrap();
        assert!(
            new["dispatch"] == task["dispatch"] && new["step"] == task["step"],
            "seed {seed}: 转办 of {task_id} to {to} made {new}"
        );
        self.transfers.insert(new["id"].as_u64().unwrap(), to);
        page
    }

    /// Checks the finished matter: the nodes that joined, the copies sent, how many approvals
    /// each node took, and that every 会签 signer had a task.
    fn finish(&self, page: &Value, coverage: &mut Coverage) {
        let seed = self.seed;
        assert_eq!(
            page["status"], "completed",
            "seed {seed}: the matter did not finish"
        );
        let dispatches = page["dispatches"].as_array().unwrap();
        let joined: BTreeSet<&str> = dispatches
            .iter()
            .map(|d| d["node"].as_str().unwrap())
            .collect();
        let mut copied: Vec<&str> = (page["cc"].as_array().unwrap().iter())
            .map(|c| c["node"].as_str().unwrap())
            .collect();
        copied.sort_unstable();
        let (want_copies, want_joined): (Vec<&str>, Vec<&str>) = (self.expected.keys())
            .map(String::as_str)
            .partition(|id| matches!(self.expected[*id], Gen::Cc { .. }));
        let want_joined: BTreeSet<&str> = want_joined.into_iter().collect();
        assert_eq!(joined, want_joined, "seed {seed}: the wrong nodes joined");
        assert_eq!(
            copied, want_copies,
            "seed {seed}: the wrong copies were sent"
        );
        for dispatch in dispatches {
            let node = self.node(&dispatch["node"]);
            let id = dispatch["node"].as_str().unwrap();
            let unit = self.world.dispatch_unit(node);
            assert_eq!(dispatch["unit"]["code"], unit, "seed {seed}: unit of {id}");
            let done = (page["tasks"].as_array().unwrap().iter())
                .filter(|t| t["dispatch"] == id && t["status"] == "done")
                .count();
            let want = self.world.approvals(node);
            assert_eq!(done, want, "seed {seed}: approvals of {id} ({node:?})");
            if matches!(node, Gen::Approver { .. })
                && let Plan::Each { signers, .. } = self.world.plan(node)
            {
                let had: BTreeSet<&String> = (self.tasks.values())
                    .filter(|s| s.dispatch == id && !s.transferred)
                    .flat_map(|s| &s.owners)
                    .collect();
                assert_eq!(
                    had,
                    signers.iter().collect(),
                    "seed {seed}: 会签 signers of {id}"
                );
            }
        }
        for node in self.expected.values() {
            for feature in self.world.features(node) {
                *coverage.entry(feature).or_default() += 1;
            }
        }
        *coverage.entry("转办").or_default() += self.transfers.len();
    }
}

/// The session of `user`.
fn session<'p, 'a>(people: &'p [(String, Session<'a>)], user: &str) -> &'p Session<'a> {
    &people.iter().find(|(u, _)| u == user).unwrap().1
}

/// The open and claimed tasks of a matter page.
fn pending(page: &Value) -> impl Iterator<Item = &Value> {
    (page["tasks"].as_array().unwrap().iter())
        .filter(|t| t["status"] == "open" || t["status"] == "claimed")
}

/// The ids of the tasks `session` may act on in matter `id`, or `None` when it may not see it
/// (404).
async fn actionable(session: &Session<'_>, id: &str) -> Option<BTreeSet<u64>> {
    let resp = session.get(&format!("/api/v1/matters/{id}")).await;
    if resp.status == StatusCode::NOT_FOUND {
        return None;
    }
    let page = resp.expect(StatusCode::OK);
    let tasks = page["my_tasks"].as_array().unwrap();
    Some(tasks.iter().filter_map(Value::as_u64).collect())
}

/// Creates and publishes matter type `random_<seed>` with `flow` and one number field `n`.
async fn publish(designer: &Session<'_>, seed: u64, flow: &Value) -> String {
    let code = format!("random_{seed}");
    let name = format!("随机流程{seed}");
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": code, "name": name }),
        )
        .await
        .expect(StatusCode::CREATED);
    let def = json!({ "code": code, "name": name, "version": 1,
        "form": { "schema_version": 1, "fields": [{ "key": "n", "label": "数值", "kind": { "type": "number" }, "required": true }] },
        "flow": { "schema_version": 1, "nodes": flow } });
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
    code
}

/// Generates flow `seed`, publishes it, and drives a matter through it to its end, checking
/// every step; counts what it exercised.
async fn run_flow(
    world: &World,
    people: &[(String, Session<'_>)],
    seed: u64,
    coverage: &mut Coverage,
) {
    let mut generator = Generator {
        rng: StdRng::seed_from_u64(seed),
        next: 0,
        people: world.people(),
    };
    let mut nodes = generator.seq(0, false);
    if !nodes.iter().any(|n| matches!(n, Gen::Unit { .. })) {
        nodes.push(Gen::Unit {
            id: "unit_last".into(),
            unit: "rsj".into(),
            posts: vec!["clerk"],
        });
    }
    let n: i64 = generator.rng.random_range(0..100);
    let flow = to_json(&nodes);
    let _reproduce = Reproduce {
        seed,
        n,
        flow: flow.clone(),
    };
    let code = publish(session(people, "designer"), seed, &flow).await;
    let mut picks = BTreeMap::new();
    chosen(&nodes, &mut picks);
    let clerk = session(people, INITIATOR.0);
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
            json!({ "values": { "n": n }, "chosen": picks }),
        )
        .await
        .expect(StatusCode::OK);
    let mut expected = BTreeMap::new();
    path(&nodes, n, &mut expected);
    let mut drive = Drive {
        seed,
        id,
        world,
        people,
        expected,
        tasks: BTreeMap::new(),
        transfers: BTreeMap::new(),
        copies: 0,
        copied: BTreeSet::new(),
        actor: INITIATOR.0.to_owned(),
    };
    for _ in 0..300 {
        let holders = drive.check(&page).await;
        if page["status"] == "completed" {
            break;
        }
        let open = pending(&page).count();
        assert!(
            open > 0,
            "seed {seed}: running without pending tasks: {page}"
        );
        *coverage.entry("task").or_default() += open;
        page = drive.act(&page, &holders, &mut generator.rng).await;
    }
    drive.finish(&page, coverage);
}

#[tokio::test]
async fn random_flows_send_every_task_to_the_right_people() {
    let app = TestApp::start().await;
    let world = World(lianban_seeds::demo_world());
    let mut people = Vec::new();
    for user in world.people() {
        let session = app.login(&user).await;
        people.push((user, session));
    }
    let mut coverage = Coverage::new();
    for seed in 0..FLOWS {
        run_flow(&world, &people, seed, &mut coverage).await;
    }
    let features = [
        "task",
        "转办",
        "抄送",
        "盖章",
        "users",
        "role",
        "post",
        "unit_leader",
        "initiator_leader 1",
        "initiator_leader 2",
        "chosen_at_submit",
        "或签",
        "会签",
        "会签 quorum",
        "依次",
        "to_admin",
        "to_users",
        "auto_pass",
    ];
    let missing: Vec<&str> = (features.into_iter())
        .filter(|f| !coverage.contains_key(f))
        .collect();
    assert!(
        missing.is_empty(),
        "never driven: {missing:?}; driven: {coverage:?}"
    );
    eprintln!("random flows drove {coverage:?}");
}

/// 或签 by a post of another unit (here its leader) is one pool task for the post's holders:
/// they see it in their work lists and must be able to open the matter and decide it, although
/// the approver's dispatch belongs to the initiating unit (a bug the generated flows found).
#[tokio::test]
async fn approver_pool_of_another_unit_can_open_and_decide() {
    let app = TestApp::start().await;
    let flow = json!([
        { "type": "approver", "id": "leader", "name": "机关事务中心领导审批",
          "assignee": { "type": "unit_leader", "unit": { "type": "fixed", "unit": "jgswzx" } } },
        { "type": "unit", "id": "rsj", "name": "人社局办理", "unit": { "type": "fixed", "unit": "rsj" },
          "steps": [{ "id": "clerk", "name": "经办人审核", "post": "clerk" }] }
    ]);
    let code = publish(&app.login("designer").await, 1000, &flow).await;
    let clerk = app.login(INITIATOR.0).await;
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": code, "values": { "n": 1 } }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap();
    let page = clerk
        .post(&format!("/api/v1/matters/{id}/submit"), json!({}))
        .await
        .expect(StatusCode::OK);
    let task = pending_task(&page, "leader");
    let leader = app.login("jgswzx_leader").await;
    let todo = leader
        .get("/api/v1/worklist/todo")
        .await
        .expect(StatusCode::OK);
    assert_eq!(todo["items"][0]["matter_id"], id, "{todo}");
    assert_eq!(leader.page(id).await["my_tasks"], json!([task]));
    leader
        .post(
            &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
            json!({ "opinion": "同意" }),
        )
        .await
        .expect(StatusCode::OK);
}
