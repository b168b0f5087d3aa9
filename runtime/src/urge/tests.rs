//! 催办: an active dispatch, by the initiator, at most once an hour per dispatch.

use crate::testkit::*;
use crate::{Command, Event, MatterStatus, RuntimeError};
use lianban_definition::{NodeId, UnitCode};

fn urge(dispatch: &str) -> Command {
    Command::Urge {
        dispatch: NodeId::new(dispatch),
        message: "请尽快办理".to_owned(),
    }
}

#[test]
fn urging_records_the_time_and_tells_the_unit() {
    let mut case = submitted_parallel();
    let events = case.run(&initiator(), urge("rsj"));
    assert_eq!(
        events,
        [Event::Urged {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            message: "请尽快办理".to_owned(),
        }]
    );
    assert_eq!(case.dispatch("rsj").last_urged_at, Some(case.now));
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn twice_within_an_hour_is_too_often() {
    let mut case = submitted_parallel();
    case.run(&initiator(), urge("rsj"));
    let err = case.refuse(&initiator(), urge("rsj"));
    assert_eq!(
        err,
        RuntimeError::UrgedTooOften {
            dispatch: NodeId::new("rsj")
        }
    );
    assert_eq!(err.code(), "urged_too_often");
    case.later(59);
    assert!(matches!(
        case.refuse(&initiator(), urge("rsj")),
        RuntimeError::UrgedTooOften { .. }
    ));
    case.run(&initiator(), urge("zzb"));
    case.later(2);
    case.run(&initiator(), urge("rsj"));
}

#[test]
fn exactly_an_hour_later_is_allowed() {
    let mut case = submitted_parallel();
    case.run(&initiator(), urge("czj"));
    case.later(60);
    case.run(&initiator(), urge("czj"));
    assert_eq!(case.dispatch("czj").last_urged_at, Some(case.now));
}

#[test]
fn only_the_initiator_urges() {
    let case = submitted_parallel();
    for actor in [admin(), clerk("rsj"), outsider()] {
        assert_eq!(
            case.refuse(&actor, urge("rsj")),
            RuntimeError::NotInitiator { action: "催办" }
        );
    }
}

#[test]
fn only_active_dispatches_are_urged() {
    let mut case = returned_by("rsj");
    case.finish("zzb");
    for node in ["rsj", "zzb"] {
        assert_eq!(
            case.refuse(&initiator(), urge(node)),
            RuntimeError::DispatchWrongStatus {
                dispatch: NodeId::new(node),
                action: "催办"
            }
        );
    }
    assert_eq!(
        case.refuse(&initiator(), urge("ghost")),
        RuntimeError::DispatchNotFound(NodeId::new("ghost"))
    );
    case.run(&initiator(), urge("czj"));
    assert_eq!(case.state.status, MatterStatus::Returned);
}

#[test]
fn urging_needs_a_handled_matter() {
    for case in all_but(&[MatterStatus::Running, MatterStatus::Returned]) {
        assert_eq!(
            case.refuse(&initiator(), urge("rsj")),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "催办"
            }
        );
    }
}
