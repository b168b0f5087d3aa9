//! Turns Rhai's compile and run-time errors into [`ScriptError`]s with Chinese messages.
//!
//! The kind decides how callers react (a syntax error is the author's to fix; a timeout may be
//! the data's fault), so the mapping from Rhai's variants is the contract here. Messages name the
//! limit that was hit with the value in force, so an author knows how far over they went.

use crate::error::{ScriptError, ScriptErrorKind};
use crate::limits::Limits;
use rhai::{EvalAltResult, LexError, ParseError, ParseErrorType};

/// Maps a compilation error.
pub(crate) fn parse_error(err: &ParseError, limits: &Limits) -> ScriptError {
    let (kind, text) = describe_parse(err.err_type(), limits);
    ScriptError::at(kind, err.position(), &text, err.to_string())
}

/// Chinese description (without position) and kind of a compilation error.
fn describe_parse(err: &ParseErrorType, limits: &Limits) -> (ScriptErrorKind, String) {
    use ParseErrorType as P;
    let syntax = |what: String| (ScriptErrorKind::Syntax, format!("语法错误：{what}"));
    match err {
        P::ExprTooDeep => (
            ScriptErrorKind::TooDeep,
            format!("表达式嵌套过深（超过{}层）", limits.max_expr_depth),
        ),
        P::LiteralTooLarge(what, max) => (
            ScriptErrorKind::TooLarge,
            format!("字面量过大（{what}，上限{max}）"),
        ),
        P::TooManyFunctions => (
            ScriptErrorKind::TooLarge,
            format!("定义的函数过多（上限{}个）", limits.max_functions),
        ),
        P::VariableUndefined(name) => syntax(format!("未定义的变量「{name}」")),
        P::Reserved(name) => syntax(format!("「{name}」是保留字或被禁用的功能，不能使用")),
        P::UnexpectedEOF => syntax("脚本不完整，可能缺少右括号或右花括号".into()),
        P::MissingToken(token, _) => syntax(format!("缺少「{token}」")),
        P::AssignmentToConstant(name) => syntax(format!("不能给常量「{name}」赋值")),
        P::DuplicatedProperty(name) => syntax(format!("对象映射中属性「{name}」重复")),
        P::DuplicatedVariable(name) => syntax(format!("变量「{name}」重复")),
        P::BadInput(LexError::UnterminatedString) => syntax("字符串缺少结束引号".into()),
        P::BadInput(LexError::UnexpectedInput(s)) => syntax(format!("无法识别的「{s}」")),
        P::BadInput(LexError::StringTooLong(max)) => (
            ScriptErrorKind::TooLarge,
            format!("字符串字面量过长（上限{max}字节）"),
        ),
        other => syntax(other.to_string()),
    }
}

/// Maps an evaluation error. Errors raised inside script functions are unwrapped to the
/// innermost cause, keeping the innermost known position (it points into the same source).
pub(crate) fn eval_error(err: &EvalAltResult, limits: &Limits) -> ScriptError {
    let mut inner = err;
    let mut position = err.position();
    while let EvalAltResult::ErrorInFunctionCall(_, _, cause, _) = inner {
        inner = cause;
        if !inner.position().is_none() {
            position = inner.position();
        }
    }
    let (kind, text) = describe_eval(inner, limits);
    ScriptError::at(kind, position, &text, err.to_string())
}

/// Chinese description (without position) and kind of an evaluation error.
fn describe_eval(err: &EvalAltResult, limits: &Limits) -> (ScriptErrorKind, String) {
    use EvalAltResult as E;
    let runtime = |what: String| (ScriptErrorKind::Runtime, format!("运行出错：{what}"));
    match err {
        E::ErrorParsing(parse, _) => describe_parse(parse, limits),
        E::ErrorTooManyOperations(_) => (
            ScriptErrorKind::TooManyOperations,
            format!("运算步数超过上限（{}），已被终止", limits.max_operations),
        ),
        // Only the deadline's progress callback terminates scripts.
        E::ErrorTerminated(..) => (
            ScriptErrorKind::Timeout,
            format!(
                "运行超时（超过{}毫秒），已被终止",
                limits.time_budget.as_millis()
            ),
        ),
        E::ErrorDataTooLarge(what, _) => (ScriptErrorKind::TooLarge, too_large(what, limits)),
        E::ErrorTooManyVariables(_) => (
            ScriptErrorKind::TooLarge,
            format!("变量数超过上限（{}），已被终止", limits.max_variables),
        ),
        E::ErrorStackOverflow(_) => (
            ScriptErrorKind::TooDeep,
            format!(
                "函数调用层数超过上限（{}），已被终止",
                limits.max_call_levels
            ),
        ),
        E::ErrorRuntime(value, _) => runtime(value.to_string()),
        E::ErrorFunctionNotFound(signature, _) => {
            runtime(format!("找不到函数或参数类型不符：{signature}"))
        }
        E::ErrorMismatchDataType(want, got, _) => {
            runtime(format!("数据类型不符，需要 {want}，实际为 {got}"))
        }
        E::ErrorArithmetic(what, _) => runtime(format!("算术错误（{what}）")),
        E::ErrorArrayBounds(len, index, _) => {
            runtime(format!("数组下标 {index} 越界（长度 {len}）"))
        }
        E::ErrorStringBounds(len, index, _) => {
            runtime(format!("字符串下标 {index} 越界（长度 {len}）"))
        }
        E::ErrorVariableNotFound(name, _) => runtime(format!(
            "找不到变量「{name}」（函数内看不到外面的变量，请作为参数传入，例如 f(form)）"
        )),
        E::ErrorAssignmentToConstant(name, _) => runtime(format!("不能修改常量「{name}」")),
        E::ErrorNonPureMethodCallOnConstant(name, _) => {
            runtime(format!("不能在常量上调用会修改它的方法「{name}」"))
        }
        E::ErrorIndexingType(ty, _) => runtime(format!("类型 {ty} 不能用下标访问")),
        E::ErrorFor(_) => runtime("for 循环的对象不可遍历".into()),
        other => runtime(other.to_string()),
    }
}

/// Names the data limit from Rhai's type description (`Length of string`, `Size of array`,
/// `Size of object map`).
fn too_large(what: &str, limits: &Limits) -> String {
    let what_lower = what.to_ascii_lowercase();
    if what_lower.contains("string") {
        format!(
            "字符串长度超过上限（{}字节），已被终止",
            limits.max_string_size
        )
    } else if what_lower.contains("array") {
        format!("数组长度超过上限（{}），已被终止", limits.max_array_size)
    } else if what_lower.contains("map") {
        format!("对象映射大小超过上限（{}），已被终止", limits.max_map_size)
    } else {
        format!("数据超过大小上限（{what}），已被终止")
    }
}
