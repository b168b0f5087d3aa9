//! `GET /api/v1/org/units`, `GET /api/v1/org/users`, `GET /api/v1/org/posts`.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The org routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units))
        .routes(routes!(list_users))
        .routes(routes!(list_posts))
}

/// A post (职务/岗位) in a picker.
#[derive(Serialize, utoipa::ToSchema)]
struct PostItem {
    code: String,
    name: String,
}

/// The posts people hold, for the designer's pickers.
#[utoipa::path(get, path = "/api/v1/org/posts", tag = "org",
    responses((status = 200, body = Vec<PostItem>)))]
async fn list_posts(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> ApiResult<Json<Vec<PostItem>>> {
    let posts = super::store::posts(&state.db).await?;
    Ok(Json(
        posts
            .into_iter()
            .map(|(code, name)| PostItem { code, name })
            .collect(),
    ))
}

/// Units and departments.
#[utoipa::path(get, path = "/api/v1/org/units", tag = "org",
    responses((status = 200, body = Vec<super::UnitRow>)))]
async fn list_units(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> ApiResult<Json<Vec<super::UnitRow>>> {
    Ok(Json(super::store::units(&state.db).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct UsersQuery {
    /// Only users of this unit.
    unit: Option<String>,
}

/// A user in a picker.
#[derive(Serialize, utoipa::ToSchema)]
struct UserItem {
    username: String,
    display_name: String,
    unit: String,
}

/// Users, optionally of one unit.
#[utoipa::path(get, path = "/api/v1/org/users", tag = "org", params(UsersQuery),
    responses((status = 200, body = Vec<UserItem>)))]
async fn list_users(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(q): Query<UsersQuery>,
) -> ApiResult<Json<Vec<UserItem>>> {
    let users = super::store::users(&state.db, q.unit.as_deref()).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|(username, display_name, unit)| UserItem {
                username,
                display_name,
                unit,
            })
            .collect(),
    ))
}
