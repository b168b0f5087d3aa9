//! The transactional outbox: what a command's notifications add to its transaction. For each
//! notification and each channel of this node one delivery row; for the in-app channel also the
//! row of the user's list and its copy in the live feed. Mutes, missing addresses and unrenderable templates are decided here
//! and recorded as `skipped`, so the delivery log tells why someone was not reached.

use super::Note;
use super::channel::AddressKind;
use super::kinds::{self, INAPP};
use super::store::delivery::{self, DeliveryRow, DeliveryStatus};
use super::store::notification::{self, NotificationItem};
use super::store::{live, prefs, template};
use crate::AppState;
use crate::db::Batch;
use crate::error::ApiResult;
use lianban_templates::{Message, Templates, render_notification_source};
use std::collections::{BTreeSet, HashMap};

/// The rows a command's notifications add to its batch.
#[derive(Debug, Default)]
pub struct Outbox {
    items: Vec<NotificationItem>,
    deliveries: Vec<DeliveryRow>,
}

/// Renders with administrators' templates first, then the defaults (folder or embedded).
pub struct Renderer<'a> {
    defaults: &'a Templates,
    customs: Vec<template::CustomTemplate>,
}

impl<'a> Renderer<'a> {
    /// Over the defaults and the stored custom templates.
    pub async fn load(state: &'a AppState) -> ApiResult<Self> {
        Ok(Self {
            defaults: &state.templates,
            customs: template::all(&state.db).await?,
        })
    }

    /// The texts of `kind` on `channel`. A custom template that fails to render (it rendered
    /// with the sample values when it was saved) is logged and the default used instead, so a
    /// template never silences a notification.
    pub fn render(
        &self,
        kind: &str,
        channel: &str,
        vars: &serde_json::Value,
    ) -> Result<Message, String> {
        let custom = self
            .customs
            .iter()
            .find(|t| t.kind == kind && t.channel == channel);
        if let Some(t) = custom {
            match render_notification_source(&format!("{kind}/{channel}"), &t.text, vars) {
                Ok(m) => return Ok(m),
                Err(e) => tracing::error!(error = %e, kind, channel,
                    "custom notification template failed; using the default"),
            }
        }
        self.defaults
            .notification(kind, channel, vars)
            .map_err(|e| e.to_string())
    }
}

impl Outbox {
    /// The rows for `notes`, made at `now_ms`: reads the recipients' mutes and addresses and
    /// the custom templates (outside the transaction; a mute changed meanwhile applies from the
    /// next command).
    pub async fn prepare(state: &AppState, notes: &[Note], now_ms: i64) -> ApiResult<Self> {
        if notes.is_empty() {
            return Ok(Self::default());
        }
        let mut users: Vec<String> = notes.iter().map(|n| n.username.clone()).collect();
        users.sort();
        users.dedup();
        let mutes = prefs::muted_of(&state.db, &users).await?;
        let channels = &state.notify.channels;
        let accounts: HashMap<String, String> = if channels
            .iter()
            .any(|c| c.address_kind() == AddressKind::ZwddAccount)
        {
            crate::org::store::zwdd_accounts(&state.db, &users)
                .await?
                .into_iter()
                .collect()
        } else {
            HashMap::new()
        };
        let renderer = Renderer::load(state).await?;
        let mut out = Self::default();
        let no_mutes = BTreeSet::new();
        for note in notes {
            let id = uuid::Uuid::now_v7().simple().to_string();
            let muted = mutes.get(&note.username).unwrap_or(&no_mutes);
            for channel in channels.iter() {
                let address = match channel.address_kind() {
                    AddressKind::Username => Some(note.username.clone()),
                    AddressKind::ZwddAccount => accounts.get(&note.username).cloned(),
                };
                let mut row = new_row(state, &id, channel.name(), note, now_ms);
                let rendered = renderer.render(note.kind, channel.name(), &note.vars);
                match skip_reason(note, channel.name(), muted, &rendered, address.is_some()) {
                    Some(reason) => {
                        row.status = DeliveryStatus::Skipped;
                        row.queued = false;
                        row.last_error = Some(reason);
                    }
                    None => row.address = address.unwrap_or_default(),
                }
                if let Ok(m) = rendered {
                    row.title = m.title;
                    row.body = m.body;
                }
                if row.queued && channel.name() == INAPP {
                    out.items.push(item_of(&row));
                }
                out.deliveries.push(row);
            }
        }
        Ok(out)
    }

    /// Adds the rows to `batch`, the command's transaction.
    pub fn add_to(&self, batch: &mut Batch) {
        notification::add(batch, &self.items);
        live::add(batch, &self.items);
        delivery::add(batch, &self.deliveries);
    }

    /// Whether anything is waiting to be delivered.
    pub fn has_pending(&self) -> bool {
        self.deliveries.iter().any(|d| d.queued)
    }
}

/// Why `note` is not sent on `channel`, if it is not: the recipient muted it, its template
/// failed, or the recipient has no address there.
fn skip_reason(
    note: &Note,
    channel: &str,
    muted: &BTreeSet<(String, String)>,
    rendered: &Result<Message, String>,
    has_address: bool,
) -> Option<String> {
    if kinds::mutable(note.kind, channel)
        && muted.contains(&(note.kind.to_owned(), channel.to_owned()))
    {
        return Some("收件人已关闭此类通知".to_owned());
    }
    if let Err(e) = rendered {
        tracing::error!(error = %e, kind = note.kind, channel, "notification template failed");
        return Some(format!("通知模板渲染失败：{e}"));
    }
    (!has_address).then(|| "收件人未绑定浙政钉账号".to_owned())
}

fn new_row(state: &AppState, id: &str, channel: &str, note: &Note, now_ms: i64) -> DeliveryRow {
    let key = format!("{id}-{channel}");
    DeliveryRow {
        sk: format!("{now_ms:013}:{key}"),
        key,
        notification: id.to_owned(),
        channel: channel.to_owned(),
        username: note.username.clone(),
        address: String::new(),
        kind: note.kind.to_owned(),
        title: String::new(),
        body: String::new(),
        matter_id: note.matter.clone(),
        task_id: note.task,
        status: DeliveryStatus::Pending,
        attempts: 0,
        max_attempts: state.notify.policy.max_attempts,
        last_error: None,
        next_at: now_ms,
        queued: true,
        claim: None,
        claimed_by: None,
        created_ms: now_ms,
        updated_ms: now_ms,
        sent_ms: None,
    }
}

fn item_of(row: &DeliveryRow) -> NotificationItem {
    let mut item = NotificationItem::new(
        row.notification.clone(),
        row.username.clone(),
        &row.kind,
        row.created_ms,
    );
    item.title.clone_from(&row.title);
    item.body.clone_from(&row.body);
    item.matter_id.clone_from(&row.matter_id);
    item.task_id = row.task_id;
    item
}
