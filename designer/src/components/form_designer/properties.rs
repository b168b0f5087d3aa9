//! The properties panel (字段属性): the selected field's title, key, help text, 必填, width,
//! section and default value, then its kind's settings ([`kind_settings`]) and, for a detail
//! table, its columns ([`Columns`]); or, when a section is selected, the section editor. Issues
//! about the field or section are listed on top, with the message of a refused edit.
//! Test ids: `prop-label`, `prop-key`, `prop-help`, `prop-required`, `prop-width`,
//! `prop-section`, `prop-default` (and its `-start` / `-end` / option suffixes), `prop-min-rows`,
//! `prop-max-rows`, `prop-error`, `prop-issues`, `prop-section-title`, `btn-section-up`,
//! `btn-section-down`, `btn-section-delete`.

use super::columns::Columns;
use super::inputs::{self, parse_count};
use super::kind_settings::{self, Settings};
use crate::components::value_input::ValueInput;
use crate::hooks::use_org;
use crate::state::form::cells::{edited, strings_of, text_of, value_of_text};
use crate::state::form_design::{FieldEdit, FormDesign, FormDesignAction, PaletteKind, issues};
use lianban_definition::Issue;
use lianban_definition::form::{Field, FieldKind, Width};
use yew::prelude::*;

/// Props of [`FieldProperties`].
#[derive(Properties, PartialEq)]
pub struct FieldPropertiesProps {
    /// The designer state.
    pub design: UseReducerHandle<FormDesign>,
    /// Definition and server issues of the whole form.
    pub issues: Vec<Issue>,
    /// Index of the selected field.
    pub index: usize,
}

/// The properties of the selected field.
#[function_component]
pub fn FieldProperties(props: &FieldPropertiesProps) -> Html {
    let org = use_org();
    let design = &props.design;
    let Some(field) = design.form.fields.get(props.index) else {
        return Html::default();
    };
    let on_edit = {
        let (design, key) = (design.clone(), field.key.to_string());
        Callback::from(move |edit| {
            design.dispatch(FormDesignAction::Edit {
                key: key.clone(),
                edit,
            })
        })
    };
    let on_text = |build: fn(String) -> FieldEdit| on_edit.reform(build);
    let settings = Settings {
        field,
        prefix: "prop".into(),
        form: &design.form,
        on_edit: on_edit.clone(),
    };
    let widths = [
        (Width::Full, "整行"),
        (Width::Half, "半行"),
        (Width::Third, "三分之一"),
    ];
    let on_width = on_edit.reform(|t: String| {
        FieldEdit::Width(match t.as_str() {
            "half" => Width::Half,
            "third" => Width::Third,
            _ => Width::Full,
        })
    });
    let width_choices = widths
        .iter()
        .map(|(w, name)| (width_tag(*w).to_owned(), (*name).to_owned()))
        .collect();
    let computed = matches!(field.kind, FieldKind::Computed { .. });
    html! {
        <div class="fd-props-body" data-testid="field-properties">
            <h3 class="fd-props-title">{ "字段属性" }<span class="badge">{ PaletteKind::of(&field.kind).name() }</span></h3>
            { problems(design, issues::of_field(&props.issues, props.index)) }
            { inputs::text("字段标题", "prop-label", &field.label, on_text(FieldEdit::Label)) }
            { inputs::committed("字段编码", "prop-key", field.key.as_str(), on_text(FieldEdit::Key)) }
            { inputs::text("提示文字", "prop-help", field.help.as_deref().unwrap_or_default(), on_text(FieldEdit::Help)) }
            if !computed {
                { inputs::check("必填", "prop-required", field.required, on_edit.reform(FieldEdit::Required)) }
            }
            { inputs::select("宽度", "prop-width", width_choices, width_tag(field.width), on_width) }
            { section_select(design, field) }
            { default_input(field, &on_edit, org) }
            <h4 class="fd-props-subtitle">{ "校验规则" }</h4>
            { kind_settings::settings(&settings) }
            if let FieldKind::Table { columns, min_rows, max_rows } = &field.kind {
                <div class="fd-prop-row">
                    { inputs::number("最少行数", "prop-min-rows", min_rows.map(|n| n.to_string()), on_edit.reform(|t: String| FieldEdit::MinRows(parse_count(&t)))) }
                    { inputs::number("最多行数", "prop-max-rows", max_rows.map(|n| n.to_string()), on_edit.reform(|t: String| FieldEdit::MaxRows(parse_count(&t)))) }
                </div>
                <Columns columns={columns.clone()} form={design.form.clone()} on_edit={on_edit.clone()} />
            }
        </div>
    }
}

/// The stored name of a width.
fn width_tag(width: Width) -> &'static str {
    match width {
        Width::Full => "full",
        Width::Half => "half",
        Width::Third => "third",
    }
}

