//! The world the property tests play in: a fixture (definition + first values), a roster of
//! actors, and random steps resolved against the current state into (actor, command) pairs.

use super::defs::{self, values_with};
use jiff::{SignedDuration, Timestamp};
use lianban_definition::flow::{AfterReturn, Node, ReturnTargets, SignMode};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use lianban_runtime::{
    Actor, Command, Ctx, Directory, DispatchStatus, ExternalAction, MatterState, ReturnTo,
    RuntimeResult, TaskId, Transition, apply, return_targets,
};
use proptest::prelude::*;
use serde_json::json;

/// The units with their own systems (受办分离).
pub const EXTERNAL_UNITS: [&str; 2] = ["rsj", "jgs"];

/// The roster as the organisation: holders of each (unit, post), administrators by role.
struct Roster<'a>(&'a [Actor]);

impl Directory for Roster<'_> {
    fn holders(&self, unit: &UnitCode, post: &PostCode) -> Vec<UserName> {
        self.0
            .iter()
            .filter(|a| a.holds(unit, post))
            .map(|a| a.user.clone())
            .collect()
    }
    fn with_role(&self, role: &str) -> Vec<UserName> {
        self.0
            .iter()
            .filter(|a| role == "admin" && a.admin)
            .map(|a| a.user.clone())
            .collect()
    }
    fn parent(&self, _unit: &UnitCode) -> Option<UnitCode> {
        None
    }
    fn has_external_system(&self, unit: &UnitCode) -> bool {
        EXTERNAL_UNITS.contains(&unit.as_str())
    }
}

/// The flows under test.
#[derive(Debug, Clone, Copy)]
pub enum Fixture {
    /// 组织部 → 人社局.
    Sequential,
    /// 组织部 ‖ 人社局 ‖ 财政局.
    Parallel,
    /// A condition node with rule, `All` and `Any` branches and a default.
    Routed,
    /// Named approvers, 或签, then 组织部.
    ApproversAny,
    /// Named approvers, 会签, then 组织部.
    ApproversAll,
    /// Named approvers, 依次, then 组织部.
    ApproversSequential,
    /// The unit picked in a form field.
    Picked,
    /// Approver, parallel with a nested condition, then a unit.
    Mixed,
    /// 组织部, 人社局 in its own system (受办分离), 财政局.
    ExternalSequential,
    /// In parallel 组织部 → 人社局 (own system) and 机关事务中心 (own system), then 财政局.
    ExternalMixed,
}

impl Fixture {
    /// Its matter type, with every unit and approver node allowing returns to any earlier node
    /// or step; the parallel, routed and mixed fixtures re-run the path after a return, the
    /// others go straight back.
    pub fn def(self) -> MatterTypeDef {
        let mut def = self.base();
        let rerun = matches!(
            self,
            Fixture::Parallel | Fixture::Routed | Fixture::Mixed | Fixture::ExternalMixed
        );
        open_returns(&mut def.flow.nodes, rerun);
        def
    }

    /// The fixture as the unit tests know it.
    fn base(self) -> MatterTypeDef {
        match self {
            Fixture::Sequential => defs::sequential(),
            Fixture::Parallel => defs::parallel_three(),
            Fixture::Routed => defs::routed(),
            Fixture::ApproversAny => defs::approvers(SignMode::Any),
            Fixture::ApproversAll => defs::approvers(SignMode::All),
            Fixture::ApproversSequential => defs::approvers(SignMode::Sequential),
            Fixture::Picked => defs::picked(),
            Fixture::Mixed => defs::mixed(),
            Fixture::ExternalSequential => defs::external_sequential(),
            Fixture::ExternalMixed => defs::external_mixed(),
        }
    }
}

