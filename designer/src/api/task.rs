//! Tasks of a matter and what their handlers do with them: the `Task` shape (with the
//! operations its node allows and where a return may go), and one function per task route of
//! `docs/api-contract.md` — 签收, 同意, 转办, 退回, 撤回, 委派, 加签 and 减签 — each answering
//! with the new `MatterDetail`. The request bodies are built by pure functions, tested natively.

use super::matter::MatterDetail;
use super::types::Person;
use super::url::escape;
use super::{ApiResult, client, matter_path};
use lianban_definition::form::FormValues;
use serde::Deserialize;
use serde_json::{Value, json};

/// A task of one person inside a dispatch.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Task {
    /// Task id.
    #[serde(deserialize_with = "super::de::id")]
    pub id: String,
    /// The dispatch (node id) it belongs to.
    #[serde(default)]
    pub dispatch: Option<String>,
    /// Step name.
    #[serde(default)]
    pub name: String,
    /// Status code (`open` = not yet signed for).
    #[serde(default)]
    pub status: String,
    /// Who holds it.
    #[serde(default)]
    pub assignee: Option<Person>,
    /// When it was finished (approved, returned, cancelled).
    #[serde(default)]
    pub finished_at: Option<String>,
    /// Opinion given.
    #[serde(default)]
    pub opinion: Option<String>,
    /// Field keys the task's node lets its handler change when approving (none from older
    /// servers).
    #[serde(default)]
    pub editable: Vec<String>,
    /// Whether the handler may return the matter (退回); older servers always allowed it.
    #[serde(default = "yes")]
    pub can_return: bool,
    /// Whether the handler may hand the task to someone else (转办); older servers could not.
    #[serde(default)]
    pub can_transfer: bool,
    /// Whether the handler may delegate it (委派: the delegate acts, then it comes back).
    #[serde(default)]
    pub can_delegate: bool,
    /// Whether the handler may add or remove signers of its node (加签/减签).
    #[serde(default)]
    pub can_add_signer: bool,
    /// Whether the current user may take back this approval (撤回); the task is no longer
    /// pending then.
    #[serde(default)]
    pub can_withdraw: bool,
    /// The user names named for it while nobody has claimed it (a 会签 signer's own task
    /// names one); empty for a pool, once claimed, or from older servers.
    #[serde(default)]
    pub candidates: Vec<String>,
    /// The user name of whoever delegated it (委派); older servers also put the signer who
    /// added it before themselves (前加签) here.
    #[serde(default)]
    pub delegated_by: Option<String>,
    /// The user name of the signer who added it before themselves (前加签).
    #[serde(default)]
    pub added_before_by: Option<String>,
    /// Where its handler may return it, the initiator first; empty when returns are not
    /// allowed (or from older servers, which only knew the initiator).
    #[serde(default)]
    pub return_targets: Vec<ReturnTarget>,
}

impl Task {
    /// Whether someone still has to act on it (open or claimed).
    pub fn is_pending(&self) -> bool {
        matches!(self.status.as_str(), "open" | "claimed")
    }
}

/// Serde default of flags that older servers did not send because the answer was always yes.
fn yes() -> bool {
    true
}

/// A place a task may be returned to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReturnTarget {
    /// The `to` of the return request, sent back as the server gave it: `{type: initiator}`,
    /// `{type: node, node}` or `{type: step, step}`.
    pub to: Value,
    /// In words, e.g. 发起人, 区人力社保局, 本环节第1步.
    #[serde(default)]
    pub label: String,
}

impl ReturnTarget {
    /// Whether it is the initiator (补正).
    pub fn is_initiator(&self) -> bool {
        self.to.get("type").and_then(Value::as_str) == Some("initiator")
    }
}

/// The path of one task route of a matter.
fn task_path(id: &str, task: &str, action: &str) -> String {
    format!("{}/tasks/{}/{action}", matter_path(id), escape(task))
}

/// `POST …/tasks/{task}/claim` (签收; 409 `task_taken`).
pub async fn claim(id: &str, task: &str) -> ApiResult<MatterDetail> {
    client::post_empty(&task_path(id, task, "claim")).await
}

/// The body of 同意: the opinion, and `edits` (field key → new value) when the handler
/// changed editable fields.
pub fn approve_body(opinion: &str, edits: &FormValues) -> Value {
    let mut body = json!({ "opinion": opinion });
    if !edits.is_empty() {
        body["edits"] = json!(edits);
    }
    body
}

/// `POST …/tasks/{task}/approve` (同意) with the changed editable fields (400
/// `validation_failed`, 403 when a field is not editable at the node).
pub async fn approve(
    id: &str,
    task: &str,
    opinion: &str,
    edits: &FormValues,
) -> ApiResult<MatterDetail> {
    client::post(
        &task_path(id, task, "approve"),
        &approve_body(opinion, edits),
    )
    .await
}

/// `POST …/tasks/{task}/transfer` (转办) to user `to` with a note for them.
pub async fn transfer(id: &str, task: &str, to: &str, note: &str) -> ApiResult<MatterDetail> {
    client::post(
        &task_path(id, task, "transfer"),
        &json!({ "to": to, "note": note }),
    )
    .await
}

/// What a return (退回) says.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnRequest {
    /// 退回理由 (required).
    pub reason: String,
    /// A value of the 退回原因 dictionary; empty for none.
    pub code: String,
    /// Where to (a target's `to`); `None` lets the server send it to the initiator.
    pub to: Option<Value>,
}

