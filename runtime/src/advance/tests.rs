//! The flow walker: sequences, parallel and condition nodes, unit resolution, approver tasks.

use crate::testkit::defs::{self, *};
use crate::testkit::*;
use crate::{
    Candidates, DispatchKind, DispatchStatus, Event, MatterStatus, NoRules, NodeRun, NodeStatus,
    RuntimeError, TaskId,
};
use lianban_definition::flow::{Assignee, EmptyPolicy, Node, SignMode};
use lianban_definition::{FieldKey, NodeId, PostCode, UnitCode, UserName};
use serde_json::json;

fn node_run(case: &Case, id: &str) -> Option<NodeRun> {
    case.state.nodes.get(&NodeId::new(id)).cloned()
}

fn pool(unit: &str, post: &str) -> Candidates {
    Candidates::Pool {
        unit: UnitCode::new(unit),
        post: PostCode::new(post),
    }
}

fn users(names: &[&str]) -> Candidates {
    Candidates::Users {
        users: names.iter().map(|u| UserName::new(*u)).collect(),
    }
}

fn routed_with(changes: &[(&str, serde_json::Value)]) -> Case {
    let mut case = Case::draft(defs::routed());
    case.state.values = values_with(changes);
    case
}

fn chosen(events: &[Event]) -> (String, String) {
    events
        .iter()
        .find_map(|e| match e {
            Event::BranchChosen { node, branch } => Some((node.to_string(), branch.clone())),
            _ => None,
        })
        .expect("a BranchChosen event")
}

#[test]
fn sequential_dispatches_only_the_first_unit() {
    let mut case = Case::draft(defs::sequential());
    let events = case.submit();
    assert_eq!(kinds(&events), ["submitted", "dispatched", "task_created"]);
    assert_eq!(case.busy_units(), ["zzb"]);
    assert!(case.state.dispatch(&NodeId::new("rsj")).is_none());
    assert!(node_run(&case, "rsj").is_none());
    let task = case.task(TaskId(1));
    assert_eq!(task.candidates, pool("zzb", "clerk"));
    assert_eq!(task.name, "经办人审核");
    let dispatch = case.dispatch("zzb");
    assert_eq!(dispatch.kind, DispatchKind::Unit);
    assert_eq!(dispatch.received_at, case.now);
    assert_eq!(dispatch.step, 0);
}

#[test]
fn sequential_moves_on_when_the_first_unit_completes() {
    let mut case = submitted_sequential();
    case.later(30);
    let events = case.finish("zzb");
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
    assert_eq!(case.busy_units(), ["rsj"]);
    assert_eq!(case.dispatch("rsj").received_at, case.now);
    assert_eq!(node_run(&case, "zzb").unwrap().status, NodeStatus::Done);
    let events = case.finish("rsj");
    assert_eq!(kinds(&events)[2..], ["dispatch_completed", "all_completed"]);
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn parallel_dispatches_every_branch_at_once() {
    let case = submitted_parallel();
    assert_eq!(case.busy_units(), ["czj", "rsj", "zzb"]);
    let order: Vec<_> = case
        .state
        .dispatches
        .iter()
        .map(|d| d.node.to_string())
        .collect();
    assert_eq!(order, ["zzb", "rsj", "czj"]);
    assert_eq!(node_run(&case, "joint").unwrap().status, NodeStatus::Active);
    let ids: Vec<_> = case.state.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [TaskId(1), TaskId(2), TaskId(3)]);
}

#[test]
fn parallel_is_done_only_when_every_branch_is() {
    let mut case = submitted_parallel();
    case.finish("zzb");
    case.finish("czj");
    assert_eq!(node_run(&case, "joint").unwrap().status, NodeStatus::Active);
    assert_eq!(case.state.status, MatterStatus::Running);
    let events = case.finish("rsj");
    assert!(events.contains(&Event::AllCompleted));
    assert_eq!(node_run(&case, "joint").unwrap().status, NodeStatus::Done);
}

#[test]
fn condition_takes_the_default_branch_when_nothing_holds() {
    let mut case = routed_with(&[]);
    let events = case.submit();
    assert_eq!(chosen(&events), ("route".to_owned(), "默认分支".to_owned()));
    assert_eq!(
        node_run(&case, "route"),
        Some(NodeRun {
            status: NodeStatus::Active,
            branch: None
        })
    );
    assert_eq!(case.busy_units(), ["zzb"]);
    assert_eq!(
        kinds(&events),
        ["submitted", "branch_chosen", "dispatched", "task_created"]
    );
}

