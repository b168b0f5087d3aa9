//! The matter shapes of `/api/v1`: `MatterDetail` with its dispatches (and their returns),
//! tasks (see [`task`](super::task)), CC records with read receipts, suspension, timeline and
//! attachments, and the create-draft body. Members added later default, so the app works with older servers.

use super::task::Task;
use super::types::{Person, UnitBrief};
use lianban_definition::flow::FlowDef;
use lianban_definition::form::{FieldChange, FormDef, FormValues};
use lianban_definition::matter_type::Material;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// An uploaded file.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Attachment {
    /// Attachment id (stored in the attachment field's value).
    pub id: String,
    /// The field it belongs to.
    #[serde(default)]
    pub field: Option<String>,
    /// Original file name.
    #[serde(default)]
    pub filename: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
    /// MIME type.
    #[serde(default)]
    pub content_type: String,
    /// SM3 digest, hex.
    #[serde(default)]
    pub sm3: String,
    /// Upload time.
    #[serde(default)]
    pub uploaded_at: String,
}

/// A return (退回) of a dispatch: the current one (`returned`) or one of its history
/// (`returns`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Returned {
    /// Why it was returned.
    #[serde(default)]
    pub reason: String,
    /// The 退回原因 code, when one was chosen.
    #[serde(default)]
    pub code: Option<String>,
    /// The code's label, e.g. 材料不全.
    #[serde(default)]
    pub code_label: Option<String>,
    /// Who returned it.
    #[serde(default)]
    pub by: Option<Person>,
    /// When.
    #[serde(default)]
    pub at: String,
    /// Where it went (`{type: initiator}`, `{type: node, node}`, `{type: step, step}`).
    #[serde(default)]
    pub to: Value,
    /// Where it went, in words (发起人 from older servers, which knew no other target).
    #[serde(default)]
    pub to_label: String,
    /// When the correction came back.
    #[serde(default)]
    pub resumed_at: Option<String>,
}

/// One handling unit's share of a matter (承办记录).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Dispatch {
    /// Flow node id.
    pub node: String,
    /// Node kind.
    #[serde(default)]
    pub kind: String,
    /// Handling unit.
    #[serde(default)]
    pub unit: UnitBrief,
    /// Node name.
    #[serde(default)]
    pub name: String,
    /// Status code.
    #[serde(default)]
    pub status: String,
    /// Status in Chinese.
    #[serde(default)]
    pub status_label: String,
    /// Current inner step name.
    #[serde(default)]
    pub step_name: Option<String>,
    /// When the unit received it.
    #[serde(default)]
    pub received_at: Option<String>,
    /// When the unit finished.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// Time used so far, in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u64>,
    /// Who holds it now.
    #[serde(default)]
    pub current_handler: Option<String>,
    /// Set while returned (to the initiator or an earlier node).
    #[serde(default)]
    pub returned: Option<Returned>,
    /// Every return of the dispatch, oldest first.
    #[serde(default)]
    pub returns: Vec<Returned>,
    /// How many times it was sent to this unit.
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Last 催办.
    #[serde(default)]
    pub last_urged_at: Option<String>,
    /// Its time limit while being handled (none from older servers or without a limit).
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// 受办分离: the progress the unit's own system reported.
    #[serde(default)]
    pub external: Option<ExternalProgress>,
}

/// Where one time limit stands (时效).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Deadline {
    /// The limit in words, e.g. 5个工作日.
    #[serde(default)]
    pub limit: String,
    /// When it ends (RFC 3339); absent when it cannot be computed.
    #[serde(default)]
    pub due_at: Option<String>,
    /// Whether the clock stands still (suspended, or waiting for 补正).
    #[serde(default)]
    pub paused: bool,
    /// Whether it has passed.
    #[serde(default)]
    pub overdue: bool,
    /// The warning tier reached now.
    #[serde(default)]
    pub tier: Option<TierRef>,
    /// Why the due time cannot be computed, e.g. 无法计算（缺少2027年日历）.
    #[serde(default)]
    pub error: Option<String>,
}

/// A warning tier (预警等级).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct TierRef {
    /// Its id.
    #[serde(default)]
    pub id: String,
    /// Its label, e.g. 红色预警.
    #[serde(default)]
    pub label: String,
    /// `blue`, `yellow`, `orange` or `red`.
    #[serde(default)]
    pub color: String,
}

/// Someone who received a copy at a CC node.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct CcUser {
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// Name shown to people (`name`, or `display_name` as in other user objects).
    #[serde(default, alias = "display_name")]
    pub name: String,
}

impl CcUser {
    /// The best name to show.
    pub fn display(&self) -> &str {
        if self.name.is_empty() {
            &self.username
        } else {
            &self.name
        }
    }
}

