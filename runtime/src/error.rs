//! Why a command was refused. Every variant has a stable code for API callers and a Chinese
//! message (its `Display`) for users.

use crate::state::{MatterStatus, TaskId};
use lianban_definition::{FieldKey, NodeId, RuleName, UnitCode};
use thiserror::Error;

/// Result alias of this crate.
pub type RuntimeResult<T> = Result<T, RuntimeError>;

/// How the HTTP layer should classify an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The thing named does not exist in this matter (404).
    NotFound,
    /// The actor may not do this (403).
    Forbidden,
    /// The matter's current state does not allow it, e.g. someone else was faster (409).
    Conflict,
    /// The command's arguments are wrong, or the definition cannot route (400/422).
    Invalid,
}

/// A refused command.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuntimeError {
    /// The matter's status does not allow the command.
    #[error("办件当前状态为「{}」，不能{action}", status_label(*status))]
    WrongStatus {
        /// Current status.
        status: MatterStatus,
        /// The attempted action, in Chinese (e.g. 提交).
        action: &'static str,
    },
    /// No task with this number.
    #[error("任务不存在")]
    TaskNotFound(TaskId),
    /// The task was already claimed, handled or cancelled.
    #[error("该任务已被他人签收或已办理，请刷新后查看")]
    TaskTaken(TaskId),
    /// The actor is not among the task's candidates.
    #[error("您不是该任务的办理人")]
    NotCandidate(TaskId),
    /// No dispatch for this node.
    #[error("该单位的承办记录不存在")]
    DispatchNotFound(NodeId),
    /// The dispatch is not in the status the command needs.
    #[error("该单位的承办记录当前不能{action}")]
    DispatchWrongStatus {
        /// The dispatch.
        dispatch: NodeId,
        /// The attempted action, in Chinese.
        action: &'static str,
    },
    /// Only the initiator (or an administrator) may do this.
    #[error("只有发起人可以{action}")]
    NotInitiator {
        /// The attempted action, in Chinese.
        action: &'static str,
    },
    /// A handler has already started, so the matter cannot be voided.
    #[error("已有单位开始办理，不能作废")]
    AlreadyStarted,
    /// A reason or opinion is required.
    #[error("请填写{what}")]
    Missing {
        /// What is missing, in Chinese (e.g. 退回理由).
        what: &'static str,
    },
    /// The same dispatch was urged less than an hour ago.
    #[error("一小时内已催办过该单位，请稍后再催")]
    UrgedTooOften {
        /// The dispatch.
        dispatch: NodeId,
    },
    /// A unit node takes its unit from a field that has no value.
    #[error("表单字段「{field}」未选择承办单位，无法分发")]
    NoUnit {
        /// The node.
        node: NodeId,
        /// The unit-picker field.
        field: FieldKey,
    },
    /// An approver node resolved to nobody and its policy is to refuse.
    #[error("节点「{name}」找不到审批人，请联系管理员调整组织架构或流程")]
    NobodyResolves {
        /// The node.
        node: NodeId,
        /// Its name.
        name: String,
    },
    /// A 发起人自选 node lacks the initiator's pick (or has several where one is allowed).
    #[error("请为节点「{name}」选择{}审批人", if *multiple { "至少一位" } else { "一位" })]
    ApproverNotChosen {
        /// The node.
        node: NodeId,
        /// Its name.
        name: String,
        /// Whether several may be picked.
        multiple: bool,
    },
    /// A handler tried to change a field the node does not make editable.
    #[error("当前环节不能修改字段「{field}」")]
    FieldNotEditable {
        /// The field.
        field: FieldKey,
    },
    /// The node does not allow the operation.
    #[error("节点「{name}」不允许{action}")]
    NotAllowed {
        /// The node.
        node: NodeId,
        /// Its name.
        name: String,
        /// The attempted action, in Chinese.
        action: &'static str,
    },
    /// A return to a target that is not an earlier, finished node or step.
    #[error("{0}")]
    BadReturnTarget(&'static str),
    /// The matter is suspended (挂起).
    #[error("办件已挂起，恢复后才能{action}")]
    Suspended {
        /// The attempted action, in Chinese.
        action: &'static str,
    },
    /// A withdrawal that is no longer possible.
    #[error("{0}")]
    CannotWithdraw(&'static str),
    /// A signer change that does not fit the node.
    #[error("{0}")]
    BadSigners(&'static str),
    /// A transfer to the person who already has the task.
    #[error("不能转办给自己或已在办理该任务的人")]
    TransferToSelf,
    /// A 受办分离 node reached a unit that has no enabled external system.
    #[error("节点「{name}」设为在本单位系统办理，但单位「{unit}」尚未接入自有审批系统，无法分发")]
    NoExternalSystem {
        /// The node.
        node: NodeId,
        /// Its name.
        name: String,
        /// The unit.
        unit: UnitCode,
    },
    /// An external report names a dispatch that is handled in Lianban, not in a unit's own
    /// system.
    #[error("该承办记录在联办内办理，不接受单位自有系统的报告")]
    NotExternal(NodeId),
    /// An external report comes from another unit's system than the dispatch's unit.
    #[error("该承办记录不由单位「{unit}」办理")]
    NotDispatchUnit {
        /// The dispatch.
        dispatch: NodeId,
        /// The unit the report came from.
        unit: UnitCode,
    },
    /// A second acknowledgement with another reference than the first.
    #[error("该承办记录已由对方系统以编号「{known}」接收，不能以其他编号再次接收")]
    ExternalRefConflict {
        /// The dispatch.
        dispatch: NodeId,
        /// The reference recorded first.
        known: String,
    },
    /// An external step report that cannot be right (blank name or handler, a time in the
    /// future or before the dispatch reached the unit, text too long).
    #[error("{0}")]
    BadExternalStep(&'static str),
    /// Result documents that cannot be right (blank or too long ids, too many).
    #[error("{0}")]
    BadExternalDocuments(&'static str),
    /// A routing rule failed.
    #[error("路由规则「{rule}」执行失败：{message}")]
    Rule {
        /// The rule.
        rule: RuleName,
        /// Its error.
        message: String,
    },
}

impl RuntimeError {
    /// Stable code for API callers.
    pub fn code(&self) -> &'static str {
        match self {
            RuntimeError::WrongStatus { .. } => "matter_wrong_status",
            RuntimeError::TaskNotFound(_) => "task_not_found",
            RuntimeError::TaskTaken(_) => "task_taken",
            RuntimeError::NotCandidate(_) => "not_candidate",
            RuntimeError::DispatchNotFound(_) => "dispatch_not_found",
            RuntimeError::DispatchWrongStatus { .. } => "dispatch_wrong_status",
            RuntimeError::NotInitiator { .. } => "not_initiator",
            RuntimeError::AlreadyStarted => "already_started",
            RuntimeError::Missing { .. } => "missing_argument",
            RuntimeError::UrgedTooOften { .. } => "urged_too_often",
            RuntimeError::NoUnit { .. } => "no_unit",
            RuntimeError::Rule { .. } => "rule_failed",
            RuntimeError::NobodyResolves { .. } => "nobody_resolves",
            RuntimeError::ApproverNotChosen { .. } => "approver_not_chosen",
            RuntimeError::FieldNotEditable { .. } => "field_not_editable",
            RuntimeError::NotAllowed { .. } => "operation_not_allowed",
            RuntimeError::TransferToSelf => "transfer_to_self",
            RuntimeError::BadReturnTarget(_) => "bad_return_target",
            RuntimeError::Suspended { .. } => "matter_suspended",
            RuntimeError::CannotWithdraw(_) => "cannot_withdraw",
            RuntimeError::BadSigners(_) => "bad_signers",
            RuntimeError::NoExternalSystem { .. } => "no_external_system",
            RuntimeError::NotExternal(_) => "not_external_dispatch",
            RuntimeError::NotDispatchUnit { .. } => "not_dispatch_unit",
            RuntimeError::ExternalRefConflict { .. } => "external_ref_conflict",
            RuntimeError::BadExternalStep(_) => "bad_external_step",
            RuntimeError::BadExternalDocuments(_) => "bad_external_documents",
        }
    }

    /// How the HTTP layer should answer.
    pub fn class(&self) -> ErrorClass {
        match self {
            RuntimeError::TaskNotFound(_) | RuntimeError::DispatchNotFound(_) => {
                ErrorClass::NotFound
            }
            RuntimeError::NotCandidate(_)
            | RuntimeError::NotInitiator { .. }
            | RuntimeError::FieldNotEditable { .. }
            | RuntimeError::NotAllowed { .. }
            | RuntimeError::NotDispatchUnit { .. } => ErrorClass::Forbidden,
            RuntimeError::WrongStatus { .. }
            | RuntimeError::TaskTaken(_)
            | RuntimeError::DispatchWrongStatus { .. }
            | RuntimeError::AlreadyStarted
            | RuntimeError::UrgedTooOften { .. }
            | RuntimeError::Suspended { .. }
            | RuntimeError::CannotWithdraw(_)
            | RuntimeError::ExternalRefConflict { .. } => ErrorClass::Conflict,
            RuntimeError::Missing { .. }
            | RuntimeError::NoUnit { .. }
            | RuntimeError::Rule { .. }
            | RuntimeError::NobodyResolves { .. }
            | RuntimeError::ApproverNotChosen { .. }
            | RuntimeError::TransferToSelf
            | RuntimeError::BadReturnTarget(_)
            | RuntimeError::BadSigners(_)
            | RuntimeError::NoExternalSystem { .. }
            | RuntimeError::NotExternal(_)
            | RuntimeError::BadExternalStep(_)
            | RuntimeError::BadExternalDocuments(_) => ErrorClass::Invalid,
        }
    }
}

/// The Chinese label of a matter status.
pub fn status_label(status: MatterStatus) -> &'static str {
    match status {
        MatterStatus::Draft => "草稿",
        MatterStatus::Running => "办理中",
        MatterStatus::Returned => "退回待补正",
        MatterStatus::Completed => "待办结",
        MatterStatus::Closed => "已办结",
        MatterStatus::Voided => "已作废",
    }
}
