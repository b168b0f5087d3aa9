//! Condition evaluation: every operator, the number/string leniency, All/Any and rules.

use super::*;
use crate::testkit::defs::{field, routing_rules, rule, values_with};
use lianban_definition::flow::CompareOp::{self, *};
use serde_json::{Value, json};

/// Evaluates `field op value` against the standard values with `key` set to `actual`.
fn check(actual: Value, op: CompareOp, expected: Value) -> bool {
    let values = values_with(&[("x", actual)]);
    condition_holds(&field("x", op, expected), &values, &NoRules).unwrap()
}

#[test]
fn eq_and_ne_use_json_equality() {
    assert!(check(json!("hr"), Eq, json!("hr")));
    assert!(!check(json!("hr"), Eq, json!("HR")));
    assert!(check(json!(true), Eq, json!(true)));
    assert!(check(json!(["a", "b"]), Eq, json!(["a", "b"])));
    assert!(check(json!("hr"), Ne, json!("car")));
    assert!(!check(json!(1), Ne, json!(1.0)));
}

#[test]
fn numbers_equal_numeric_strings() {
    assert!(check(json!(100), Eq, json!("100")));
    assert!(check(json!("100.0"), Eq, json!(100)));
    assert!(!check(json!("一百"), Eq, json!(100)));
    assert!(!check(json!(true), Eq, json!("true")));
}

#[test]
fn missing_field_is_null() {
    let values = values_with(&[]);
    let holds = |op, v| condition_holds(&field("nope", op, v), &values, &NoRules).unwrap();
    assert!(!holds(Eq, json!("x")));
    assert!(holds(Ne, json!("x")));
    assert!(holds(Eq, Value::Null));
    assert!(!holds(Gt, json!(0)));
    assert!(!holds(Le, json!(0)));
    assert!(!holds(IsSet, Value::Null));
    assert!(!holds(In, json!(["x"])));
    assert!(!holds(Contains, json!("x")));
}

#[test]
fn ordering_compares_numbers_numerically() {
    assert!(check(json!(1500), Gt, json!(1000)));
    assert!(!check(json!(1000), Gt, json!(1000)));
    assert!(check(json!(1000), Ge, json!(1000)));
    assert!(check(json!(9.5), Lt, json!(10)));
    assert!(check(json!(10), Le, json!(10)));
    assert!(!check(json!(11), Le, json!(10)));
    assert!(
        check(json!("10"), Gt, json!(9)),
        "numeric string against a number"
    );
}

#[test]
fn ordering_compares_strings_by_characters() {
    assert!(check(json!("2026-03-02"), Gt, json!("2026-01-31")));
    assert!(check(json!("2026-03-02"), Le, json!("2026-03-02")));
    assert!(
        check(json!("10"), Lt, json!("9")),
        "two strings compare as text"
    );
}

#[test]
fn ordering_of_incomparable_values_is_false() {
    for op in [Gt, Ge, Lt, Le] {
        assert!(!check(json!(true), op, json!(1)), "{op:?}");
        assert!(!check(json!([1]), op, json!(1)), "{op:?}");
        assert!(!check(json!("abc"), op, json!(1)), "{op:?}");
    }
}

#[test]
fn in_looks_for_the_value_in_the_array() {
    assert!(check(json!("rsj"), In, json!(["zzb", "rsj"])));
    assert!(!check(json!("czj"), In, json!(["zzb", "rsj"])));
    assert!(check(json!(2), In, json!(["1", "2"])), "lenient numbers");
    assert!(check(json!("zzb"), In, json!("zzb")), "a single constant");
    assert!(!check(json!("zzb"), In, json!([])));
}

#[test]
fn contains_works_on_strings_and_arrays() {
    assert!(check(json!("人员调入联办"), Contains, json!("调入")));
    assert!(!check(json!("人员调入联办"), Contains, json!("调出")));
    assert!(check(
        json!(["urgent", "secret"]),
        Contains,
        json!("secret")
    ));
    assert!(!check(json!(["urgent"]), Contains, json!("secret")));
    assert!(!check(json!(12), Contains, json!("1")));
    assert!(!check(json!("abc"), Contains, json!(1)));
}

#[test]
fn is_set_means_not_empty() {
    for set in [
        json!("a"),
        json!(0),
        json!(false),
        json!(["a"]),
        json!({"a": 1}),
    ] {
        assert!(check(set.clone(), IsSet, Value::Null), "{set}");
    }
    for empty in [Value::Null, json!(""), json!("  "), json!([]), json!({})] {
        assert!(!check(empty.clone(), IsSet, Value::Null), "{empty}");
    }
}

#[test]
fn all_and_any_combine() {
    let values = values_with(&[]);
    let yes = field("category", Eq, json!("hr"));
    let no = field("category", Eq, json!("car"));
    let all = |c: Vec<Condition>| Condition::All { conditions: c };
    let any = |c: Vec<Condition>| Condition::Any { conditions: c };
    let holds = |c: &Condition| condition_holds(c, &values, &NoRules).unwrap();
    assert!(holds(&all(vec![yes.clone(), yes.clone()])));
    assert!(!holds(&all(vec![yes.clone(), no.clone()])));
    assert!(holds(&any(vec![no.clone(), yes.clone()])));
    assert!(!holds(&any(vec![no.clone(), no.clone()])));
    assert!(holds(&all(Vec::new())), "empty All holds");
    assert!(!holds(&any(Vec::new())), "empty Any does not");
    assert!(holds(&any(vec![all(vec![yes.clone()]), no])));
}

#[test]
fn all_and_any_stop_before_a_failing_rule() {
    let values = values_with(&[]);
    let yes = field("category", Eq, json!("hr"));
    let no = field("category", Eq, json!("car"));
    let broken = rule("broken");
    let all = Condition::All {
        conditions: vec![no, broken.clone()],
    };
    let any = Condition::Any {
        conditions: vec![yes, broken],
    };
    assert!(!condition_holds(&all, &values, &routing_rules).unwrap());
    assert!(condition_holds(&any, &values, &routing_rules).unwrap());
}

#[test]
fn rules_run_through_the_evaluator() {
    let small = values_with(&[("amount", json!(50))]);
    let large = values_with(&[("amount", json!(5000))]);
    assert!(!condition_holds(&rule("is_large"), &small, &routing_rules).unwrap());
    assert!(condition_holds(&rule("is_large"), &large, &routing_rules).unwrap());
}

#[test]
fn a_failing_rule_is_a_rule_error() {
    let values = values_with(&[]);
    let err = condition_holds(&rule("broken"), &values, &routing_rules).unwrap_err();
    assert_eq!(
        err,
        RuntimeError::Rule {
            rule: RuleName::new("broken"),
            message: "第 1 行：坏了".to_owned(),
        }
    );
    assert_eq!(err.code(), "rule_failed");
    assert_eq!(err.to_string(), "路由规则「broken」执行失败：第 1 行：坏了");
}

#[test]
fn no_rules_refuses_every_rule() {
    let err = condition_holds(&rule("is_large"), &values_with(&[]), &NoRules).unwrap_err();
    assert!(matches!(err, RuntimeError::Rule { message, .. } if message.contains("is_large")));
}
