//! The notification center's endpoints beyond the list: the user's settings
//! (`/notifications/preferences`) and, for administrators, the delivery log
//! (`/admin/deliveries`, `…/{id}/retry`).

use super::ApiResult;
use super::client;
use super::url::{escape, with_query};
use serde::Deserialize;
use serde_json::json;

/// A delivery channel.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChannelInfo {
    /// `inapp`, `zwdd`.
    pub name: String,
    /// Chinese label.
    pub label: String,
    /// Whether the server delivers over it.
    #[serde(default)]
    pub enabled: bool,
}

/// One kind on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrefCell {
    /// Channel name.
    pub channel: String,
    /// Not received.
    #[serde(default)]
    pub muted: bool,
    /// May be muted.
    #[serde(default = "yes")]
    pub mutable: bool,
}

fn yes() -> bool {
    true
}

/// One kind with its channels.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KindPrefs {
    /// Kind, e.g. `todo`.
    pub kind: String,
    /// Chinese label.
    pub label: String,
    /// Per channel.
    pub channels: Vec<PrefCell>,
}

/// The user's notification settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preferences {
    /// The channels, in column order.
    pub channels: Vec<ChannelInfo>,
    /// The kinds, in row order.
    pub kinds: Vec<KindPrefs>,
}

/// `GET /notifications/preferences`.
pub async fn preferences() -> ApiResult<Preferences> {
    client::get("/notifications/preferences").await
}

/// `PUT /notifications/preferences` with every muted (kind, channel) pair (400
/// `validation_failed`).
pub async fn save_preferences(muted: &[(String, String)]) -> ApiResult<Preferences> {
    let muted: Vec<_> = muted
        .iter()
        .map(|(kind, channel)| json!({ "kind": kind, "channel": channel }))
        .collect();
    client::put("/notifications/preferences", &json!({ "muted": muted })).await
}

/// A row of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeliveryItem {
    /// Id.
    pub id: String,
    /// Channel.
    pub channel: String,
    /// Recipient.
    pub username: String,
    /// Kind.
    pub kind: String,
    /// Rendered title.
    #[serde(default)]
    pub title: String,
    /// The matter.
    pub matter_id: String,
    /// `pending`, `sending`, `sent`, `failed`, `dead`, `skipped`.
    pub status: String,
    /// Attempts made.
    #[serde(default)]
    pub attempts: u32,
    /// Attempts allowed.
    #[serde(default)]
    pub max_attempts: u32,
    /// The last failure, or why it was skipped.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When the next attempt is due.
    #[serde(default)]
    pub next_attempt_at: Option<String>,
    /// Created.
    pub created_at: String,
    /// Delivered.
    #[serde(default)]
    pub sent_at: Option<String>,
    /// Whether it may be retried.
    #[serde(default)]
    pub can_retry: bool,
}

/// A page of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeliveryPage {
    /// Newest first.
    pub items: Vec<DeliveryItem>,
    /// Cursor of the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// The path of one page of the delivery log; empty filters mean "any".
pub fn deliveries_path(status: &str, channel: &str, cursor: Option<&str>) -> String {
    with_query(
        "/admin/deliveries",
        &[
            ("status", status),
            ("channel", channel),
            ("cursor", cursor.unwrap_or("")),
        ],
    )
}

/// `GET /admin/deliveries?status=&channel=&cursor=`.
pub async fn deliveries(
    status: &str,
    channel: &str,
    cursor: Option<&str>,
) -> ApiResult<DeliveryPage> {
    client::get(&deliveries_path(status, channel, cursor)).await
}

/// `POST /admin/deliveries/{id}/retry` (409 `delivery_not_retryable`).
pub async fn retry_delivery(id: &str) -> ApiResult<DeliveryItem> {
    client::post_empty(&format!("/admin/deliveries/{}/retry", escape(id))).await
}

/// Delivery statuses and their Chinese names, in the order the filter offers them.
pub const DELIVERY_STATUSES: [(&str, &str); 6] = [
    ("pending", "待发送"),
    ("sending", "发送中"),
    ("sent", "已发送"),
    ("failed", "失败待重试"),
    ("dead", "已放弃"),
    ("skipped", "未发送"),
];

/// The Chinese name of a delivery status.
pub fn status_label(status: &str) -> &str {
    DELIVERY_STATUSES
        .iter()
        .find(|(s, _)| *s == status)
        .map(|(_, l)| *l)
        .unwrap_or(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_path_carries_the_filters() {
        assert_eq!(deliveries_path("", "", None), "/admin/deliveries");
        assert_eq!(
            deliveries_path("dead", "zwdd", Some("0001:a")),
            "/admin/deliveries?status=dead&channel=zwdd&cursor=0001%3Aa"
        );
        assert_eq!(status_label("dead"), "已放弃");
        assert_eq!(status_label("odd"), "odd");
    }

    #[test]
    fn settings_parse_with_defaults() {
        let p: Preferences = serde_json::from_str(
            r#"{"channels":[{"name":"inapp","label":"站内消息","enabled":true}],
                "kinds":[{"kind":"todo","label":"新的待办","channels":[{"channel":"inapp","muted":false,"mutable":false}]}]}"#,
        )
        .unwrap();
        assert!(!p.kinds[0].channels[0].mutable);
        assert!(p.channels[0].enabled);
    }
}
