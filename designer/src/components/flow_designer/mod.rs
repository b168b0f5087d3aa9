//! 流程设计器: the flow drawn as a vertical node tree (DingTalk style, see
//! [`flow_tree`](super::flow_tree)) with a "+" on every connector to insert 审批人 / 抄送 /
//! 办理单位 / 盖章 / 条件分支 / 并行分支 (or paste a copied node), branch columns with 添加条件 /
//! 添加分支, drag and drop of cards onto connectors, a toolbar (撤销, 重做, zoom, and 上移 / 下移
//! / 复制 / 删除 for the selected node) and a properties drawer on the right for the selected
//! node or branch, with 字段权限 and 操作权限 for task nodes. Nodes and branches named in
//! `issues` get a red outline and the message.
//!
//! All editing goes through [`FlowDesign`]; `on_change` receives the flow after every edit. The
//! designer reloads when `flow` changes to something it did not emit itself (another version).
//! Keys: Ctrl+Z 撤销, Ctrl+Y or Ctrl+Shift+Z 重做, Delete 删除 the selected node (outside inputs).
//!
//! Test ids. Canvas: `flow-node-<id>` (cards), `flow-add-<gap>` (the "+" of each connector, gap
//! printed as in [`path`](crate::state::flow_design::path): `flow-add-0` before the first
//! top-level node, `flow-add-2-b1-0` at the start of branch 1 of top-level node 2,
//! `flow-add-2-d-0` in a default branch),
//! `flow-add-menu-approver|cc|unit|seal|condition|parallel|paste`,
//! `flow-branch-<nodeid>-<i>` (branch heads; `<i>` = `default` for the default branch),
//! `flow-branch-add-<nodeid>`, `flow-issues` (flow-level issues), `flow-refusal`.
//! Toolbar: `btn-flow-undo`, `btn-flow-redo`, `btn-zoom-in`, `btn-zoom-out`, `btn-zoom-reset`,
//! `flow-zoom-level`, `btn-node-up`, `btn-node-down`, `btn-node-copy`, `btn-node-delete`.
//! Drawer: `flow-drawer`, `btn-drawer-close`, `node-prop-name`, `node-prop-id`,
//! `node-prop-assignee-kind` (values `initiator_post`, `initiator_leader`, `users`, `post`,
//! `unit_leader`, `role`, `chosen_at_submit`, `from_field`), `node-prop-user-<username>`,
//! `node-prop-post`, `node-prop-assignee-unit`, `node-prop-role`, `node-prop-levels`,
//! `node-prop-multiple`, `node-prop-user-field`, `node-prop-mode`, `node-prop-sign-percent`,
//! `node-prop-when-empty` (values `to_admin`, `to_users`, `auto_pass`, `refuse`),
//! `node-prop-when-empty-user-<username>`, `node-prop-time-limit`, `node-prop-unit` (unit and
//! seal nodes), `node-prop-handling`, `node-prop-seal`, `node-prop-step-<i>-name`,
//! `node-prop-step-<i>-post`, `node-prop-step-<i>-remove`, `node-prop-step-add`;
//! 字段权限 `node-prop-field-access` (the table), `node-prop-field-access-<key>` (a row),
//! `node-prop-field-access-<key>-editable|read_only|hidden` (its radios),
//! `node-prop-field-access-all-editable|read_only|hidden`; 操作权限 `node-prop-op-can-return`,
//! `node-prop-op-return-targets` (values `initiator`, `any_earlier`, `nodes`),
//! `node-prop-op-return-node-<id>`, `node-prop-op-after-return` (values `straight_back`,
//! `rerun`), `node-prop-op-transfer`, `node-prop-op-delegate`, `node-prop-op-add-signer`;
//! branches `branch-prop-name`, `btn-branch-left`, `btn-branch-right`, `btn-branch-delete`,
//! `cond-kind` (field conditions vs rule), `cond-rule`, `cond-field-<i>`, `cond-op-<i>`,
//! `cond-value-<i>`, `cond-remove-<i>` (`<i>` numbers the comparisons depth first from 0),
//! `cond-combine-<g>`, `cond-add-<g>`, `cond-add-group-<g>`, `cond-remove-group-<g>` (`<g>` =
//! the group's indices joined by `-`, `root` for the outermost group).

mod approver;
mod assignee;
mod branch_panel;
mod canvas;
mod condition_editor;
mod inputs;
mod issues;
mod node_panel;
mod rights;
mod steps;
mod toolbar;

use crate::components::flow_tree::draw;
use crate::components::flow_tree::summary::Labels;
use crate::state::flow_design::{FlowDesign, FlowDesignAction, Gap, NodeDefaults, NodePath};
use canvas::Canvas;
use issues::IssueMap;
use lianban_definition::flow::FlowDef;
use lianban_definition::form::FormDef;
use lianban_definition::matter_type::RuleDef;
use lianban_definition::{Issue, PostCode};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`FlowDesigner`].
#[derive(Properties, PartialEq)]
pub struct FlowDesignerProps {
    /// The flow to edit.
    pub flow: FlowDef,
    /// The matter type's form: fields for conditions and for units taken from a field.
    pub form: FormDef,
    /// The matter type's rules; those of kind routing are offered in conditions.
    pub rules: Vec<RuleDef>,
    /// `(unit code, name)` to pick handling units.
    pub units: Vec<(String, String)>,
    /// `(post code, name)`, e.g. `("clerk", "经办人")`; the first is the default post.
    pub posts: Vec<(String, String)>,
    /// `(username, display name)` to pick approvers.
    pub users: Vec<(String, String)>,
    /// Validation issues; those with paths `flow.…` mark their node or branch.
    pub issues: Vec<Issue>,
    /// Receives the flow after every edit.
    pub on_change: Callback<FlowDef>,
}

