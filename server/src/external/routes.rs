//! `GET/POST /api/v1/admin/external-systems`, `GET/PUT /api/v1/admin/external-systems/{id}` and
//! `POST /api/v1/admin/external-systems/{id}/secret` (rotation, the previous secret kept for an
//! overlap) and `DELETE /api/v1/admin/external-systems/{id}/previous-secret` (ending the overlap
//! now): administrators only.

use super::dto::{self, Issued, NewSystem, Rotation, Stored, System, SystemChange};
use super::{endpoint, store};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::Batch;
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, OptJson};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lianban_definition::Issue;
use lianban_sdk::sign::{Algorithm, new_secret};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The registry routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_systems, create_system))
        .routes(routes!(get_system, update_system))
        .routes(routes!(rotate_secret))
        .routes(routes!(revoke_previous_secret))
}

fn require_admin(user: &CurrentUser) -> ApiResult<()> {
    if user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden("仅系统管理员可以管理对接系统"))
    }
}

async fn view(state: &AppState, s: Stored) -> ApiResult<System> {
    let names = crate::org::store::unit_names(&state.db, std::slice::from_ref(&s.unit)).await?;
    let unit_name = names.into_iter().next().map(|(_, n)| n).unwrap_or_default();
    Ok(System::from_stored(s, unit_name, state.clock.now_ms()))
}

/// Every registered system (secrets never included).
#[utoipa::path(get, path = "/api/v1/admin/external-systems", tag = "external",
    responses((status = 200, body = Vec<System>), (status = 401), (status = 403)))]
async fn list_systems(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<System>>> {
    require_admin(&user)?;
    let rows = store::list(&state.db).await?;
    let units: Vec<String> = rows.iter().map(|s| s.unit.clone()).collect();
    let names = crate::org::store::unit_names(&state.db, &units).await?;
    let now = state.clock.now_ms();
    Ok(Json(
        rows.into_iter()
            .map(|s| {
                let name = names
                    .iter()
                    .find(|(c, _)| *c == s.unit)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                System::from_stored(s, name, now)
            })
            .collect(),
    ))
}

/// Checks a body against the world: the unit and types exist, the endpoint is allowed.
async fn check_world(
    state: &AppState,
    unit: &str,
    endpoint_url: &str,
    types: &[String],
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    dto::check_endpoint_len(endpoint_url, issues);
    if issues.iter().all(|i| i.path != "endpoint")
        && let Err(e) = endpoint::check(endpoint_url, &state.config.open_allow)
    {
        issues.push(Issue::new("endpoint", e.code(), e.to_string()));
    }
    if crate::org::store::unit_names(&state.db, &[unit.to_owned()])
        .await?
        .is_empty()
    {
        issues.push(Issue::new(
            "unit",
            "unknown_unit",
            format!("单位「{unit}」不存在"),
        ));
    }
    for (i, code) in types.iter().enumerate() {
        let known = crate::catalog::store::newest_version(&state.db, code).await? > 0
            || crate::catalog::store::draft(&state.db, code)
                .await?
                .is_some();
        if !known {
            issues.push(Issue::new(
                format!("matter_types[{i}]"),
                "unknown_matter_type",
                format!("事项类型「{code}」不存在"),
            ));
        }
    }
    Ok(())
}

/// 409 `external_overlap` when another enabled system of the unit covers one of the types.
async fn check_overlap(state: &AppState, candidate: &Stored) -> ApiResult<()> {
    if !candidate.enabled {
        return Ok(());
    }
    let others = store::enabled_of_unit(&state.db, &candidate.unit).await?;
    for other in others.iter().filter(|o| o.id != candidate.id) {
        let overlap = match (
            other.matter_types.is_empty(),
            candidate.matter_types.is_empty(),
        ) {
            (true, true) => true,
            (false, false) => other
                .matter_types
                .iter()
                .any(|t| candidate.matter_types.contains(t)),
            _ => false,
        };
        if overlap {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "external_overlap",
                format!(
                    "本单位已启用的对接系统「{}」已承接相同的事项类型，请调整事项类型或先停用它",
                    other.name
                ),
            ));
        }
    }
    Ok(())
}

