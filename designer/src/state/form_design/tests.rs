//! The designer reducer, natively: adding from the palette, moving, sections, history, issues.

use super::issues::{self, Target};
use super::*;
use lianban_definition::Issue;
use serde_json::json;

/// An empty form.
fn empty() -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1, "fields": [] })).expect("form parses")
}

/// A form with two sections: 申请人 above them, 事由 in 基本信息, 金额 in 费用.
fn sectioned() -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1,
        "sections": [{ "id": "basic", "title": "基本信息" }, { "id": "money", "title": "费用" }],
        "fields": [
            { "key": "reason", "label": "事由", "kind": { "type": "text" }, "section": "basic" },
            { "key": "applicant", "label": "申请人", "kind": { "type": "text" } },
            { "key": "amount", "label": "金额", "kind": { "type": "amount" }, "section": "money" },
        ]
    }))
    .expect("form parses")
}

pub(super) fn design(form: FormDef) -> Rc<FormDesign> {
    Rc::new(FormDesign::new(form))
}

pub(super) fn apply(state: Rc<FormDesign>, actions: Vec<FormDesignAction>) -> Rc<FormDesign> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

/// The form survives the stored schema unchanged.
pub(super) fn assert_round_trips(form: &FormDef) {
    let stored = serde_json::to_string(form).expect("serializes");
    let loaded: FormDef = serde_json::from_str(&stored).expect("deserializes");
    assert_eq!(&loaded, form, "{stored}");
}

/// Field keys in order, with their section.
fn layout(state: &FormDesign) -> Vec<(String, Option<String>)> {
    state
        .form
        .fields
        .iter()
        .map(|f| (f.key.to_string(), f.section.clone()))
        .collect()
}

fn at(key: &str, section: Option<&str>) -> (String, Option<String>) {
    (key.to_owned(), section.map(str::to_owned))
}

#[test]
fn one_field_of_each_kind_with_its_defaults_is_a_valid_form() {
    let actions = PaletteKind::ALL.map(FormDesignAction::Append).to_vec();
    let state = apply(design(empty()), actions);
    assert_eq!(state.form.fields.len(), PaletteKind::ALL.len());
    assert_eq!(state.form.validate(), vec![]);
    assert_round_trips(&state.form);
    let first = &state.form.fields[0];
    assert_eq!(
        (first.key.as_str(), first.label.as_str()),
        ("field_1", "单行文本")
    );
    let total = state.form.field("field_17").expect("computed field");
    assert_eq!(
        serde_json::to_value(&total.kind).expect("kind"),
        json!({ "type": "computed", "decimals": 2,
            "formula": { "type": "sum_column", "table": "field_16", "column": "amount" } })
    );
    assert_eq!(
        state.selected,
        Some(Selection::Field("field_18".into())),
        "the last added field is selected"
    );
}

#[test]
fn every_palette_kind_has_a_tag_a_name_and_a_group() {
    for kind in PaletteKind::ALL {
        let tag = serde_json::to_value(kind.kind(&empty())).expect("kind")["type"].clone();
        assert_eq!(tag, json!(kind.tag()));
        assert!(!kind.name().is_empty());
        assert_eq!(PaletteKind::of(&kind.kind(&empty())), kind);
    }
    let advanced: Vec<_> = PaletteKind::ALL
        .into_iter()
        .filter(|k| k.group() == PaletteGroup::Advanced)
        .map(PaletteKind::name)
        .collect();
    assert_eq!(advanced, vec!["明细表", "计算字段", "附件"]);
    assert_eq!(PaletteKind::columns().count(), 15);
}

#[test]
fn fields_are_kept_in_display_order_and_added_where_dropped() {
    let state = design(sectioned());
    assert_eq!(
        layout(&state),
        vec![
            at("applicant", None),
            at("reason", Some("basic")),
            at("amount", Some("money"))
        ]
    );
    let state = state.reduce(FormDesignAction::Add {
        kind: PaletteKind::Date,
        at: 1,
        section: Some("basic".into()),
    });
    assert_eq!(layout(&state)[1], at("field_4", Some("basic")));
    assert_eq!(state.form.fields[1].label, "日期");
    let end = state.end_of(Some("basic"));
    assert_eq!(end, 3);
    assert_round_trips(&state.form);
}

