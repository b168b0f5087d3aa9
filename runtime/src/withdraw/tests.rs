//! 撤回: the approver takes back their approval until anything else happens.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Command, DispatchStatus, MatterStatus, RuntimeError, TaskStatus};
use lianban_definition::flow::SignMode;

fn withdraw(task: crate::TaskId) -> Command {
    Command::Withdraw { task }
}

#[test]
fn a_step_is_withdrawn_and_the_next_task_cancelled() {
    let mut case = Case::draft(sequential());
    case.submit();
    let task = case.pending_one("zzb");
    case.approve(&clerk("zzb"), "zzb");
    let next = case.pending_one("zzb");
    let events = case.run(&clerk("zzb"), withdraw(task));
    assert_eq!(
        kinds(&events),
        ["withdrawn", "tasks_cancelled", "task_created"]
    );
    assert_eq!(case.task(next).status, TaskStatus::Cancelled);
    let again = case.pending_one("zzb");
    assert_eq!(case.task(again).step, 0);
    assert!(case.task(again).candidates.admits(&clerk("zzb")));
    assert!(!case.task(again).candidates.admits(&other_clerk("zzb")));
}

#[test]
fn a_finished_unit_is_reopened_and_the_next_unit_withdrawn() {
    let mut case = Case::draft(sequential());
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    let last = case.pending_one("zzb");
    case.approve(&leader("zzb"), "zzb");
    assert_eq!(case.busy_units(), ["rsj"]);
    case.run(&leader("zzb"), withdraw(last));
    assert_eq!(case.dispatch("zzb").status, DispatchStatus::Active);
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Cancelled);
    assert!(!case.state.nodes.contains_key(&"rsj".into()));
    assert_eq!(case.busy_units(), ["zzb"]);
    // Approving again moves on as before, reusing the unit's dispatch.
    case.approve(&leader("zzb"), "zzb");
    assert_eq!(case.busy_units(), ["rsj"]);
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Active);
    assert_eq!(
        case.state
            .dispatches
            .iter()
            .filter(|d| d.node.as_str() == "rsj")
            .count(),
        1
    );
}

#[test]
fn the_last_approval_of_a_matter_can_be_withdrawn() {
    let mut case = Case::draft(matter(vec![approver("a", &["li"], SignMode::Any)]));
    case.submit();
    let task = case.pending_one("a");
    case.approve(&named("li"), "a");
    assert_eq!(case.state.status, MatterStatus::Completed);
    case.run(&named("li"), withdraw(task));
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn only_the_approver_and_only_before_anything_else_happens() {
    let mut case = Case::draft(sequential());
    case.submit();
    let task = case.pending_one("zzb");
    case.approve(&clerk("zzb"), "zzb");
    assert_eq!(
        case.refuse(&other_clerk("zzb"), withdraw(task)),
        RuntimeError::CannotWithdraw("只有同意的人本人可以撤回")
    );
    let next = case.pending_one("zzb");
    case.run(&leader("zzb"), Command::Claim { task: next });
    assert_eq!(
        case.refuse(&clerk("zzb"), withdraw(task)).code(),
        "cannot_withdraw"
    );
    // A withdrawal racing the next handler's approval: whichever comes second is refused.
    let mut race = Case::draft(sequential());
    race.submit();
    let task = race.pending_one("zzb");
    race.approve(&clerk("zzb"), "zzb");
    let before = race.clone_state();
    race.approve(&leader("zzb"), "zzb");
    assert_eq!(
        race.refuse(&clerk("zzb"), withdraw(task)).code(),
        "cannot_withdraw"
    );
    race.state = before;
    race.run(&clerk("zzb"), withdraw(task));
    let next = race
        .state
        .tasks
        .iter()
        .find(|t| t.step == 1)
        .map(|t| t.id)
        .unwrap();
    assert_eq!(
        race.refuse(
            &leader("zzb"),
            Command::Approve {
                task: next,
                opinion: String::new(),
                edits: Default::default(),
            }
        ),
        RuntimeError::TaskTaken(next)
    );
}
