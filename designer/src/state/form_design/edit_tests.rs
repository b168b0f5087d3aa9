//! Field edits in the designer: every property round-trips through the stored schema, and the
//! result passes the definition's own check.

use super::tests::{apply, assert_round_trips, design};
use super::*;
use lianban_definition::DictCode;
use serde_json::{Value, json};

/// A form with one field of `kind` (key `field_1`) and a table `field_2`.
fn with(kind: PaletteKind) -> Rc<FormDesign> {
    let empty = serde_json::from_value(json!({ "schema_version": 1, "fields": [] }));
    apply(
        design(empty.expect("form parses")),
        vec![
            FormDesignAction::Append(kind),
            FormDesignAction::Append(PaletteKind::Table),
        ],
    )
}

fn edit(key: &str, edit: FieldEdit) -> FormDesignAction {
    FormDesignAction::Edit {
        key: key.into(),
        edit,
    }
}

/// Applies edits to `field_1`.
fn edited(kind: PaletteKind, edits: Vec<FieldEdit>) -> Rc<FormDesign> {
    let actions = edits.into_iter().map(|e| edit("field_1", e)).collect();
    apply(with(kind), actions)
}

/// The stored JSON of `field_1`'s kind.
fn kind_json(state: &FormDesign) -> Value {
    serde_json::to_value(&state.form.fields[0].kind).expect("kind")
}

/// Round-trips and passes the definition check.
fn assert_valid(state: &FormDesign) {
    assert_round_trips(&state.form);
    assert_eq!(state.form.validate(), vec![]);
}

#[test]
fn common_properties_are_stored() {
    let state = edited(
        PaletteKind::Text,
        vec![
            FieldEdit::Label("申请人姓名".into()),
            FieldEdit::Help("与身份证一致".into()),
            FieldEdit::Required(true),
            FieldEdit::Width(lianban_definition::form::Width::Half),
            FieldEdit::Default(Some(json!("张三"))),
        ],
    );
    let field = serde_json::to_value(&state.form.fields[0]).expect("field");
    assert_eq!(field["label"], json!("申请人姓名"));
    assert_eq!(field["help"], json!("与身份证一致"));
    assert_eq!(
        (field["required"].clone(), field["width"].clone()),
        (json!(true), json!("half"))
    );
    assert_eq!(field["default"], json!("张三"));
    assert_valid(&state);
    let state = state.reduce(edit("field_1", FieldEdit::Help(" ".into())));
    assert_eq!(state.form.fields[0].help, None, "blank help is none");
}

#[test]
fn a_bad_key_is_refused_with_a_message_and_a_good_one_renames_references() {
    let state = with(PaletteKind::Amount).reduce(edit("field_1", FieldEdit::Key("1abc".into())));
    assert_eq!(state.form.fields[0].key.as_str(), "field_1");
    assert_eq!(
        state.refusal.as_deref(),
        Some("字段编码须以小写字母开头，只含小写字母、数字和下划线")
    );
    assert_eq!(state.revision, 2, "a refusal records nothing");
    let state = state.reduce(edit("field_1", FieldEdit::Key("field_2".into())));
    assert_eq!(
        state.refusal.as_deref(),
        Some("字段编码「field_2」已被使用")
    );
    let state = apply(
        state,
        vec![
            FormDesignAction::Append(PaletteKind::Computed),
            edit("field_2", FieldEdit::Key("items".into())),
            edit(
                "items",
                FieldEdit::Column(1, Box::new(FieldEdit::Key("money".into()))),
            ),
        ],
    );
    assert_eq!(state.refusal, None);
    let total = serde_json::to_value(&state.form.fields[2].kind).expect("kind");
    assert_eq!(
        total["formula"],
        json!({ "type": "sum_column", "table": "items", "column": "money" })
    );
    assert_valid(&state);
    let state = state.reduce(edit(
        "items",
        FieldEdit::Column(0, Box::new(FieldEdit::Key("money".into()))),
    ));
    assert_eq!(state.refusal.as_deref(), Some("字段编码「money」已被使用"));
}

