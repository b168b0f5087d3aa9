//! The [`CurrentUser`] extractor: resolves the session cookie to a user, enforcing the idle
//! timeout. Handlers that take it answer 401 `unauthenticated` without a valid session.

use super::SESSION_COOKIE;
use crate::AppState;
use crate::error::ApiError;
use crate::org::store as org;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use lianban_definition::{PostCode, UnitCode, UserName};
use lianban_runtime::Actor;

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Home unit code.
    pub unit: String,
    /// Roles (`admin`, `designer`, `clerk`, `supervisor`).
    pub roles: Vec<String>,
    /// Posts held: (unit, post, post name).
    pub posts: Vec<(String, String, String)>,
    /// The session token (for logout).
    pub(super) token: String,
}

impl CurrentUser {
    /// Whether the user is an administrator.
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }

    /// Whether the user may design and publish matter types (业务管理员 or administrator).
    pub fn may_design(&self) -> bool {
        self.roles.iter().any(|r| r == "admin" || r == "designer")
    }

    /// The units the user belongs to: the home unit and every unit of a held post.
    pub fn units(&self) -> Vec<String> {
        let mut units = vec![self.unit.clone()];
        for (unit, _, _) in &self.posts {
            if !units.contains(unit) {
                units.push(unit.clone());
            }
        }
        units
    }

    /// The user as the runtime sees it.
    pub fn actor(&self) -> Actor {
        Actor {
            user: UserName::new(&self.username),
            posts: self
                .posts
                .iter()
                .map(|(u, p, _)| (UnitCode::new(u), PostCode::new(p)))
                .collect(),
            admin: self.is_admin(),
        }
    }

    /// Work-list owner keys of this user: `user:<name>` and one `pool:<unit>:<post>` per post.
    pub fn owner_keys(&self) -> Vec<String> {
        let mut keys = vec![format!("user:{}", self.username)];
        keys.extend(self.posts.iter().map(|(u, p, _)| format!("pool:{u}:{p}")));
        keys
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(ApiError::unauthenticated)?;
        let session = super::store::find(&state.db, &token)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        let now = state.clock.now_ms();
        let idle_ms = state.config.session_idle_minutes * 60_000;
        if now - session.last_seen_ms > idle_ms {
            super::store::delete(&state.db, &token).await?;
            return Err(ApiError::unauthenticated());
        }
        // Write the last-seen time at most once a minute, not on every request.
        if now - session.last_seen_ms > 60_000 {
            super::store::touch(&state.db, &token, now).await?;
        }
        let user = org::user(&state.db, &session.username)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        let posts = org::holdings(&state.db, &user.username)
            .await?
            .into_iter()
            .map(|h| (h.unit, h.post, h.post_name))
            .collect();
        Ok(CurrentUser {
            username: user.username,
            display_name: user.display_name,
            unit: user.unit,
            roles: user.roles,
            posts,
            token,
        })
    }
}
