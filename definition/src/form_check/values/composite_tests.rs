//! Values of the composite kinds: date ranges, e-mail, patterns, detail tables and computed
//! fields.

use crate::form::{FormDef, FormValues};
use serde_json::{Value, json};

/// An expense form: a detail table of items, a computed total, a period, an e-mail and a
/// postcode with a pattern.
fn expense_form() -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1,
        "sections": [{ "id": "basic", "title": "基本信息" }, { "id": "items", "title": "费用明细" }],
        "fields": [
        { "key": "period", "label": "出差期间", "kind": { "type": "date_range" }, "required": true, "section": "basic" },
        { "key": "email", "label": "联系邮箱", "kind": { "type": "email" }, "section": "basic", "width": "half" },
        { "key": "postcode", "label": "邮政编码", "section": "basic", "width": "half",
          "kind": { "type": "text", "pattern": { "regex": "[0-9]{6}", "message": "请填写6位邮政编码" } } },
        { "key": "items", "label": "费用明细", "required": true, "section": "items",
          "kind": { "type": "table", "max_rows": 3, "columns": [
            { "key": "what", "label": "项目", "kind": { "type": "text" }, "required": true },
            { "key": "amount", "label": "金额", "kind": { "type": "amount" }, "required": true },
          ] } },
        { "key": "total", "label": "合计", "section": "items",
          "kind": { "type": "computed", "decimals": 2, "formula": { "type": "sum_column", "table": "items", "column": "amount" } } },
        { "key": "rows", "label": "笔数", "section": "items",
          "kind": { "type": "computed", "formula": { "type": "count_rows", "table": "items" } } },
    ]}))
    .unwrap()
}

fn values(v: Value) -> FormValues {
    serde_json::from_value(v).unwrap()
}

fn valid() -> Value {
    json!({
        "period": ["2026-03-01", "2026-03-04"], "email": "Zhang@Example.GOV.cn", "postcode": "310051",
        "items": [{ "what": "交通", "amount": 120.5 }, { "what": "住宿", "amount": 300.25 }],
    })
}

/// The code and message of the single issue when `key` is set to `value`.
fn rejected(key: &str, value: Value) -> (String, String, String) {
    let mut v = valid();
    v[key] = value;
    let issues = expense_form().validate_values(&values(v)).unwrap_err();
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = issues.into_iter().next().unwrap();
    (issue.path, issue.code, issue.message)
}

#[test]
fn the_definition_is_valid() {
    assert_eq!(expense_form().validate(), vec![]);
}

#[test]
fn a_valid_submission_is_cleaned_and_computed() {
    let mut v = valid();
    v["total"] = json!(999_999); // whatever the client sends is replaced
    let cleaned = expense_form().validate_values(&values(v)).unwrap();
    assert_eq!(cleaned["total"], json!(420.75));
    assert_eq!(cleaned["rows"], json!(2));
    assert_eq!(cleaned["email"], json!("Zhang@example.gov.cn"));
}

#[test]
fn blank_table_rows_are_dropped() {
    let mut v = valid();
    v["items"] = json!([{ "what": "交通", "amount": 10 }, { "what": " ", "amount": null }]);
    let cleaned = expense_form().validate_values(&values(v)).unwrap();
    assert_eq!(cleaned["items"], json!([{ "what": "交通", "amount": 10 }]));
    assert_eq!(cleaned["rows"], json!(1));
}

#[test]
fn bad_table_cells_name_the_row_and_column() {
    let (path, code, message) = rejected(
        "items",
        json!([{ "what": "交通", "amount": 1 }, { "what": "餐费" }]),
    );
    assert_eq!((path.as_str(), code.as_str()), ("items", "required"));
    assert_eq!(message, "费用明细第2行：请填写金额");
    let (_, code, message) = rejected("items", json!([{ "what": "交通", "amount": -1 }]));
    assert_eq!(code, "out_of_range");
    assert!(message.starts_with("费用明细第1行："), "{message}");
    let (_, code, _) = rejected(
        "items",
        json!([{ "what": "交通", "amount": 1, "extra": 2 }]),
    );
    assert_eq!(code, "unknown_field");
    let (_, code, _) = rejected("items", json!(["交通"]));
    assert_eq!(code, "bad_type");
}

#[test]
fn table_row_limits_hold() {
    let row = json!({ "what": "交通", "amount": 1 });
    let (_, code, message) = rejected("items", json!([row, row, row, row]));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("too_many_rows", "费用明细最多3行")
    );
    let (_, code, _) = rejected("items", json!([]));
    assert_eq!(code, "required");
}

#[test]
fn date_ranges_must_be_ordered_real_dates() {
    let (_, code, message) = rejected("period", json!(["2026-03-05", "2026-03-01"]));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("bad_range", "出差期间的开始日期不能晚于结束日期")
    );
    assert_eq!(
        rejected("period", json!(["2026-02-30", "2026-03-01"])).1,
        "bad_date"
    );
    assert_eq!(rejected("period", json!("2026-03-01")).1, "bad_type");
    assert_eq!(rejected("period", json!(["", ""])).1, "required");
}

#[test]
fn emails_and_patterns_are_checked() {
    for bad in [
        "zhang",
        "zhang@",
        "@example.cn",
        "a b@example.cn",
        "a@example",
        "a@@example.cn",
    ] {
        assert_eq!(rejected("email", json!(bad)).1, "bad_format", "{bad}");
    }
    let (_, code, message) = rejected("postcode", json!("31005"));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("pattern_mismatch", "请填写6位邮政编码")
    );
    // The whole value must match, not a part of it.
    assert_eq!(rejected("postcode", json!("3100512")).1, "pattern_mismatch");
}

#[test]
fn computed_values_are_total_on_drafts() {
    let form = expense_form();
    let draft = form
        .validate_draft(&values(json!({ "items": [{ "amount": 5 }] })))
        .unwrap();
    assert_eq!(
        (draft["total"].clone(), draft["rows"].clone()),
        (json!(5), json!(1))
    );
    let computed = form.compute(&values(json!({})));
    assert_eq!(
        (computed["total"].clone(), computed["rows"].clone()),
        (json!(0), json!(0))
    );
}