#[test]
fn renaming_the_selected_field_keeps_it_selected() {
    let state = with(PaletteKind::Text).reduce(FormDesignAction::Select(Some(Selection::Field(
        "field_1".into(),
    ))));
    let state = state.reduce(edit("field_1", FieldEdit::Key("person_name".into())));
    assert_eq!(state.selected, Some(Selection::Field("person_name".into())));
}

#[test]
fn text_lengths_and_patterns() {
    let state = edited(
        PaletteKind::Text,
        vec![
            FieldEdit::MinLen(Some(2)),
            FieldEdit::MaxLen(Some(20)),
            FieldEdit::PatternRegex("[0-9]{6}".into()),
            FieldEdit::PatternMessage("请填写6位邮政编码".into()),
        ],
    );
    assert_eq!(
        kind_json(&state),
        json!({ "type": "text", "min_len": 2, "max_len": 20,
            "pattern": { "regex": "[0-9]{6}", "message": "请填写6位邮政编码" } })
    );
    assert_valid(&state);
    let broken = state
        .clone()
        .reduce(edit("field_1", FieldEdit::PatternRegex("[0-9".into())));
    let paths: Vec<_> = broken.form.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, vec!["fields[0].kind.pattern.regex"]);
    let state = state.reduce(edit("field_1", FieldEdit::PatternRegex(String::new())));
    assert_eq!(
        kind_json(&state),
        json!({ "type": "text", "min_len": 2, "max_len": 20 })
    );
}

#[test]
fn number_and_amount_bounds() {
    let state = edited(
        PaletteKind::Number,
        vec![
            FieldEdit::Min(Some(1.0)),
            FieldEdit::Max(Some(99.5)),
            FieldEdit::Decimals(1),
        ],
    );
    assert_eq!(
        kind_json(&state),
        json!({ "type": "number", "min": 1.0, "max": 99.5, "decimals": 1 })
    );
    assert_valid(&state);
    let state = edited(PaletteKind::Amount, vec![FieldEdit::Max(Some(5000.0))]);
    assert_eq!(
        kind_json(&state),
        json!({ "type": "amount", "max": 5000.0 })
    );
    assert_valid(&state);
}

#[test]
fn options_are_added_removed_reordered_and_renamed() {
    let state = edited(
        PaletteKind::Radio,
        vec![
            FieldEdit::AddOption,
            FieldEdit::OptionLabel(2, "其他".into()),
            FieldEdit::OptionValue(2, "other".into()),
            FieldEdit::MoveOption { from: 2, to: 0 },
            FieldEdit::RemoveOption(1),
        ],
    );
    assert_eq!(
        kind_json(&state)["options"],
        json!([{ "value": "other", "label": "其他" }, { "value": "option_2", "label": "选项2" }])
    );
    assert_valid(&state);
    let state = state.reduce(edit("field_1", FieldEdit::OptionValue(1, "other".into())));
    let codes: Vec<_> = state.form.validate().into_iter().map(|i| i.code).collect();
    assert_eq!(codes, vec!["duplicate_option"]);
}

#[test]
fn options_come_from_a_dictionary_or_inline() {
    let state = edited(
        PaletteKind::Select,
        vec![
            FieldEdit::Default(Some(json!("option_1"))),
            FieldEdit::OptionSource(Some(DictCode::new("education"))),
        ],
    );
    assert_eq!(
        kind_json(&state),
        json!({ "type": "select", "options": [], "dict": "education" })
    );
    assert_eq!(
        state.form.fields[0].default, None,
        "an inline default is dropped"
    );
    assert_valid(&state);
    let back = state.reduce(edit("field_1", FieldEdit::OptionSource(None)));
    assert_eq!(
        kind_json(&back),
        json!({ "type": "select", "options": [
            { "value": "option_1", "label": "选项1" }, { "value": "option_2", "label": "选项2" }] })
    );
    assert_valid(&back);
    let text = edited(
        PaletteKind::Text,
        vec![FieldEdit::OptionSource(Some(DictCode::new("education")))],
    );
    assert_eq!(
        kind_json(&text),
        json!({ "type": "text" }),
        "not a choice field"
    );
}

