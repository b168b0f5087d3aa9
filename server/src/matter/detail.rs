//! The matter page (`MatterDetail`): values, progress board, timeline and what the current user
//! may do, all computed from the stored document.

use super::store::{EventRow, MatterDoc};
use crate::auth::CurrentUser;
use crate::deadline::{DeadlineView, Views};
use crate::files::AttachmentInfo;
use crate::worklist::Names;
use lianban_definition::flow::{FlowDef, Node, SignMode, all_nodes};
use lianban_definition::form::{FieldChange, FormDef};
use lianban_definition::matter_type::{Material, MatterTypeDef};
use lianban_runtime::{
    Candidates, Dispatch, DispatchKind, DispatchStatus, ExternalProgress, MatterState,
    MatterStatus, ReturnInfo, ReturnTo, Task, TaskStatus, status_label,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A reference to a person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonRef {
    username: String,
    display_name: String,
}

/// A reference to a unit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitRef {
    code: String,
    name: String,
}

/// One row of the progress board.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DispatchView {
    node: String,
    kind: &'static str,
    unit: UnitRef,
    name: String,
    status: &'static str,
    status_label: &'static str,
    step: usize,
    step_name: String,
    received_at: String,
    finished_at: Option<String>,
    duration_minutes: i64,
    current_handler: Option<String>,
    returned: Option<ReturnView>,
    /// Every return of the dispatch, oldest first.
    returns: Vec<ReturnView>,
    rounds: u32,
    last_urged_at: Option<String>,
    /// Its time limit while it is being handled (absent without a limit).
    deadline: Option<DeadlineView>,
    /// 受办分离: what the unit's own system reported (absent when handled in Lianban).
    external: Option<ExternalView>,
}

/// The progress a unit's own system reported on its dispatch (受办分离).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExternalView {
    /// Whether the system acknowledged receipt.
    acked: bool,
    acked_at: Option<String>,
    /// The system's own reference (受理编号).
    external_ref: Option<String>,
    /// Its internal steps, oldest first, over every round.
    steps: Vec<ExternalStepView>,
    /// File ids of the result documents of the latest approval.
    documents: Vec<String>,
    /// When it approved, while the dispatch stands completed.
    approved_at: Option<String>,
    /// Its approval opinion.
    opinion: Option<String>,
}

/// One internal step in a unit's own system.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExternalStepView {
    /// The dispatch's round it belongs to (0 before any resubmission).
    round: u32,
    name: String,
    /// Who handled it there (as that system names them).
    handler: String,
    at: String,
    opinion: Option<String>,
    reported_at: String,
}

/// Why a dispatch was returned.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReturnView {
    reason: String,
    /// The 退回原因 code and its label, when coded.
    code: Option<String>,
    code_label: Option<String>,
    by: String,
    at: String,
    /// Where it went: `{type: initiator}`, `{type: node, node}` or `{type: step, step}`.
    #[schema(value_type = Object)]
    to: ReturnTo,
    /// Where it went, in words.
    to_label: String,
    /// When the correction came back.
    resumed_at: Option<String>,
}

/// A task.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    id: u32,
    dispatch: String,
    step: usize,
    name: String,
    status: &'static str,
    assignee: Option<String>,
    created_at: String,
    finished_at: Option<String>,
    opinion: Option<String>,
    /// Fields its node lets the handler change when approving.
    editable: Vec<String>,
    /// Whether its node allows 退回.
    can_return: bool,
    /// Whether its node allows 转办.
    can_transfer: bool,
    /// Whether its node allows 委派 (a delegated task itself cannot be passed on).
    can_delegate: bool,
    /// Whether 加签/减签 are possible (a 会签 or 依次 node that allows them).
    can_add_signer: bool,
    /// Whether the current user may withdraw this (their last) approval.
    can_withdraw: bool,
    /// The people named for it while nobody has claimed it (a 会签 signer's own task names
    /// one); empty for a pool or once claimed.
    candidates: Vec<String>,
    /// Who delegated it (委派), if anyone.
    delegated_by: Option<String>,
    /// The signer who added this one before themselves (前加签) and gets the task back after.
    added_before_by: Option<String>,
    /// Where its handler may return it (empty when returns are not allowed).
    return_targets: Vec<TargetView>,
}

/// A place a task may be returned to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    /// The `to` of the return request.
    #[schema(value_type = Object)]
    to: ReturnTo,
    /// In words.
    label: String,
}

