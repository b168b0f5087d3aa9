//! The heart of Lianban: a pure interpreter of matter-type definitions.
//!
//! Given a definition, a matter's state, a [`Command`] and a [`Ctx`] (the acting user and the
//! current time), [`apply`] returns a [`Transition`]: the new state plus the [`Event`]s to record
//! on the matter's timeline. Nothing here does I/O or reads a clock; the server loads the state,
//! calls [`apply`], and stores state + events in one transaction.
//!
//! Flow interpretation (see `definition::flow`): top-level nodes run in sequence; each approver
//! or unit node becomes a [`Dispatch`] with its [`Task`]s; parallel nodes run all branches;
//! condition nodes pick a branch when reached, evaluating Rhai routing rules through the
//! [`RuleEval`] trait that the caller supplies. A unit handled in its own system (受办分离)
//! gets a dispatch without tasks, driven by its system's reports ([`external`]).

mod advance;
mod approve;
pub mod calendar;
mod claim;
mod close;
mod command;
pub mod deadline;
mod delegate;
mod error;
mod event;
pub mod external;
mod resolve;
mod resubmit;
mod return_to;
mod route;
mod signers;
mod state;
mod submit;
mod suspend;
mod tasks;
mod transfer;
mod urge;
mod void;
mod withdraw;

#[cfg(test)]
mod scenarios;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

pub use command::{Actor, Command, Ctx, Directory, NoDirectory, Transition, apply};
pub use error::{ErrorClass, RuntimeError, RuntimeResult, status_label};
pub use event::Event;
pub use external::ExternalAction;
pub use return_to::return_targets;
pub use route::{NoRules, RuleEval, condition_holds};
pub use state::{
    Candidates, CcRecord, Dispatch, DispatchKind, DispatchStatus, ExternalOutcome,
    ExternalProgress, ExternalStep, LastApproval, MatterState, MatterStatus, NodeRun, NodeStatus,
    Pause, ReturnInfo, ReturnTo, Suspension, Task, TaskId, TaskStatus,
};
