use crate::form::{FormDef, FormValues};
use crate::issue::Issue;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A form with one field of every kind; `name`, `housing`, `id_number` and `files` are required.
fn every_kind_form() -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1, "fields": [
        { "key": "name", "label": "姓名", "kind": { "type": "text", "min_len": 2, "max_len": 20 }, "required": true },
        { "key": "bio", "label": "简历", "kind": { "type": "textarea" } },
        { "key": "age", "label": "年龄", "kind": { "type": "number", "min": 16, "max": 70 } },
        { "key": "score", "label": "评分", "kind": { "type": "number", "decimals": 1 } },
        { "key": "salary", "label": "月薪", "kind": { "type": "amount" } },
        { "key": "join_date", "label": "到岗日期", "kind": { "type": "date" } },
        { "key": "level", "label": "职级", "kind": { "type": "select", "options": [
            { "value": "a", "label": "一级" }, { "value": "b", "label": "二级" } ] } },
        { "key": "housing", "label": "住房", "kind": { "type": "radio", "options": [
            { "value": "yes", "label": "需要" }, { "value": "no", "label": "不需要" } ] }, "required": true },
        { "key": "skills", "label": "技能", "kind": { "type": "checkbox", "options": [
            { "value": "x", "label": "X" }, { "value": "y", "label": "Y" } ] } },
        { "key": "id_number", "label": "身份证号", "kind": { "type": "id_card" }, "required": true },
        { "key": "org_code", "label": "统一社会信用代码", "kind": { "type": "credit_code" } },
        { "key": "mobile", "label": "手机号", "kind": { "type": "mobile" } },
        { "key": "unit", "label": "调入单位", "kind": { "type": "unit_picker" } },
        { "key": "reviewers", "label": "审核人", "kind": { "type": "user_picker", "multiple": true } },
        { "key": "files", "label": "附件", "kind": { "type": "attachment", "max_files": 2 }, "required": true },
    ]}))
    .unwrap()
}

/// A complete valid submission for [`every_kind_form`].
fn valid_values() -> FormValues {
    let value = json!({
        "name": "张三", "bio": "在某局工作十年", "age": 35, "score": 4.5, "salary": 8000.25,
        "join_date": "2024-02-29", "level": "a", "housing": "yes", "skills": ["x", "y"],
        "id_number": "11010519491231002X", "org_code": "91350100M000100Y43",
        "mobile": "13800138000", "unit": "rsj", "reviewers": ["li", "wang"], "files": ["att1"],
    });
    serde_json::from_value(value).unwrap()
}

/// The valid submission with `key` set to `value`.
fn with(key: &str, value: Value) -> FormValues {
    let mut values = valid_values();
    values.insert(key.to_owned(), value);
    values
}

/// The single issue of submitting `values`.
fn only_issue(values: &FormValues) -> Issue {
    let issues = every_kind_form().validate_values(values).unwrap_err();
    assert_eq!(issues.len(), 1, "{issues:?}");
    issues.into_iter().next().unwrap()
}

/// Asserts that setting `key` to `value` yields one issue with this code on that key.
fn assert_rejected(key: &str, value: Value, code: &str) -> Issue {
    let issue = only_issue(&with(key, value.clone()));
    assert_eq!(
        (issue.path.as_str(), issue.code.as_str()),
        (key, code),
        "{value}"
    );
    issue
}

#[test]
fn a_valid_submission_is_returned_unchanged() {
    assert_eq!(
        every_kind_form().validate_values(&valid_values()),
        Ok(valid_values())
    );
}

#[test]
fn strings_are_trimmed_and_blank_or_null_values_omitted() {
    let mut values = with("name", json!("  张三 "));
    values.insert("bio".into(), json!("   "));
    values.insert("age".into(), Value::Null);
    values.insert("skills".into(), json!([]));
    values.insert("reviewers".into(), json!([" li "]));
    let cleaned = every_kind_form().validate_values(&values).unwrap();
    assert_eq!(cleaned["name"], "张三");
    assert_eq!(cleaned["reviewers"], json!(["li"]));
    for absent in ["bio", "age", "skills"] {
        assert!(!cleaned.contains_key(absent), "{absent}");
    }
}

