//! 对接系统 (受办分离, administrators): the registry of units' own systems
//! (`/admin/external-systems`) and the push log (`/admin/open/deliveries`).

use super::ApiResult;
use super::client;
use super::url::{escape, with_query};
use serde::{Deserialize, Serialize};

/// A registered system (the secret is never part of it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExternalSystem {
    /// Id.
    pub id: String,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    #[serde(default)]
    pub unit_name: String,
    /// Name.
    pub name: String,
    /// Where events are pushed.
    pub endpoint: String,
    /// App key.
    pub app_key: String,
    /// `HMAC-SHA256` or `HMAC-SM3`.
    pub algorithm: String,
    /// SM2 public key (hex), if registered.
    #[serde(default)]
    pub sm2_public_key: Option<String>,
    /// Matter type codes (empty: all of its unit's).
    #[serde(default)]
    pub matter_types: Vec<String>,
    /// Enabled.
    pub enabled: bool,
    /// Why it was disabled automatically (e.g. 410).
    #[serde(default)]
    pub disabled_reason: Option<String>,
    /// While the secret before the last rotation is still accepted: when it stops (epoch ms).
    #[serde(default)]
    pub previous_secret_expires_ms: Option<i64>,
    /// Revision (sent back with a change).
    pub revision: u32,
    /// Last change (epoch ms).
    #[serde(default)]
    pub updated_ms: i64,
    /// By whom.
    #[serde(default)]
    pub updated_by: String,
}

/// The answer of creation and rotation: the secret, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Issued {
    /// The system.
    pub system: ExternalSystem,
    /// The app secret.
    pub secret: String,
}

/// The form of a system: creation sends all but `revision`; a change all but `unit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemForm {
    /// Unit code (creation only).
    pub unit: String,
    /// Name.
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
    /// Algorithm.
    pub algorithm: String,
    /// SM2 public key (empty: none).
    pub sm2_public_key: String,
    /// Matter type codes, comma or space separated (empty: all).
    pub matter_types: String,
    /// Enabled.
    pub enabled: bool,
}

impl SystemForm {
    /// A new system's form: HMAC-SM3, enabled.
    pub fn new_system() -> Self {
        Self {
            algorithm: "HMAC-SM3".into(),
            enabled: true,
            ..Self::default()
        }
    }

    /// The form of an existing system.
    pub fn of(s: &ExternalSystem) -> Self {
        Self {
            unit: s.unit.clone(),
            name: s.name.clone(),
            endpoint: s.endpoint.clone(),
            algorithm: s.algorithm.clone(),
            sm2_public_key: s.sm2_public_key.clone().unwrap_or_default(),
            matter_types: s.matter_types.join(", "),
            enabled: s.enabled,
        }
    }

    /// The matter type codes typed in.
    pub fn types(&self) -> Vec<String> {
        self.matter_types
            .split([',', '，', ' ', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn key(&self) -> Option<String> {
        Some(self.sm2_public_key.trim().to_owned()).filter(|k| !k.is_empty())
    }
}

#[derive(Serialize)]
struct NewBody<'a> {
    unit: &'a str,
    name: &'a str,
    endpoint: &'a str,
    algorithm: &'a str,
    sm2_public_key: Option<String>,
    matter_types: Vec<String>,
    enabled: bool,
}

#[derive(Serialize)]
struct ChangeBody<'a> {
    name: &'a str,
    endpoint: &'a str,
    algorithm: &'a str,
    sm2_public_key: Option<String>,
    matter_types: Vec<String>,
    enabled: bool,
    revision: u32,
}

/// `GET /admin/external-systems`.
pub async fn systems() -> ApiResult<Vec<ExternalSystem>> {
    client::get("/admin/external-systems").await
}

/// `POST /admin/external-systems` → the system and its secret (400 `validation_failed`).
pub async fn create_system(form: &SystemForm) -> ApiResult<Issued> {
    let body = NewBody {
        unit: form.unit.trim(),
        name: form.name.trim(),
        endpoint: form.endpoint.trim(),
        algorithm: &form.algorithm,
        sm2_public_key: form.key(),
        matter_types: form.types(),
        enabled: form.enabled,
    };
    client::post("/admin/external-systems", &body).await
}

/// `PUT /admin/external-systems/{id}` (409 `conflict` on a stale revision).
pub async fn update_system(
    id: &str,
    revision: u32,
    form: &SystemForm,
) -> ApiResult<ExternalSystem> {
    let body = ChangeBody {
        name: form.name.trim(),
        endpoint: form.endpoint.trim(),
        algorithm: &form.algorithm,
        sm2_public_key: form.key(),
        matter_types: form.types(),
        enabled: form.enabled,
        revision,
    };
    client::put(&format!("/admin/external-systems/{}", escape(id)), &body).await
}

/// The overlaps an administrator may choose on rotation, in hours, the default first, with
/// their labels.
pub const OVERLAPS: &[(i64, &str)] = &[
    (24, "24小时"),
    (1, "1小时"),
    (72, "72小时"),
    (0, "不保留（旧密钥立即失效）"),
];

/// `POST /admin/external-systems/{id}/secret`: a new secret, answered once; the previous one
/// stays valid for `overlap_hours`.
pub async fn rotate_secret(id: &str, overlap_hours: i64) -> ApiResult<Issued> {
    client::post(
        &format!("/admin/external-systems/{}/secret", escape(id)),
        &serde_json::json!({ "overlap_hours": overlap_hours }),
    )
    .await
}

/// `DELETE /admin/external-systems/{id}/previous-secret`: the previous secret stops now.
pub async fn revoke_previous_secret(id: &str) -> ApiResult<()> {
    client::delete(&format!(
        "/admin/external-systems/{}/previous-secret",
        escape(id)
    ))
    .await
}

/// A row of the push log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PushItem {
    /// The event id.
    pub id: String,
    /// Event type, e.g. `dispatch.created`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Its Chinese name.
    #[serde(default)]
    pub type_label: String,
    /// Per-matter sequence number.
    pub seq: u64,
    /// The matter.
    pub matter_id: String,
    /// The matter number.
    pub matter_no: String,
    /// The dispatch.
    pub node: String,
    /// Its unit.
    pub unit: String,
    /// The system's id.
    pub system: String,
    /// The system's name.
    pub system_name: String,
    /// `pending`, `sending`, `sent`, `dead`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// Attempts allowed.
    pub max_attempts: u32,
    /// The next attempt.
    #[serde(default)]
    pub next_at: Option<String>,
    /// The last failure.
    #[serde(default)]
    pub last_error: Option<String>,
    /// The HTTP status of the last attempt.
    #[serde(default)]
    pub last_status: Option<u16>,
    /// Planned.
    pub created_at: String,
    /// Delivered.
    #[serde(default)]
    pub sent_at: Option<String>,
}

