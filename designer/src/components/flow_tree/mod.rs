//! Drawing a flow as a vertical tree (DingTalk style), shared by the editable
//! [`FlowDesigner`](super::flow_designer::FlowDesigner) and the read-only
//! [`FlowDiagram`](super::flow_diagram::FlowDiagram): a 发起人 card at the top, then each node
//! as a card joined by connectors, parallel and condition nodes as a head card over their
//! branches side by side (each a column with its own connectors), and a 流程结束 marker.
//!
//! What differs between the two — the "+" buttons on connectors, selection, issue outlines,
//! run status colours, click and drag handlers — comes from a [`Decor`]. Cards carry
//! `data-testid="flow-node-<id>"`, branch heads `flow-branch-<nodeid>-<i>` (`<i>` the branch
//! index, `default` for the default branch).

pub mod summary;

use crate::state::flow_design::{
    BranchPath, BranchRef, DEFAULT_BRANCH_NAME, Gap, NodeKind, NodePath, SeqPath,
};
use lianban_definition::flow::{FlowDef, Node};
use summary::{Labels, condition_summary, node_meta, node_summary};
use yew::prelude::*;

/// Extra classes, handlers and content of one card or branch head.
#[derive(Default)]
pub struct CardDecor {
    /// Classes added to the card (`selected`, `has-issue`, a status …).
    pub class: Classes,
    /// Click handler.
    pub onclick: Option<Callback<MouseEvent>>,
    /// Drag start handler; the card is draggable when set.
    pub ondragstart: Option<Callback<DragEvent>>,
    /// Content at the bottom of the card (issue messages, a status badge).
    pub footer: Html,
}

/// What the designer or the diagram adds to the shared drawing.
pub trait Decor {
    /// The content of the connector at `gap` (the designer's "+" button and menu).
    fn gap(&self, gap: &Gap) -> Html;
    /// The decoration of the card of `node` at `path`.
    fn node(&self, path: &NodePath, node: &Node) -> CardDecor;
    /// The decoration of the head of a branch of `node`.
    fn branch(&self, at: &BranchPath, node: &Node) -> CardDecor;
    /// Content on the bar above the branches of `node` (the designer's 添加条件 / 添加分支).
    fn branch_bar(&self, path: &NodePath, node: &Node) -> Html;
}

/// The CSS class of a node kind's colour.
pub fn kind_class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Approver => "flow-kind-approver",
        NodeKind::Cc => "flow-kind-cc",
        NodeKind::Unit => "flow-kind-unit",
        NodeKind::Seal => "flow-kind-seal",
        NodeKind::Parallel => "flow-kind-parallel",
        NodeKind::Condition => "flow-kind-condition",
    }
}

/// The whole tree.
pub fn draw(flow: &FlowDef, labels: &Labels, decor: &dyn Decor) -> Html {
    let painter = Painter { labels, decor };
    html! {
        <div class="flow-tree">
            <div class="flow-card flow-kind-start" data-testid="flow-start">
                <div class="flow-card-title">{ "发起人" }</div>
                <div class="flow-card-body">{ "发起单位经办人登记并提交" }</div>
            </div>
            { painter.sequence(&flow.nodes, &SeqPath::top()) }
            <div class="flow-end" data-testid="flow-end">{ "流程结束" }</div>
        </div>
    }
}

/// Draws with one set of labels and decorations.
struct Painter<'a> {
    labels: &'a Labels,
    decor: &'a dyn Decor,
}

impl Painter<'_> {
    /// A sequence: connector, node, connector, … connector.
    fn sequence(&self, nodes: &[Node], seq: &SeqPath) -> Html {
        let gap = |index: usize| {
            html! { <div class="flow-gap">{ self.decor.gap(&seq.gap(index)) }</div> }
        };
        html! {
            <div class="flow-seq">
                { gap(0) }
                { for nodes.iter().enumerate().map(|(k, node)| html! {
                    <>{ self.node(node, &seq.node(k)) }{ gap(k + 1) }</>
                }) }
            </div>
        }
    }

    /// A node: a card, or a block with branches.
    fn node(&self, node: &Node, path: &NodePath) -> Html {
        match node {
            Node::Approver { .. } | Node::Cc { .. } | Node::Unit { .. } | Node::Seal { .. } => {
                self.card(node, path)
            }
            Node::Parallel { branches, .. } => {
                let heads = branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (BranchRef::Branch(i), b.name.as_str(), None, &b.nodes));
                self.block(node, path, heads.collect())
            }
            Node::Condition {
                branches, default, ..
            } => {
                let mut heads: Vec<_> = branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let when = condition_summary(&b.when, self.labels);
                        (BranchRef::Branch(i), b.name.as_str(), Some(when), &b.nodes)
                    })
                    .collect();
                let otherwise = match default.name.trim() {
                    "" | DEFAULT_BRANCH_NAME => "以上条件都不满足时".to_owned(),
                    name => name.to_owned(),
                };
                let otherwise = Some(otherwise);
                heads.push((
                    BranchRef::Default,
                    "其他情况（默认）",
                    otherwise,
                    &default.nodes,
                ));
                self.block(node, path, heads)
            }
        }
    }

    /// The card of a node.
    fn card(&self, node: &Node, path: &NodePath) -> Html {
        let decor = self.decor.node(path, node);
        let kind = NodeKind::of(node);
        let title = if node.name().trim().is_empty() {
            kind.label()
        } else {
            node.name()
        };
        let meta = node_meta(node, self.labels);
        html! {
            <div class={classes!("flow-card", kind_class(kind), decor.class)}
                data-testid={format!("flow-node-{}", node.id())} data-path={path.to_string()}
                onclick={decor.onclick} draggable={decor.ondragstart.is_some().then_some("true")}
                ondragstart={decor.ondragstart}>
                <div class="flow-card-title">{ title }</div>
                <div class="flow-card-body">{ node_summary(node, self.labels) }</div>
                { for meta.into_iter().map(|line| html! { <div class="flow-card-meta">{ line }</div> }) }
                { decor.footer }
            </div>
        }
    }

    /// A parallel or condition node: its card over its branches.
    fn block(&self, node: &Node, path: &NodePath, heads: Vec<Head<'_>>) -> Html {
        html! {
            <div class="flow-block">
                { self.card(node, path) }
                <div class="flow-bar">{ self.decor.branch_bar(path, node) }</div>
                <div class="flow-branches">
                    { for heads.into_iter().map(|head| self.branch(node, path, head)) }
                </div>
            </div>
        }
    }

    /// One branch column: its head, then its nodes.
    fn branch(&self, node: &Node, path: &NodePath, head: Head<'_>) -> Html {
        let (branch, name, when, nodes) = head;
        let at = BranchPath {
            node: path.clone(),
            branch,
        };
        let decor = self.decor.branch(&at, node);
        let suffix = match branch {
            BranchRef::Branch(i) => i.to_string(),
            BranchRef::Default => "default".to_owned(),
        };
        let when = when.map(|w| html! { <div class="flow-branch-when">{ w }</div> });
        html! {
            <div class="flow-branch">
                <div class={classes!("flow-branch-head", decor.class)}
                    data-testid={format!("flow-branch-{}-{suffix}", node.id())}
                    onclick={decor.onclick}>
                    <div class="flow-branch-name">{ name }</div>
                    { when.unwrap_or_default() }
                    { decor.footer }
                </div>
                { self.sequence(nodes, &at.seq()) }
            </div>
        }
    }
}

/// A branch to draw: which, its name, its condition text, its nodes.
type Head<'a> = (BranchRef, &'a str, Option<String>, &'a Vec<Node>);