#[test]
fn missing_required_fields_are_worded_by_kind() {
    let form = every_kind_form();
    let mut values = valid_values();
    for key in ["name", "housing", "id_number"] {
        values.remove(key);
    }
    values.insert("files".into(), json!([]));
    let issues = form.validate_values(&values).unwrap_err();
    let found: Vec<_> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("name", "required", "请填写姓名"),
            ("housing", "required", "请选择住房"),
            ("id_number", "required", "请填写身份证号"),
            ("files", "required", "请上传附件"),
        ]
    );
}

#[test]
fn drafts_may_miss_required_fields_but_not_hold_bad_values() {
    let form = every_kind_form();
    let mut values = FormValues::new();
    values.insert("name".into(), json!(" 张三 "));
    assert_eq!(form.validate_draft(&values).unwrap()["name"], "张三");
    values.insert("mobile".into(), json!("123"));
    let issues = form.validate_draft(&values).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, "bad_format");
}

#[test]
fn unknown_keys_are_rejected_after_field_issues() {
    let mut values = with("age", json!(3));
    values.insert("salary_secret".into(), json!(1));
    let issues = every_kind_form().validate_values(&values).unwrap_err();
    let found: Vec<_> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [("age", "out_of_range"), ("salary_secret", "unknown_field")]
    );
}

#[test]
fn every_bad_field_is_reported_in_form_order() {
    let mut values = valid_values();
    values.insert("mobile".into(), json!("1"));
    values.insert("name".into(), json!(1));
    values.insert("level".into(), json!("z"));
    let issues = every_kind_form().validate_values(&values).unwrap_err();
    let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["name", "level", "mobile"]);
}

#[test]
fn wrong_json_types() {
    for (key, value) in [
        ("name", json!(5)),
        ("age", json!("30")),
        ("salary", json!(true)),
        ("join_date", json!(20240101)),
        ("level", json!(["a"])),
        ("skills", json!("x")),
        ("skills", json!([1])),
        ("unit", json!(["rsj"])),
        ("reviewers", json!("li")),
        ("files", json!({ "id": "att1" })),
    ] {
        assert_rejected(key, value, "bad_type");
    }
}

#[test]
fn text_lengths_count_characters() {
    assert!(
        every_kind_form()
            .validate_values(&with("name", json!("张".repeat(20))))
            .is_ok()
    );
    let issue = assert_rejected("name", json!("张".repeat(21)), "too_long");
    assert_eq!(issue.message, "姓名不能超过20个字");
    let issue = assert_rejected("name", json!(" 张 "), "too_short");
    assert_eq!(issue.message, "姓名不能少于2个字");
    assert!(
        every_kind_form()
            .validate_values(&with("bio", json!("字".repeat(2000))))
            .is_ok()
    );
    assert_rejected("bio", json!("字".repeat(2001)), "too_long");
}

#[test]
fn numbers_respect_bounds_and_decimals() {
    assert_eq!(
        assert_rejected("age", json!(15), "out_of_range").message,
        "年龄应在16到70之间"
    );
    assert_rejected("age", json!(70.5), "out_of_range");
    assert_eq!(
        assert_rejected("age", json!(30.5), "too_many_decimals").message,
        "年龄应为整数"
    );
    assert!(
        every_kind_form()
            .validate_values(&with("age", json!(30.0)))
            .is_ok()
    );
    assert!(
        every_kind_form()
            .validate_values(&with("score", json!(-2.5)))
            .is_ok()
    );
    assert_rejected("score", json!(2.25), "too_many_decimals");
}

