//! The locked box: syntax and strictness errors with positions, and every limit stopping a
//! runaway script quickly with the right kind.

use super::*;
use crate::Limits;
use std::time::{Duration, Instant};

/// Runs `source` as a validation rule and returns the error with how long it took.
fn failing(engine: &ScriptEngine, source: &str) -> (ScriptError, Duration) {
    let started = Instant::now();
    let err = engine
        .validate(&validation(source), &empty())
        .expect_err("script should have been stopped");
    (err, started.elapsed())
}

#[test]
fn syntax_error_has_line_column_and_chinese_message() {
    let err = ScriptEngine::default()
        .check("let a = 1;\nlet b = ;")
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Syntax);
    assert_eq!((err.line, err.column), (Some(2), Some(9)));
    assert!(
        err.message.starts_with("脚本第2行第9列语法错误："),
        "{}",
        err.message
    );
    assert!(!err.detail.is_empty());
}

#[test]
fn unknown_variable_is_refused_at_compile_time() {
    let err = ScriptEngine::default()
        .check("let a = 1;\n  a + b")
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Syntax);
    assert_eq!((err.line, err.column), (Some(2), Some(7)));
    assert_eq!(err.message, "脚本第2行第7列语法错误：未定义的变量「b」");
}

#[test]
fn check_accepts_form_and_domain_functions() {
    let engine = ScriptEngine::default();
    engine
        .check(r#"if is_blank(form.name) { "请填写姓名" } else { () }"#)
        .unwrap();
    assert_eq!(engine.cache_len(), 0, "check must not fill the cache");
}

#[test]
fn runtime_error_has_position() {
    let err = ScriptEngine::default()
        .validate(&validation("let x = 1;\nlet y = x / 0;"), &empty())
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime);
    assert_eq!(err.line, Some(2));
    assert!(err.message.starts_with("脚本第2行"), "{}", err.message);
}

#[test]
fn thrown_message_reaches_the_user() {
    let err = ScriptEngine::default()
        .validate(&validation(r#"throw "出生日期有误";"#), &empty())
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime);
    assert_eq!(err.message, "脚本第1行第1列运行出错：出生日期有误");
}

#[test]
fn unknown_function_is_a_runtime_error() {
    let err = ScriptEngine::default()
        .validate(&validation("no_such_fn(1)"), &empty())
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime);
    assert!(err.message.contains("no_such_fn"), "{}", err.message);
}

