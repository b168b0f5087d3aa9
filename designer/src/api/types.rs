//! The JSON shapes of `/api/v1` (see `docs/api-contract.md`), as the web app reads and writes
//! them. Form and change types come straight from `lianban-definition`; optional members default
//! so that an older or newer server does not break a whole page.

use lianban_definition::flow::FlowDef;
use lianban_definition::form::FormDef;
use lianban_definition::limit::LimitUnit;
use serde::{Deserialize, Serialize};

/// A unit reference `{code, name}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct UnitBrief {
    /// Unit code.
    #[serde(default)]
    pub code: String,
    /// Unit name.
    #[serde(default)]
    pub name: String,
}

/// A user reference `{username, display_name}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct UserBrief {
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// Name shown to people.
    #[serde(default)]
    pub display_name: String,
}

/// Someone named in an answer: either a plain name or a user object.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Person {
    /// A display name or login name.
    Name(String),
    /// A user object.
    User(UserBrief),
}

impl Person {
    /// The best name to show.
    pub fn display(&self) -> &str {
        match self {
            Person::Name(name) => name,
            Person::User(u) if !u.display_name.is_empty() => &u.display_name,
            Person::User(u) => &u.username,
        }
    }
}

/// A post held by the current user.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct PostBrief {
    /// Unit code.
    #[serde(default)]
    pub unit: String,
    /// Unit name.
    #[serde(default)]
    pub unit_name: String,
    /// Post code.
    #[serde(default)]
    pub post: String,
    /// Post name.
    #[serde(default)]
    pub post_name: String,
}

/// The logged-in user (`GET /auth/me`, `POST /auth/login`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Me {
    /// Login name.
    pub username: String,
    /// Name shown to people.
    #[serde(default)]
    pub display_name: String,
    /// Main unit.
    #[serde(default)]
    pub unit: UnitBrief,
    /// All posts (several for 兼职).
    #[serde(default)]
    pub posts: Vec<PostBrief>,
    /// Role codes, e.g. `admin`, `clerk`.
    #[serde(default)]
    pub roles: Vec<String>,
}

impl Me {
    /// Whether the user belongs to the unit `code`, by main unit or by a post.
    pub fn in_unit(&self, code: &str) -> bool {
        self.unit.code == code || self.posts.iter().any(|p| p.unit == code)
    }
}

/// Login body.
#[derive(Debug, Clone, Serialize)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A catalog entry (`GET /matter-types`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MatterTypeSummary {
    /// Stable code.
    pub code: String,
    /// Name, e.g. 人员调入联办.
    pub name: String,
    /// Catalog category.
    #[serde(default)]
    pub category: String,
    /// Published version.
    #[serde(default)]
    pub version: u32,
    /// Time limit: the amount, in `time_limit_unit`.
    #[serde(default)]
    pub time_limit_days: Option<u32>,
    /// The unit of the time limit.
    #[serde(default)]
    pub time_limit_unit: LimitUnit,
    /// Whether the user's unit may initiate it (the list also names the others, for filters).
    #[serde(default = "yes")]
    pub can_initiate: bool,
}

fn yes() -> bool {
    true
}

/// One matter type with its form and flow (`GET /matter-types/{code}`); the flow names the
/// approver nodes whose approvers the initiator picks (发起人自选).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MatterTypeDetail {
    /// Stable code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Published version.
    #[serde(default)]
    pub version: u32,
    /// Time limit: the amount, in `time_limit_unit`.
    #[serde(default)]
    pub time_limit_days: Option<u32>,
    /// The unit of the time limit.
    #[serde(default)]
    pub time_limit_unit: LimitUnit,
    /// The form to fill.
    pub form: FormDef,
    /// 办事指南 (Markdown).
    #[serde(default)]
    pub guide: String,
    /// The materials checklist.
    #[serde(default)]
    pub materials: Vec<lianban_definition::matter_type::Material>,
    /// The flow (absent from answers that leave it out).
    #[serde(default)]
    pub flow: Option<FlowDef>,
}

/// An organisational unit (`GET /org/units`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrgUnit {
    /// Unit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Parent unit code.
    #[serde(default)]
    pub parent: Option<String>,
    /// `unit` or `dept`.
    #[serde(default)]
    pub kind: String,
}

/// A user (`GET /org/users`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrgUser {
    /// Login name.
    pub username: String,
    /// Name shown to people.
    #[serde(default)]
    pub display_name: String,
    /// Unit code.
    #[serde(default)]
    pub unit: String,
}

/// One row of a work list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkItem {
    /// Matter id.
    pub matter_id: String,
    /// 办件编号.
    #[serde(default)]
    pub number: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Matter type name.
    #[serde(default)]
    pub type_name: String,
    /// Status code.
    #[serde(default)]
    pub status: String,
    /// Status in Chinese.
    #[serde(default)]
    pub status_label: String,
    /// Task id (todo/done).
    #[serde(default, deserialize_with = "super::de::opt_id")]
    pub task_id: Option<String>,
    /// Step name.
    #[serde(default)]
    pub step_name: Option<String>,
    /// Unit name.
    #[serde(default)]
    pub unit_name: Option<String>,
    /// Initiator's name.
    #[serde(default)]
    pub initiator_name: String,
    /// The list's time column.
    #[serde(default)]
    pub at: String,
    /// The colour of the warning tier fired for the row (`blue` … `red`), if any.
    #[serde(default)]
    pub tier: Option<String>,
}

/// One page of a work list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkPage {
    /// Rows.
    #[serde(default)]
    pub items: Vec<WorkItem>,
    /// Cursor of the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Total rows (capped at 1000).
    #[serde(default)]
    pub total: u32,
}

/// A notification.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Notification {
    /// Id.
    pub id: String,
    /// Kind, e.g. `todo`, `urge`, `returned`.
    #[serde(default)]
    pub kind: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Body text.
    #[serde(default)]
    pub body: String,
    /// The matter it is about.
    #[serde(default)]
    pub matter_id: Option<String>,
    /// The task it is about (new tasks, urgings): the matter page focuses on it.
    #[serde(default)]
    pub task_id: Option<u32>,
    /// Read already.
    #[serde(default)]
    pub read: bool,
    /// When.
    #[serde(default)]
    pub at: String,
}

/// One page of notifications.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NotificationPage {
    /// Items.
    #[serde(default)]
    pub items: Vec<Notification>,
    /// Unread count.
    #[serde(default)]
    pub unread: u32,
    /// Cursor of the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}