#[test]
fn amounts_are_non_negative_with_two_decimals() {
    for ok in [
        json!(0),
        json!(0.29),
        json!(1.1),
        json!(99999999.99),
        json!(1e2),
    ] {
        assert!(
            every_kind_form()
                .validate_values(&with("salary", ok.clone()))
                .is_ok(),
            "{ok}"
        );
    }
    assert_eq!(
        assert_rejected("salary", json!(-0.01), "out_of_range").message,
        "月薪不能小于0"
    );
    let issue = assert_rejected("salary", json!(1.234), "too_many_decimals");
    assert_eq!(issue.message, "月薪最多保留2位小数");
}

#[test]
fn dates_must_be_real() {
    for bad in ["2023-02-29", "2024-1-1", "2024/01/01", "明天"] {
        assert_rejected("join_date", json!(bad), "bad_date");
    }
}

#[test]
fn choices_must_be_options() {
    assert_rejected("level", json!("c"), "bad_option");
    assert_rejected("housing", json!("maybe"), "bad_option");
    assert_rejected("skills", json!(["x", "q"]), "bad_option");
    assert_rejected("skills", json!(["x", "x"]), "duplicate_value");
    assert_rejected("skills", json!(["x", " "]), "bad_format");
}

#[test]
fn id_card_numbers() {
    let cleaned = every_kind_form()
        .validate_values(&with("id_number", json!(" 11010519491231002x ")))
        .unwrap();
    assert_eq!(cleaned["id_number"], "11010519491231002X");
    let issue = assert_rejected("id_number", json!("110105194912310021"), "bad_checksum");
    assert_eq!(issue.message, "身份证号校验位不正确");
    assert_rejected("id_number", json!("110105194902300021"), "bad_format");
    assert_rejected("id_number", json!("11010519491231002"), "bad_format");
    assert_rejected("id_number", json!("11010519491231002Y"), "bad_format");
}

#[test]
fn credit_codes() {
    assert_rejected("org_code", json!("91350100M000100Y44"), "bad_checksum");
    assert_rejected("org_code", json!("91350100m000100Y43"), "bad_format");
    assert_rejected("org_code", json!("91350100I000100Y43"), "bad_format");
    assert_rejected("org_code", json!("91350100M000100Y4"), "bad_format");
}

#[test]
fn mobile_numbers() {
    let issue = assert_rejected("mobile", json!("12800138000"), "bad_format");
    assert_eq!(issue.message, "手机号应为11位手机号码");
    assert_rejected("mobile", json!("138 0013 8000"), "bad_format");
}

#[test]
fn pickers_and_attachments_hold_non_blank_ids() {
    assert_rejected("reviewers", json!(["li", "li"]), "duplicate_value");
    assert_rejected("reviewers", json!(["li", ""]), "bad_format");
    assert_rejected("files", json!(["a", "b", "c"]), "too_many_files");
    assert_rejected("files", json!([""]), "bad_format");
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[ 0-9a-zA-Z_xX.-]{0,20}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Submissions mixing the form's keys with stray ones.
fn any_values() -> impl Strategy<Value = FormValues> {
    let keys: Vec<String> = every_kind_form()
        .fields
        .iter()
        .map(|f| f.key.to_string())
        .collect();
    let key = prop_oneof![prop::sample::select(keys), "[a-z_]{1,8}"];
    prop::collection::btree_map(key, any_json(), 0..12).prop_map(|m| m.into_iter().collect())
}

proptest! {
    #[test]
    fn validation_never_panics_and_cleaning_is_idempotent(values in any_values()) {
        let form = every_kind_form();
        if let Ok(cleaned) = form.validate_values(&values) {
            prop_assert_eq!(form.validate_values(&cleaned), Ok(cleaned.clone()));
        }
        if let Ok(cleaned) = form.validate_draft(&values) {
            prop_assert_eq!(form.validate_draft(&cleaned), Ok(cleaned.clone()));
        }
    }

    #[test]
    fn every_issue_is_located_at_a_submitted_or_form_key(values in any_values()) {
        let form = every_kind_form();
        if let Err(issues) = form.validate_values(&values) {
            for issue in issues {
                prop_assert!(values.contains_key(&issue.path) || form.field(&issue.path).is_some());
                prop_assert!(!issue.message.is_empty());
            }
        }
    }
}
