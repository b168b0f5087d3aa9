//! The inner steps of a handling unit (e.g. 经办人审核 → 分管领导审批): a name and a post each,
//! added at the end and removed (the last one stays).

use super::Ctx;
use super::inputs::{select, text};
use super::node_panel::edit;
use crate::state::flow_design::{NodeEdit, NodePath};
use lianban_definition::PostCode;
use lianban_definition::flow::UnitStep;
use yew::prelude::*;

/// The step list with its buttons.
pub(super) fn steps(ctx: &Ctx<'_>, path: &NodePath, steps: &[UnitStep]) -> Html {
    let add = edit(ctx, path, |_: MouseEvent| NodeEdit::AddStep);
    let single = steps.len() <= 1;
    html! {
        <div class="flow-steps">
            <ol>
                { for steps.iter().enumerate().map(|(i, step)| {
                    let on_name = edit(ctx, path, move |name: String| NodeEdit::StepName(i, name));
                    let on_post = edit(ctx, path, move |post: String| NodeEdit::StepPost(i, PostCode::new(post)));
                    let remove = edit(ctx, path, move |_: MouseEvent| NodeEdit::RemoveStep(i));
                    html! {
                        <li class="flow-step">
                            { text(format!("node-prop-step-{i}-name"), step.name.clone(), on_name) }
                            { select(format!("node-prop-step-{i}-post"), step.post.as_str(),
                                ctx.props.posts.clone(), Some("请选择岗位"), on_post) }
                            <button type="button" class="btn-link danger" title="删除步骤" disabled={single}
                                data-testid={format!("node-prop-step-{i}-remove")} onclick={remove}>{ "删除" }</button>
                        </li>
                    }
                }) }
            </ol>
            <button type="button" class="btn btn-small" data-testid="node-prop-step-add" onclick={add}>
                { "+ 添加步骤" }
            </button>
        </div>
    }
}
