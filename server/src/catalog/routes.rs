//! `GET /api/v1/matter-types`, `GET /api/v1/matter-types/{code}`.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult};
use axum::Json;
use axum::extract::{Path, State};
use lianban_definition::limit::LimitUnit;
use lianban_definition::matter_type::MatterTypeDef;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The catalog routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_types))
        .routes(routes!(get_type))
}

/// A catalog entry.
#[derive(Serialize, utoipa::ToSchema)]
struct TypeSummary {
    code: String,
    name: String,
    category: String,
    version: u32,
    time_limit_days: Option<u32>,
    /// The unit of the time limit: `working_days`, `working_hours` or `natural_days`.
    #[schema(value_type = String)]
    time_limit_unit: LimitUnit,
    /// Whether the current user's unit may initiate it.
    can_initiate: bool,
}

/// Whether `user` may initiate matters of `def`.
pub fn may_initiate(def: &MatterTypeDef, user: &CurrentUser) -> bool {
    def.initiator_units.is_empty()
        || user
            .units()
            .iter()
            .any(|u| def.initiator_units.iter().any(|i| i.as_str() == u))
}

/// Published matter types, those the user may initiate first.
#[utoipa::path(get, path = "/api/v1/matter-types", tag = "catalog",
    responses((status = 200, body = Vec<TypeSummary>)))]
async fn list_types(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<TypeSummary>>> {
    let mut list: Vec<TypeSummary> = super::store::latest_published(&state.db)
        .await?
        .into_iter()
        .map(|d| TypeSummary {
            can_initiate: may_initiate(&d, &user),
            code: d.code,
            name: d.name,
            category: d.category,
            version: d.version,
            time_limit_days: d.time_limit_days,
            time_limit_unit: d.time_limit_unit,
        })
        .collect();
    list.sort_by_key(|t| !t.can_initiate);
    Ok(Json(list))
}

/// The newest published version of a matter type, with its form (dictionary-backed fields
/// carrying their dictionary's items as options) and flow.
#[utoipa::path(get, path = "/api/v1/matter-types/{code}", tag = "catalog",
    params(("code" = String, Path, description = "matter type code")),
    responses((status = 200, description = "the definition (MatterTypeDef JSON)"), (status = 404)))]
async fn get_type(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(code): Path<String>,
) -> ApiResult<Json<MatterTypeDef>> {
    let mut def = super::store::latest(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    crate::dict::expand(&state, &mut def.form).await?;
    Ok(Json(def))
}
