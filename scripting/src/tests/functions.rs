//! The domain functions as scripts call them, and their published metadata.

use super::*;
use rhai::{Dynamic, FLOAT, INT};

fn value(source: &str) -> Dynamic {
    eval(&ScriptEngine::default(), source).unwrap_or_else(|e| panic!("{source}: {e:?}"))
}

fn truth(source: &str) -> bool {
    value(source)
        .as_bool()
        .unwrap_or_else(|ty| panic!("{source} gave {ty}"))
}

#[test]
fn every_documented_example_runs_and_gives_its_stated_result() {
    let docs = ScriptEngine::functions();
    assert_eq!(docs.len(), 11);
    for doc in docs {
        let (call, expected) = doc
            .example
            .split_once(" // => ")
            .expect("example with result");
        assert_eq!(value(call).to_string(), expected, "{}", doc.name);
        assert!(!doc.description.is_empty());
    }
}

#[test]
fn metadata_serializes_for_the_designer() {
    let json = serde_json::to_value(ScriptEngine::functions()).unwrap();
    assert_eq!(json[0]["name"], "id_card_valid");
    assert!(json[0]["signature"].is_string() && json[0]["example"].is_string());
}

#[test]
fn checksums() {
    assert!(truth(r#"id_card_valid("11010519491231002x")"#));
    assert!(!truth(r#"id_card_valid("110105194912310021")"#));
    assert!(!truth(r#"id_card_valid(())"#));
    assert!(!truth(r#"id_card_valid(110105)"#));
    assert!(!truth(r#"credit_code_valid("91350100M000100Y44")"#));
    assert!(!truth(r#"credit_code_valid(())"#));
    assert!(!truth(r#"mobile_valid("12800138000")"#));
    assert!(!truth(r#"mobile_valid(13800138000)"#));
}

#[test]
fn id_card_details() {
    assert!(value(r#"id_card_birth_year("123")"#).is_unit());
    assert!(value(r#"id_card_birth_date(())"#).is_unit());
    assert!(value(r#"id_card_gender("110105194912310021")"#).is_unit());
    let id = lianban_definition::checksum::id_card_check_char("11010519900307001").unwrap();
    assert_eq!(
        value(&format!(r#"id_card_gender("11010519900307001{id}")"#)).to_string(),
        "male"
    );
}

#[test]
fn is_blank() {
    for blank in ["()", r#""""#, r#"" \t\n""#, "[]", "#{}", "form.missing"] {
        assert!(truth(&format!("is_blank({blank})")), "{blank}");
    }
    for present in [r#"" a ""#, "[()]", "#{a: 1}", "0", "false"] {
        assert!(!truth(&format!("is_blank({present})")), "{present}");
    }
}

#[test]
fn len_chars() {
    assert_eq!(value(r#"len_chars("联办")"#).as_int(), Ok(2));
    assert_eq!(value(r#"len_chars("")"#).as_int(), Ok(0));
    assert_eq!(value("len_chars(())").as_int(), Ok(0));
    let err = eval(&ScriptEngine::default(), "len_chars(12)").unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime);
    assert!(
        err.message.contains("len_chars 需要字符串参数"),
        "{}",
        err.message
    );
}

#[test]
fn to_number() {
    assert_eq!(value("to_number(3)").as_float(), Ok(3.0 as FLOAT));
    assert_eq!(value("to_number(2.5)").as_float(), Ok(2.5));
    assert_eq!(value(r#"to_number("-7")"#).as_float(), Ok(-7.0));
    assert_eq!(value(r#"to_number("1e3")"#).as_float(), Ok(1000.0));
    for nothing in [
        r#""abc""#, r#""""#, r#""inf""#, r#""NaN""#, "()", "true", "[1]",
    ] {
        assert!(
            value(&format!("to_number({nothing})")).is_unit(),
            "{nothing}"
        );
    }
}

#[test]
fn date_diff_days() {
    let days = |a: &str, b: &str| value(&format!(r#"date_diff_days("{a}", "{b}")"#));
    assert_eq!(days("2024-02-28", "2024-03-01").as_int(), Ok(2 as INT));
    assert_eq!(days("2023-02-28", "2023-03-01").as_int(), Ok(1));
    assert_eq!(days("2024-03-01", "2024-01-01").as_int(), Ok(-60));
    assert_eq!(days("1949-10-01", "2024-10-01").as_int(), Ok(27_394));
    assert_eq!(days("2024-05-05", "2024-05-05").as_int(), Ok(0));
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-1-1",
        "20240101",
        "1899-12-31",
        "",
    ] {
        assert!(days(bad, "2024-01-01").is_unit(), "{bad}");
    }
    assert!(value(r#"date_diff_days((), "2024-01-01")"#).is_unit());
}

#[test]
fn contains_any() {
    assert!(truth(r#"contains_any(["a", "b"], ["c", "b"])"#));
    assert!(!truth(r#"contains_any(["a", "b"], ["c"])"#));
    assert!(truth(r#"contains_any("b", ["a", "b"])"#), "single value");
    assert!(!truth(r#"contains_any((), ["a"])"#), "() is empty");
    assert!(!truth(r#"contains_any(["a"], [])"#));
    assert!(truth("contains_any([1, 2], [2.0])"), "numbers by value");
    assert!(
        !truth("contains_any([(), [1]], [(), [1]])"),
        "only primitives compare"
    );
    assert!(truth(r#"contains_any(form.missing, ["a"]) == false"#));
}

#[test]
fn contains_any_is_linear_on_large_arrays() {
    let source =
        "let a = []; a.pad(10000, \"x\"); let b = []; b.pad(10000, \"y\"); contains_any(a, b)";
    let started = std::time::Instant::now();
    assert!(!truth(source));
    assert!(started.elapsed() < std::time::Duration::from_millis(100));
}
