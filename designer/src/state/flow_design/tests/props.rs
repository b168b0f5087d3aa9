//! Random action sequences on the seeded flows, with every node kind (CC and seal nodes too),
//! assignee kind, approval setting and right: after every step the tree is sound (unique
//! identifier ids, parallel nodes with two or more non-empty branches, condition nodes with a
//! conditional branch and a default), return targets name existing nodes, the selection
//! resolves and the flow round-trips through serde; undoing everything restores the start, and
//! redoing everything the end.

use super::*;
use lianban_definition::flow::{FieldAccess, ReturnTargets, SignMode};
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
    Assignee(usize, u8),
    Approval(usize, u8),
    Seal(usize, u8),
    Rights(usize, u8, usize),
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

/// The approval setting edit numbered `n`.
fn approval_edit(n: u8) -> NodeEdit {
    match n % 5 {
        0 => NodeEdit::Mode(SignMode::All),
        1 => NodeEdit::PassPercent(Some(u32::from(n))),
        2 => NodeEdit::PassPercent(None),
        3 => NodeEdit::WhenEmpty(EmptyPolicy::AutoPass),
        _ => NodeEdit::Mode(SignMode::Any),
    }
}

/// The seal edit numbered `n`.
fn seal_edit(n: u8) -> NodeEdit {
    match n % 3 {
        0 => NodeEdit::SealPost(PostCode::new("leader")),
        1 => NodeEdit::SealName("合同专用章".into()),
        _ => NodeEdit::Unit {
            unit: UnitRef::Fixed {
                unit: UnitCode::new("czj"),
            },
            rename: None,
        },
    }
}

/// The rights edit numbered `n`; return targets name the `k`-th node of the flow.
fn rights_edit(n: u8, k: usize, flow: &FlowDef) -> RightsEdit {
    let access = [
        FieldAccess::Editable,
        FieldAccess::ReadOnly,
        FieldAccess::Hidden,
    ][usize::from(n) % 3];
    match n % 6 {
        0 | 1 => RightsEdit::Fields(vec![(FieldKey::new("note"), access)]),
        2 => RightsEdit::CanReturn(n % 4 == 2),
        3 => RightsEdit::Transfer(n % 4 == 3),
        4 => RightsEdit::ReturnTargets(ReturnTargets::AnyEarlier),
        _ => RightsEdit::ReturnTargets(ReturnTargets::Nodes {
            nodes: pick(&ids(flow), k).map(NodeId::new).into_iter().collect(),
        }),
    }
}

/// Return targets that name no node of the flow.
fn dangling_targets(flow: &FlowDef) -> Vec<String> {
    let known = flow_ids(flow);
    let mut dangling = Vec::new();
    let mut places = Places::of(flow).nodes;
    places.retain(|p| path::node_at(flow, p).and_then(Node::rights).is_some());
    for place in places {
        let rights = path::node_at(flow, &place).and_then(Node::rights);
        if let Some(ReturnTargets::Nodes { nodes }) = rights.map(|r| &r.ops.return_targets) {
            dangling.extend(
                nodes
                    .iter()
                    .filter(|id| !known.contains(id.as_str()))
                    .map(|id| id.to_string()),
            );
        }
    }
    dangling
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
        Op::Assignee(n, e) => A::EditNode {
            node: node(n)?,
            edit: NodeEdit::Assignee(pick(&every_assignee(), usize::from(e))?),
        },
        Op::Approval(n, e) => A::EditNode {
            node: node(n)?,
            edit: approval_edit(e),
        },
        Op::Seal(n, e) => A::EditNode {
            node: node(n)?,
            edit: seal_edit(e),
        },
        Op::Rights(n, e, k) => A::EditNode {
            node: node(n)?,
            edit: NodeEdit::Rights(rights_edit(e, k, flow)),
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
        1 => (n.clone(), any::<u8>()).prop_map(|(i, e)| Op::Assignee(i, e)),
        1 => (n.clone(), any::<u8>()).prop_map(|(i, e)| Op::Approval(i, e)),
        1 => (n.clone(), any::<u8>()).prop_map(|(i, e)| Op::Seal(i, e)),
        2 => (n.clone(), any::<u8>(), n.clone()).prop_map(|(i, e, k)| Op::Rights(i, e, k)),
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
            prop_assert_eq!(dangling_targets(&d.flow), Vec::<String>::new(), "after {:?}", action);
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
