//! 转办: who may transfer, what the new handler gets, and the refusals.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Candidates, Command, RuntimeError, TaskStatus};
use lianban_definition::UserName;
use lianban_definition::flow::SignMode;

fn transfer(task: crate::TaskId, to: &str) -> Command {
    Command::Transfer {
        task,
        to: UserName::new(to),
        note: "我出差，请代办".into(),
    }
}

#[test]
fn the_new_handler_gets_the_same_step_and_the_old_task_is_cancelled() {
    let mut case = Case::draft(matter(vec![unit("zzb")]));
    case.submit();
    let old = case.pending_one("zzb");
    let events = case.run(&clerk("zzb"), transfer(old, "wu"));
    assert_eq!(
        kinds(&events),
        ["transferred", "tasks_cancelled", "task_created"]
    );
    assert_eq!(case.task(old).status, TaskStatus::Cancelled);
    assert_eq!(
        case.task(old).opinion.as_deref(),
        Some("转办给wu：我出差，请代办")
    );
    let new = case.pending_one("zzb");
    assert_eq!(case.task(new).step, 0);
    assert_eq!(
        case.task(new).candidates,
        Candidates::Users {
            users: vec![UserName::new("wu")]
        }
    );
    // The pool no longer has it; the new handler carries on to the next step.
    assert_eq!(
        case.refuse(&other_clerk("zzb"), Command::Claim { task: new }),
        RuntimeError::NotCandidate(new)
    );
    case.approve(&named("wu"), "zzb");
    assert_eq!(case.task(case.pending_one("zzb")).step, 1);
}

#[test]
fn a_countersign_signer_transfers_without_changing_the_count() {
    let mut case = Case::draft(matter(vec![approver("a", &["li", "wu"], SignMode::All)]));
    case.submit();
    let tasks = case.pending("a");
    case.run(&named("li"), transfer(tasks[0], "chen"));
    assert_eq!(case.pending("a").len(), 2);
    case.approve_task(&named("wu"), tasks[1]);
    let chen = case.pending_one("a");
    case.approve_task(&named("chen"), chen);
    assert!(case.pending("a").is_empty());
}

#[test]
fn only_the_holder_or_an_admin_may_transfer_and_never_to_themselves() {
    let mut case = Case::draft(matter(vec![unit("zzb")]));
    case.submit();
    let task = case.pending_one("zzb");
    assert_eq!(
        case.refuse(&outsider(), transfer(task, "wu")),
        RuntimeError::NotCandidate(task)
    );
    case.run(&clerk("zzb"), Command::Claim { task });
    assert_eq!(
        case.refuse(&other_clerk("zzb"), transfer(task, "wu")),
        RuntimeError::TaskTaken(task)
    );
    assert_eq!(
        case.refuse(&clerk("zzb"), transfer(task, "zzb_clerk")),
        RuntimeError::TransferToSelf
    );
    // An administrator reassigns.
    case.run(&admin(), transfer(task, "wu"));
    let new = case.pending_one("zzb");
    assert_eq!(
        case.refuse(&named("li"), transfer(new, "wu")),
        RuntimeError::NotCandidate(new)
    );
    assert_eq!(
        case.refuse(&admin(), transfer(new, "wu")),
        RuntimeError::TransferToSelf
    );
    assert_eq!(
        case.refuse(&named("wu"), transfer(task, "li")),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn not_to_someone_who_already_signs_there() {
    let mut case = Case::draft(matter(vec![approver("a", &["li", "wu"], SignMode::All)]));
    case.submit();
    let tasks = case.pending("a");
    assert_eq!(
        case.refuse(&named("li"), transfer(tasks[0], "wu")),
        RuntimeError::BadSigners("对方已在本节点审批，不能转办给他")
    );
}
