//! Self-tests of the harness: it notices what it should, and says where.

use crate::{Harness, HarnessError, contains};
use serde_json::json;

/// A scenario around `steps`: a valid personnel transfer without office, by zzb_clerk.
fn scenario(steps: serde_json::Value) -> String {
    json!({
        "name": "自测",
        "matter_type": "personnel_transfer",
        "initiator": "zzb_clerk",
        "values": {
            "person_name": "张伟", "id_number": "11010519491231002X", "mobile": "13800138000",
            "transfer_type": "zhuanren", "post_title": "科员", "join_date": "2026-04-01",
            "needs_office": "no", "reason": "工作需要", "materials": ["att1"]
        },
        "steps": steps
    })
    .to_string()
}

fn submit(expect: serde_json::Value) -> serde_json::Value {
    json!({"as": "zzb_clerk", "command": {"type": "submit"}, "expect": expect})
}

fn run(steps: serde_json::Value) -> Result<crate::Passed, HarnessError> {
    Harness::new().run_str("self_test.json", &scenario(steps))
}

#[test]
fn a_passing_scenario_counts_its_steps() {
    let passed = run(json!([submit(json!({"status": "running"}))])).unwrap();
    assert_eq!(passed.steps, 1);
}

#[test]
fn mismatches_name_the_file_step_and_difference() {
    let steps = json!([
        submit(json!({})),
        {"as": "rsj_clerk", "command": {"type": "approve", "task": "$rsj", "opinion": "同意"},
         "expect": {"status": "completed", "events": ["claimed", "approved", "dispatch_completed"],
                    "dispatches": {"rsj": "completed"}}},
        submit(json!({}))
    ]);
    let Err(HarnessError::Mismatch(failure)) = run(steps) else {
        panic!("expected a mismatch")
    };
    assert_eq!(
        (failure.file.as_str(), failure.index),
        ("self_test.json", 1)
    );
    let what: Vec<&str> = failure.mismatches.iter().map(|m| m.what.as_str()).collect();
    assert_eq!(what, ["events", "status", "dispatches.rsj"]);
    let report = failure.to_string();
    assert!(
        report.contains("self_test.json (自测) steps[1] (rsj_clerk: approve)"),
        "{report}"
    );
    assert!(report.contains("first difference at events[2]"), "{report}");
    assert!(report.contains("1 later step(s) not run"), "{report}");
}

#[test]
fn an_unexpected_refusal_shows_its_code_and_message() {
    let steps = json!([
        submit(json!({})),
        {"as": "fgj_clerk", "command": {"type": "approve", "task": "$rsj", "opinion": "同意"}}
    ]);
    let err = run(steps).unwrap_err().to_string();
    assert!(
        err.contains("refused not_candidate (您不是该任务的办理人)"),
        "{err}"
    );
}

#[test]
fn validation_errors_are_compared_exactly() {
    let step = json!({"as": "zzb_clerk", "change": {"mobile": "123"}, "command": {"type": "submit"},
                      "expect": {"validation_errors": ["mobile", "reason"]}});
    let err = run(json!([step])).unwrap_err().to_string();
    assert!(err.contains("invalid [mobile:bad_format]"), "{err}");
    assert!(err.contains("应为11位手机号码"), "{err}");
}

#[test]
fn unresolvable_task_references_are_step_errors() {
    let steps = json!([
        submit(json!({})),
        {"as": "rsj_clerk", "command": {"type": "claim", "task": "$jgswzx"}}
    ]);
    let err = run(steps).unwrap_err();
    assert!(matches!(err, HarnessError::Step { index: 1, .. }), "{err}");
    assert!(err.to_string().contains("has no pending task"), "{err}");
}

#[test]
fn setup_problems_are_reported_before_running() {
    let contradiction = json!([submit(json!({"ok": true, "error_code": "task_taken"}))]);
    assert!(matches!(
        run(contradiction),
        Err(HarnessError::Setup { .. })
    ));
    let harness = Harness::new();
    let text = scenario(json!([submit(json!({}))])).replace("zzb_clerk", "rsj_clerk");
    let err = harness.run_str("x.json", &text).unwrap_err().to_string();
    assert!(err.contains("may not initiate personnel_transfer"), "{err}");
    let typo = scenario(json!([submit(json!({"staus": "running"}))]));
    assert!(matches!(
        harness.run_str("x.json", &typo),
        Err(HarnessError::Parse { .. })
    ));
}

#[test]
fn containment_is_by_key_and_by_position() {
    let actual = json!({"type": "resubmitted", "changes": [{"key": "a", "before": 1}], "note": ""});
    assert!(contains(&json!({"changes": [{"key": "a"}]}), &actual));
    assert!(contains(&json!({"missing": null}), &actual));
    assert!(!contains(&json!({"changes": []}), &actual));
    assert!(!contains(&json!({"note": "x"}), &actual));
}

#[test]
fn invariants_catch_stuck_and_inconsistent_states() {
    use lianban_definition::{NodeId, UnitCode, UserName};
    use lianban_runtime::{Candidates, MatterState, MatterStatus, Task, TaskId, TaskStatus};
    let mut state = MatterState::draft(
        UserName::new("zzb_clerk"),
        UnitCode::new("zzb"),
        Default::default(),
    );
    state.status = MatterStatus::Completed;
    state.tasks.push(Task {
        id: TaskId(1),
        dispatch: NodeId::new("rsj"),
        step: 0,
        name: "经办人审核".to_owned(),
        candidates: Candidates::Users {
            users: vec![UserName::new("ghost")],
        },
        assignee: None,
        status: TaskStatus::Open,
        created_at: crate::SCENARIO_START.parse().unwrap(),
        finished_at: None,
        opinion: None,
        delegated_by: None,
        added_before: false,
    });
    let world = crate::World::from_seed(&lianban_seeds::demo_world());
    let broken: Vec<String> = crate::invariants::check(&state, &world)
        .into_iter()
        .map(|m| m.what)
        .collect();
    assert_eq!(
        broken,
        [
            "invariant: a pending task belongs to an active dispatch",
            "invariant: some demo user can take every pending task",
            "invariant: a finished matter has no pending task",
        ]
    );
}
