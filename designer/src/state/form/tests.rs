//! Editor state, driven natively through its actions.

use super::*;
use lianban_definition::matter_type::Material;
use serde_json::json;

/// A small 人员调入 form: a required name, an ID number, a number, an amount, a checkbox and an
/// attachment slot.
fn transfer_form() -> FormDef {
    serde_json::from_value(json!({
        "schema_version": 1,
        "fields": [
            {"key": "person_name", "label": "姓名", "kind": {"type": "text", "max_len": 20}, "required": true},
            {"key": "id_number", "label": "身份证号", "kind": {"type": "id_card"}, "required": true},
            {"key": "age", "label": "年龄", "kind": {"type": "number", "min": 18, "max": 60}},
            {"key": "salary", "label": "月工资", "kind": {"type": "amount"}},
            {"key": "benefits", "label": "待遇", "kind": {"type": "checkbox", "options": [
                {"value": "house", "label": "住房"}, {"value": "car", "label": "用车"}]}},
            {"key": "materials", "label": "材料", "kind": {"type": "attachment"}, "required": true}
        ]
    }))
    .expect("form parses")
}

/// A fresh editor for the transfer form.
fn fresh() -> Rc<FormState> {
    Rc::new(FormState::new(
        "personnel_transfer",
        "人员调入联办",
        transfer_form(),
    ))
}

/// Applies actions in order.
fn apply(state: Rc<FormState>, actions: Vec<FormAction>) -> Rc<FormState> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

fn text(key: &str, text: &str) -> FormAction {
    FormAction::SetText {
        key: key.into(),
        text: text.into(),
    }
}

fn attachment(id: &str, field: &str) -> Attachment {
    serde_json::from_value(json!({"id": id, "field": field, "filename": "调令.pdf", "size": 1024}))
        .expect("attachment parses")
}

#[test]
fn a_new_form_is_titled_after_its_type_and_a_draft_may_be_empty() {
    let state = fresh();
    assert_eq!(state.title, "人员调入联办");
    assert_eq!(state.check(Check::Draft), Ok(FormValues::new()));
}

#[test]
fn submit_check_reports_each_missing_field_in_chinese() {
    let state = fresh();
    let issues = state.check(Check::Submit).expect_err("missing fields");
    let state = state.reduce(FormAction::Invalid(issues));
    assert_eq!(
        state.errors.get("person_name").map(String::as_str),
        Some("请填写姓名")
    );
    assert_eq!(
        state.errors.get("materials").map(String::as_str),
        Some("请上传材料")
    );
    assert!(state.errors.contains_key("id_number"));
    assert_eq!(
        state.general,
        vec!["有3处需要修改，请按提示检查".to_owned()]
    );
}

#[test]
fn typing_clears_the_fields_message_and_blank_text_is_absent() {
    let state = fresh();
    let issues = state.check(Check::Submit).expect_err("missing fields");
    let state = apply(
        state,
        vec![FormAction::Invalid(issues), text("person_name", "张三")],
    );
    assert!(!state.errors.contains_key("person_name"));
    assert_eq!(state.values.get("person_name"), Some(&json!("张三")));
    let state = state.reduce(text("person_name", "   "));
    assert!(!state.values.contains_key("person_name"));
}

#[test]
fn numbers_are_parsed_but_the_typed_text_is_kept() {
    let state = apply(fresh(), vec![text("age", "35"), text("salary", "1.")]);
    assert_eq!(state.values.get("age"), Some(&json!(35)));
    assert_eq!(state.values.get("salary"), Some(&json!(1.0)));
    assert_eq!(state.text("salary"), "1.");
    let state = state.reduce(text("age", "三十"));
    let issues = state.check(Check::Draft).expect_err("not a number");
    assert_eq!(issues[0].path, "age");
    assert_eq!(issues[0].message, "年龄应为数字");
}

#[test]
fn a_bad_id_number_fails_with_the_shared_checksum_rule() {
    let state = apply(fresh(), vec![text("id_number", "110105194912310021")]);
    let issues = state.check(Check::Draft).expect_err("bad check digit");
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "id_number");
    let state = state.reduce(text("id_number", "11010519491231002X"));
    assert!(state.check(Check::Draft).is_ok());
}

#[test]
fn checkbox_toggles_and_an_empty_choice_is_absent() {
    let toggle = |v: &str| FormAction::Toggle {
        key: "benefits".into(),
        value: v.into(),
    };
    let state = apply(fresh(), vec![toggle("house"), toggle("car")]);
    assert_eq!(state.values.get("benefits"), Some(&json!(["house", "car"])));
    let state = apply(state, vec![toggle("house"), toggle("car")]);
    assert!(!state.values.contains_key("benefits"));
}

