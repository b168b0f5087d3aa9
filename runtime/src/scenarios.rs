//! Whole-life scenarios: several commands in a row, as users would issue them.

use crate::testkit::defs::{self, values, values_with};
use crate::testkit::*;
use crate::{Command, DispatchStatus, Event, MatterStatus, RuntimeError, TaskStatus};
use lianban_definition::FieldKey;
use serde_json::json;

#[test]
fn parallel_return_resubmit_complete_close() {
    let mut case = submitted_parallel();
    case.later(60);
    case.approve(&clerk("rsj"), "rsj");
    case.give_back(&leader("rsj"), "rsj", "调入时间填写有误");
    assert_eq!(case.state.status, MatterStatus::Returned);

    // The other units are not affected by 人社局's return.
    case.finish("zzb");
    case.finish("czj");
    assert_eq!(case.state.status, MatterStatus::Returned);
    assert_eq!(case.busy_units(), Vec::<String>::new());

    // The correction goes to 人社局 only, straight to its leader, with the diff.
    case.later(24 * 60);
    let events = case.resubmit("rsj", values_with(&[("title", json!("调入张三（更正）"))]));
    let Event::Resubmitted { changes, .. } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(changes[0].key, FieldKey::new("title"));
    assert_eq!(case.state.status, MatterStatus::Running);
    assert_eq!(case.busy_units(), ["rsj"]);
    let task = case.task(case.pending_one("rsj"));
    assert_eq!((task.step, task.name.as_str()), (1, "分管领导审批"));
    assert_eq!(
        case.state.tasks.len(),
        7,
        "three units × two steps, plus the new one"
    );

    let events = case.approve(&leader("rsj"), "rsj");
    assert_eq!(
        kinds(&events),
        ["claimed", "approved", "dispatch_completed", "all_completed"]
    );
    assert_eq!(case.state.status, MatterStatus::Completed);
    assert!(
        case.state
            .dispatches
            .iter()
            .all(|d| d.status == DispatchStatus::Completed)
    );

    case.run(
        &initiator(),
        Command::Close {
            opinion: String::new(),
        },
    );
    assert_eq!(case.state.status, MatterStatus::Closed);
    assert!(matches!(
        case.refuse(
            &initiator(),
            Command::Close {
                opinion: String::new()
            }
        ),
        RuntimeError::WrongStatus { .. }
    ));
}

#[test]
fn sequential_order_is_respected_through_a_return() {
    let mut case = submitted_sequential();
    assert!(case.pending("rsj").is_empty(), "人社局 waits for 组织部");
    case.give_back(&clerk("zzb"), "zzb", "缺少档案");
    assert!(
        case.state
            .dispatch(&lianban_definition::NodeId::new("rsj"))
            .is_none()
    );
    case.resubmit("zzb", values());
    case.finish("zzb");
    assert_eq!(case.busy_units(), ["rsj"]);
    case.finish("rsj");
    assert_eq!(case.state.status, MatterStatus::Completed);
    let order: Vec<_> = case
        .state
        .dispatches
        .iter()
        .map(|d| d.node.to_string())
        .collect();
    assert_eq!(order, ["zzb", "rsj"]);
}

#[test]
fn two_clerks_race_for_one_task() {
    let case = submitted_parallel();
    let task = case.pending_one("zzb");
    let approve = Command::Approve {
        task,
        opinion: "同意".to_owned(),
        edits: Default::default(),
    };
    // Both read the same state; the server applies the first, retries the second on the new one.
    let first = case.attempt(&clerk("zzb"), approve.clone()).unwrap();
    assert!(case.attempt(&other_clerk("zzb"), approve.clone()).is_ok());
    let mut after = case;
    after.state = first.state;
    assert_eq!(
        after.refuse(&other_clerk("zzb"), approve),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn void_is_possible_until_someone_claims() {
    let mut case = submitted_parallel();
    case.run(
        &initiator(),
        Command::Urge {
            dispatch: "zzb".into(),
            message: String::new(),
        },
    );
    let task = case.pending_one("zzb");
    case.run(&clerk("zzb"), Command::Claim { task });
    let void = Command::Void {
        reason: "申报错误".to_owned(),
    };
    assert_eq!(
        case.refuse(&initiator(), void),
        RuntimeError::AlreadyStarted
    );
}

#[test]
fn urge_rhythm_over_a_day() {
    let mut case = submitted_parallel();
    let urge = || Command::Urge {
        dispatch: "czj".into(),
        message: "请尽快".to_owned(),
    };
    case.run(&initiator(), urge());
    case.later(30);
    assert!(matches!(
        case.refuse(&initiator(), urge()),
        RuntimeError::UrgedTooOften { .. }
    ));
    case.later(31);
    case.run(&initiator(), urge());
    case.later(59);
    assert!(matches!(
        case.refuse(&initiator(), urge()),
        RuntimeError::UrgedTooOften { .. }
    ));
}

#[test]
fn countersign_return_and_resubmit_then_everything() {
    let mut case = Case::draft(defs::mixed());
    case.submit();
    let lead = actor("li", &[("bgs", "leader")]);
    case.give_back(&lead, "lead", "请补充调入理由");
    assert_eq!(case.state.status, MatterStatus::Returned);
    case.resubmit(
        "lead",
        values_with(&[("title", json!("调入张三：补充理由"))]),
    );
    case.approve(&lead, "lead");
    case.finish("zzb");
    case.approve(&clerk("jgs"), "picked");
    case.give_back(&leader("jgs"), "picked", "请附编制证明");
    case.finish("rsj");
    assert_eq!(
        case.busy_units(),
        Vec::<String>::new(),
        "czj waits for the parallel node"
    );
    case.resubmit("picked", values());
    case.approve(&leader("jgs"), "picked");
    case.finish("czj");
    assert_eq!(case.state.status, MatterStatus::Completed);
    let returned = case
        .state
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Returned)
        .count();
    assert_eq!(returned, 2);
}
