//! What a rule's return value means.
//!
//! A validation rule returns `()` or `true` (no issues), `false` (one generic issue), a string
//! (one issue with that message), a map `#{field: "…", message: "…"}` (one issue at that field)
//! or an array of strings and maps (one issue each). A routing rule returns a bool. Anything
//! else is a [`ScriptErrorKind::BadReturn`] that names the rule and what it returned, so the
//! author sees the mistake instead of a silently passing check.

use crate::error::{ScriptError, ScriptErrorKind};
use lianban_definition::Issue;
use rhai::{Dynamic, Map};

/// The issue code of every issue produced by a script rule.
pub const RULE_ISSUE_CODE: &str = "rule";

/// Issues described by a validation rule's return value.
pub(crate) fn validation_issues(rule: &str, value: Dynamic) -> Result<Vec<Issue>, ScriptError> {
    if value.is_unit() {
        return Ok(Vec::new());
    }
    if let Ok(passed) = value.as_bool() {
        return Ok(if passed {
            Vec::new()
        } else {
            vec![Issue::new("", RULE_ISSUE_CODE, generic_message(rule))]
        });
    }
    if value.is_array() {
        let items = value.into_array().unwrap_or_default();
        return items
            .into_iter()
            .map(|item| one_issue(rule, item))
            .collect();
    }
    one_issue(rule, value).map(|issue| vec![issue])
}

/// A routing rule's decision.
pub(crate) fn routing_decision(rule: &str, value: &Dynamic) -> Result<bool, ScriptError> {
    value.as_bool().map_err(|ty| {
        bad_return(format!(
            "路由规则「{rule}」应返回 true 或 false，实际返回了 {}",
            describe(ty)
        ))
    })
}

/// One issue from a string or a `#{field, message}` map.
fn one_issue(rule: &str, value: Dynamic) -> Result<Issue, ScriptError> {
    if let Ok(message) = value.as_immutable_string_ref() {
        return Ok(Issue::new(
            "",
            RULE_ISSUE_CODE,
            message_or_generic(rule, &message),
        ));
    }
    match value.as_map_ref() {
        Ok(map) => issue_from_map(rule, &map),
        Err(ty) => Err(bad_return(format!(
            "校验规则「{rule}」应返回 ()、true/false、字符串、#{{field, message}} 或它们的数组，实际返回了 {}",
            describe(ty)
        ))),
    }
}

/// One issue from `#{field: "…", message: "…"}`; `field` may be missing or `()` (whole form),
/// any other key is refused so that typos such as `msg` do not go unnoticed.
fn issue_from_map(rule: &str, map: &Map) -> Result<Issue, ScriptError> {
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "field" | "message"))
    {
        return Err(bad_return(format!(
            "校验规则「{rule}」返回的对象映射只能包含 field 和 message，发现了「{key}」"
        )));
    }
    let text = |key: &str| -> Result<String, ScriptError> {
        match map.get(key) {
            None => Ok(String::new()),
            Some(v) if v.is_unit() => Ok(String::new()),
            Some(v) => v
                .as_immutable_string_ref()
                .map(|s| s.to_string())
                .map_err(|ty| {
                    bad_return(format!(
                        "校验规则「{rule}」返回的 {key} 应为字符串，实际为 {}",
                        describe(ty)
                    ))
                }),
        }
    };
    let field = text("field")?;
    let message = text("message")?;
    Ok(Issue::new(
        field,
        RULE_ISSUE_CODE,
        message_or_generic(rule, &message),
    ))
}

/// `message`, or the generic message when it is blank.
fn message_or_generic(rule: &str, message: &str) -> String {
    if message.trim().is_empty() {
        generic_message(rule)
    } else {
        message.to_owned()
    }
}

/// The message of a rule that returned `false` (or a blank message).
fn generic_message(rule: &str) -> String {
    format!("校验规则「{rule}」未通过")
}

/// A `BadReturn` error.
fn bad_return(message: String) -> ScriptError {
    ScriptError::new(ScriptErrorKind::BadReturn, message)
}

/// Rhai's type name in script authors' words.
fn describe(type_name: &str) -> String {
    let friendly = match type_name {
        "()" => "()（空值）",
        "bool" => "布尔值",
        "i64" | "i32" => "整数",
        "f64" | "f32" => "小数",
        "char" => "字符",
        "string" => "字符串",
        "array" => "数组",
        "map" => "对象映射",
        "Fn" => "函数指针",
        other => other,
    };
    friendly.to_owned()
}
