//! Random action sequences on the seeded flows: after every step the tree is sound (unique
//! identifier ids, parallel nodes with two or more non-empty branches, condition nodes with a
//! conditional branch and a default), the selection resolves and the flow round-trips through
//! serde; undoing everything restores the start, and redoing everything the end.

use super::*;
use proptest::prelude::*;

/// An action with its targets given as numbers, resolved against the current tree.
#[derive(Debug, Clone)]
enum Op {
    Insert(usize, NodeKind),
    Paste(usize),
    Delete(usize),
    Move(usize, bool),
    MoveTo(usize, usize),
    Copy(usize),
    Duplicate(usize),
    AddBranch(usize),
    DeleteBranch(usize),
    MoveBranch(usize, bool),
    Rename(usize, String),
    SetId(usize, String),
    Step(usize, u8),
    Condition(usize, u8),
    Select(usize),
    Undo,
    Redo,
}

/// Every node path, gap and branch of the tree, depth first.
#[derive(Default)]
struct Places {
    nodes: Vec<NodePath>,
    gaps: Vec<Gap>,
    branches: Vec<BranchPath>,
}

impl Places {
    fn of(flow: &FlowDef) -> Self {
        let mut places = Places::default();
        places.walk(&flow.nodes, &SeqPath::top());
        places
    }

    fn walk(&mut self, nodes: &[Node], seq: &SeqPath) {
        self.gaps.push(seq.gap(0));
        for (k, node) in nodes.iter().enumerate() {
            let here = seq.node(k);
            self.nodes.push(here.clone());
            let refs: Vec<BranchRef> = match node {
                Node::Parallel { branches, .. } => {
                    (0..branches.len()).map(BranchRef::Branch).collect()
                }
                Node::Condition { branches, .. } => (0..branches.len())
                    .map(BranchRef::Branch)
                    .chain([BranchRef::Default])
                    .collect(),
                _ => Vec::new(),
            };
            for branch in refs {
                let inner = path::branch_nodes(node, branch).expect("branch exists");
                self.branches.push(BranchPath {
                    node: here.clone(),
                    branch,
                });
                self.walk(inner, &here.branch_seq(branch));
            }
            self.gaps.push(seq.gap(k + 1));
        }
    }
}

/// The `i`-th item, wrapping; `None` when there are none.
fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

/// The condition edit numbered `n`.
fn cond_edit(n: u8) -> CondEdit {
    match n % 6 {
        0 => CondEdit::AddField(vec![]),
        1 => CondEdit::AddGroup(vec![]),
        2 => CondEdit::UseRule(RuleName::new("needs_office")),
        3 => CondEdit::UseFields,
        4 => CondEdit::Remove(vec![0]),
        _ => CondEdit::Combine(vec![], Combine::Any),
    }
}

/// The step edit numbered `n`.
fn step_edit(n: u8) -> NodeEdit {
    match n % 4 {
        0 => NodeEdit::AddStep,
        1 => NodeEdit::RemoveStep(0),
        2 => NodeEdit::StepName(0, "审核".into()),
        _ => NodeEdit::TimeLimit(Some(u32::from(n))),
    }
}

