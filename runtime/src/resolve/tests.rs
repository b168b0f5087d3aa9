//! Approver kinds, 会签 by percentage, the nobody-resolves policies, 抄送 and 盖章 nodes, field
//! permissions and allowed operations, through whole commands on the test directory.

use crate::testkit::defs::*;
use crate::testkit::*;
use crate::{Candidates, Command, DispatchKind, MatterStatus, RuntimeError, TaskId, TaskStatus};
use lianban_definition::flow::{
    Assignee, EmptyPolicy, FieldAccess, Node, NodeRights, SignMode, UnitRef,
};
use lianban_definition::form::FormValues;
use lianban_definition::{FieldKey, NodeId, PostCode, UnitCode, UserName};
use serde_json::json;
use std::collections::BTreeMap;

/// An approver node `id` for `assignee` with the given mode, percentage and policy.
fn node(id: &str, assignee: Assignee, mode: SignMode) -> Node {
    Node::Approver {
        id: NodeId::new(id),
        name: format!("{id}审批"),
        assignee,
        mode,
        pass_percent: None,
        when_empty: EmptyPolicy::default(),
        time_limit_days: None,
        time_limit_unit: Default::default(),
        rights: NodeRights::default(),
    }
}

/// Replaces fields of an approver node.
fn with(mut n: Node, percent: Option<u8>, policy: EmptyPolicy, new_rights: NodeRights) -> Node {
    if let Node::Approver {
        pass_percent,
        when_empty,
        rights,
        ..
    } = &mut n
    {
        *pass_percent = percent;
        *when_empty = policy;
        *rights = new_rights;
    }
    n
}

fn users(names: &[&str]) -> Candidates {
    Candidates::Users {
        users: names.iter().map(|u| UserName::new(*u)).collect(),
    }
}

fn fixed(unit: &str) -> UnitRef {
    UnitRef::Fixed {
        unit: UnitCode::new(unit),
    }
}

/// The candidates of every pending task of `dispatch`, in order.
fn signers(case: &Case, dispatch: &str) -> Vec<Candidates> {
    case.pending(dispatch)
        .into_iter()
        .map(|t| case.task(t).candidates.clone())
        .collect()
}

/// Submits with picks for 发起人自选 nodes.
fn submit_choosing(case: &mut Case, picks: &[(&str, &[&str])]) -> Result<(), RuntimeError> {
    let chosen: BTreeMap<NodeId, Vec<UserName>> = picks
        .iter()
        .map(|(node, users)| {
            (
                NodeId::new(*node),
                users.iter().map(|u| UserName::new(*u)).collect(),
            )
        })
        .collect();
    let values = case.state.values.clone();
    let t = case.attempt(&initiator(), Command::Submit { values, chosen })?;
    case.state = t.state;
    Ok(())
}

#[test]
fn every_assignee_kind_resolves_through_the_directory() {
    let post = Assignee::Post {
        unit: fixed("zzb"),
        post: PostCode::new("clerk"),
    };
    let cases: Vec<(Assignee, SignMode, Vec<Candidates>)> = vec![
        (
            Assignee::Role {
                role: "supervisor".into(),
            },
            SignMode::Any,
            vec![users(&["sup1", "sup2"])],
        ),
        (
            post.clone(),
            SignMode::Any,
            vec![Candidates::Pool {
                unit: UnitCode::new("zzb"),
                post: PostCode::new("clerk"),
            }],
        ),
        (
            post,
            SignMode::All,
            vec![users(&["zzb_clerk"]), users(&["zzb_clerk2"])],
        ),
        (
            Assignee::UnitLeader {
                unit: UnitRef::FromField {
                    field: FieldKey::new("target_unit"),
                },
            },
            SignMode::All,
            vec![users(&["jgs_leader"])],
        ),
        (
            Assignee::InitiatorLeader { levels: 1 },
            SignMode::All,
            vec![users(&["li"])],
        ),
        (
            Assignee::InitiatorLeader { levels: 2 },
            SignMode::All,
            vec![users(&["bj_leader"])],
        ),
        (
            Assignee::FromField {
                field: FieldKey::new("reviewers"),
            },
            SignMode::All,
            vec![users(&["wu"]), users(&["li"])],
        ),
    ];
    for (assignee, mode, expected) in cases {
        let mut case = Case::draft(matter(vec![node("a", assignee.clone(), mode), unit("zzb")]));
        case.state
            .values
            .insert("reviewers".into(), json!(["wu", " li ", "wu", ""]));
        case.submit();
        assert_eq!(signers(&case, "a"), expected, "{assignee:?}");
    }
}