#[test]
fn a_palette_click_adds_after_the_selected_field_or_at_the_end() {
    let state = apply(
        design(sectioned()),
        vec![
            FormDesignAction::Select(Some(Selection::Field("applicant".into()))),
            FormDesignAction::Append(PaletteKind::Mobile),
        ],
    );
    assert_eq!(layout(&state)[1], at("field_4", None));
    let state = apply(
        state,
        vec![
            FormDesignAction::Select(None),
            FormDesignAction::Append(PaletteKind::Email),
        ],
    );
    assert_eq!(layout(&state).last(), Some(&at("field_5", Some("money"))));
    let state = apply(
        state,
        vec![
            FormDesignAction::Select(Some(Selection::Section("basic".into()))),
            FormDesignAction::Append(PaletteKind::Date),
        ],
    );
    assert_eq!(layout(&state)[3], at("field_6", Some("basic")));
}

#[test]
fn fields_move_to_an_index_and_into_sections() {
    let state = design(sectioned()).reduce(FormDesignAction::Move {
        key: "amount".into(),
        to: 0,
        section: None,
    });
    assert_eq!(layout(&state)[0], at("amount", None));
    let state = state.reduce(FormDesignAction::Move {
        key: "amount".into(),
        to: 3,
        section: Some("money".into()),
    });
    assert_eq!(layout(&state)[2], at("amount", Some("money")));
    let state = state.reduce(FormDesignAction::SetSection {
        key: "applicant".into(),
        section: Some("basic".into()),
    });
    assert_eq!(
        layout(&state),
        vec![
            at("reason", Some("basic")),
            at("applicant", Some("basic")),
            at("amount", Some("money"))
        ]
    );
}

#[test]
fn up_and_down_cross_section_edges() {
    let up = |k: &str| FormDesignAction::MoveUp(k.into());
    let down = |k: &str| FormDesignAction::MoveDown(k.into());
    let state = design(sectioned()).reduce(up("amount"));
    assert_eq!(
        layout(&state)[2],
        at("amount", Some("basic")),
        "last of the section above"
    );
    let state = state.reduce(up("amount"));
    assert_eq!(layout(&state)[1], at("amount", Some("basic")));
    let state = apply(state, vec![up("amount"), up("amount")]);
    assert_eq!(layout(&state)[0], at("amount", None));
    let unchanged = state.clone().reduce(up("amount"));
    assert_eq!(unchanged.form, state.form, "nothing above the top");
    let state = apply(
        state,
        vec![
            down("amount"),
            down("amount"),
            down("amount"),
            down("amount"),
        ],
    );
    assert_eq!(
        layout(&state)[2],
        at("amount", Some("money")),
        "first of the section below"
    );
}

#[test]
fn duplicate_and_delete() {
    let state = design(sectioned()).reduce(FormDesignAction::Duplicate("reason".into()));
    assert_eq!(layout(&state)[2], at("field_4", Some("basic")));
    assert_eq!(state.form.fields[2].label, "事由");
    assert_eq!(state.selected, Some(Selection::Field("field_4".into())));
    let state = apply(
        state,
        vec![
            FormDesignAction::Append(PaletteKind::Computed),
            FormDesignAction::Delete("amount".into()),
        ],
    );
    let total = state.form.fields.last().expect("computed");
    assert_eq!(
        serde_json::to_value(&total.kind).expect("kind")["formula"],
        json!({ "type": "sum", "fields": [] }),
        "the deleted field left the sum"
    );
    assert!(state.form.field("amount").is_none());
}

