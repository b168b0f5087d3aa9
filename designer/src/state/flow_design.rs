//! State of the flow designer (流程设计器): the node tree being edited, the selection that the
//! properties panel shows, a clipboard, the zoom, the last refusal and a bounded undo/redo
//! history. It is a [`Reducible`] driven by [`FlowDesignAction`]; the component only dispatches
//! actions and renders, so every edit is tested natively.
//!
//! Nodes, gaps and branches are addressed by [`NodePath`], [`Gap`] and [`BranchPath`] (see
//! [`path`]), so edits work anywhere in the tree. Edits keep the tree sound: ids stay unique
//! identifiers, parallel nodes keep two or more non-empty branches, condition nodes keep a
//! conditional branch and their default (see [`tree`] for the branch rules), and return targets
//! name nodes that exist (deleting nodes drops them, as does pasting a node copied before they
//! were deleted; renumbering a node renames them; see [`rights`]). An edit that would break this is refused: the tree is left as it was and
//! [`FlowDesign::refusal`] says why.
//!
//! History: every edit that changes the flow records the state before it; consecutive edits of
//! the same text (a name typed key by key) record one step. At most [`HISTORY_LIMIT`] steps are
//! kept.

mod build;
mod condition;
mod edit;
pub mod path;
pub mod rights;
pub mod tree;

pub use build::{
    DEFAULT_BRANCH_NAME, NodeDefaults, NodeKind, SEAL_NAME, flow_ids, is_ident, structure_problems,
};
pub use condition::{
    Combine, CondEdit, CondPath, OPERATORS, op_label, value_from_text, value_text,
};
pub use edit::{BranchEdit, NodeEdit};
pub use path::{BranchPath, BranchRef, Gap, Hop, IssueAt, NodePath, Selection, SeqPath};
pub use rights::{RightsEdit, earlier_tasks};
pub use tree::Direction;

use lianban_definition::flow::{FlowDef, Node};
use std::collections::VecDeque;
use std::rc::Rc;
use tree::Refusal;
use yew::Reducible;

/// Most undo steps kept.
pub const HISTORY_LIMIT: usize = 100;
/// Smallest zoom, in percent.
pub const ZOOM_MIN: u16 = 50;
/// Largest zoom, in percent.
pub const ZOOM_MAX: u16 = 200;
/// Zoom change per 放大 / 缩小, in percent.
pub const ZOOM_STEP: u16 = 10;

/// What can happen in the designer.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowDesignAction {
    /// Inserts a new node of `kind` at `gap` and selects it.
    Insert {
        /// Where.
        gap: Gap,
        /// What.
        kind: NodeKind,
    },
    /// Inserts a copy of the clipboard (fresh ids) at the gap and selects it.
    Paste(Gap),
    /// Deletes a node with everything inside it.
    Delete(NodePath),
    /// Moves a node up or down within its sequence.
    Move {
        /// The node.
        node: NodePath,
        /// Which way.
        dir: Direction,
    },
    /// Moves a node to a gap anywhere in the tree (except inside itself).
    MoveTo {
        /// The node.
        node: NodePath,
        /// Where it goes, as addressed before the move.
        gap: Gap,
    },
    /// Copies a node to the clipboard (the flow does not change).
    Copy(NodePath),
    /// Inserts a copy of a node (fresh ids) right after it and selects the copy.
    Duplicate(NodePath),
    /// Adds a branch to a parallel or condition node and selects it.
    AddBranch(NodePath),
    /// Deletes a branch; see [`tree::delete_branch`].
    DeleteBranch(BranchPath),
    /// Moves a branch left (`Up`) or right (`Down`).
    MoveBranch {
        /// The branch.
        branch: BranchPath,
        /// Which way.
        dir: Direction,
    },
    /// Changes a node's properties.
    EditNode {
        /// The node.
        node: NodePath,
        /// The change.
        edit: NodeEdit,
    },
    /// Changes a branch's name or condition.
    EditBranch {
        /// The branch.
        branch: BranchPath,
        /// The change.
        edit: BranchEdit,
    },
    /// Selects a node or branch (opens the properties panel), or nothing.
    Select(Option<Selection>),
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// 放大.
    ZoomIn,
    /// 缩小.
    ZoomOut,
    /// 100%.
    ZoomReset,
    /// Replaces the flow (another version was loaded); history and selection are cleared.
    Load(FlowDef),
}

/// The flow and selection at one point of the history.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    flow: FlowDef,
    selected: Option<Selection>,
}

