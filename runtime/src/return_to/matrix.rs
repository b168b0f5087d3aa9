//! The return matrix: to the initiator, to an earlier node, to an earlier inner step; from a
//! parallel unit and from a 会签 node; straight back and re-run.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Command, DispatchStatus, MatterStatus, ReturnTo, RuntimeError, TaskStatus};
use lianban_definition::flow::{AfterReturn, Node, NodeRights, ReturnTargets, SignMode};
use lianban_definition::{NodeId, PostCode};

/// `node` with returns to any earlier node or step allowed, going straight back or re-running.
fn returning(mut node: Node, after: AfterReturn) -> Node {
    let rights = match &mut node {
        Node::Unit { rights, .. } | Node::Approver { rights, .. } => rights,
        _ => unreachable!(),
    };
    *rights = NodeRights::default();
    rights.ops.return_targets = ReturnTargets::AnyEarlier;
    rights.ops.after_return = after;
    node
}

/// 人社局 with three steps: 经办人审核 (clerk) → 复核 (clerk) → 分管领导审批 (leader).
fn three_steps(after: AfterReturn) -> Node {
    let mut node = returning(unit("rsj"), after);
    if let Node::Unit { steps, .. } = &mut node {
        steps.insert(
            1,
            lianban_definition::flow::UnitStep {
                id: "check".into(),
                name: "复核".into(),
                post: PostCode::new("clerk"),
            },
        );
    }
    node
}

fn back(task: crate::TaskId, to: ReturnTo) -> Command {
    Command::Return {
        task,
        reason: "请重新核实".into(),
        code: Some("info_wrong".into()),
        to,
    }
}

fn to_node(node: &str) -> ReturnTo {
    ReturnTo::Node {
        node: NodeId::new(node),
    }
}

/// 组织部 (both steps) done; 人社局 active.
fn past_zzb(def: lianban_definition::matter_type::MatterTypeDef) -> Case {
    let mut case = Case::draft(def);
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    case.approve(&leader("zzb"), "zzb");
    case
}

#[test]
fn to_an_earlier_node_then_straight_back_to_the_returning_step() {
    let mut case = past_zzb(matter(vec![
        unit("zzb"),
        returning(unit("rsj"), AfterReturn::StraightBack),
    ]));
    case.approve(&clerk("rsj"), "rsj");
    let task = case.pending_one("rsj");
    case.later(60);
    case.run(&leader("rsj"), back(task, to_node("zzb")));
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Returned);
    assert_eq!(
        case.dispatch("zzb").received_at,
        case.now,
        "handled again from now: its time limit starts afresh"
    );
    assert_eq!(
        case.state.status,
        MatterStatus::Running,
        "nothing waits for the initiator"
    );
    assert_eq!(case.busy_units(), ["zzb"]);
    let info = case.dispatch("rsj").returned.clone().unwrap();
    assert_eq!((info.step, info.code.as_deref()), (1, Some("info_wrong")));
    case.approve(&clerk("zzb"), "zzb");
    case.approve(&leader("zzb"), "zzb");
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Active);
    let again = case.pending_one("rsj");
    assert_eq!(case.task(again).step, 1, "straight back to 分管领导审批");
    assert!(
        case.dispatch("rsj")
            .returned
            .clone()
            .unwrap()
            .resumed_at
            .is_some()
    );
    case.approve(&leader("rsj"), "rsj");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn to_an_earlier_node_then_rerun_the_path() {
    let mut case = past_zzb(matter(vec![
        unit("zzb"),
        approver("lead", &["li"], SignMode::Any),
        returning(unit("rsj"), AfterReturn::Rerun),
    ]));
    case.approve(&named("li"), "lead");
    case.approve(&clerk("rsj"), "rsj");
    let task = case.pending_one("rsj");
    case.run(&leader("rsj"), back(task, to_node("zzb")));
    case.approve(&clerk("zzb"), "zzb");
    case.approve(&leader("zzb"), "zzb");
    assert_eq!(
        case.busy_units(),
        ["lead"],
        "the path runs again: 领导审核 first"
    );
    case.approve(&named("li"), "lead");
    let first = case.pending_one("rsj");
    assert_eq!(
        case.task(first).step,
        0,
        "re-run starts the unit from its first step"
    );
    assert_eq!(case.dispatch("rsj").rounds, 1);
}