/// Lets every task node return anywhere earlier, re-running or going straight back.
fn open_returns(nodes: &mut [Node], rerun: bool) {
    for node in nodes {
        match node {
            Node::Unit { rights, .. } | Node::Approver { rights, .. } => {
                rights.ops.return_targets = ReturnTargets::AnyEarlier;
                rights.ops.after_return = if rerun {
                    AfterReturn::Rerun
                } else {
                    AfterReturn::StraightBack
                };
            }
            Node::Parallel { branches, .. } => {
                for b in branches {
                    open_returns(&mut b.nodes, rerun);
                }
            }
            Node::Condition {
                branches, default, ..
            } => {
                for b in branches {
                    open_returns(&mut b.nodes, rerun);
                }
                open_returns(&mut default.nodes, rerun);
            }
            Node::Cc { .. } | Node::Seal { .. } => {}
        }
    }
}

/// Four value sets that route differently (default / large / 人事 ≥ 100 / car without tags).
pub fn values_variant(variant: u8) -> FormValues {
    match variant % 4 {
        0 => defs::values(),
        1 => values_with(&[("amount", json!(5000))]),
        2 => values_with(&[("amount", json!(200)), ("target_unit", json!("zzb"))]),
        _ => values_with(&[("category", json!("car")), ("tags", json!([]))]),
    }
}

fn actor(user: &str, posts: &[(&str, &str)], admin: bool) -> Actor {
    Actor {
        user: UserName::new(user),
        posts: posts
            .iter()
            .map(|(u, p)| (UnitCode::new(*u), PostCode::new(*p)))
            .collect(),
        admin,
    }
}

/// Everyone who may turn up: the initiator, 区府办's leader `li`, the named approver `wu`, two
/// clerks and a leader per handling unit, an administrator, an outsider, and the synthetic
/// actors of the external systems (last).
pub fn roster() -> Vec<Actor> {
    let mut all = vec![
        actor(defs::INITIATOR, &[(defs::INITIATOR_UNIT, "clerk")], false),
        actor("li", &[(defs::INITIATOR_UNIT, "leader")], false),
        actor("wu", &[], false),
        actor("admin", &[], true),
        actor("outsider", &[("zzb", "driver")], false),
    ];
    for unit in ["zzb", "rsj", "czj", "jgs"] {
        all.push(actor(&format!("{unit}_clerk"), &[(unit, "clerk")], false));
        all.push(actor(&format!("{unit}_clerk2"), &[(unit, "clerk")], false));
        all.push(actor(&format!("{unit}_leader"), &[(unit, "leader")], false));
    }
    for unit in EXTERNAL_UNITS {
        all.push(system(unit));
    }
    all
}

/// The synthetic actor of `unit`'s external system, as the server builds it.
pub fn system(unit: &str) -> Actor {
    actor(&format!("ext:{unit}_oa"), &[], false)
}

/// Who acts in a random step.
#[derive(Debug, Clone)]
pub enum Who {
    /// The n-th roster actor admitted by the chosen task (or its assignee), if any.
    Candidate(usize),
    /// The initiator.
    Initiator,
    /// Anyone from the roster.
    Anyone(usize),
}

/// Which task a random step names.
#[derive(Debug, Clone)]
pub enum Which {
    /// The n-th pending task (a bogus id when none is pending).
    Pending(usize),
    /// Any number, often not a task at all.
    Raw(u32),
}