#[test]
fn eval_is_refused() {
    let err = ScriptEngine::default().check(r#"eval("1")"#).unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Syntax, "{err:?}");
    assert!(err.message.contains("eval"), "{}", err.message);
}

#[test]
fn dangerous_core_functions_are_absent() {
    let engine = ScriptEngine::default();
    for source in ["sleep(10)", "exit(1)", r#"parse_json("{}")"#, "timestamp()"] {
        let (err, elapsed) = failing(&engine, source);
        assert!(
            matches!(err.kind, ScriptErrorKind::Runtime | ScriptErrorKind::Syntax),
            "{source}: {err:?}"
        );
        assert!(elapsed < Duration::from_secs(1), "{source}");
    }
}

#[test]
fn print_and_debug_go_nowhere() {
    let engine = ScriptEngine::default();
    assert!(
        engine
            .validate(&validation(r#"print("x"); debug("y");"#), &empty())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn infinite_loops_are_stopped_by_the_operation_limit() {
    let engine = ScriptEngine::default();
    for source in ["loop {}", "while true {}"] {
        let (err, elapsed) = failing(&engine, source);
        assert_eq!(
            err.kind,
            ScriptErrorKind::TooManyOperations,
            "{source}: {err:?}"
        );
        assert!(err.message.starts_with("脚本第1行"), "{}", err.message);
        let tail = "运算步数超过上限（200000），已被终止";
        assert!(err.message.ends_with(tail), "{}", err.message);
        assert!(
            elapsed < Duration::from_millis(100),
            "{source} took {elapsed:?}"
        );
        eprintln!("{source}: stopped after {elapsed:?}");
    }
    // A busier loop reaches the cap in tens of milliseconds in a debug build, close enough to
    // the 100 ms budget that either limit may win on a loaded machine.
    let (err, elapsed) = failing(&engine, "let i = 0; loop { i += 1; }");
    assert!(
        matches!(
            err.kind,
            ScriptErrorKind::TooManyOperations | ScriptErrorKind::Timeout
        ),
        "{err:?}"
    );
    assert!(elapsed < Duration::from_millis(500), "took {elapsed:?}");
    eprintln!("counting loop: stopped after {elapsed:?}");
}

#[test]
fn infinite_loops_are_stopped_by_the_time_budget() {
    let engine = ScriptEngine::new(Limits {
        max_operations: u64::MAX,
        time_budget: Duration::from_millis(50),
        ..Limits::default()
    });
    for source in ["loop {}", "while true {}"] {
        let (err, elapsed) = failing(&engine, source);
        assert_eq!(err.kind, ScriptErrorKind::Timeout, "{source}: {err:?}");
        assert_eq!(err.kind.code(), "script_timeout");
        assert!(
            err.message.contains("运行超时（超过50毫秒），已被终止"),
            "{}",
            err.message
        );
        assert!(elapsed >= Duration::from_millis(50), "{elapsed:?}");
        assert!(
            elapsed < Duration::from_millis(500),
            "{source} took {elapsed:?}"
        );
        eprintln!("{source}: timed out after {elapsed:?}");
    }
}

#[test]
fn the_deadline_is_per_evaluation() {
    // One evaluation uses up its whole time budget; the next one still gets a full budget of its
    // own (with a budget shared by the engine it would be refused at once). Nothing here depends
    // on how fast the machine is: the first evaluation never ends by itself, the second takes
    // microseconds against a budget of 300 ms.
    let engine = ScriptEngine::new(Limits {
        time_budget: Duration::from_millis(300),
        max_operations: u64::MAX,
        ..Limits::default()
    });
    let err = engine
        .route(&routing("loop { }"), &empty())
        .expect_err("an endless loop is stopped");
    assert_eq!(err.kind, ScriptErrorKind::Timeout, "{err:?}");
    for _ in 0..5 {
        assert!(engine.route(&routing("1 + 1 == 2"), &empty()).unwrap());
    }
}

#[test]
fn doubling_a_string_is_stopped() {
    let (err, elapsed) = failing(&ScriptEngine::default(), r#"let s = "x"; loop { s += s; }"#);
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
    assert_eq!(err.line, Some(1));
    assert!(
        err.message
            .ends_with("列字符串长度超过上限（65536字节），已被终止"),
        "{}",
        err.message
    );
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
}

#[test]
fn growing_arrays_and_maps_are_stopped() {
    let engine = ScriptEngine::default();
    let (err, elapsed) = failing(&engine, "let a = [1]; loop { a += a; }");
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
    assert!(
        err.message.contains("数组长度超过上限（10000）"),
        "{}",
        err.message
    );
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    let (err, _) = failing(&engine, "let a = []; a.pad(1000000000, 0);");
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
    let (err, _) = failing(&engine, r#""x".pad(1000000000, "y")"#);
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
}

/// Rhai re-measures a container after each change, so growing one element at a time costs
/// O(n²): with the default limits the time budget may stop it before the size cap does.
#[test]
fn growing_one_element_at_a_time_is_stopped() {
    let (err, elapsed) = failing(&ScriptEngine::default(), "let a = []; loop { a.push(1); }");
    assert!(
        matches!(
            err.kind,
            ScriptErrorKind::TooLarge | ScriptErrorKind::Timeout
        ),
        "{err:?}"
    );
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");

    let small = ScriptEngine::new(Limits {
        max_array_size: 200,
        max_map_size: 200,
        time_budget: Duration::from_secs(10),
        ..Limits::default()
    });
    let (err, _) = failing(&small, "let a = []; loop { a.push(1); }");
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
    assert!(
        err.message.contains("数组长度超过上限（200）"),
        "{}",
        err.message
    );
    let (err, _) = failing(
        &small,
        "let m = #{}; let i = 0; loop { m[`k${i}`] = i; i += 1; m.len(); }",
    );
    assert_eq!(err.kind, ScriptErrorKind::TooLarge, "{err:?}");
    assert!(
        err.message.contains("对象映射大小超过上限（200）"),
        "{}",
        err.message
    );
}

/// Rhai 1.27 does not re-measure a map after `m[key] = value` adds a key (only the new value),
/// so such a loop is stopped by the operation cap or the time budget rather than the size cap.
/// Memory stays bounded by how much can be copied within the budget (≈ 60 MB measured with
/// 64 KiB strings, debug and release alike).
#[test]
fn map_growth_through_the_indexer_is_bounded_by_time_and_operations() {
    let grow = r#"let s = "x"; s.pad(65000, "y"); let m = #{}; let i = 0;
        loop { m[i.to_string()] = s + i; i += 1; }"#;
    let (err, elapsed) = failing(&ScriptEngine::default(), grow);
    assert!(
        matches!(
            err.kind,
            ScriptErrorKind::Timeout | ScriptErrorKind::TooManyOperations
        ),
        "{err:?}"
    );
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
}

#[test]
fn deep_recursion_is_stopped() {
    let (err, elapsed) = failing(
        &ScriptEngine::default(),
        "fn down(n) { down(n + 1) }\ndown(0)",
    );
    assert_eq!(err.kind, ScriptErrorKind::TooDeep, "{err:?}");
    assert_eq!(err.kind.code(), "script_too_deep");
    assert!(
        err.message.contains("函数调用层数超过上限（32）"),
        "{}",
        err.message
    );
    assert_eq!(
        (err.line, err.column),
        (Some(2), Some(1)),
        "the outermost call: {err:?}"
    );
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
}

#[test]
fn deeply_nested_expressions_are_refused() {
    let source = format!("{}1{}", "(".repeat(500), ")".repeat(500));
    let err = ScriptEngine::default().check(&source).unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::TooDeep, "{err:?}");
    assert!(
        err.message.contains("表达式嵌套过深（超过64层）"),
        "{}",
        err.message
    );
}

#[test]
fn huge_literals_are_refused() {
    let source = format!("\"{}\"", "x".repeat(70_000));
    assert_eq!(
        kind_of(ScriptEngine::default().check(&source)),
        ScriptErrorKind::TooLarge
    );
}

#[test]
fn too_many_functions_are_refused() {
    let source: String = (0..65).map(|i| format!("fn f{i}() {{}}\n")).collect();
    assert_eq!(
        kind_of(ScriptEngine::default().check(&source)),
        ScriptErrorKind::TooLarge
    );
}

#[test]
fn functions_cannot_see_the_form_directly() {
    let engine = ScriptEngine::default();
    let err = engine
        .validate(
            &validation("fn salary() { form.salary }\nsalary()"),
            &empty(),
        )
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime, "{err:?}");
    assert_eq!((err.line, err.column), (Some(1), Some(15)));
    assert!(
        err.message.contains("找不到变量「form」"),
        "{}",
        err.message
    );
    let passed_in = routing("fn salary(f) { f.salary }\nsalary(form) == ()");
    assert!(engine.route(&passed_in, &empty()).unwrap());
}