/// What the drawer and canvas need besides the state.
pub(crate) struct Ctx<'a> {
    /// The component's props.
    pub props: &'a FlowDesignerProps,
    /// The designer state.
    pub state: &'a FlowDesign,
    /// Sends actions to the state.
    pub dispatch: Callback<FlowDesignAction>,
    /// Issues by target.
    pub issues: &'a IssueMap,
}

/// Emits every new flow once; reloads when the parent passes a flow it did not get from here.
#[hook]
fn use_sync(props: &FlowDesignerProps, state: &UseReducerHandle<FlowDesign>) {
    let emitted = use_mut_ref(|| props.flow.clone());
    {
        let (state, emitted) = (state.clone(), emitted.clone());
        use_effect_with(props.flow.clone(), move |flow| {
            if *flow != state.flow && *flow != *emitted.borrow() {
                *emitted.borrow_mut() = flow.clone();
                state.dispatch(FlowDesignAction::Load(flow.clone()));
            }
        });
    }
    let on_change = props.on_change.clone();
    use_effect_with(state.flow.clone(), move |flow| {
        if *flow != *emitted.borrow() {
            *emitted.borrow_mut() = flow.clone();
            on_change.emit(flow.clone());
        }
    });
}

/// Whether a key event comes from a text input, where the browser's own keys apply.
fn from_input(e: &KeyboardEvent) -> bool {
    e.target_dyn_into::<HtmlInputElement>().is_some()
        || e.target_dyn_into::<HtmlSelectElement>().is_some()
        || e.target_dyn_into::<HtmlTextAreaElement>().is_some()
}

/// Keyboard shortcuts of the designer.
fn shortcuts(state: &UseReducerHandle<FlowDesign>) -> Callback<KeyboardEvent> {
    let state = state.clone();
    Callback::from(move |e: KeyboardEvent| {
        if from_input(&e) {
            return;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let action = match e.key().as_str() {
            "z" | "Z" if ctrl && e.shift_key() => FlowDesignAction::Redo,
            "z" | "Z" if ctrl => FlowDesignAction::Undo,
            "y" | "Y" if ctrl => FlowDesignAction::Redo,
            "Delete" | "Backspace" => match state.selected_node() {
                Some((path, _)) => FlowDesignAction::Delete(path.clone()),
                None => return,
            },
            _ => return,
        };
        e.prevent_default();
        state.dispatch(action);
    })
}

/// The designer state for the props' flow; new steps, approvers and seal nodes get the first
/// post.
fn initial(props: &FlowDesignerProps) -> impl FnOnce() -> FlowDesign + use<> {
    let flow = props.flow.clone();
    let post = props.posts.first().map(|(code, _)| code.clone());
    let defaults = NodeDefaults {
        post: PostCode::new(post.unwrap_or_default()),
    };
    move || FlowDesign::new(flow, defaults)
}

/// The CSS scale of the canvas. Zoomed in, the tree grows right and down where the canvas
/// scrolls; zoomed out it stays centred.
fn zoom_style(zoom: u16) -> String {
    let origin = if zoom <= 100 {
        "top center"
    } else {
        "top left"
    };
    let scale = f64::from(zoom) / 100.0;
    format!("transform: scale({scale}); transform-origin: {origin};")
}

/// The flow designer.
#[function_component]
pub fn FlowDesigner(props: &FlowDesignerProps) -> Html {
    let state = use_reducer(initial(props));
    use_sync(props, &state);
    let menu = use_state(|| None::<Gap>);
    let drag = use_state(|| None::<NodePath>);
    let labels = use_memo(
        (
            props.units.clone(),
            props.users.clone(),
            props.posts.clone(),
            props.form.clone(),
        ),
        |(units, users, posts, form)| Labels::new(units, users, posts, Some(form)),
    );
    let issues = use_memo(props.issues.clone(), |issues| IssueMap::new(issues));
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let ctx = Ctx {
        props,
        state: &state,
        dispatch,
        issues: &issues,
    };
    let canvas = Canvas {
        ctx: &ctx,
        menu: menu.clone(),
        drag: drag.clone(),
    };
    let close_menu = Callback::from(move |_: MouseEvent| menu.set(None));
    let drag_end = {
        let drag = drag.clone();
        Callback::from(move |_: DragEvent| drag.set(None))
    };
    html! {
        <div class="flow-designer" tabindex="0" onkeydown={shortcuts(&state)}>
            { toolbar::toolbar(&ctx) }
            { flow_messages(&ctx) }
            <div class="flow-main">
                <div class={classes!("flow-canvas", drag.is_some().then_some("is-dragging"))}
                    onclick={close_menu} ondragend={drag_end}>
                    <div class="flow-zoom" style={zoom_style(state.zoom)}>
                        { draw(&state.flow, &labels, &canvas) }
                    </div>
                </div>
                { node_panel::drawer(&ctx) }
            </div>
        </div>
    }
}

/// Flow-level issues and the last refusal.
fn flow_messages(ctx: &Ctx<'_>) -> Html {
    let issues = (!ctx.issues.flow.is_empty()).then(|| {
        html! {
            <div class="alert alert-error" data-testid="flow-issues">
                <ul>{ for ctx.issues.flow.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
            </div>
        }
    });
    let refusal = ctx.state.refusal.clone().map(|r| {
        html! { <div class="alert alert-warn" role="status" data-testid="flow-refusal">{ r }</div> }
    });
    html! { <>{ issues.unwrap_or_default() }{ refusal.unwrap_or_default() }</> }
}
