//! The one error type of this crate: what went wrong with a script, where, and how to say it.
//!
//! [`ScriptError`] carries a stable [`ScriptErrorKind`] (with a code for API callers), the
//! 1-based line and column in the rule's source when Rhai knows them, a Chinese `message` for
//! script authors and users, and Rhai's own English text in `detail` for logs. It never contains
//! form values beyond what the script itself chose to put in a `throw`.

use serde::{Deserialize, Serialize};

/// Result of this crate's operations.
pub type Result<T, E = ScriptError> = std::result::Result<T, E>;

/// Why a script failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptErrorKind {
    /// The source does not compile (includes unknown variables and forbidden symbols such as
    /// `eval`).
    Syntax,
    /// The script failed while running: a `throw`, a type mismatch, an unknown function, a
    /// division by zero …
    Runtime,
    /// The script used more operations than [`Limits::max_operations`](crate::Limits).
    TooManyOperations,
    /// The script ran longer than [`Limits::time_budget`](crate::Limits).
    Timeout,
    /// A string, array, map, literal, variable count or function count exceeded its limit.
    TooLarge,
    /// Function calls or expressions were nested deeper than allowed.
    TooDeep,
    /// The script returned a value its rule kind does not accept.
    BadReturn,
    /// A validation rule was run as a routing rule, or the other way round.
    WrongKind,
}

impl ScriptErrorKind {
    /// Every kind, in declaration order (for code tables and tests).
    pub const ALL: [Self; 8] = [
        Self::Syntax,
        Self::Runtime,
        Self::TooManyOperations,
        Self::Timeout,
        Self::TooLarge,
        Self::TooDeep,
        Self::BadReturn,
        Self::WrongKind,
    ];

    /// Stable machine-readable code, e.g. `script_syntax`, `script_timeout`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Syntax => "script_syntax",
            Self::Runtime => "script_runtime",
            Self::TooManyOperations => "script_too_many_operations",
            Self::Timeout => "script_timeout",
            Self::TooLarge => "script_too_large",
            Self::TooDeep => "script_too_deep",
            Self::BadReturn => "script_bad_return",
            Self::WrongKind => "script_wrong_kind",
        }
    }
}

/// A failed compilation or evaluation of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("[{}] {message}", .kind.code())]
pub struct ScriptError {
    /// What kind of failure this is.
    pub kind: ScriptErrorKind,
    /// 1-based line in the rule's source, if known.
    pub line: Option<usize>,
    /// 1-based column in the rule's source, if known.
    pub column: Option<usize>,
    /// Chinese message for script authors and users, with the position when known.
    pub message: String,
    /// Rhai's own (English) description, for logs; empty for errors raised by this crate.
    pub detail: String,
}

impl ScriptError {
    /// An error without a source position.
    pub(crate) fn new(kind: ScriptErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            line: None,
            column: None,
            message: message.into(),
            detail: String::new(),
        }
    }

    /// An error at a position given as Rhai's optional 1-based line and column.
    pub(crate) fn at(
        kind: ScriptErrorKind,
        position: rhai::Position,
        message: &str,
        detail: String,
    ) -> Self {
        let (line, column) = (position.line(), position.position());
        let message = match (line, column) {
            (Some(l), Some(c)) => format!("脚本第{l}行第{c}列{message}"),
            (Some(l), None) => format!("脚本第{l}行{message}"),
            _ => format!("脚本{message}"),
        };
        Self {
            kind,
            line,
            column,
            message,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_prefixed() {
        let codes: HashSet<_> = ScriptErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), ScriptErrorKind::ALL.len());
        assert!(codes.iter().all(|c| c.starts_with("script_")));
    }

    #[test]
    fn kind_serializes_as_snake_case() {
        let json = serde_json::to_string(&ScriptErrorKind::TooManyOperations).unwrap();
        assert_eq!(json, "\"too_many_operations\"");
    }

    #[test]
    fn position_is_spelled_out_in_the_message() {
        let err = ScriptError::at(
            ScriptErrorKind::Syntax,
            rhai::Position::new(3, 5),
            "语法错误：缺少分号",
            "detail".into(),
        );
        assert_eq!(err.message, "脚本第3行第5列语法错误：缺少分号");
        assert_eq!((err.line, err.column), (Some(3), Some(5)));
        assert_eq!(
            err.to_string(),
            "[script_syntax] 脚本第3行第5列语法错误：缺少分号"
        );
    }

    #[test]
    fn unknown_position_is_left_out() {
        let err = ScriptError::at(
            ScriptErrorKind::Runtime,
            rhai::Position::NONE,
            "运行出错：x",
            String::new(),
        );
        assert_eq!(err.message, "脚本运行出错：x");
        assert_eq!(err.line, None);
    }
}
