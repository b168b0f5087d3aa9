//! The demo world as the runtime sees it: an [`Actor`] per demo user, and routing rules
//! evaluated by the real Rhai engine.

use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{PostCode, RuleName, UnitCode, UserName};
use lianban_runtime::{Actor, RuleEval};
use lianban_scripting::ScriptEngine;
use lianban_seeds::DemoWorld;
use std::collections::BTreeMap;

/// The demo users, by login name.
#[derive(Debug, Clone)]
pub struct World {
    /// Actor and home unit by user name.
    users: BTreeMap<String, (Actor, UnitCode)>,
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
        Self { users }
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
