//! Who an approver or 抄送 node goes to: an [`Assignee`] resolved through the caller's
//! [`Directory`], the form values and the initiator's picks at submission; and, for approver
//! nodes, the node's [`EmptyPolicy`] when that resolves to nobody.

use crate::advance::resolve_unit;
use crate::command::{Ctx, Directory};
use crate::error::{RuntimeError, RuntimeResult};
use crate::state::{Candidates, MatterState};
use lianban_definition::flow::{Assignee, EmptyPolicy, LEADER_POST, SignMode, UnitRef};
use lianban_definition::{NodeId, PostCode, UnitCode, UserName};
use serde_json::Value;

/// The role whose members receive an approver node's task under [`EmptyPolicy::ToAdmin`].
const ADMIN_ROLE: &str = "admin";

/// The people an assignee resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Who {
    /// The holders of a post in a unit, taken as a pool (one task any holder claims; who holds
    /// the post is checked when they act). Only produced when somebody holds it.
    Pool(UnitCode, PostCode),
    /// These people, distinct, in order (possibly none).
    Users(Vec<UserName>),
}

impl Who {
    /// Every person, with a pool expanded to its current holders.
    pub(crate) fn people(&self, directory: &dyn Directory) -> Vec<UserName> {
        match self {
            Who::Pool(unit, post) => directory.holders(unit, post),
            Who::Users(users) => users.clone(),
        }
    }

    /// Whether nobody is in it.
    fn is_empty(&self) -> bool {
        matches!(self, Who::Users(users) if users.is_empty())
    }
}

/// Resolves `assignee` for node `node` of a matter. `pool` asks for a post to stay a pool (或签)
/// rather than be expanded to its holders (会签, 依次, 抄送).
pub(crate) fn resolve(
    node: &NodeId,
    assignee: &Assignee,
    pool: bool,
    state: &MatterState,
    directory: &dyn Directory,
) -> Who {
    let post_in = |unit: Option<UnitCode>, post: &PostCode| match unit {
        None => Who::Users(Vec::new()),
        Some(unit) => {
            let holders = directory.holders(&unit, post);
            if pool && !holders.is_empty() {
                Who::Pool(unit, post.clone())
            } else {
                Who::Users(distinct(holders))
            }
        }
    };
    let unit_of = |unit: &UnitRef| resolve_unit(node, unit, &state.values).ok();
    match assignee {
        Assignee::Users { users } => Who::Users(distinct(users.clone())),
        Assignee::InitiatorPost { post } => post_in(Some(state.initiator_unit.clone()), post),
        Assignee::Post { unit, post } => post_in(unit_of(unit), post),
        Assignee::UnitLeader { unit } => post_in(unit_of(unit), &PostCode::new(LEADER_POST)),
        Assignee::InitiatorLeader { levels } => {
            let mut unit = Some(state.initiator_unit.clone());
            for _ in 1..*levels {
                unit = unit.and_then(|u| directory.parent(&u));
            }
            post_in(unit, &PostCode::new(LEADER_POST))
        }
        Assignee::Role { role } => Who::Users(distinct(directory.with_role(role))),
        Assignee::ChosenAtSubmit { .. } => Who::Users(distinct(
            state.chosen.get(node).cloned().unwrap_or_default(),
        )),
        Assignee::FromField { field } => {
            let users = match state.values.get(field.as_str()) {
                Some(Value::String(user)) => vec![user.clone()],
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let users = users
                .into_iter()
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty())
                .map(UserName::new)
                .collect();
            Who::Users(distinct(users))
        }
    }
}

/// What an approver node's activation creates.
pub(crate) enum Plan {
    /// These tasks (for 依次, the whole order; they are created one at a time).
    Tasks {
        /// One entry per task.
        signers: Vec<Candidates>,
        /// The fallback used when the assignee resolved to nobody (for `NobodyResolved`).
        fallback: Option<&'static str>,
    },
    /// Nobody resolved and the policy lets the node pass.
    AutoPass,
}

/// The tasks an approver node needs: resolves the assignee and splits it by sign mode — 或签
/// one task any of them may take; 会签 and 依次 one task per person. When nobody resolves, the
/// node's policy applies: administrators or named users get one shared task, the node passes,
/// or the command is refused (`NobodyResolves`, also when the policy's own people are none).
pub(crate) fn approver_plan(
    (node, name): (&NodeId, &str),
    assignee: &Assignee,
    mode: SignMode,
    when_empty: &EmptyPolicy,
    state: &MatterState,
    ctx: &Ctx<'_>,
) -> RuntimeResult<Plan> {
    let who = resolve(node, assignee, mode == SignMode::Any, state, ctx.directory);
    if !who.is_empty() {
        let signers = match (who, mode) {
            (Who::Pool(unit, post), _) => vec![Candidates::Pool { unit, post }],
            (Who::Users(users), SignMode::Any) => vec![Candidates::Users { users }],
            (Who::Users(users), SignMode::All | SignMode::Sequential) => users
                .into_iter()
                .map(|u| Candidates::Users { users: vec![u] })
                .collect(),
        };
        return Ok(Plan::Tasks {
            signers,
            fallback: None,
        });
    }
    let refused = || RuntimeError::NobodyResolves {
        node: node.clone(),
        name: name.to_owned(),
    };
    let (users, fallback) = match when_empty {
        EmptyPolicy::AutoPass => return Ok(Plan::AutoPass),
        EmptyPolicy::Refuse => return Err(refused()),
        EmptyPolicy::ToAdmin => (ctx.directory.with_role(ADMIN_ROLE), "to_admin"),
        EmptyPolicy::ToUsers { users } => (users.clone(), "to_users"),
    };
    let users = distinct(users);
    if users.is_empty() {
        return Err(refused());
    }
    Ok(Plan::Tasks {
        signers: vec![Candidates::Users { users }],
        fallback: Some(fallback),
    })
}

/// The list without repeats, first occurrence kept.
fn distinct(users: Vec<UserName>) -> Vec<UserName> {
    let mut out: Vec<UserName> = Vec::with_capacity(users.len());
    for user in users {
        if !out.contains(&user) {
            out.push(user);
        }
    }
    out
}

#[cfg(test)]
mod tests;
