//! Test kit: the demo world's actors, a [`Case`] that drives one matter command by command with
//! a movable clock, and named states (`submitted_parallel()`, `returned_by("rsj")` …) so a test
//! reads as "from this state, this command gives that".

pub mod defs;

use crate::command::{Actor, Command, Ctx, Directory, Transition, apply};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::external::ExternalAction;
use crate::route::RuleEval;
use crate::state::{Dispatch, MatterState, MatterStatus, Task, TaskId};
use defs::{INITIATOR, INITIATOR_UNIT};
use jiff::{SignedDuration, Timestamp};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};

/// An actor holding the given (unit, post) pairs.
pub fn actor(user: &str, posts: &[(&str, &str)]) -> Actor {
    Actor {
        user: UserName::new(user),
        posts: posts
            .iter()
            .map(|(u, p)| (UnitCode::new(*u), PostCode::new(*p)))
            .collect(),
        admin: false,
    }
}

/// 张 (zhang), the initiating clerk of 区府办.
pub fn initiator() -> Actor {
    actor(INITIATOR, &[(INITIATOR_UNIT, "clerk")])
}

/// The clerk of `unit`, e.g. `zzb_clerk`.
pub fn clerk(unit: &str) -> Actor {
    actor(&format!("{unit}_clerk"), &[(unit, "clerk")])
}

/// A second clerk of `unit`, in the same pool as [`clerk`].
pub fn other_clerk(unit: &str) -> Actor {
    actor(&format!("{unit}_clerk2"), &[(unit, "clerk")])
}

/// The leader of `unit`, e.g. `zzb_leader`.
pub fn leader(unit: &str) -> Actor {
    actor(&format!("{unit}_leader"), &[(unit, "leader")])
}

/// A user without posts, named in approver nodes (`li`, `wu`).
pub fn named(user: &str) -> Actor {
    actor(user, &[])
}

/// An administrator who is not the initiator.
pub fn admin() -> Actor {
    Actor {
        admin: true,
        ..actor("admin", &[])
    }
}

/// The synthetic actor the server passes for an external system of `unit` (受办分离).
pub fn system(unit: &str) -> Actor {
    actor(&format!("ext:{unit}_oa"), &[])
}

/// Someone with nothing to do with the matter.
pub fn outsider() -> Actor {
    actor("outsider", &[("zzb", "driver")])
}

/// The demo world's organisation, matching the actors above: every unit `x` has clerks
/// `x_clerk` and `x_clerk2` (and the initiator in the initiating unit) and leader `x_leader`
/// (`li` in the initiating unit);
/// a department `x_y` belongs to unit `x`, every unit to 滨江区 `bj`; role `admin` is `admin`,
/// role `supervisor` is `sup1` and `sup2`; [`EXTERNAL_UNITS`] have their own systems.
pub struct TestDirectory;

impl Directory for TestDirectory {
    fn holders(&self, unit: &UnitCode, post: &PostCode) -> Vec<UserName> {
        let u = unit.as_str();
        let names = match post.as_str() {
            "clerk" if u == INITIATOR_UNIT => {
                vec![
                    INITIATOR.to_owned(),
                    format!("{u}_clerk"),
                    format!("{u}_clerk2"),
                ]
            }
            "clerk" => vec![format!("{u}_clerk"), format!("{u}_clerk2")],
            "leader" if u == INITIATOR_UNIT => vec!["li".to_owned()],
            "leader" => vec![format!("{u}_leader")],
            _ => Vec::new(),
        };
        names.into_iter().map(UserName::new).collect()
    }

    fn with_role(&self, role: &str) -> Vec<UserName> {
        let names: &[&str] = match role {
            "admin" => &["admin"],
            "supervisor" => &["sup1", "sup2"],
            _ => &[],
        };
        names.iter().map(|n| UserName::new(*n)).collect()
    }

    fn parent(&self, unit: &UnitCode) -> Option<UnitCode> {
        match unit.as_str() {
            "bj" => None,
            u => Some(UnitCode::new(
                u.split_once('_').map_or("bj", |(parent, _)| parent),
            )),
        }
    }

    fn has_external_system(&self, unit: &UnitCode) -> bool {
        EXTERNAL_UNITS.contains(&unit.as_str())
    }
}

/// The units with their own approval system (受办分离) in [`TestDirectory`]: 人社局 and
/// 机关事务中心.
pub const EXTERNAL_UNITS: [&str; 2] = ["rsj", "jgs"];

