//! The designers' side of the catalog (`/api/v1/admin/…`, roles `designer` and `admin`): create
//! a matter type, save its draft, check it (definition, Rhai rules and their tests, organisation
//! references), simulate it, publish it as a new immutable version, and retire versions. Also
//! the rule editor's live check, rule tests and the domain-function reference.

use super::check::{self, Report, TestOutcome};
use super::simulate::{self, Simulation};
use super::store::{self, Draft, VersionInfo};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::Batch;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lianban_definition::Issue;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::{MatterTypeDef, RuleDef, RuleKind};
use lianban_scripting::ScriptEngine;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The designer routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_types, create_type))
        .routes(routes!(get_type))
        .routes(routes!(save_draft))
        .routes(routes!(check_draft))
        .routes(routes!(publish))
        .routes(routes!(retire))
        .routes(routes!(export_bpmn))
        .routes(routes!(simulate_flow))
        .routes(routes!(check_rule))
        .routes(routes!(test_rule))
        .routes(routes!(validate_with_rules))
        .routes(routes!(functions))
}

/// Refuses users who may not design matter types.
fn require_designer(user: &CurrentUser) -> ApiResult<()> {
    if user.may_design() {
        Ok(())
    } else {
        Err(ApiError::forbidden("仅业务管理员可以设计事项"))
    }
}

/// A matter type in the designers' list.
#[derive(Serialize, utoipa::ToSchema)]
struct AdminSummary {
    code: String,
    name: String,
    category: String,
    /// When the draft was last saved (ms since epoch).
    draft_updated_ms: i64,
    /// Versions, newest first.
    versions: Vec<VersionInfo>,
}

/// Every matter type with its draft and versions.
#[utoipa::path(get, path = "/api/v1/admin/matter-types", tag = "designer",
    responses((status = 200, body = Vec<AdminSummary>), (status = 403)))]
async fn list_types(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<AdminSummary>>> {
    require_designer(&user)?;
    let mut out = Vec::new();
    for draft in store::drafts(&state.db).await? {
        let versions = store::versions(&state.db, &draft.def.code).await?;
        out.push(AdminSummary {
            code: draft.def.code,
            name: draft.def.name,
            category: draft.def.category,
            draft_updated_ms: draft.updated_ms,
            versions,
        });
    }
    Ok(Json(out))
}

/// A new matter type.
#[derive(Deserialize, utoipa::ToSchema)]
struct NewType {
    /// Code: lower-case letters, digits and underscores, starting with a letter.
    code: String,
    /// Name, e.g. 公务用车使用审批.
    name: String,
    /// Catalog category.
    #[serde(default)]
    category: String,
}

/// Creates a matter type with an empty draft (version 1).
#[utoipa::path(post, path = "/api/v1/admin/matter-types", tag = "designer", request_body = NewType,
    responses((status = 201), (status = 400), (status = 403), (status = 409, description = "type_exists")))]
async fn create_type(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewType>,
) -> ApiResult<(StatusCode, Json<MatterTypeDef>)> {
    require_designer(&user)?;
    let def = MatterTypeDef::empty(&body.code, body.name.trim(), body.category.trim());
    let header: Vec<Issue> = def
        .validate()
        .into_iter()
        .filter(|i| i.path == "code" || i.path == "name")
        .collect();
    if !header.is_empty() {
        return Err(ApiError::validation(header));
    }
    let taken = store::draft(&state.db, &body.code).await?.is_some()
        || store::newest_version(&state.db, &body.code).await? > 0;
    if taken {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "type_exists",
            format!("事项编码「{}」已存在", body.code),
        ));
    }
    let mut batch = Batch::new();
    store::add_draft(&mut batch, &draft_of(&state, &user, def.clone()));
    batch.commit(&state.db).await?;
    Ok((StatusCode::CREATED, Json(def)))
}