#[test]
fn to_an_earlier_step_straight_back_skips_the_steps_between() {
    let mut case = Case::draft(matter(vec![three_steps(AfterReturn::StraightBack)]));
    case.submit();
    case.approve(&clerk("rsj"), "rsj");
    case.approve(&other_clerk("rsj"), "rsj");
    let task = case.pending_one("rsj");
    case.run(&leader("rsj"), back(task, ReturnTo::Step { step: 0 }));
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Active);
    assert_eq!(case.task(case.pending_one("rsj")).step, 0);
    case.approve(&clerk("rsj"), "rsj");
    assert_eq!(
        case.task(case.pending_one("rsj")).step,
        2,
        "back to the leader"
    );

    let mut case = Case::draft(matter(vec![three_steps(AfterReturn::Rerun)]));
    case.submit();
    case.approve(&clerk("rsj"), "rsj");
    case.approve(&other_clerk("rsj"), "rsj");
    let task = case.pending_one("rsj");
    case.run(&leader("rsj"), back(task, ReturnTo::Step { step: 0 }));
    case.approve(&clerk("rsj"), "rsj");
    assert_eq!(
        case.task(case.pending_one("rsj")).step,
        1,
        "re-run: 复核 again"
    );
    let task = case.pending_one("rsj");
    assert_eq!(
        case.refuse(&other_clerk("rsj"), back(task, ReturnTo::Step { step: 1 })),
        RuntimeError::BadReturnTarget("只能退回到本环节之前的步骤")
    );
}

#[test]
fn a_parallel_unit_returns_without_disturbing_its_sibling() {
    let mut case = past_zzb(matter(vec![
        unit("zzb"),
        parallel(
            "joint",
            vec![
                vec![returning(unit("rsj"), AfterReturn::StraightBack)],
                vec![unit("czj")],
            ],
        ),
    ]));
    case.approve(&clerk("czj"), "czj");
    let czj_task = case.pending_one("czj");
    let task = case.pending_one("rsj");
    assert_eq!(
        case.refuse(&clerk("rsj"), back(task, to_node("czj"))),
        RuntimeError::BadReturnTarget("只能退回到本环节之前、已经办理过的节点")
    );
    case.run(&clerk("rsj"), back(task, to_node("zzb")));
    assert_eq!(
        case.pending_one("czj"),
        czj_task,
        "the sibling keeps its task"
    );
    case.approve(&leader("czj"), "czj");
    assert_eq!(case.dispatch("czj").status, DispatchStatus::Completed);
    case.approve(&clerk("zzb"), "zzb");
    case.approve(&leader("zzb"), "zzb");
    case.approve(&clerk("rsj"), "rsj");
    case.approve(&leader("rsj"), "rsj");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn targets_the_node_does_not_allow_are_refused() {
    let mut case = past_zzb(matter(vec![unit("zzb"), unit("rsj")]));
    let task = case.pending_one("rsj");
    let err = case.refuse(&clerk("rsj"), back(task, to_node("zzb")));
    assert_eq!(err.code(), "operation_not_allowed");
    assert_eq!(
        crate::return_targets(&case.def, &case.state, task),
        [ReturnTo::Initiator]
    );
    let mut listed = unit("rsj");
    if let Node::Unit { rights, .. } = &mut listed {
        rights.ops.return_targets = ReturnTargets::Nodes {
            nodes: vec![NodeId::new("lead")],
        };
    }
    case = past_zzb(matter(vec![
        unit("zzb"),
        approver("lead", &["li"], SignMode::Any),
        listed,
    ]));
    case.approve(&named("li"), "lead");
    let task = case.pending_one("rsj");
    assert_eq!(
        crate::return_targets(&case.def, &case.state, task),
        [ReturnTo::Initiator, to_node("lead")]
    );
    assert_eq!(
        case.refuse(&clerk("rsj"), back(task, to_node("zzb")))
            .code(),
        "operation_not_allowed"
    );
    case.run(&clerk("rsj"), back(task, to_node("lead")));
    assert_eq!(case.busy_units(), ["lead"]);
}

#[test]
fn a_countersign_member_returns_to_the_initiator_and_the_round_restarts() {
    let mut case = Case::draft(approvers(SignMode::All));
    case.submit();
    let tasks = case.pending("leaders");
    case.approve_task(&named("wu"), tasks[1]);
    case.run(
        &named("li"),
        Command::Return {
            task: tasks[0],
            reason: "金额有误".into(),
            code: None,
            to: ReturnTo::Initiator,
        },
    );
    assert_eq!(case.state.status, MatterStatus::Returned);
    assert_eq!(case.state.pauses.len(), 1);
    assert!(case.state.pauses[0].to.is_none());
    let values = case.state.values.clone();
    case.run(
        &initiator(),
        Command::Resubmit {
            dispatch: NodeId::new("leaders"),
            values,
            note: String::new(),
        },
    );
    assert!(case.state.pauses[0].to.is_some(), "the clock runs again");
    assert_eq!(
        case.pending("leaders").len(),
        2,
        "a new round: both sign again"
    );
    for t in case.pending("leaders") {
        assert_eq!(case.task(t).status, TaskStatus::Open);
    }
}
