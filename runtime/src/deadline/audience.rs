//! Who hears of a tier: the handlers of the pending work, and the escalation targets.

use super::Scope;
use crate::command::Directory;
use crate::state::{Candidates, MatterState, Task};
use lianban_definition::flow::LEADER_POST;
use lianban_definition::limit::{Escalation, SUPERVISOR_ROLE, WarningTier};
use lianban_definition::{PostCode, UnitCode, UserName};

/// The people told of one tier of one clock, each once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Audience {
    /// Whoever may act on the pending work: the assignee of a claimed task, else its candidates
    /// (a pool's members); for the matter's clock also the initiator. Sorted.
    pub handlers: Vec<UserName>,
    /// The escalation targets of the tier who are not handlers. Sorted.
    pub escalation: Vec<UserName>,
}

/// The audience of `tier` for the clock `scope` of `state`:
/// - handlers: of the pending tasks of the dispatch (or of every pending task, and the
///   initiator, for the matter);
/// - [`Escalation::UnitLeader`]: the holders of [`LEADER_POST`] in the dispatch's unit (for the
///   matter: in the units of the dispatches with pending tasks, else the initiating unit);
/// - [`Escalation::Supervision`]: the users with role [`SUPERVISOR_ROLE`].
pub fn audience(
    state: &MatterState,
    scope: &Scope,
    tier: &WarningTier,
    directory: &dyn Directory,
) -> Audience {
    let pending: Vec<&Task> = state
        .pending_tasks()
        .filter(|t| scope.dispatch().is_none_or(|d| &t.dispatch == d))
        .collect();
    let mut handlers: Vec<UserName> = Vec::new();
    for task in &pending {
        match (&task.assignee, &task.candidates) {
            (Some(user), _) => handlers.push(user.clone()),
            (None, Candidates::Pool { unit, post }) => {
                handlers.extend(directory.holders(unit, post));
            }
            (None, Candidates::Users { users }) => handlers.extend(users.iter().cloned()),
        }
    }
    if *scope == Scope::Matter {
        handlers.push(state.initiator.clone());
    }
    handlers.sort();
    handlers.dedup();
    let mut escalation: Vec<UserName> = Vec::new();
    for target in &tier.escalate {
        match target {
            Escalation::UnitLeader => {
                let leader = PostCode::new(LEADER_POST);
                for unit in units(state, scope, &pending) {
                    escalation.extend(directory.holders(&unit, &leader));
                }
            }
            Escalation::Supervision => escalation.extend(directory.with_role(SUPERVISOR_ROLE)),
        }
    }
    escalation.sort();
    escalation.dedup();
    escalation.retain(|u| !handlers.contains(u));
    Audience {
        handlers,
        escalation,
    }
}

/// The units whose leaders an escalation reaches.
fn units(state: &MatterState, scope: &Scope, pending: &[&Task]) -> Vec<UnitCode> {
    let mut out: Vec<UnitCode> = match scope {
        Scope::Dispatch(node) => state
            .dispatch(node)
            .map(|d| d.unit.clone())
            .into_iter()
            .collect(),
        Scope::Matter => pending
            .iter()
            .filter_map(|t| state.dispatch(&t.dispatch).map(|d| d.unit.clone()))
            .collect(),
    };
    if out.is_empty() {
        out.push(state.initiator_unit.clone());
    }
    out.sort();
    out.dedup();
    out
}
