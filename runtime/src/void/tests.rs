//! 作废: before anyone acted, with a reason, by the initiator or an administrator.

use crate::testkit::*;
use crate::{Command, DispatchStatus, Event, MatterStatus, RuntimeError, TaskId, TaskStatus};

fn void(reason: &str) -> Command {
    Command::Void {
        reason: reason.to_owned(),
    }
}

#[test]
fn voiding_cancels_every_task_and_dispatch() {
    let mut case = submitted_parallel();
    case.later(5);
    let events = case.run(&initiator(), void("重复申报"));
    assert_eq!(
        events,
        [
            Event::TasksCancelled {
                tasks: vec![TaskId(1), TaskId(2), TaskId(3)]
            },
            Event::Voided {
                reason: "重复申报".to_owned()
            }
        ]
    );
    assert_eq!(case.state.status, MatterStatus::Voided);
    assert_eq!(case.state.ended_at, Some(case.now));
    assert!(
        case.state
            .tasks
            .iter()
            .all(|t| t.status == TaskStatus::Cancelled)
    );
    assert!(
        case.state
            .dispatches
            .iter()
            .all(|d| d.status == DispatchStatus::Cancelled)
    );
}

#[test]
fn an_administrator_may_void() {
    let mut case = submitted_parallel();
    case.run(&admin(), void("测试数据"));
    assert_eq!(case.state.status, MatterStatus::Voided);
}

#[test]
fn nobody_else_voids() {
    let case = submitted_parallel();
    for actor in [clerk("zzb"), outsider()] {
        assert_eq!(
            case.refuse(&actor, void("不要了")),
            RuntimeError::NotInitiator { action: "作废" }
        );
    }
}

#[test]
fn a_reason_is_required() {
    let case = submitted_parallel();
    assert_eq!(
        case.refuse(&initiator(), void(" ")),
        RuntimeError::Missing {
            what: "作废理由"
        }
    );
}

#[test]
fn a_claimed_task_means_it_has_started() {
    let mut case = submitted_parallel();
    let task = case.pending_one("czj");
    case.run(&clerk("czj"), Command::Claim { task });
    let err = case.refuse(&initiator(), void("不要了"));
    assert_eq!(err, RuntimeError::AlreadyStarted);
    assert_eq!(err.to_string(), "已有单位开始办理，不能作废");
    assert_eq!(
        case.refuse(&admin(), void("不要了")),
        RuntimeError::AlreadyStarted
    );
}

#[test]
fn a_decided_task_means_it_has_started() {
    let mut case = submitted_parallel();
    case.approve(&clerk("czj"), "czj");
    assert_eq!(
        case.refuse(&initiator(), void("不要了")),
        RuntimeError::AlreadyStarted
    );
    let returned = returned_by("zzb");
    assert_eq!(
        returned.refuse(&initiator(), void("不要了")),
        RuntimeError::AlreadyStarted
    );
}

#[test]
fn drafts_and_finished_matters_are_not_voided() {
    for case in all_but(&[MatterStatus::Running, MatterStatus::Returned]) {
        assert_eq!(
            case.refuse(&initiator(), void("不要了")),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "作废"
            }
        );
    }
}
