//! The state of one matter as the runtime sees it: status, current values, node runs, dispatches
//! and tasks. Stored by the server as one document; everything here is serde data.

use crate::command::Actor;
use jiff::Timestamp;
use lianban_definition::form::FormValues;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Life-cycle status of a matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterStatus {
    /// 草稿: saved, not submitted.
    Draft,
    /// 办理中: submitted, some node still works on it.
    Running,
    /// 退回: at least one dispatch was returned to the initiator for correction.
    Returned,
    /// 待办结: every node has finished; waiting for the initiator to close it.
    Completed,
    /// 已办结.
    Closed,
    /// 已作废.
    Voided,
}

/// Progress of one flow node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Reached and not yet finished.
    Active,
    /// Finished.
    Done,
}

/// The run of one node that has been reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRun {
    /// Active or done.
    pub status: NodeStatus,
    /// For a condition node: the index of the chosen branch, `None` for the default branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<usize>,
}

/// Whether a dispatch comes from an approver node or a handling-unit node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchKind {
    /// An approver node (in the initiating unit or by named users).
    Approver,
    /// A handling unit (联办单位).
    Unit,
    /// A seal step (盖章).
    Seal,
}

/// Status of a dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchStatus {
    /// Being handled.
    Active,
    /// Returned to the initiator; waits for a resubmission to this dispatch.
    Returned,
    /// Finished by its last step.
    Completed,
    /// Cancelled because the matter was voided.
    Cancelled,
}

/// Where a return (退回) sends the matter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReturnTo {
    /// The initiator corrects and resubmits (补正).
    #[default]
    Initiator,
    /// An earlier node on the path taken handles it again.
    Node {
        /// The node.
        node: NodeId,
    },
    /// An earlier inner step of the same dispatch (a unit's step, or a 依次 signer).
    Step {
        /// The step index.
        step: usize,
    },
}

/// Why and where a dispatch was returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnInfo {
    /// The step index that returned it (straight back goes there).
    pub step: usize,
    /// The reason given.
    pub reason: String,
    /// The coded reason (a value of the `return_reason` dictionary), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Who returned it.
    pub by: UserName,
    /// When.
    pub at: Timestamp,
    /// Where it went.
    #[serde(default)]
    pub to: ReturnTo,
    /// Whether the path re-runs after the correction (else straight back to `step`).
    #[serde(default)]
    pub rerun: bool,
    /// When the correction came back (resubmitted, or the target node finished again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumed_at: Option<Timestamp>,
}

/// One node's share of the matter (承办记录): for a unit node, the unit's Dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dispatch {
    /// The node that created it (a dispatch id equals its node id).
    pub node: NodeId,
    /// Approver or unit.
    pub kind: DispatchKind,
    /// The unit that handles it (the initiating unit for approver nodes).
    pub unit: UnitCode,
    /// Display name (the node's name).
    pub name: String,
    /// Status.
    pub status: DispatchStatus,
    /// Index of the current inner step.
    pub step: usize,
    /// When it reached the unit.
    pub received_at: Timestamp,
    /// When its last step finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
    /// The latest return, while returned (kept after resubmission for history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<ReturnInfo>,
    /// How many times the initiator resubmitted to it.
    #[serde(default)]
    pub rounds: u32,
    /// When the initiator last urged it (催办).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_urged_at: Option<Timestamp>,
    /// 会签 by percentage: approvals needed in the current round (`None`: every signer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// Approvals given in the current round of an approver node.
    #[serde(default)]
    pub approvals: u32,
    /// For a 依次 approver node: every signer in order, resolved when the round started (tasks
    /// are created one at a time).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<Candidates>,
    /// After a return to an earlier inner step, straight back: the step to jump back to once
    /// that earlier step is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_to: Option<usize>,
    /// Every return of this dispatch, oldest first (the latest is also in `returned`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returns: Vec<ReturnInfo>,
    /// For a unit handled in its own system (受办分离): what that system reported. `None` for
    /// dispatches handled in Lianban (and in states stored before 受办分离 existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<ExternalProgress>,
}

