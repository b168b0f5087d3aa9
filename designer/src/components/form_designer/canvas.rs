//! The canvas (画布) in the middle of the designer: the fields in order under their section
//! titles, drawn with the real form inputs (disabled) on the 12-column grid. A click selects a
//! field or section; palette items and fields can be dropped before or after a field or at the
//! end of a group (HTML5 drag and drop); the selected field carries 上移 / 下移 / 复制 / 删除.
//! Fields with issues are outlined in red with their first message.
//! Test ids: `canvas`, `canvas-field-<key>`, `canvas-section-<id>`, `canvas-drop-<id>` (end of
//! a section; `canvas-drop-top` above the first one), `btn-field-up`, `btn-field-down`,
//! `btn-field-copy`, `btn-field-delete`, `section-add`.

use super::Drag;
use super::inputs;
use crate::components::attachment_input::AttachmentInput;
use crate::components::field_input::FieldInput;
use crate::hooks::use_org;
use crate::state::form::cells::{strings_of, text_of};
use crate::state::form::layout::{Group, groups};
use crate::state::form::{CellView, table_shape};
use crate::state::form_design::{FormDesign, FormDesignAction, Selection, issues};
use lianban_definition::Issue;
use lianban_definition::form::{Field, FieldKind};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Where a dragged item would land: insert index and section.
#[derive(Debug, Clone, PartialEq)]
struct DropAt {
    at: usize,
    section: Option<String>,
}

/// Props of [`Canvas`].
#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    /// The designer state.
    pub design: UseReducerHandle<FormDesign>,
    /// Definition and server issues of the whole form.
    pub issues: Vec<Issue>,
    /// What is being dragged, if anything.
    pub drag: Option<Drag>,
    /// A drag started (`Some`) or ended (`None`).
    pub on_drag: Callback<Option<Drag>>,
}

/// The canvas.
#[function_component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let drop_at = use_state(|| None::<DropAt>);
    let org = use_org();
    let ctx = Ctx {
        props,
        drop_at: &drop_at,
        org: &org,
    };
    let form = &props.design.form;
    let all = groups(form);
    // The drop zone above the first section stays in place while dragging, so nothing moves
    // under the pointer when a drag starts.
    let shown = all.iter();
    let add_section = {
        let design = props.design.clone();
        Callback::from(move |_: MouseEvent| design.dispatch(FormDesignAction::AddSection))
    };
    html! {
        <div class="card fd-canvas" data-testid="canvas">
            if form.fields.is_empty() {
                <p class="fd-canvas-hint">{ "从左侧拖入控件，或点击控件添加字段" }</p>
            }
            { for shown.map(|g| ctx.group(g)) }
            <button type="button" class="btn btn-small" data-testid="section-add" onclick={add_section}>{ "＋ 添加分组" }</button>
        </div>
    }
}

/// What the canvas's pieces share.
struct Ctx<'a> {
    props: &'a CanvasProps,
    drop_at: &'a UseStateHandle<Option<DropAt>>,
    org: &'a std::rc::Rc<crate::hooks::OrgData>,
}