#[test]
fn sections_are_added_renamed_reordered_and_deleted() {
    let state = design(sectioned()).reduce(FormDesignAction::AddSection);
    assert_eq!(state.selected, Some(Selection::Section("section_3".into())));
    assert_eq!(state.form.sections[2].title, "分组3");
    let state = apply(
        state,
        vec![
            FormDesignAction::RenameSection {
                id: "section_3".into(),
                title: "附加信息".into(),
            },
            FormDesignAction::MoveSectionUp("money".into()),
        ],
    );
    let ids: Vec<_> = state.form.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["money", "basic", "section_3"]);
    assert_eq!(
        layout(&state)[1],
        at("amount", Some("money")),
        "fields follow"
    );
    let state = state.reduce(FormDesignAction::DeleteSection("basic".into()));
    assert_eq!(
        layout(&state)[2],
        at("reason", Some("money")),
        "into the section before"
    );
    assert_eq!(state.form.sections[1].title, "附加信息");
    assert_eq!(state.form.validate(), vec![]);
    assert_round_trips(&state.form);
}

#[test]
fn undo_and_redo_walk_the_history() {
    let label = |text: &str| FormDesignAction::Edit {
        key: "applicant".into(),
        edit: FieldEdit::Label(text.into()),
    };
    let original = design(sectioned());
    let state = apply(
        original.clone(),
        vec![
            label("申"),
            label("申请"),
            label("申请单位"),
            FormDesignAction::Delete("reason".into()),
        ],
    );
    assert!(state.can_undo() && !state.can_redo());
    let state = state.reduce(FormDesignAction::Undo);
    assert!(state.form.field("reason").is_some());
    assert_eq!(state.form.fields[0].label, "申请单位");
    let state = state.reduce(FormDesignAction::Undo);
    assert_eq!(state.form, original.form, "the typing was one step");
    assert!(!state.can_undo());
    let state = state.reduce(FormDesignAction::Redo);
    assert_eq!(state.form.fields[0].label, "申请单位");
    let state = state.reduce(FormDesignAction::Append(PaletteKind::Date));
    assert!(!state.can_redo(), "a new edit drops the redo steps");
    assert_eq!(state.revision, 8, "every change counts, typed ones too");
}

#[test]
fn history_is_bounded_and_reset_clears_it() {
    let actions = (0..HISTORY_LIMIT + 20)
        .map(|_| FormDesignAction::Append(PaletteKind::Text))
        .collect();
    let mut state = apply(design(empty()), actions);
    let mut undone = 0;
    while state.can_undo() {
        state = state.reduce(FormDesignAction::Undo);
        undone += 1;
    }
    assert_eq!(undone, HISTORY_LIMIT);
    assert_eq!(state.form.fields.len(), 20);
    let state = state.reduce(FormDesignAction::Reset(sectioned()));
    assert!(!state.can_undo() && !state.can_redo());
    assert_eq!(state.revision, 0);
}

#[test]
fn undo_forgets_a_selection_that_no_longer_exists() {
    let state = apply(
        design(empty()),
        vec![
            FormDesignAction::Append(PaletteKind::Text),
            FormDesignAction::Undo,
        ],
    );
    assert_eq!(state.selected, None);
}

#[test]
fn issue_paths_point_at_fields_and_sections() {
    assert_eq!(
        issues::target("form.fields[2].kind.options[0]"),
        Target::Field {
            index: 2,
            property: "kind.options[0]"
        }
    );
    assert_eq!(
        issues::target("fields[0].label"),
        Target::Field {
            index: 0,
            property: "label"
        }
    );
    assert_eq!(
        issues::target("sections[1].title"),
        Target::Section { index: 1 }
    );
    assert_eq!(issues::target("form.schema_version"), Target::Form);
    let found = design(sectioned())
        .reduce(FormDesignAction::Edit {
            key: "reason".into(),
            edit: FieldEdit::Label(" ".into()),
        })
        .form
        .validate();
    let server = vec![Issue::new(
        "form.fields[1].label",
        "empty_label",
        "字段「reason」没有标签",
    )];
    assert_eq!(
        issues::of_field(&[found, server].concat(), 1),
        vec!["字段「reason」没有标签"]
    );
}
