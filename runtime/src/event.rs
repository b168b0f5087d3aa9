//! Events: what happened to a matter, recorded on its timeline (轨迹) in order. The server adds
//! the time and actor of the command to each.

use crate::state::{Candidates, ReturnTo, TaskId};
use jiff::Timestamp;
use lianban_definition::form::FieldChange;
use lianban_definition::{NodeId, UnitCode, UserName};
use serde::{Deserialize, Serialize};

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The initiator submitted the matter.
    Submitted,
    /// A condition node chose a branch.
    BranchChosen {
        /// The condition node.
        node: NodeId,
        /// The chosen branch's name (the default branch's name, or 默认分支).
        branch: String,
    },
    /// A dispatch was created for a unit (分发), or an earlier one reopened.
    Dispatched {
        /// The dispatch (= node id).
        dispatch: NodeId,
        /// The handling unit.
        unit: UnitCode,
        /// The node's name.
        name: String,
        /// 受办分离: the unit handles it in its own system (the server pushes it there); no
        /// tasks follow.
        #[serde(default, skip_serializing_if = "is_false")]
        external: bool,
    },
    /// A task was created.
    TaskCreated {
        /// The task.
        task: TaskId,
        /// Its dispatch.
        dispatch: NodeId,
        /// Step name.
        name: String,
        /// Who may take it.
        candidates: Candidates,
    },
    /// A task was claimed.
    Claimed {
        /// The task.
        task: TaskId,
        /// By whom.
        by: UserName,
    },
    /// A task was approved.
    Approved {
        /// The task.
        task: TaskId,
        /// Its dispatch.
        dispatch: NodeId,
        /// By whom.
        by: UserName,
        /// 办理意见.
        opinion: String,
    },
    /// A dispatch's last step finished.
    DispatchCompleted {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
    },
    /// A dispatch was returned: to the initiator, an earlier node or an earlier step.
    Returned {
        /// The dispatch.
        dispatch: NodeId,
        /// The task whose handler returned it.
        task: TaskId,
        /// By whom.
        by: UserName,
        /// Why.
        reason: String,
        /// The coded reason, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Where to.
        #[serde(default)]
        to: ReturnTo,
    },
    /// The initiator resubmitted corrected values to a returned dispatch.
    Resubmitted {
        /// The dispatch.
        dispatch: NodeId,
        /// Field-level changes since the previous values.
        changes: Vec<FieldChange>,
        /// The initiator's note.
        note: String,
    },
    /// Tasks were cancelled (e.g. the other signers of a 或签 node, or on void).
    TasksCancelled {
        /// The tasks.
        tasks: Vec<TaskId>,
    },
    /// Every node finished; the matter waits for the initiator to close it.
    AllCompleted,
    /// The initiator closed the matter (办结).
    Closed {
        /// Closing opinion.
        opinion: String,
    },
    /// The matter was voided (作废).
    Voided {
        /// Why.
        reason: String,
    },
    /// A 抄送 node sent the matter to its recipients.
    CarbonCopied {
        /// The CC node.
        node: NodeId,
        /// Its name.
        name: String,
        /// The recipients.
        users: Vec<UserName>,
    },
    /// An approver node resolved to nobody and its policy applied.
    NobodyResolved {
        /// The node.
        node: NodeId,
        /// What happened instead: `to_admin`, `to_users` or `auto_pass`.
        fallback: String,
    },
    /// A handler changed fields the node makes editable while approving.
    ValuesEdited {
        /// The task.
        task: TaskId,
        /// Field-level changes.
        changes: Vec<FieldChange>,
    },
    /// A task was handed to another person (转办).
    Transferred {
        /// The task.
        task: TaskId,
        /// From whom.
        from: UserName,
        /// To whom.
        to: UserName,
        /// Why.
        note: String,
    },
    /// The handler withdrew their approval (撤回); they hold the task again.
    Withdrawn {
        /// The approved task.
        task: TaskId,
        /// By whom.
        by: UserName,
    },
    /// A task was delegated (委派); it comes back to the delegator afterwards.
    Delegated {
        /// The task.
        task: TaskId,
        /// The delegator.
        from: UserName,
        /// The delegate.
        to: UserName,
        /// Instructions.
        note: String,
    },
    /// Signers were added to a 会签 or 依次 node (加签).
    SignersAdded {
        /// The node's dispatch.
        dispatch: NodeId,
        /// The new signers.
        users: Vec<UserName>,
        /// Whether they sign before the actor.
        before: bool,
    },
    /// A pending signer was removed (减签).
    SignerRemoved {
        /// The node's dispatch.
        dispatch: NodeId,
        /// The signer.
        user: UserName,
    },
    /// The matter was suspended (挂起).
    Suspended {
        /// Why.
        reason: String,
    },
    /// The matter resumed (恢复).
    Resumed {
        /// A note.
        note: String,
    },
    /// A 抄送 recipient read the copy.
    CopyRead {
        /// The CC node.
        node: NodeId,
        /// The reader.
        by: UserName,
    },
    /// The initiator urged a dispatch (催办).
    Urged {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
        /// Message.
        message: String,
    },
    /// A unit's own system acknowledged receipt of a dispatch (受办分离).
    ExternalAcked {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
        /// The system's own reference for the case, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        external_ref: Option<String>,
    },
    /// A unit's own system reported an internal step (内部流转), for the timeline.
    ExternalStepReported {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
        /// The step's name in that system.
        name: String,
        /// Who handled it there.
        handler: String,
        /// When it happened, by that system's clock.
        at: Timestamp,
        /// The handler's opinion, if reported.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opinion: Option<String>,
    },
    /// A unit's own system approved its dispatch (办结); `DispatchCompleted` follows.
    ExternalApproved {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
        /// The approval opinion, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opinion: Option<String>,
        /// Opaque file ids of the result documents.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        documents: Vec<String>,
    },
    /// A unit's own system returned its dispatch to the initiator for correction (补正); the
    /// dispatch waits for a resubmission, as after a `Returned` to the initiator.
    ExternalReturned {
        /// The dispatch.
        dispatch: NodeId,
        /// Its unit.
        unit: UnitCode,
        /// Why.
        reason: String,
        /// The coded reason (a `return_reason` dictionary value), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
    /// A warning tier of a limit was reached (时效预警). Recorded by the server's deadline
    /// scanner (see [`crate::deadline`]), not by a command.
    DeadlineReached {
        /// The dispatch whose limit it is; `None` for the matter's total limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dispatch: Option<NodeId>,
        /// The tier's id, e.g. `red`.
        tier: String,
        /// The tier's label, e.g. 红色预警.
        label: String,
        /// When the limit ends (or ended).
        due: Timestamp,
    },
}

/// For `skip_serializing_if` on flags that are false by default.
fn is_false(value: &bool) -> bool {
    !*value
}