impl Ctx<'_> {
    /// A group: its section head, its fields on the grid, its end drop zone.
    fn group(&self, group: &Group<'_>) -> Html {
        let design = &self.props.design;
        let section = group.section.map(|s| s.id.clone());
        let end = design.end_of(section.as_deref());
        let zone_id = section.clone().unwrap_or_else(|| "top".into());
        let target = DropAt {
            at: end,
            section: section.clone(),
        };
        let active = self.props.drag.is_some() && **self.drop_at == Some(target.clone());
        let head = group.section.map(|s| {
            let index = form_section_index(design, &s.id);
            let selected = design.selected == Some(Selection::Section(s.id.clone()));
            let invalid = !issues::of_section(&self.props.issues, index).is_empty();
            let start = DropAt {
                at: group.fields.first().map_or(end, |(i, _)| *i),
                section: section.clone(),
            };
            let select = {
                let (design, id) = (design.clone(), s.id.clone());
                Callback::from(move |_: MouseEvent| {
                    design.dispatch(FormDesignAction::Select(Some(Selection::Section(id.clone()))))
                })
            };
            html! {
                <button type="button" class={classes!("fd-section-head", selected.then_some("selected"), invalid.then_some("invalid"))}
                    data-testid={format!("canvas-section-{}", s.id)} onclick={select}
                    ondragover={self.over(move |_| start.clone())} ondrop={self.dropped()}>
                    { s.title.clone() }<span class="muted small">{ format!("（{}个字段）", group.fields.len()) }</span>
                </button>
            }
        });
        let sectioned = !design.form.sections.is_empty();
        let (hint, quiet) = match (group.section, group.fields.is_empty()) {
            (None, _) if sectioned => ("拖到这里，放在所有分组之前", true),
            (None, true) => ("拖动控件到这里", false),
            (Some(_), true) => ("拖动控件到此分组", false),
            (_, false) => ("拖到这里，放在末尾", true),
        };
        html! {
            <section class={classes!("fd-canvas-group", group.section.is_some().then_some("form-section"))}>
                { head.unwrap_or_default() }
                <div class="form-grid">{ for group.fields.iter().map(|(i, f)| self.field(*i, f, &section)) }</div>
                <div class={classes!("fd-drop", active.then_some("active"), self.props.drag.is_some().then_some("dragging"), quiet.then_some("quiet"))}
                    data-testid={format!("canvas-drop-{zone_id}")}
                    ondragover={self.over(move |_| target.clone())} ondrop={self.dropped()}>
                    { hint }
                </div>
            </section>
        }
    }

    /// `dragover` handler: allows the drop and shows where it would land.
    fn over(&self, place: impl Fn(&DragEvent) -> DropAt + 'static) -> Callback<DragEvent> {
        let (drop_at, dragging) = (self.drop_at.clone(), self.props.drag.is_some());
        Callback::from(move |e: DragEvent| {
            if !dragging {
                return;
            }
            e.prevent_default();
            let target = place(&e);
            if *drop_at != Some(target.clone()) {
                drop_at.set(Some(target));
            }
        })
    }

    /// `drop` handler: adds or moves at the place last shown.
    fn dropped(&self) -> Callback<DragEvent> {
        let (design, drop_at) = (self.props.design.clone(), self.drop_at.clone());
        let (drag, on_drag) = (self.props.drag.clone(), self.props.on_drag.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let (Some(drag), Some(DropAt { at, section })) = (drag.clone(), (*drop_at).clone()) {
                design.dispatch(match drag {
                    Drag::Palette(kind) => FormDesignAction::Add { kind, at, section },
                    Drag::Field(key) => FormDesignAction::Move {
                        key,
                        to: at,
                        section,
                    },
                });
            }
            drop_at.set(None);
            on_drag.emit(None);
        })
    }

    /// One field card.
    fn field(&self, index: usize, field: &Field, section: &Option<String>) -> Html {
        let design = &self.props.design;
        let key = field.key.to_string();
        let selected = design.selected == Some(Selection::Field(key.clone()));
        let messages = issues::of_field(&self.props.issues, index);
        let before = self.props.drag.is_some()
            && **self.drop_at
                == Some(DropAt {
                    at: index,
                    section: section.clone(),
                });
        let select = {
            let (design, key) = (design.clone(), key.clone());
            Callback::from(move |()| {
                design.dispatch(FormDesignAction::Select(Some(Selection::Field(
                    key.clone(),
                ))))
            })
        };
        let onkeydown = {
            let select = select.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    select.emit(());
                }
            })
        };
        let (ondragstart, ondragend) = self.drag_handlers(&key);
        let ondragover = {
            let section = section.clone();
            self.over(move |e| DropAt {
                at: index + usize::from(lower_half(e)),
                section: section.clone(),
            })
        };
        let class = classes!(
            "grid-item",
            format!("span-{}", field.width.columns()),
            "fd-field",
            selected.then_some("selected"),
            (!messages.is_empty()).then_some("invalid"),
            before.then_some("fd-drop-before"),
        );
        html! {
            <div {key} {class} data-testid={format!("canvas-field-{}", field.key)} draggable="true" tabindex="0"
                role="button" aria-pressed={selected.to_string()} onclick={select.reform(|_: MouseEvent| ())} {onkeydown}
                {ondragstart} {ondragend} {ondragover} ondrop={self.dropped()}>
                { self.look(field) }
                if let Some(message) = messages.first() {
                    <div class="field-error fd-field-issue">{ message.clone() }</div>
                }
                if selected {
                    { self.tools(&field.key.to_string()) }
                }
            </div>
        }
    }

    /// `dragstart` and `dragend` of the card of field `key`.
    fn drag_handlers(&self, key: &str) -> (Callback<DragEvent>, Callback<DragEvent>) {
        let key = key.to_owned();
        let start = self.props.on_drag.reform(move |e: DragEvent| {
            if let Some(data) = e.data_transfer() {
                data.set_effect_allowed("move");
                let _ = data.set_data("text/plain", &key);
            }
            Some(Drag::Field(key.clone()))
        });
        let drop_at = self.drop_at.clone();
        let end = self.props.on_drag.reform(move |_: DragEvent| {
            drop_at.set(None);
            None
        });
        (start, end)
    }

    /// The field drawn as initiators will see it, with its default value.
    fn look(&self, field: &Field) -> Html {
        let default = field.default.as_ref();
        match &field.kind {
            FieldKind::Attachment { .. } => html! {
                <AttachmentInput field={field.clone()} files={Vec::new()} error={None::<String>} uploading=false
                    disabled=true on_upload={Callback::noop()} on_remove={Callback::noop()} />
            },
            kind => {
                let text = match kind {
                    FieldKind::Computed { .. } => "0".to_owned(),
                    _ => text_of(default),
                };
                let columns = table_shape(field).map_or(0, |(c, _, _)| c.len());
                let rows = if columns > 0 {
                    vec![vec![CellView::default(); columns]]
                } else {
                    Vec::new()
                };
                html! {
                    <FieldInput field={field.clone()} {text} selected={strings_of(default)} {rows}
                        error={None::<String>} disabled=true org={self.org.clone()} on_action={Callback::noop()} />
                }
            }
        }
    }

    /// 上移 / 下移 / 复制 / 删除 on the selected field.
    fn tools(&self, key: &str) -> Html {
        let design = &self.props.design;
        let act = |build: fn(String) -> FormDesignAction| {
            let (design, key) = (design.clone(), key.to_owned());
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                design.dispatch(build(key.clone()));
            })
        };
        html! {
            <div class="fd-tools">
                { inputs::tool("上移", "上移", "btn-field-up", false, act(FormDesignAction::MoveUp)) }
                { inputs::tool("下移", "下移", "btn-field-down", false, act(FormDesignAction::MoveDown)) }
                { inputs::tool("复制", "复制字段", "btn-field-copy", false, act(FormDesignAction::Duplicate)) }
                { inputs::tool("删除", "删除字段", "btn-field-delete", false, act(FormDesignAction::Delete)) }
            </div>
        }
    }
}

/// The index of section `id`.
fn form_section_index(design: &FormDesign, id: &str) -> usize {
    design
        .form
        .sections
        .iter()
        .position(|s| s.id == id)
        .unwrap_or(usize::MAX)
}

/// Whether the pointer is in the lower half of the element under it (drop after it).
fn lower_half(e: &DragEvent) -> bool {
    e.current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| {
            let rect = el.get_bounding_client_rect();
            f64::from(e.client_y()) > rect.top() + rect.height() / 2.0
        })
}
