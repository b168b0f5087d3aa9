//! One Chinese sentence per timeline event, for the matter page.

use super::store::MatterDoc;
use crate::worklist::Names;
use lianban_definition::form::FieldChange;
use lianban_runtime::{Event, ReturnTo};
use std::collections::BTreeSet;

fn dispatch_name(doc: &MatterDoc, node: &str) -> String {
    doc.state
        .dispatches
        .iter()
        .find(|d| d.node.as_str() == node)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| node.to_owned())
}

/// The labels of the changed fields the reader may see, as 修改了：… (or 无字段变化).
fn changed(changes: &[FieldChange], hidden: &BTreeSet<String>) -> String {
    let fields: Vec<&str> = changes
        .iter()
        .filter(|c| !hidden.contains(c.key.as_str()))
        .map(|c| c.label.as_str())
        .collect();
    if fields.is_empty() {
        "无字段变化".to_owned()
    } else {
        format!("修改了：{}", fields.join("、"))
    }
}

/// One Chinese sentence for a timeline event; changes to `hidden` fields are not named.
pub fn describe(
    event: &Event,
    doc: &MatterDoc,
    names: &Names,
    hidden: &BTreeSet<String>,
) -> String {
    match event {
        Event::Submitted => format!("提交办件，编号{}", doc.number.as_deref().unwrap_or("")),
        Event::BranchChosen { branch, .. } => format!("按条件进入分支「{branch}」"),
        Event::Dispatched {
            unit,
            name,
            external,
            ..
        } => {
            let unit = names.unit(unit.as_str());
            if *external {
                format!("分发至{unit}（{name}），推送至其自有系统办理")
            } else {
                format!("分发至{unit}（{name}）")
            }
        }
        Event::TaskCreated { name, dispatch, .. } => {
            format!(
                "{}：待办理「{name}」",
                dispatch_name(doc, dispatch.as_str())
            )
        }
        Event::Claimed { .. } => "签收".to_owned(),
        Event::Approved {
            dispatch, opinion, ..
        } => {
            let opinion = if opinion.trim().is_empty() {
                "同意"
            } else {
                opinion.as_str()
            };
            format!(
                "{}：同意。意见：{opinion}",
                dispatch_name(doc, dispatch.as_str())
            )
        }
        Event::DispatchCompleted { unit, .. } => format!("{}办理完成", names.unit(unit.as_str())),
        Event::Returned {
            dispatch,
            reason,
            to,
            code,
            ..
        } => {
            let target = match to {
                ReturnTo::Initiator => "发起人".to_owned(),
                ReturnTo::Node { node } => format!("「{}」", dispatch_name(doc, node.as_str())),
                ReturnTo::Step { step } => format!("本单位第{}步", step + 1),
            };
            let code = code
                .as_deref()
                .map(|c| format!("（{}）", names.reason(c)))
                .unwrap_or_default();
            format!(
                "{}退回{target}{code}。理由：{reason}",
                dispatch_name(doc, dispatch.as_str())
            )
        }
        Event::Resubmitted {
            dispatch,
            changes,
            note,
        } => {
            let changed = changed(changes, hidden);
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!("。说明：{note}")
            };
            format!(
                "补正后重新提交至{}，{changed}{note}",
                dispatch_name(doc, dispatch.as_str())
            )
        }
        Event::TasksCancelled { tasks } => format!("取消{}个未办理的任务", tasks.len()),
        Event::AllCompleted => "所有单位办理完毕，待发起人办结".to_owned(),
        Event::Closed { opinion } => {
            if opinion.trim().is_empty() {
                "办结".to_owned()
            } else {
                format!("办结。意见：{opinion}")
            }
        }
        Event::Voided { reason } => format!("作废。理由：{reason}"),
        Event::CarbonCopied { name, users, .. } => {
            let people: Vec<String> = users.iter().map(|u| names.user(u.as_str())).collect();
            if people.is_empty() {
                format!("{name}：没有可抄送的人员")
            } else {
                format!("{name}：抄送{}", people.join("、"))
            }
        }
        Event::NobodyResolved { node, fallback } => {
            let what = match fallback.as_str() {
                "auto_pass" => "按流程设置自动通过",
                "to_users" => "转交流程指定的人员审批",
                _ => "转交系统管理员处理",
            };
            format!("{}找不到审批人，{what}", dispatch_name(doc, node.as_str()))
        }
        Event::ValuesEdited { changes, .. } => format!("办理时{}", changed(changes, hidden)),
        Event::Transferred { to, note, .. } => {
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!("。说明：{note}")
            };
            format!("转办给{}{note}", names.user(to.as_str()))
        }
        Event::Withdrawn { .. } => "撤回了刚才的同意，重新办理".to_owned(),
        Event::Delegated { to, note, .. } => {
            let note = if note.trim().is_empty() {
                String::new()
            } else {
                format!("。说明：{note}")
            };
            format!("委派给{}办理，完成后交回{note}", names.user(to.as_str()))
        }
        Event::SignersAdded {
            dispatch,
            users,
            before,
        } => {
            let people: Vec<String> = users.iter().map(|u| names.user(u.as_str())).collect();
            format!(
                "{}：{}{}",
                dispatch_name(doc, dispatch.as_str()),
                if *before { "前加签" } else { "加签" },
                people.join("、")
            )
        }
        Event::SignerRemoved { dispatch, user } => format!(
            "{}：减签{}",
            dispatch_name(doc, dispatch.as_str()),
            names.user(user.as_str())
        ),
        Event::Suspended { reason } => format!("挂起办件。原因：{reason}"),
        Event::Resumed { note } => {
            if note.trim().is_empty() {
                "恢复办理".to_owned()
            } else {
                format!("恢复办理。说明：{note}")
            }
        }
        Event::CopyRead { by, .. } => format!("{}已阅抄送", names.user(by.as_str())),
        Event::Urged { unit, message, .. } => {
            let message = if message.trim().is_empty() {
                String::new()
            } else {
                format!("：{message}")
            };
            format!("催办{}{message}", names.unit(unit.as_str()))
        }
        Event::ExternalAcked {
            unit, external_ref, ..
        } => {
            let reference = external_ref
                .as_deref()
                .map(|r| format!("，受理编号{r}"))
                .unwrap_or_default();
            format!("{}自有系统已接收{reference}", names.unit(unit.as_str()))
        }
        Event::ExternalStepReported {
            unit,
            name,
            handler,
            opinion,
            ..
        } => {
            let opinion = opinion.as_deref().unwrap_or("已办理");
            format!(
                "{}内部流转：{name}（{handler}）{opinion}",
                names.unit(unit.as_str())
            )
        }
        Event::ExternalApproved {
            unit,
            opinion,
            documents,
            ..
        } => {
            let opinion = opinion
                .as_deref()
                .map(|o| format!("。意见：{o}"))
                .unwrap_or_default();
            let files = if documents.is_empty() {
                String::new()
            } else {
                format!("，附结果文件{}份", documents.len())
            };
            format!("{}自有系统办结{opinion}{files}", names.unit(unit.as_str()))
        }
        Event::ExternalReturned {
            unit, reason, code, ..
        } => {
            let code = code
                .as_deref()
                .map(|c| format!("（{}）", names.reason(c)))
                .unwrap_or_default();
            format!(
                "{}自有系统退回发起人{code}。理由：{reason}",
                names.unit(unit.as_str())
            )
        }
        Event::DeadlineReached {
            dispatch,
            label,
            due,
            ..
        } => {
            let limit = match dispatch {
                Some(node) => format!("「{}」办理时限", dispatch_name(doc, node.as_str())),
                None => "办件总时限".to_owned(),
            };
            format!(
                "时效预警（{label}）：{limit}至{}",
                crate::deadline::fmt_due(*due)
            )
        }
    }
}