fn tidy_types(types: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in types.into_iter().map(|t| t.trim().to_owned()) {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn tidy_key(key: Option<String>) -> Option<String> {
    key.map(|k| k.trim().to_ascii_lowercase())
        .filter(|k| !k.is_empty())
}

/// Registers a system; answers its secret once.
#[utoipa::path(post, path = "/api/v1/admin/external-systems", tag = "external",
    request_body = NewSystem,
    responses((status = 201, body = Issued), (status = 400, description = "validation_failed"),
        (status = 403), (status = 409, description = "external_overlap")))]
async fn create_system(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewSystem>,
) -> ApiResult<(StatusCode, Json<Issued>)> {
    require_admin(&user)?;
    let algorithm = body
        .algorithm
        .clone()
        .unwrap_or_else(|| Algorithm::HmacSha256.name().to_owned());
    let types = tidy_types(body.matter_types);
    let mut issues = Vec::new();
    dto::check_body(
        &body.name,
        &algorithm,
        body.sm2_public_key.as_deref(),
        &types,
        &mut issues,
    );
    check_world(&state, &body.unit, &body.endpoint, &types, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let now = state.clock.now_ms();
    let id = format!("es_{}", uuid::Uuid::now_v7().simple());
    let secret = new_secret();
    let system = Stored {
        secret_sealed: state.secrets.seal(&id, &secret),
        previous_secret_sealed: None,
        previous_expires_ms: None,
        app_key: format!("lb_{}", &uuid::Uuid::new_v4().simple().to_string()[..20]),
        id,
        unit: body.unit,
        name: body.name.trim().to_owned(),
        endpoint: body.endpoint.trim().to_owned(),
        algorithm: Algorithm::parse(&algorithm)
            .unwrap_or_default()
            .name()
            .to_owned(),
        sm2_public_key: tidy_key(body.sm2_public_key),
        matter_types: types,
        enabled: body.enabled,
        disabled_reason: None,
        revision: 1,
        created_ms: now,
        updated_ms: now,
        updated_by: user.username.clone(),
    };
    check_overlap(&state, &system).await?;
    let mut batch = Batch::new();
    store::add_new(&mut batch, &system);
    batch.commit(&state.db).await?;
    tracing::info!(system = %system.id, unit = %system.unit, by = %user.username, "external system registered");
    let system = view(&state, system).await?;
    Ok((StatusCode::CREATED, Json(Issued { system, secret })))
}

/// Stores a changed `system` (its revision bumped; 409 `conflict` when another change came first).
async fn save(state: &AppState, system: &Stored) -> ApiResult<()> {
    let mut batch = Batch::new();
    store::add_update(&mut batch, system);
    batch.commit(&state.db).await?;
    Ok(())
}

async fn load(state: &AppState, id: &str) -> ApiResult<Stored> {
    store::get(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One system.
#[utoipa::path(get, path = "/api/v1/admin/external-systems/{id}", tag = "external",
    params(("id" = String, Path)),
    responses((status = 200, body = System), (status = 403), (status = 404)))]
async fn get_system(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<System>> {
    require_admin(&user)?;
    let s = load(&state, &id).await?;
    Ok(Json(view(&state, s).await?))
}

/// Changes a system (not its unit or credentials).
#[utoipa::path(put, path = "/api/v1/admin/external-systems/{id}", tag = "external",
    params(("id" = String, Path)), request_body = SystemChange,
    responses((status = 200, body = System), (status = 400, description = "validation_failed"),
        (status = 403), (status = 404), (status = 409, description = "external_overlap or conflict")))]
