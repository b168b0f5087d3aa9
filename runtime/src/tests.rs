//! Crate-level checks: the JSON shapes the server stores and sends, the fixtures' validity, and
//! the purity of the crate's dependencies.

use crate::testkit::defs;
use crate::testkit::*;
use crate::{Candidates, Command, Event, MatterState, TaskId};
use lianban_definition::flow::SignMode;
use lianban_definition::{NodeId, PostCode, UnitCode};
use serde_json::json;

#[test]
fn commands_are_internally_tagged() {
    let approve = Command::Approve {
        task: TaskId(3),
        opinion: "同意".to_owned(),
        edits: Default::default(),
    };
    assert_eq!(
        serde_json::to_value(&approve).unwrap(),
        json!({"type": "approve", "task": 3, "opinion": "同意"})
    );
    let resubmit: Command =
        serde_json::from_value(json!({"type": "resubmit", "dispatch": "rsj", "values": {}}))
            .unwrap();
    assert!(matches!(resubmit, Command::Resubmit { note, .. } if note.is_empty()));
}

#[test]
fn events_and_candidates_are_internally_tagged() {
    let event = Event::TaskCreated {
        task: TaskId(1),
        dispatch: NodeId::new("zzb"),
        name: "经办人审核".to_owned(),
        candidates: Candidates::Pool {
            unit: UnitCode::new("zzb"),
            post: PostCode::new("clerk"),
        },
    };
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({
            "type": "task_created", "task": 1, "dispatch": "zzb", "name": "经办人审核",
            "candidates": {"type": "pool", "unit": "zzb", "post": "clerk"}
        })
    );
    assert_eq!(
        serde_json::to_value(Event::AllCompleted).unwrap(),
        json!({"type": "all_completed"})
    );
}

#[test]
fn states_survive_a_json_round_trip() {
    for case in [
        returned_at_leader("rsj"),
        closed_parallel(),
        submitted_approvers(SignMode::All),
    ] {
        let text = serde_json::to_string(&case.state).unwrap();
        let back: MatterState = serde_json::from_str(&text).unwrap();
        assert_eq!(back, case.state);
    }
    let stored = serde_json::to_value(&returned_by("rsj").state).unwrap();
    assert_eq!(stored["status"], json!("returned"));
    assert_eq!(stored["dispatches"][1]["status"], json!("returned"));
    assert_eq!(stored["dispatches"][1]["returned"]["step"], json!(0));
    assert_eq!(stored["tasks"][1]["status"], json!("returned"));
}

#[test]
fn fixtures_are_valid_definitions() {
    let all = [
        ("sequential", defs::sequential()),
        ("parallel", defs::parallel_three()),
        ("routed", defs::routed()),
        ("approvers", defs::approvers(SignMode::All)),
        ("picked", defs::picked()),
        ("mixed", defs::mixed()),
        ("external_sequential", defs::external_sequential()),
        ("external_mixed", defs::external_mixed()),
    ];
    for (name, def) in all {
        assert_eq!(def.validate(), Vec::new(), "{name}");
        assert_eq!(
            def.form.validate_values(&defs::values()),
            Ok(defs::values()),
            "{name}"
        );
    }
}

#[test]
fn the_runtime_depends_on_no_io_crate() {
    let manifest = include_str!("../Cargo.toml");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    for io in [
        "tokio",
        "surrealdb",
        "axum",
        "tera",
        "reqwest",
        "tower",
        "hyper",
        "std-fs",
    ] {
        assert!(!deps.contains(io), "runtime must stay pure, found {io}");
    }
}