/// The event names (`submitted`, `task_created` …) in order, for concise sequence checks.
pub fn kinds(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            serde_json::to_value(e)
                .ok()
                .and_then(|v| v["type"].as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect()
}

/// One matter under test: its definition, state, clock and rule evaluator.
pub struct Case {
    /// The matter type.
    pub def: MatterTypeDef,
    /// The current state.
    pub state: MatterState,
    /// The clock.
    pub now: Timestamp,
    /// Routing rules ([`defs::routing_rules`] unless replaced).
    pub rules: Box<dyn RuleEval>,
    /// The organisation ([`TestDirectory`] unless replaced).
    pub directory: Box<dyn Directory>,
}

impl Case {
    /// A draft of `def` by the initiator with [`defs::values`], at 2026-03-02 09:00 UTC.
    pub fn draft(def: MatterTypeDef) -> Self {
        Self {
            def,
            state: MatterState::draft(
                UserName::new(INITIATOR),
                UnitCode::new(INITIATOR_UNIT),
                defs::values(),
            ),
            now: "2026-03-02T09:00:00Z".parse().unwrap(),
            rules: Box::new(defs::routing_rules),
            directory: Box::new(TestDirectory),
        }
    }

    /// Replaces the rule evaluator.
    pub fn with_rules(mut self, rules: impl RuleEval + 'static) -> Self {
        self.rules = Box::new(rules);
        self
    }

    /// A copy of the current state (to replay a race from the same starting point).
    pub fn clone_state(&self) -> crate::state::MatterState {
        self.state.clone()
    }

    /// Moves the clock on.
    pub fn later(&mut self, minutes: i64) {
        self.now += SignedDuration::from_mins(minutes);
    }

    /// Applies a command without keeping the result.
    pub fn attempt(&self, actor: &Actor, command: Command) -> RuntimeResult<Transition> {
        let ctx = Ctx {
            now: self.now,
            actor,
            rules: self.rules.as_ref(),
            directory: self.directory.as_ref(),
        };
        apply(&self.def, &self.state, &command, &ctx)
    }

    /// Applies a command that must succeed, keeps the new state and returns the events.
    #[track_caller]
    pub fn run(&mut self, actor: &Actor, command: Command) -> Vec<Event> {
        match self.attempt(actor, command.clone()) {
            Ok(t) => {
                self.state = t.state;
                t.events
            }
            Err(e) => panic!("{command:?} by {} refused: {e:?}", actor.user),
        }
    }

    /// Applies a command that must fail, and returns the error.
    #[track_caller]
    pub fn refuse(&self, actor: &Actor, command: Command) -> RuntimeError {
        match self.attempt(actor, command.clone()) {
            Ok(t) => panic!("{command:?} by {} accepted: {:?}", actor.user, t.events),
            Err(e) => e,
        }
    }

    /// The initiator submits with the current values.
    #[track_caller]
    pub fn submit(&mut self) -> Vec<Event> {
        let values = self.state.values.clone();
        let chosen = std::collections::BTreeMap::new();
        self.run(&initiator(), Command::Submit { values, chosen })
    }

    /// `unit`'s own system reports `action` on dispatch `node`; must be accepted.
    #[track_caller]
    pub fn report(&mut self, unit: &str, node: &str, action: ExternalAction) -> Vec<Event> {
        self.run(&system(unit), external(unit, node, action))
    }

    /// `unit`'s own system reports `action` on dispatch `node`; must be refused.
    #[track_caller]
    pub fn report_refused(&self, unit: &str, node: &str, action: ExternalAction) -> RuntimeError {
        self.refuse(&system(unit), external(unit, node, action))
    }

    /// The pending tasks of a dispatch, in creation order.
    pub fn pending(&self, dispatch: &str) -> Vec<TaskId> {
        self.state
            .pending_tasks()
            .filter(|t| t.dispatch.as_str() == dispatch)
            .map(|t| t.id)
            .collect()
    }

    /// The single pending task of a dispatch.
    #[track_caller]
    pub fn pending_one(&self, dispatch: &str) -> TaskId {
        match self.pending(dispatch)[..] {
            [id] => id,
            ref other => panic!("{dispatch} has pending tasks {other:?}, wanted one"),
        }
    }

    /// `actor` approves the single pending task of `dispatch`.
    #[track_caller]
    pub fn approve(&mut self, actor: &Actor, dispatch: &str) -> Vec<Event> {
        let task = self.pending_one(dispatch);
        self.run(
            actor,
            Command::Approve {
                task,
                opinion: "同意".to_owned(),
                edits: FormValues::new(),
            },
        )
    }

    /// `actor` approves task `task`.
    #[track_caller]
    pub fn approve_task(&mut self, actor: &Actor, task: TaskId) -> Vec<Event> {
        self.run(
            actor,
            Command::Approve {
                task,
                opinion: String::new(),
                edits: FormValues::new(),
            },
        )
    }

    /// `actor` returns the single pending task of `dispatch`.
    #[track_caller]
    pub fn give_back(&mut self, actor: &Actor, dispatch: &str, reason: &str) -> Vec<Event> {
        let task = self.pending_one(dispatch);
        self.run(
            actor,
            Command::Return {
                task,
                reason: reason.to_owned(),
                code: None,
                to: Default::default(),
            },
        )
    }

    /// The unit's clerk then its leader approve; returns the leader's events.
    #[track_caller]
    pub fn finish(&mut self, unit: &str) -> Vec<Event> {
        self.approve(&clerk(unit), unit);
        self.approve(&leader(unit), unit)
    }

    /// The initiator resubmits `values` to `dispatch`.
    #[track_caller]
    pub fn resubmit(&mut self, dispatch: &str, values: FormValues) -> Vec<Event> {
        self.run(
            &initiator(),
            Command::Resubmit {
                dispatch: NodeId::new(dispatch),
                values,
                note: "已补正".to_owned(),
            },
        )
    }

    /// The dispatch of a node.
    #[track_caller]
    pub fn dispatch(&self, node: &str) -> &Dispatch {
        self.state
            .dispatch(&NodeId::new(node))
            .unwrap_or_else(|| panic!("no dispatch {node}"))
    }

    /// A task.
    #[track_caller]
    pub fn task(&self, id: TaskId) -> &Task {
        self.state
            .task(id)
            .unwrap_or_else(|| panic!("no task {id:?}"))
    }

    /// The handling units that currently have a pending task, sorted.
    pub fn busy_units(&self) -> Vec<String> {
        let mut units: Vec<String> = self
            .state
            .pending_tasks()
            .map(|t| t.dispatch.as_str().to_owned())
            .collect();
        units.sort();
        units.dedup();
        units
    }
}

/// The external command of `unit`'s system on dispatch `node`.
pub fn external(unit: &str, node: &str, action: ExternalAction) -> Command {
    Command::External {
        node: NodeId::new(node),
        unit: UnitCode::new(unit),
        action,
    }
}

/// [`defs::external_sequential`] after 组织部 finished: 人社局 handles it in its own system,
/// which has not reported anything yet.
pub fn at_own_system() -> Case {
    let mut case = Case::draft(defs::external_sequential());
    case.submit();
    case.finish("zzb");
    case
}

/// 组织部 → 人社局, just submitted: 组织部's clerk pool has the first task.
pub fn submitted_sequential() -> Case {
    let mut case = Case::draft(defs::sequential());
    case.submit();
    case
}

/// Distributed in parallel to 组织部, 人社局 and 财政局; nobody has acted.
pub fn submitted_parallel() -> Case {
    let mut case = Case::draft(defs::parallel_three());
    case.submit();
    case
}

/// [`submitted_parallel`] after `unit`'s clerk returned it at the first step.
pub fn returned_by(unit: &str) -> Case {
    let mut case = submitted_parallel();
    case.give_back(&clerk(unit), unit, "缺少调入审批表");
    case
}

/// [`submitted_parallel`] after `unit`'s clerk approved and its leader returned it (step 1).
pub fn returned_at_leader(unit: &str) -> Case {
    let mut case = submitted_parallel();
    case.approve(&clerk(unit), unit);
    case.give_back(&leader(unit), unit, "金额有误");
    case
}

/// Every unit of [`submitted_parallel`] has finished: waiting for the initiator to close.
pub fn completed_parallel() -> Case {
    let mut case = submitted_parallel();
    for unit in ["zzb", "rsj", "czj"] {
        case.finish(unit);
    }
    case
}

/// Submitted to the named approvers `li` and `wu` in the given mode.
pub fn submitted_approvers(mode: lianban_definition::flow::SignMode) -> Case {
    let mut case = Case::draft(defs::approvers(mode));
    case.submit();
    case
}

/// [`completed_parallel`] after the initiator closed it.
pub fn closed_parallel() -> Case {
    let mut case = completed_parallel();
    case.run(
        &initiator(),
        Command::Close {
            opinion: "办结".to_owned(),
        },
    );
    case
}

/// [`submitted_parallel`] voided by the initiator before anyone acted.
pub fn voided_parallel() -> Case {
    let mut case = submitted_parallel();
    case.run(
        &initiator(),
        Command::Void {
            reason: "重复申报".to_owned(),
        },
    );
    case
}

/// The parallel matter in the given status (Returned: 人社局 returned it).
pub fn in_status(status: MatterStatus) -> Case {
    match status {
        MatterStatus::Draft => Case::draft(defs::parallel_three()),
        MatterStatus::Running => submitted_parallel(),
        MatterStatus::Returned => returned_by("rsj"),
        MatterStatus::Completed => completed_parallel(),
        MatterStatus::Closed => closed_parallel(),
        MatterStatus::Voided => voided_parallel(),
    }
}

/// Every status except the given ones, each as a named state.
pub fn all_but(allowed: &[MatterStatus]) -> Vec<Case> {
    [
        MatterStatus::Draft,
        MatterStatus::Running,
        MatterStatus::Returned,
        MatterStatus::Completed,
        MatterStatus::Closed,
        MatterStatus::Voided,
    ]
    .into_iter()
    .filter(|s| !allowed.contains(s))
    .map(in_status)
    .collect()
}
