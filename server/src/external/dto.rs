//! What administrators send and see, and the stored record. The secret is never part of a view:
//! it is answered once, when created or rotated ([`Issued`]).

use lianban_definition::Issue;
use lianban_sdk::sign::Algorithm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Name length limit.
const NAME_MAX: usize = 60;
/// Endpoint length limit.
const URL_MAX: usize = 500;
/// How many matter types one system may list.
const TYPES_MAX: usize = 200;

/// A stored external system (the `external_system` record).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    /// Id (`es_…`), also the record key (stored as `sid`: `id` is the record id itself).
    #[serde(rename = "sid")]
    pub id: String,
    /// The unit whose dispatches it handles.
    pub unit: String,
    /// Display name, e.g. 自然资源和规划分局审批系统.
    pub name: String,
    /// Where events are pushed.
    pub endpoint: String,
    /// The app key (unique).
    pub app_key: String,
    /// The app secret, sealed ([`super::secret_box`]).
    pub secret_sealed: String,
    /// The secret before the last rotation, sealed like the current one (it moved over as is),
    /// while it stays valid ([`Stored::previous_expires_ms`]).
    #[serde(default)]
    pub previous_secret_sealed: Option<String>,
    /// When the previous secret stops being accepted (epoch ms).
    #[serde(default)]
    pub previous_expires_ms: Option<i64>,
    /// `HMAC-SHA256` or `HMAC-SM3`: how Lianban signs its pushes to this system.
    pub algorithm: String,
    /// The system's SM2 public key (uncompressed point, hex), when it signs its documents.
    #[serde(default)]
    pub sm2_public_key: Option<String>,
    /// The matter types it handles (empty: every type for its unit).
    #[serde(default)]
    pub matter_types: Vec<String>,
    /// Whether it receives dispatches and may call in.
    pub enabled: bool,
    /// Why it was disabled automatically (e.g. the endpoint answered 410).
    #[serde(default)]
    pub disabled_reason: Option<String>,
    /// Bumped by each change.
    pub revision: u32,
    /// When created.
    pub created_ms: i64,
    /// When last changed.
    pub updated_ms: i64,
    /// Who last changed it.
    pub updated_by: String,
}

impl Stored {
    /// The previous secret (sealed) while it is still accepted at `now_ms`.
    pub fn previous_secret(&self, now_ms: i64) -> Option<&str> {
        self.previous_expires_ms.filter(|at| *at > now_ms)?;
        self.previous_secret_sealed.as_deref()
    }
}

/// A system as administrators see it (no secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct System {
    /// Id.
    pub id: String,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Name.
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
    /// App key.
    pub app_key: String,
    /// `HMAC-SHA256` or `HMAC-SM3`.
    pub algorithm: String,
    /// SM2 public key (hex), if registered.
    pub sm2_public_key: Option<String>,
    /// Matter type codes (empty: all).
    pub matter_types: Vec<String>,
    /// Enabled.
    pub enabled: bool,
    /// Why it was disabled automatically.
    pub disabled_reason: Option<String>,
    /// While the secret before the last rotation is still accepted: when it stops (epoch ms).
    pub previous_secret_expires_ms: Option<i64>,
    /// Revision (send it back with a change).
    pub revision: u32,
    /// Last change (epoch ms).
    pub updated_ms: i64,
    /// By whom.
    pub updated_by: String,
}

impl System {
    /// The view of `s` at `now_ms` (an expired previous secret is not mentioned).
    pub(super) fn from_stored(s: Stored, unit_name: String, now_ms: i64) -> Self {
        let previous_secret_expires_ms = s.previous_secret(now_ms).and(s.previous_expires_ms);
        Self {
            previous_secret_expires_ms,
            id: s.id,
            unit: s.unit,
            unit_name,
            name: s.name,
            endpoint: s.endpoint,
            app_key: s.app_key,
            algorithm: s.algorithm,
            sm2_public_key: s.sm2_public_key,
            matter_types: s.matter_types,
            enabled: s.enabled,
            disabled_reason: s.disabled_reason,
            revision: s.revision,
            updated_ms: s.updated_ms,
            updated_by: s.updated_by,
        }
    }
}

/// `POST /api/v1/admin/external-systems`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSystem {
    /// Unit code.
    pub unit: String,
    /// Name.
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
    /// `HMAC-SHA256` (default) or `HMAC-SM3`.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// SM2 public key, uncompressed point in hex (`04…`, 130 characters).
    #[serde(default)]
    pub sm2_public_key: Option<String>,
    /// Matter type codes (empty: all).
    #[serde(default)]
    pub matter_types: Vec<String>,
    /// Enabled (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// `PUT /api/v1/admin/external-systems/{id}`: everything but the unit and the credentials.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemChange {
    /// Name.
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
    /// Algorithm.
    pub algorithm: String,
    /// SM2 public key.
    #[serde(default)]
    pub sm2_public_key: Option<String>,
    /// Matter type codes.
    #[serde(default)]
    pub matter_types: Vec<String>,
    /// Enabled (enabling clears the automatic disable reason).
    pub enabled: bool,
    /// The revision this change was made on.
    pub revision: u32,
}

/// The longest overlap of a rotation: a week.
pub const OVERLAP_HOURS_MAX: i64 = 168;