/// The refused edit's message and the issues, above the properties.
fn problems(design: &FormDesign, messages: Vec<String>) -> Html {
    html! {
        <>
            if let Some(refusal) = design.refusal.clone() {
                <div class="alert alert-error" data-testid="prop-error">{ refusal }</div>
            }
            if !messages.is_empty() {
                <ul class="fd-issues" data-testid="prop-issues">
                    { for messages.into_iter().map(|m| html! { <li>{ m }</li> }) }
                </ul>
            }
        </>
    }
}

/// 所在分组, when the form has sections.
fn section_select(design: &UseReducerHandle<FormDesign>, field: &Field) -> Html {
    if design.form.sections.is_empty() {
        return Html::default();
    }
    let choices = std::iter::once((String::new(), "（不分组，置于最前）".to_owned()))
        .chain(
            design
                .form
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.title.clone())),
        )
        .collect();
    let on_change = {
        let (design, key) = (design.clone(), field.key.to_string());
        Callback::from(move |id: String| {
            design.dispatch(FormDesignAction::SetSection {
                key: key.clone(),
                section: Some(id).filter(|id| !id.is_empty()),
            })
        })
    };
    let current = field.section.clone().unwrap_or_default();
    inputs::select("所在分组", "prop-section", choices, &current, on_change)
}

/// 默认值: the kind's own input (numbers are applied when the input is left).
fn default_input(
    field: &Field,
    on_edit: &Callback<FieldEdit>,
    org: std::rc::Rc<crate::hooks::OrgData>,
) -> Html {
    let current = field.default.clone();
    let input = match &field.kind {
        FieldKind::Table { .. } | FieldKind::Computed { .. } | FieldKind::Attachment { .. } => {
            return Html::default();
        }
        FieldKind::Number { .. } | FieldKind::Amount { .. } => {
            let on_change = {
                let field = field.clone();
                on_edit.reform(move |t: String| FieldEdit::Default(value_of_text(&field, &t)))
            };
            return inputs::number(
                "默认值",
                "prop-default",
                Some(text_of(current.as_ref())),
                on_change,
            );
        }
        _ => {
            let on_value = {
                let field = field.clone();
                on_edit.reform(move |edit| {
                    FieldEdit::Default(edited(&field, field.default.as_ref(), edit))
                })
            };
            html! {
                <ValueInput field={field.clone()} id="prop-default-input" testid="prop-default"
                    text={text_of(current.as_ref())} selected={strings_of(current.as_ref())}
                    disabled=false {org} on_edit={on_value} on_blur={Callback::noop()} />
            }
        }
    };
    html! {
        <div class="fd-prop">
            <label class="fd-prop-label" for="prop-default-input">{ "默认值" }</label>
            { input }
        </div>
    }
}

/// Props of [`SectionProperties`].
#[derive(Properties, PartialEq)]
pub struct SectionPropertiesProps {
    /// The designer state.
    pub design: UseReducerHandle<FormDesign>,
    /// Definition and server issues of the whole form.
    pub issues: Vec<Issue>,
    /// Index of the selected section.
    pub index: usize,
}

/// The section editor: title, order, delete.
#[function_component]
pub fn SectionProperties(props: &SectionPropertiesProps) -> Html {
    let design = &props.design;
    let Some(section) = design.form.sections.get(props.index) else {
        return Html::default();
    };
    let id = section.id.clone();
    let act = |build: fn(String) -> FormDesignAction| {
        let (design, id) = (design.clone(), id.clone());
        Callback::from(move |_: MouseEvent| design.dispatch(build(id.clone())))
    };
    let on_title = {
        let (design, id) = (design.clone(), id.clone());
        Callback::from(move |title| {
            design.dispatch(FormDesignAction::RenameSection {
                id: id.clone(),
                title,
            })
        })
    };
    let last = design.form.sections.len().saturating_sub(1);
    html! {
        <div class="fd-props-body" data-testid="section-properties">
            <h3 class="fd-props-title">{ "分组属性" }</h3>
            { problems(design, issues::of_section(&props.issues, props.index)) }
            { inputs::text("分组标题", "prop-section-title", &section.title, on_title) }
            <p class="help">{ format!("分组编号：{}", section.id) }</p>
            <div class="actions">
                { inputs::tool("上移", "分组上移", "btn-section-up", props.index == 0, act(FormDesignAction::MoveSectionUp)) }
                { inputs::tool("下移", "分组下移", "btn-section-down", props.index == last, act(FormDesignAction::MoveSectionDown)) }
                <button type="button" class="btn btn-small btn-danger-plain" data-testid="btn-section-delete"
                    onclick={act(FormDesignAction::DeleteSection)}>{ "删除分组" }</button>
            </div>
            <p class="help">{ "删除分组不会删除其中的字段，它们将并入上一个分组。" }</p>
        </div>
    }
}