/// A page of the push log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PushPage {
    /// Newest first.
    pub items: Vec<PushItem>,
    /// Cursor of the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// One attempt.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AttemptItem {
    /// When.
    pub at: String,
    /// Which node.
    pub node: String,
    /// HTTP status, if answered.
    #[serde(default)]
    pub status: Option<u16>,
    /// What went wrong.
    #[serde(default)]
    pub error: Option<String>,
    /// How long (ms).
    pub duration_ms: i64,
}

/// One pushed event with its attempts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PushDetail {
    /// The latest attempts, oldest first.
    pub history: Vec<AttemptItem>,
    /// The event as planned.
    #[serde(default)]
    pub event: serde_json::Value,
}

/// The filters of the push log; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushFilter {
    /// Status.
    pub status: String,
    /// System id.
    pub system: String,
    /// Matter number.
    pub matter: String,
}

/// The path of one page of the push log.
pub fn pushes_path(filter: &PushFilter, cursor: Option<&str>) -> String {
    with_query(
        "/admin/open/deliveries",
        &[
            ("status", &filter.status),
            ("system", &filter.system),
            ("matter", &filter.matter),
            ("cursor", cursor.unwrap_or("")),
        ],
    )
}

/// `GET /admin/open/deliveries?status=&system=&matter=&cursor=`.
pub async fn pushes(filter: &PushFilter, cursor: Option<&str>) -> ApiResult<PushPage> {
    client::get(&pushes_path(filter, cursor)).await
}

/// `GET /admin/open/deliveries/{id}`.
pub async fn push_detail(id: &str) -> ApiResult<PushDetail> {
    client::get(&format!("/admin/open/deliveries/{}", escape(id))).await
}

/// `POST /admin/open/deliveries/{id}/replay` (409 `delivery_not_replayable`).
pub async fn replay_push(id: &str) -> ApiResult<PushItem> {
    client::post_empty(&format!("/admin/open/deliveries/{}/replay", escape(id))).await
}

/// Push statuses and their Chinese names, in the order the filter offers them.
pub const PUSH_STATUSES: [(&str, &str); 4] = [
    ("pending", "待推送"),
    ("sending", "推送中"),
    ("sent", "已送达"),
    ("dead", "已放弃"),
];

/// The Chinese name of a push status.
pub fn status_label(status: &str) -> &str {
    PUSH_STATUSES
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
        assert_eq!(
            pushes_path(&PushFilter::default(), None),
            "/admin/open/deliveries"
        );
        let filter = PushFilter {
            status: "dead".into(),
            system: "es_a".into(),
            matter: "联办〔2026〕00001号".into(),
        };
        assert_eq!(
            pushes_path(&filter, Some("1:a")),
            "/admin/open/deliveries?status=dead&system=es_a&matter=%E8%81%94%E5%8A%9E%E3%80%942026%E3%80%9500001%E5%8F%B7&cursor=1%3Aa"
        );
        assert_eq!(status_label("dead"), "已放弃");
    }

    #[test]
    fn matter_types_are_split_on_commas_and_spaces() {
        let form = SystemForm {
            matter_types: "land_review， personnel_transfer,, x".into(),
            ..SystemForm::new_system()
        };
        assert_eq!(form.types(), ["land_review", "personnel_transfer", "x"]);
        assert!(SystemForm::new_system().types().is_empty());
    }
}