/// The draft record for `def` saved now by `user`.
fn draft_of(state: &AppState, user: &CurrentUser, def: MatterTypeDef) -> Draft {
    Draft {
        def,
        updated_ms: state.clock.now_ms(),
        updated_by: user.username.clone(),
    }
}

/// A matter type as the designer opens it.
#[derive(Serialize, utoipa::ToSchema)]
struct AdminType {
    /// The draft (its `version` is the one publishing creates).
    #[schema(value_type = Object)]
    draft: MatterTypeDef,
    /// When the draft was last saved (ms since epoch), and by whom.
    updated_ms: i64,
    updated_by: String,
    /// Versions, newest first.
    versions: Vec<VersionInfo>,
}

/// The draft and versions of one matter type.
#[utoipa::path(get, path = "/api/v1/admin/matter-types/{code}", tag = "designer",
    params(("code" = String, Path, description = "matter type code")),
    responses((status = 200, body = AdminType), (status = 403), (status = 404)))]
async fn get_type(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<AdminType>> {
    require_designer(&user)?;
    let draft = store::draft(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(AdminType {
        versions: store::versions(&state.db, &code).await?,
        draft: draft.def,
        updated_ms: draft.updated_ms,
        updated_by: draft.updated_by,
    }))
}

/// The definition issues of a saved draft (drafts may be incomplete; publishing needs none).
#[derive(Serialize, utoipa::ToSchema)]
struct Saved {
    #[schema(value_type = Vec<Object>)]
    issues: Vec<Issue>,
}

/// Saves the draft (the whole definition). The code cannot change; the version is set by the
/// server to the next one.
#[utoipa::path(put, path = "/api/v1/admin/matter-types/{code}/draft", tag = "designer",
    params(("code" = String, Path, description = "matter type code")),
    request_body(content = Object, description = "MatterTypeDef JSON"),
    responses((status = 200, body = Saved), (status = 400), (status = 403), (status = 404)))]
async fn save_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    ApiJson(mut def): ApiJson<MatterTypeDef>,
) -> ApiResult<Json<Saved>> {
    require_designer(&user)?;
    if def.code != code {
        return Err(ApiError::bad_request("事项编码不能修改"));
    }
    if store::draft(&state.db, &code).await?.is_none() {
        return Err(ApiError::not_found());
    }
    def.version = store::newest_version(&state.db, &code).await? + 1;
    let issues = def.validate();
    let mut batch = Batch::new();
    store::add_draft(&mut batch, &draft_of(&state, &user, def));
    batch.commit(&state.db).await?;
    Ok(Json(Saved { issues }))
}

/// The saved draft of `code`, or 404.
async fn saved_draft(state: &AppState, code: &str) -> ApiResult<MatterTypeDef> {
    Ok(store::draft(&state.db, code)
        .await?
        .ok_or_else(ApiError::not_found)?
        .def)
}

/// The full pre-publication check of the saved draft.
#[utoipa::path(post, path = "/api/v1/admin/matter-types/{code}/check", tag = "designer",
    params(("code" = String, Path, description = "matter type code")),
    responses((status = 200, body = Report), (status = 403), (status = 404)))]
async fn check_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Report>> {
    require_designer(&user)?;
    let def = saved_draft(&state, &code).await?;
    Ok(Json(check::check(&state, &def).await?))
}

/// A version just published.
#[derive(Serialize, utoipa::ToSchema)]
struct Published {
    version: u32,
}

/// Publishes the saved draft as the next version, after the full check. Running matters keep
/// their versions; new registrations use this one at once (no build, no restart).
#[utoipa::path(post, path = "/api/v1/admin/matter-types/{code}/publish", tag = "designer",
    params(("code" = String, Path, description = "matter type code")),
    responses((status = 200, body = Published), (status = 403), (status = 404),
        (status = 409, description = "published concurrently"),
        (status = 422, description = "definition_invalid, with every issue")))]
