//! 受办分离: dispatching to a unit's own system and its reports, from named states.

use super::{CLOCK_TOLERANCE, ExternalAction};
use crate::deadline::{Scope, clocks};
use crate::testkit::defs::{self, handled_externally, own_system, unit, unit_from_field};
use crate::testkit::*;
use crate::{
    Command, DispatchStatus, ErrorClass, Event, MatterState, MatterStatus, ReturnTo, TaskId,
};
use jiff::{SignedDuration, Timestamp};
use lianban_definition::flow::{Node, ReturnTargets};
use lianban_definition::{NodeId, UnitCode};
use serde_json::json;

fn ack(external_ref: Option<&str>) -> ExternalAction {
    ExternalAction::Ack {
        external_ref: external_ref.map(str::to_owned),
    }
}

fn step(name: &str, handler: &str, at: Timestamp) -> ExternalAction {
    ExternalAction::Step {
        name: name.to_owned(),
        handler: handler.to_owned(),
        at,
        opinion: Some("同意".to_owned()),
    }
}

fn approve(documents: &[&str]) -> ExternalAction {
    ExternalAction::Approve {
        opinion: Some("同意调入".to_owned()),
        documents: documents.iter().map(|d| (*d).to_owned()).collect(),
    }
}

fn give_back(reason: &str) -> ExternalAction {
    ExternalAction::Return {
        reason: reason.to_owned(),
        code: Some(" info_incorrect ".to_owned()),
    }
}

/// [`at_own_system`] after 人社局's system returned it to the initiator.
fn returned_by_own_system() -> Case {
    let mut case = at_own_system();
    case.report("rsj", "rsj", ack(Some("RS-2026-001")));
    case.report("rsj", "rsj", step("科室初审", "王五", case.now));
    case.later(30);
    case.report("rsj", "rsj", give_back("缺少档案材料"));
    case
}

#[test]
fn reaching_an_own_system_node_dispatches_without_tasks() {
    let mut case = Case::draft(defs::external_sequential());
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    let events = case.approve(&leader("zzb"), "zzb");
    assert_eq!(
        kinds(&events),
        ["claimed", "approved", "dispatch_completed", "dispatched"]
    );
    assert_eq!(
        events[3],
        Event::Dispatched {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            name: "rsj办理".to_owned(),
            external: true,
        }
    );
    let d = case.dispatch("rsj");
    assert_eq!(d.status, DispatchStatus::Active);
    assert_eq!(d.external, Some(Default::default()));
    assert!(
        case.pending("rsj").is_empty(),
        "its inner steps are no tasks"
    );
    assert_eq!(case.state.status, MatterStatus::Running);
    // Its time limit runs as for any unit dispatch.
    let clock = clocks(&case.def, &case.state)
        .into_iter()
        .find(|c| c.scope == Scope::Dispatch(NodeId::new("rsj")))
        .expect("a clock for 人社局");
    assert_eq!(clock.from, d.received_at);
}

#[test]
fn a_unit_without_an_external_system_refuses_the_dispatch() {
    let mut case = Case::draft(defs::matter(vec![unit("zzb"), own_system("czj")]));
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    let task = case.pending_one("zzb");
    let command = Command::Approve {
        task,
        opinion: String::new(),
        edits: Default::default(),
    };
    let err = case.refuse(&leader("zzb"), command);
    assert_eq!(err.code(), "no_external_system");
    assert_eq!(err.class(), ErrorClass::Invalid);
    assert_eq!(
        err.to_string(),
        "节点「czj办理」设为在本单位系统办理，但单位「czj」尚未接入自有审批系统，无法分发"
    );
}

#[test]
fn a_unit_from_a_field_is_checked_when_the_flow_reaches_it() {
    let def = defs::matter(vec![handled_externally(unit_from_field(
        "picked",
        "target_unit",
    ))]);
    let mut case = Case::draft(def.clone());
    case.state.values = defs::values_with(&[("target_unit", json!("zzb"))]);
    let values = case.state.values.clone();
    let submit = Command::Submit {
        values,
        chosen: Default::default(),
    };
    assert_eq!(
        case.refuse(&initiator(), submit).code(),
        "no_external_system"
    );
    // 机关事务中心 has its own system.
    let mut case = Case::draft(def);
    case.submit();
    assert!(case.dispatch("picked").is_external());
    assert_eq!(case.dispatch("picked").unit, UnitCode::new("jgs"));
}

