//! 同意: permission checks, the implicit claim, next steps, completion of unit and approver
//! dispatches, and the matter status that follows.

use crate::testkit::defs::{matter, unit, unit_from_field, values_with};
use crate::testkit::*;
use crate::{
    Candidates, Command, DispatchStatus, Event, MatterStatus, NodeStatus, RuntimeError, TaskId,
    TaskStatus,
};
use lianban_definition::flow::SignMode;
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use serde_json::json;

fn approve(task: TaskId) -> Command {
    Command::Approve {
        task,
        opinion: "同意调入".to_owned(),
        edits: Default::default(),
    }
}

#[test]
fn approving_an_open_task_claims_it_and_opens_the_next_step() {
    let mut case = submitted_parallel();
    let task = case.pending_one("zzb");
    case.later(15);
    let events = case.run(&clerk("zzb"), approve(task));
    assert_eq!(kinds(&events), ["claimed", "approved", "task_created"]);
    assert_eq!(
        events[1],
        Event::Approved {
            task,
            dispatch: NodeId::new("zzb"),
            by: UserName::new("zzb_clerk"),
            opinion: "同意调入".to_owned(),
        }
    );
    let done = case.task(task);
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.assignee, Some(UserName::new("zzb_clerk")));
    assert_eq!(done.opinion.as_deref(), Some("同意调入"));
    assert_eq!(done.finished_at, Some(case.now));
    let next = case.task(case.pending_one("zzb"));
    assert_eq!(next.step, 1);
    assert_eq!(next.name, "分管领导审批");
    assert_eq!(
        next.candidates,
        Candidates::Pool {
            unit: UnitCode::new("zzb"),
            post: PostCode::new("leader")
        }
    );
    assert_eq!(case.dispatch("zzb").step, 1);
}

#[test]
fn the_claimant_approves_without_a_second_claim() {
    let mut case = submitted_parallel();
    let task = case.pending_one("zzb");
    case.run(&clerk("zzb"), Command::Claim { task });
    let events = case.run(&clerk("zzb"), approve(task));
    assert_eq!(kinds(&events), ["approved", "task_created"]);
}

#[test]
fn an_empty_opinion_is_fine() {
    let mut case = submitted_parallel();
    let task = case.pending_one("zzb");
    let events = case.run(
        &clerk("zzb"),
        Command::Approve {
            task,
            opinion: "  ".to_owned(),
            edits: Default::default(),
        },
    );
    assert!(matches!(&events[1], Event::Approved { opinion, .. } if opinion.is_empty()));
    assert_eq!(case.task(task).opinion, None);
}

#[test]
fn a_task_claimed_by_someone_else_is_taken() {
    let mut case = submitted_parallel();
    let task = case.pending_one("zzb");
    case.run(&clerk("zzb"), Command::Claim { task });
    assert_eq!(
        case.refuse(&other_clerk("zzb"), approve(task)),
        RuntimeError::TaskTaken(task)
    );
    assert_eq!(
        case.refuse(&leader("zzb"), approve(task)),
        RuntimeError::NotCandidate(task)
    );
}

#[test]
fn non_candidates_cannot_approve() {
    let case = submitted_parallel();
    let task = case.pending_one("zzb");
    for actor in [
        leader("zzb"),
        clerk("rsj"),
        initiator(),
        admin(),
        outsider(),
    ] {
        assert_eq!(
            case.refuse(&actor, approve(task)),
            RuntimeError::NotCandidate(task)
        );
    }
}

#[test]
fn approving_twice_finds_the_task_taken() {
    let mut case = submitted_parallel();
    let task = case.pending_one("zzb");
    case.run(&clerk("zzb"), approve(task));
    assert_eq!(
        case.refuse(&clerk("zzb"), approve(task)),
        RuntimeError::TaskTaken(task)
    );
    assert_eq!(
        case.refuse(&other_clerk("zzb"), approve(task)),
        RuntimeError::TaskTaken(task)
    );
}

#[test]
fn returned_and_unknown_tasks() {
    let case = returned_by("rsj");
    let returned = case
        .state
        .tasks
        .iter()
        .find(|t| t.status == TaskStatus::Returned)
        .unwrap();
    assert_eq!(
        case.refuse(&clerk("rsj"), approve(returned.id)),
        RuntimeError::TaskTaken(returned.id)
    );
    assert_eq!(
        case.refuse(&clerk("rsj"), approve(TaskId(0))),
        RuntimeError::TaskNotFound(TaskId(0))
    );
}

#[test]
fn the_last_step_completes_the_dispatch() {
    let mut case = submitted_parallel();
    case.approve(&clerk("rsj"), "rsj");
    case.later(60);
    let events = case.approve(&leader("rsj"), "rsj");
    assert_eq!(
        kinds(&events),
        ["claimed", "approved", "dispatch_completed"]
    );
    let dispatch = case.dispatch("rsj");
    assert_eq!(dispatch.status, DispatchStatus::Completed);
    assert_eq!(dispatch.finished_at, Some(case.now));
    assert_eq!(
        case.state.nodes[&NodeId::new("rsj")].status,
        NodeStatus::Done
    );
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn the_last_dispatch_completes_the_matter() {
    let mut case = submitted_parallel();
    case.finish("zzb");
    case.finish("rsj");
    let events = case.finish("czj");
    assert_eq!(events.last(), Some(&Event::AllCompleted));
    assert_eq!(case.state.status, MatterStatus::Completed);
    assert_eq!(case.state.pending_tasks().count(), 0);
}

#[test]
fn approving_keeps_the_matter_returned_while_another_unit_waits() {
    let mut case = returned_by("rsj");
    case.finish("zzb");
    case.finish("czj");
    assert_eq!(case.state.status, MatterStatus::Returned);
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Returned);
}

