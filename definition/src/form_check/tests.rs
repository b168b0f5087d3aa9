use super::*;
use serde_json::{Value, json};

/// A form from the JSON of its fields.
fn form(fields: Value) -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1, "fields": fields })).unwrap()
}

/// `(path, code)` of each issue, for compact assertions.
fn codes(issues: &[Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect()
}

#[test]
fn a_well_formed_form_has_no_issues() {
    let form = form(json!([
        { "key": "person_name", "label": "姓名", "kind": { "type": "text", "max_len": 20 }, "required": true },
        { "key": "gender", "label": "性别", "kind": { "type": "radio", "options": [
            { "value": "m", "label": "男" }, { "value": "f", "label": "女" } ] } },
        { "key": "age", "label": "年龄", "kind": { "type": "number", "min": 16, "max": 70 } },
        { "key": "files", "label": "材料", "kind": { "type": "attachment", "max_files": 3, "accept": ["pdf", "jpg"] } },
    ]));
    assert_eq!(form.validate(), vec![]);
}

#[test]
fn unsupported_schema_version() {
    let mut form = form(json!([]));
    form.schema_version = 2;
    assert_eq!(
        codes(&form.validate()),
        [("schema_version", "unsupported_version")]
    );
}

#[test]
fn duplicate_and_malformed_keys() {
    let form = form(json!([
        { "key": "name", "label": "姓名", "kind": { "type": "text" } },
        { "key": "name", "label": "姓名2", "kind": { "type": "text" } },
        { "key": "Name", "label": "姓名3", "kind": { "type": "text" } },
        { "key": "2name", "label": "姓名4", "kind": { "type": "text" } },
        { "key": "", "label": "姓名5", "kind": { "type": "text" } },
    ]));
    assert_eq!(
        codes(&form.validate()),
        [
            ("fields[1].key", "duplicate_key"),
            ("fields[2].key", "bad_key"),
            ("fields[3].key", "bad_key"),
            ("fields[4].key", "bad_key"),
        ]
    );
}

#[test]
fn empty_label_is_reported_with_the_key() {
    let form = form(json!([{ "key": "name", "label": "  ", "kind": { "type": "date" } }]));
    let issues = form.validate();
    assert_eq!(codes(&issues), [("fields[0].label", "empty_label")]);
    assert!(issues[0].message.contains("name"));
}

#[test]
fn choice_fields_need_unique_non_empty_options() {
    let form = form(json!([
        { "key": "a", "label": "甲", "kind": { "type": "select", "options": [] } },
        { "key": "b", "label": "乙", "kind": { "type": "checkbox", "options": [
            { "value": "x", "label": "X" },
            { "value": "x", "label": "X again" },
            { "value": "", "label": "empty" },
            { "value": "y", "label": " " } ] } },
    ]));
    let issues = form.validate();
    assert_eq!(
        codes(&issues),
        [
            ("fields[0].kind.options", "no_options"),
            ("fields[1].kind.options[1].value", "duplicate_option"),
            ("fields[1].kind.options[2]", "empty_option"),
            ("fields[1].kind.options[3]", "empty_option"),
        ]
    );
    assert_eq!(issues[0].message, "字段「甲」没有选项");
}

#[test]
fn a_choice_field_has_either_inline_options_or_a_dictionary() {
    let form = form(json!([
        { "key": "a", "label": "学历", "kind": { "type": "select", "dict": "education" }, "default": "bachelor" },
        { "key": "b", "label": "政治面貌", "kind": { "type": "radio", "dict": "Political-Status" } },
        { "key": "c", "label": "类别", "kind": { "type": "checkbox", "dict": "staff_category",
            "options": [{ "value": "x", "label": "X" }] } },
        { "key": "d", "label": "性别", "kind": { "type": "radio" } },
    ]));
    let issues = form.validate();
    assert_eq!(
        codes(&issues),
        [
            ("fields[1].kind.dict", "bad_dict"),
            ("fields[2].kind.options", "options_and_dict"),
            ("fields[3].kind.options", "no_options"),
        ],
        "the dict field's default is checked by the server, which holds the dictionary"
    );
    assert_eq!(
        issues[1].message,
        "字段「类别」已选用数据字典，不能再设自定义选项"
    );
}

#[test]
fn a_disabled_option_shows_but_cannot_be_chosen() {
    let form = form(json!([
        { "key": "edu", "label": "学历", "kind": { "type": "select", "dict": "education", "options": [
            { "value": "bachelor", "label": "大学本科" },
            { "value": "old", "label": "旧学历", "disabled": true } ] } },
        { "key": "tags", "label": "类别", "kind": { "type": "checkbox", "options": [
            { "value": "a", "label": "甲" }, { "value": "b", "label": "乙", "disabled": true } ] } },
    ]));
    let ok = json!({ "edu": "bachelor", "tags": ["a"] });
    assert!(form.validate_values(ok.as_object().unwrap()).is_ok());
    let old = json!({ "edu": "old", "tags": ["a", "b"] });
    let issues = form.validate_values(old.as_object().unwrap()).unwrap_err();
    assert_eq!(
        codes(&issues),
        [("edu", "disabled_option"), ("tags", "disabled_option")]
    );
    assert_eq!(issues[0].message, "学历的选项「旧学历」已停用，请重新选择");
    let unknown = json!({ "edu": "phd" });
    let issues = form
        .validate_values(unknown.as_object().unwrap())
        .unwrap_err();
    assert_eq!(codes(&issues), [("edu", "bad_option")]);
}

#[test]
fn bounds_must_be_consistent() {
    let form = form(json!([
        { "key": "a", "label": "甲", "kind": { "type": "text", "min_len": 5, "max_len": 4 } },
        { "key": "b", "label": "乙", "kind": { "type": "text", "min_len": 201 } },
        { "key": "c", "label": "丙", "kind": { "type": "text", "max_len": 0 } },
        { "key": "d", "label": "丁", "kind": { "type": "textarea", "max_len": 0 } },
        { "key": "e", "label": "戊", "kind": { "type": "number", "min": 10, "max": 1 } },
        { "key": "f", "label": "己", "kind": { "type": "amount", "max": -1 } },
        { "key": "g", "label": "庚", "kind": { "type": "attachment", "max_files": 0 } },
    ]));
    assert_eq!(
        codes(&form.validate()),
        [
            ("fields[0].kind.min_len", "bad_bounds"),
            ("fields[1].kind.min_len", "bad_bounds"),
            ("fields[2].kind.max_len", "bad_bounds"),
            ("fields[3].kind.max_len", "bad_bounds"),
            ("fields[4].kind.min", "bad_bounds"),
            ("fields[5].kind.min", "bad_bounds"),
            ("fields[6].kind.max_files", "bad_bounds"),
        ]
    );
}

#[test]
fn negative_amounts_are_fine_when_min_allows_them() {
    let form = form(json!([
        { "key": "delta", "label": "差额", "kind": { "type": "amount", "min": -100, "max": -1 } },
    ]));
    assert_eq!(form.validate(), vec![]);
}

#[test]
fn accepted_extensions_are_bare_lower_case() {
    let form = form(json!([
        { "key": "files", "label": "材料", "kind": { "type": "attachment", "accept": ["pdf", ".doc", "PNG", ""] } },
    ]));
    assert_eq!(
        codes(&form.validate()),
        [
            ("fields[0].kind.accept[1]", "bad_extension"),
            ("fields[0].kind.accept[2]", "bad_extension"),
            ("fields[0].kind.accept[3]", "bad_extension"),
        ]
    );
}

#[test]
fn identifiers() {
    for good in ["a", "person_name", "x1", "a_b_2"] {
        assert!(is_ident(good), "{good}");
    }
    for bad in ["", "_a", "1a", "A", "a-b", "a b", "名字", "aé"] {
        assert!(!is_ident(bad), "{bad}");
    }
}

#[test]
fn composite_definitions_are_checked() {
    let form: FormDef = serde_json::from_value(serde_json::json!({ "schema_version": 1,
        "sections": [{ "id": "a", "title": "" }],
        "fields": [
        { "key": "code", "label": "编码", "section": "nowhere",
          "kind": { "type": "text", "pattern": { "regex": "[0-9", "message": "" } } },
        { "key": "items", "label": "明细", "kind": { "type": "table", "columns": [
            { "key": "files", "label": "附件", "kind": { "type": "attachment" } } ] } },
        { "key": "empty", "label": "空表", "kind": { "type": "table", "columns": [] } },
        { "key": "total", "label": "合计", "kind": { "type": "computed",
          "formula": { "type": "sum_column", "table": "items", "column": "files" } } },
        { "key": "sum", "label": "和", "kind": { "type": "computed",
          "formula": { "type": "sum", "fields": ["code", "missing"] } } },
        { "key": "age", "label": "年龄", "default": 200, "kind": { "type": "number", "max": 100 } },
    ]}))
    .unwrap();
    let found: Vec<(String, String)> = form
        .validate()
        .into_iter()
        .map(|i| (i.path, i.code))
        .collect();
    let expected = [
        ("sections[0].title", "empty_label"),
        ("fields[0].section", "unknown_section"),
        ("fields[0].kind.pattern.regex", "bad_pattern"),
        ("fields[0].kind.pattern.message", "bad_pattern"),
        ("fields[1].kind.columns[0].kind", "bad_column"),
        ("fields[2].kind.columns", "no_columns"),
        ("fields[3].kind.formula.column", "bad_formula"),
        ("fields[4].kind.formula.fields[0]", "bad_formula"),
        ("fields[4].kind.formula.fields[1]", "bad_formula"),
        ("fields[5].default", "bad_default"),
    ];
    for (path, code) in expected {
        assert!(
            found.iter().any(|(p, c)| p == path && c == code),
            "missing {path} {code} in {found:?}"
        );
    }
}