#[test]
fn ack_records_the_reference_once() {
    let mut case = at_own_system();
    case.later(5);
    let events = case.report("rsj", "rsj", ack(Some(" RS-2026-001 ")));
    assert_eq!(
        events,
        [Event::ExternalAcked {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            external_ref: Some("RS-2026-001".to_owned()),
        }]
    );
    let progress = case.dispatch("rsj").external.clone().unwrap();
    assert_eq!(progress.acked_at, Some(case.now));
    assert_eq!(progress.external_ref.as_deref(), Some("RS-2026-001"));

    // A repeated delivery changes nothing and says nothing.
    let before = case.clone_state();
    case.later(5);
    assert!(
        case.report("rsj", "rsj", ack(Some("RS-2026-001")))
            .is_empty()
    );
    assert!(case.report("rsj", "rsj", ack(None)).is_empty());
    assert_eq!(case.state, before);

    let err = case.report_refused("rsj", "rsj", ack(Some("RS-2026-999")));
    assert_eq!(err.code(), "external_ref_conflict");
    assert_eq!(err.class(), ErrorClass::Conflict);
    assert!(err.to_string().contains("RS-2026-001"), "{err}");
}

#[test]
fn a_late_reference_completes_an_ack_without_one() {
    let mut case = at_own_system();
    let first = case.now;
    assert_eq!(
        kinds(&case.report("rsj", "rsj", ack(None))),
        ["external_acked"]
    );
    case.later(10);
    assert_eq!(
        kinds(&case.report("rsj", "rsj", ack(Some("RS-7")))),
        ["external_acked"]
    );
    let progress = case.dispatch("rsj").external.clone().unwrap();
    assert_eq!(progress.acked_at, Some(first), "the first receipt counts");
    assert_eq!(progress.external_ref.as_deref(), Some("RS-7"));
}

#[test]
fn steps_are_appended_and_reported() {
    let mut case = at_own_system();
    case.later(60);
    let at = case.now - SignedDuration::from_mins(20);
    let events = case.report("rsj", "rsj", step(" 科室初审 ", "张三", at));
    assert_eq!(
        events,
        [Event::ExternalStepReported {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            name: "科室初审".to_owned(),
            handler: "张三".to_owned(),
            at,
            opinion: Some("同意".to_owned()),
        }]
    );
    // Not acknowledged first: steps are taken as they come.
    case.report("rsj", "rsj", step("局领导审批", "李四", case.now));
    let progress = case.dispatch("rsj").external.clone().unwrap();
    assert_eq!(progress.acked_at, None);
    let names: Vec<_> = progress.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["科室初审", "局领导审批"]);
    assert_eq!(progress.steps[0].reported_at, case.now);
    assert_eq!(progress.steps[0].round, 0);
    assert_eq!(case.state.status, MatterStatus::Running);
}

#[test]
fn bad_steps_are_refused() {
    let mut case = at_own_system();
    case.later(60);
    let now = case.now;
    let received = case.dispatch("rsj").received_at;
    let long = "长".repeat(101);
    let bad = [
        step(" ", "张三", now),
        step("科室初审", "", now),
        step(&long, "张三", now),
        step(
            "科室初审",
            "张三",
            now + CLOCK_TOLERANCE + SignedDuration::from_secs(1),
        ),
        step(
            "科室初审",
            "张三",
            received - CLOCK_TOLERANCE - SignedDuration::from_secs(1),
        ),
        ExternalAction::Step {
            name: "科室初审".to_owned(),
            handler: "张三".to_owned(),
            at: now,
            opinion: Some("长".repeat(2001)),
        },
    ];
    for action in bad {
        let err = case.report_refused("rsj", "rsj", action.clone());
        assert_eq!(err.code(), "bad_external_step", "{action:?}");
        assert_eq!(err.class(), ErrorClass::Invalid);
    }
    // Within the tolerance either way: the systems' clocks differ a little.
    case.report(
        "rsj",
        "rsj",
        step("科室初审", "张三", now + CLOCK_TOLERANCE),
    );
    case.report(
        "rsj",
        "rsj",
        step("受理", "张三", received - CLOCK_TOLERANCE),
    );
}

