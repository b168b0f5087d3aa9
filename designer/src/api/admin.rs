//! The designers' endpoints (`/admin/…`): matter types with drafts and versions, the full check,
//! publishing and retiring, simulation, and the Rhai rule editor's live check, tests and
//! function reference.

use super::ApiResult;
use super::client;
use super::url::escape;
use lianban_definition::Issue;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::{MatterTypeDef, RuleDef};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// One published version.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VersionInfo {
    /// Version number.
    pub version: u32,
    /// `published` or `retired`.
    pub status: String,
    /// When (ms since epoch).
    pub published_ms: i64,
    /// Who published it (empty for seeded versions).
    #[serde(default)]
    pub published_by: String,
}

/// A matter type in the designers' list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AdminSummary {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Category.
    #[serde(default)]
    pub category: String,
    /// When the draft was last saved.
    #[serde(default)]
    pub draft_updated_ms: i64,
    /// Versions, newest first.
    #[serde(default)]
    pub versions: Vec<VersionInfo>,
}

/// A matter type as the designer opens it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AdminType {
    /// The draft.
    pub draft: MatterTypeDef,
    /// When it was last saved, and by whom.
    #[serde(default)]
    pub updated_ms: i64,
    /// Who saved it last.
    #[serde(default)]
    pub updated_by: String,
    /// Versions, newest first.
    #[serde(default)]
    pub versions: Vec<VersionInfo>,
}

/// The outcome of one rule test.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TestOutcome {
    /// The rule.
    pub rule: String,
    /// The test.
    pub test: String,
    /// Whether it passed.
    pub passed: bool,
    /// What the rule gave.
    pub actual: String,
}

/// The full check of a draft.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Report {
    /// Problems that block publishing.
    pub issues: Vec<Issue>,
    /// Rule test outcomes.
    pub tests: Vec<TestOutcome>,
}

/// Someone who would receive a task.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimPerson {
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
}

/// One task of a simulated path.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimTask {
    /// Node id.
    pub node: String,
    /// Node name.
    pub node_name: String,
    /// Unit name.
    pub unit: String,
    /// Step name.
    pub step: String,
    /// Receivers.
    pub receivers: Vec<SimPerson>,
}

/// A simulated path.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Simulation {
    /// Problems with the sample data or the flow.
    pub issues: Vec<Issue>,
    /// Tasks in order.
    pub tasks: Vec<SimTask>,
    /// Node id → mark for the nodes reached.
    pub nodes: BTreeMap<String, String>,
    /// Whether the end was reached.
    pub completed: bool,
}

/// A compile error of a rule, with its position.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RuleError {
    /// Stable code.
    pub code: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Chinese message.
    pub message: String,
}

/// A domain function for script authors.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FunctionInfo {
    /// Name.
    pub name: String,
    /// Signature.
    pub signature: String,
    /// What it does.
    pub description: String,
    /// Example call.
    pub example: String,
}

/// The answer to saving a draft.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Saved {
    /// Definition issues (drafts may be incomplete).
    pub issues: Vec<Issue>,
}

/// A version just published.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Published {
    /// Its number.
    pub version: u32,
}

/// The path of one matter type.
fn type_path(code: &str) -> String {
    format!("/admin/matter-types/{}", escape(code))
}

/// `GET /admin/matter-types`.
pub async fn list() -> ApiResult<Vec<AdminSummary>> {
    client::get("/admin/matter-types").await
}

/// `POST /admin/matter-types` (409 `type_exists`).
pub async fn create(code: &str, name: &str, category: &str) -> ApiResult<MatterTypeDef> {
    let body = json!({ "code": code, "name": name, "category": category });
    client::post("/admin/matter-types", &body).await
}

/// `GET /admin/matter-types/{code}`.
pub async fn open(code: &str) -> ApiResult<AdminType> {
    client::get(&type_path(code)).await
}

/// `PUT /admin/matter-types/{code}/draft`.
pub async fn save(def: &MatterTypeDef) -> ApiResult<Saved> {
    client::put(&format!("{}/draft", type_path(&def.code)), def).await
}

/// `POST /admin/matter-types/{code}/check`.
pub async fn check(code: &str) -> ApiResult<Report> {
    client::post_empty(&format!("{}/check", type_path(code))).await
}

/// `POST /admin/matter-types/{code}/publish` (422 `definition_invalid` with issues).
pub async fn publish(code: &str) -> ApiResult<Published> {
    client::post_empty(&format!("{}/publish", type_path(code))).await
}

/// `POST /admin/matter-types/{code}/versions/{version}/retire`.
pub async fn retire(code: &str, version: u32) -> ApiResult<VersionInfo> {
    client::post_empty(&format!("{}/versions/{version}/retire", type_path(code))).await
}

/// `POST /admin/simulate`.
pub async fn simulate(
    def: &MatterTypeDef,
    values: &FormValues,
    initiator: &str,
) -> ApiResult<Simulation> {
    #[derive(Serialize)]
    struct Body<'a> {
        def: &'a MatterTypeDef,
        values: &'a FormValues,
        initiator: &'a str,
    }
    client::post(
        "/admin/simulate",
        &Body {
            def,
            values,
            initiator,
        },
    )
    .await
}

/// `POST /admin/rules/check`: compile errors of a source (empty: compiles).
pub async fn check_rule(source: &str) -> ApiResult<Vec<RuleError>> {
    client::post("/admin/rules/check", &json!({ "source": source })).await
}

/// `POST /admin/rules/test`: runs a rule's tests.
pub async fn test_rule(rule: &RuleDef) -> ApiResult<Vec<TestOutcome>> {
    client::post("/admin/rules/test", &json!({ "rule": rule })).await
}

/// `POST /admin/rules/validate`: the issues the validation rules report on `values`.
pub async fn validate_with_rules(rules: &[RuleDef], values: &FormValues) -> ApiResult<Vec<Issue>> {
    client::post(
        "/admin/rules/validate",
        &json!({ "rules": rules, "values": values }),
    )
    .await
}

/// `GET /admin/rules/functions`.
pub async fn functions() -> ApiResult<Vec<FunctionInfo>> {
    client::get("/admin/rules/functions").await
}

/// A post for pickers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PostItem {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// `GET /org/posts`.
pub async fn posts() -> ApiResult<Vec<PostItem>> {
    client::get("/org/posts").await
}
