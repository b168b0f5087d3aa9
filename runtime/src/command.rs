//! Commands a user can issue on a matter, the context they run in, and [`apply`].

use crate::error::RuntimeResult;
use crate::event::Event;
use crate::external::ExternalAction;
use crate::route::RuleEval;
use crate::state::{MatterState, ReturnTo, TaskId};
use jiff::Timestamp;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The user acting, with what the runtime needs to check permissions purely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Login name.
    pub user: UserName,
    /// The posts the user holds, as (unit, post) pairs.
    pub posts: Vec<(UnitCode, PostCode)>,
    /// Administrators may close and void any matter.
    pub admin: bool,
}

impl Actor {
    /// Whether the user holds `post` in `unit`.
    pub fn holds(&self, unit: &UnitCode, post: &PostCode) -> bool {
        self.posts.iter().any(|(u, p)| u == unit && p == post)
    }
}

/// The organisation as the runtime needs it to resolve approvers (a read-only snapshot the
/// caller supplies; the runtime itself never queries anything).
pub trait Directory {
    /// The holders of `post` in `unit`, in a stable order (empty when nobody holds it).
    fn holders(&self, unit: &UnitCode, post: &PostCode) -> Vec<UserName>;
    /// The users who have `role`, in a stable order.
    fn with_role(&self, role: &str) -> Vec<UserName>;
    /// The parent of `unit` (`None` at the top).
    fn parent(&self, unit: &UnitCode) -> Option<UnitCode>;
    /// Whether `unit` has an enabled external system (对接系统) that handles its dispatches in
    /// its own system (受办分离). A 受办分离 node refuses to dispatch to a unit without one.
    fn has_external_system(&self, unit: &UnitCode) -> bool;
}

/// A directory that knows nobody: every post and role is empty, every unit a top unit without
/// an external system.
pub struct NoDirectory;

impl Directory for NoDirectory {
    fn holders(&self, _unit: &UnitCode, _post: &PostCode) -> Vec<UserName> {
        Vec::new()
    }
    fn with_role(&self, _role: &str) -> Vec<UserName> {
        Vec::new()
    }
    fn parent(&self, _unit: &UnitCode) -> Option<UnitCode> {
        None
    }
    fn has_external_system(&self, _unit: &UnitCode) -> bool {
        false
    }
}

/// Everything a command may read besides the definition and the state.
pub struct Ctx<'a> {
    /// The current time (owned by the server's clock).
    pub now: Timestamp,
    /// Who issues the command.
    pub actor: &'a Actor,
    /// Evaluates Rhai routing rules for condition nodes.
    pub rules: &'a dyn RuleEval,
    /// Resolves posts, roles and leaders to people.
    pub directory: &'a dyn Directory,
}

/// A command on one matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// 提交: the initiator submits a draft with validated values; the flow starts.
    Submit {
        /// Final values (already validated by the caller).
        values: FormValues,
        /// The approvers the initiator picked for each 发起人自选 node (the caller checks that
        /// the users exist).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        chosen: BTreeMap<NodeId, Vec<UserName>>,
    },
    /// 签收: a pool member takes an open task.
    Claim {
        /// The task.
        task: TaskId,
    },
    /// 同意: the handler approves; the dispatch moves to its next step or completes.
    /// An open task is claimed implicitly by a candidate.
    Approve {
        /// The task.
        task: TaskId,
        /// 办理意见.
        opinion: String,
        /// New values for fields the node makes editable (the caller validates the merged
        /// values). Empty when nothing is changed.
        #[serde(default, skip_serializing_if = "FormValues::is_empty")]
        edits: FormValues,
    },
    /// 转办: the handler (or a candidate) hands the task to another person, if the node allows.
    Transfer {
        /// The task.
        task: TaskId,
        /// The new handler (the caller checks that the user exists).
        to: UserName,
        /// Why, for the new handler.
        #[serde(default)]
        note: String,
    },
    /// 退回: the handler returns the dispatch to the initiator with a reason.
    Return {
        /// The task.
        task: TaskId,
        /// Why (required).
        reason: String,
        /// The coded reason (a `return_reason` dictionary value; the caller checks it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Where to (the initiator unless given).
        #[serde(default)]
        to: ReturnTo,
    },
    /// 撤回: the handler takes back their last approval while nothing else has happened since.
    Withdraw {
        /// The approved task.
        task: TaskId,
    },
    /// 委派: the handler asks someone to act on the task; it comes back to them afterwards.
    Delegate {
        /// The task.
        task: TaskId,
        /// The delegate (the caller checks that the user exists).
        to: UserName,
        /// Instructions.
        #[serde(default)]
        note: String,
    },
    /// 加签: a signer of a 会签 or 依次 node adds signers, before or after themselves.
    AddSigners {
        /// The actor's pending task at the node.
        task: TaskId,
        /// The new signers (the caller checks that they exist).
        users: Vec<UserName>,
        /// 前加签: they sign before the actor (the actor's task comes back afterwards).
        #[serde(default)]
        before: bool,
    },
    /// 减签: a signer (or an administrator) removes another pending signer of the node.
    RemoveSigner {
        /// The actor's pending task at the node (any pending task of it, for an administrator).
        task: TaskId,
        /// The signer to remove.
        user: UserName,
    },
    /// 挂起: the initiator or an administrator puts the matter on hold; deadlines stand still.
    Suspend {
        /// Why (required).
        reason: String,
    },
    /// 恢复: the matter continues.
    Resume {
        /// A note.
        #[serde(default)]
        note: String,
    },
    /// A 抄送 recipient has read the copy (read receipt).
    ReadCopy {
        /// The CC node.
        node: NodeId,
    },
    /// 重新提交: the initiator resubmits corrected values to one returned dispatch only.
    Resubmit {
        /// The returned dispatch.
        dispatch: NodeId,
        /// Corrected values (already validated by the caller).
        values: FormValues,
        /// A note to the unit.
        #[serde(default)]
        note: String,
    },
    /// 办结: the initiator closes a completed matter.
    Close {
        /// Closing opinion.
        #[serde(default)]
        opinion: String,
    },
    /// 作废: the initiator voids a matter no handler has started.
    Void {
        /// Why (required).
        reason: String,
    },
    /// 催办: the initiator urges an active dispatch; at most once an hour per dispatch.
    Urge {
        /// The dispatch.
        dispatch: NodeId,
        /// Message to the unit.
        #[serde(default)]
        message: String,
    },
    /// A report of a unit's own system on a dispatch it handles there (受办分离): received,
    /// an internal step, approved, or returned to the initiator. See [`crate::external`].
    ///
    /// Authorisation is by unit: the server issues it only for a caller authenticated as an
    /// enabled external system of `unit`, with a synthetic system [`Actor`] (no posts, not an
    /// administrator, a `user` that is no person's login name, e.g. `ext:<app key>`); the
    /// runtime checks that the dispatch exists, is handled externally, belongs to `unit` and
    /// is live.
    External {
        /// The dispatch (= its node id).
        node: NodeId,
        /// The unit the calling system belongs to.
        unit: UnitCode,
        /// What the system reports.
        action: ExternalAction,
    },
}