/// A copy sent by a 抄送 node.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CcView {
    node: String,
    name: String,
    users: Vec<PersonRef>,
    at: String,
    /// Read receipts: user name → when read.
    read: BTreeMap<String, String>,
}

/// Why and since when a matter is suspended.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuspensionView {
    since: String,
    by: PersonRef,
    reason: String,
}

/// A timeline entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimelineView {
    seq: i64,
    at: String,
    actor: Option<PersonRef>,
    kind: String,
    text: String,
    #[schema(value_type = Object)]
    data: Value,
}

/// What the current user may do.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Can {
    edit: bool,
    submit: bool,
    delete: bool,
    close: bool,
    void: bool,
    urge: Vec<String>,
    resubmit: Vec<String>,
    /// 挂起 / 恢复 (initiator or administrator, while running).
    suspend: bool,
    resume: bool,
    /// CC nodes whose copy the current user received and has not marked read.
    read_copy: Vec<String>,
    /// 改派: the pending tasks an administrator may give to someone else (not delegated ones,
    /// which go back to their delegator; none while suspended).
    reassign: Vec<u32>,
}

/// The matter page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MatterDetail {
    id: String,
    number: Option<String>,
    title: String,
    type_code: String,
    type_name: String,
    type_version: u32,
    status: &'static str,
    status_label: &'static str,
    initiator: PersonRef,
    initiator_unit: UnitRef,
    created_at: String,
    submitted_at: Option<String>,
    ended_at: Option<String>,
    #[schema(value_type = Object)]
    values: Value,
    #[schema(value_type = Object)]
    form: FormDef,
    /// The flow of the version the matter runs, for its diagram.
    #[schema(value_type = Object)]
    flow: FlowDef,
    /// Node id → `done`, `active`, `pending` or `skipped`.
    flow_marks: BTreeMap<String, &'static str>,
    /// The materials checklist of the version.
    #[schema(value_type = Vec<Object>)]
    materials: Vec<Material>,
    attachments: Vec<AttachmentInfo>,
    dispatches: Vec<DispatchView>,
    tasks: Vec<TaskView>,
    my_tasks: Vec<u32>,
    /// Copies sent by 抄送 nodes.
    cc: Vec<CcView>,
    /// Set while the matter is suspended (挂起).
    suspended: Option<SuspensionView>,
    /// 督办 dockets on the matter, oldest first.
    dockets: Vec<crate::docket::Docket>,
    /// The matter's total time limit while it is live (absent when its type has none).
    deadline: Option<DeadlineView>,
    can: Can,
    timeline: Vec<TimelineView>,
    #[schema(value_type = Object)]
    changes: BTreeMap<String, Vec<FieldChange>>,
}

impl MatterDetail {
    /// Adds the matter's 督办 dockets, and their opening, replies and closing to the timeline
    /// (in time order among the matter's own events).
    pub fn with_dockets(mut self, dockets: Vec<crate::docket::Docket>, names: &Names) -> Self {
        for d in &dockets {
            let scope = match &d.node {
                Some(_) => format!("对{}", names.unit(&d.unit)),
                None => "对办件".to_owned(),
            };
            let mut push = |at: i64, by: &str, kind: &str, text: String| {
                self.timeline.push(TimelineView {
                    seq: 0,
                    at: fmt_ms(at),
                    actor: Some(person(names, by)),
                    kind: kind.to_owned(),
                    text,
                    data: serde_json::json!({ "docket": d.key }),
                });
            };
            push(
                d.opened_ms,
                &d.opened_by,
                "docket_opened",
                format!(
                    "{scope}发起督办：{}（{}前答复）",
                    d.requirement,
                    fmt_ms(d.reply_by_ms).get(..10).unwrap_or_default()
                ),
            );
            for r in &d.replies {
                push(
                    r.at_ms,
                    &r.by,
                    "docket_replied",
                    format!("答复督办：{}", r.text),
                );
            }
            if let (Some(at), Some(by)) = (d.closed_ms, &d.closed_by) {
                let note = d
                    .closing_note
                    .as_deref()
                    .map(|n| format!("：{n}"))
                    .unwrap_or_default();
                push(at, by, "docket_closed", format!("督办办结{note}"));
            }
        }
        self.timeline.sort_by(|a, b| a.at.cmp(&b.at));
        self.dockets = dockets;
        self
    }
}

/// Formats a timestamp in China time, RFC 3339 with offset.
pub fn fmt_ts(ts: jiff::Timestamp) -> String {
    ts.to_zoned_datetime(crate::tz())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Formats milliseconds since the epoch like [`fmt_ts`].
pub fn fmt_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(fmt_ts)
        .unwrap_or_default()
}

