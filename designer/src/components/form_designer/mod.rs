//! 表单设计器: the component administrators design a matter type's form with, in three columns
//! like DingTalk's approval form designer — the [`palette`] of field kinds on the left, the
//! [`canvas`] with the fields under their sections in the middle, the [`properties`] of the
//! selected field or section on the right — plus 撤销 / 重做 and a 预览 that shows the form
//! through the real generated-form components ([`preview`]). State lives in the
//! [`FormDesign`] reducer; every recorded change is reported through `on_change`. Issues (from
//! `FormDef::validate`, run live, and from the server) are shown on the field or section whose
//! path they name.
//! Test ids: `form-designer`, `btn-undo`, `btn-redo`, `btn-preview`, `designer-issues`, plus
//! those of the [`palette`], [`canvas`], [`properties`], [`columns`], [`kind_settings`],
//! [`option_source`] and [`preview`]. The designer loads the code dictionaries once and offers
//! them to choice fields and the preview.

pub mod canvas;
pub mod columns;
mod inputs;
pub mod kind_settings;
pub mod option_source;
pub mod palette;
pub mod preview;
pub mod properties;

use crate::api::dict;
use crate::hooks::use_load;
use crate::state::form_design::{FormDesign, FormDesignAction, PaletteKind, Selection, issues};
use canvas::Canvas;
use lianban_definition::Issue;
use lianban_definition::form::FormDef;
use option_source::{Dicts, filled};
use palette::Palette;
use preview::FormPreview;
use properties::{FieldProperties, SectionProperties};
use yew::prelude::*;

/// What is being dragged onto or within the canvas.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    /// A kind from the palette (a new field).
    Palette(PaletteKind),
    /// The field with this key.
    Field(String),
}

/// Props of [`FormDesigner`].
#[derive(Properties, PartialEq)]
pub struct FormDesignerProps {
    /// The draft's form. The designer starts from it; a form it did not report itself (e.g.
    /// another draft loaded by the page) restarts it with an empty history.
    pub form: FormDef,
    /// Called with the whole form after every edit, undo and redo.
    pub on_change: Callback<FormDef>,
    /// Server or definition issues with paths such as `form.fields[2].label`.
    #[prop_or_default]
    pub issues: Vec<Issue>,
    /// The matter type's rules: the 预览 runs the validation rules through the server.
    #[prop_or_default]
    pub rules: Vec<lianban_definition::matter_type::RuleDef>,
}

/// The form designer.
#[function_component]
pub fn FormDesigner(props: &FormDesignerProps) -> Html {
    let design = {
        let form = props.form.clone();
        use_reducer(move || FormDesign::new(form))
    };
    let reported = use_mut_ref(|| None::<FormDef>);
    let preview = use_state(|| false);
    let loaded = use_load((), |_| dict::list());
    let dicts = Dicts(loaded.ready().unwrap_or_default());
    let drag = use_state(|| None::<Drag>);
    {
        let (design, on_change, reported) =
            (design.clone(), props.on_change.clone(), reported.clone());
        use_effect_with(design.revision, move |revision| {
            if *revision > 0 {
                *reported.borrow_mut() = Some(design.form.clone());
                on_change.emit(design.form.clone());
            }
        });
    }
    {
        let (design, reported) = (design.clone(), reported.clone());
        use_effect_with(props.form.clone(), move |form| {
            let ours = reported.borrow().as_ref() == Some(form);
            if !ours && *form != design.form {
                design.dispatch(FormDesignAction::Reset(form.clone()));
            }
        });
    }
    let mut all_issues = design.form.validate();
    all_issues.extend(props.issues.iter().cloned());
    let general = issues::of_form(&all_issues);
    let on_drag = {
        let drag = drag.clone();
        Callback::from(move |d: Option<Drag>| drag.set(d))
    };
    let on_add = {
        let design = design.clone();
        Callback::from(move |kind| design.dispatch(FormDesignAction::Append(kind)))
    };
    let body = if *preview {
        let form = filled(&design.form, &dicts);
        html! { <FormPreview key={design.revision.to_string()} {form} rules={props.rules.clone()} /> }
    } else {
        html! {
            <div class="fd-layout">
                <Palette {on_add} on_drag={on_drag.clone()} />
                <Canvas design={design.clone()} issues={all_issues.clone()} drag={(*drag).clone()} {on_drag} />
                <aside class="card fd-props" aria-label="属性">{ panel(&design, &all_issues) }</aside>
            </div>
        }
    };
    html! {
        <ContextProvider<Dicts> context={dicts}>
            <div class="form-designer" data-testid="form-designer">
                { toolbar(&design, &preview) }
                if !general.is_empty() {
                    <div class="alert alert-error" data-testid="designer-issues">
                        <ul>{ for general.into_iter().map(|m| html! { <li>{ m }</li> }) }</ul>
                    </div>
                }
                { body }
            </div>
        </ContextProvider<Dicts>>
    }
}

/// 撤销 / 重做, the field count and the 预览 toggle.
fn toolbar(design: &UseReducerHandle<FormDesign>, preview: &UseStateHandle<bool>) -> Html {
    let act = |action: FormDesignAction| {
        let design = design.clone();
        Callback::from(move |_: MouseEvent| design.dispatch(action.clone()))
    };
    let toggle = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    let previewing = **preview;
    html! {
        <div class="fd-toolbar">
            <button type="button" class="btn btn-small" disabled={previewing || !design.can_undo()}
                data-testid="btn-undo" onclick={act(FormDesignAction::Undo)}>{ "↶ 撤销" }</button>
            <button type="button" class="btn btn-small" disabled={previewing || !design.can_redo()}
                data-testid="btn-redo" onclick={act(FormDesignAction::Redo)}>{ "↷ 重做" }</button>
            <span class="spacer" />
            <span class="muted small">{ format!("共{}个字段", design.form.fields.len()) }</span>
            <button type="button" class={classes!("btn", "btn-small", previewing.then_some("btn-primary"))}
                aria-pressed={previewing.to_string()} data-testid="btn-preview" onclick={toggle}>
                { if previewing { "返回设计" } else { "预览" } }
            </button>
        </div>
    }
}

/// The right-hand panel: the selected field's or section's properties, or a hint.
fn panel(design: &UseReducerHandle<FormDesign>, issues: &[Issue]) -> Html {
    if let Some((index, field)) = design.selected_field() {
        return html! {
            <FieldProperties key={field.key.to_string()} design={design.clone()} issues={issues.to_vec()} {index} />
        };
    }
    if let Some(Selection::Section(id)) = &design.selected
        && let Some(index) = design.form.sections.iter().position(|s| &s.id == id)
    {
        return html! {
            <SectionProperties key={id.clone()} design={design.clone()} issues={issues.to_vec()} {index} />
        };
    }
    html! { <p class="muted fd-props-hint">{ "在画布中选中字段或分组后，在这里设置它的属性" }</p> }
}