async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Published>> {
    require_designer(&user)?;
    let mut def = saved_draft(&state, &code).await?;
    def.version = store::newest_version(&state.db, &code).await? + 1;
    let report = check::check(&state, &def).await?;
    if !report.issues.is_empty() {
        return Err(ApiError::invalid_definition(report.issues));
    }
    let mut next = def.clone();
    next.version += 1;
    let mut batch = Batch::new();
    store::add_published(&mut batch, &def, state.clock.now_ms(), &user.username);
    store::add_draft(&mut batch, &draft_of(&state, &user, next));
    batch.commit(&state.db).await?;
    tracing::info!(code = %code, version = def.version, by = %user.username, "matter type published");
    Ok(Json(Published {
        version: def.version,
    }))
}

/// Retires a version: no new registrations or submissions on it; running matters finish.
#[utoipa::path(post, path = "/api/v1/admin/matter-types/{code}/versions/{version}/retire", tag = "designer",
    params(("code" = String, Path, description = "matter type code"), ("version" = u32, Path, description = "version")),
    responses((status = 200, body = VersionInfo), (status = 403), (status = 404), (status = 409, description = "already retired")))]
async fn retire(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((code, version)): Path<(String, u32)>,
) -> ApiResult<Json<VersionInfo>> {
    require_designer(&user)?;
    if store::version_status(&state.db, &code, version)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found());
    }
    let mut batch = Batch::new();
    store::add_retired(&mut batch, &code, version);
    batch
        .commit(&state.db)
        .await
        .map_err(|_| ApiError::conflict(format!("第{version}版已停用")))?;
    let info = store::versions(&state.db, &code)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(info))
}

/// Which version to export.
#[derive(Deserialize, utoipa::IntoParams)]
struct BpmnQuery {
    /// A published version; absent = the draft.
    version: Option<u32>,
}

/// The flow as BPMN 2.0 XML with its diagram layout, for other tools.
#[utoipa::path(get, path = "/api/v1/admin/matter-types/{code}/bpmn", tag = "designer",
    params(("code" = String, Path, description = "matter type code"), BpmnQuery),
    responses((status = 200, content_type = "application/xml"), (status = 403), (status = 404)))]
async fn export_bpmn(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    axum::extract::Query(query): axum::extract::Query<BpmnQuery>,
) -> ApiResult<impl axum::response::IntoResponse> {
    require_designer(&user)?;
    let def = match query.version {
        Some(v) => store::version(&state.db, &code, v)
            .await?
            .ok_or_else(ApiError::not_found)?,
        None => saved_draft(&state, &code).await?,
    };
    let xml = lianban_definition::bpmn::to_bpmn(&def.code, &def.name, &def.flow);
    let filename = format!(
        "attachment; filename=\"{}-v{}.bpmn\"",
        def.code, def.version
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, filename),
        ],
        xml,
    ))
}

/// What to simulate.
#[derive(Deserialize, utoipa::ToSchema)]
struct SimulateRequest {
    /// The definition as edited (need not be saved).
    #[schema(value_type = Object)]
    def: MatterTypeDef,
    /// Sample form values.
    #[serde(default)]
    #[schema(value_type = Object)]
    values: FormValues,
    /// Who initiates (default: the current user).
    #[serde(default)]
    initiator: Option<String>,
}

/// 流程模拟: the path a matter with these values would take, and who receives each task.
#[utoipa::path(post, path = "/api/v1/admin/simulate", tag = "designer", request_body = SimulateRequest,
    responses((status = 200, body = Simulation), (status = 400), (status = 403)))]
async fn simulate_flow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<SimulateRequest>,
) -> ApiResult<Json<Simulation>> {
    require_designer(&user)?;
    let structural = body.def.validate();
    if !structural.is_empty() {
        return Err(ApiError::invalid_definition(structural));
    }
    let mut def = body.def;
    crate::dict::expand(&state, &mut def.form).await?;
    let initiator = body.initiator.unwrap_or_else(|| user.username.clone());
    Ok(Json(
        simulate::simulate(&state, &def, &body.values, &initiator).await?,
    ))
}

/// A rule source to check as the author types.
#[derive(Deserialize, utoipa::ToSchema)]
struct RuleSource {
    source: String,
}