/// What a random step does.
#[derive(Debug, Clone)]
pub enum Op {
    /// Submit with one of the value sets.
    Submit(u8),
    /// Claim the task.
    Claim,
    /// Approve the task, with an opinion or a blank one.
    Approve(bool),
    /// Return the task, with a reason or a blank one.
    Return(bool),
    /// Resubmit to a returned dispatch (mostly) or any node id, with one of the value sets.
    Resubmit {
        /// Pick among the returned dispatches (if any) rather than all node ids.
        returned: bool,
        /// Which one.
        pick: usize,
        /// The value set.
        values: u8,
    },
    /// Close the matter.
    Close,
    /// Void, with a reason or a blank one.
    Void(bool),
    /// Urge one of the dispatches (or a node that has none).
    Urge(usize),
    /// Return the task to one of the targets it offers (or a bogus step).
    ReturnTo(usize),
    /// Withdraw the last approval (or the chosen task).
    Withdraw,
    /// Delegate the task to a roster member.
    Delegate(usize),
    /// Transfer the task to a roster member.
    Transfer(usize),
    /// Add a roster member as signer, before or after.
    AddSigner(usize, bool),
    /// Suspend (true) or resume (false).
    Suspend(bool),
    /// A report of an external system: on which dispatch (mostly a live external one), from
    /// which unit's system (mostly the dispatch's own), what.
    External {
        /// Pick among the active external dispatches (if any) rather than all node ids.
        live: bool,
        /// Which dispatch.
        pick: usize,
        /// Report as the dispatch's unit (else as a unit picked by `pick`).
        own_unit: bool,
        /// What.
        action: Ext,
    },
}

/// What a random external report says.
#[derive(Debug, Clone)]
pub enum Ext {
    /// Acknowledge with one of a few references (0: none).
    Ack(u8),
    /// An internal step, `minutes` before now (negative: in the future), blank or not.
    Step(i64, bool),
    /// Approve with some documents.
    Approve(u8),
    /// Return to the initiator with a reason or a blank one.
    Return(bool),
}

/// One random step: minutes to wait, who, which task, what.
#[derive(Debug, Clone)]
pub struct Step {
    /// Minutes that pass before it.
    pub minutes: i64,
    /// The actor.
    pub who: Who,
    /// The task it names.
    pub which: Which,
    /// The command.
    pub op: Op,
}

/// Random steps, weighted towards the ones that move a matter on.
pub fn step() -> impl Strategy<Value = Step> {
    let who = prop_oneof![
        5 => (0usize..4).prop_map(Who::Candidate),
        2 => Just(Who::Initiator),
        3 => (0usize..64).prop_map(Who::Anyone),
    ];
    let which = prop_oneof![
        4 => (0usize..4).prop_map(Which::Pending),
        1 => (0u32..20).prop_map(Which::Raw),
    ];
    let op = prop_oneof![
        1 => any::<u8>().prop_map(Op::Submit),
        2 => Just(Op::Claim),
        6 => any::<bool>().prop_map(Op::Approve),
        2 => prop::bool::weighted(0.9).prop_map(Op::Return),
        2 => (prop::bool::weighted(0.8), 0usize..8, any::<u8>())
            .prop_map(|(returned, pick, values)| Op::Resubmit { returned, pick, values }),
        1 => Just(Op::Close),
        1 => prop::bool::weighted(0.8).prop_map(Op::Void),
        1 => (0usize..8).prop_map(Op::Urge),
        2 => (0usize..6).prop_map(Op::ReturnTo),
        1 => Just(Op::Withdraw),
        1 => (0usize..64).prop_map(Op::Delegate),
        1 => (0usize..64).prop_map(Op::Transfer),
        1 => (0usize..64, any::<bool>()).prop_map(|(n, b)| Op::AddSigner(n, b)),
        1 => any::<bool>().prop_map(Op::Suspend),
        6 => (prop::bool::weighted(0.9), 0usize..8, prop::bool::weighted(0.9), ext())
            .prop_map(|(live, pick, own_unit, action)| Op::External { live, pick, own_unit, action }),
    ];
    (0i64..90, who, which, op).prop_map(|(minutes, who, which, op)| Step {
        minutes,
        who,
        which,
        op,
    })
}

fn ext() -> impl Strategy<Value = Ext> {
    prop_oneof![
        2 => (0u8..3).prop_map(Ext::Ack),
        3 => (-10i64..600, prop::bool::weighted(0.9)).prop_map(|(m, ok)| Ext::Step(m, ok)),
        3 => (0u8..3).prop_map(Ext::Approve),
        2 => prop::bool::weighted(0.9).prop_map(Ext::Return),
    ]
}

