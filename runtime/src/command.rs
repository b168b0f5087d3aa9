//! Commands a user can issue on a matter, the context they run in, and [`apply`].

use crate::error::RuntimeResult;
use crate::event::Event;
use crate::route::RuleEval;
use crate::state::{MatterState, TaskId};
use jiff::Timestamp;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use serde::{Deserialize, Serialize};

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

/// Everything a command may read besides the definition and the state.
pub struct Ctx<'a> {
    /// The current time (owned by the server's clock).
    pub now: Timestamp,
    /// Who issues the command.
    pub actor: &'a Actor,
    /// Evaluates Rhai routing rules for condition nodes.
    pub rules: &'a dyn RuleEval,
}

/// A command on one matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// 提交: the initiator submits a draft with validated values; the flow starts.
    Submit {
        /// Final values (already validated by the caller).
        values: FormValues,
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
    },
    /// 退回: the handler returns the dispatch to the initiator with a reason.
    Return {
        /// The task.
        task: TaskId,
        /// Why (required).
        reason: String,
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
/// new state with its events, or a [`RuntimeError`](crate::RuntimeError) and no change.
pub fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    command: &Command,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match command {
        Command::Submit { values } => crate::submit::apply(def, state, values, ctx),
        Command::Claim { task } => crate::claim::apply(state, *task, ctx),
        Command::Approve { task, opinion } => {
            crate::approve::apply(def, state, *task, opinion, ctx)
        }
        Command::Return { task, reason } => crate::return_to::apply(state, *task, reason, ctx),
        Command::Resubmit {
            dispatch,
            values,
            note,
        } => crate::resubmit::apply(def, state, dispatch, values, note, ctx),
        Command::Close { opinion } => crate::close::apply(state, opinion, ctx),
        Command::Void { reason } => crate::void::apply(state, reason, ctx),
        Command::Urge { dispatch, message } => crate::urge::apply(state, dispatch, message, ctx),
    }
}