#[test]
fn a_leader_above_the_top_unit_is_nobody_and_the_admins_get_it() {
    let mut case = Case::draft(matter(vec![node(
        "a",
        Assignee::InitiatorLeader { levels: 3 },
        SignMode::Any,
    )]));
    let events = case.submit();
    assert!(kinds(&events).contains(&"nobody_resolved".to_owned()));
    assert_eq!(signers(&case, "a"), [users(&["admin"])]);
    case.approve(&admin(), "a");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

#[test]
fn nobody_policies_give_named_users_or_refuse() {
    let empty = Assignee::Role {
        role: "nobody".into(),
    };
    let to_users = with(
        node("a", empty.clone(), SignMode::All),
        None,
        EmptyPolicy::ToUsers {
            users: vec![UserName::new("wu")],
        },
        NodeRights::default(),
    );
    let mut case = Case::draft(matter(vec![to_users]));
    case.submit();
    assert_eq!(signers(&case, "a"), [users(&["wu"])]);

    let refuse = with(
        node("a", empty, SignMode::All),
        None,
        EmptyPolicy::Refuse,
        NodeRights::default(),
    );
    let case = Case::draft(matter(vec![refuse]));
    let values = case.state.values.clone();
    let err = case.refuse(
        &initiator(),
        Command::Submit {
            values,
            chosen: BTreeMap::new(),
        },
    );
    assert_eq!(err.code(), "nobody_resolves");
    assert!(err.to_string().contains("a审批"), "{err}");
    assert_eq!(case.state.status, MatterStatus::Draft);
}

#[test]
fn countersign_by_percentage_passes_at_its_quorum_and_cancels_the_rest() {
    // Three clerks of the initiating unit, 60 % → two approvals needed.
    let n = with(
        node(
            "a",
            Assignee::InitiatorPost {
                post: PostCode::new("clerk"),
            },
            SignMode::All,
        ),
        Some(60),
        EmptyPolicy::default(),
        NodeRights::default(),
    );
    let mut case = Case::draft(matter(vec![n, unit("zzb")]));
    case.submit();
    let tasks = case.pending("a");
    assert_eq!(tasks.len(), 3);
    assert_eq!(case.dispatch("a").quorum, Some(2));
    case.approve_task(&initiator(), tasks[0]);
    assert_eq!(case.pending("a").len(), 2, "one approval is not enough");
    let events = case.approve_task(&actor("bgs_clerk", &[]), tasks[1]);
    assert!(kinds(&events).contains(&"tasks_cancelled".to_owned()));
    assert_eq!(case.task(tasks[2]).status, TaskStatus::Cancelled);
    assert_eq!(case.busy_units(), ["zzb"]);
}

#[test]
fn chosen_at_submit_needs_a_pick_and_one_unless_multiple() {
    let one = node(
        "pick",
        Assignee::ChosenAtSubmit { multiple: false },
        SignMode::Any,
    );
    let mut case = Case::draft(matter(vec![one.clone(), unit("zzb")]));
    let err = submit_choosing(&mut case, &[]).unwrap_err();
    assert_eq!(err.code(), "approver_not_chosen");
    assert_eq!(err.to_string(), "请为节点「pick审批」选择一位审批人");
    let err = submit_choosing(&mut case, &[("pick", &["wu", "li"])]).unwrap_err();
    assert_eq!(err.code(), "approver_not_chosen");
    submit_choosing(&mut case, &[("pick", &["wu"]), ("other", &["li"])]).unwrap();
    assert_eq!(signers(&case, "pick"), [users(&["wu"])]);
    assert_eq!(
        case.state.chosen.len(),
        1,
        "picks for other nodes are dropped"
    );

    let many = node(
        "pick",
        Assignee::ChosenAtSubmit { multiple: true },
        SignMode::Sequential,
    );
    let mut case = Case::draft(matter(vec![many, unit("zzb")]));
    submit_choosing(&mut case, &[("pick", &["wu", "li", "wu"])]).unwrap();
    assert_eq!(signers(&case, "pick"), [users(&["wu"])]);
    case.approve(&named("wu"), "pick");
    assert_eq!(signers(&case, "pick"), [users(&["li"])]);
}

#[test]
fn cc_records_the_copy_and_never_blocks() {
    let cc = Node::Cc {
        id: NodeId::new("copy"),
        name: "抄送领导".into(),
        recipients: Assignee::Post {
            unit: fixed("zzb"),
            post: PostCode::new("clerk"),
        },
        rights: NodeRights::default(),
    };
    let mut case = Case::draft(matter(vec![cc, unit("rsj")]));
    let events = case.submit();
    assert_eq!(
        kinds(&events)[..3],
        ["submitted", "carbon_copied", "dispatched"]
    );
    assert_eq!(case.state.cc.len(), 1);
    assert_eq!(
        case.state.cc[0].users,
        [UserName::new("zzb_clerk"), UserName::new("zzb_clerk2")]
    );
    assert_eq!(case.busy_units(), ["rsj"]);
}

#[test]
fn seal_node_is_a_confirmation_task_for_the_seal_keepers() {
    let seal = Node::Seal {
        id: NodeId::new("stamp"),
        name: "加盖公章".into(),
        unit: fixed("zzb"),
        post: PostCode::new("clerk"),
        seal: "单位公章".into(),
        time_limit_days: Some(1),
        time_limit_unit: Default::default(),
        rights: NodeRights::default(),
    };
    let mut case = Case::draft(matter(vec![unit("rsj"), seal]));
    case.submit();
    case.approve(&clerk("rsj"), "rsj");
    case.approve(&leader("rsj"), "rsj");
    assert_eq!(case.dispatch("stamp").kind, DispatchKind::Seal);
    assert_eq!(case.task(case.pending_one("stamp")).name, "加盖公章");
    // Returned and resubmitted, it comes back to the seal keepers.
    let task = case.pending_one("stamp");
    case.run(
        &clerk("zzb"),
        Command::Return {
            task,
            reason: "用印材料不清晰".into(),
            code: None,
            to: Default::default(),
        },
    );
    case.run(
        &initiator(),
        Command::Resubmit {
            dispatch: NodeId::new("stamp"),
            values: case.state.values.clone(),
            note: String::new(),
        },
    );
    case.approve(&other_clerk("zzb"), "stamp");
    assert_eq!(case.state.status, MatterStatus::Completed);
}

fn rights(fields: &[(&str, FieldAccess)]) -> NodeRights {
    NodeRights {
        fields: fields
            .iter()
            .map(|(k, a)| (FieldKey::new(*k), *a))
            .collect(),
        ..NodeRights::default()
    }
}

#[test]
fn handlers_edit_only_editable_fields_and_the_change_is_recorded() {
    let n = with(
        node(
            "a",
            Assignee::Users {
                users: vec!["wu".into()],
            },
            SignMode::Any,
        ),
        None,
        EmptyPolicy::default(),
        rights(&[
            ("amount", FieldAccess::Editable),
            ("title", FieldAccess::Hidden),
        ]),
    );
    let mut case = Case::draft(matter(vec![n, unit("zzb")]));
    case.submit();
    let task = case.pending_one("a");
    let edit = |key: &str, value: serde_json::Value| {
        let mut edits = FormValues::new();
        edits.insert(key.to_owned(), value);
        Command::Approve {
            task,
            opinion: String::new(),
            edits,
        }
    };
    let err = case.refuse(&named("wu"), edit("title", json!("改标题")));
    assert_eq!(
        err,
        RuntimeError::FieldNotEditable {
            field: "title".into()
        }
    );
    let err = case.refuse(&named("wu"), edit("category", json!("car")));
    assert_eq!(err.code(), "field_not_editable");
    let events = case.run(&named("wu"), edit("amount", json!(80)));
    assert_eq!(
        kinds(&events)[..3],
        ["claimed", "values_edited", "approved"]
    );
    assert_eq!(case.state.values["amount"], json!(80));
}

#[test]
fn a_node_that_forbids_returns_and_transfers_refuses_them() {
    let mut no_ops = NodeRights::default();
    no_ops.ops.can_return = false;
    no_ops.ops.transfer = false;
    let n = with(
        node(
            "a",
            Assignee::Users {
                users: vec!["wu".into()],
            },
            SignMode::Any,
        ),
        None,
        EmptyPolicy::default(),
        no_ops,
    );
    let mut case = Case::draft(matter(vec![n, unit("zzb")]));
    case.submit();
    let task = case.pending_one("a");
    let err = case.refuse(
        &named("wu"),
        Command::Return {
            task,
            reason: "不行".into(),
            code: None,
            to: Default::default(),
        },
    );
    assert_eq!(err.code(), "operation_not_allowed");
    assert_eq!(err.to_string(), "节点「a审批」不允许退回");
    let err = case.refuse(
        &named("wu"),
        Command::Transfer {
            task,
            to: "li".into(),
            note: String::new(),
        },
    );
    assert_eq!(err.to_string(), "节点「a审批」不允许转办");
    assert_eq!(case.task(TaskId(1)).status, TaskStatus::Open);
    // An administrator may still reassign it (改派), e.g. while wu is away.
    case.run(
        &admin(),
        Command::Transfer {
            task,
            to: "li".into(),
            note: "王五休假".into(),
        },
    );
    let new = case.pending_one("a");
    assert_eq!(
        case.task(new).candidates,
        crate::Candidates::Users {
            users: vec!["li".into()]
        }
    );
}