#[test]
fn approval_completes_the_dispatch_and_moves_the_flow_on() {
    let mut case = at_own_system();
    case.report("rsj", "rsj", ack(Some("RS-1")));
    case.later(120);
    let events = case.report("rsj", "rsj", approve(&["file-1", " file-2 "]));
    assert_eq!(
        kinds(&events),
        [
            "external_approved",
            "dispatch_completed",
            "dispatched",
            "task_created"
        ]
    );
    assert_eq!(
        events[0],
        Event::ExternalApproved {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            opinion: Some("同意调入".to_owned()),
            documents: vec!["file-1".to_owned(), "file-2".to_owned()],
        }
    );
    let d = case.dispatch("rsj");
    assert_eq!(d.status, DispatchStatus::Completed);
    assert_eq!(d.finished_at, Some(case.now));
    let progress = d.external.clone().unwrap();
    assert_eq!(progress.documents, ["file-1", "file-2"]);
    let outcome = progress.outcome.unwrap();
    assert_eq!(
        (outcome.at, outcome.opinion.as_deref()),
        (case.now, Some("同意调入"))
    );
    assert_eq!(case.busy_units(), ["czj"]);

    // The last node done: the matter waits for the initiator to close it.
    let events = case.finish("czj");
    assert_eq!(kinds(&events).last().unwrap(), "all_completed");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn approving_as_the_last_node_completes_the_matter() {
    let mut case = Case::draft(defs::matter(vec![own_system("jgs")]));
    case.submit();
    let events = case.report("jgs", "jgs", approve(&[]));
    assert_eq!(
        kinds(&events),
        ["external_approved", "dispatch_completed", "all_completed"]
    );
    assert_eq!(case.state.status, MatterStatus::Completed);
    case.run(
        &initiator(),
        Command::Close {
            opinion: String::new(),
        },
    );
    assert_eq!(case.state.status, MatterStatus::Closed);
}

#[test]
fn bad_documents_are_refused() {
    let case = at_own_system();
    let many: Vec<String> = (0..51).map(|i| format!("f{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for documents in [&["file-1", " "][..], &["a", "a"], &many] {
        let err = case.report_refused("rsj", "rsj", approve(documents));
        assert_eq!(err.code(), "bad_external_documents", "{documents:?}");
    }
}

#[test]
fn a_return_waits_for_the_initiator_like_an_in_platform_return() {
    let case = returned_by_own_system();
    assert_eq!(case.state.status, MatterStatus::Returned);
    let d = case.dispatch("rsj");
    assert_eq!(d.status, DispatchStatus::Returned);
    assert!(d.awaits_initiator());
    let info = d.returned.clone().unwrap();
    assert_eq!(info.reason, "缺少档案材料");
    assert_eq!(info.code.as_deref(), Some("info_incorrect"));
    assert_eq!(info.by, system("rsj").user);
    assert_eq!(info.to, ReturnTo::Initiator);
    assert_eq!(d.returns, [info]);
    let pause = case.state.pauses.last().unwrap();
    assert_eq!(
        (pause.kind.as_str(), pause.dispatch.as_ref(), pause.to),
        ("returned", Some(&NodeId::new("rsj")), None)
    );
    // Nothing more to report until the initiator resubmits.
    let err = case.report_refused("rsj", "rsj", step("复核", "王五", case.now));
    assert_eq!(err.code(), "dispatch_wrong_status");
}

#[test]
fn the_return_event_names_unit_reason_and_code() {
    let mut case = at_own_system();
    let events = case.report("rsj", "rsj", give_back(" 缺少档案材料 "));
    assert_eq!(
        events,
        [Event::ExternalReturned {
            dispatch: NodeId::new("rsj"),
            unit: UnitCode::new("rsj"),
            reason: "缺少档案材料".to_owned(),
            code: Some("info_incorrect".to_owned()),
        }]
    );
}

#[test]
fn after_resubmission_the_dispatch_is_pending_in_the_system_again() {
    let mut case = returned_by_own_system();
    case.later(60);
    let events = case.resubmit(
        "rsj",
        defs::values_with(&[("title", json!("调入张三（补）"))]),
    );
    assert_eq!(
        kinds(&events),
        ["resubmitted"],
        "no tasks: the system has it"
    );
    assert_eq!(case.state.status, MatterStatus::Running);
    let d = case.dispatch("rsj");
    assert_eq!((d.status, d.rounds), (DispatchStatus::Active, 1));
    assert_eq!(d.returns[0].resumed_at, Some(case.now));
    assert!(case.pending("rsj").is_empty());
    // The earlier round's steps stay; new ones carry the new round.
    case.report("rsj", "rsj", step("复核", "王五", case.now));
    let progress = case.dispatch("rsj").external.clone().unwrap();
    let rounds: Vec<_> = progress
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s.round))
        .collect();
    assert_eq!(rounds, [("科室初审", 0), ("复核", 1)]);
    assert_eq!(progress.external_ref.as_deref(), Some("RS-2026-001"));
    case.report("rsj", "rsj", approve(&[]));
    assert_eq!(case.busy_units(), ["czj"]);
}

