//! The properties drawer and the node properties in it: name and id for every node; the
//! approver's and CC node's settings (see [`approver`](super::approver)); unit, handling and
//! steps of handling units; unit, post and seal of seal nodes; time limits; the rights of task
//! nodes (see [`rights`](super::rights)). Branches are edited in
//! [`branch_panel`](super::branch_panel).

use super::inputs::{choices, committed_text, help, limit, row, select, text};
use super::{Ctx, approver, branch_panel, rights, steps};
use crate::components::flow_tree::summary::handling_label;
use crate::state::flow_design::path::node_at;
use crate::state::flow_design::{FlowDesignAction, NodeEdit, NodeKind, NodePath, Selection};
use lianban_definition::flow::{Handling, Node, UnitRef, UnitStep};
use lianban_definition::form::FieldKind;
use lianban_definition::limit::LimitUnit;
use lianban_definition::{FieldKey, PostCode, UnitCode};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Seals offered as suggestions; any other name may be typed.
const SEALS: [&str; 4] = ["单位公章", "合同专用章", "财务专用章", "人事专用章"];

/// A callback sending `make(value)` as an edit of the node at `path`.
pub(super) fn edit<T: 'static>(
    ctx: &Ctx<'_>,
    path: &NodePath,
    make: impl Fn(T) -> NodeEdit + 'static,
) -> Callback<T> {
    let (dispatch, path) = (ctx.dispatch.clone(), path.clone());
    Callback::from(move |value: T| {
        dispatch.emit(FlowDesignAction::EditNode {
            node: path.clone(),
            edit: make(value),
        })
    })
}

/// The drawer for the selection, or nothing.
pub(super) fn drawer(ctx: &Ctx<'_>) -> Html {
    let (title, messages, body) = match &ctx.state.selected {
        Some(Selection::Node(path)) => {
            let Some(node) = node_at(&ctx.state.flow, path) else {
                return Html::default();
            };
            let title = format!("{}设置", NodeKind::of(node).label());
            (title, ctx.issues.node(path), node_body(ctx, path, node))
        }
        Some(Selection::Branch(at)) => (
            "分支设置".to_owned(),
            ctx.issues.branch(at),
            branch_panel::body(ctx, at),
        ),
        None => return Html::default(),
    };
    let close = ctx
        .dispatch
        .reform(|_: MouseEvent| FlowDesignAction::Select(None));
    let issues = (!messages.is_empty()).then(|| {
        html! {
            <ul class="alert alert-error flow-drawer-issues">
                { for messages.iter().map(|m| html! { <li>{ m.clone() }</li> }) }
            </ul>
        }
    });
    html! {
        <aside class="flow-drawer" data-testid="flow-drawer">
            <header class="flow-drawer-head">
                <h3>{ title }</h3>
                <button type="button" class="btn-link" title="关闭" data-testid="btn-drawer-close"
                    onclick={close}>{ "×" }</button>
            </header>
            { issues.unwrap_or_default() }
            <div class="flow-drawer-body">{ body }</div>
        </aside>
    }
}

/// The fields of a node.
fn node_body(ctx: &Ctx<'_>, path: &NodePath, node: &Node) -> Html {
    let refused = ctx.state.refusal.is_some();
    let id_key = format!("{}-{refused}", node.id());
    let common = html! {
        <>
            { row("名称", text("node-prop-name".into(), node.name().to_owned(), edit(ctx, path, NodeEdit::Name))) }
            { row("节点编号", committed_text("node-prop-id".into(), node.id().to_string(), id_key, edit(ctx, path, NodeEdit::Id))) }
        </>
    };
    let specific = match node {
        Node::Approver { .. } => approver::approver_body(ctx, path, node),
        Node::Cc { recipients, .. } => approver::cc_body(ctx, path, recipients),
        Node::Unit {
            unit,
            steps,
            time_limit_days,
            time_limit_unit,
            handling,
            ..
        } => html! {
            <>
                { row("办理单位", unit_select(ctx, path, node, unit)) }
                { row("办理方式", handling_select(ctx, path, *handling)) }
                { row("办理步骤", unit_steps(ctx, path, steps, *handling)) }
                { row("办理时限", limit("node-prop-time-limit", (*time_limit_days, *time_limit_unit),
                    edit(ctx, path, NodeEdit::TimeLimit), edit(ctx, path, NodeEdit::TimeLimitUnit))) }
            </>
        },
        Node::Seal {
            unit,
            post,
            seal,
            time_limit_days,
            time_limit_unit,
            ..
        } => seal_body(
            ctx,
            path,
            unit,
            (post.as_str(), seal),
            (*time_limit_days, *time_limit_unit),
        ),
        Node::Parallel { .. } | Node::Condition { .. } => html! {
            <p class="muted small">{ "点击各分支顶部可设置分支名称和条件；在连线上的“+”处添加节点。" }</p>
        },
    };
    let rights = rights::rights_section(ctx, path, node);
    html! { <>{ common }{ specific }{ rights }</> }
}

