//! The composite kinds in the editor state: date ranges, detail tables with live totals,
//! defaults, per-cell messages and the section layout.

use super::layout::groups;
use super::*;
use serde_json::json;

/// A 差旅报销 form: a period, a detail table of items (max 3 rows), live totals, a default and
/// two sections.
fn expense_form() -> FormDef {
    serde_json::from_value(json!({ "schema_version": 1,
        "sections": [{ "id": "basic", "title": "基本信息" }, { "id": "items", "title": "费用明细" }],
        "fields": [
        { "key": "applicant", "label": "申请人", "kind": { "type": "text" } },
        { "key": "period", "label": "出差期间", "kind": { "type": "date_range" }, "required": true, "section": "basic" },
        { "key": "email", "label": "联系邮箱", "kind": { "type": "email" }, "section": "basic", "width": "half" },
        { "key": "trips", "label": "出差次数", "kind": { "type": "number" }, "default": 1, "section": "basic", "width": "half" },
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
    .expect("form parses")
}

fn fresh() -> Rc<FormState> {
    Rc::new(FormState::new("travel", "差旅报销", expense_form()))
}

fn apply(state: Rc<FormState>, actions: Vec<FormAction>) -> Rc<FormState> {
    actions.into_iter().fold(state, |s, a| s.reduce(a))
}

fn cell(row: usize, column: &str, text: &str) -> FormAction {
    FormAction::SetCell {
        cell: Cell {
            table: "items".into(),
            row,
            column: column.into(),
        },
        edit: Edit::Text(text.into()),
    }
}

fn range(bound: Bound, text: &str) -> FormAction {
    FormAction::SetRange {
        key: "period".into(),
        bound,
        text: text.into(),
    }
}

/// A form with two filled rows: 交通 120.5 and 住宿 300.25.
fn two_items() -> Rc<FormState> {
    apply(
        fresh(),
        vec![
            cell(0, "what", "交通"),
            cell(0, "amount", "120.5"),
            FormAction::AddRow("items".into()),
            cell(1, "what", "住宿"),
            cell(1, "amount", "300.25"),
        ],
    )
}

#[test]
fn a_new_form_starts_with_defaults_a_first_row_and_computed_totals() {
    let state = fresh();
    assert_eq!(state.values.get("trips"), Some(&json!(1)));
    assert_eq!(state.values.get("items"), Some(&json!([{}])));
    assert_eq!(state.row_count("items"), 1);
    assert_eq!(state.values.get("total"), Some(&json!(0)));
    assert_eq!(state.text("trips"), "1");
    let draft = state
        .check(Check::Draft)
        .expect("an untouched form is a valid draft");
    assert!(!draft.contains_key("items"), "blank rows are not sent");
}

#[test]
fn table_cells_hold_json_numbers_and_totals_follow_live() {
    let state = two_items();
    assert_eq!(
        state.values.get("items"),
        Some(&json!([{ "what": "交通", "amount": 120.5 }, { "what": "住宿", "amount": 300.25 }]))
    );
    assert_eq!(state.values.get("total"), Some(&json!(420.75)));
    assert_eq!(state.values.get("rows"), Some(&json!(2)));
    let state = state.reduce(cell(1, "amount", "1."));
    assert_eq!(state.table_view("items")[1][1].text, "1.");
    assert_eq!(state.values.get("total"), Some(&json!(121.5)));
}

#[test]
fn the_submitted_values_have_the_servers_shapes() {
    let state = apply(
        two_items(),
        vec![
            range(Bound::Start, "2026-03-01"),
            range(Bound::End, "2026-03-04"),
            FormAction::AddRow("items".into()),
        ],
    );
    let sent = state.check(Check::Submit).expect("valid");
    assert_eq!(sent["period"], json!(["2026-03-01", "2026-03-04"]));
    assert_eq!(
        sent["items"],
        json!([{ "what": "交通", "amount": 120.5 }, { "what": "住宿", "amount": 300.25 }]),
        "the blank third row is dropped"
    );
    assert_eq!(
        (sent["total"].clone(), sent["rows"].clone()),
        (json!(420.75), json!(2))
    );
}

#[test]
fn date_ranges_are_two_dates_in_order() {
    let state = fresh().reduce(range(Bound::End, "2026-03-01"));
    assert_eq!(state.values.get("period"), Some(&json!(["", "2026-03-01"])));
    assert_eq!(state.selected("period"), vec!["", "2026-03-01"]);
    let state = apply(
        state,
        vec![
            range(Bound::Start, "2026-03-05"),
            FormAction::CheckField("period".into()),
        ],
    );
    assert_eq!(
        state.errors.get("period").map(String::as_str),
        Some("出差期间的开始日期不能晚于结束日期")
    );
    let state = apply(state, vec![range(Bound::Start, ""), range(Bound::End, "")]);
    assert!(!state.values.contains_key("period"));
    assert!(!state.errors.contains_key("period"));
}

#[test]
fn rows_stay_within_the_tables_limits() {
    let add = || FormAction::AddRow("items".into());
    let state = apply(fresh(), vec![add(), add(), add(), add()]);
    assert_eq!(state.row_count("items"), 3, "max_rows is 3");
    let remove = |row| FormAction::RemoveRow {
        key: "items".into(),
        row,
    };
    let state = apply(state, vec![remove(0), remove(0), remove(0), remove(5)]);
    assert_eq!(
        state.row_count("items"),
        0,
        "no min_rows: the last row may go"
    );
    assert!(!state.values.contains_key("items"));
    let issues = state.check(Check::Submit).expect_err("required table");
    assert!(
        issues
            .iter()
            .any(|i| i.path == "items" && i.message == "请添加费用明细")
    );
}

#[test]
fn removing_a_row_moves_the_later_ones_up_and_recomputes() {
    let state = two_items().reduce(FormAction::RemoveRow {
        key: "items".into(),
        row: 0,
    });
    assert_eq!(
        state.values.get("items"),
        Some(&json!([{ "what": "住宿", "amount": 300.25 }]))
    );
    assert_eq!(state.values.get("total"), Some(&json!(300.25)));
    assert_eq!(state.table_view("items")[0][0].text, "住宿");
}

#[test]
fn a_refused_submit_marks_the_bad_cells() {
    let state = apply(
        fresh(),
        vec![cell(0, "what", "餐费"), cell(0, "amount", "")],
    );
    let issues = state.check(Check::Submit).expect_err("amount missing");
    let state = state.reduce(FormAction::Invalid(issues));
    assert_eq!(
        state.errors.get("items").map(String::as_str),
        Some("费用明细第1行：请填写金额")
    );
    assert_eq!(
        state.table_view("items")[0][1].error.as_deref(),
        Some("请填写金额")
    );
    let state = state.reduce(cell(0, "amount", "30"));
    assert_eq!(state.table_view("items")[0][1].error, None);
    assert!(!state.errors.contains_key("items"));
}

#[test]
fn leaving_a_cell_checks_its_row_but_not_missing_cells_yet() {
    let state = apply(
        fresh(),
        vec![
            cell(0, "what", "交通"),
            cell(0, "amount", "-5"),
            FormAction::CheckField("items".into()),
        ],
    );
    let view = state.table_view("items");
    assert_eq!(view[0][1].error.as_deref(), Some("金额不能小于0"));
    assert_eq!(view[0][0].error, None);
    let state = apply(
        state,
        vec![
            cell(0, "amount", ""),
            FormAction::CheckField("items".into()),
        ],
    );
    assert_eq!(state.table_view("items")[0][1].error, None, "draft check");
}

#[test]
fn server_issues_on_a_cell_path_land_on_the_cell() {
    let err = ApiError {
        status: 400,
        code: "validation_failed".into(),
        detail: "表单有误".into(),
        errors: vec![Issue::new("items[0].what", "rule", "项目名称不规范")],
    };
    let state = fresh().reduce(FormAction::Failed(err));
    assert_eq!(
        state.table_view("items")[0][0].error.as_deref(),
        Some("项目名称不规范")
    );
    assert_eq!(state.general, vec!["表单有误".to_owned()]);
}

#[test]
fn an_e_mail_is_checked_when_the_input_is_left() {
    let state = apply(
        fresh(),
        vec![
            FormAction::SetText {
                key: "email".into(),
                text: "zhang@".into(),
            },
            FormAction::CheckField("email".into()),
        ],
    );
    assert_eq!(
        state.errors.get("email").map(String::as_str),
        Some("联系邮箱应为有效的电子邮箱地址")
    );
}

#[test]
fn fields_group_under_their_sections_in_form_order() {
    let form = expense_form();
    let keys: Vec<(Option<&str>, Vec<&str>)> = groups(&form)
        .iter()
        .map(|g| {
            let keys = g.fields.iter().map(|(_, f)| f.key.as_str()).collect();
            (g.section.map(|s| s.id.as_str()), keys)
        })
        .collect();
    assert_eq!(
        keys,
        vec![
            (None, vec!["applicant"]),
            (Some("basic"), vec!["period", "email", "trips"]),
            (Some("items"), vec!["items", "total", "rows"]),
        ]
    );
}
