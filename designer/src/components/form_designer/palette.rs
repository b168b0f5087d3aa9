//! The palette (控件) on the left of the designer: every field kind by group. An item can be
//! dragged onto the canvas, or clicked (or chosen with the keyboard) to add the field after the
//! selected one. Test ids: `palette-<kind>` with the kind's serde tag, e.g. `palette-table`.

use super::Drag;
use crate::state::form_design::{PaletteGroup, PaletteKind};
use yew::prelude::*;

/// Props of [`Palette`].
#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// A kind was clicked.
    pub on_add: Callback<PaletteKind>,
    /// A drag started (`Some`) or ended (`None`).
    pub on_drag: Callback<Option<Drag>>,
}

/// The palette.
#[function_component]
pub fn Palette(props: &PaletteProps) -> Html {
    let groups = PaletteGroup::ALL.into_iter().map(|group| {
        let items = PaletteKind::ALL
            .into_iter()
            .filter(move |k| k.group() == group)
            .map(|kind| {
                let onclick = props.on_add.reform(move |_: MouseEvent| kind);
                let ondragstart = props.on_drag.reform(move |e: DragEvent| {
                    if let Some(data) = e.data_transfer() {
                        data.set_effect_allowed("copy");
                        // Some browsers start a drag only when it carries data.
                        let _ = data.set_data("text/plain", kind.tag());
                    }
                    Some(Drag::Palette(kind))
                });
                let ondragend = props.on_drag.reform(|_: DragEvent| None);
                html! {
                    <button type="button" class="fd-palette-item" draggable="true" title={format!("拖入画布，或点击添加「{}」", kind.name())}
                        data-testid={format!("palette-{}", kind.tag())} {onclick} {ondragstart} {ondragend}>
                        { kind.name() }
                    </button>
                }
            });
        html! {
            <section class="fd-palette-group">
                <h4>{ group.title() }</h4>
                <div class="fd-palette-items">{ for items }</div>
            </section>
        }
    });
    html! {
        <aside class="card fd-palette" aria-label="控件">
            <h3 class="fd-props-title">{ "控件" }</h3>
            { for groups }
        </aside>
    }
}