#[test]
fn pickers_and_attachments() {
    let state = edited(PaletteKind::UserPicker, vec![FieldEdit::Multiple(true)]);
    assert_eq!(
        kind_json(&state),
        json!({ "type": "user_picker", "multiple": true })
    );
    assert_valid(&state);
    let state = edited(
        PaletteKind::Attachment,
        vec![
            FieldEdit::MaxFiles(Some(3)),
            FieldEdit::Accept("PDF, .jpg、png".into()),
        ],
    );
    assert_eq!(
        kind_json(&state),
        json!({ "type": "attachment", "max_files": 3, "accept": ["pdf", "jpg", "png"] })
    );
    assert_valid(&state);
}

#[test]
fn table_columns_are_simple_fields_edited_in_place() {
    let column = |i, e| FieldEdit::Column(i, Box::new(e));
    let state = apply(
        with(PaletteKind::Text),
        vec![
            edit("field_2", FieldEdit::AddColumn(PaletteKind::Select)),
            edit("field_2", FieldEdit::AddColumn(PaletteKind::Table)),
            edit("field_2", column(2, FieldEdit::Label("类别".into()))),
            edit("field_2", column(2, FieldEdit::Required(true))),
            edit("field_2", column(2, FieldEdit::AddOption)),
            edit("field_2", FieldEdit::MoveColumn { from: 2, to: 0 }),
            edit("field_2", FieldEdit::RemoveColumn(1)),
            edit("field_2", FieldEdit::MinRows(Some(1))),
            edit("field_2", FieldEdit::MaxRows(Some(10))),
        ],
    );
    let table = serde_json::to_value(&state.form.fields[1].kind).expect("kind");
    assert_eq!(
        (table["min_rows"].clone(), table["max_rows"].clone()),
        (json!(1), json!(10))
    );
    let columns = table["columns"].as_array().expect("columns");
    let keys: Vec<_> = columns.iter().map(|c| c["key"].clone()).collect();
    assert_eq!(
        keys,
        vec![json!("column_3"), json!("amount")],
        "no nested table"
    );
    assert_eq!(columns[0]["label"], json!("类别"));
    assert_eq!(
        columns[0]["kind"]["options"].as_array().map(Vec::len),
        Some(3)
    );
    assert_valid(&state);
}

#[test]
fn computed_formulas_and_decimals() {
    let state = apply(
        with(PaletteKind::Number),
        vec![
            FormDesignAction::Append(PaletteKind::Computed),
            edit(
                "field_3",
                FieldEdit::Formula(Formula::CountRows {
                    table: "field_2".into(),
                }),
            ),
            edit("field_3", FieldEdit::Decimals(0)),
        ],
    );
    assert_eq!(
        serde_json::to_value(&state.form.fields[2].kind).expect("kind"),
        json!({ "type": "computed", "decimals": 0,
            "formula": { "type": "count_rows", "table": "field_2" } })
    );
    assert_valid(&state);
    let state = state.reduce(edit(
        "field_3",
        FieldEdit::Formula(Formula::Sum {
            fields: vec!["field_1".into()],
        }),
    ));
    assert_valid(&state);
}

#[test]
fn edits_that_do_not_fit_the_kind_change_nothing() {
    let state = with(PaletteKind::Date);
    let same = state
        .clone()
        .reduce(edit("field_1", FieldEdit::MaxLen(Some(5))));
    assert_eq!(same.form, state.form);
    assert_eq!(same.revision, state.revision, "no undo step either");
}

#[test]
fn a_bad_default_is_reported_by_the_definition_check() {
    let state = edited(
        PaletteKind::Mobile,
        vec![FieldEdit::Default(Some(json!("123")))],
    );
    let paths: Vec<_> = state.form.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, vec!["fields[0].default"]);
    assert_round_trips(&state.form);
}