/// Undo and redo stacks.
#[derive(Debug, Clone, PartialEq, Default)]
struct History {
    undo: VecDeque<Rc<Snapshot>>,
    redo: Vec<Rc<Snapshot>>,
    /// The text edit recorded last, so the next keystroke of it records no new step.
    last_key: Option<String>,
}

/// The designer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowDesign {
    /// The flow being edited.
    pub flow: FlowDef,
    /// What the properties panel shows.
    pub selected: Option<Selection>,
    /// The node last copied.
    pub clipboard: Option<Node>,
    /// Zoom in percent, applied to the canvas as a CSS scale.
    pub zoom: u16,
    /// Why the last action was refused (Chinese), until the next action.
    pub refusal: Option<String>,
    /// What new nodes start with.
    pub defaults: NodeDefaults,
    history: History,
}

/// What to select after an edit.
enum Then {
    Keep,
    Clear,
    Select(Selection),
}

impl FlowDesign {
    /// A designer for `flow`, nothing selected, zoom 100%.
    pub fn new(flow: FlowDef, defaults: NodeDefaults) -> Self {
        Self {
            flow,
            selected: None,
            clipboard: None,
            zoom: 100,
            refusal: None,
            defaults,
            history: History::default(),
        }
    }

    /// Whether 撤销 has something to undo.
    pub fn can_undo(&self) -> bool {
        !self.history.undo.is_empty()
    }

    /// Whether 重做 has something to redo.
    pub fn can_redo(&self) -> bool {
        !self.history.redo.is_empty()
    }

    /// How many steps 撤销 can go back.
    pub fn undo_depth(&self) -> usize {
        self.history.undo.len()
    }

    /// The selected node with its path, if a node is selected.
    pub fn selected_node(&self) -> Option<(&NodePath, &Node)> {
        match &self.selected {
            Some(Selection::Node(path)) => Some((path, path::node_at(&self.flow, path)?)),
            _ => None,
        }
    }

    /// Applies one action in place (what [`Reducible::reduce`] does on a copy).
    pub fn apply(&mut self, action: FlowDesignAction) {
        self.refusal = None;
        match action {
            FlowDesignAction::Select(selection) => {
                self.selected = selection.filter(|s| path::resolves(&self.flow, s));
                self.history.last_key = None;
            }
            FlowDesignAction::Undo => self.step_back(),
            FlowDesignAction::Redo => self.step_forward(),
            FlowDesignAction::ZoomIn => self.zoom = (self.zoom + ZOOM_STEP).min(ZOOM_MAX),
            FlowDesignAction::ZoomOut => {
                self.zoom = self.zoom.saturating_sub(ZOOM_STEP).max(ZOOM_MIN)
            }
            FlowDesignAction::ZoomReset => self.zoom = 100,
            FlowDesignAction::Copy(path) => match path::node_at(&self.flow, &path) {
                Some(node) => self.clipboard = Some(node.clone()),
                None => self.refusal = Some("该节点已不存在".into()),
            },
            FlowDesignAction::Load(flow) => {
                self.flow = flow;
                self.selected = None;
                self.history = History::default();
            }
            edit => self.edit(edit),
        }
    }

    /// Runs an edit of the flow, recording history or the refusal.
    fn edit(&mut self, action: FlowDesignAction) {
        let key = coalesce_key(&action);
        let before = Snapshot {
            flow: self.flow.clone(),
            selected: self.selected.clone(),
        };
        match self.run(action) {
            Ok(then) => {
                match then {
                    Then::Keep => {}
                    Then::Clear => self.selected = None,
                    Then::Select(selection) => self.selected = Some(selection),
                }
                if self.flow != before.flow {
                    self.record(before, key);
                }
            }
            Err(refusal) => {
                self.flow = before.flow;
                self.selected = before.selected;
                self.refusal = Some(refusal);
            }
        }
    }