/// The API name of a matter status.
pub fn status_code(status: MatterStatus) -> &'static str {
    match status {
        MatterStatus::Draft => "draft",
        MatterStatus::Running => "running",
        MatterStatus::Returned => "returned",
        MatterStatus::Completed => "completed",
        MatterStatus::Closed => "closed",
        MatterStatus::Voided => "voided",
    }
}

fn dispatch_status(status: DispatchStatus) -> (&'static str, &'static str) {
    match status {
        DispatchStatus::Active => ("active", "办理中"),
        DispatchStatus::Returned => ("returned", "已退回"),
        DispatchStatus::Completed => ("completed", "已完成"),
        DispatchStatus::Cancelled => ("cancelled", "已取消"),
    }
}

fn task_status(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Open => "open",
        TaskStatus::Claimed => "claimed",
        TaskStatus::Done => "done",
        TaskStatus::Returned => "returned",
        TaskStatus::Cancelled => "cancelled",
    }
}

/// Whether `user` may act on `task` now (a candidate of an open task, or its assignee).
pub fn may_act(task: &Task, actor: &lianban_runtime::Actor) -> bool {
    match task.status {
        TaskStatus::Open => task.candidates.admits(actor),
        TaskStatus::Claimed => task.assignee.as_ref() == Some(&actor.user),
        TaskStatus::Done | TaskStatus::Returned | TaskStatus::Cancelled => false,
    }
}

/// Builds the page for `user`.
pub fn build(
    doc: &MatterDoc,
    def: &MatterTypeDef,
    events: &[EventRow],
    attachments: Vec<AttachmentInfo>,
    names: &Names,
    user: &CurrentUser,
    now: jiff::Timestamp,
) -> MatterDetail {
    let st = &doc.state;
    // Fields the user's nodes hide are withheld everywhere: values, form, files, changes.
    let hidden = super::access::hidden_fields(doc, def, user);
    let shown = |key: &str| !hidden.contains(key);
    let mut values = st.values.clone();
    values.retain(|k, _| shown(k));
    let mut form = def.form.clone();
    form.fields.retain(|f| shown(f.key.as_str()));
    let attachments = attachments
        .into_iter()
        .filter(|a| shown(a.field()))
        .collect();
    let mut changes = doc.changes.clone();
    for list in changes.values_mut() {
        list.retain(|c| shown(c.key.as_str()));
    }
    let is_initiator = st.initiator.as_str() == user.username;
    let owner = is_initiator || user.is_admin();
    let running = matches!(st.status, MatterStatus::Running | MatterStatus::Returned);
    let urge = st
        .dispatches
        .iter()
        .filter(|d| is_initiator && running && d.status == DispatchStatus::Active)
        .map(|d| d.node.to_string())
        .collect();
    let resubmit = st
        .dispatches
        .iter()
        .filter(|d| is_initiator && d.awaits_initiator())
        .map(|d| d.node.to_string())
        .collect();
    let draft = st.status == MatterStatus::Draft && is_initiator;
    MatterDetail {
        id: doc.key.clone(),
        number: doc.number.clone(),
        title: doc.title.clone(),
        type_code: doc.type_code.clone(),
        type_name: doc.type_name.clone(),
        type_version: doc.type_version,
        status: status_code(st.status),
        status_label: status_label(st.status),
        initiator: person(names, st.initiator.as_str()),
        initiator_unit: unit(names, st.initiator_unit.as_str()),
        created_at: fmt_ms(doc.created_ms),
        submitted_at: st.submitted_at.map(fmt_ts),
        ended_at: st.ended_at.map(fmt_ts),
        values: Value::Object(values),
        form,
        flow: def.flow.clone(),
        flow_marks: super::flow_marks::marks(&def.flow.nodes, st),
        materials: def.materials.clone(),
        attachments,
        dispatches: st
            .dispatches
            .iter()
            .map(|d| dispatch_view(d, st, names, now))
            .collect(),
        tasks: st
            .tasks
            .iter()
            .map(|t| task_view(t, def, st, user))
            .collect(),
        dockets: Vec::new(),
        deadline: None,
        suspended: st.suspended.as_ref().map(|s| SuspensionView {
            since: fmt_ts(s.since),
            by: person(names, s.by.as_str()),
            reason: s.reason.clone(),
        }),
        cc: st
            .cc
            .iter()
            .map(|c| CcView {
                node: c.node.to_string(),
                name: c.name.clone(),
                users: c.users.iter().map(|u| person(names, u.as_str())).collect(),
                at: fmt_ts(c.at),
                read: c
                    .read
                    .iter()
                    .map(|(u, at)| (u.to_string(), fmt_ts(*at)))
                    .collect(),
            })
            .collect(),
        my_tasks: {
            let actor = user.actor();
            st.tasks
                .iter()
                .filter(|t| may_act(t, &actor))
                .map(|t| t.id.0)
                .collect()
        },
        can: Can {
            edit: draft,
            submit: draft,
            delete: draft,
            close: owner && st.status == MatterStatus::Completed,
            void: owner && running && !st.started(),
            urge,
            resubmit,
            reassign: st
                .pending_tasks()
                .filter(|t| {
                    user.is_admin() && running && st.suspended.is_none() && t.delegated_by.is_none()
                })
                .map(|t| t.id.0)
                .collect(),
            suspend: owner && running && st.suspended.is_none(),
            resume: owner && running && st.suspended.is_some(),
            read_copy: st
                .cc
                .iter()
                .filter(|c| {
                    c.users.iter().any(|u| u.as_str() == user.username)
                        && !c.read.keys().any(|u| u.as_str() == user.username)
                })
                .map(|c| c.node.to_string())
                .collect(),
        },
        timeline: events
            .iter()
            .map(|e| timeline_view(e, doc, names, &hidden))
            .collect(),
        changes,
    }
}

