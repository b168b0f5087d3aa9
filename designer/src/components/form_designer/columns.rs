//! 表格列: the columns of a detail table in the properties panel. Each column is a simple field:
//! a row with its title, key, kind, 必填, reordering and removal, and a 设置 toggle that opens the
//! column's own settings (choices, bounds, lengths …). New columns are of the kind picked next
//! to 添加列.
//! Test ids: `prop-column-<i>-label`, `prop-column-<i>-key`, `prop-column-<i>-required`,
//! `prop-column-<i>-up` / `-down` / `-remove` / `-settings`, `prop-column-kind`,
//! `prop-column-add`, plus the settings ids with prefix `prop-column-<i>`.

use super::inputs;
use super::kind_settings::{self, Settings};
use crate::state::form_design::{FieldEdit, PaletteKind};
use lianban_definition::form::{Field, FormDef};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Columns`].
#[derive(Properties, PartialEq)]
pub struct ColumnsProps {
    /// The table's columns.
    pub columns: Vec<Field>,
    /// The whole form.
    pub form: FormDef,
    /// Edits of the table field.
    pub on_edit: Callback<FieldEdit>,
}

/// The column list of a table.
#[function_component]
pub fn Columns(props: &ColumnsProps) -> Html {
    let open = use_state(|| None::<usize>);
    let kind = use_state(|| PaletteKind::Text);
    let rows = props
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| column_row(props, &open, i, column));
    let choose = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let tag = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(k) = PaletteKind::columns().find(|k| k.tag() == tag) {
                kind.set(k);
            }
        })
    };
    let add = {
        let kind = *kind;
        props
            .on_edit
            .reform(move |_: MouseEvent| FieldEdit::AddColumn(kind))
    };
    html! {
        <div class="fd-prop">
            <span class="fd-prop-label">{ "表格列" }</span>
            <ul class="fd-columns">{ for rows }</ul>
            <div class="fd-prop-row">
                <select class="input" aria-label="新列的类型" data-testid="prop-column-kind" onchange={choose}>
                    { for PaletteKind::columns().map(|k| html! {
                        <option value={k.tag()} selected={k == *kind}>{ k.name() }</option>
                    }) }
                </select>
                <button type="button" class="btn btn-small" data-testid="prop-column-add" onclick={add}>{ "＋ 添加列" }</button>
            </div>
        </div>
    }
}

/// One column: title, key, kind, 必填, tools, and its settings when open.
fn column_row(
    props: &ColumnsProps,
    open: &UseStateHandle<Option<usize>>,
    i: usize,
    column: &Field,
) -> Html {
    let last = props.columns.len().saturating_sub(1);
    let id = |name: &str| format!("prop-column-{i}-{name}");
    let on_column = props
        .on_edit
        .reform(move |edit| FieldEdit::Column(i, Box::new(edit)));
    let click = |edit: FieldEdit| props.on_edit.reform(move |_: MouseEvent| edit.clone());
    let label = on_column.reform(|e: InputEvent| {
        FieldEdit::Label(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let key = on_column
        .reform(|e: Event| FieldEdit::Key(e.target_unchecked_into::<HtmlInputElement>().value()));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(if *open == Some(i) { None } else { Some(i) });
        })
    };
    let settings = Settings {
        field: column,
        prefix: format!("prop-column-{i}"),
        form: &props.form,
        on_edit: on_column.clone(),
    };
    html! {
        <li class="fd-column">
            <div class="fd-column-line">
                <input class="input" value={column.label.clone()} aria-label="列标题" placeholder="列标题"
                    data-testid={id("label")} oninput={label} />
                <input class="input fd-column-key" value={column.key.to_string()} aria-label="列编码"
                    data-testid={id("key")} onchange={key} />
            </div>
            <div class="fd-column-line">
                <span class="muted small">{ PaletteKind::of(&column.kind).name() }</span>
                { inputs::check("必填", &id("required"), column.required, on_column.reform(FieldEdit::Required)) }
                <span class="spacer" />
                { inputs::tool("设置", "列的校验规则", &id("settings"), false, toggle) }
                { inputs::tool("↑", "上移", &id("up"), i == 0, click(FieldEdit::MoveColumn { from: i, to: i.saturating_sub(1) })) }
                { inputs::tool("↓", "下移", &id("down"), i == last, click(FieldEdit::MoveColumn { from: i, to: i + 1 })) }
                { inputs::tool("✕", "删除列", &id("remove"), false, click(FieldEdit::RemoveColumn(i))) }
            </div>
            if **open == Some(i) {
                <div class="fd-column-settings">{ kind_settings::settings(&settings) }</div>
            }
        </li>
    }
}
