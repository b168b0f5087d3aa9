//! One Chinese sentence per timeline event, for the matter page.

use super::store::MatterDoc;
use crate::worklist::Names;
use lianban_runtime::Event;

fn dispatch_name(doc: &MatterDoc, node: &str) -> String {
    doc.state
        .dispatches
        .iter()
        .find(|d| d.node.as_str() == node)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| node.to_owned())
}

/// One Chinese sentence for a timeline event.
pub fn describe(event: &Event, doc: &MatterDoc, names: &Names) -> String {
    match event {
        Event::Submitted => format!("提交办件，编号{}", doc.number.as_deref().unwrap_or("")),
        Event::BranchChosen { branch, .. } => format!("按条件进入分支「{branch}」"),
        Event::Dispatched { unit, name, .. } => {
            format!("分发至{}（{name}）", names.unit(unit.as_str()))
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
            dispatch, reason, ..
        } => {
            format!(
                "{}退回发起人。理由：{reason}",
                dispatch_name(doc, dispatch.as_str())
            )
        }
        Event::Resubmitted {
            dispatch,
            changes,
            note,
        } => {
            let fields: Vec<&str> = changes.iter().map(|c| c.label.as_str()).collect();
            let changed = if fields.is_empty() {
                "无字段变化".to_owned()
            } else {
                format!("修改了：{}", fields.join("、"))
            };
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
        Event::Urged { unit, message, .. } => {
            let message = if message.trim().is_empty() {
                String::new()
            } else {
                format!("：{message}")
            };
            format!("催办{}{message}", names.unit(unit.as_str()))
        }
    }
}
