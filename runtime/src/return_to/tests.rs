//! 退回: a reason, the same permission checks as approve, and only the returned dispatch waits.

use crate::testkit::*;
use crate::{
    Command, DispatchStatus, Event, MatterStatus, ReturnInfo, ReturnTo, RuntimeError, TaskId,
    TaskStatus,
};
use lianban_definition::flow::SignMode;
use lianban_definition::{NodeId, UserName};

fn give_back(task: TaskId, reason: &str) -> Command {
    Command::Return {
        task,
        reason: reason.to_owned(),
        code: None,
        to: Default::default(),
    }
}

#[test]
fn a_return_waits_only_on_that_dispatch() {
    let mut case = submitted_parallel();
    let task = case.pending_one("rsj");
    case.later(45);
    let events = case.run(&clerk("rsj"), give_back(task, " 缺少调入审批表 "));
    assert_eq!(kinds(&events), ["claimed", "returned"]);
    assert_eq!(
        events[1],
        Event::Returned {
            dispatch: NodeId::new("rsj"),
            task,
            by: UserName::new("rsj_clerk"),
            reason: "缺少调入审批表".to_owned(),
            code: None,
            to: ReturnTo::Initiator,
        }
    );
    assert_eq!(case.state.status, MatterStatus::Returned);
    let returned = case.task(task);
    assert_eq!(returned.status, TaskStatus::Returned);
    assert_eq!(returned.opinion.as_deref(), Some("缺少调入审批表"));
    assert_eq!(returned.finished_at, Some(case.now));
    let dispatch = case.dispatch("rsj");
    assert_eq!(dispatch.status, DispatchStatus::Returned);
    assert_eq!(
        dispatch.returned,
        Some(ReturnInfo {
            step: 0,
            reason: "缺少调入审批表".to_owned(),
            code: None,
            by: UserName::new("rsj_clerk"),
            at: case.now,
            to: ReturnTo::Initiator,
            rerun: false,
            resumed_at: None,
        })
    );
    assert_eq!(case.busy_units(), ["czj", "zzb"]);
    assert_eq!(case.dispatch("zzb").status, DispatchStatus::Active);
}

#[test]
fn a_leader_return_records_its_step() {
    let case = returned_at_leader("zzb");
    let info = case.dispatch("zzb").returned.clone().unwrap();
    assert_eq!(info.step, 1);
    assert_eq!(info.by, UserName::new("zzb_leader"));
}

#[test]
fn a_reason_is_required() {
    let case = submitted_parallel();
    let task = case.pending_one("rsj");
    for blank in ["", "   ", "\n"] {
        let err = case.refuse(&clerk("rsj"), give_back(task, blank));
        assert_eq!(
            err,
            RuntimeError::Missing {
                what: "退回理由"
            }
        );
        assert_eq!(err.to_string(), "请填写退回理由");
    }
}

#[test]
fn only_the_handler_returns() {
    let mut case = submitted_parallel();
    let task = case.pending_one("rsj");
    for actor in [leader("rsj"), initiator(), admin(), outsider()] {
        assert_eq!(
            case.refuse(&actor, give_back(task, "不行")),
            RuntimeError::NotCandidate(task)
        );
    }
    case.run(&clerk("rsj"), Command::Claim { task });
    assert_eq!(
        case.refuse(&other_clerk("rsj"), give_back(task, "不行")),
        RuntimeError::TaskTaken(task)
    );
    assert_eq!(
        case.refuse(&clerk("rsj"), give_back(TaskId(42), "不行")),
        RuntimeError::TaskNotFound(TaskId(42))
    );
}

#[test]
fn decided_tasks_cannot_be_returned() {
    let mut case = submitted_parallel();
    let task = case.pending_one("rsj");
    case.approve(&clerk("rsj"), "rsj");
    assert_eq!(
        case.refuse(&clerk("rsj"), give_back(task, "反悔")),
        RuntimeError::TaskTaken(task)
    );
    let returned = returned_by("zzb");
    let task = returned
        .state
        .tasks
        .iter()
        .find(|t| t.status == TaskStatus::Returned)
        .unwrap()
        .id;
    assert_eq!(
        returned.refuse(&clerk("zzb"), give_back(task, "再退")),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn a_second_unit_may_return_too() {
    let mut case = returned_by("rsj");
    case.give_back(&clerk("czj"), "czj", "预算不足");
    assert_eq!(case.state.status, MatterStatus::Returned);
    assert_eq!(case.dispatch("czj").status, DispatchStatus::Returned);
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Returned);
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn a_countersign_return_cancels_the_other_signers() {
    let mut case = submitted_approvers(SignMode::All);
    let [li_task, wu_task] = case.pending("leaders")[..] else {
        panic!("two tasks")
    };
    let events = case.run(&named("wu"), give_back(wu_task, "请说明理由"));
    assert_eq!(kinds(&events), ["claimed", "returned", "tasks_cancelled"]);
    assert_eq!(
        events[2],
        Event::TasksCancelled {
            tasks: vec![li_task]
        }
    );
    assert_eq!(case.task(li_task).status, TaskStatus::Cancelled);
    assert_eq!(case.state.pending_tasks().count(), 0);
}

#[test]
fn returns_need_a_handled_matter() {
    for case in all_but(&[MatterStatus::Running, MatterStatus::Returned]) {
        assert_eq!(
            case.refuse(&clerk("zzb"), give_back(TaskId(1), "理由")),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "退回"
            }
        );
    }
}