async fn update_system(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SystemChange>,
) -> ApiResult<Json<System>> {
    require_admin(&user)?;
    let old = load(&state, &id).await?;
    if body.revision != old.revision {
        return Err(ApiError::conflict("对接系统已被他人修改，请刷新后重试"));
    }
    let types = tidy_types(body.matter_types);
    let mut issues = Vec::new();
    dto::check_body(
        &body.name,
        &body.algorithm,
        body.sm2_public_key.as_deref(),
        &types,
        &mut issues,
    );
    check_world(&state, &old.unit, &body.endpoint, &types, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let system = Stored {
        name: body.name.trim().to_owned(),
        endpoint: body.endpoint.trim().to_owned(),
        algorithm: Algorithm::parse(&body.algorithm)
            .unwrap_or_default()
            .name()
            .to_owned(),
        sm2_public_key: tidy_key(body.sm2_public_key),
        matter_types: types,
        disabled_reason: if body.enabled {
            None
        } else {
            old.disabled_reason.clone()
        },
        enabled: body.enabled,
        revision: old.revision + 1,
        updated_ms: state.clock.now_ms(),
        updated_by: user.username.clone(),
        ..old
    };
    check_overlap(&state, &system).await?;
    save(&state, &system).await?;
    Ok(Json(view(&state, system).await?))
}

/// Issues a new secret; the previous one stays valid for `overlap_hours` (default 24, 0 ends it
/// at once; a secret from an earlier rotation ends now). Answers the new secret once.
#[utoipa::path(post, path = "/api/v1/admin/external-systems/{id}/secret", tag = "external",
    params(("id" = String, Path)), request_body(content = Rotation, description = "optional"),
    responses((status = 200, body = Issued),
        (status = 400, description = "validation_failed (bad_overlap), bad_request"),
        (status = 403), (status = 404), (status = 409, description = "conflict")))]
async fn rotate_secret(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    OptJson(body): OptJson<Rotation>,
) -> ApiResult<Json<Issued>> {
    require_admin(&user)?;
    let rotation = body.unwrap_or_default();
    if let Some(issue) = rotation.check() {
        return Err(ApiError::validation(vec![issue]));
    }
    let old = load(&state, &id).await?;
    let now = state.clock.now_ms();
    let overlap_ms = rotation.overlap_hours * 3_600_000;
    let secret = new_secret();
    let system = Stored {
        secret_sealed: state.secrets.seal(&old.id, &secret),
        previous_secret_sealed: (overlap_ms > 0).then(|| old.secret_sealed.clone()),
        previous_expires_ms: (overlap_ms > 0).then_some(now + overlap_ms),
        revision: old.revision + 1,
        updated_ms: now,
        updated_by: user.username.clone(),
        ..old
    };
    save(&state, &system).await?;
    tracing::info!(system = %system.id, by = %user.username, overlap_hours = rotation.overlap_hours,
        "external system secret rotated");
    let system = view(&state, system).await?;
    Ok(Json(Issued { system, secret }))
}

/// Stops accepting the previous secret now (the department switched, or it leaked); 409
/// `no_previous_secret` when none is accepted any more.
#[utoipa::path(delete, path = "/api/v1/admin/external-systems/{id}/previous-secret", tag = "external",
    params(("id" = String, Path)),
    responses((status = 200, body = System), (status = 403), (status = 404),
        (status = 409, description = "no_previous_secret, conflict")))]
async fn revoke_previous_secret(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<System>> {
    require_admin(&user)?;
    let old = load(&state, &id).await?;
    let now = state.clock.now_ms();
    if old.previous_secret(now).is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_previous_secret",
            "该系统没有仍然有效的旧密钥",
        ));
    }
    let system = Stored {
        previous_secret_sealed: None,
        previous_expires_ms: None,
        revision: old.revision + 1,
        updated_ms: now,
        updated_by: user.username.clone(),
        ..old
    };
    save(&state, &system).await?;
    tracing::info!(system = %system.id, by = %user.username, "previous secret revoked");
    Ok(Json(view(&state, system).await?))
}
