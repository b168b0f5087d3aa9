//! 委派: the delegate acts, the task comes back.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Command, RuntimeError};
use lianban_definition::UserName;

#[test]
fn the_task_comes_back_to_the_delegator_after_the_delegate_acts() {
    let mut case = Case::draft(sequential());
    case.submit();
    let task = case.pending_one("zzb");
    let events = case.run(
        &clerk("zzb"),
        Command::Delegate {
            task,
            to: UserName::new("wu"),
            note: "请核实学历".into(),
        },
    );
    assert_eq!(
        kinds(&events),
        ["delegated", "tasks_cancelled", "task_created"]
    );
    let delegated = case.pending_one("zzb");
    assert_eq!(
        case.task(delegated).delegated_by,
        Some(UserName::new("zzb_clerk"))
    );
    assert!(!case.task(delegated).added_before, "a 委派 is not a 前加签");
    // The delegate may only act and give it back: no return, transfer or further delegation.
    for command in [
        Command::Return {
            task: delegated,
            reason: "不办".into(),
            code: None,
            to: Default::default(),
        },
        Command::Delegate {
            task: delegated,
            to: UserName::new("li"),
            note: String::new(),
        },
    ] {
        assert_eq!(
            case.refuse(&named("wu"), command).code(),
            "operation_not_allowed"
        );
    }
    case.approve(&named("wu"), "zzb");
    let back = case.pending_one("zzb");
    assert_eq!(case.task(back).step, 0);
    assert!(case.task(back).candidates.admits(&clerk("zzb")));
    case.approve(&clerk("zzb"), "zzb");
    assert_eq!(case.task(case.pending_one("zzb")).step, 1);
}

#[test]
fn not_to_oneself_nor_by_someone_without_the_task() {
    let mut case = Case::draft(sequential());
    case.submit();
    let task = case.pending_one("zzb");
    let to = |u: &str| Command::Delegate {
        task,
        to: UserName::new(u),
        note: String::new(),
    };
    assert_eq!(
        case.refuse(&clerk("zzb"), to("zzb_clerk")),
        RuntimeError::TransferToSelf
    );
    assert_eq!(
        case.refuse(&outsider(), to("wu")),
        RuntimeError::NotCandidate(task)
    );
}
