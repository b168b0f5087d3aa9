//! Property tests of the matter state machine, through the public API only.
//!
//! Random command sequences — random actors (candidates, the initiator, anyone), random task
//! numbers (pending ones and bogus ones), random commands (including returns to earlier nodes
//! and steps, withdrawals, delegation, transfer, 加签, suspend and resume, and reports of units'
//! own systems: acknowledgements, steps, approvals and returns) and waits — run over the
//! sequential, parallel, routed, approver (或签 / 会签), from-field, mixed and 受办分离 fixtures. After every accepted
//! command the invariants in `invariants` must hold; a refused command changes nothing (apply
//! only borrows the state) and must not panic; a closed or voided matter refuses everything.
//! From every state reached, the greedy driver in `driver` must still bring the matter to its
//! end.

#[allow(dead_code)]
#[path = "../src/testkit/defs.rs"]
mod defs;
#[path = "state_machine/driver.rs"]
mod driver;
#[path = "state_machine/invariants.rs"]
mod invariants;
#[path = "state_machine/world.rs"]
mod world;

use lianban_runtime::{Command, MatterStatus};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use world::{Fixture, Step, World, step};

/// Cases per fixture; each runs up to 60 commands and the driver from every accepted state.
const CASES: u32 = 256;

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

/// Plays `steps` on a fresh draft of `fixture`, checking everything on the way.
fn play(fixture: Fixture, start: Start, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut world = World::new(fixture, start.values);
    invariants::state(&world.def, &world.state).map_err(fail)?;
    if start.submitted {
        let values = world.state.values.clone();
        let t = world
            .apply(
                world.initiator(),
                &Command::Submit {
                    values,
                    chosen: Default::default(),
                },
            )
            .map_err(|e| fail(format!("submit: {e:?}")))?;
        invariants::state(&world.def, &t.state).map_err(fail)?;
        world.state = t.state;
    }
    for (i, step) in steps.iter().enumerate() {
        world.wait(step.minutes);
        let (actor, command) = world.resolve(step);
        let terminal = matches!(
            world.state.status,
            MatterStatus::Closed | MatterStatus::Voided
        );
        match world.apply(&actor, &command) {
            Ok(t) => {
                prop_assert!(
                    !terminal,
                    "step {i}: {command:?} accepted on {:?}",
                    world.state.status
                );
                invariants::transition(&world.state, &t)
                    .and_then(|()| invariants::state(&world.def, &t.state))
                    .map_err(|e| fail(format!("step {i}: {command:?} by {}: {e}", actor.user)))?;
                world.state = t.state;
                driver::drive_to_end(world.clone())
                    .map_err(|e| fail(format!("after step {i} ({command:?}): {e}")))?;
            }
            Err(e) => prop_assert!(!e.code().is_empty()),
        }
    }
    Ok(())
}

/// How a case starts: from the draft, or (mostly) just after the initiator submitted it.
#[derive(Debug, Clone, Copy)]
struct Start {
    values: u8,
    submitted: bool,
}

fn start() -> impl Strategy<Value = Start> {
    (any::<u8>(), prop::bool::weighted(0.9))
        .prop_map(|(values, submitted)| Start { values, submitted })
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step(), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn sequential_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::Sequential, start, &steps)?;
    }

    #[test]
    fn parallel_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::Parallel, start, &steps)?;
    }

    #[test]
    fn routed_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::Routed, start, &steps)?;
    }

    #[test]
    fn any_approvers_keep_their_invariants(start in start(), steps in steps()) {
        play(Fixture::ApproversAny, start, &steps)?;
    }

    #[test]
    fn all_approvers_keep_their_invariants(start in start(), steps in steps()) {
        play(Fixture::ApproversAll, start, &steps)?;
    }

    #[test]
    fn sequential_approvers_keep_their_invariants(start in start(), steps in steps()) {
        play(Fixture::ApproversSequential, start, &steps)?;
    }

    #[test]
    fn picked_unit_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::Picked, start, &steps)?;
    }

    #[test]
    fn mixed_flow_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::Mixed, start, &steps)?;
    }

    #[test]
    fn own_system_in_sequence_keeps_its_invariants(start in start(), steps in steps()) {
        play(Fixture::ExternalSequential, start, &steps)?;
    }

    #[test]
    fn own_systems_in_parallel_keep_their_invariants(start in start(), steps in steps()) {
        play(Fixture::ExternalMixed, start, &steps)?;
    }
}

/// The driver alone, from every fresh draft: every fixture and value set reaches Closed.
#[test]
fn every_fixture_closes_when_everyone_cooperates() {
    let all = [
        Fixture::Sequential,
        Fixture::Parallel,
        Fixture::Routed,
        Fixture::ApproversAny,
        Fixture::ApproversAll,
        Fixture::ApproversSequential,
        Fixture::Picked,
        Fixture::Mixed,
        Fixture::ExternalSequential,
        Fixture::ExternalMixed,
    ];
    for fixture in all {
        for values in 0..4 {
            let steps = driver::drive_to_end(World::new(fixture, values))
                .unwrap_or_else(|e| panic!("{fixture:?}/{values}: {e}"));
            assert!(steps >= 3, "{fixture:?}/{values}: only {steps} steps");
        }
    }
}
