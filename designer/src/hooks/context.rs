//! Contexts provided by the app shell: the session reducer and the organisation data (units and
//! users for pickers and for showing names instead of codes).

use crate::api::{OrgUnit, OrgUser};
use crate::format::Names;
use crate::state::session::SessionHandle;
use std::rc::Rc;
use yew::prelude::*;

/// Units and users, loaded once after login.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgData {
    /// All units and departments.
    pub units: Vec<OrgUnit>,
    /// All users.
    pub users: Vec<OrgUser>,
    /// Code → name lookups built from the two lists.
    pub names: Names,
}

impl OrgData {
    /// Builds the lookups.
    pub fn new(units: Vec<OrgUnit>, users: Vec<OrgUser>) -> Self {
        let names = Names {
            units: units
                .iter()
                .map(|u| (u.code.clone(), u.name.clone()))
                .collect(),
            users: users
                .iter()
                .map(|u| (u.username.clone(), u.display_name.clone()))
                .collect(),
        };
        Self {
            units,
            users,
            names,
        }
    }
}

/// The session handle. Panics if used outside the app root (a programming error).
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("session context is provided by App")
}

/// The organisation data (empty until loaded).
#[hook]
pub fn use_org() -> Rc<OrgData> {
    use_context::<Rc<OrgData>>().unwrap_or_default()
}