/// 用印单位, 用印岗位, 印章 and the time limit of a seal node.
fn seal_body(
    ctx: &Ctx<'_>,
    path: &NodePath,
    unit: &UnitRef,
    (post, seal): (&str, &str),
    time_limit: (Option<u32>, LimitUnit),
) -> Html {
    let units = unit_choices(ctx)
        .into_iter()
        .map(|(value, label, _)| (value, label))
        .collect();
    let on_unit = edit(ctx, path, |v: String| NodeEdit::Unit {
        unit: unit_ref(&v),
        rename: None,
    });
    let on_post = edit(ctx, path, |v: String| NodeEdit::SealPost(PostCode::new(v)));
    let on_seal = edit(ctx, path, NodeEdit::SealName)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <>
            { row("用印单位", select("node-prop-unit".into(), &unit_value(unit), units, Some("请选择用印单位"), on_unit)) }
            { row("用印岗位", html! {
                <>
                    { select("node-prop-post".into(), post, ctx.props.posts.clone(), Some("请选择岗位"), on_post) }
                    { help("电子印章对接前，由该单位担任此岗位的人员盖章后在系统中确认") }
                </>
            }) }
            { row("印章", html! {
                <>
                    <input type="text" class="input" list="flow-seal-names" value={seal.to_owned()}
                        data-testid="node-prop-seal" oninput={on_seal} />
                    <datalist id="flow-seal-names">
                        { for SEALS.iter().map(|s| html! { <option value={*s} /> }) }
                    </datalist>
                </>
            }) }
            { row("办理时限", limit("node-prop-time-limit", time_limit,
                edit(ctx, path, NodeEdit::TimeLimit), edit(ctx, path, NodeEdit::TimeLimitUnit))) }
        </>
    }
}

/// `(value, option label, node name when the name follows the unit)` of every unit choice:
/// fixed units (`fixed:<code>`) and the form's single unit-picker fields (`field:<key>`).
pub(super) fn unit_choices(ctx: &Ctx<'_>) -> Vec<(String, String, String)> {
    let mut units: Vec<(String, String, String)> = ctx
        .props
        .units
        .iter()
        .map(|(code, name)| (format!("fixed:{code}"), name.clone(), name.clone()))
        .collect();
    let pickers = ctx
        .props
        .form
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::UnitPicker { multiple: false }));
    units.extend(pickers.map(|f| {
        let option = format!("由表单「{}」选择的单位", f.label);
        (format!("field:{}", f.key), option, f.label.clone())
    }));
    units
}

/// The choice value of a unit reference (empty when no unit is picked yet).
pub(super) fn unit_value(unit: &UnitRef) -> String {
    match unit {
        UnitRef::Fixed { unit } if unit.as_str().is_empty() => String::new(),
        UnitRef::Fixed { unit } => format!("fixed:{unit}"),
        UnitRef::FromField { field } => format!("field:{field}"),
    }
}

/// The unit reference of a choice value.
pub(super) fn unit_ref(value: &str) -> UnitRef {
    match value.split_once(':') {
        Some(("field", key)) => UnitRef::FromField {
            field: FieldKey::new(key),
        },
        Some((_, code)) => UnitRef::Fixed {
            unit: UnitCode::new(code),
        },
        None => UnitRef::Fixed {
            unit: UnitCode::new(""),
        },
    }
}

/// 办理单位 of a unit node. While the node has a default name (or its unit's name), the name
/// follows the unit.
fn unit_select(ctx: &Ctx<'_>, path: &NodePath, node: &Node, unit: &UnitRef) -> Html {
    let units = unit_choices(ctx);
    let value = unit_value(unit);
    let name = node.name().trim().to_owned();
    let follows = name.is_empty()
        || name == NodeKind::Unit.label()
        || units.iter().any(|(v, _, n)| *v == value && *n == name);
    let options = units
        .iter()
        .map(|(v, l, _)| (v.clone(), l.clone()))
        .collect();
    let on_change = edit(ctx, path, move |v: String| {
        let rename = units
            .iter()
            .find(|(value, _, _)| *value == v)
            .map(|(_, _, n)| n.clone());
        NodeEdit::Unit {
            unit: unit_ref(&v),
            rename: rename.filter(|_| follows),
        }
    });
    select(
        "node-prop-unit".into(),
        &value,
        options,
        Some("请选择办理单位"),
        on_change,
    )
}

/// 办理方式.
/// The inner steps, greyed out (and not editable) when the unit handles the matter in its own
/// system: that system runs its own steps and reports them back.
fn unit_steps(ctx: &Ctx<'_>, path: &NodePath, list: &[UnitStep], handling: Handling) -> Html {
    match handling {
        Handling::InLianban => steps::steps(ctx, path, list),
        Handling::OwnSystem => html! {
            <div data-testid="node-prop-steps-external">
                <p class="muted small">
                    { "受办分离：由本单位自有系统按其内部流程办理并回传进度和结果，联办不生成待办；以下步骤不使用。" }
                </p>
                <fieldset class="flow-steps-disabled" disabled=true>{ steps::steps(ctx, path, list) }</fieldset>
            </div>
        },
    }
}

fn handling_select(ctx: &Ctx<'_>, path: &NodePath, handling: Handling) -> Html {
    let code = match handling {
        Handling::InLianban => "in_lianban",
        Handling::OwnSystem => "own_system",
    };
    let options = choices(&[
        ("in_lianban", handling_label(Handling::InLianban)),
        ("own_system", handling_label(Handling::OwnSystem)),
    ]);
    let on_change = edit(ctx, path, |v: String| {
        NodeEdit::Handling(if v == "own_system" {
            Handling::OwnSystem
        } else {
            Handling::InLianban
        })
    });
    select("node-prop-handling".into(), code, options, None, on_change)
}