/// One 抄送 record: a CC node the matter passed and who got the copy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CcRecord {
    /// The CC node's id.
    pub node: String,
    /// The node's name.
    #[serde(default)]
    pub name: String,
    /// The recipients.
    #[serde(default)]
    pub users: Vec<CcUser>,
    /// When the copy was sent.
    #[serde(default)]
    pub at: String,
    /// Read receipts: user name → when read.
    #[serde(default)]
    pub read: BTreeMap<String, String>,
}

/// What the current user may do on a matter.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Can {
    /// Edit the draft.
    #[serde(default)]
    pub edit: bool,
    /// Submit the draft.
    #[serde(default)]
    pub submit: bool,
    /// Delete the draft.
    #[serde(default)]
    pub delete: bool,
    /// 办结.
    #[serde(default)]
    pub close: bool,
    /// 作废.
    #[serde(default)]
    pub void: bool,
    /// Dispatches (node ids) that may be urged.
    #[serde(default)]
    pub urge: Vec<String>,
    /// Returned dispatches (node ids) that may be resubmitted.
    #[serde(default)]
    pub resubmit: Vec<String>,
    /// 挂起.
    #[serde(default)]
    pub suspend: bool,
    /// 恢复.
    #[serde(default)]
    pub resume: bool,
    /// CC nodes whose copy the user received and has not marked read.
    #[serde(default)]
    pub read_copy: Vec<String>,
    /// 改派: pending tasks (ids) an administrator may give to someone else.
    #[serde(default, deserialize_with = "super::de::ids")]
    pub reassign: Vec<String>,
}

/// Why and since when a matter is suspended (挂起).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Suspension {
    /// Since when.
    #[serde(default)]
    pub since: String,
    /// Who suspended it.
    #[serde(default)]
    pub by: Option<Person>,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// One line of the 办理轨迹.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TimelineEntry {
    /// Order.
    #[serde(default)]
    pub seq: u64,
    /// When.
    #[serde(default)]
    pub at: String,
    /// Who, if a person.
    #[serde(default)]
    pub actor: Option<Person>,
    /// Event kind.
    #[serde(default)]
    pub kind: String,
    /// Chinese sentence.
    #[serde(default)]
    pub text: String,
    /// The event itself (`type` and its members, e.g. a created task's `candidates`).
    #[serde(default)]
    pub data: Value,
}

/// A matter with everything its page shows (`MatterDetail`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MatterDetail {
    /// Matter id.
    pub id: String,
    /// 办件编号 (none for drafts).
    #[serde(default)]
    pub number: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Matter type code.
    #[serde(default)]
    pub type_code: String,
    /// Matter type name.
    #[serde(default)]
    pub type_name: String,
    /// The matter-type version it runs on.
    #[serde(default)]
    pub type_version: u32,
    /// Status code.
    #[serde(default)]
    pub status: String,
    /// Status in Chinese.
    #[serde(default)]
    pub status_label: String,
    /// Initiator.
    #[serde(default)]
    pub initiator: Option<Person>,
    /// Initiating unit.
    #[serde(default)]
    pub initiator_unit: UnitBrief,
    /// Created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Submitted.
    #[serde(default)]
    pub submitted_at: Option<String>,
    /// Closed or voided.
    #[serde(default)]
    pub ended_at: Option<String>,
    /// Form values.
    #[serde(default)]
    pub values: FormValues,
    /// The form version the matter uses.
    pub form: FormDef,
    /// The flow version the matter uses (absent from older servers).
    #[serde(default)]
    pub flow: Option<FlowDef>,
    /// Node id → `done`, `active`, `pending` or `skipped`.
    #[serde(default)]
    pub flow_marks: BTreeMap<String, String>,
    /// The materials checklist of the version.
    #[serde(default)]
    pub materials: Vec<Material>,
    /// Uploaded files.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The matter's total time limit while it is live.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// Handling units.
    #[serde(default)]
    pub dispatches: Vec<Dispatch>,
    /// Tasks.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Task ids the current user may act on.
    #[serde(default, deserialize_with = "super::de::ids")]
    pub my_tasks: Vec<String>,
    /// Set while the matter is suspended (挂起).
    #[serde(default)]
    pub suspended: Option<Suspension>,
    /// Allowed operations.
    #[serde(default)]
    pub can: Can,
    /// 抄送 records, in the order sent (none from older servers).
    #[serde(default)]
    pub cc: Vec<CcRecord>,
    /// 督办 dockets, oldest first (none from older servers).
    #[serde(default)]
    pub dockets: Vec<Docket>,
    /// 办理轨迹.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Latest resubmission diff per dispatch node.
    #[serde(default)]
    pub changes: BTreeMap<String, Vec<FieldChange>>,
}

/// A reply to a 督办 docket.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DocketReply {
    /// Who replied.
    #[serde(default)]
    pub by: String,
    /// When (ms since the epoch).
    #[serde(default)]
    pub at_ms: i64,
    /// The feedback.
    #[serde(default)]
    pub text: String,
}

