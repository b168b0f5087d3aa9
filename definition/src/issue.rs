//! Problems found while validating a definition or a submission.

use serde::{Deserialize, Serialize};

/// One problem, located by a path into the definition (`flow.nodes[2].unit`) or by a field key
/// for submissions. `code` is stable for API callers; `message` is Chinese for users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Where the problem is: a definition path, or the field key of a submission.
    pub path: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`, `bad_checksum`.
    pub code: String,
    /// Human-readable Chinese message.
    pub message: String,
}

impl Issue {
    /// Builds an issue.
    pub fn new(path: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}
