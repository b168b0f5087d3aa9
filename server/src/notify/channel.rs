//! Channels: the ways a notification reaches a person. The [`Channel`] trait is what the
//! dispatcher calls; [`InApp`] pushes to the browsers (the message itself is already in the
//! in-app list, written with the command), [`Zwdd`] sends a 浙政钉 work notice. SMS and others
//! plug in here.

use super::Hub;
use super::kinds::{INAPP, ZWDD};
use crate::zwdd;
use futures::future::BoxFuture;
use serde_json::{Value, json};
use std::sync::Arc;

/// One message to deliver over one channel, as the dispatcher hands it to the channel.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The delivery's id (unique per notification and channel; receivers deduplicate by it).
    pub id: String,
    /// The notification it belongs to.
    pub notification: String,
    /// Recipient (login name).
    pub username: String,
    /// The recipient's address on this channel (login name in-app, `accountId` on 浙政钉).
    pub address: String,
    /// Event kind, e.g. `todo`.
    pub kind: String,
    /// Rendered title (this channel's template).
    pub title: String,
    /// Rendered body.
    pub body: String,
    /// The matter it is about.
    pub matter_id: String,
    /// The task it is about (new tasks and urgings).
    pub task_id: Option<u32>,
    /// When the notification was made (ms since epoch).
    pub created_ms: i64,
    /// When this attempt is made (the server's clock).
    pub now: jiff::Timestamp,
}

impl Delivery {
    /// The web app's path of what the notification is about: the matter page, focused on the
    /// task when there is one.
    pub fn link(&self) -> String {
        link(&self.matter_id, self.task_id)
    }
}

/// The web app's path of a matter, focused on a task.
pub fn link(matter_id: &str, task_id: Option<u32>) -> String {
    match task_id {
        Some(task) => format!("/matters/{matter_id}?task={task}"),
        None => format!("/matters/{matter_id}"),
    }
}

/// A failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError {
    /// Whether a later attempt may succeed (then it is retried with backoff; otherwise the
    /// delivery is dead at once).
    pub retryable: bool,
    /// What went wrong, in Chinese, for the delivery log.
    pub message: String,
}

/// What a channel needs to know of a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// The login name.
    Username,
    /// The bound 浙政钉 account.
    ZwddAccount,
}

/// A way to reach people.
pub trait Channel: Send + Sync {
    /// Stable name, one of [`super::kinds::CHANNELS`].
    fn name(&self) -> &'static str;

    /// The address it sends to.
    fn address_kind(&self) -> AddressKind;

    /// Delivers one message. At least once: a delivery whose outcome was lost is sent again,
    /// with the same [`Delivery::id`].
    fn deliver<'a>(&'a self, delivery: &'a Delivery) -> BoxFuture<'a, Result<(), DeliveryError>>;
}

/// The channels this node delivers over.
#[derive(Clone, Default)]
pub struct Channels(Vec<Arc<dyn Channel>>);

impl Channels {
    /// The channels, in order.
    pub fn new(channels: Vec<Arc<dyn Channel>>) -> Self {
        Self(channels)
    }

    /// The channel called `name`, if this node has it.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn Channel>> {
        self.0.iter().find(|c| c.name() == name)
    }

    /// Every channel.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Channel>> {
        self.0.iter()
    }
}

/// The in-app channel: wakes this node's live feed, which brings the notification (in the
/// user's list and the feed since the command) to the SSE streams of every node — the other
/// nodes' feeds find it within [`super::feed::POLL`]. It cannot fail.
pub struct InApp {
    hub: Hub,
}

impl InApp {
    /// Waking the feed of `hub`.
    pub fn new(hub: Hub) -> Self {
        Self { hub }
    }
}

impl Channel for InApp {
    fn name(&self) -> &'static str {
        INAPP
    }

    fn address_kind(&self) -> AddressKind {
        AddressKind::Username
    }

    fn deliver<'a>(&'a self, _: &'a Delivery) -> BoxFuture<'a, Result<(), DeliveryError>> {
        self.hub.wake();
        Box::pin(async { Ok(()) })
    }
}

/// Largest `msg` the gateway takes, in bytes of JSON.
const MAX_MSG_BYTES: usize = 2048;

/// The 浙政钉 channel: one work notice per delivery, `bizMsgId` = the delivery id.
pub struct Zwdd {
    client: zwdd::Client,
    public_url: Option<String>,
}

impl Zwdd {
    /// Sending through `client`; with a `public_url` the notice links to the matter page.
    pub fn new(client: zwdd::Client, public_url: Option<String>) -> Self {
        Self { client, public_url }
    }
}

/// The work notice of a delivery: an `action_card` with a 查看办件 button when the web app's
/// address is known, plain `text` otherwise; the body is shortened to fit the gateway's limit.
pub fn work_notice_msg(d: &Delivery, public_url: Option<&str>) -> Value {
    let build = |body: &str| match public_url {
        Some(base) => json!({ "msgtype": "action_card", "action_card": {
            "title": d.title, "markdown": body, "single_title": "查看办件",
            "single_url": format!("{base}{}", d.link()) } }),
        None => json!({ "msgtype": "text", "text": { "content": format!("{}\n{body}", d.title) } }),
    };
    let mut body: Vec<char> = d.body.chars().collect();
    loop {
        let text: String = body.iter().collect();
        let msg = build(&text);
        if msg.to_string().len() <= MAX_MSG_BYTES || body.is_empty() {
            return msg;
        }
        body.truncate(body.len().saturating_sub(body.len() / 8 + 2));
        body.push('…');
    }
}

impl Channel for Zwdd {
    fn name(&self) -> &'static str {
        ZWDD
    }

    fn address_kind(&self) -> AddressKind {
        AddressKind::ZwddAccount
    }

    fn deliver<'a>(&'a self, d: &'a Delivery) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(async move {
            let msg = work_notice_msg(d, self.public_url.as_deref());
            let notice = zwdd::WorkNotice {
                receiver: &d.address,
                biz_msg_id: &d.id,
                msg: &msg,
            };
            match self.client.work_notification(&notice, d.now).await {
                Ok(_) => Ok(()),
                Err(e) => Err(DeliveryError {
                    retryable: e.retryable(),
                    message: e.to_string(),
                }),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(body: &str) -> Delivery {
        Delivery {
            id: "n1-zwdd".into(),
            notification: "n1".into(),
            username: "rsj_clerk".into(),
            address: "10003".into(),
            kind: "todo".into(),
            title: "新的待办：张三调入".into(),
            body: body.into(),
            matter_id: "m1".into(),
            task_id: Some(3),
            created_ms: 0,
            now: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_notice_links_to_the_task_when_the_address_is_known() {
        let msg = work_notice_msg(&delivery("请办理"), Some("https://lianban.example"));
        assert_eq!(msg["msgtype"], "action_card");
        assert_eq!(
            msg["action_card"]["single_url"],
            "https://lianban.example/matters/m1?task=3"
        );
        let msg = work_notice_msg(&delivery("请办理"), None);
        assert_eq!(msg["text"]["content"], "新的待办：张三调入\n请办理");
        assert_eq!(link("m1", None), "/matters/m1");
    }

    #[test]
    fn long_bodies_are_cut_to_the_gateway_limit() {
        let long = "很长的正文".repeat(400);
        let msg = work_notice_msg(&delivery(&long), Some("https://lianban.example"));
        let text = msg.to_string();
        assert!(text.len() <= MAX_MSG_BYTES, "{}", text.len());
        assert!(
            msg["action_card"]["markdown"]
                .as_str()
                .unwrap()
                .ends_with('…')
        );
    }
}
