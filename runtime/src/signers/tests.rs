//! 加签 and 减签 on 会签 and 依次 nodes.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Candidates, Command, MatterStatus};
use lianban_definition::UserName;
use lianban_definition::flow::SignMode;

fn add(task: crate::TaskId, users: &[&str], before: bool) -> Command {
    Command::AddSigners {
        task,
        users: users.iter().map(|u| UserName::new(*u)).collect(),
        before,
    }
}

fn signer(case: &Case, task: crate::TaskId) -> Candidates {
    case.task(task).candidates.clone()
}

#[test]
fn countersign_after_and_remove() {
    let mut case = Case::draft(approvers(SignMode::All));
    case.submit();
    let tasks = case.pending("leaders");
    case.run(&named("li"), add(tasks[0], &["chen", "zhao"], false));
    assert_eq!(case.pending("leaders").len(), 4);
    case.run(
        &named("wu"),
        Command::RemoveSigner {
            task: tasks[1],
            user: UserName::new("zhao"),
        },
    );
    assert_eq!(case.pending("leaders").len(), 3);
    case.approve_task(&named("li"), tasks[0]);
    case.approve_task(&named("wu"), tasks[1]);
    assert_eq!(case.busy_units(), ["leaders"], "still waiting for chen");
    let chen = case.pending_one("leaders");
    case.approve_task(&named("chen"), chen);
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn countersign_before_gives_the_task_back_after_them() {
    let mut case = Case::draft(approvers(SignMode::All));
    case.submit();
    let tasks = case.pending("leaders");
    case.run(&named("li"), add(tasks[0], &["chen"], true));
    let chen = case
        .pending("leaders")
        .into_iter()
        .find(|t| {
            signer(&case, *t)
                == (Candidates::Users {
                    users: vec!["chen".into()],
                })
        })
        .unwrap();
    let added = case.task(chen);
    assert!(added.added_before, "marked as 前加签, not 委派");
    assert_eq!(added.delegated_by, Some("li".into()));
    case.approve_task(&named("chen"), chen);
    let back = case
        .pending("leaders")
        .into_iter()
        .find(|t| {
            signer(&case, *t)
                == (Candidates::Users {
                    users: vec!["li".into()],
                })
        })
        .expect("li signs again after chen");
    case.approve_task(&named("li"), back);
    case.approve_task(&named("wu"), tasks[1]);
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn sequential_inserts_into_the_order() {
    let mut case = Case::draft(approvers(SignMode::Sequential));
    case.submit();
    let li = case.pending_one("leaders");
    case.run(&named("li"), add(li, &["chen"], false));
    case.approve(&named("li"), "leaders");
    assert_eq!(
        signer(&case, case.pending_one("leaders")),
        Candidates::Users {
            users: vec!["chen".into()]
        }
    );
    let chen = case.pending_one("leaders");
    case.run(&named("chen"), add(chen, &["zhao"], true));
    assert_eq!(
        signer(&case, case.pending_one("leaders")),
        Candidates::Users {
            users: vec!["zhao".into()]
        }
    );
    case.approve(&named("zhao"), "leaders");
    case.approve(&named("chen"), "leaders");
    let wu = case.pending_one("leaders");
    assert_eq!(
        signer(&case, wu),
        Candidates::Users {
            users: vec!["wu".into()]
        }
    );
    case.approve(&named("wu"), "leaders");
    assert_eq!(case.busy_units(), ["zzb"]);
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn refusals() {
    let mut case = Case::draft(approvers(SignMode::Any));
    case.submit();
    let task = case.pending_one("leaders");
    assert_eq!(
        case.refuse(&named("li"), add(task, &["chen"], false))
            .code(),
        "bad_signers"
    );
    let mut case = Case::draft(approvers(SignMode::All));
    case.submit();
    let tasks = case.pending("leaders");
    for users in [&[][..], &["wu"][..], &["li"][..]] {
        assert_eq!(
            case.refuse(&named("li"), add(tasks[0], users, false))
                .code(),
            "bad_signers",
            "{users:?}"
        );
    }
    assert_eq!(
        case.refuse(
            &named("li"),
            Command::RemoveSigner {
                task: tasks[0],
                user: UserName::new("chen")
            }
        )
        .code(),
        "bad_signers"
    );
    case.approve_task(&named("wu"), tasks[1]);
    assert_eq!(
        case.refuse(
            &admin(),
            Command::RemoveSigner {
                task: tasks[0],
                user: UserName::new("li")
            }
        )
        .to_string(),
        "不能减去最后一位审批人"
    );
    let mut unit_case = Case::draft(sequential());
    unit_case.submit();
    let t = unit_case.pending_one("zzb");
    assert_eq!(
        unit_case
            .refuse(&clerk("zzb"), add(t, &["wu"], false))
            .code(),
        "bad_signers"
    );
}
