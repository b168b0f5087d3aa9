//! What the notification routes send and take, and the checks of what users send.

use super::channel::link;
use super::kinds::{self, CHANNELS, KINDS};
use super::store::delivery::{DeliveryRow, DeliveryStatus};
use super::store::notification::NotificationItem;
use lianban_definition::Issue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A notification in the user's list (and in the live stream).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemView {
    id: String,
    kind: String,
    title: String,
    body: String,
    matter_id: String,
    /// The task it is about (new tasks, urgings); the matter page focuses on it.
    task_id: Option<u32>,
    /// Where clicking it leads: the matter page, with `?task=` when there is a task.
    link: String,
    read: bool,
    at: String,
}

impl From<NotificationItem> for ItemView {
    fn from(i: NotificationItem) -> Self {
        ItemView {
            at: crate::matter::fmt_ms(i.at_ms),
            link: link(&i.matter_id, i.task_id),
            id: i.id,
            kind: i.kind,
            title: i.title,
            body: i.body,
            matter_id: i.matter_id,
            task_id: i.task_id,
            read: i.read,
        }
    }
}

/// A channel as settings pages show it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    /// `inapp`, `zwdd`.
    name: &'static str,
    /// Chinese label.
    label: &'static str,
    /// Whether this server delivers over it (浙政钉 only when configured).
    enabled: bool,
}

/// The channels, each marked enabled or not.
pub fn channels(enabled: impl Fn(&str) -> bool) -> Vec<ChannelView> {
    CHANNELS
        .iter()
        .map(|(name, label)| ChannelView {
            name,
            label,
            enabled: enabled(name),
        })
        .collect()
}

/// One kind on one channel in a user's settings.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PrefCell {
    channel: &'static str,
    /// The user does not receive this kind on this channel.
    muted: bool,
    /// Whether the user may mute it (false for what asks them to act, in-app).
    mutable: bool,
}

/// One kind in a user's settings.
#[derive(Serialize, utoipa::ToSchema)]
pub struct KindPrefs {
    kind: &'static str,
    label: &'static str,
    channels: Vec<PrefCell>,
}

/// A user's notification settings: every kind × channel.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Preferences {
    channels: Vec<ChannelView>,
    kinds: Vec<KindPrefs>,
}

impl Preferences {
    /// The settings with these mutes.
    pub fn new(channels: Vec<ChannelView>, muted: &BTreeSet<(String, String)>) -> Self {
        let kinds = KINDS
            .iter()
            .map(|(kind, label)| KindPrefs {
                kind,
                label,
                channels: CHANNELS
                    .iter()
                    .map(|(channel, _)| PrefCell {
                        channel,
                        muted: muted.contains(&((*kind).to_owned(), (*channel).to_owned())),
                        mutable: kinds::mutable(kind, channel),
                    })
                    .collect(),
            })
            .collect();
        Self { channels, kinds }
    }
}

/// A kind on a channel.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct KindChannel {
    /// Event kind.
    pub kind: String,
    /// Channel.
    pub channel: String,
}

/// `PUT …/preferences`: the complete list of muted pairs (everything else is received).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PreferencesChange {
    /// Muted pairs.
    pub muted: Vec<KindChannel>,
}