/// The body of 退回: the trimmed reason, `code` only when one was chosen, `to` only when given.
pub fn return_body(req: &ReturnRequest) -> Value {
    let mut body = json!({ "reason": req.reason.trim() });
    let code = req.code.trim();
    if !code.is_empty() {
        body["code"] = json!(code);
    }
    if let Some(to) = &req.to {
        body["to"] = to.clone();
    }
    body
}

/// `POST …/tasks/{task}/return` (退回; 400 `missing_argument`, `unknown_reason_code`,
/// `bad_return_target`; 403 `operation_not_allowed`; 409 `matter_suspended`).
pub async fn return_task(id: &str, task: &str, req: &ReturnRequest) -> ApiResult<MatterDetail> {
    client::post(&task_path(id, task, "return"), &return_body(req)).await
}

/// `POST …/tasks/{task}/withdraw` (撤回 the user's last approval; 409 `cannot_withdraw`).
pub async fn withdraw(id: &str, task: &str) -> ApiResult<MatterDetail> {
    client::post_empty(&task_path(id, task, "withdraw")).await
}

/// `POST …/tasks/{task}/delegate` (委派) to user `to` with instructions (400 `unknown_user`,
/// `transfer_to_self`; 403 `operation_not_allowed`).
pub async fn delegate(id: &str, task: &str, to: &str, note: &str) -> ApiResult<MatterDetail> {
    client::post(
        &task_path(id, task, "delegate"),
        &json!({ "to": to, "note": note.trim() }),
    )
    .await
}

/// The body of 加签: the users once each, in the order picked, and whether they sign before
/// the caller (前加签) or after (后加签).
pub fn signers_body(users: &[String], before: bool) -> Value {
    let mut unique: Vec<&str> = Vec::new();
    for user in users.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        if !unique.contains(&user) {
            unique.push(user);
        }
    }
    json!({ "users": unique, "before": before })
}

/// `POST …/tasks/{task}/signers` (加签; 400 `bad_signers`, `unknown_user`).
pub async fn add_signers(
    id: &str,
    task: &str,
    users: &[String],
    before: bool,
) -> ApiResult<MatterDetail> {
    client::post(
        &task_path(id, task, "signers"),
        &signers_body(users, before),
    )
    .await
}

/// `DELETE …/tasks/{task}/signers/{user}` (减签; 400 `bad_signers`).
pub async fn remove_signer(id: &str, task: &str, user: &str) -> ApiResult<MatterDetail> {
    let path = format!("{}/{}", task_path(id, task, "signers"), escape(user));
    client::delete_json(&path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_from_older_servers_may_return_but_do_nothing_newer() {
        let old: Task =
            serde_json::from_value(json!({"id": "t1", "name": "经办人审核"})).expect("task parses");
        assert_eq!(
            (old.editable.len(), old.can_return, old.can_transfer),
            (0, true, false)
        );
        assert!(!old.can_delegate && !old.can_add_signer && !old.can_withdraw);
        assert!(old.return_targets.is_empty() && old.delegated_by.is_none());
        assert!(old.candidates.is_empty() && old.added_before_by.is_none());
        let new: Task = serde_json::from_value(json!({"id": 2, "editable": ["amount"],
            "can_return": false, "can_transfer": true, "can_withdraw": true,
            "delegated_by": "zzb_leader", "candidates": ["rsj_clerk"], "added_before_by": "czj_clerk",
            "return_targets": [{"to": {"type": "initiator"}, "label": "发起人"},
                {"to": {"type": "node", "node": "rsj"}, "label": "区人力社保局"}]}))
        .expect("task parses");
        assert_eq!(
            (new.editable, new.can_return, new.can_transfer),
            (vec!["amount".to_owned()], false, true)
        );
        assert_eq!(new.delegated_by.as_deref(), Some("zzb_leader"));
        assert_eq!(new.candidates, ["rsj_clerk"]);
        assert_eq!(new.added_before_by.as_deref(), Some("czj_clerk"));
        let initiator: Vec<bool> = new
            .return_targets
            .iter()
            .map(ReturnTarget::is_initiator)
            .collect();
        assert_eq!(initiator, [true, false]);
    }

    #[test]
    fn approve_body_carries_edits_only_when_there_are_some() {
        let values: FormValues = serde_json::from_value(json!({"headcount": 2})).unwrap();
        assert_eq!(
            approve_body("同意", &FormValues::new()),
            json!({"opinion": "同意"})
        );
        assert_eq!(
            approve_body("核减后同意", &values),
            json!({"opinion": "核减后同意", "edits": {"headcount": 2}})
        );
    }

    #[test]
    fn return_body_names_code_and_target_only_when_chosen() {
        let plain = ReturnRequest {
            reason: "  缺少工资审批表 ".into(),
            code: String::new(),
            to: None,
        };
        assert_eq!(return_body(&plain), json!({"reason": "缺少工资审批表"}));
        let coded = ReturnRequest {
            code: "materials_incomplete".into(),
            to: Some(json!({"type": "node", "node": "rsj"})),
            ..plain
        };
        assert_eq!(
            return_body(&coded),
            json!({"reason": "缺少工资审批表", "code": "materials_incomplete",
                "to": {"type": "node", "node": "rsj"}})
        );
    }

    #[test]
    fn signers_body_names_each_user_once() {
        let users = ["rsj_clerk", " czj_clerk ", "rsj_clerk", ""].map(String::from);
        assert_eq!(
            signers_body(&users, true),
            json!({"users": ["rsj_clerk", "czj_clerk"], "before": true})
        );
        assert_eq!(
            signers_body(&[], false),
            json!({"users": [], "before": false})
        );
    }
}
