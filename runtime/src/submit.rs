//! 提交: the initiator submits a draft; the flow starts.

use crate::advance::advance;
use crate::command::{Ctx, Transition};
use crate::error::{RuntimeError, RuntimeResult};
use crate::event::Event;
use crate::state::{MatterState, MatterStatus};
use crate::tasks::is_initiator;
use lianban_definition::flow::{Assignee, Node, all_nodes};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{NodeId, UserName};
use std::collections::BTreeMap;

const ACTION: &str = "提交";

/// Submits a draft with its final (already validated) values: stores them, sets `submitted_at`,
/// status Running, emits `Submitted`, then walks the flow (dispatches, tasks, branch choices; a
/// flow with nothing to do completes at once).
///
/// `chosen` holds the initiator's pick for every 发起人自选 node of the flow (in any branch):
/// at least one person, exactly one unless the node allows several; picks for other nodes are
/// dropped.
///
/// Errors: `WrongStatus` unless Draft; `NotInitiator` for anyone but the initiator;
/// `ApproverNotChosen`; `NoUnit`, `Rule` or `NobodyResolves` from routing.
pub(crate) fn apply(
    def: &MatterTypeDef,
    state: &MatterState,
    values: &FormValues,
    chosen: &BTreeMap<NodeId, Vec<UserName>>,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Transition> {
    match state.status {
        MatterStatus::Draft => {}
        MatterStatus::Running
        | MatterStatus::Returned
        | MatterStatus::Completed
        | MatterStatus::Closed
        | MatterStatus::Voided => {
            return Err(RuntimeError::WrongStatus {
                status: state.status,
                action: ACTION,
            });
        }
    }
    if !is_initiator(state, ctx, false) {
        return Err(RuntimeError::NotInitiator { action: ACTION });
    }
    let chosen = check_chosen(&def.flow.nodes, chosen)?;
    let mut t = Transition {
        state: state.clone(),
        events: vec![Event::Submitted],
    };
    t.state.values = values.clone();
    t.state.chosen = chosen;
    t.state.submitted_at = Some(ctx.now);
    t.state.status = MatterStatus::Running;
    advance(def, &mut t, ctx)?;
    Ok(t)
}

/// The picks for the flow's 发起人自选 nodes, checked; see [`apply`].
fn check_chosen(
    nodes: &[Node],
    chosen: &BTreeMap<NodeId, Vec<UserName>>,
) -> RuntimeResult<BTreeMap<NodeId, Vec<UserName>>> {
    let mut out = BTreeMap::new();
    for node in all_nodes(nodes) {
        let Node::Approver {
            id,
            name,
            assignee: Assignee::ChosenAtSubmit { multiple },
            ..
        } = node
        else {
            continue;
        };
        let mut users: Vec<UserName> = Vec::new();
        for user in chosen.get(id).into_iter().flatten() {
            if !user.as_str().trim().is_empty() && !users.contains(user) {
                users.push(user.clone());
            }
        }
        if users.is_empty() || (!multiple && users.len() > 1) {
            return Err(RuntimeError::ApproverNotChosen {
                node: id.clone(),
                name: name.clone(),
                multiple: *multiple,
            });
        }
        out.insert(id.clone(), users);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
