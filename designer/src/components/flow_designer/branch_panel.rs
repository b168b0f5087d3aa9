//! Branch properties: the name, order and deletion of a branch, and for conditional branches
//! the condition — field comparisons (see [`condition_editor`](super::condition_editor)) or a
//! routing rule of the matter type.

use super::inputs::{choices, row, select, text};
use super::{Ctx, condition_editor};
use crate::state::flow_design::path::node_at;
use crate::state::flow_design::{
    BranchEdit, BranchPath, BranchRef, CondEdit, Direction, FlowDesignAction,
};
use lianban_definition::RuleName;
use lianban_definition::flow::{Condition, Node};
use lianban_definition::matter_type::RuleKind;
use yew::prelude::*;

/// A callback sending `make(value)` as an edit of branch `at`.
pub(super) fn edit_branch<T: 'static>(
    ctx: &Ctx<'_>,
    at: &BranchPath,
    make: impl Fn(T) -> BranchEdit + 'static,
) -> Callback<T> {
    let (dispatch, at) = (ctx.dispatch.clone(), at.clone());
    Callback::from(move |value: T| {
        dispatch.emit(FlowDesignAction::EditBranch {
            branch: at.clone(),
            edit: make(value),
        })
    })
}

/// The fields of a branch.
pub(super) fn body(ctx: &Ctx<'_>, at: &BranchPath) -> Html {
    let Some(node) = node_at(&ctx.state.flow, &at.node) else {
        return Html::default();
    };
    let (name, when) = match (node, at.branch) {
        (Node::Parallel { branches, .. }, BranchRef::Branch(i)) => {
            (branches.get(i).map(|b| b.name.clone()), None)
        }
        (Node::Condition { branches, .. }, BranchRef::Branch(i)) => match branches.get(i) {
            Some(b) => (Some(b.name.clone()), Some(&b.when)),
            None => (None, None),
        },
        (Node::Condition { default, .. }, BranchRef::Default) => (Some(default.name.clone()), None),
        _ => (None, None),
    };
    let Some(name) = name else {
        return Html::default();
    };
    let name_input = text(
        "branch-prop-name".into(),
        name,
        edit_branch(ctx, at, BranchEdit::Name),
    );
    let condition = match (when, at.branch) {
        (Some(when), _) => condition(ctx, at, when),
        (None, BranchRef::Default) => html! {
            <p class="muted small">{ "其他情况（默认）：以上条件都不满足时执行此分支；可以没有节点。" }</p>
        },
        (None, BranchRef::Branch(_)) => html! {
            <p class="muted small">{ "并行分支与其他分支同时办理，每个分支至少要有一个节点。" }</p>
        },
    };
    html! {
        <>
            { row("分支名称", name_input) }
            { condition }
            { actions(ctx, at) }
        </>
    }
}

/// 左移 / 右移 / 删除分支 (not for the default branch).
fn actions(ctx: &Ctx<'_>, at: &BranchPath) -> Html {
    if at.branch == BranchRef::Default {
        return Html::default();
    }
    let send = |action: FlowDesignAction| ctx.dispatch.reform(move |_: MouseEvent| action.clone());
    let shift = |dir| FlowDesignAction::MoveBranch {
        branch: at.clone(),
        dir,
    };
    html! {
        <div class="actions">
            <button type="button" class="btn btn-small" data-testid="btn-branch-left"
                onclick={send(shift(Direction::Up))}>{ "左移" }</button>
            <button type="button" class="btn btn-small" data-testid="btn-branch-right"
                onclick={send(shift(Direction::Down))}>{ "右移" }</button>
            <button type="button" class="btn btn-small btn-danger-plain" data-testid="btn-branch-delete"
                onclick={send(FlowDesignAction::DeleteBranch(at.clone()))}>{ "删除分支" }</button>
        </div>
    }
}

/// The condition of a conditional branch: field comparisons or a routing rule.
fn condition(ctx: &Ctx<'_>, at: &BranchPath, when: &Condition) -> Html {
    let routing: Vec<(String, String)> = ctx
        .props
        .rules
        .iter()
        .filter(|r| r.kind == RuleKind::Routing)
        .map(|r| (r.name.to_string(), r.name.to_string()))
        .collect();
    let first_rule = routing.first().map(|r| r.0.clone()).unwrap_or_default();
    let kind = if matches!(when, Condition::Rule { .. }) {
        "rule"
    } else {
        "fields"
    };
    let on_kind = edit_branch(ctx, at, move |v: String| {
        BranchEdit::Condition(if v == "rule" {
            CondEdit::UseRule(RuleName::new(first_rule.clone()))
        } else {
            CondEdit::UseFields
        })
    });
    let kinds = choices(&[("fields", "按表单字段"), ("rule", "按路由规则")]);
    let detail = match when {
        Condition::Rule { rule } => {
            let on_rule = edit_branch(ctx, at, |v: String| {
                BranchEdit::Condition(CondEdit::UseRule(RuleName::new(v)))
            });
            let hint = routing.is_empty().then(|| {
                html! { <p class="muted small">{ "本事项还没有路由规则，请先在规则中添加。" }</p> }
            });
            html! {
                <>
                    { row("路由规则", select("cond-rule".into(), rule.as_str(), routing, Some("请选择规则"), on_rule)) }
                    { hint.unwrap_or_default() }
                </>
            }
        }
        other => condition_editor::editor(ctx, at, other),
    };
    html! {
        <>
            { row("条件方式", select("cond-kind".into(), kind, kinds, None, on_kind)) }
            { detail }
        </>
    }
}