/// `POST /api/v1/admin/external-systems/{id}/secret` (the body is optional).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Hours the previous secret stays valid (0 to 168, default 24; 0: it stops at once).
    #[serde(default = "default_overlap")]
    pub overlap_hours: i64,
}

impl Default for Rotation {
    fn default() -> Self {
        Self {
            overlap_hours: default_overlap(),
        }
    }
}

fn default_overlap() -> i64 {
    24
}

impl Rotation {
    /// The issue of an overlap out of range.
    pub fn check(&self) -> Option<Issue> {
        (!(0..=OVERLAP_HOURS_MAX).contains(&self.overlap_hours)).then(|| {
            Issue::new(
                "overlap_hours",
                "bad_overlap",
                format!("旧密钥保留时长应为0至{OVERLAP_HOURS_MAX}小时"),
            )
        })
    }
}

/// The answer of creation and rotation: the secret, shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Issued {
    /// The system.
    pub system: System,
    /// The app secret (store it in the department system now; Lianban never shows it again).
    pub secret: String,
}

/// The form-level issues of a name/endpoint/algorithm/key/types set.
pub fn check_body(
    name: &str,
    algorithm: &str,
    sm2_public_key: Option<&str>,
    matter_types: &[String],
    issues: &mut Vec<Issue>,
) {
    let len = name.trim().chars().count();
    if len == 0 || len > NAME_MAX {
        issues.push(Issue::new(
            "name",
            "bad_name",
            format!("系统名称不能为空，且不超过{NAME_MAX}个字"),
        ));
    }
    if Algorithm::parse(algorithm).is_none() {
        issues.push(Issue::new(
            "algorithm",
            "bad_algorithm",
            "签名算法应为 HMAC-SHA256 或 HMAC-SM3",
        ));
    }
    if let Some(key) = sm2_public_key.map(str::trim).filter(|k| !k.is_empty())
        && !(key.len() == 130
            && key.starts_with("04")
            && key.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        issues.push(Issue::new(
            "sm2_public_key",
            "bad_sm2_key",
            "SM2公钥应为04开头的130位十六进制（未压缩点）",
        ));
    }
    if matter_types.len() > TYPES_MAX {
        issues.push(Issue::new(
            "matter_types",
            "too_many_types",
            format!("事项类型不能超过{TYPES_MAX}个"),
        ));
    }
}

/// The endpoint's length issue (its form is checked by [`super::endpoint::check`]).
pub fn check_endpoint_len(endpoint: &str, issues: &mut Vec<Issue>) {
    if endpoint.trim().is_empty() || endpoint.len() > URL_MAX {
        issues.push(Issue::new(
            "endpoint",
            "endpoint_invalid",
            format!("接收地址不能为空，且不超过{URL_MAX}个字符"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(name: &str, alg: &str, key: Option<&str>, types: usize) -> Vec<String> {
        let mut issues = Vec::new();
        let types: Vec<String> = (0..types).map(|i| format!("t{i}")).collect();
        check_body(name, alg, key, &types, &mut issues);
        issues.into_iter().map(|i| i.code).collect()
    }

    #[test]
    fn a_previous_secret_counts_until_it_expires() {
        let mut s: Stored = serde_json::from_value(serde_json::json!({
            "sid": "es_1", "unit": "zrzyj", "name": "x", "endpoint": "https://x.example/",
            "app_key": "k", "secret_sealed": "new", "algorithm": "HMAC-SM3", "enabled": true,
            "revision": 2, "created_ms": 0, "updated_ms": 0, "updated_by": "admin"
        }))
        .unwrap();
        assert_eq!(
            s.previous_secret(0),
            None,
            "records before rotation windows read"
        );
        s.previous_secret_sealed = Some("old".into());
        s.previous_expires_ms = Some(1_000);
        assert_eq!(s.previous_secret(999), Some("old"));
        assert_eq!(s.previous_secret(1_000), None);
        let view = |now| System::from_stored(s.clone(), String::new(), now);
        assert_eq!(view(999).previous_secret_expires_ms, Some(1_000));
        assert_eq!(view(1_000).previous_secret_expires_ms, None);
        assert!(Rotation::default().check().is_none());
        assert!(Rotation { overlap_hours: 0 }.check().is_none());
        assert!(Rotation { overlap_hours: 168 }.check().is_none());
        for bad in [-1, 169] {
            let issue = Rotation { overlap_hours: bad }.check().unwrap();
            assert_eq!(
                (issue.path.as_str(), issue.code.as_str()),
                ("overlap_hours", "bad_overlap")
            );
        }
    }

    #[test]
    fn bodies_are_checked_field_by_field() {
        assert!(codes("国土审批系统", "HMAC-SM3", None, 2).is_empty());
        assert!(codes("x", "hmac-sha256", Some(""), 0).is_empty());
        let key = format!("04{}", "ab".repeat(64));
        assert!(codes("x", "HMAC-SHA256", Some(&key), 0).is_empty());
        assert_eq!(
            codes(" ", "HMAC-MD5", Some("05zz"), 201),
            ["bad_name", "bad_algorithm", "bad_sm2_key", "too_many_types"]
        );
        let mut issues = Vec::new();
        check_endpoint_len(&"h".repeat(501), &mut issues);
        check_endpoint_len("  ", &mut issues);
        assert_eq!(issues.len(), 2);
    }
}
