//! 签收: an open task, by a candidate, while the matter is being handled.

use crate::testkit::*;
use crate::{Command, Event, MatterStatus, RuntimeError, TaskId, TaskStatus};
use lianban_definition::UserName;
use lianban_definition::flow::SignMode;

fn claim(task: TaskId) -> Command {
    Command::Claim { task }
}

#[test]
fn a_pool_member_claims_an_open_task() {
    let mut case = submitted_parallel();
    let task = case.pending_one("rsj");
    let events = case.run(&clerk("rsj"), claim(task));
    assert_eq!(
        events,
        [Event::Claimed {
            task,
            by: UserName::new("rsj_clerk")
        }]
    );
    assert_eq!(case.task(task).status, TaskStatus::Claimed);
    assert_eq!(case.task(task).assignee, Some(UserName::new("rsj_clerk")));
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn the_second_pool_member_finds_it_taken() {
    let mut case = submitted_parallel();
    let task = case.pending_one("rsj");
    case.run(&clerk("rsj"), claim(task));
    assert_eq!(
        case.refuse(&other_clerk("rsj"), claim(task)),
        RuntimeError::TaskTaken(task)
    );
    assert_eq!(
        case.refuse(&clerk("rsj"), claim(task)),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn non_candidates_cannot_claim() {
    let case = submitted_parallel();
    let task = case.pending_one("rsj");
    for actor in [
        leader("rsj"),
        clerk("zzb"),
        initiator(),
        admin(),
        outsider(),
    ] {
        assert_eq!(
            case.refuse(&actor, claim(task)),
            RuntimeError::NotCandidate(task)
        );
    }
}

#[test]
fn named_users_claim_their_task() {
    let mut case = submitted_approvers(SignMode::Any);
    let task = case.pending_one("leaders");
    assert_eq!(
        case.refuse(&named("zhao"), claim(task)),
        RuntimeError::NotCandidate(task)
    );
    case.run(&named("wu"), claim(task));
    assert_eq!(
        case.refuse(&named("li"), claim(task)),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn unknown_tasks_are_not_found() {
    let case = submitted_parallel();
    let err = case.refuse(&clerk("rsj"), claim(TaskId(99)));
    assert_eq!(err, RuntimeError::TaskNotFound(TaskId(99)));
    assert_eq!(err.class(), crate::ErrorClass::NotFound);
}

#[test]
fn finished_tasks_are_taken() {
    let mut case = submitted_parallel();
    let done = case.pending_one("zzb");
    case.approve(&clerk("zzb"), "zzb");
    assert_eq!(
        case.refuse(&clerk("zzb"), claim(done)),
        RuntimeError::TaskTaken(done)
    );

    let returned = returned_by("rsj");
    let task = returned
        .state
        .tasks
        .iter()
        .find(|t| t.dispatch.as_str() == "rsj")
        .unwrap()
        .id;
    assert_eq!(
        returned.refuse(&clerk("rsj"), claim(task)),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn cancelled_tasks_are_taken() {
    let voided = voided_parallel();
    let err = voided.refuse(&clerk("zzb"), claim(TaskId(1)));
    assert!(
        matches!(err, RuntimeError::WrongStatus { .. }),
        "voided first"
    );
    let mut case = submitted_approvers(SignMode::All);
    let li_task = case.pending("leaders")[0];
    let wu_task = case.pending("leaders")[1];
    case.run(
        &named("li"),
        Command::Return {
            task: li_task,
            reason: "请补充说明".to_owned(),
            code: None,
            to: Default::default(),
        },
    );
    assert_eq!(case.task(wu_task).status, TaskStatus::Cancelled);
    assert_eq!(
        case.refuse(&named("wu"), claim(wu_task)),
        RuntimeError::TaskTaken(wu_task)
    );
}

#[test]
fn claims_go_on_while_another_unit_has_returned_it() {
    let mut case = returned_by("rsj");
    let task = case.pending_one("zzb");
    case.run(&clerk("zzb"), claim(task));
    assert_eq!(case.state.status, MatterStatus::Returned);
}

#[test]
fn claims_need_a_handled_matter() {
    for case in all_but(&[MatterStatus::Running, MatterStatus::Returned]) {
        let err = case.refuse(&clerk("zzb"), claim(TaskId(1)));
        assert_eq!(
            err,
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "签收"
            }
        );
    }
}
