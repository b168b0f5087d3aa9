//! The pure rules behind the approval operations of the 办件 page: which return target the
//! 退回 dialog starts on, the words of a dispatch's return history, who else still signs at a
//! task's node (the 减签 list), the note on a task that goes back (委派, 前加签) and the 抄送 read receipts. Tested natively.

use crate::api::types::Person;
use crate::api::{CcRecord, MatterDetail, ReturnTarget, Returned, Task};
use crate::format::{self, Names};

/// The target the 退回 dialog selects first: the initiator (发起人) when offered, else the first.
pub fn default_target(targets: &[ReturnTarget]) -> usize {
    targets
        .iter()
        .position(ReturnTarget::is_initiator)
        .unwrap_or(0)
}

/// A target in words; 发起人 when the server gave no label for the initiator.
pub fn target_label(target: &ReturnTarget) -> String {
    match (target.label.is_empty(), target.is_initiator()) {
        (false, _) => target.label.clone(),
        (true, true) => "发起人".to_owned(),
        (true, false) => target.to.to_string(),
    }
}

/// One return of a dispatch: `退回至区人力社保局（材料不全）：缺少工资审批表`; older servers
/// knew only the initiator.
pub fn return_summary(r: &Returned) -> String {
    let to = if r.to_label.is_empty() {
        "发起人"
    } else {
        &r.to_label
    };
    let code = r
        .code_label
        .as_deref()
        .or(r.code.as_deref())
        .filter(|c| !c.is_empty())
        .map(|c| format!("（{c}）"))
        .unwrap_or_default();
    format!("退回至{to}{code}：{}", r.reason)
}

/// When and by whom, and whether the correction came back: `2026-03-01 09:00 李明 ·
/// 2026-03-02 10:00 已重新办理` (or `尚未重新办理`).
pub fn return_facts(r: &Returned) -> String {
    let when = format::time(&r.at);
    let who = match r.by.as_ref().map(Person::display) {
        Some(by) if !by.is_empty() => format!("{when} {by}"),
        _ => when,
    };
    let resumed = r.resumed_at.as_deref().map_or_else(
        || "尚未重新办理".to_owned(),
        |at| format!("{} 已重新办理", format::time(at)),
    );
    format!("{who} · {resumed}")
}

/// The note on a task that goes back to someone when done: `由陈建国委派，办理后交回` (委派)
/// or `由孙丽前加签，审批后交回孙丽` (前加签); none for an ordinary task.
pub fn handback_note(task: &Task, names: &Names) -> Option<String> {
    if let Some(by) = &task.added_before_by {
        let by = user_name(by, names);
        return Some(format!("由{by}前加签，审批后交回{by}"));
    }
    let by = task.delegated_by.as_deref()?;
    Some(format!("由{}委派，办理后交回", user_name(by, names)))
}

/// Who holds a pending task, for the 改派 list: its assignee, the people named for it, or
/// 待签收 for a unit's pool.
pub fn holder(task: &Task, names: &Names) -> String {
    if let Some(person) = &task.assignee {
        return match person {
            Person::Name(name) => user_name(name, names),
            other => other.display().to_owned(),
        };
    }
    if task.candidates.is_empty() {
        return "待签收".to_owned();
    }
    task.candidates
        .iter()
        .map(|u| user_name(u, names))
        .collect::<Vec<_>>()
        .join("、")
}

/// A user's display name, or the login name when unknown.
pub fn user_name(username: &str, names: &Names) -> String {
    names
        .users
        .get(username)
        .filter(|n| !n.is_empty())
        .cloned()
        .unwrap_or_else(|| username.to_owned())
}

/// The other people who still have to sign at the node of `task` (减签 candidates), in task
/// order: the holder of each other pending task of the dispatch, or its one named candidate
/// as its creation in the timeline records it.
pub fn pending_signers(matter: &MatterDetail, task: &Task) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let others = matter
        .tasks
        .iter()
        .filter(|t| t.id != task.id && t.dispatch == task.dispatch && t.is_pending());
    for other in others {
        let signer = match &other.assignee {
            Some(Person::Name(name)) => Some(name.clone()),
            Some(Person::User(user)) => Some(user.username.clone()),
            None => match other.candidates.as_slice() {
                [only] => Some(only.clone()),
                _ => None,
            },
        };
        if let Some(user) = signer.filter(|u| !out.contains(u)) {
            out.push(user);
        }
    }
    out
}

/// How many recipients have read a copy: `已阅 2/3`; nothing when nobody got it.
pub fn read_summary(record: &CcRecord) -> String {
    if record.users.is_empty() {
        return String::new();
    }
    let read = record
        .users
        .iter()
        .filter(|u| record.read.contains_key(&u.username))
        .count();
    format!("已阅 {read}/{}", record.users.len())
}