/// Checks a preferences change: every pair must name a known kind and channel and be mutable.
/// Returns the pairs, or every issue with its path (`muted[i].kind` …).
pub fn check_mutes(change: &PreferencesChange) -> Result<BTreeSet<(String, String)>, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut out = BTreeSet::new();
    for (i, m) in change.muted.iter().enumerate() {
        let kind_ok = kinds::kind_label(&m.kind).is_some();
        let channel_ok = kinds::channel_label(&m.channel).is_some();
        if !kind_ok {
            issues.push(Issue::new(
                format!("muted[{i}].kind"),
                "unknown_kind",
                format!("通知类型「{}」不存在", m.kind),
            ));
        }
        if !channel_ok {
            issues.push(Issue::new(
                format!("muted[{i}].channel"),
                "unknown_channel",
                format!("通知渠道「{}」不存在", m.channel),
            ));
        }
        if kind_ok && channel_ok {
            if kinds::mutable(&m.kind, &m.channel) {
                out.insert((m.kind.clone(), m.channel.clone()));
            } else {
                issues.push(Issue::new(
                    format!("muted[{i}]"),
                    "not_mutable",
                    format!(
                        "「{}」的{}不能关闭",
                        kinds::kind_label(&m.kind).unwrap_or_default(),
                        kinds::channel_label(&m.channel).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

/// A row of the delivery log.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    id: String,
    notification: String,
    channel: String,
    username: String,
    kind: String,
    title: String,
    matter_id: String,
    task_id: Option<u32>,
    status: DeliveryStatus,
    attempts: u32,
    max_attempts: u32,
    last_error: Option<String>,
    /// When the next attempt is due (failed, pending), or null.
    next_attempt_at: Option<String>,
    /// The node that made the last attempt.
    claimed_by: Option<String>,
    created_at: String,
    sent_at: Option<String>,
    /// Whether an administrator may retry it (failed, dead).
    can_retry: bool,
}

impl From<DeliveryRow> for DeliveryView {
    fn from(r: DeliveryRow) -> Self {
        let waiting = matches!(r.status, DeliveryStatus::Pending | DeliveryStatus::Failed);
        DeliveryView {
            next_attempt_at: waiting.then(|| crate::matter::fmt_ms(r.next_at)),
            created_at: crate::matter::fmt_ms(r.created_ms),
            sent_at: r.sent_ms.map(crate::matter::fmt_ms),
            can_retry: matches!(r.status, DeliveryStatus::Failed | DeliveryStatus::Dead),
            id: r.key,
            notification: r.notification,
            channel: r.channel,
            username: r.username,
            kind: r.kind,
            title: r.title,
            matter_id: r.matter_id,
            task_id: r.task_id,
            status: r.status,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            last_error: r.last_error,
            claimed_by: r.claimed_by,
        }
    }
}

/// A page of the delivery log.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DeliveryPage {
    /// Newest first.
    pub items: Vec<DeliveryView>,
    /// Cursor of the next page.
    pub next_cursor: Option<String>,
}

/// A template variable.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Variable {
    name: &'static str,
    description: &'static str,
}

/// Every variable templates may use.
pub fn variables() -> Vec<Variable> {
    kinds::VARIABLES
        .iter()
        .map(|(name, description)| Variable { name, description })
        .collect()
}

/// A notification template as administrators see it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TemplateView {
    pub(super) kind: String,
    pub(super) kind_label: String,
    pub(super) channel: String,
    pub(super) channel_label: String,
    /// `custom` (an administrator's, stored in the database), `folder` (the override folder)
    /// or `embedded` (built in).
    pub(super) origin: &'static str,
    /// The template in force.
    pub(super) text: String,
    /// The default (folder or embedded) it replaces or is.
    pub(super) default_text: String,
    /// Revision of the custom template (0 when there is none): send it back with a change.
    pub(super) revision: i64,
    pub(super) updated_at: Option<String>,
    pub(super) updated_by: Option<String>,
    /// The template rendered with the sample values.
    pub(super) preview: Preview,
}

/// A rendered title and body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Preview {
    pub(super) title: String,
    pub(super) body: String,
}

/// All templates and the variables they may use.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub(super) templates: Vec<TemplateView>,
    pub(super) variables: Vec<Variable>,
}

/// `PUT …/notification-templates/{kind}/{channel}`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TemplateChange {
    /// The Tera source: renders the title when `part == "title"`, the body otherwise.
    pub text: String,
    /// The revision it was edited from (0 when there was no custom template).
    pub revision: i64,
}

/// `POST …/notification-templates/{kind}/{channel}/preview`.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TemplateText {
    /// The Tera source to render, as in [`TemplateChange`].
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(pairs: &[(&str, &str)]) -> PreferencesChange {
        PreferencesChange {
            muted: pairs
                .iter()
                .map(|(k, c)| KindChannel {
                    kind: (*k).into(),
                    channel: (*c).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn mutes_are_checked_with_paths() {
        let ok = check_mutes(&change(&[
            ("cc", "inapp"),
            ("todo", "zwdd"),
            ("cc", "inapp"),
        ]));
        assert_eq!(ok.unwrap().len(), 2);
        let issues = check_mutes(&change(&[
            ("cc", "sms"),
            ("nope", "inapp"),
            ("todo", "inapp"),
        ]))
        .unwrap_err();
        let paths: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.path.as_str(), i.code.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("muted[0].channel", "unknown_channel"),
                ("muted[1].kind", "unknown_kind"),
                ("muted[2]", "not_mutable"),
            ]
        );
        assert_eq!(issues[2].message, "「新的待办」的站内消息不能关闭");
    }
}