/// What a unit's own system reported on a dispatch it handles there (受办分离). Such a
/// dispatch has no tasks; the system acknowledges it, reports its internal steps and finally
/// approves it or returns it to the initiator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExternalProgress {
    /// When the system acknowledged receipt (kept across rounds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_at: Option<Timestamp>,
    /// The system's own reference for the case (its 受理号), if it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// The internal steps reported, oldest first, over every round.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<ExternalStep>,
    /// Opaque file ids of the result documents of the latest approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// The latest approval, while the dispatch stands completed (cleared when it is handled
    /// again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ExternalOutcome>,
}

/// One internal step in a unit's own system (e.g. 科室初审 by 张三), as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalStep {
    /// The dispatch's round ([`Dispatch::rounds`]) when it was reported.
    #[serde(default)]
    pub round: u32,
    /// The step's name in that system.
    pub name: String,
    /// Who handled it there (a name as that system knows it, not a Lianban user).
    pub handler: String,
    /// When it happened, by that system's clock.
    pub at: Timestamp,
    /// The handler's opinion, if reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// When Lianban received the report.
    pub reported_at: Timestamp,
}

/// How a unit's own system finished a dispatch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalOutcome {
    /// When it was approved (received by Lianban).
    pub at: Timestamp,
    /// The approval opinion, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

impl Dispatch {
    /// Whether it waits for the initiator's correction (returned to the initiator).
    pub fn awaits_initiator(&self) -> bool {
        self.status == DispatchStatus::Returned
            && self
                .returned
                .as_ref()
                .is_some_and(|r| r.to == ReturnTo::Initiator)
    }

    /// Whether the unit handles it in its own system (受办分离): no tasks in Lianban.
    pub fn is_external(&self) -> bool {
        self.external.is_some()
    }
}

/// A copy sent by a 抄送 node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CcRecord {
    /// The CC node.
    pub node: NodeId,
    /// The node's name.
    pub name: String,
    /// Who received it.
    pub users: Vec<UserName>,
    /// When.
    pub at: Timestamp,
    /// Read receipts: who has read it, and when.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub read: BTreeMap<UserName, Timestamp>,
}

/// A matter put on hold (挂起), e.g. while waiting for 补正 materials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// Since when.
    pub since: Timestamp,
    /// Who suspended it.
    pub by: UserName,
    /// Why.
    pub reason: String,
}

/// A period in which the matter's deadlines stood still (挂起, or returned for 补正).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// Start.
    pub from: Timestamp,
    /// End (`None` while it lasts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Timestamp>,
    /// `suspended`, or `returned` (with the dispatch).
    pub kind: String,
    /// For a return: the dispatch whose clock stood still (the matter's own clock stands still
    /// only while every running dispatch waits for the initiator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<NodeId>,
}

/// The last approval, kept so its author can withdraw it (撤回) until anything else happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastApproval {
    /// The approved task.
    pub task: TaskId,
    /// Who approved it.
    pub by: UserName,
    /// The node runs before the approval.
    pub runs_before: BTreeMap<NodeId, NodeRun>,
    /// The dispatches before the approval (status and step), by node.
    pub dispatches_before: Vec<Dispatch>,
    /// The matter status before.
    pub status_before: MatterStatus,
    /// The values before (the approval may have edited some).
    pub values_before: FormValues,
    /// How many copies had been sent before (抄送 nodes the approval passed send again).
    pub cc_before: usize,
    /// Tasks the approval created.
    pub created: Vec<TaskId>,
}

/// Task number, unique within one matter (1, 2, 3 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(pub u32);

/// Who may take a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Candidates {
    /// The holders of a post in a unit (the unit's pool); one of them claims it.
    Pool {
        /// The unit.
        unit: UnitCode,
        /// The post.
        post: PostCode,
    },
    /// Named users; any one of them may take it.
    Users {
        /// The users.
        users: Vec<UserName>,
    },
}

