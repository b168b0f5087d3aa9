//! Compilation caching and sharing one engine between threads.

use super::*;
use serde_json::json;
use std::sync::Arc;

#[test]
fn engine_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<ScriptEngine>();
}

#[test]
fn same_source_compiles_once() {
    let engine = ScriptEngine::default();
    let rule = validation("form.a == 1");
    engine.validate(&rule, &form(json!({"a": 1}))).unwrap();
    engine.validate(&rule, &form(json!({"a": 2}))).unwrap();
    engine.route(&routing("form.a == 1"), &empty()).unwrap();
    let stats = engine.cache_stats();
    assert_eq!(engine.cache_len(), 1);
    assert_eq!((stats.misses, stats.hits), (1, 2));
}

#[test]
fn different_sources_are_cached_separately_and_errors_are_not() {
    let engine = ScriptEngine::default();
    engine.validate(&validation("true"), &empty()).unwrap();
    engine.validate(&validation("false"), &empty()).unwrap();
    engine.validate(&validation("let"), &empty()).unwrap_err();
    assert_eq!(engine.cache_len(), 2);
    engine.check("true").unwrap();
    assert_eq!(
        engine.cache_stats().hits,
        1,
        "check reuses a cached compilation"
    );
}

#[test]
fn four_threads_share_one_engine() {
    let engine = Arc::new(ScriptEngine::default());
    let rule = Arc::new(validation(
        r#"if to_number(form.n) > 50.0 { #{field: "n", message: `太大：${form.n}`} }"#,
    ));
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let (engine, rule) = (Arc::clone(&engine), Arc::clone(&rule));
            std::thread::spawn(move || {
                for i in 0..100 {
                    let n = t * 25 + i % 25;
                    let found = engine.validate(&rule, &form(json!({"n": n}))).unwrap();
                    assert_eq!(found.len(), usize::from(n > 50), "n = {n}");
                    if t == 0 && i == 50 {
                        let looped = engine.validate(&validation("loop {}"), &empty());
                        assert_eq!(kind_of(looped), ScriptErrorKind::TooManyOperations);
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(engine.cache_len(), 2);
}
