//! 提交: from a draft, by the initiator only.

use crate::testkit::defs::{self, values_with};
use crate::testkit::*;
use crate::{Command, Event, MatterStatus, RuntimeError};
use serde_json::json;

fn submit_cmd() -> Command {
    Command::Submit {
        values: values_with(&[("title", json!("调入李四"))]),
        chosen: Default::default(),
    }
}

#[test]
fn submit_starts_the_flow_with_the_final_values() {
    let mut case = Case::draft(defs::sequential());
    let events = case.run(&initiator(), submit_cmd());
    assert_eq!(events.first(), Some(&Event::Submitted));
    assert_eq!(case.state.status, MatterStatus::Running);
    assert_eq!(case.state.submitted_at, Some(case.now));
    assert_eq!(case.state.values["title"], json!("调入李四"));
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn only_the_initiator_submits() {
    let case = Case::draft(defs::sequential());
    for actor in [admin(), clerk("zzb"), outsider()] {
        assert_eq!(
            case.refuse(&actor, submit_cmd()),
            RuntimeError::NotInitiator { action: "提交" }
        );
    }
}

#[test]
fn only_drafts_are_submitted() {
    for case in all_but(&[MatterStatus::Draft]) {
        let err = case.refuse(&initiator(), submit_cmd());
        assert_eq!(
            err,
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "提交"
            }
        );
    }
}

#[test]
fn wrong_status_reads_in_chinese() {
    let err = submitted_parallel().refuse(&initiator(), submit_cmd());
    assert_eq!(err.to_string(), "办件当前状态为「办理中」，不能提交");
    assert_eq!(err.code(), "matter_wrong_status");
    assert_eq!(err.class(), crate::ErrorClass::Conflict);
}

#[test]
fn a_routing_failure_refuses_the_submission() {
    let case = Case::draft(defs::picked());
    let err = case.refuse(
        &initiator(),
        Command::Submit {
            values: values_with(&[("target_unit", json!(null))]),
            chosen: Default::default(),
        },
    );
    assert_eq!(err.code(), "no_unit");
    assert_eq!(case.state.status, MatterStatus::Draft);
}
