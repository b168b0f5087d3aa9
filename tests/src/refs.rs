//! Task references in scenario commands, so files never hard-code task numbers:
//!
//! - `"$rsj"`: the one open or claimed task of dispatch `rsj` (an error when there is none,
//!   or several, as in a 会签 node: then use a number);
//! - `"$rsj.review"`: the latest task of dispatch `rsj` at its step with id `review`, whatever
//!   its status (to act on a task someone else has just handled).
//!
//! A plain number is used as is.

use lianban_definition::flow::Node;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{MatterState, TaskId};
use serde_json::Value;

/// Replaces a `$` reference in the command's `task` with the task's number.
///
/// # Errors
/// A message saying why the reference does not name exactly one task.
pub fn resolve_task(
    command: &mut Value,
    def: &MatterTypeDef,
    state: &MatterState,
) -> Result<(), String> {
    let Some(task) = command.get_mut("task") else {
        return Ok(());
    };
    let Some(reference) = task.as_str().and_then(|s| s.strip_prefix('$')) else {
        return Ok(());
    };
    let id = match reference.split_once('.') {
        None => pending_task(state, reference)?,
        Some((dispatch, step)) => step_task(def, state, dispatch, step)?,
    };
    *task = Value::from(id.0);
    Ok(())
}

/// The single pending task of `dispatch`.
fn pending_task(state: &MatterState, dispatch: &str) -> Result<TaskId, String> {
    let pending: Vec<TaskId> = state
        .pending_tasks()
        .filter(|t| t.dispatch.as_str() == dispatch)
        .map(|t| t.id)
        .collect();
    match pending[..] {
        [id] => Ok(id),
        [] => Err(format!(
            "${dispatch}: dispatch {dispatch} has no pending task"
        )),
        _ => Err(format!(
            "${dispatch}: dispatch {dispatch} has several pending tasks {:?}; write the number",
            pending.iter().map(|t| t.0).collect::<Vec<_>>()
        )),
    }
}

/// The latest task of `dispatch` at the step with id `step`.
fn step_task(
    def: &MatterTypeDef,
    state: &MatterState,
    dispatch: &str,
    step: &str,
) -> Result<TaskId, String> {
    let reference = format!("${dispatch}.{step}");
    let index = unit_steps(&def.flow.nodes, dispatch)
        .ok_or_else(|| format!("{reference}: no unit node {dispatch} in {}", def.code))?
        .iter()
        .position(|s| s == step)
        .ok_or_else(|| format!("{reference}: unit node {dispatch} has no step {step}"))?;
    state
        .tasks
        .iter()
        .filter(|t| t.dispatch.as_str() == dispatch && t.step == index)
        .map(|t| t.id)
        .max()
        .ok_or_else(|| format!("{reference}: no task was created for this step yet"))
}

/// The step ids of unit node `id`, searched through the whole tree.
fn unit_steps(nodes: &[Node], id: &str) -> Option<Vec<String>> {
    nodes.iter().find_map(|node| match node {
        Node::Unit {
            id: node_id, steps, ..
        } if node_id.as_str() == id => Some(steps.iter().map(|s| s.id.clone()).collect()),
        Node::Unit { .. } | Node::Approver { .. } | Node::Cc { .. } | Node::Seal { .. } => None,
        Node::Parallel { branches, .. } => branches.iter().find_map(|b| unit_steps(&b.nodes, id)),
        Node::Condition {
            branches, default, ..
        } => branches
            .iter()
            .find_map(|b| unit_steps(&b.nodes, id))
            .or_else(|| unit_steps(&default.nodes, id)),
    })
}
