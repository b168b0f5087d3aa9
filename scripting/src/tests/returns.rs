//! Every return shape of validation and routing rules, and the kind checks.

use super::*;
use crate::RULE_ISSUE_CODE;
use lianban_definition::Issue;
use serde_json::json;

fn issues(source: &str) -> Vec<Issue> {
    ScriptEngine::default()
        .validate(&validation(source), &empty())
        .unwrap()
}

fn bad_return(source: &str) -> ScriptError {
    ScriptEngine::default()
        .validate(&validation(source), &empty())
        .expect_err("expected BadReturn")
}

#[test]
fn unit_and_true_pass() {
    assert!(issues("()").is_empty());
    assert!(issues("").is_empty());
    assert!(issues("let x = 1;").is_empty());
    assert!(issues("true").is_empty());
    assert!(issues("[]").is_empty());
}

#[test]
fn false_gives_the_generic_issue() {
    assert_eq!(
        issues("false"),
        vec![Issue::new("", RULE_ISSUE_CODE, "校验规则「rule」未通过")]
    );
}

#[test]
fn string_gives_one_form_level_issue() {
    assert_eq!(
        issues(r#""材料不齐全""#),
        vec![Issue::new("", "rule", "材料不齐全")]
    );
}

#[test]
fn blank_string_falls_back_to_the_generic_message() {
    assert_eq!(issues(r#""  ""#)[0].message, "校验规则「rule」未通过");
}

#[test]
fn map_gives_an_issue_at_its_field() {
    assert_eq!(
        issues(r#"#{field: "salary", message: "工资过高"}"#),
        vec![Issue::new("salary", "rule", "工资过高")]
    );
}

#[test]
fn map_without_field_is_form_level() {
    assert_eq!(issues(r#"#{message: "不行"}"#)[0].path, "");
    assert_eq!(issues(r#"#{field: (), message: "不行"}"#)[0].path, "");
}

#[test]
fn array_gives_one_issue_per_element() {
    let found = issues(
        r#"["总体有误", #{field: "a", message: "A 有误"}, #{field: "b", message: "B 有误"}]"#,
    );
    assert_eq!(
        found,
        vec![
            Issue::new("", "rule", "总体有误"),
            Issue::new("a", "rule", "A 有误"),
            Issue::new("b", "rule", "B 有误"),
        ]
    );
}

#[test]
fn other_values_are_bad_returns() {
    for source in ["1", "1.5", "'c'", "#{}.keys().len() + 1", "Fn(\"x\")"] {
        let err = bad_return(source);
        assert_eq!(err.kind, ScriptErrorKind::BadReturn, "{source}");
        assert!(err.message.contains("校验规则「rule」"), "{}", err.message);
    }
}

#[test]
fn bad_elements_and_keys_are_bad_returns() {
    assert_eq!(bad_return("[true]").kind, ScriptErrorKind::BadReturn);
    assert_eq!(bad_return("[[\"x\"]]").kind, ScriptErrorKind::BadReturn);
    let typo = bad_return(r#"#{field: "a", msg: "x"}"#);
    assert!(typo.message.contains("msg"), "{}", typo.message);
    let wrong_type = bad_return(r#"#{field: 1, message: "x"}"#);
    assert!(
        wrong_type.message.contains("field"),
        "{}",
        wrong_type.message
    );
}

#[test]
fn routing_returns_bool() {
    let engine = ScriptEngine::default();
    let rule = routing(r#"form.needs_housing == "yes""#);
    assert!(
        engine
            .route(&rule, &form(json!({"needs_housing": "yes"})))
            .unwrap()
    );
    assert!(
        !engine
            .route(&rule, &form(json!({"needs_housing": "no"})))
            .unwrap()
    );
    assert!(
        !engine.route(&rule, &empty()).unwrap(),
        "missing field reads as ()"
    );
}

#[test]
fn routing_refuses_non_bool() {
    let engine = ScriptEngine::default();
    for source in ["()", "1", r#""yes""#, "[true]"] {
        let err = engine.route(&routing(source), &empty()).unwrap_err();
        assert_eq!(err.kind, ScriptErrorKind::BadReturn, "{source}");
        assert!(
            err.message.contains("路由规则「branch」"),
            "{}",
            err.message
        );
    }
}

#[test]
fn rules_run_only_as_their_kind() {
    let engine = ScriptEngine::default();
    let err = engine.validate(&routing("true"), &empty()).unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::WrongKind);
    assert_eq!(err.message, "规则「branch」是路由规则，不能用于校验");
    let err = engine.route(&validation("true"), &empty()).unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::WrongKind);
    assert_eq!(err.kind.code(), "script_wrong_kind");
}

#[test]
fn form_values_keep_their_types() {
    let engine = ScriptEngine::default();
    let values = form(json!({
        "count": 3, "ratio": 0.5, "name": "张三", "none": null,
        "tags": ["a", "b"], "nested": {"k": true}
    }));
    let source = r#"
        type_of(form.count) == "i64" && type_of(form.ratio) == "f64"
            && form.name == "张三" && form.none == () && form.missing == ()
            && form.tags.len() == 2 && form.nested.k
    "#;
    assert!(engine.route(&routing(source), &values).unwrap());
}

#[test]
fn form_cannot_be_replaced_and_field_edits_stay_inside_one_run() {
    let engine = ScriptEngine::default();
    let err = engine
        .validate(&validation("form = 1;"), &empty())
        .unwrap_err();
    assert_eq!(err.kind, ScriptErrorKind::Runtime, "{err:?}");
    assert!(
        err.message.contains("不能修改常量「form」"),
        "{}",
        err.message
    );
    let edit = routing("let before = form.x; form.x = 1; before == ()");
    assert!(engine.route(&edit, &empty()).unwrap());
    assert!(
        engine.route(&edit, &empty()).unwrap(),
        "the edit did not leak"
    );
}

#[test]
fn cross_field_rule_salary_against_join_date() {
    let engine = ScriptEngine::default();
    let rule = validation(
        r#"
        let days = date_diff_days(form.join_date, form.apply_date);
        if days == () { return #{field: "join_date", message: "请填写有效的入职日期"}; }
        let salary = to_number(form.salary);
        if days < 365 && salary > 8000.0 {
            return #{field: "salary", message: `入职不满一年（${days}天），月薪不应超过8000元`};
        }
        "#,
    );
    let values = |join: &str, salary: Value| {
        form(json!({"join_date": join, "apply_date": "2024-06-01", "salary": salary}))
    };
    assert!(
        engine
            .validate(&rule, &values("2020-01-01", json!(12000)))
            .unwrap()
            .is_empty()
    );
    assert!(
        engine
            .validate(&rule, &values("2024-01-01", json!(6000)))
            .unwrap()
            .is_empty()
    );
    let found = engine
        .validate(&rule, &values("2024-01-01", json!("9000.50")))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "salary");
    assert_eq!(
        found[0].message,
        "入职不满一年（152天），月薪不应超过8000元"
    );
    let found = engine
        .validate(&rule, &values("2024-02-30", json!(1)))
        .unwrap();
    assert_eq!(found[0].path, "join_date");
}