/// One matter in play.
#[derive(Clone)]
pub struct World {
    /// The matter type.
    pub def: MatterTypeDef,
    /// The current state.
    pub state: MatterState,
    /// The clock.
    pub now: Timestamp,
    /// Everyone who may act ([`roster`]); the initiator first.
    pub roster: Vec<Actor>,
}

impl World {
    /// A draft of the fixture with the given first values.
    pub fn new(fixture: Fixture, values: u8) -> Self {
        Self {
            def: fixture.def(),
            state: MatterState::draft(
                UserName::new(defs::INITIATOR),
                UnitCode::new(defs::INITIATOR_UNIT),
                values_variant(values),
            ),
            now: "2026-03-02T09:00:00Z".parse().unwrap(),
            roster: roster(),
        }
    }

    /// The initiator.
    pub fn initiator(&self) -> &Actor {
        &self.roster[0]
    }

    /// Applies a command at the world's time with the fixtures' routing rules.
    pub fn apply(&self, actor: &Actor, command: &Command) -> RuntimeResult<Transition> {
        let ctx = Ctx {
            now: self.now,
            actor,
            rules: &defs::routing_rules,
            directory: &Roster(&self.roster),
        };
        apply(&self.def, &self.state, command, &ctx)
    }

    /// Every node id that may own a dispatch, plus one that never does.
    fn dispatch_ids(&self) -> Vec<NodeId> {
        let mut ids: Vec<NodeId> = self
            .state
            .dispatches
            .iter()
            .map(|d| d.node.clone())
            .collect();
        ids.push(NodeId::new("ghost"));
        ids
    }

    fn task_id(&self, which: &Which) -> TaskId {
        match which {
            Which::Pending(n) => {
                let pending: Vec<TaskId> = self.state.pending_tasks().map(|t| t.id).collect();
                pending
                    .get(n % pending.len().max(1))
                    .copied()
                    .unwrap_or(TaskId(0))
            }
            Which::Raw(n) => TaskId(*n),
        }
    }

    fn who(&self, who: &Who, task: TaskId) -> Actor {
        match who {
            Who::Initiator => self.initiator().clone(),
            Who::Anyone(n) => self.roster[n % self.roster.len()].clone(),
            Who::Candidate(n) => {
                let Some(task) = self.state.task(task) else {
                    return self.roster[n % self.roster.len()].clone();
                };
                let fit: Vec<&Actor> = self
                    .roster
                    .iter()
                    .filter(|a| {
                        task.assignee.as_ref() == Some(&a.user) || task.candidates.admits(a)
                    })
                    .collect();
                fit.get(n % fit.len().max(1))
                    .map_or_else(|| self.initiator().clone(), |a| (*a).clone())
            }
        }
    }