/// A 督办 docket on the matter or one unit's part of it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Docket {
    /// Id.
    pub key: String,
    /// The dispatch it is about (`None`: the whole matter).
    #[serde(default)]
    pub node: Option<String>,
    /// The unit that must answer.
    #[serde(default)]
    pub unit: String,
    /// What is required.
    #[serde(default)]
    pub requirement: String,
    /// Reply deadline (ms).
    #[serde(default)]
    pub reply_by_ms: i64,
    /// `open`, `replied` or `closed`.
    #[serde(default)]
    pub status: String,
    /// Who opened it.
    #[serde(default)]
    pub opened_by: String,
    /// Replies, oldest first.
    #[serde(default)]
    pub replies: Vec<DocketReply>,
    /// The supervisor's closing note.
    #[serde(default)]
    pub closing_note: Option<String>,
}

impl Docket {
    /// The status in Chinese.
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "open" => "待答复",
            "replied" => "已答复",
            "closed" => "已办结",
            _ => "未知",
        }
    }
}

/// Create-draft body.
#[derive(Debug, Clone, Serialize)]
pub struct NewMatter<'a> {
    /// Matter type code.
    pub type_code: &'a str,
    /// Title.
    pub title: &'a str,
    /// Values.
    pub values: &'a FormValues,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cc_records_are_read_with_their_recipients() {
        let detail: MatterDetail = serde_json::from_value(json!({
            "id": "m1", "form": {"schema_version": 1, "fields": []},
            "cc": [{"node": "cc_1", "name": "抄送", "at": "2026-03-01T09:00:00Z",
                "users": [{"username": "zzb_leader", "name": "陈建国"},
                    {"username": "rsj_clerk", "display_name": "李明"}, {"username": "li"}]}]
        }))
        .expect("detail parses");
        let names: Vec<&str> = detail.cc[0].users.iter().map(CcUser::display).collect();
        assert_eq!(names, ["陈建国", "李明", "li"]);
        let older: MatterDetail = serde_json::from_value(json!({
            "id": "m1", "form": {"schema_version": 1, "fields": []}
        }))
        .expect("detail parses");
        assert!(older.cc.is_empty());
    }

    #[test]
    fn suspension_receipts_returns_and_new_permissions_are_read() {
        let detail: MatterDetail = serde_json::from_value(json!({
            "id": "m1", "form": {"schema_version": 1, "fields": []},
            "suspended": {"since": "2026-03-01T09:00:00+08:00",
                "by": {"username": "zzb_clerk", "display_name": "王晓燕"}, "reason": "等待补充材料"},
            "can": {"resume": true, "read_copy": ["cc_1"]},
            "cc": [{"node": "cc_1", "users": [{"username": "li"}], "read": {"li": "2026-03-01T10:00:00+08:00"}}],
            "dispatches": [{"node": "rsj", "returns": [{"reason": "请补正", "code": "other",
                "code_label": "其他", "by": "李明", "at": "2026-03-01T08:00:00+08:00",
                "to": {"type": "initiator"}, "to_label": "发起人", "resumed_at": null}]}]
        }))
        .expect("detail parses");
        let s = detail.suspended.expect("suspended");
        assert_eq!(
            (s.reason.as_str(), s.by.as_ref().map(Person::display)),
            ("等待补充材料", Some("王晓燕"))
        );
        assert!(detail.can.resume && !detail.can.suspend);
        assert_eq!(detail.can.read_copy, ["cc_1"]);
        assert!(detail.cc[0].read.contains_key("li"));
        let r = &detail.dispatches[0].returns[0];
        assert_eq!(
            (r.code_label.as_deref(), r.to_label.as_str()),
            (Some("其他"), "发起人")
        );
    }
}

/// What a unit's own system reported on its dispatch (受办分离).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct ExternalProgress {
    /// Whether the system acknowledged receipt.
    #[serde(default)]
    pub acked: bool,
    /// When.
    #[serde(default)]
    pub acked_at: Option<String>,
    /// The system's own case number (受理编号).
    #[serde(default)]
    pub external_ref: Option<String>,
    /// Its internal steps, oldest first.
    #[serde(default)]
    pub steps: Vec<ExternalStep>,
    /// Result documents (file ids).
    #[serde(default)]
    pub documents: Vec<String>,
    /// When it approved.
    #[serde(default)]
    pub approved_at: Option<String>,
    /// Its opinion.
    #[serde(default)]
    pub opinion: Option<String>,
}

/// One internal step in a unit's own system.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct ExternalStep {
    /// Round (0 before any resubmission).
    #[serde(default)]
    pub round: u32,
    /// Step name.
    pub name: String,
    /// Handler (as that system names them).
    pub handler: String,
    /// When.
    pub at: String,
    /// Opinion.
    #[serde(default)]
    pub opinion: Option<String>,
}