#[test]
fn condition_takes_the_first_branch_whose_rule_holds() {
    let mut case = routed_with(&[("amount", json!(5000))]);
    let events = case.submit();
    assert_eq!(chosen(&events).1, "大额");
    assert_eq!(node_run(&case, "route").unwrap().branch, Some(0));
    assert_eq!(case.busy_units(), ["czj"]);
}

#[test]
fn condition_with_all_fields() {
    let mut case = routed_with(&[("amount", json!(200))]);
    assert_eq!(chosen(&case.submit()).1, "人事");
    assert_eq!(case.busy_units(), ["rsj"]);
    let mut car = routed_with(&[("amount", json!(200)), ("category", json!("car"))]);
    car.submit();
    assert_ne!(car.busy_units(), ["rsj"], "All needs every member");
}

#[test]
fn condition_with_any_field() {
    for changes in [
        vec![("category", json!("car"))],
        vec![("tags", json!(["urgent", "secret"]))],
    ] {
        let mut case = routed_with(&changes);
        assert_eq!(chosen(&case.submit()).1, "加急或用车");
        assert_eq!(node_run(&case, "route").unwrap().branch, Some(2));
        assert_eq!(case.busy_units(), ["jgs"]);
    }
}

#[test]
fn condition_rule_through_a_closure() {
    let mut case = routed_with(&[])
        .with_rules(|rule: &lianban_definition::RuleName, _: &_| Ok(rule.as_str() == "is_large"));
    case.submit();
    assert_eq!(case.busy_units(), ["czj"]);
}

#[test]
fn failing_rule_refuses_the_command() {
    let case = routed_with(&[]).with_rules(NoRules);
    let values = case.state.values.clone();
    let err = case.refuse(
        &initiator(),
        crate::Command::Submit {
            values,
            chosen: Default::default(),
        },
    );
    assert!(matches!(err, RuntimeError::Rule { rule, .. } if rule.as_str() == "is_large"));

    let def = matter(vec![condition(
        "route",
        vec![("坏", rule("broken"), vec![unit("czj")])],
        vec![unit("zzb")],
    )]);
    let case = Case::draft(def);
    let values = case.state.values.clone();
    let err = case.refuse(
        &initiator(),
        crate::Command::Submit {
            values,
            chosen: Default::default(),
        },
    );
    assert_eq!(err.code(), "rule_failed");
}