#[test]
fn a_second_begin_is_ignored_while_busy() {
    let state = apply(fresh(), vec![FormAction::Begin(Busy::Submitting)]);
    let again = state.clone().reduce(FormAction::Begin(Busy::Saving));
    assert!(Rc::ptr_eq(&state, &again));
    assert_eq!(again.busy, Some(Busy::Submitting));
    assert!(!again.reduce(FormAction::Done).is_busy());
}

#[test]
fn server_validation_errors_land_under_their_fields() {
    let err = ApiError {
        status: 400,
        code: "validation_failed".into(),
        detail: "表单有误".into(),
        errors: vec![
            Issue::new("person_name", "rule", "调入人员不能是现任领导"),
            Issue::new("rules.age_check", "rule", "年龄与工龄不符"),
        ],
    };
    let state = apply(
        fresh(),
        vec![FormAction::Begin(Busy::Submitting), FormAction::Failed(err)],
    );
    assert!(!state.is_busy());
    assert_eq!(
        state.errors.get("person_name").map(String::as_str),
        Some("调入人员不能是现任领导")
    );
    assert_eq!(
        state.general,
        vec!["表单有误".to_owned(), "年龄与工龄不符".to_owned()]
    );
}

#[test]
fn uploaded_files_fill_their_field_and_can_be_removed() {
    let state = apply(
        fresh(),
        vec![
            FormAction::Begin(Busy::Files("materials".into())),
            FormAction::Uploaded(attachment("a1", "materials")),
            FormAction::Uploaded(attachment("a2", "materials")),
        ],
    );
    assert_eq!(state.values.get("materials"), Some(&json!(["a1", "a2"])));
    assert_eq!(state.files("materials").len(), 2);
    let state = state.reduce(FormAction::Removed {
        key: "materials".into(),
        id: "a1".into(),
    });
    assert_eq!(state.values.get("materials"), Some(&json!(["a2"])));
    assert_eq!(state.files("materials")[0].id, "a2");
}

#[test]
fn a_blank_title_is_reported_under_title() {
    let state = fresh().reduce(FormAction::SetTitle(" ".into()));
    let issues = state.check(Check::Draft).expect_err("blank title");
    assert_eq!(issues[0].path, TITLE);
}

#[test]
fn leaving_a_field_checks_it_alone() {
    let state = apply(
        fresh(),
        vec![
            text("id_number", "123"),
            FormAction::CheckField("id_number".into()),
        ],
    );
    assert!(state.errors.contains_key("id_number"));
    assert!(
        !state.errors.contains_key("person_name"),
        "missing fields wait for submit"
    );
    let state = state.reduce(FormAction::CheckField("person_name".into()));
    assert!(!state.errors.contains_key("person_name"));
}

fn draft(id: &str) -> Box<MatterDetail> {
    let form = serde_json::to_value(transfer_form()).expect("form serializes");
    Box::new(serde_json::from_value(json!({"id": id, "form": form})).expect("matter parses"))
}

#[test]
fn a_draft_created_mid_submit_is_remembered_and_the_submit_stays_busy() {
    let state = apply(
        fresh(),
        vec![
            FormAction::Begin(Busy::Submitting),
            FormAction::Persisted(draft("m1")),
        ],
    );
    assert_eq!(state.matter_id.as_deref(), Some("m1"));
    assert_eq!(state.busy, Some(Busy::Submitting));
    assert!(state.notice.is_none());
    let state = state.reduce(FormAction::Saved(draft("m1")));
    assert!(!state.is_busy());
    assert_eq!(state.notice.as_deref(), Some("草稿已保存"));
}

#[test]
fn required_materials_block_submission_and_their_files_stay_out_of_the_values() {
    let material: Material = serde_json::from_value(
        json!({ "key": "transfer_letter", "name": "商调函", "requirement": "required" }),
    )
    .unwrap();
    let deferrable: Material = serde_json::from_value(
        json!({ "key": "health_report", "name": "体检报告", "requirement": "deferrable" }),
    )
    .unwrap();
    let start = Rc::new(
        (*fresh())
            .clone()
            .with_catalog(vec![material, deferrable], String::new()),
    );
    let issues = start.check(Check::Submit).unwrap_err();
    let missing: Vec<&str> = issues
        .iter()
        .filter(|i| i.code == "material_missing")
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(
        missing,
        ["materials.transfer_letter"],
        "容缺 materials may be missing"
    );
    assert!(
        start.check(Check::Draft).is_ok(),
        "drafts may miss materials"
    );
    let uploaded = apply(
        start,
        vec![FormAction::Uploaded(attachment("a1", "transfer_letter"))],
    );
    assert_eq!(uploaded.material_files("transfer_letter").len(), 1);
    assert!(
        !uploaded.values.contains_key("transfer_letter"),
        "materials are not form values"
    );
    assert!(uploaded.missing_materials().is_empty());
    let removed = apply(
        uploaded,
        vec![FormAction::Removed {
            key: "transfer_letter".into(),
            id: "a1".into(),
        }],
    );
    assert_eq!(removed.missing_materials().len(), 1);
}
