//! 明细表 in a generated form: one row per entry with an input per column, 删除 on each row and
//! 添加一行 below, within the table's row limits; each cell shows its own message (checked with
//! its column's rules). Scrolls sideways on narrow screens.
//! Test ids: `field-<key>` (the wrapper), `field-<key>-<row>-<column>` (a cell's input, rows
//! from 0), `field-<key>-<row>-remove`, `field-<key>-add-row`,
//! `error-<key>-<row>-<column>`.

use crate::components::value_input::ValueInput;
use crate::hooks::OrgData;
use crate::state::form::{Cell, CellView, FormAction, table_shape};
use lianban_definition::form::Field;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`TableInput`].
#[derive(Properties, PartialEq)]
pub struct TableInputProps {
    /// The table field.
    pub field: Field,
    /// What each cell shows, row by row in column order.
    pub rows: Vec<Vec<CellView>>,
    /// Read-only while an operation runs.
    pub disabled: bool,
    /// Units and users for picker columns.
    pub org: Rc<OrgData>,
    /// Where edits go.
    pub on_action: Callback<FormAction>,
}

/// The detail table.
#[function_component]
pub fn TableInput(props: &TableInputProps) -> Html {
    let key = props.field.key.to_string();
    let Some((columns, min, max)) = table_shape(&props.field) else {
        return Html::default();
    };
    let count = props.rows.len();
    let add = {
        let key = key.clone();
        props
            .on_action
            .reform(move |_: MouseEvent| FormAction::AddRow(key.clone()))
    };
    let heads = columns.iter().map(|c| {
        let required = c
            .required
            .then(|| html! { <span class="required">{ "*" }</span> });
        html! { <th>{ c.label.clone() }{ required.unwrap_or_default() }</th> }
    });
    let limits = match (min, max) {
        (0, max) => format!("最多{max}行"),
        (min, max) => format!("至少{min}行，最多{max}行"),
    };
    html! {
        <div class="detail" id={format!("f-{key}")} data-testid={format!("field-{key}")}>
            <div class="detail-scroll">
                <table class="table detail-table">
                    <thead><tr><th class="row-no">{ "序号" }</th>{ for heads }<th class="row-ops">{ "操作" }</th></tr></thead>
                    <tbody>
                        if count == 0 {
                            <tr><td class="empty" colspan={(columns.len() + 2).to_string()}>{ "暂无明细，请点击「添加一行」" }</td></tr>
                        }
                        { for props.rows.iter().enumerate().map(|(row, cells)| table_row(props, columns, row, cells, count > min)) }
                    </tbody>
                </table>
            </div>
            <div class="detail-foot">
                <button type="button" class="btn btn-small" disabled={props.disabled || count >= max}
                    data-testid={format!("field-{key}-add-row")} onclick={add}>{ "＋ 添加一行" }</button>
                <span class="help">{ limits }</span>
            </div>
        </div>
    }
}

/// One row: its number, a cell per column, 删除.
fn table_row(
    props: &TableInputProps,
    columns: &[Field],
    row: usize,
    cells: &[CellView],
    removable: bool,
) -> Html {
    let key = props.field.key.to_string();
    let remove = {
        let key = key.clone();
        props
            .on_action
            .reform(move |_: MouseEvent| FormAction::RemoveRow {
                key: key.clone(),
                row,
            })
    };
    let tds = columns.iter().zip(cells).map(|(column, view)| {
        let cell = Cell {
            table: key.clone(),
            row,
            column: column.key.to_string(),
        };
        let on_edit = {
            let cell = cell.clone();
            props.on_action.reform(move |edit| FormAction::SetCell {
                cell: cell.clone(),
                edit,
            })
        };
        let on_blur = {
            let key = key.clone();
            props
                .on_action
                .reform(move |()| FormAction::CheckField(key.clone()))
        };
        let base = format!("{key}-{row}-{}", column.key);
        let error = view.error.clone().map(|message| {
            html! { <div class="field-error" data-testid={format!("error-{base}")}>{ message }</div> }
        });
        html! {
            <td class={classes!(view.error.is_some().then_some("has-error"))}>
                <ValueInput field={column.clone()} id={format!("f-{base}")} testid={format!("field-{base}")}
                    text={view.text.clone()} selected={view.selected.clone()} disabled={props.disabled}
                    org={props.org.clone()} aria_label={format!("第{}行{}", row + 1, column.label)}
                    {on_edit} {on_blur} />
                { error.unwrap_or_default() }
            </td>
        }
    });
    html! {
        <tr>
            <td class="row-no">{ row + 1 }</td>
            { for tds }
            <td class="row-ops">
                <button type="button" class="btn btn-link danger" disabled={props.disabled || !removable}
                    data-testid={format!("field-{key}-{row}-remove")} onclick={remove}>{ "删除" }</button>
            </td>
        </tr>
    }
}
