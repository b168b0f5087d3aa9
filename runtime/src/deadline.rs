//! Deadlines (时效) of a live matter: which clocks run, from when, with which pauses and in
//! which round ([`clocks`]); where each stands against the matter type's warning tiers
//! ([`read`]); and who hears of a tier ([`audience`]). Pure: the server passes the calendar, the
//! time and the directory, remembers which tiers fired, and stores and sends the rest.
//!
//! The clocks of a matter that is live (running, returned, or completed and waiting to be
//! closed):
//! - **the matter's** total limit ([`MatterTypeDef::time_limit`]) runs from its submission. It
//!   stands still while the matter is suspended (挂起), and while the whole matter waits for the
//!   initiator's correction (补正): every dispatch being handled at that moment was returned to
//!   the initiator ([`matter_pauses`]; reconstructed from each dispatch's current round);
//! - **each active dispatch's** node limit ([`Node::time_limit`]) runs from when the dispatch
//!   reached its unit (`received_at`; a re-run path or a return to the node restarts it). It
//!   stands still while the matter is suspended and while that dispatch was returned to the
//!   initiator or to an earlier node, up to the correction.
//!
//! A tier fires once per clock and **round**: a dispatch's round ([`handling_round`]) grows
//! each time its handling starts again after a return, so the handlers of the new round are
//! reminded again; the matter's clock has one round.

mod audience;
mod pauses;
mod tier;

#[cfg(test)]
mod tests;

pub use audience::{Audience, audience};
pub use pauses::{dispatch_pauses, matter_pauses};
pub use tier::threshold;

use crate::calendar::{CalendarError, Limit, WorkCalendar};
use crate::state::{Dispatch, DispatchStatus, MatterState, MatterStatus, Pause, ReturnTo};
use crate::tasks::find_node;
use jiff::Timestamp;
use lianban_definition::NodeId;
use lianban_definition::flow::Node;
use lianban_definition::limit::{TierWhen, WarningTier};
use lianban_definition::matter_type::MatterTypeDef;

/// Whose limit a clock counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The matter's total limit.
    Matter,
    /// One dispatch's node limit.
    Dispatch(NodeId),
}

impl Scope {
    /// The stored name: `matter`, or `dispatch:<node>`.
    pub fn key(&self) -> String {
        match self {
            Scope::Matter => "matter".to_owned(),
            Scope::Dispatch(node) => format!("dispatch:{node}"),
        }
    }

    /// The dispatch, for a dispatch's clock.
    pub fn dispatch(&self) -> Option<&NodeId> {
        match self {
            Scope::Matter => None,
            Scope::Dispatch(node) => Some(node),
        }
    }
}

/// One running limit of a matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// Whose limit.
    pub scope: Scope,
    /// When it started.
    pub from: Timestamp,
    /// The limit.
    pub limit: Limit,
    /// When it stood still.
    pub pauses: Vec<Pause>,
    /// The round (0 for the matter; [`handling_round`] for a dispatch).
    pub round: u32,
}

/// Where a clock stands at some instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// When the limit ends, pauses included (while paused: as if the clock restarted now).
    pub due: Timestamp,
    /// Whether the clock stands still now.
    pub paused: bool,
    /// Whether `due` has passed.
    pub overdue: bool,
    /// Indexes into the tiers passed to [`read`] of the tiers reached, in the tiers' order.
    pub reached: Vec<usize>,
    /// The first instant at which a tier not reached yet will be (none while the clock stands
    /// still, or when every tier is reached): the scanner need not look before then unless the
    /// matter or the calendar changes.
    pub next: Option<Timestamp>,
}

impl Reading {
    /// The latest tier reached (the current one), if any.
    pub fn current(&self) -> Option<usize> {
        self.reached.iter().copied().max()
    }
}

/// Whether a matter in `status` has running clocks: running, returned, or completed and waiting
/// to be closed.
pub fn is_live(status: MatterStatus) -> bool {
    match status {
        MatterStatus::Running | MatterStatus::Returned | MatterStatus::Completed => true,
        MatterStatus::Draft | MatterStatus::Closed | MatterStatus::Voided => false,
    }
}

/// The clocks of a matter: its total limit (when the type has one and it was submitted), then
/// each active dispatch whose node has a limit, in dispatch order. None unless live.
pub fn clocks(def: &MatterTypeDef, state: &MatterState) -> Vec<Clock> {
    if !is_live(state.status) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let (Some((amount, unit)), Some(from)) = (def.time_limit(), state.submitted_at) {
        out.push(Clock {
            scope: Scope::Matter,
            from,
            limit: Limit::new(amount, unit),
            pauses: matter_pauses(state),
            round: 0,
        });
    }
    for d in state
        .dispatches
        .iter()
        .filter(|d| d.status == DispatchStatus::Active)
    {
        let limit = find_node(&def.flow.nodes, &d.node).and_then(Node::time_limit);
        if let Some((amount, unit)) = limit {
            out.push(Clock {
                scope: Scope::Dispatch(d.node.clone()),
                from: d.received_at,
                limit: Limit::new(amount, unit),
                pauses: dispatch_pauses(state, d),
                round: handling_round(d),
            });
        }
    }
    out
}

/// The round of a dispatch's handling: `rounds` (one more after each resubmission, re-run or
/// reopening) plus the returns to an earlier node it came straight back from (which keep
/// `rounds`). A new round's handlers are reminded again.
pub fn handling_round(d: &Dispatch) -> u32 {
    let straight_back = d
        .returns
        .iter()
        .filter(|r| matches!(r.to, ReturnTo::Node { .. }) && !r.rerun && r.resumed_at.is_some())
        .count();
    d.rounds
        .saturating_add(u32::try_from(straight_back).unwrap_or(u32::MAX))
}

/// Where `clock` stands at `now` against `tiers` (sorted by [`TierWhen::order`], as
/// [`MatterTypeDef::tiers`] gives them).
///
/// Errors: the calendar's, e.g. [`CalendarError::MissingYear`] when the due date or a tier's
/// moment falls in a year without holiday data.
pub fn read(
    calendar: &WorkCalendar,
    clock: &Clock,
    tiers: &[WarningTier],
    now: Timestamp,
) -> Result<Reading, CalendarError> {
    let standing = calendar.standing(clock.from, clock.limit, &clock.pauses, now)?;
    let mut reached = Vec::new();
    let mut next: Option<Timestamp> = None;
    for (i, tier) in tiers.iter().enumerate() {
        let at = threshold(calendar, standing.due, tier.when)?;
        // An overdue tier is reached once its moment has passed, the others at the moment.
        let from = match tier.when {
            TierWhen::Overdue { .. } => at.checked_add(jiff::SignedDuration::from_nanos(1)),
            TierWhen::BeforeDue { .. } | TierWhen::DueDay => Ok(at),
        }
        .unwrap_or(at);
        if now >= from {
            reached.push(i);
        } else if !standing.paused {
            next = Some(next.map_or(from, |n| n.min(from)));
        }
    }
    Ok(Reading {
        due: standing.due,
        paused: standing.paused,
        overdue: standing.overdue,
        reached,
        next,
    })
}
