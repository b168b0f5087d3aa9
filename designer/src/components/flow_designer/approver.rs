//! The settings of approver and CC nodes: who (see [`assignee`](super::assignee)); for
//! approvers also 多人审批时 (或签 / 会签 / 依次审批) with 按比例通过 for 会签, 审批人为空时
//! (转交管理员 / 转交指定人员 / 自动通过 / 不允许提交) and the time limit.

use super::Ctx;
use super::assignee::{assignee_fields, user_checks};
use super::inputs::{choices, help, limit, number, row, select};
use super::node_panel::edit;
use crate::components::flow_tree::summary::empty_label;
use crate::state::flow_design::{NodeEdit, NodePath};
use lianban_definition::flow::{Assignee, EmptyPolicy, Node, SignMode};
use yew::prelude::*;

/// The stored code of a sign mode.
fn mode_code(mode: SignMode) -> &'static str {
    match mode {
        SignMode::Any => "any",
        SignMode::All => "all",
        SignMode::Sequential => "sequential",
    }
}

/// The code of an empty policy (its serde tag).
fn empty_code(policy: &EmptyPolicy) -> &'static str {
    match policy {
        EmptyPolicy::ToAdmin => "to_admin",
        EmptyPolicy::ToUsers { .. } => "to_users",
        EmptyPolicy::AutoPass => "auto_pass",
        EmptyPolicy::Refuse => "refuse",
    }
}

/// The settings of an approver node.
pub(super) fn approver_body(ctx: &Ctx<'_>, path: &NodePath, node: &Node) -> Html {
    let Node::Approver {
        assignee,
        mode,
        pass_percent,
        when_empty,
        time_limit_days,
        time_limit_unit,
        ..
    } = node
    else {
        return Html::default();
    };
    let on_mode = edit(ctx, path, |v: String| {
        NodeEdit::Mode(match v.as_str() {
            "all" => SignMode::All,
            "sequential" => SignMode::Sequential,
            _ => SignMode::Any,
        })
    });
    let modes = choices(&[
        ("any", "或签（一人同意即可）"),
        ("all", "会签（须所有人同意）"),
        ("sequential", "依次审批（按顺序逐一同意）"),
    ]);
    let percent = (*mode == SignMode::All).then(|| {
        let input = number(
            "node-prop-sign-percent".into(),
            pass_percent.map(u32::from),
            (1, 100),
            ("100", "% 同意即通过"),
            edit(ctx, path, NodeEdit::PassPercent),
        );
        row(
            "按比例通过",
            html! { <>{ input }{ help("留空表示须所有人同意；达到比例后其余人的任务自动取消") }</> },
        )
    });
    html! {
        <>
            { assignee_fields(ctx, path, "审批人", assignee, false) }
            { row("多人审批时", select("node-prop-mode".into(), mode_code(*mode), modes, None, on_mode)) }
            { percent.unwrap_or_default() }
            { when_empty_fields(ctx, path, when_empty) }
            { row("办理时限", limit("node-prop-time-limit", (*time_limit_days, *time_limit_unit),
                edit(ctx, path, NodeEdit::TimeLimit), edit(ctx, path, NodeEdit::TimeLimitUnit))) }
        </>
    }
}

/// 审批人为空时, with the people to hand it to for 转交指定人员.
fn when_empty_fields(ctx: &Ctx<'_>, path: &NodePath, policy: &EmptyPolicy) -> Html {
    let policies = [
        EmptyPolicy::ToAdmin,
        EmptyPolicy::ToUsers { users: Vec::new() },
        EmptyPolicy::AutoPass,
        EmptyPolicy::Refuse,
    ];
    let options = policies
        .iter()
        .map(|p| (empty_code(p).to_owned(), empty_label(p).to_owned()))
        .collect();
    let on_policy = edit(ctx, path, move |code: String| {
        let policy = policies
            .iter()
            .find(|p| empty_code(p) == code)
            .cloned()
            .unwrap_or_default();
        NodeEdit::WhenEmpty(policy)
    });
    let users = match policy {
        EmptyPolicy::ToUsers { users } => {
            let on_change =
                edit(ctx, path, NodeEdit::WhenEmpty).reform(|users| EmptyPolicy::ToUsers { users });
            row(
                "转交给",
                user_checks(ctx, "node-prop-when-empty-user", users, on_change),
            )
        }
        EmptyPolicy::ToAdmin | EmptyPolicy::AutoPass | EmptyPolicy::Refuse => Html::default(),
    };
    let explain = match policy {
        EmptyPolicy::ToAdmin => "由系统管理员处理或改派",
        EmptyPolicy::ToUsers { .. } => "由下面勾选的人员审批",
        EmptyPolicy::AutoPass => "跳过此节点，办理轨迹中注明自动通过",
        EmptyPolicy::Refuse => "提交（或上一步办理）时提示找不到审批人，须先调整组织架构或流程",
    };
    html! {
        <>
            { row("审批人为空时", html! {
                <>
                    { select("node-prop-when-empty".into(), empty_code(policy), options, None, on_policy) }
                    { help(explain) }
                </>
            }) }
            { users }
        </>
    }
}

/// The settings of a CC node: who receives the copy.
pub(super) fn cc_body(ctx: &Ctx<'_>, path: &NodePath, recipients: &Assignee) -> Html {
    html! {
        <>
            { assignee_fields(ctx, path, "抄送人", recipients, true) }
            <p class="muted small">{ "抄送无需处理：流程到达时通知抄送人，并立即继续往下流转；抄送人可查看办件。" }</p>
        </>
    }
}
