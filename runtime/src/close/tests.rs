//! 办结: a completed matter, by the initiator or an administrator.

use crate::testkit::*;
use crate::{Command, Event, MatterStatus, RuntimeError};

fn close() -> Command {
    Command::Close {
        opinion: " 同意办结 ".to_owned(),
    }
}

#[test]
fn the_initiator_closes_a_completed_matter() {
    let mut case = completed_parallel();
    case.later(10);
    let events = case.run(&initiator(), close());
    assert_eq!(
        events,
        [Event::Closed {
            opinion: "同意办结".to_owned()
        }]
    );
    assert_eq!(case.state.status, MatterStatus::Closed);
    assert_eq!(case.state.ended_at, Some(case.now));
}

#[test]
fn an_administrator_may_close() {
    let mut case = completed_parallel();
    case.run(&admin(), close());
    assert_eq!(case.state.status, MatterStatus::Closed);
}

#[test]
fn nobody_else_closes() {
    let case = completed_parallel();
    for actor in [clerk("zzb"), leader("czj"), outsider()] {
        let err = case.refuse(&actor, close());
        assert_eq!(err, RuntimeError::NotInitiator { action: "办结" });
        assert_eq!(err.class(), crate::ErrorClass::Forbidden);
    }
}

#[test]
fn only_completed_matters_close() {
    for case in all_but(&[MatterStatus::Completed]) {
        assert_eq!(
            case.refuse(&initiator(), close()),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "办结"
            }
        );
    }
}