    /// The edit itself.
    fn run(&mut self, action: FlowDesignAction) -> Result<Then, Refusal> {
        use FlowDesignAction as A;
        let flow = &mut self.flow;
        let node = |path: NodePath| Then::Select(Selection::Node(path));
        let branch = |path: BranchPath| Then::Select(Selection::Branch(path));
        Ok(match action {
            A::Insert { gap, kind } => {
                let mut used = build::flow_ids(flow);
                let new = build::new_node(kind, flow, &mut used, &self.defaults);
                node(tree::insert(flow, &gap, new)?)
            }
            A::Paste(gap) => {
                let clip = self.clipboard.as_ref().ok_or("剪贴板为空，请先复制节点")?;
                let copy = tree::fresh_copy(flow, clip);
                let pasted = tree::insert(flow, &gap, copy)?;
                // The copied node may name return targets deleted since it was copied.
                rights::prune_targets(flow);
                node(pasted)
            }
            A::Duplicate(path) => {
                let original = path::node_at(flow, &path).ok_or("该节点已不存在")?;
                let copy = tree::fresh_copy(flow, original);
                node(tree::insert(flow, &path.gap_after(), copy)?)
            }
            A::Delete(path) => {
                tree::delete(flow, &path)?;
                rights::prune_targets(flow);
                Then::Clear
            }
            A::Move { node: path, dir } => node(tree::shift(flow, &path, dir)?),
            A::MoveTo { node: path, gap } => node(tree::move_to(flow, &path, &gap)?),
            A::AddBranch(path) => branch(tree::add_branch(flow, &path, &self.defaults)?),
            A::DeleteBranch(at) => {
                tree::delete_branch(flow, &at)?;
                rights::prune_targets(flow);
                Then::Clear
            }
            A::MoveBranch { branch: at, dir } => branch(tree::shift_branch(flow, &at, dir)?),
            A::EditNode { node: path, edit } => {
                edit::edit_node(flow, &path, edit, &self.defaults).map(|()| Then::Keep)?
            }
            A::EditBranch { branch: at, edit } => {
                edit::edit_branch(flow, &at, edit).map(|()| Then::Keep)?
            }
            A::Select(_)
            | A::Undo
            | A::Redo
            | A::ZoomIn
            | A::ZoomOut
            | A::ZoomReset
            | A::Copy(_)
            | A::Load(_) => Then::Keep,
        })
    }

    /// Records the state before an edit (one step per run of the same text edit).
    fn record(&mut self, before: Snapshot, key: Option<String>) {
        let history = &mut self.history;
        history.redo.clear();
        let continues = key.is_some() && key == history.last_key && !history.undo.is_empty();
        if !continues {
            history.undo.push_back(Rc::new(before));
            if history.undo.len() > HISTORY_LIMIT {
                history.undo.pop_front();
            }
        }
        history.last_key = key;
    }

    /// The current flow and selection as a snapshot.
    fn snapshot(&self) -> Rc<Snapshot> {
        Rc::new(Snapshot {
            flow: self.flow.clone(),
            selected: self.selected.clone(),
        })
    }

    /// Restores `snapshot`.
    fn restore(&mut self, snapshot: &Snapshot) {
        self.flow = snapshot.flow.clone();
        self.selected = snapshot.selected.clone();
        self.history.last_key = None;
    }

    /// 撤销.
    fn step_back(&mut self) {
        let Some(previous) = self.history.undo.pop_back() else {
            self.refusal = Some("没有可撤销的操作".into());
            return;
        };
        let current = self.snapshot();
        self.history.redo.push(current);
        self.restore(&previous);
    }

    /// 重做.
    fn step_forward(&mut self) {
        let Some(next) = self.history.redo.pop() else {
            self.refusal = Some("没有可重做的操作".into());
            return;
        };
        let current = self.snapshot();
        self.history.undo.push_back(current);
        self.restore(&next);
    }
}

/// The key under which consecutive edits of one text merge into one history step.
fn coalesce_key(action: &FlowDesignAction) -> Option<String> {
    match action {
        FlowDesignAction::EditNode { node, edit } => match edit {
            NodeEdit::Name(_) => Some(format!("{node}/name")),
            NodeEdit::TimeLimit(_) => Some(format!("{node}/time")),
            NodeEdit::PassPercent(_) => Some(format!("{node}/percent")),
            NodeEdit::SealName(_) => Some(format!("{node}/seal")),
            NodeEdit::StepName(i, _) => Some(format!("{node}/step{i}")),
            _ => None,
        },
        FlowDesignAction::EditBranch { branch, edit } => {
            let at = format!("{}/{:?}", branch.node, branch.branch);
            match edit {
                BranchEdit::Name(_) => Some(format!("{at}/name")),
                BranchEdit::Condition(CondEdit::Value(path, _)) => Some(format!("{at}/{path:?}")),
                BranchEdit::Condition(_) => None,
            }
        }
        _ => None,
    }
}

impl Reducible for FlowDesign {
    type Action = FlowDesignAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