#[test]
fn empty_branch_finishes_the_condition_at_once() {
    let def = matter(vec![
        condition(
            "optional",
            vec![(
                "涉密",
                field(
                    "tags",
                    lianban_definition::flow::CompareOp::Contains,
                    json!("secret"),
                ),
                vec![unit("czj")],
            )],
            Vec::new(),
        ),
        unit("zzb"),
    ]);
    let mut case = Case::draft(def);
    case.submit();
    assert_eq!(
        node_run(&case, "optional"),
        Some(NodeRun {
            status: NodeStatus::Done,
            branch: None
        })
    );
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn a_flow_with_nothing_to_do_completes_at_submit() {
    let mut case = Case::draft(matter(Vec::new()));
    assert_eq!(kinds(&case.submit()), ["submitted", "all_completed"]);
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn unit_from_field_goes_to_the_picked_unit() {
    let mut case = Case::draft(defs::picked());
    let events = case.submit();
    assert!(events.contains(&Event::Dispatched {
        dispatch: NodeId::new("picked"),
        unit: UnitCode::new("jgs"),
        name: "picked办理".to_owned(),
        external: false,
    }));
    assert_eq!(case.task(TaskId(1)).candidates, pool("jgs", "clerk"));
    case.approve(&clerk("jgs"), "picked");
    case.approve(&leader("jgs"), "picked");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn unit_from_an_empty_field_cannot_be_dispatched() {
    for value in [
        json!(null),
        json!(""),
        json!("  "),
        json!(["jgs"]),
        json!(3),
    ] {
        let mut case = Case::draft(defs::picked());
        case.state.values = values_with(&[("target_unit", value.clone())]);
        let values = case.state.values.clone();
        let err = case.refuse(
            &initiator(),
            crate::Command::Submit {
                values,
                chosen: Default::default(),
            },
        );
        assert_eq!(
            err,
            RuntimeError::NoUnit {
                node: NodeId::new("picked"),
                field: FieldKey::new("target_unit"),
            },
            "{value}"
        );
    }
}

#[test]
fn approver_any_makes_one_task_for_all_named_users() {
    let case = submitted_approvers(SignMode::Any);
    let dispatch = case.dispatch("leaders");
    assert_eq!(dispatch.kind, DispatchKind::Approver);
    assert_eq!(dispatch.unit.as_str(), "bgs");
    assert_eq!(case.pending("leaders").len(), 1);
    assert_eq!(case.task(TaskId(1)).candidates, users(&["li", "wu"]));
    assert_eq!(case.task(TaskId(1)).name, "领导审核");
}

#[test]
fn approver_all_makes_one_task_per_distinct_user() {
    let def = matter(vec![approver(
        "leaders",
        &["li", "wu", "li"],
        SignMode::All,
    )]);
    let mut case = Case::draft(def);
    let events = case.submit();
    assert_eq!(
        kinds(&events),
        ["submitted", "dispatched", "task_created", "task_created"]
    );
    assert_eq!(case.task(TaskId(1)).candidates, users(&["li"]));
    assert_eq!(case.task(TaskId(2)).candidates, users(&["wu"]));
}

#[test]
fn initiator_post_is_a_pool_for_any_and_its_holders_for_all() {
    let mut case = Case::draft(matter(vec![post_approver("lead", "clerk", SignMode::Any)]));
    case.submit();
    assert_eq!(case.pending("lead").len(), 1);
    assert_eq!(case.task(TaskId(1)).candidates, pool("bgs", "clerk"));

    let mut case = Case::draft(matter(vec![post_approver("lead", "clerk", SignMode::All)]));
    case.submit();
    let signers: Vec<Candidates> = case
        .pending("lead")
        .into_iter()
        .map(|t| case.task(t).candidates.clone())
        .collect();
    assert_eq!(
        signers,
        [
            users(&["zhang"]),
            users(&["bgs_clerk"]),
            users(&["bgs_clerk2"])
        ]
    );
}

#[test]
fn nodes_without_people_finish_at_once_when_their_policy_says_so() {
    let no_steps = Node::Unit {
        id: NodeId::new("hollow"),
        name: "空单位".to_owned(),
        unit: lianban_definition::flow::UnitRef::Fixed {
            unit: UnitCode::new("zzb"),
        },
        steps: Vec::new(),
        time_limit_days: None,
        time_limit_unit: Default::default(),
        handling: lianban_definition::flow::Handling::InLianban,
        rights: Default::default(),
    };
    let nobody = Node::Approver {
        id: NodeId::new("nobody"),
        name: "无人".to_owned(),
        assignee: Assignee::Users { users: Vec::new() },
        mode: SignMode::All,
        pass_percent: None,
        when_empty: EmptyPolicy::AutoPass,
        time_limit_days: None,
        time_limit_unit: Default::default(),
        rights: Default::default(),
    };
    let mut case = Case::draft(matter(vec![no_steps, nobody]));
    let events = case.submit();
    assert_eq!(
        kinds(&events),
        [
            "submitted",
            "dispatched",
            "dispatch_completed",
            "dispatched",
            "nobody_resolved",
            "dispatch_completed",
            "all_completed"
        ]
    );
    assert!(
        case.state
            .dispatches
            .iter()
            .all(|d| d.status == DispatchStatus::Completed)
    );
}

#[test]
fn mixed_flow_runs_nested_nodes_in_order() {
    let mut case = Case::draft(defs::mixed());
    case.submit();
    assert_eq!(case.busy_units(), ["lead"]);
    case.approve(&actor("li", &[("bgs", "leader")]), "lead");
    assert_eq!(
        case.busy_units(),
        ["picked", "zzb"],
        "parallel: zzb and the tagged branch"
    );
    assert_eq!(node_run(&case, "tagged").unwrap().branch, Some(0));
    case.finish("zzb");
    assert_eq!(case.busy_units(), ["picked", "rsj"]);
    case.approve(&clerk("jgs"), "picked");
    case.approve(&leader("jgs"), "picked");
    assert_eq!(node_run(&case, "tagged").unwrap().status, NodeStatus::Done);
    assert_eq!(node_run(&case, "joint").unwrap().status, NodeStatus::Active);
    case.finish("rsj");
    assert_eq!(case.busy_units(), ["czj"]);
    let events = case.finish("czj");
    assert_eq!(events.last(), Some(&Event::AllCompleted));
    assert!(
        case.state
            .nodes
            .values()
            .all(|r| r.status == NodeStatus::Done)
    );
}

#[test]
fn mixed_flow_without_tags_skips_the_optional_unit() {
    let mut case = Case::draft(defs::mixed());
    case.state.values = values_with(&[("tags", json!([]))]);
    case.submit();
    case.approve(&actor("li", &[("bgs", "leader")]), "lead");
    assert_eq!(case.busy_units(), ["zzb"]);
    assert_eq!(node_run(&case, "tagged").unwrap().status, NodeStatus::Done);
    assert!(node_run(&case, "picked").is_none());
}