    /// Turns a random step into an actor and a command for the current state.
    pub fn resolve(&self, step: &Step) -> (Actor, Command) {
        let task = self.task_id(&step.which);
        let actor = self.who(&step.who, task);
        let text = |filled: bool, text: &str| {
            if filled {
                text.to_owned()
            } else {
                " ".to_owned()
            }
        };
        let command = match &step.op {
            Op::Submit(v) => Command::Submit {
                values: values_variant(*v),
                chosen: Default::default(),
            },
            Op::Claim => Command::Claim { task },
            Op::Approve(with_opinion) => Command::Approve {
                task,
                opinion: text(*with_opinion, "同意"),
                edits: Default::default(),
            },
            Op::Return(with_reason) => Command::Return {
                task,
                reason: text(*with_reason, "材料不全"),
                code: None,
                to: Default::default(),
            },
            Op::Resubmit {
                returned,
                pick,
                values,
            } => {
                let returned_ids: Vec<NodeId> = self
                    .state
                    .dispatches
                    .iter()
                    .filter(|d| d.status == DispatchStatus::Returned)
                    .map(|d| d.node.clone())
                    .collect();
                let pool = if *returned && !returned_ids.is_empty() {
                    returned_ids
                } else {
                    self.dispatch_ids()
                };
                Command::Resubmit {
                    dispatch: pool[pick % pool.len()].clone(),
                    values: values_variant(*values),
                    note: "已补正".to_owned(),
                }
            }
            Op::Close => Command::Close {
                opinion: String::new(),
            },
            Op::Void(with_reason) => Command::Void {
                reason: text(*with_reason, "重复申报"),
            },
            Op::Urge(pick) => {
                let ids = self.dispatch_ids();
                Command::Urge {
                    dispatch: ids[pick % ids.len()].clone(),
                    message: "请尽快".to_owned(),
                }
            }
            Op::ReturnTo(pick) => {
                let mut targets = return_targets(&self.def, &self.state, task);
                targets.push(ReturnTo::Step { step: 7 });
                Command::Return {
                    task,
                    reason: "请核实".to_owned(),
                    code: Some("info_incorrect".to_owned()),
                    to: targets[pick % targets.len()].clone(),
                }
            }
            Op::Withdraw => Command::Withdraw {
                task: self.state.last_approval.as_ref().map_or(task, |l| l.task),
            },
            Op::Delegate(n) => Command::Delegate {
                task,
                to: self.roster[n % self.roster.len()].user.clone(),
                note: String::new(),
            },
            Op::Transfer(n) => Command::Transfer {
                task,
                to: self.roster[n % self.roster.len()].user.clone(),
                note: String::new(),
            },
            Op::AddSigner(n, before) => Command::AddSigners {
                task,
                users: vec![self.roster[n % self.roster.len()].user.clone()],
                before: *before,
            },
            Op::Suspend(true) => Command::Suspend {
                reason: "等待材料".to_owned(),
            },
            Op::Suspend(false) => Command::Resume {
                note: String::new(),
            },
            Op::External {
                live,
                pick,
                own_unit,
                action,
            } => return self.external(*live, *pick, *own_unit, action),
        };
        (actor, command)
    }

    /// An external report, from the system of the unit it names.
    fn external(&self, live: bool, pick: usize, own_unit: bool, action: &Ext) -> (Actor, Command) {
        let active: Vec<NodeId> = self
            .state
            .dispatches
            .iter()
            .filter(|d| d.is_external() && d.status == DispatchStatus::Active)
            .map(|d| d.node.clone())
            .collect();
        let pool = if live && !active.is_empty() {
            active
        } else {
            self.dispatch_ids()
        };
        let node = pool[pick % pool.len()].clone();
        let unit = match self.state.dispatch(&node) {
            Some(d) if own_unit => d.unit.clone(),
            _ => UnitCode::new(["rsj", "jgs", "zzb"][pick % 3]),
        };
        let text = |filled: bool, text: &str| if filled { text } else { " " }.to_owned();
        let action = match action {
            Ext::Ack(n) => ExternalAction::Ack {
                external_ref: (*n > 0).then(|| format!("REF-{n}")),
            },
            Ext::Step(minutes, filled) => ExternalAction::Step {
                name: text(*filled, "科室初审"),
                handler: "张三".to_owned(),
                at: self.now - SignedDuration::from_mins(*minutes),
                opinion: None,
            },
            Ext::Approve(n) => ExternalAction::Approve {
                opinion: Some("同意".to_owned()),
                documents: (0..*n).map(|i| format!("file-{i}")).collect(),
            },
            Ext::Return(filled) => ExternalAction::Return {
                reason: text(*filled, "材料不全"),
                code: None,
            },
        };
        let command = Command::External {
            node,
            unit: unit.clone(),
            action,
        };
        (system(unit.as_str()), command)
    }

    /// Moves the clock on.
    pub fn wait(&mut self, minutes: i64) {
        self.now += SignedDuration::from_mins(minutes);
    }
}
