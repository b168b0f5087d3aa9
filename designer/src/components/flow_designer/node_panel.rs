//! The properties drawer and the node properties in it: name and id for every node; assignee,
//! 或签 / 会签 and time limit for approvers; unit, handling, steps and time limit for handling
//! units. Branches are edited in [`branch_panel`](super::branch_panel).

use super::inputs::{choices, committed_text, days, row, select, text};
use super::{Ctx, branch_panel, steps};
use crate::components::flow_tree::summary::handling_label;
use crate::state::flow_design::path::node_at;
use crate::state::flow_design::{FlowDesignAction, NodeEdit, NodeKind, NodePath, Selection};
use lianban_definition::flow::{Assignee, Handling, Node, SignMode, UnitRef};
use lianban_definition::form::FieldKind;
use lianban_definition::{FieldKey, PostCode, UnitCode, UserName};
use yew::prelude::*;

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
        Node::Approver {
            assignee,
            mode,
            time_limit_days,
            ..
        } => html! {
            <>
                { assignee_fields(ctx, path, assignee) }
                { row("多人审批时", select("node-prop-mode".into(), mode_code(*mode), choices(&[
                    ("any", "或签（一人同意即可）"), ("all", "会签（须所有人同意）"),
                    ("sequential", "依次审批（按顺序逐一同意）"),
                ]), None, edit(ctx, path, |v: String| NodeEdit::Mode(match v.as_str() {
                    "all" => SignMode::All,
                    "sequential" => SignMode::Sequential,
                    _ => SignMode::Any,
                })))) }
                { row("办理时限", days("node-prop-time-limit".into(), *time_limit_days, edit(ctx, path, NodeEdit::TimeLimit))) }
            </>
        },
        Node::Unit {
            unit,
            steps,
            time_limit_days,
            handling,
            ..
        } => html! {
            <>
                { row("办理单位", unit_select(ctx, path, node, unit)) }
                { row("办理方式", handling_select(ctx, path, *handling)) }
                { row("办理步骤", steps::steps(ctx, path, steps)) }
                { row("办理时限", days("node-prop-time-limit".into(), *time_limit_days, edit(ctx, path, NodeEdit::TimeLimit))) }
            </>
        },
        Node::Cc { .. } | Node::Seal { .. } | Node::Parallel { .. } | Node::Condition { .. } => {
            html! {
                <p class="muted small">{ "点击各分支顶部可设置分支名称和条件；在连线上的“+”处添加节点。" }</p>
            }
        }
    };
    html! { <>{ common }{ specific }</> }
}

/// The stored code of a sign mode.
fn mode_code(mode: SignMode) -> &'static str {
    match mode {
        SignMode::Any => "any",
        SignMode::All => "all",
        SignMode::Sequential => "sequential",
    }
}

/// 审批人: named users (checkboxes) or a post of the initiating unit.
fn assignee_fields(ctx: &Ctx<'_>, path: &NodePath, assignee: &Assignee) -> Html {
    let first_post = ctx
        .props
        .posts
        .first()
        .map(|p| p.0.clone())
        .unwrap_or_default();
    let kind = match assignee {
        Assignee::Users { .. } => "users",
        _ => "initiator_post",
    };
    let on_kind = edit(ctx, path, move |v: String| {
        NodeEdit::Assignee(if v == "users" {
            Assignee::Users { users: Vec::new() }
        } else {
            Assignee::InitiatorPost {
                post: PostCode::new(first_post.clone()),
            }
        })
    });
    let kinds = choices(&[("initiator_post", "发起单位的岗位"), ("users", "指定人员")]);
    let detail = match assignee {
        Assignee::Users { users } => row("审批人员", user_checks(ctx, path, users)),
        Assignee::InitiatorPost { post } => {
            let on_post = edit(ctx, path, |v: String| {
                NodeEdit::Assignee(Assignee::InitiatorPost {
                    post: PostCode::new(v),
                })
            });
            let posts = ctx.props.posts.clone();
            row(
                "审批岗位",
                select(
                    "node-prop-post".into(),
                    post.as_str(),
                    posts,
                    Some("请选择岗位"),
                    on_post,
                ),
            )
        }
        other => row("审批人", html! { <span>{ other.describe() }</span> }),
    };
    html! {
        <>
            { row("审批人", select("node-prop-assignee-kind".into(), kind, kinds, None, on_kind)) }
            { detail }
        </>
    }
}

/// One checkbox per user.
fn user_checks(ctx: &Ctx<'_>, path: &NodePath, users: &[UserName]) -> Html {
    html! {
        <div class="flow-checks">
            { for ctx.props.users.iter().map(|(name, display)| {
                let checked = users.iter().any(|u| u.as_str() == name);
                let next: Vec<UserName> = if checked {
                    users.iter().filter(|u| u.as_str() != name).cloned().collect()
                } else {
                    users.iter().cloned().chain([UserName::new(name.clone())]).collect()
                };
                let onchange = edit(ctx, path, NodeEdit::Assignee)
                    .reform(move |_: Event| Assignee::Users { users: next.clone() });
                html! {
                    <label class="choice">
                        <input type="checkbox" {checked} data-testid={format!("node-prop-user-{name}")} {onchange} />
                        { display.clone() }
                    </label>
                }
            }) }
        </div>
    }
}

/// 办理单位: a fixed unit (`fixed:<code>`) or a single unit-picker field (`field:<key>`). While
/// the node has a default name (or its unit's name), the name follows the unit.
fn unit_select(ctx: &Ctx<'_>, path: &NodePath, node: &Node, unit: &UnitRef) -> Html {
    // (value, option label, node name when the name follows the unit)
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
    let value = match unit {
        UnitRef::Fixed { unit } if unit.as_str().is_empty() => String::new(),
        UnitRef::Fixed { unit } => format!("fixed:{unit}"),
        UnitRef::FromField { field } => format!("field:{field}"),
    };
    let name = node.name().trim().to_owned();
    let follows = name.is_empty()
        || name == NodeKind::Unit.label()
        || units.iter().any(|(v, _, n)| *v == value && *n == name);
    let options = units
        .iter()
        .map(|(v, l, _)| (v.clone(), l.clone()))
        .collect();
    let on_change = edit(ctx, path, move |v: String| {
        let unit = match v.split_once(':') {
            Some(("field", key)) => UnitRef::FromField {
                field: FieldKey::new(key),
            },
            Some((_, code)) => UnitRef::Fixed {
                unit: UnitCode::new(code),
            },
            None => UnitRef::Fixed {
                unit: UnitCode::new(""),
            },
        };
        let rename = units
            .iter()
            .find(|(value, _, _)| *value == v)
            .map(|(_, _, n)| n.clone());
        NodeEdit::Unit {
            unit,
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
