//! Field permissions on a submitted matter: which form fields a user may not see, from the
//! `rights` of the flow nodes the user works at (every node must hide a field for it to be
//! hidden), and which fields a task's handler may edit.

use super::store::MatterDoc;
use crate::auth::CurrentUser;
use lianban_definition::flow::{FieldAccess, Node, all_nodes};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{Candidates, Task};
use std::collections::BTreeSet;

/// The fields hidden from `user`. The initiator, the initiating unit, administrators and
/// supervisors see everything; anyone else sees what at least one of their nodes shows: the
/// nodes of their units' dispatches, of tasks they may take or took, and of copies sent to them.
pub fn hidden_fields(doc: &MatterDoc, def: &MatterTypeDef, user: &CurrentUser) -> BTreeSet<String> {
    let st = &doc.state;
    let units = user.units();
    let sees_all = user.is_admin()
        || user.roles.iter().any(|r| r == "supervisor")
        || st.initiator.as_str() == user.username
        || units.iter().any(|u| u == st.initiator_unit.as_str());
    if sees_all {
        return BTreeSet::new();
    }
    let actor = user.actor();
    let mut mine: BTreeSet<&str> = BTreeSet::new();
    for d in &st.dispatches {
        if units.iter().any(|u| u == d.unit.as_str()) {
            mine.insert(d.node.as_str());
        }
    }
    for t in &st.tasks {
        if t.candidates.admits(&actor) || named_on(t, &user.username) {
            mine.insert(t.dispatch.as_str());
        }
    }
    for copy in &st.cc {
        if copy.users.iter().any(|u| u.as_str() == user.username) {
            mine.insert(copy.node.as_str());
        }
    }
    hidden_at(def, &mine)
}

/// The fields hidden from `unit`'s own system (受办分离): the initiating unit sees everything;
/// another unit what at least one node of its dispatches shows, like its people.
pub fn hidden_fields_for_unit(
    doc: &MatterDoc,
    def: &MatterTypeDef,
    unit: &str,
) -> BTreeSet<String> {
    let st = &doc.state;
    if st.initiator_unit.as_str() == unit {
        return BTreeSet::new();
    }
    let mine: BTreeSet<&str> = st
        .dispatches
        .iter()
        .filter(|d| d.unit.as_str() == unit)
        .map(|d| d.node.as_str())
        .collect();
    hidden_at(def, &mine)
}

/// The fields every node of `mine` hides (none when `mine` names no node).
fn hidden_at(def: &MatterTypeDef, mine: &BTreeSet<&str>) -> BTreeSet<String> {
    let nodes: Vec<&Node> = all_nodes(&def.flow.nodes)
        .into_iter()
        .filter(|n| mine.contains(n.id().as_str()))
        .collect();
    if nodes.is_empty() {
        return BTreeSet::new();
    }
    def.form
        .fields
        .iter()
        .map(|f| f.key.as_str())
        .filter(|key| {
            nodes.iter().all(|n| {
                n.rights()
                    .is_some_and(|r| r.access(key) == FieldAccess::Hidden)
            })
        })
        .map(str::to_owned)
        .collect()
}

/// The fields the handler of `task` may change when approving it.
pub fn editable_fields(def: &MatterTypeDef, task: &Task) -> Vec<String> {
    let Some(node) = all_nodes(&def.flow.nodes)
        .into_iter()
        .find(|n| n.id() == &task.dispatch)
    else {
        return Vec::new();
    };
    let Some(rights) = node.rights() else {
        return Vec::new();
    };
    def.form
        .fields
        .iter()
        .filter(|f| rights.access(f.key.as_str()) == FieldAccess::Editable)
        .map(|f| f.key.to_string())
        .collect()
}

/// Whether `username` is named on task `t`: a named candidate or its assignee.
pub fn named_on(t: &Task, username: &str) -> bool {
    let named = match &t.candidates {
        Candidates::Users { users } => users.iter().any(|u| u.as_str() == username),
        Candidates::Pool { .. } => false,
    };
    named || t.assignee.as_ref().is_some_and(|a| a.as_str() == username)
}
