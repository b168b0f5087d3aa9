//! Display names of the units and people a matter mentions, loaded once per command.

use crate::AppState;
use crate::error::ApiResult;
use crate::matter::store::MatterDoc;
use lianban_runtime::Candidates;
use std::collections::HashMap;

/// Unit and user display names.
#[derive(Debug, Default, Clone)]
pub struct Names {
    units: HashMap<String, String>,
    users: HashMap<String, String>,
    /// 退回原因 code → label.
    reasons: HashMap<String, String>,
}

impl Names {
    /// Loads every unit name and the names of the people `doc` mentions.
    pub async fn load(state: &AppState, doc: &MatterDoc) -> ApiResult<Self> {
        let units = crate::org::store::units(&state.db)
            .await?
            .into_iter()
            .map(|u| (u.code, u.name))
            .collect();
        let mut people = vec![doc.state.initiator.to_string()];
        for task in &doc.state.tasks {
            if let Some(a) = &task.assignee {
                people.push(a.to_string());
            }
            if let Candidates::Users { users } = &task.candidates {
                people.extend(users.iter().map(|u| u.to_string()));
            }
        }
        for copy in &doc.state.cc {
            people.extend(copy.users.iter().map(|u| u.to_string()));
        }
        for d in &doc.state.dispatches {
            if let Some(r) = &d.returned {
                people.push(r.by.to_string());
            }
        }
        people.sort();
        people.dedup();
        let mut users: HashMap<String, String> =
            crate::org::store::display_names(&state.db, &people)
                .await?
                .into_iter()
                .collect();
        // Units' own systems act under `ext:<app key>`: show the system's registered name.
        if people
            .iter()
            .any(|p| p.starts_with(crate::external::ACTOR_PREFIX))
            || has_external(doc)
        {
            users.extend(crate::external::names(&state.db).await?);
        }
        let reasons = crate::dict::store::get(&state.db, "return_reason")
            .await?
            .map(|d| d.items.into_iter().map(|i| (i.value, i.label)).collect())
            .unwrap_or_default();
        Ok(Self {
            units,
            users,
            reasons,
        })
    }

    /// Builds names from explicit pairs (tests).
    pub fn from_pairs(units: &[(&str, &str)], users: &[(&str, &str)]) -> Self {
        Self {
            units: units
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            users: users
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            reasons: HashMap::new(),
        }
    }

    /// A unit's name (its code if unknown).
    pub fn unit(&self, code: &str) -> String {
        self.units
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// The label of a 退回原因 code (the code itself if unknown).
    pub fn reason(&self, code: &str) -> String {
        self.reasons
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    /// A user's display name (the login name if unknown).
    pub fn user(&self, username: &str) -> String {
        self.users
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_owned())
    }
}

/// Whether `doc` has a dispatch handled in a unit's own system (its timeline may name the
/// system as an actor).
fn has_external(doc: &MatterDoc) -> bool {
    doc.state.dispatches.iter().any(|d| d.external.is_some())
}
