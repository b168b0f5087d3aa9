//! Unit tests of the pure parts: what designers send is checked field by field, and an update
//! may not drop an item.

use super::dto::{self, DictChange, DictItem, NewDict};

fn item(value: &str, label: &str) -> DictItem {
    DictItem {
        value: value.to_owned(),
        label: label.to_owned(),
        enabled: true,
        description: None,
    }
}

fn paths(issues: &[lianban_definition::Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect()
}

#[test]
fn a_well_formed_dictionary_passes() {
    let new = NewDict {
        code: "education".into(),
        name: "学历".into(),
        description: String::new(),
        items: vec![item("21", "大学本科"), item("phd-1.0", "博士")],
    };
    assert!(dto::check_new(&new).is_empty());
}

#[test]
fn codes_values_and_labels_are_checked_with_paths() {
    let new = NewDict {
        code: "Education".into(),
        name: " ".into(),
        description: String::new(),
        items: vec![
            item("a", "甲"),
            item("a", "乙"),
            item("b c", "丙"),
            item("d", "  "),
        ],
    };
    assert_eq!(
        paths(&dto::check_new(&new)),
        [
            ("code", "bad_code"),
            ("name", "empty_label"),
            ("items[1].value", "duplicate_item"),
            ("items[2].value", "bad_item_value"),
            ("items[3].label", "empty_label"),
        ]
    );
    assert!(!dto::is_code("a".repeat(41).as_str()));
    assert!(dto::is_code("staff_category2"));
}

#[test]
fn a_change_may_disable_but_not_remove() {
    let old = vec![item("a", "甲"), item("b", "乙")];
    let mut disabled = item("b", "乙（停用）");
    disabled.enabled = false;
    let kept = vec![disabled, item("a", "甲"), item("c", "丙")];
    assert!(dto::removed(&old, &kept).is_empty());
    let dropped = vec![item("a", "甲")];
    let gone: Vec<&str> = dto::removed(&old, &dropped)
        .iter()
        .map(|i| i.value.as_str())
        .collect();
    assert_eq!(gone, ["b"]);
    let change = DictChange {
        revision: 1,
        name: "名".into(),
        description: String::new(),
        items: kept,
    };
    assert!(dto::check_change(&change).is_empty());
}

#[test]
fn choices_mark_disabled_items() {
    let mut old = item("old", "旧");
    old.enabled = false;
    let dict = super::Dict {
        code: "x".into(),
        name: "X".into(),
        description: String::new(),
        items: vec![item("new", "新"), old],
        revision: 1,
        updated_ms: 0,
        updated_by: String::new(),
    };
    let choices = dict.choices();
    assert!(!choices[0].disabled);
    assert!(choices[1].disabled);
    assert_eq!(choices[1].label, "旧");
}

#[test]
fn tidy_trims_and_drops_blank_descriptions() {
    let mut a = item("a", " 甲 ");
    a.description = Some("  ".into());
    let (name, description, items) = dto::tidy(" 学历 ", " 说明 ", vec![a]);
    assert_eq!((name.as_str(), description.as_str()), ("学历", "说明"));
    assert_eq!(items[0].label, "甲");
    assert_eq!(items[0].description, None);
}
