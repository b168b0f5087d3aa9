//! 挂起/恢复 and CC read receipts.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Command, RuntimeError};
use lianban_definition::NodeId;
use lianban_definition::flow::{Assignee, Node, NodeRights};

#[test]
fn a_suspended_matter_takes_no_handling_and_its_clock_pauses() {
    let mut case = Case::draft(sequential());
    case.submit();
    let task = case.pending_one("zzb");
    assert_eq!(
        case.refuse(
            &clerk("zzb"),
            Command::Suspend {
                reason: "等材料".into()
            }
        ),
        RuntimeError::NotInitiator { action: "挂起" }
    );
    assert_eq!(
        case.refuse(&initiator(), Command::Suspend { reason: " ".into() })
            .code(),
        "missing_argument"
    );
    case.run(
        &initiator(),
        Command::Suspend {
            reason: "等待补正材料".into(),
        },
    );
    assert_eq!(
        case.refuse(
            &initiator(),
            Command::Suspend {
                reason: "再挂".into()
            }
        )
        .code(),
        "matter_suspended"
    );
    let approve = Command::Approve {
        task,
        opinion: String::new(),
        edits: Default::default(),
    };
    assert_eq!(
        case.refuse(&clerk("zzb"), approve.clone()),
        RuntimeError::Suspended { action: "同意" }
    );
    case.later(60);
    case.run(
        &admin(),
        Command::Resume {
            note: "材料已到".into(),
        },
    );
    assert_eq!(case.state.pauses.len(), 1);
    let pause = &case.state.pauses[0];
    assert_eq!(pause.kind, "suspended");
    assert_eq!(pause.to.unwrap().duration_since(pause.from).as_mins(), 60);
    case.run(&clerk("zzb"), approve);
    assert_eq!(
        case.refuse(
            &initiator(),
            Command::Resume {
                note: String::new()
            }
        )
        .code(),
        "matter_wrong_status"
    );
}

#[test]
fn copies_get_read_receipts_once() {
    let cc = Node::Cc {
        id: NodeId::new("copy"),
        name: "抄送".into(),
        recipients: Assignee::Users {
            users: vec!["li".into(), "wu".into()],
        },
        rights: NodeRights::default(),
    };
    let mut case = Case::draft(matter(vec![cc, unit("zzb")]));
    case.submit();
    let read = Command::ReadCopy {
        node: NodeId::new("copy"),
    };
    assert_eq!(kinds(&case.run(&named("li"), read.clone())), ["copy_read"]);
    assert!(case.run(&named("li"), read.clone()).is_empty());
    assert_eq!(case.state.cc[0].read.len(), 1);
    assert_eq!(
        case.refuse(&clerk("zzb"), read).code(),
        "operation_not_allowed"
    );
}