impl MatterDetail {
    /// The page with the deadlines of the matter and its dispatches filled in.
    pub fn with_deadlines(mut self, mut views: Views) -> Self {
        self.deadline = views.matter.take();
        for d in &mut self.dispatches {
            d.deadline = views.dispatches.remove(&d.node);
        }
        self
    }
}

fn return_view(r: &ReturnInfo, st: &MatterState, names: &Names) -> ReturnView {
    ReturnView {
        reason: r.reason.clone(),
        code: r.code.clone(),
        code_label: r.code.as_deref().map(|c| names.reason(c)),
        by: names.user(r.by.as_str()),
        at: fmt_ts(r.at),
        to: r.to.clone(),
        to_label: target_label(&r.to, st),
        resumed_at: r.resumed_at.map(fmt_ts),
    }
}

/// A return target in words: 发起人, the node's name, or the step's number.
fn target_label(to: &ReturnTo, st: &MatterState) -> String {
    match to {
        ReturnTo::Initiator => "发起人".to_owned(),
        ReturnTo::Node { node } => st
            .dispatch(node)
            .map_or_else(|| node.to_string(), |d| d.name.clone()),
        ReturnTo::Step { step } => format!("本环节第{}步", step + 1),
    }
}

fn person(names: &Names, username: &str) -> PersonRef {
    PersonRef {
        username: username.to_owned(),
        display_name: names.user(username),
    }
}

fn unit(names: &Names, code: &str) -> UnitRef {
    UnitRef {
        code: code.to_owned(),
        name: names.unit(code),
    }
}

fn dispatch_view(
    d: &Dispatch,
    st: &lianban_runtime::MatterState,
    names: &Names,
    now: jiff::Timestamp,
) -> DispatchView {
    let (status, label) = dispatch_status(d.status);
    // Everyone who still has to act at the node: a 会签 node has one task per signer.
    let mut handlers: Vec<String> = Vec::new();
    let pending = st.tasks.iter().filter(|t| {
        t.dispatch == d.node && matches!(t.status, TaskStatus::Open | TaskStatus::Claimed)
    });
    for t in pending {
        let named = match (&t.assignee, &t.candidates) {
            (Some(a), _) => vec![names.user(a.as_str())],
            (None, Candidates::Pool { .. }) => vec!["待签收".to_owned()],
            (None, Candidates::Users { users }) => {
                users.iter().map(|u| names.user(u.as_str())).collect()
            }
        };
        for name in named {
            if !handlers.contains(&name) {
                handlers.push(name);
            }
        }
    }
    let current_handler = (!handlers.is_empty()).then(|| handlers.join("、"));
    let step_name = st
        .tasks
        .iter()
        .rev()
        .find(|t| t.dispatch == d.node)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let (current_handler, step_name) = match &d.external {
        Some(x) => {
            let live = d.status == DispatchStatus::Active;
            let handler = live.then(|| format!("{}自有系统", names.unit(d.unit.as_str())));
            let step = x.steps.last().map_or("自有系统办理", |s| s.name.as_str());
            (handler, step.to_owned())
        }
        None => (current_handler, step_name),
    };
    let end = d.finished_at.unwrap_or(now);
    DispatchView {
        node: d.node.to_string(),
        kind: match d.kind {
            DispatchKind::Approver => "approver",
            DispatchKind::Unit => "unit",
            DispatchKind::Seal => "seal",
        },
        unit: unit(names, d.unit.as_str()),
        name: d.name.clone(),
        status,
        status_label: label,
        step: d.step,
        step_name,
        received_at: fmt_ts(d.received_at),
        finished_at: d.finished_at.map(fmt_ts),
        duration_minutes: end.duration_since(d.received_at).as_mins().max(0),
        current_handler,
        returned: d.returned.as_ref().map(|r| return_view(r, st, names)),
        returns: d
            .returns
            .iter()
            .map(|r| return_view(r, st, names))
            .collect(),
        rounds: d.rounds,
        last_urged_at: d.last_urged_at.map(fmt_ts),
        deadline: None,
        external: d.external.as_ref().map(external_view),
    }
}