impl Candidates {
    /// Whether `actor` may take a task with these candidates: holds the post in the unit, or is
    /// one of the named users.
    pub fn admits(&self, actor: &Actor) -> bool {
        match self {
            Candidates::Pool { unit, post } => actor.holds(unit, post),
            Candidates::Users { users } => users.contains(&actor.user),
        }
    }
}

/// Status of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// In the pool, nobody has claimed it.
    Open,
    /// Claimed by its assignee.
    Claimed,
    /// Approved.
    Done,
    /// Its handler returned the matter to the initiator.
    Returned,
    /// No longer needed (voided matter, or another signer of a 或签 node decided).
    Cancelled,
}

/// A unit of work for one person: one inner step of one dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Number within the matter.
    pub id: TaskId,
    /// The dispatch (node) it belongs to.
    pub dispatch: NodeId,
    /// Index of the inner step.
    pub step: usize,
    /// Step name, e.g. 经办人审核.
    pub name: String,
    /// Who may take it.
    pub candidates: Candidates,
    /// Who claimed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<UserName>,
    /// Status.
    pub status: TaskStatus,
    /// Created at.
    pub created_at: Timestamp,
    /// Finished (approved, returned or cancelled) at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
    /// The handler's opinion (办理意见) or return reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// 委派 or 前加签: who gets the task back when this one is done (the delegator, or the
    /// signer who added this one before themselves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_by: Option<UserName>,
    /// Whether `delegated_by` comes from 前加签 (the task is a signer's own, not a 委派).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added_before: bool,
}

/// The whole state of one matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatterState {
    /// Life-cycle status.
    pub status: MatterStatus,
    /// Who registered it.
    pub initiator: UserName,
    /// The initiating unit.
    pub initiator_unit: UnitCode,
    /// Current form values (validated by the caller before they reach the runtime).
    pub values: FormValues,
    /// Nodes reached so far, by id.
    #[serde(default)]
    pub nodes: BTreeMap<NodeId, NodeRun>,
    /// Dispatches in the order they were created.
    #[serde(default)]
    pub dispatches: Vec<Dispatch>,
    /// Tasks in the order they were created.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// When it was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// When it was closed or voided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
    /// The approvers the initiator picked at submission, per 发起人自选 node.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub chosen: BTreeMap<NodeId, Vec<UserName>>,
    /// Copies sent by 抄送 nodes, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<CcRecord>,
    /// Set while the matter is suspended (挂起).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<Suspension>,
    /// Periods in which deadlines stood still, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// The last approval, while it can still be withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_approval: Option<Box<LastApproval>>,
}

impl MatterState {
    /// A new draft.
    pub fn draft(initiator: UserName, initiator_unit: UnitCode, values: FormValues) -> Self {
        Self {
            status: MatterStatus::Draft,
            initiator,
            initiator_unit,
            values,
            nodes: BTreeMap::new(),
            dispatches: Vec::new(),
            tasks: Vec::new(),
            submitted_at: None,
            ended_at: None,
            chosen: BTreeMap::new(),
            cc: Vec::new(),
            suspended: None,
            pauses: Vec::new(),
            last_approval: None,
        }
    }

    /// The task with this id.
    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The dispatch created by this node.
    pub fn dispatch(&self, node: &NodeId) -> Option<&Dispatch> {
        self.dispatches.iter().find(|d| &d.node == node)
    }

    /// Whether any handler has acted: a task claimed, approved or returned, or a unit's own
    /// system reported an internal step or a result (an acknowledgement alone is not acting).
    pub fn started(&self) -> bool {
        let external = self.dispatches.iter().any(|d| {
            d.external
                .as_ref()
                .is_some_and(|x| !x.steps.is_empty() || x.outcome.is_some())
                || (d.is_external() && !d.returns.is_empty())
        });
        external
            || self
                .tasks
                .iter()
                .any(|t| t.status != TaskStatus::Open && t.status != TaskStatus::Cancelled)
    }

    /// Tasks that still wait for someone (open or claimed).
    pub fn pending_tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks
            .iter()
            .filter(|t| matches!(t.status, TaskStatus::Open | TaskStatus::Claimed))
    }
}
