//! Integration tests of `lianban-definition` through its public API, driven by fixture files.

use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use serde_json::{Value, json};

/// The JSON of 人员调入联办, as the designer stores it.
const PERSONNEL_TRANSFER: &str = include_str!("fixtures/personnel_transfer.json");

/// 人员调入联办, parsed.
fn personnel_transfer() -> MatterTypeDef {
    serde_json::from_str(PERSONNEL_TRANSFER).unwrap()
}

/// A complete submission for 人员调入联办 asking for housing.
fn transfer_submission() -> FormValues {
    serde_json::from_value(json!({
        "person_name": "  李四 ", "id_number": "11010519491231002x", "mobile": "13800138000",
        "target_dept": "rsj", "salary": 8500.5, "join_date": "2025-03-01",
        "needs_housing": "yes", "attachments": ["att_01", "att_02"], "reason": "",
    }))
    .unwrap()
}

#[test]
fn personnel_transfer_round_trips_unchanged() {
    let original: Value = serde_json::from_str(PERSONNEL_TRANSFER).unwrap();
    let def = personnel_transfer();
    let written = serde_json::to_value(&def).unwrap();
    assert_eq!(written, original);
    let reread: MatterTypeDef = serde_json::from_value(written).unwrap();
    assert_eq!(reread, def);
}

#[test]
fn personnel_transfer_is_valid() {
    assert_eq!(personnel_transfer().validate(), vec![]);
}

#[test]
fn personnel_transfer_accepts_a_complete_submission_and_cleans_it() {
    let cleaned = personnel_transfer()
        .form
        .validate_values(&transfer_submission())
        .unwrap();
    assert_eq!(cleaned["person_name"], "李四");
    assert_eq!(cleaned["id_number"], "11010519491231002X");
    assert!(!cleaned.contains_key("reason"));
}

#[test]
fn personnel_transfer_rejects_an_incomplete_submission() {
    let mut values = transfer_submission();
    values.remove("attachments");
    values.insert("person_name".into(), json!("李".repeat(21)));
    let issues = personnel_transfer()
        .form
        .validate_values(&values)
        .unwrap_err();
    let messages: Vec<_> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages, ["姓名不能超过20个字", "请上传调动材料"]);
}