/// A compile error with its position.
#[derive(Serialize, utoipa::ToSchema)]
struct RuleError {
    /// Stable code, e.g. `script_syntax`.
    code: String,
    /// 1-based line, when known.
    line: Option<usize>,
    /// 1-based column, when known.
    column: Option<usize>,
    /// Chinese message with the position.
    message: String,
}

/// Compiles a rule source and returns its errors (empty: it compiles).
#[utoipa::path(post, path = "/api/v1/admin/rules/check", tag = "designer", request_body = RuleSource,
    responses((status = 200, body = Vec<RuleError>), (status = 403)))]
async fn check_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<RuleSource>,
) -> ApiResult<Json<Vec<RuleError>>> {
    require_designer(&user)?;
    let errors = match state.scripts.check(&body.source) {
        Ok(()) => Vec::new(),
        Err(e) => vec![RuleError {
            code: e.kind.code().to_owned(),
            line: e.line,
            column: e.column,
            message: e.message,
        }],
    };
    Ok(Json(errors))
}

/// A rule with its tests, to run.
#[derive(Deserialize, utoipa::ToSchema)]
struct RuleToTest {
    #[schema(value_type = Object)]
    rule: RuleDef,
}

/// Runs a rule's tests (a rule that does not compile fails every test).
#[utoipa::path(post, path = "/api/v1/admin/rules/test", tag = "designer", request_body = RuleToTest,
    responses((status = 200, body = Vec<TestOutcome>), (status = 403)))]
async fn test_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<RuleToTest>,
) -> ApiResult<Json<Vec<TestOutcome>>> {
    require_designer(&user)?;
    let rule = body.rule;
    Ok(Json(
        rule.tests
            .iter()
            .map(|t| check::run_test(&state.scripts, &rule, t))
            .collect(),
    ))
}

/// Sample values and the validation rules to run on them (the form designer's 预览).
#[derive(Deserialize, utoipa::ToSchema)]
struct RulesOnValues {
    #[schema(value_type = Vec<Object>)]
    rules: Vec<RuleDef>,
    #[serde(default)]
    #[schema(value_type = Object)]
    values: FormValues,
}

/// Runs the validation rules on values already checked declaratively in the browser; returns
/// the issues they report (a rule that fails to run is reported on `rules.<name>`).
#[utoipa::path(post, path = "/api/v1/admin/rules/validate", tag = "designer", request_body = RulesOnValues,
    responses((status = 200, description = "issues (empty: passed)"), (status = 403)))]
async fn validate_with_rules(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<RulesOnValues>,
) -> ApiResult<Json<Vec<Issue>>> {
    require_designer(&user)?;
    let mut issues = Vec::new();
    for rule in body.rules.iter().filter(|r| r.kind == RuleKind::Validation) {
        match state.scripts.validate(rule, &body.values) {
            Ok(found) => issues.extend(found),
            Err(e) => issues.push(Issue::new(
                format!("rules.{}", rule.name),
                e.kind.code(),
                format!("规则「{}」{}", rule.name, e.message),
            )),
        }
    }
    Ok(Json(issues))
}

/// A domain function script authors may call.
#[derive(Serialize, utoipa::ToSchema)]
struct FunctionInfo {
    name: &'static str,
    signature: &'static str,
    description: &'static str,
    example: &'static str,
}

/// The domain functions with their documentation, for the rule editor.
#[utoipa::path(get, path = "/api/v1/admin/rules/functions", tag = "designer",
    responses((status = 200, body = Vec<FunctionInfo>)))]
async fn functions(user: CurrentUser) -> ApiResult<Json<Vec<FunctionInfo>>> {
    require_designer(&user)?;
    Ok(Json(
        ScriptEngine::functions()
            .into_iter()
            .map(|f| FunctionInfo {
                name: f.name,
                signature: f.signature,
                description: f.description,
                example: f.example,
            })
            .collect(),
    ))
}