fn external_view(x: &ExternalProgress) -> ExternalView {
    ExternalView {
        acked: x.acked_at.is_some(),
        acked_at: x.acked_at.map(fmt_ts),
        external_ref: x.external_ref.clone(),
        steps: x
            .steps
            .iter()
            .map(|s| ExternalStepView {
                round: s.round,
                name: s.name.clone(),
                handler: s.handler.clone(),
                at: fmt_ts(s.at),
                opinion: s.opinion.clone(),
                reported_at: fmt_ts(s.reported_at),
            })
            .collect(),
        documents: x.documents.clone(),
        approved_at: x.outcome.as_ref().map(|o| fmt_ts(o.at)),
        opinion: x.outcome.as_ref().and_then(|o| o.opinion.clone()),
    }
}

fn task_view(t: &Task, def: &MatterTypeDef, st: &MatterState, user: &CurrentUser) -> TaskView {
    let node = all_nodes(&def.flow.nodes)
        .into_iter()
        .find(|n| n.id() == &t.dispatch);
    let ops = node
        .and_then(|n| n.rights())
        .map(|r| r.ops.clone())
        .unwrap_or_default();
    TaskView {
        id: t.id.0,
        dispatch: t.dispatch.to_string(),
        step: t.step,
        name: t.name.clone(),
        status: task_status(t.status),
        assignee: t.assignee.as_ref().map(|a| a.to_string()),
        created_at: fmt_ts(t.created_at),
        finished_at: t.finished_at.map(fmt_ts),
        opinion: t.opinion.clone(),
        editable: super::access::editable_fields(def, t),
        can_return: ops.can_return && t.delegated_by.is_none(),
        can_transfer: ops.transfer && t.delegated_by.is_none(),
        can_delegate: ops.delegate && t.delegated_by.is_none(),
        can_add_signer: ops.add_signer
            && matches!(
                node,
                Some(Node::Approver {
                    mode: SignMode::All | SignMode::Sequential,
                    ..
                })
            ),
        can_withdraw: st
            .last_approval
            .as_deref()
            .is_some_and(|l| l.task == t.id && l.by.as_str() == user.username),
        candidates: match (&t.assignee, &t.candidates) {
            (None, Candidates::Users { users }) => users.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        },
        delegated_by: (!t.added_before)
            .then(|| t.delegated_by.as_ref().map(ToString::to_string))
            .flatten(),
        added_before_by: t
            .delegated_by
            .as_ref()
            .filter(|_| t.added_before)
            .map(ToString::to_string),
        return_targets: lianban_runtime::return_targets(def, st, t.id)
            .into_iter()
            .map(|to| TargetView {
                label: target_label(&to, st),
                to,
            })
            .collect(),
    }
}

fn timeline_view(
    e: &EventRow,
    doc: &MatterDoc,
    names: &Names,
    hidden: &BTreeSet<String>,
) -> TimelineView {
    let mut data = serde_json::to_value(&e.event).unwrap_or(Value::Null);
    if let Some(Value::Array(changes)) = data.get_mut("changes") {
        changes.retain(|c| {
            c.get("key")
                .and_then(Value::as_str)
                .is_none_or(|k| !hidden.contains(k))
        });
    }
    let kind = data
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("event")
        .to_owned();
    TimelineView {
        seq: e.seq,
        at: fmt_ms(e.at_ms),
        actor: e.actor.as_deref().map(|a| person(names, a)),
        kind,
        text: super::timeline::describe(&e.event, doc, names, hidden),
        data,
    }
}