#[test]
fn a_return_needs_a_reason_and_the_node_s_consent() {
    let case = at_own_system();
    let err = case.report_refused("rsj", "rsj", give_back("  "));
    assert_eq!(err.code(), "missing_argument");

    let mut def = defs::external_sequential();
    if let Node::Unit { rights, .. } = &mut def.flow.nodes[1] {
        rights.ops.can_return = false;
    }
    let mut case = Case::draft(def);
    case.submit();
    case.finish("zzb");
    let err = case.report_refused("rsj", "rsj", give_back("缺材料"));
    assert_eq!(err.code(), "operation_not_allowed");
}

#[test]
fn reports_must_name_a_live_external_dispatch_of_their_unit() {
    let case = at_own_system();
    let cases = [
        ("rsj", "ghost", "dispatch_not_found", ErrorClass::NotFound),
        ("zzb", "zzb", "not_external_dispatch", ErrorClass::Invalid),
        ("jgs", "rsj", "not_dispatch_unit", ErrorClass::Forbidden),
    ];
    for (unit, node, code, class) in cases {
        let err = case.report_refused(unit, node, ack(None));
        assert_eq!((err.code(), err.class()), (code, class), "{unit}/{node}");
    }
    let mut done = at_own_system();
    done.report("rsj", "rsj", approve(&[]));
    let err = done.report_refused("rsj", "rsj", approve(&[]));
    assert_eq!(err.code(), "dispatch_wrong_status");
}

#[test]
fn reports_need_a_live_matter() {
    let mut case = Case::draft(defs::matter(vec![own_system("rsj")]));
    case.submit();
    case.run(
        &initiator(),
        Command::Void {
            reason: "重复申报".to_owned(),
        },
    );
    assert_eq!(case.dispatch("rsj").status, DispatchStatus::Cancelled);
    let err = case.report_refused("rsj", "rsj", ack(None));
    assert_eq!(err.code(), "matter_wrong_status");

    let draft = Case::draft(defs::external_sequential());
    let err = draft.report_refused("rsj", "rsj", ack(None));
    assert_eq!(err.code(), "matter_wrong_status");
}

#[test]
fn while_suspended_progress_is_recorded_but_no_decision_taken() {
    let mut case = at_own_system();
    case.run(
        &initiator(),
        Command::Suspend {
            reason: "等待材料".to_owned(),
        },
    );
    case.report("rsj", "rsj", ack(Some("RS-1")));
    case.report("rsj", "rsj", step("科室初审", "张三", case.now));
    for action in [approve(&[]), give_back("缺材料")] {
        let err = case.report_refused("rsj", "rsj", action);
        assert_eq!(err.code(), "matter_suspended");
    }
    case.run(
        &initiator(),
        Command::Resume {
            note: String::new(),
        },
    );
    case.report("rsj", "rsj", approve(&[]));
}

#[test]
fn the_initiator_urges_and_voids_as_usual() {
    let mut case = at_own_system();
    let events = case.run(
        &initiator(),
        Command::Urge {
            dispatch: NodeId::new("rsj"),
            message: "请尽快".to_owned(),
        },
    );
    assert_eq!(kinds(&events), ["urged"]);

    // 组织部 acted already, so this matter cannot be voided; on a fresh one, an
    // acknowledgement alone does not count as acting, a reported step does.
    let mut fresh = Case::draft(defs::matter(vec![own_system("rsj")]));
    fresh.submit();
    fresh.report("rsj", "rsj", ack(None));
    assert!(!fresh.state.started());
    let acked = fresh.clone_state();
    fresh.report("rsj", "rsj", step("科室初审", "张三", fresh.now));
    assert!(fresh.state.started());
    let void = Command::Void {
        reason: "重复申报".to_owned(),
    };
    assert_eq!(
        fresh.refuse(&initiator(), void.clone()).code(),
        "already_started"
    );
    fresh.state = acked;
    let events = fresh.run(&initiator(), void);
    assert_eq!(kinds(&events), ["voided"]);
    assert_eq!(fresh.dispatch("rsj").status, DispatchStatus::Cancelled);
}

