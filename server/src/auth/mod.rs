//! Authentication: password login (Argon2id), server-side sessions in a cookie, lockout after
//! repeated failures, idle timeout, logout, and the [`CurrentUser`] extractor every protected
//! handler takes. Owns the `session` table. CSRF protection is the `tower-http` layer in
//! [`crate::app`] (Sec-Fetch-Site / Origin checks), plus SameSite=Strict cookies.

mod extract;
mod password;
mod routes;
mod store;

pub use extract::CurrentUser;
pub use password::hash_password;
pub use routes::router;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "lianban_session";
/// Failed logins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a locked account stays locked, in minutes.
pub const LOCK_MINUTES: i64 = 30;