/// The concrete action for `op` on the current tree (`None` when it has no target).
fn resolve(op: &Op, flow: &FlowDef) -> Option<FlowDesignAction> {
    use FlowDesignAction as A;
    let places = Places::of(flow);
    let node = |i| pick(&places.nodes, i);
    let branch = |i| pick(&places.branches, i);
    let dir = |up: bool| if up { Direction::Up } else { Direction::Down };
    Some(match op.clone() {
        Op::Insert(g, kind) => A::Insert {
            gap: pick(&places.gaps, g)?,
            kind,
        },
        Op::Paste(g) => A::Paste(pick(&places.gaps, g)?),
        Op::Delete(n) => A::Delete(node(n)?),
        Op::Move(n, up) => A::Move {
            node: node(n)?,
            dir: dir(up),
        },
        Op::MoveTo(n, g) => A::MoveTo {
            node: node(n)?,
            gap: pick(&places.gaps, g)?,
        },
        Op::Copy(n) => A::Copy(node(n)?),
        Op::Duplicate(n) => A::Duplicate(node(n)?),
        Op::AddBranch(n) => A::AddBranch(node(n)?),
        Op::DeleteBranch(b) => A::DeleteBranch(branch(b)?),
        Op::MoveBranch(b, up) => A::MoveBranch {
            branch: branch(b)?,
            dir: dir(up),
        },
        Op::Rename(n, name) => A::EditNode {
            node: node(n)?,
            edit: NodeEdit::Name(name),
        },
        Op::SetId(n, id) => A::EditNode {
            node: node(n)?,
            edit: NodeEdit::Id(id),
        },
        Op::Step(n, e) => A::EditNode {
            node: node(n)?,
            edit: step_edit(e),
        },
        Op::Condition(b, e) => A::EditBranch {
            branch: branch(b)?,
            edit: BranchEdit::Condition(cond_edit(e)),
        },
        Op::Select(n) => A::Select(node(n).map(Selection::Node)),
        Op::Undo => A::Undo,
        Op::Redo => A::Redo,
    })
}

fn kind() -> impl Strategy<Value = NodeKind> {
    prop::sample::select(NodeKind::ALL.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0..64usize;
    prop_oneof![
        3 => (n.clone(), kind()).prop_map(|(g, k)| Op::Insert(g, k)),
        1 => n.clone().prop_map(Op::Paste),
        2 => n.clone().prop_map(Op::Delete),
        1 => (n.clone(), any::<bool>()).prop_map(|(i, up)| Op::Move(i, up)),
        2 => (n.clone(), n.clone()).prop_map(|(i, g)| Op::MoveTo(i, g)),
        1 => n.clone().prop_map(Op::Copy),
        1 => n.clone().prop_map(Op::Duplicate),
        1 => n.clone().prop_map(Op::AddBranch),
        2 => n.clone().prop_map(Op::DeleteBranch),
        1 => (n.clone(), any::<bool>()).prop_map(|(i, up)| Op::MoveBranch(i, up)),
        1 => (n.clone(), "[一-龥]{0,4}").prop_map(|(i, s)| Op::Rename(i, s)),
        1 => (n.clone(), "[a-z_]{0,3}[0-9]?").prop_map(|(i, s)| Op::SetId(i, s)),
        1 => (n.clone(), any::<u8>()).prop_map(|(i, e)| Op::Step(i, e)),
        1 => (n.clone(), any::<u8>()).prop_map(|(i, e)| Op::Condition(i, e)),
        1 => n.clone().prop_map(Op::Select),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn start() -> impl Strategy<Value = FlowDef> {
    prop_oneof![Just(personnel_transfer().flow), Just(staff_enrollment())]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_edits_keep_the_tree_sound_and_undo_restores_the_start(
        start in start(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let mut d = design(start.clone());
        for op in &ops {
            let Some(action) = resolve(op, &d.flow) else { continue };
            d.apply(action.clone());
            prop_assert_eq!(structure_problems(&d.flow), Vec::<String>::new(), "after {:?}", action);
            if let Some(selection) = &d.selected {
                prop_assert!(path::resolves(&d.flow, selection), "selection after {:?}", action);
            }
            let text = serde_json::to_string(&d.flow).expect("serializes");
            let back: FlowDef = serde_json::from_str(&text).expect("parses");
            prop_assert_eq!(&back, &d.flow);
        }
        let end = d.flow.clone();
        let steps = d.undo_depth();
        for _ in 0..steps {
            d.apply(FlowDesignAction::Undo);
        }
        prop_assert_eq!(&d.flow, &start);
        for _ in 0..steps {
            d.apply(FlowDesignAction::Redo);
        }
        prop_assert_eq!(&d.flow, &end);
    }
}
