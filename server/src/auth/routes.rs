//! `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`, `GET /api/v1/auth/me`.

use super::{CurrentUser, LOCK_MINUTES, MAX_FAILED_LOGINS, SESSION_COOKIE};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::org::store as org;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The auth routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// Login form.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A unit reference.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitRef {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A post held.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PostHeld {
    unit: String,
    unit_name: String,
    post: String,
    post_name: String,
}

/// The logged-in user.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    username: String,
    display_name: String,
    unit: UnitRef,
    posts: Vec<PostHeld>,
    roles: Vec<String>,
}

/// A well-formed PHC string that no password matches, so unknown users cost the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Pq4mnK4Zj5bB+5YlJ3g0Vh3kVbGq3yQ2hV6x3VqH1I";

/// Logs in; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, description = "bad_credentials"),
              (status = 423, description = "account_locked")))]
async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<(CookieJar, Json<Me>)> {
    let now = state.clock.now_ms();
    let username = req.username.trim();
    let bad = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "用户名或密码错误",
        )
    };
    let Some(user) = org::user(&state.db, username).await? else {
        let _ = super::password::verify_password(&req.password, DUMMY_HASH);
        return Err(bad());
    };
    if user.locked_until_ms > now {
        return Err(locked(user.locked_until_ms));
    }
    let password = req.password.clone();
    let hash = user.password_hash.clone();
    let ok =
        tokio::task::spawn_blocking(move || super::password::verify_password(&password, &hash))
            .await
            .map_err(ApiError::internal)?;
    if !ok {
        let until = now + LOCK_MINUTES * 60_000;
        org::record_failed_login(&state.db, username, MAX_FAILED_LOGINS, until).await?;
        let failures = user.failed_logins + 1;
        if failures >= MAX_FAILED_LOGINS {
            return Err(locked(until));
        }
        let left = MAX_FAILED_LOGINS - failures;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            format!("用户名或密码错误，再失败{left}次账号将锁定{LOCK_MINUTES}分钟"),
        ));
    }
    org::record_successful_login(&state.db, username).await?;
    let token = super::store::new_token();
    super::store::create(&state.db, &token, username, now).await?;
    let cookie = Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.cookie_secure)
        .build();
    let me = build_me(
        &state,
        &user.username,
        &user.display_name,
        &user.unit,
        user.roles.clone(),
    )
    .await?;
    Ok((jar.add(cookie), Json(me)))
}

fn locked(until_ms: i64) -> ApiError {
    let until = jiff::Timestamp::from_millisecond(until_ms)
        .map(|t| {
            t.to_zoned_datetime(crate::tz())
                .strftime("%H:%M")
                .to_string()
        })
        .unwrap_or_default();
    ApiError::new(
        StatusCode::LOCKED,
        "account_locked",
        format!("连续{MAX_FAILED_LOGINS}次密码错误，账号已锁定，请于{until}后再试"),
    )
}

/// Logs out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    user: CurrentUser,
) -> ApiResult<(CookieJar, StatusCode)> {
    super::store::delete(&state.db, &user.token).await?;
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        StatusCode::NO_CONTENT,
    ))
}

/// The current user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, description = "unauthenticated")))]
async fn me(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Me>> {
    Ok(Json(
        build_me(
            &state,
            &user.username,
            &user.display_name,
            &user.unit,
            user.roles.clone(),
        )
        .await?,
    ))
}

async fn build_me(
    state: &AppState,
    username: &str,
    display_name: &str,
    unit: &str,
    roles: Vec<String>,
) -> ApiResult<Me> {
    let holdings = org::holdings(&state.db, username).await?;
    let mut codes: Vec<String> = holdings.iter().map(|h| h.unit.clone()).collect();
    codes.push(unit.to_owned());
    let names = org::unit_names(&state.db, &codes).await?;
    let name_of = |code: &str| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| code.to_owned())
    };
    Ok(Me {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        unit: UnitRef {
            code: unit.to_owned(),
            name: name_of(unit),
        },
        posts: holdings
            .into_iter()
            .map(|h| PostHeld {
                unit_name: name_of(&h.unit),
                unit: h.unit,
                post: h.post,
                post_name: h.post_name,
            })
            .collect(),
        roles,
    })
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::phc::PasswordHash;

    #[test]
    fn the_dummy_hash_parses_so_unknown_users_cost_a_real_verification() {
        assert!(PasswordHash::new(super::DUMMY_HASH).is_ok());
        assert!(!super::super::password::verify_password(
            "x",
            super::DUMMY_HASH
        ));
    }
}
