//! The catalog of the notification center: which event kinds notify, over which channels, which
//! pairs users may mute, and the variables templates may use. The one list everything else
//! (planning, preferences, templates, the admin API) checks against.

use serde_json::{Value, json};

/// Event kinds that notify: (kind, Chinese label).
pub const KINDS: &[(&str, &str)] = &[
    ("todo", "新的待办"),
    ("returned", "办件被退回"),
    ("unit_done", "单位办理完成"),
    ("all_done", "全部办完待办结"),
    ("urged", "催办"),
    ("closed", "办结"),
    ("voided", "作废"),
    ("cc", "抄送"),
    ("docket", "督办"),
    ("docket_reply", "督办答复"),
    ("deadline", "时效预警"),
    ("deadline_escalated", "时效预警升级"),
];

/// The in-app channel (bell, message list, live over SSE).
pub const INAPP: &str = "inapp";

/// The 浙政钉 work-notice channel.
pub const ZWDD: &str = "zwdd";

/// Channels: (name, Chinese label). A channel may be switched off by configuration; users may
/// still set their preferences for it.
pub const CHANNELS: &[(&str, &str)] = &[(INAPP, "站内消息"), (ZWDD, "浙政钉工作通知")];

/// (kind, channel) pairs users cannot mute: what asks the recipient to act (a new task, a
/// returned matter, an urging, a supervisor's docket) always reaches the in-app list, so nobody
/// misses work by a setting. Outside channels can always be muted.
pub const FIXED: &[(&str, &str)] = &[
    ("todo", INAPP),
    ("returned", INAPP),
    ("urged", INAPP),
    ("docket", INAPP),
];

/// Template variables: (name, meaning). Every notification gets all of them (empty when they do
/// not apply to its kind).
pub const VARIABLES: &[(&str, &str)] = &[
    ("title", "办件标题"),
    ("number", "办件编号"),
    ("type_name", "事项名称"),
    ("initiator", "发起人姓名"),
    (
        "unit",
        "单位名称（待办、退回、单位办理完成、督办、督办答复）",
    ),
    ("step", "环节名称（待办、抄送）；督办的答复期限"),
    ("reason", "退回或作废理由"),
    ("message", "催办留言；督办要求或答复内容"),
    ("tier", "预警级别（时效预警）"),
    ("limit", "哪项时限（时效预警）"),
    ("due", "到期时间（时效预警）"),
    ("overdue", "是否已超期（时效预警）"),
];

/// The label of `kind`, if it is one.
pub fn kind_label(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

/// The label of `channel`, if it is one.
pub fn channel_label(channel: &str) -> Option<&'static str> {
    CHANNELS
        .iter()
        .find(|(c, _)| *c == channel)
        .map(|(_, l)| *l)
}

/// The static name of `kind`, if it is one.
pub fn kind(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(k, _)| *k)
}

/// Whether users may mute `kind` on `channel`.
pub fn mutable(kind: &str, channel: &str) -> bool {
    !FIXED.contains(&(kind, channel))
}

/// Values for every variable, as a filled-in example: what administrators' templates are
/// rendered with before they are saved.
pub fn sample_vars() -> Value {
    json!({
        "title": "张三调入", "number": "联办〔2026〕00001号", "type_name": "人员调入联办",
        "initiator": "王晓燕", "unit": "区人力社保局", "step": "经办人审核",
        "reason": "缺少体检表", "message": "请抓紧办理。",
        "tier": "红色预警", "limit": "区人力社保局的办理时限", "due": "2026-03-09 17:30",
        "overdue": true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_channel_has_a_default_template_using_known_variables() {
        let templates = lianban_templates::Templates::embedded().unwrap();
        for (kind, _) in KINDS {
            for (channel, _) in CHANNELS {
                let m = templates
                    .notification(kind, channel, &sample_vars())
                    .unwrap_or_else(|e| panic!("{kind}/{channel}: {e}"));
                assert!(!m.title.is_empty() && !m.body.is_empty());
            }
        }
        let names: Vec<&str> = VARIABLES.iter().map(|(n, _)| *n).collect();
        let sample = sample_vars();
        let mut keys: Vec<&str> = sample
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names = names.clone();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(
            keys, names,
            "the sample fills exactly the documented variables"
        );
    }

    #[test]
    fn only_the_in_app_action_kinds_are_fixed() {
        assert!(!mutable("todo", INAPP) && !mutable("urged", INAPP));
        assert!(mutable("todo", ZWDD) && mutable("cc", INAPP));
        assert_eq!(kind("cc"), Some("cc"));
        assert_eq!(kind_label("nope"), None);
        assert_eq!(channel_label(ZWDD), Some("浙政钉工作通知"));
    }
}
