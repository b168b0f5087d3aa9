//! The notification center's endpoints beyond the list: the user's settings
//! (`/notifications/preferences`) and, for administrators, the delivery log
//! (`/admin/deliveries`, `…/{id}/retry`) and the templates per kind and channel
//! (`/admin/notification-templates`, `…/{kind}/{channel}`, `…/{kind}/{channel}/preview`).

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

/// A title and body rendered with the sample values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preview {
    /// Title (empty when the template does not render).
    #[serde(default)]
    pub title: String,
    /// Body (the reason when the template does not render).
    #[serde(default)]
    pub body: String,
}

/// The template of one kind on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Template {
    /// Kind, e.g. `todo`.
    pub kind: String,
    /// Chinese label of the kind.
    pub kind_label: String,
    /// Channel, `inapp` or `zwdd`.
    pub channel: String,
    /// Chinese label of the channel.
    pub channel_label: String,
    /// `custom` (an administrator's), `folder` (the override folder) or `embedded`.
    pub origin: String,
    /// The Tera source in force.
    pub text: String,
    /// The default it replaces (or is).
    pub default_text: String,
    /// Revision of the custom template, 0 without one: sent back with a change.
    #[serde(default)]
    pub revision: i64,
    /// When the custom template was saved.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Who saved it.
    #[serde(default)]
    pub updated_by: Option<String>,
    /// The text rendered with the sample values.
    pub preview: Preview,
}

impl Template {
    /// Whether an administrator's template is in force (so 恢复默认 applies).
    pub fn is_custom(&self) -> bool {
        self.origin == "custom"
    }

    /// 自定义, or 默认 with where the default comes from.
    pub fn origin_label(&self) -> &'static str {
        match self.origin.as_str() {
            "custom" => "自定义",
            "folder" => "默认（覆盖目录）",
            _ => "默认",
        }
    }
}

/// A variable templates may use.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Variable {
    /// Name, as written in `{{ name }}`.
    pub name: String,
    /// Chinese meaning.
    pub description: String,
}

/// Every template and the variables they may use.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TemplateList {
    /// Kind by kind, each on every channel.
    pub templates: Vec<Template>,
    /// The variables.
    pub variables: Vec<Variable>,
}

impl TemplateList {
    /// Replaces the template of the same kind and channel.
    pub fn replace(&mut self, template: Template) {
        if let Some(t) = self
            .templates
            .iter_mut()
            .find(|t| t.kind == template.kind && t.channel == template.channel)
        {
            *t = template;
        }
    }
}

/// The API path of the template of `kind` on `channel`.
pub fn template_path(kind: &str, channel: &str) -> String {
    format!(
        "/admin/notification-templates/{}/{}",
        escape(kind),
        escape(channel)
    )
}

/// `GET /admin/notification-templates`.
pub async fn templates() -> ApiResult<TemplateList> {
    client::get("/admin/notification-templates").await
}

/// `PUT /admin/notification-templates/{kind}/{channel}` (422 `template_invalid`, 409 `conflict`).
pub async fn save_template(
    kind: &str,
    channel: &str,
    text: &str,
    revision: i64,
) -> ApiResult<Template> {
    let body = json!({ "text": text, "revision": revision });
    client::put(&template_path(kind, channel), &body).await
}

/// `DELETE /admin/notification-templates/{kind}/{channel}`: back to the default.
pub async fn reset_template(kind: &str, channel: &str) -> ApiResult<Template> {
    client::delete_json(&template_path(kind, channel)).await
}

/// `POST /admin/notification-templates/{kind}/{channel}/preview` (422 `template_invalid`).
pub async fn preview_template(kind: &str, channel: &str, text: &str) -> ApiResult<Preview> {
    let path = format!("{}/preview", template_path(kind, channel));
    client::post(&path, &json!({ "text": text })).await
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

    #[test]
    fn templates_parse_and_are_replaced_by_kind_and_channel() {
        let mut list: TemplateList = serde_json::from_str(
            r#"{"templates":[
                {"kind":"todo","kind_label":"新的待办","channel":"inapp","channel_label":"站内消息",
                 "origin":"embedded","text":"t","default_text":"t","revision":0,"updated_at":null,
                 "updated_by":null,"preview":{"title":"新的待办：张三调入","body":"b"}},
                {"kind":"todo","kind_label":"新的待办","channel":"zwdd","channel_label":"浙政钉工作通知",
                 "origin":"folder","text":"z","default_text":"z","revision":0,"preview":{"title":"","body":"（模板无法渲染）"}}],
              "variables":[{"name":"title","description":"办件标题"}]}"#,
        )
        .unwrap();
        assert_eq!(list.templates[0].preview.title, "新的待办：张三调入");
        assert_eq!(
            (
                list.templates[0].origin_label(),
                list.templates[1].origin_label()
            ),
            ("默认", "默认（覆盖目录）")
        );
        let mut saved = list.templates[1].clone();
        saved.origin = "custom".into();
        saved.revision = 1;
        saved.updated_by = Some("admin".into());
        list.replace(saved);
        assert!(list.templates[1].is_custom() && !list.templates[0].is_custom());
        assert_eq!(list.templates[1].origin_label(), "自定义");
        assert_eq!(list.variables[0].description, "办件标题");
    }

    #[test]
    fn template_paths_escape_their_segments() {
        assert_eq!(
            template_path("todo", "inapp"),
            "/admin/notification-templates/todo/inapp"
        );
        assert_eq!(
            template_path("a/b", "c d"),
            "/admin/notification-templates/a%2Fb/c%20d"
        );
    }
}
