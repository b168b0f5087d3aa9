//! When a clock stands still: the matter's pauses ([`matter_pauses`]) and one dispatch's
//! ([`dispatch_pauses`]), both as the state's [`Pause`] records.

use crate::state::{Dispatch, DispatchStatus, MatterState, Pause, ReturnTo};
use jiff::Timestamp;

const SUSPENDED: &str = "suspended";
const RETURNED: &str = "returned";

/// The pauses of dispatch `d`'s clock: the matter's suspensions, its own returns to the
/// initiator (the state's returned pauses of `d`), and its returns to an earlier node, from the
/// return until it came back ([`crate::ReturnInfo::resumed_at`]).
pub fn dispatch_pauses(state: &MatterState, d: &Dispatch) -> Vec<Pause> {
    let mut out: Vec<Pause> = state
        .pauses
        .iter()
        .filter(|p| p.kind == SUSPENDED || p.dispatch.as_ref() == Some(&d.node))
        .cloned()
        .collect();
    for r in d
        .returns
        .iter()
        .filter(|r| matches!(r.to, ReturnTo::Node { .. }))
    {
        out.push(Pause {
            from: r.at,
            to: r.resumed_at,
            kind: RETURNED.to_owned(),
            dispatch: Some(d.node.clone()),
        });
    }
    out
}

/// The pauses of the matter's clock: its suspensions, and the periods in which the whole matter
/// waited for the initiator — some dispatch was returned to the initiator and every dispatch
/// being handled then was (a dispatch counts as handled from `received_at` until `finished_at`,
/// so earlier rounds of re-run dispatches are not seen). Those periods have no dispatch and run
/// on (`to: None`) while they last.
pub fn matter_pauses(state: &MatterState) -> Vec<Pause> {
    let mut out: Vec<Pause> = state
        .pauses
        .iter()
        .filter(|p| p.kind == SUSPENDED)
        .cloned()
        .collect();
    let returned: Vec<&Pause> = state
        .pauses
        .iter()
        .filter(|p| p.kind == RETURNED && p.dispatch.is_some())
        .collect();
    if returned.is_empty() {
        return out;
    }
    let mut marks: Vec<Timestamp> = returned
        .iter()
        .flat_map(|p| [Some(p.from), p.to])
        .chain(
            state
                .dispatches
                .iter()
                .flat_map(|d| [Some(d.received_at), d.finished_at]),
        )
        .flatten()
        .collect();
    marks.sort();
    marks.dedup();
    let mut open: Option<Timestamp> = None;
    for (i, &at) in marks.iter().enumerate() {
        let waits = all_wait_for_initiator(state, &returned, at);
        match (waits, open) {
            (true, None) => open = Some(at),
            (false, Some(from)) => {
                out.push(whole(from, Some(at)));
                open = None;
            }
            (true, Some(_)) | (false, None) => {}
        }
        if i + 1 == marks.len()
            && let Some(from) = open
        {
            out.push(whole(from, None));
        }
    }
    out
}

/// A pause of the whole matter.
fn whole(from: Timestamp, to: Option<Timestamp>) -> Pause {
    Pause {
        from,
        to,
        kind: RETURNED.to_owned(),
        dispatch: None,
    }
}

/// Whether at `at` some dispatch waits for the initiator and every dispatch being handled does.
fn all_wait_for_initiator(state: &MatterState, returned: &[&Pause], at: Timestamp) -> bool {
    let covers = |p: &Pause| p.from <= at && p.to.is_none_or(|to| at < to);
    let waiting = |d: &Dispatch| {
        returned
            .iter()
            .any(|p| p.dispatch.as_ref() == Some(&d.node) && covers(p))
    };
    let handled = |d: &Dispatch| {
        d.status != DispatchStatus::Cancelled
            && d.received_at <= at
            && d.finished_at.is_none_or(|f| at < f)
    };
    let mut any = false;
    for d in state.dispatches.iter().filter(|d| handled(d)) {
        if !waiting(d) {
            return false;
        }
        any = true;
    }
    any
}
