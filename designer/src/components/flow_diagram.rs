//! 流程图: the read-only flow of a matter, drawn like the designer draws it (see
//! [`flow_tree`](super::flow_tree)) without editing controls, each node coloured by how far the
//! matter got — 已完成, 办理中, 未开始, 未经过 — with a legend. Test ids: `flow-diagram`,
//! `flow-node-<id>` with `data-mark="done|active|pending|skipped"`, branch heads
//! `flow-branch-<nodeid>-<i>`.

use super::flow_tree::summary::Labels;
use super::flow_tree::{CardDecor, Decor, draw};
use crate::hooks::use_org;
use crate::state::flow_design::{BranchPath, Gap, NodePath};
use lianban_definition::flow::{FlowDef, Node};
use std::collections::BTreeMap;
use yew::prelude::*;

/// How far a matter got at one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NodeMark {
    /// 已完成.
    Done,
    /// 办理中.
    Active,
    /// 未开始 (also for nodes without a mark).
    #[default]
    Pending,
    /// 未经过: a branch not taken.
    Skipped,
}

impl NodeMark {
    /// All marks, in legend order.
    pub const ALL: [NodeMark; 4] = [
        NodeMark::Done,
        NodeMark::Active,
        NodeMark::Pending,
        NodeMark::Skipped,
    ];

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            NodeMark::Done => "已完成",
            NodeMark::Active => "办理中",
            NodeMark::Pending => "未开始",
            NodeMark::Skipped => "未经过",
        }
    }

    /// The code used in classes and `data-mark`.
    pub fn code(self) -> &'static str {
        match self {
            NodeMark::Done => "done",
            NodeMark::Active => "active",
            NodeMark::Pending => "pending",
            NodeMark::Skipped => "skipped",
        }
    }
}

/// Props of [`FlowDiagram`].
#[derive(Properties, PartialEq)]
pub struct FlowDiagramProps {
    /// The flow version the matter runs.
    pub flow: FlowDef,
    /// Node id → mark; nodes without one are 未开始.
    pub status: BTreeMap<String, NodeMark>,
    /// `(post code, name)` to name approver posts; codes are shown when absent.
    #[prop_or_default]
    pub posts: Vec<(String, String)>,
}

/// Marks nodes by status; no connectors' buttons, no handlers.
struct Marks<'a> {
    status: &'a BTreeMap<String, NodeMark>,
}

impl Decor for Marks<'_> {
    fn gap(&self, _gap: &Gap) -> Html {
        Html::default()
    }

    fn node(&self, _path: &NodePath, node: &Node) -> CardDecor {
        let mark = self
            .status
            .get(node.id().as_str())
            .copied()
            .unwrap_or_default();
        CardDecor {
            class: classes!(format!("mark-{}", mark.code())),
            footer: html! {
                <div class={classes!("flow-mark", format!("mark-{}", mark.code()))} data-mark={mark.code()}>
                    { mark.label() }
                </div>
            },
            ..CardDecor::default()
        }
    }

    fn branch(&self, _at: &BranchPath, _node: &Node) -> CardDecor {
        CardDecor::default()
    }

    fn branch_bar(&self, _path: &NodePath, _node: &Node) -> Html {
        Html::default()
    }
}

/// The read-only flow with its legend.
#[function_component]
pub fn FlowDiagram(props: &FlowDiagramProps) -> Html {
    let org = use_org();
    let labels = use_memo((org, props.posts.clone()), |(org, posts)| Labels {
        units: org.names.units.clone(),
        users: org.names.users.clone(),
        posts: posts.iter().cloned().collect(),
        fields: Default::default(),
    });
    let marks = Marks {
        status: &props.status,
    };
    html! {
        <div class="flow-diagram" data-testid="flow-diagram">
            <ul class="flow-legend">
                { for NodeMark::ALL.iter().map(|m| html! {
                    <li class={format!("mark-{}", m.code())}><span class="flow-legend-dot" />{ m.label() }</li>
                }) }
            </ul>
            <div class="flow-canvas">{ draw(&props.flow, &labels, &marks) }</div>
        </div>
    }
}