/// The result of a command: the new state and the events to record, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// The new state.
    pub state: MatterState,
    /// What happened, for the timeline, notifications and work lists.
    pub events: Vec<Event>,
}

/// Applies a command. Checks every precondition (status, permission, arguments) and returns the
/// new state with its events, or a [`RuntimeError`](crate::RuntimeError) and no change. An
/// accepted command has at least one event, except a repeated external acknowledgement
/// (`ExternalAction::Ack` with the reference already recorded): no events, the same state.
pub fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    command: &Command,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    let mut t = dispatch(def, state, command, ctx)?;
    // Only the approval itself can be withdrawn, and only until anything else happens (a
    // repeated report that changes nothing is not anything).
    if !matches!(
        command,
        Command::Approve { .. } | Command::Urge { .. } | Command::ReadCopy { .. }
    ) && !t.events.is_empty()
    {
        t.state.last_approval = None;
    }
    Ok(t)
}

/// Runs the command's own module.
fn dispatch(
    def: &MatterTypeDef,
    state: &MatterState,
    command: &Command,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match command {
        Command::Submit { values, chosen } => crate::submit::apply(def, state, values, chosen, ctx),
        Command::Claim { task } => crate::claim::apply(state, *task, ctx),
        Command::Approve {
            task,
            opinion,
            edits,
        } => crate::approve::apply(def, state, *task, opinion, edits, ctx),
        Command::Transfer { task, to, note } => {
            crate::transfer::apply(def, state, *task, to, note, ctx)
        }
        Command::Return {
            task,
            reason,
            code,
            to,
        } => {
            let ret = crate::return_to::Return {
                task: *task,
                reason,
                code: code.as_deref(),
                to,
            };
            crate::return_to::apply(def, state, &ret, ctx)
        }
        Command::Resubmit {
            dispatch,
            values,
            note,
        } => crate::resubmit::apply(def, state, dispatch, values, note, ctx),
        Command::Withdraw { task } => crate::withdraw::apply(def, state, *task, ctx),
        Command::Delegate { task, to, note } => {
            crate::delegate::apply(def, state, *task, to, note, ctx)
        }
        Command::AddSigners {
            task,
            users,
            before,
        } => crate::signers::add(def, state, *task, users, *before, ctx),
        Command::RemoveSigner { task, user } => {
            crate::signers::remove(def, state, *task, user, ctx)
        }
        Command::Suspend { reason } => crate::suspend::suspend(state, reason, ctx),
        Command::Resume { note } => crate::suspend::resume(state, note, ctx),
        Command::ReadCopy { node } => crate::suspend::read_copy(state, node, ctx),
        Command::Close { opinion } => crate::close::apply(state, opinion, ctx),
        Command::Void { reason } => crate::void::apply(state, reason, ctx),
        Command::Urge { dispatch, message } => crate::urge::apply(state, dispatch, message, ctx),
        Command::External { node, unit, action } => {
            crate::external::apply(def, state, (node, unit), action, ctx)
        }
    }
}
