//! The designer's decorations of the shared tree drawing: the "+" on each connector with its
//! insert menu (and drop target for dragged cards), selectable and draggable cards with their
//! issues, selectable branch heads, and the 添加条件 / 添加分支 button of branch nodes.

use super::Ctx;
use crate::components::flow_tree::{CardDecor, Decor};
use crate::state::flow_design::{BranchPath, FlowDesignAction, Gap, NodeKind, NodePath, Selection};
use lianban_definition::flow::Node;
use yew::prelude::*;

/// The canvas decorations, with the open "+" menu and the card being dragged.
pub(super) struct Canvas<'a> {
    /// The designer.
    pub ctx: &'a Ctx<'a>,
    /// The gap whose insert menu is open.
    pub menu: UseStateHandle<Option<Gap>>,
    /// The node being dragged.
    pub drag: UseStateHandle<Option<NodePath>>,
}

/// Issue messages under a card or branch head.
fn issue_list(messages: &[String]) -> Html {
    if messages.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="flow-issue">{ for messages.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
    }
}

impl Canvas<'_> {
    /// The open insert menu at `gap`.
    fn menu(&self, gap: &Gap) -> Html {
        let item = |code: &'static str, label: String, action: FlowDesignAction| {
            let (dispatch, menu) = (self.ctx.dispatch.clone(), self.menu.clone());
            let onclick = Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                menu.set(None);
                dispatch.emit(action.clone());
            });
            html! {
                <button type="button" class={classes!("flow-add-item", format!("item-{code}"))}
                    data-testid={format!("flow-add-menu-{code}")} {onclick}>{ label }</button>
            }
        };
        let paste = self.ctx.state.clipboard.as_ref().map(|node| {
            let label = format!("粘贴「{}」", node.name());
            item("paste", label, FlowDesignAction::Paste(gap.clone()))
        });
        html! {
            <div class="flow-add-menu" role="menu">
                { for NodeKind::ALL.iter().map(|&kind| {
                    let action = FlowDesignAction::Insert { gap: gap.clone(), kind };
                    item(kind.code(), kind.label().to_owned(), action)
                }) }
                { paste.unwrap_or_default() }
            </div>
        }
    }

    /// Drop handlers that move the dragged card to `gap`.
    fn drop_target(&self, gap: &Gap) -> (Callback<DragEvent>, Callback<DragEvent>) {
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let (drag, dispatch, gap) = (self.drag.clone(), self.ctx.dispatch.clone(), gap.clone());
        let ondrop = Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(node) = (*drag).clone() {
                drag.set(None);
                dispatch.emit(FlowDesignAction::MoveTo {
                    node,
                    gap: gap.clone(),
                });
            }
        });
        (ondragover, ondrop)
    }
}

impl Decor for Canvas<'_> {
    fn gap(&self, gap: &Gap) -> Html {
        let open = self.menu.as_ref() == Some(gap);
        let onclick = {
            let (menu, gap) = (self.menu.clone(), gap.clone());
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                menu.set((!open).then(|| gap.clone()));
            })
        };
        let (ondragover, ondrop) = self.drop_target(gap);
        let menu = open.then(|| self.menu(gap));
        html! {
            <div class={classes!("flow-add-wrap", open.then_some("open"))} {ondragover} {ondrop}>
                <button type="button" class="flow-add" title="添加节点" aria-label="添加节点"
                    data-testid={format!("flow-add-{gap}")} {onclick}>{ "+" }</button>
                { menu.unwrap_or_default() }
            </div>
        }
    }

    fn node(&self, path: &NodePath, _node: &Node) -> CardDecor {
        let selected = self.ctx.state.selected == Some(Selection::Node(path.clone()));
        let messages = self.ctx.issues.node(path);
        let onclick = {
            let (dispatch, path) = (self.ctx.dispatch.clone(), path.clone());
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                dispatch.emit(FlowDesignAction::Select(Some(Selection::Node(
                    path.clone(),
                ))));
            })
        };
        let ondragstart = {
            let (drag, path) = (self.drag.clone(), path.clone());
            Callback::from(move |e: DragEvent| {
                e.stop_propagation();
                if let Some(data) = e.data_transfer() {
                    // Firefox starts a drag only when some data is set.
                    let _ = data.set_data("text/plain", &path.to_string());
                    data.set_effect_allowed("move");
                }
                drag.set(Some(path.clone()));
            })
        };
        CardDecor {
            class: classes!(
                selected.then_some("selected"),
                (!messages.is_empty()).then_some("has-issue")
            ),
            onclick: Some(onclick),
            ondragstart: Some(ondragstart),
            footer: issue_list(messages),
        }
    }

    fn branch(&self, at: &BranchPath, _node: &Node) -> CardDecor {
        let selection = Selection::Branch(at.clone());
        let selected = self.ctx.state.selected.as_ref() == Some(&selection);
        let messages = self.ctx.issues.branch(at);
        let dispatch = self.ctx.dispatch.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            dispatch.emit(FlowDesignAction::Select(Some(selection.clone())));
        });
        CardDecor {
            class: classes!(
                selected.then_some("selected"),
                (!messages.is_empty()).then_some("has-issue")
            ),
            onclick: Some(onclick),
            ondragstart: None,
            footer: issue_list(messages),
        }
    }

    fn branch_bar(&self, path: &NodePath, node: &Node) -> Html {
        let label = match node {
            Node::Condition { .. } => "添加条件",
            _ => "添加分支",
        };
        let onclick = {
            let (dispatch, path) = (self.ctx.dispatch.clone(), path.clone());
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                dispatch.emit(FlowDesignAction::AddBranch(path.clone()));
            })
        };
        html! {
            <button type="button" class="flow-branch-add" data-testid={format!("flow-branch-add-{}", node.id())}
                {onclick}>{ label }</button>
        }
    }
}
