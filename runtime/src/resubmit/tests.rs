//! 重新提交: back to the returned dispatch only, at its returning step, with the diff.

use crate::testkit::defs::{self, values, values_with};
use crate::testkit::*;
use crate::{
    Candidates, Command, DispatchStatus, Event, MatterStatus, RuntimeError, TaskId, TaskStatus,
};
use lianban_definition::flow::SignMode;
use lianban_definition::form::FormValues;
use lianban_definition::{FieldKey, NodeId, PostCode, UnitCode};
use serde_json::json;

fn resubmit(dispatch: &str, values: FormValues) -> Command {
    Command::Resubmit {
        dispatch: NodeId::new(dispatch),
        values,
        note: "已补正".to_owned(),
    }
}

#[test]
fn resubmission_goes_back_to_the_returning_unit_with_the_diff() {
    let mut case = returned_by("rsj");
    let before: Vec<TaskId> = case.state.pending_tasks().map(|t| t.id).collect();
    case.later(120);
    let events = case.resubmit("rsj", values_with(&[("amount", json!(80))]));
    assert_eq!(kinds(&events), ["resubmitted", "task_created"]);
    let Event::Resubmitted {
        dispatch,
        changes,
        note,
    } = &events[0]
    else {
        panic!("{events:?}")
    };
    assert_eq!(dispatch.as_str(), "rsj");
    assert_eq!(note, "已补正");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].key, FieldKey::new("amount"));
    assert_eq!(
        (changes[0].before.clone(), changes[0].after.clone()),
        (json!(50), json!(80))
    );
    assert_eq!(case.state.values["amount"], json!(80));
    assert_eq!(case.state.status, MatterStatus::Running);
    let dispatch = case.dispatch("rsj");
    assert_eq!(dispatch.status, DispatchStatus::Active);
    assert_eq!(dispatch.rounds, 1);
    assert!(dispatch.returned.is_some(), "kept for history");
    let task = case.task(case.pending_one("rsj"));
    assert_eq!(task.step, 0);
    assert_eq!(task.created_at, case.now);
    assert_eq!(
        task.candidates,
        Candidates::Pool {
            unit: UnitCode::new("rsj"),
            post: PostCode::new("clerk")
        }
    );
    for id in before {
        assert_eq!(
            case.task(id).status,
            TaskStatus::Open,
            "other units untouched"
        );
    }
}

#[test]
fn resubmission_returns_to_the_leader_step() {
    let mut case = returned_at_leader("czj");
    case.resubmit("czj", values());
    let task = case.task(case.pending_one("czj"));
    assert_eq!(task.step, 1);
    assert_eq!(task.name, "分管领导审批");
    assert_eq!(case.dispatch("czj").step, 1);
}

#[test]
fn unchanged_values_give_no_changes() {
    let mut case = returned_by("zzb");
    let events = case.resubmit("zzb", values());
    assert!(matches!(&events[0], Event::Resubmitted { changes, .. } if changes.is_empty()));
}

#[test]
fn the_matter_stays_returned_while_another_unit_waits() {
    let mut case = returned_by("rsj");
    case.give_back(&clerk("czj"), "czj", "预算不足");
    case.resubmit("rsj", values());
    assert_eq!(case.state.status, MatterStatus::Returned);
    case.resubmit("czj", values());
    assert_eq!(case.state.status, MatterStatus::Running);
    assert_eq!(case.dispatch("czj").rounds, 1);
}

#[test]
fn each_resubmission_counts_a_round() {
    let mut case = returned_by("rsj");
    case.resubmit("rsj", values());
    case.give_back(&clerk("rsj"), "rsj", "仍缺材料");
    case.resubmit("rsj", values());
    assert_eq!(case.dispatch("rsj").rounds, 2);
}

#[test]
fn a_countersign_node_gets_all_its_tasks_again() {
    let mut case = submitted_approvers(SignMode::All);
    let li_task = case.pending("leaders")[0];
    case.approve_task(&named("wu"), case.pending("leaders")[1]);
    case.run(
        &named("li"),
        Command::Return {
            task: li_task,
            reason: "请补充".to_owned(),
            code: None,
            to: Default::default(),
        },
    );
    let events = case.resubmit("leaders", values());
    assert_eq!(
        kinds(&events),
        ["resubmitted", "task_created", "task_created"]
    );
    assert_eq!(case.pending("leaders").len(), 2, "both sign again");
}

#[test]
fn a_chosen_branch_is_not_rerouted() {
    let mut case = Case::draft(defs::routed());
    case.submit();
    case.give_back(&clerk("zzb"), "zzb", "金额太小");
    let events = case.resubmit("zzb", values_with(&[("amount", json!(9000))]));
    assert!(!kinds(&events).contains(&"branch_chosen".to_owned()));
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn only_the_initiator_resubmits() {
    let case = returned_by("rsj");
    for actor in [admin(), clerk("rsj"), outsider()] {
        assert_eq!(
            case.refuse(&actor, resubmit("rsj", values())),
            RuntimeError::NotInitiator {
                action: "重新提交"
            }
        );
    }
}

#[test]
fn only_returned_dispatches_take_a_resubmission() {
    let mut case = returned_by("rsj");
    case.finish("zzb");
    for node in ["zzb", "czj"] {
        assert_eq!(
            case.refuse(&initiator(), resubmit(node, values())),
            RuntimeError::DispatchWrongStatus {
                dispatch: NodeId::new(node),
                action: "重新提交"
            }
        );
    }
    let err = case.refuse(&initiator(), resubmit("nowhere", values()));
    assert_eq!(err, RuntimeError::DispatchNotFound(NodeId::new("nowhere")));
    assert_eq!(err.to_string(), "该单位的承办记录不存在");
}

#[test]
fn resubmission_needs_a_returned_matter() {
    for case in all_but(&[MatterStatus::Returned]) {
        assert_eq!(
            case.refuse(&initiator(), resubmit("rsj", values())),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "重新提交"
            }
        );
    }
}
