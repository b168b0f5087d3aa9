//! The matter catalog (事项目录). Owns the `matter_type` table (immutable published versions,
//! status `published` or `retired`) and `matter_type_draft` (one editable draft per type).
//! Initiators browse published types ([`routes`]); designers draft, check, simulate, publish and
//! retire them ([`admin`]). Publishing freezes a version; running matters keep the version they
//! started on.

mod admin;
mod check;
mod routes;
mod rules;
mod simulate;
pub mod store;

pub use routes::may_initiate;
pub use rules::TypeRules;

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The catalog routes: browsing for everyone, designing for designers.
pub fn router() -> OpenApiRouter<AppState> {
    routes::router().merge(admin::router())
}