/// Each recipient with their receipt: `陈建国 已阅（2026-03-01 09:00）、李明 未阅`.
pub fn read_details(record: &CcRecord) -> String {
    record
        .users
        .iter()
        .map(|u| match record.read.get(&u.username) {
            Some(at) => format!("{} 已阅（{}）", u.display(), format::time(at)),
            None => format!("{} 未阅", u.display()),
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn targets(value: Value) -> Vec<ReturnTarget> {
        serde_json::from_value(value).expect("targets parse")
    }

    #[test]
    fn the_dialog_starts_on_the_initiator_and_names_every_target() {
        let offered = targets(json!([
            {"to": {"type": "step", "step": 0}, "label": "本环节第1步"},
            {"to": {"type": "initiator"}, "label": ""},
            {"to": {"type": "node", "node": "rsj"}, "label": "区人力社保局"}
        ]));
        assert_eq!(default_target(&offered), 1);
        let labels: Vec<String> = offered.iter().map(target_label).collect();
        assert_eq!(labels, ["本环节第1步", "发起人", "区人力社保局"]);
        assert_eq!(default_target(&[]), 0);
    }

    #[test]
    fn a_return_reads_target_code_reason_and_whether_it_came_back() {
        let r: Returned = serde_json::from_value(json!({
            "reason": "缺少工资审批表", "code": "materials_incomplete", "code_label": "材料不全",
            "by": "孙丽", "at": "2026-03-01T09:00:00+08:00",
            "to": {"type": "node", "node": "rsj"}, "to_label": "区人力社保局",
            "resumed_at": "2026-03-02T10:30:00+08:00"
        }))
        .expect("return parses");
        assert_eq!(
            return_summary(&r),
            "退回至区人力社保局（材料不全）：缺少工资审批表"
        );
        assert_eq!(
            return_facts(&r),
            "2026-03-01 09:00 孙丽 · 2026-03-02 10:30 已重新办理"
        );
        let old: Returned =
            serde_json::from_value(json!({"reason": "请补正", "at": "2026-03-01T09:00:00+08:00"}))
                .expect("return parses");
        assert_eq!(return_summary(&old), "退回至发起人：请补正");
        assert_eq!(return_facts(&old), "2026-03-01 09:00 · 尚未重新办理");
    }

    #[test]
    fn a_task_that_goes_back_names_who_gets_it() {
        let names = Names {
            users: [("zzb_leader".to_owned(), "陈建国".to_owned())].into(),
            ..Names::default()
        };
        let task = |v: Value| -> Task { serde_json::from_value(v).expect("task parses") };
        assert_eq!(
            handback_note(
                &task(json!({"id": 1, "delegated_by": "zzb_leader"})),
                &names
            )
            .as_deref(),
            Some("由陈建国委派，办理后交回")
        );
        assert_eq!(
            handback_note(&task(json!({"id": 1, "delegated_by": "li"})), &names).as_deref(),
            Some("由li委派，办理后交回")
        );
        assert_eq!(
            handback_note(
                &task(json!({"id": 1, "added_before_by": "zzb_leader"})),
                &names
            )
            .as_deref(),
            Some("由陈建国前加签，审批后交回陈建国")
        );
        assert_eq!(handback_note(&task(json!({"id": 1})), &names), None);
    }

    #[test]
    fn the_holder_of_a_pending_task_is_named() {
        let names = Names {
            users: [("rsj_clerk".to_owned(), "李明".to_owned())].into(),
            ..Names::default()
        };
        let task = |v: Value| -> Task { serde_json::from_value(v).expect("task parses") };
        assert_eq!(
            holder(&task(json!({"id": 1, "assignee": "rsj_clerk"})), &names),
            "李明"
        );
        assert_eq!(
            holder(
                &task(json!({"id": 1, "candidates": ["rsj_clerk", "wu"]})),
                &names
            ),
            "李明、wu"
        );
        assert_eq!(holder(&task(json!({"id": 1})), &names), "待签收");
    }

    /// A 会签 node `sign` with three signers: task 1 is the user's, 2 is claimed by
    /// rsj_clerk, 3 is open for czj_clerk alone; task 4 (done) and 5 (another node) do not
    /// count.
    fn countersigned() -> MatterDetail {
        serde_json::from_value(json!({
            "id": "m1", "form": {"schema_version": 1, "fields": []},
            "tasks": [
                {"id": 1, "dispatch": "sign", "status": "claimed", "assignee": "zzb_leader"},
                {"id": 2, "dispatch": "sign", "status": "claimed", "assignee": "rsj_clerk"},
                {"id": 3, "dispatch": "sign", "status": "open", "candidates": ["czj_clerk"]},
                {"id": 4, "dispatch": "sign", "status": "done", "assignee": "fgj_clerk"},
                {"id": 5, "dispatch": "other", "status": "open"}
            ]
        }))
        .expect("matter parses")
    }

    #[test]
    fn the_other_pending_signers_of_the_node_can_be_removed() {
        let matter = countersigned();
        assert_eq!(
            pending_signers(&matter, &matter.tasks[0]),
            ["rsj_clerk", "czj_clerk"]
        );
        assert!(pending_signers(&matter, &matter.tasks[4]).is_empty());
    }

    #[test]
    fn read_receipts_count_the_recipients_who_read() {
        let record: CcRecord = serde_json::from_value(json!({
            "node": "cc_1", "at": "2026-03-01T09:00:00+08:00",
            "users": [{"username": "zzb_leader", "display_name": "陈建国"}, {"username": "li"},
                {"username": "wang"}],
            "read": {"zzb_leader": "2026-03-01T10:00:00+08:00", "wang": "2026-03-01T11:00:00+08:00"}
        }))
        .expect("record parses");
        assert_eq!(read_summary(&record), "已阅 2/3");
        assert_eq!(
            read_details(&record),
            "陈建国 已阅（2026-03-01 10:00）、li 未阅、wang 已阅（2026-03-01 11:00）"
        );
        let nobody: CcRecord =
            serde_json::from_value(json!({"node": "cc_2"})).expect("record parses");
        assert_eq!(read_summary(&nobody), "");
    }
}