#[test]
fn approver_any_completes_with_the_first_decision() {
    let mut case = submitted_approvers(SignMode::Any);
    let events = case.approve(&named("wu"), "leaders");
    assert_eq!(
        kinds(&events),
        [
            "claimed",
            "approved",
            "dispatch_completed",
            "dispatched",
            "task_created"
        ]
    );
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn approver_any_cancels_other_pending_tasks() {
    let mut case = submitted_approvers(SignMode::Any);
    let mut twin = case.task(TaskId(1)).clone();
    twin.id = TaskId(2);
    case.state.tasks.push(twin);
    let events = case.run(&named("li"), approve(TaskId(1)));
    assert!(events.contains(&Event::TasksCancelled {
        tasks: vec![TaskId(2)]
    }));
    assert_eq!(case.task(TaskId(2)).status, TaskStatus::Cancelled);
    assert_eq!(case.dispatch("leaders").status, DispatchStatus::Completed);
}

#[test]
fn approver_all_waits_for_every_signer() {
    let mut case = submitted_approvers(SignMode::All);
    let [li_task, wu_task] = case.pending("leaders")[..] else {
        panic!("two tasks")
    };
    assert_eq!(
        case.refuse(&named("wu"), approve(li_task)),
        RuntimeError::NotCandidate(li_task)
    );
    let events = case.run(&named("li"), approve(li_task));
    assert_eq!(kinds(&events), ["claimed", "approved"]);
    assert_eq!(case.dispatch("leaders").status, DispatchStatus::Active);
    let events = case.run(&named("wu"), approve(wu_task));
    assert_eq!(
        kinds(&events)[2..],
        ["dispatch_completed", "dispatched", "task_created"]
    );
}

#[test]
fn a_routing_failure_after_a_dispatch_refuses_the_approval() {
    let mut case = Case::draft(matter(vec![
        unit("zzb"),
        unit_from_field("picked", "target_unit"),
    ]));
    case.state.values = values_with(&[("target_unit", json!(""))]);
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    let task = case.pending_one("zzb");
    let err = case.refuse(&leader("zzb"), approve(task));
    assert_eq!(err.code(), "no_unit");
    assert_eq!(
        err.to_string(),
        "表单字段「target_unit」未选择承办单位，无法分发"
    );
}

#[test]
fn approvals_need_a_handled_matter() {
    for case in all_but(&[MatterStatus::Running, MatterStatus::Returned]) {
        assert_eq!(
            case.refuse(&clerk("zzb"), approve(TaskId(1))),
            RuntimeError::WrongStatus {
                status: case.state.status,
                action: "同意"
            }
        );
    }
}

#[test]
fn sequential_approvers_decide_one_after_another_in_order() {
    use crate::testkit::defs::approver;
    let def = matter(vec![
        approver("chain", &["li", "wu", "li", "zhao"], SignMode::Sequential),
        unit("zzb"),
    ]);
    let mut case = Case::draft(def);
    case.submit();
    let first = case.pending_one("chain");
    assert_eq!(
        case.task(first).candidates,
        Candidates::Users {
            users: vec![UserName::new("li")]
        }
    );
    assert!(matches!(
        case.refuse(&named("wu"), approve(first)),
        RuntimeError::NotCandidate(_)
    ));
    let events = case.run(&named("li"), approve(first));
    assert_eq!(kinds(&events), ["claimed", "approved", "task_created"]);
    let second = case.pending_one("chain");
    assert_eq!(
        (case.task(second).step, case.dispatch("chain").step),
        (1, 1)
    );
    assert_eq!(
        case.task(second).candidates,
        Candidates::Users {
            users: vec![UserName::new("wu")]
        }
    );
    // A return by the second approver comes straight back to them after resubmission.
    case.give_back(&named("wu"), "chain", "请补充说明");
    case.resubmit("chain", values_with(&[]));
    let again = case.pending_one("chain");
    assert_eq!(
        case.task(again).candidates,
        Candidates::Users {
            users: vec![UserName::new("wu")]
        }
    );
    case.run(&named("wu"), approve(again));
    // Repeated names count once: li already approved, so zhao is last.
    let last = case.pending_one("chain");
    assert_eq!(
        case.task(last).candidates,
        Candidates::Users {
            users: vec![UserName::new("zhao")]
        }
    );
    let events = case.run(&named("zhao"), approve(last));
    assert!(
        kinds(&events).contains(&"dispatch_completed".to_owned()),
        "{events:?}"
    );
    assert_eq!(case.dispatch("chain").status, DispatchStatus::Completed);
    assert_eq!(case.pending("zzb").len(), 1, "the flow moved on");
}
