//! The designer's toolbar: 撤销 / 重做, 放大 / 缩小 / 100%, and 上移 / 下移 / 复制 / 删除 for the
//! selected node (复制 puts a copy right below and keeps the node on the clipboard for 粘贴).

use super::Ctx;
use crate::state::flow_design::{Direction, FlowDesignAction, ZOOM_MAX, ZOOM_MIN};
use yew::prelude::*;

/// One toolbar button.
fn button(
    ctx: &Ctx<'_>,
    test_id: &'static str,
    label: &'static str,
    enabled: bool,
    actions: Vec<FlowDesignAction>,
) -> Html {
    let dispatch = ctx.dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        actions.iter().cloned().for_each(|a| dispatch.emit(a));
    });
    let danger = (test_id == "btn-node-delete").then_some("btn-danger-plain");
    html! {
        <button type="button" class={classes!("btn", "btn-small", danger)} data-testid={test_id}
            disabled={!enabled} {onclick}>{ label }</button>
    }
}

/// The toolbar.
pub(super) fn toolbar(ctx: &Ctx<'_>) -> Html {
    let state = ctx.state;
    let node = state.selected_node().map(|(path, _)| path.clone());
    let on_node = |make: fn(crate::state::flow_design::NodePath) -> Vec<FlowDesignAction>| {
        node.clone().map(make).unwrap_or_default()
    };
    let selected = node.is_some();
    html! {
        <div class="flow-toolbar" role="toolbar">
            <div class="flow-toolbar-group">
                { button(ctx, "btn-flow-undo", "撤销", state.can_undo(), vec![FlowDesignAction::Undo]) }
                { button(ctx, "btn-flow-redo", "重做", state.can_redo(), vec![FlowDesignAction::Redo]) }
            </div>
            <div class="flow-toolbar-group">
                { button(ctx, "btn-zoom-out", "缩小", state.zoom > ZOOM_MIN, vec![FlowDesignAction::ZoomOut]) }
                <span class="flow-zoom-level" data-testid="flow-zoom-level">{ format!("{}%", state.zoom) }</span>
                { button(ctx, "btn-zoom-in", "放大", state.zoom < ZOOM_MAX, vec![FlowDesignAction::ZoomIn]) }
                { button(ctx, "btn-zoom-reset", "100%", state.zoom != 100, vec![FlowDesignAction::ZoomReset]) }
            </div>
            <div class="flow-toolbar-group">
                { button(ctx, "btn-node-up", "上移", selected, on_node(|node| {
                    vec![FlowDesignAction::Move { node, dir: Direction::Up }]
                })) }
                { button(ctx, "btn-node-down", "下移", selected, on_node(|node| {
                    vec![FlowDesignAction::Move { node, dir: Direction::Down }]
                })) }
                { button(ctx, "btn-node-copy", "复制", selected, on_node(|node| {
                    vec![FlowDesignAction::Copy(node.clone()), FlowDesignAction::Duplicate(node)]
                })) }
                { button(ctx, "btn-node-delete", "删除", selected, on_node(|node| {
                    vec![FlowDesignAction::Delete(node)]
                })) }
            </div>
            <span class="spacer" />
            <span class="muted small">{ "拖动节点卡片到连线上的“+”可移动节点" }</span>
        </div>
    }
}
