//! Serves the built web app (`designer/dist`): static files, and `index.html` for every other
//! path so that the app's own routes (`/todo`, `/matters/…`) load on refresh.

use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The static-file service with the single-page-app fallback.
pub fn service(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))
}
