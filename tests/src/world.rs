//! The demo world as the runtime sees it: an [`Actor`] per demo user, and routing rules
//! evaluated by the real Rhai engine.

use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{PostCode, RuleName, UnitCode, UserName};
use lianban_runtime::{Actor, Directory, RuleEval};
use lianban_scripting::ScriptEngine;
use lianban_seeds::DemoWorld;
use std::collections::BTreeMap;

/// The demo users, by login name.
#[derive(Debug, Clone)]
pub struct World {
    /// Actor and home unit by user name.
    users: BTreeMap<String, (Actor, UnitCode)>,
    /// Roles by user name.
    roles: BTreeMap<String, Vec<String>>,
    /// Unit → parent.
    parents: BTreeMap<String, String>,
}

impl World {
    /// Builds one actor per seed user: its posts are (home unit, post) for each post it holds;
    /// it is an administrator when it has the `admin` role.
    pub fn from_seed(world: &DemoWorld) -> Self {
        let users = world
            .users
            .iter()
            .map(|user| {
                let actor = Actor {
                    user: UserName::new(&user.username),
                    posts: user
                        .posts
                        .iter()
                        .map(|post| (UnitCode::new(&user.unit), PostCode::new(post)))
                        .collect(),
                    admin: user.roles.iter().any(|role| role == "admin"),
                };
                (user.username.clone(), (actor, UnitCode::new(&user.unit)))
            })
            .collect();
        let roles = world
            .users
            .iter()
            .map(|u| (u.username.clone(), u.roles.clone()))
            .collect();
        let parents = world
            .units
            .iter()
            .filter_map(|u| u.parent.clone().map(|p| (u.code.clone(), p)))
            .collect();
        Self {
            users,
            roles,
            parents,
        }
    }

    /// The actor of a demo user.
    pub fn actor(&self, user: &str) -> Option<&Actor> {
        self.users.get(user).map(|(actor, _)| actor)
    }

    /// Whether some demo user satisfies `test`.
    pub fn anyone(&self, test: impl Fn(&Actor) -> bool) -> bool {
        self.users.values().any(|(actor, _)| test(actor))
    }

    /// The home unit of a demo user.
    pub fn unit_of(&self, user: &str) -> Option<&UnitCode> {
        self.users.get(user).map(|(_, unit)| unit)
    }
}

impl Directory for World {
    fn holders(&self, unit: &UnitCode, post: &PostCode) -> Vec<UserName> {
        self.users
            .values()
            .filter(|(actor, _)| actor.holds(unit, post))
            .map(|(actor, _)| actor.user.clone())
            .collect()
    }

    fn with_role(&self, role: &str) -> Vec<UserName> {
        self.roles
            .iter()
            .filter(|(_, roles)| roles.iter().any(|r| r == role))
            .map(|(user, _)| UserName::new(user))
            .collect()
    }

    fn parent(&self, unit: &UnitCode) -> Option<UnitCode> {
        self.parents.get(unit.as_str()).map(UnitCode::new)
    }

    /// The demo world's seeds name no external systems yet.
    /// The demo registers one unit's own system: 自然资源和规划分局's (受办分离).
    fn has_external_system(&self, unit: &UnitCode) -> bool {
        unit.as_str() == lianban_seeds::DEMO_SIM_UNIT
    }
}

/// Evaluates a matter type's routing rules with the real sandboxed engine, as the server does.
pub struct SeedRules<'a> {
    /// The matter type declaring the rules.
    pub def: &'a MatterTypeDef,
    /// The engine.
    pub engine: &'a ScriptEngine,
}

impl RuleEval for SeedRules<'_> {
    fn route(&self, rule: &RuleName, values: &FormValues) -> Result<bool, String> {
        let def = self
            .def
            .rule(rule)
            .ok_or_else(|| format!("事项未声明路由规则「{rule}」"))?;
        self.engine.route(def, values).map_err(|e| e.message)
    }
}