#[test]
fn in_platform_operations_cannot_reach_an_external_dispatch() {
    let case = at_own_system();
    assert!(
        case.state
            .tasks
            .iter()
            .all(|t| t.dispatch != NodeId::new("rsj"))
    );
    let next = TaskId(case.state.tasks.len() as u32 + 1);
    let err = case.refuse(&clerk("rsj"), Command::Claim { task: next });
    assert_eq!(err.code(), "task_not_found");
}

#[test]
fn an_approval_that_pushed_to_an_own_system_cannot_be_withdrawn() {
    let mut case = Case::draft(defs::external_sequential());
    case.submit();
    case.approve(&clerk("zzb"), "zzb");
    let task = case.pending_one("zzb");
    case.approve(&leader("zzb"), "zzb");
    let err = case.refuse(&leader("zzb"), Command::Withdraw { task });
    assert_eq!(err.code(), "cannot_withdraw");
    assert_eq!(
        err.to_string(),
        "下一环节已推送至单位自有系统办理，不能撤回"
    );
}

#[test]
fn a_later_node_may_return_to_the_own_system_node() {
    let mut def = defs::external_sequential();
    if let Node::Unit { rights, .. } = &mut def.flow.nodes[2] {
        rights.ops.return_targets = ReturnTargets::AnyEarlier;
    }
    let mut case = Case::draft(def);
    case.submit();
    case.finish("zzb");
    case.report("rsj", "rsj", approve(&["file-1"]));
    let task = case.pending_one("czj");
    let to = ReturnTo::Node {
        node: NodeId::new("rsj"),
    };
    assert!(crate::return_targets(&case.def, &case.state, task).contains(&to));
    case.later(60);
    let events = case.run(
        &clerk("czj"),
        Command::Return {
            task,
            reason: "请人社局复核".to_owned(),
            code: None,
            to,
        },
    );
    assert_eq!(kinds(&events), ["claimed", "returned", "dispatched"]);
    assert!(matches!(
        events[2],
        Event::Dispatched { external: true, .. }
    ));
    let d = case.dispatch("rsj");
    assert_eq!((d.status, d.rounds), (DispatchStatus::Active, 1));
    let progress = d.external.clone().unwrap();
    assert_eq!((progress.outcome, progress.documents.len()), (None, 0));
    assert!(case.pending("rsj").is_empty());

    // Approved again: straight back to 财政局's returning step.
    let events = case.report("rsj", "rsj", approve(&[]));
    assert_eq!(
        kinds(&events),
        ["external_approved", "dispatch_completed", "task_created"]
    );
    assert_eq!(case.busy_units(), ["czj"]);
}

#[test]
fn external_shapes_in_json() {
    let command = external(
        "rsj",
        "rsj",
        step("科室初审", "张三", Timestamp::UNIX_EPOCH),
    );
    assert_eq!(
        serde_json::to_value(&command).unwrap(),
        json!({"type": "external", "node": "rsj", "unit": "rsj", "action": {
            "type": "step", "name": "科室初审", "handler": "张三",
            "at": "1970-01-01T00:00:00Z", "opinion": "同意"}})
    );
    let ack: ExternalAction = serde_json::from_value(json!({"type": "ack"})).unwrap();
    assert_eq!(ack, super::ExternalAction::Ack { external_ref: None });
    // In-platform dispatches keep their old JSON: no `external` in event or state.
    let case = submitted_sequential();
    let text = serde_json::to_string(&case.state).unwrap();
    assert!(!text.contains("external"), "{text}");
    let back: MatterState = serde_json::from_str(&text).unwrap();
    assert_eq!(back, case.state);
    let stored = returned_by_own_system();
    let text = serde_json::to_string(&stored.state).unwrap();
    let back: MatterState = serde_json::from_str(&text).unwrap();
    assert_eq!(back, stored.state);
}
