//! Request bodies of the matter routes.

use lianban_definition::form::FormValues;
use lianban_definition::{NodeId, UserName};
use lianban_runtime::ReturnTo;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `POST /api/v1/matters`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateDraft {
    /// Matter type code.
    pub type_code: String,
    /// Title (defaults to the type's name).
    #[serde(default)]
    pub title: String,
    /// Form values (may be incomplete).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub values: FormValues,
}

/// `PUT /api/v1/matters/{id}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct UpdateDraft {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Form values (may be incomplete).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub values: FormValues,
}

/// `POST /api/v1/matters/{id}/submit`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Submit {
    /// Final values; the draft's values when absent.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub values: Option<FormValues>,
    /// 发起人自选: node id → the users picked for that approver node.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub chosen: BTreeMap<NodeId, Vec<UserName>>,
}

/// `POST …/tasks/{task}/approve`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Approve {
    /// 办理意见.
    #[serde(default)]
    pub opinion: String,
    /// New values of the fields this task's node makes editable (see the task's `editable`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub edits: FormValues,
}

/// `POST …/tasks/{task}/delegate` (委派).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Delegate {
    /// The delegate's user name.
    #[schema(value_type = String)]
    pub to: UserName,
    /// Instructions.
    #[serde(default)]
    pub note: String,
}

/// `POST …/tasks/{task}/signers` (加签).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AddSigners {
    /// The new signers.
    #[schema(value_type = Vec<String>)]
    pub users: Vec<UserName>,
    /// 前加签: they sign before the caller.
    #[serde(default)]
    pub before: bool,
}

/// `POST /api/v1/matters/{id}/suspend`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Suspend {
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/matters/{id}/resume`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Resume {
    /// A note.
    #[serde(default)]
    pub note: String,
}

/// `POST …/tasks/{task}/transfer`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Transfer {
    /// The user name of the new handler.
    #[schema(value_type = String)]
    pub to: UserName,
    /// Why, for the new handler.
    #[serde(default)]
    pub note: String,
}

/// `POST …/tasks/{task}/return`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Return {
    /// 退回理由 (required).
    #[serde(default)]
    pub reason: String,
    /// Coded reason: a value of the `return_reason` dictionary.
    #[serde(default)]
    pub code: Option<String>,
    /// Where to: `{"type": "initiator"}` (default), `{"type": "node", "node": id}` (an earlier
    /// node on the path taken), `{"type": "step", "step": n}` (an earlier inner step).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub to: ReturnTo,
}

/// `POST …/dispatches/{node}/resubmit`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Resubmit {
    /// Corrected values.
    #[schema(value_type = Object)]
    pub values: FormValues,
    /// A note to the unit.
    #[serde(default)]
    pub note: String,
}

/// `POST …/close`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Close {
    /// Closing opinion.
    #[serde(default)]
    pub opinion: String,
}

/// `POST …/void`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Void {
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// `POST …/dispatches/{node}/urge`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Urge {
    /// Message to the unit.
    #[serde(default)]
    pub message: String,
}
