//! Seed data loaded on first start: the demo world (a district with its bureaus, departments,
//! posts and users), the demo matter types, which are designer data (JSON), not code, and the
//! working calendar's holidays and makeup workdays ([`holiday_years`]).

mod calendar;

pub use calendar::{HOLIDAY_SOURCE, SeedDay, SeedYear, holiday_years};

use lianban_definition::DictCode;
use lianban_definition::form::Choice;
use lianban_definition::matter_type::MatterTypeDef;
use serde::Deserialize;

/// The password every demo account gets on first start. Printed at startup; change it in
/// production by not seeding the demo world (`LIANBAN_SEED_DEMO=false`).
pub const DEMO_PASSWORD: &str = "Lianban@2026";

/// The demo's sample department system (受办分离): 自然资源和规划分局's own approval system, run by
/// `lianban-dept-sim` on loopback. Its app key…
pub const DEMO_SIM_APP_KEY: &str = "demo-zrzyj";
/// …its app secret (demo only: real systems get a random one, shown once)…
pub const DEMO_SIM_SECRET: &str =
    "3b1f7e9c2d5a4b8e6f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6";
/// …its unit…
pub const DEMO_SIM_UNIT: &str = "zrzyj";
/// …and where it receives events by default.
pub const DEMO_SIM_ENDPOINT: &str = "http://127.0.0.1:8091/lianban/events";

/// The demo's 浙政钉 app, as `make run` configures Lianban (`LIANBAN_ZWDD_*`) and the loopback
/// gateway `lianban-zwdd-sim` checks it: the gateway's address…
pub const DEMO_ZWDD_GATEWAY: &str = "http://127.0.0.1:8092";
/// …the app's key…
pub const DEMO_ZWDD_APP_KEY: &str = "demo-lianban";
/// …its secret (demo only: a real app's comes from the 浙政钉 open platform)…
pub const DEMO_ZWDD_APP_SECRET: &str = "demo-zwdd-secret-7c4e9a1f2b6d8e3a5c0f9b7d1e2a4c6f";
/// …and the tenant (`tenantId`) of the demo district.
pub const DEMO_ZWDD_TENANT_ID: &str = "196729";

/// A post (职务/岗位).
#[derive(Debug, Clone, Deserialize)]
pub struct SeedPost {
    /// Code, e.g. `clerk`.
    pub code: String,
    /// Chinese name, e.g. 经办人.
    pub name: String,
}

/// A unit or department.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedUnit {
    /// Code, e.g. `rsj`.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Parent unit code (`None` for the root).
    pub parent: Option<String>,
    /// `unit` (单位) or `dept` (部门).
    pub kind: String,
}

/// A demo user.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedUser {
    /// Login name.
    pub username: String,
    /// Chinese display name.
    pub name: String,
    /// Home unit.
    pub unit: String,
    /// Roles: `admin`, `clerk`, `supervisor`.
    pub roles: Vec<String>,
    /// Posts held in the home unit.
    pub posts: Vec<String>,
    /// The 浙政钉 `accountId` work notices go to (demo values; a real deployment binds them by
    /// org sync). `None`: the user gets no 浙政钉 messages.
    #[serde(default)]
    pub zwdd_account: Option<String>,
}

/// The demo world.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoWorld {
    /// Region name, for the banner.
    pub region: String,
    /// Posts.
    pub posts: Vec<SeedPost>,
    /// Units and departments, parents first.
    pub units: Vec<SeedUnit>,
    /// Users.
    pub users: Vec<SeedUser>,
}

/// The demo world (parsed from `data/world.json`, embedded at build time).
pub fn demo_world() -> DemoWorld {
    serde_json::from_str(include_str!("../data/world.json"))
        .expect("seeds/data/world.json is valid")
}

/// The demo matter types, each as the designer would store it.
pub fn matter_types() -> Vec<MatterTypeDef> {
    [
        include_str!("../data/matter_types/personnel_transfer.json"),
        include_str!("../data/matter_types/staff_enrollment.json"),
        include_str!("../data/matter_types/land_review.json"),
    ]
    .iter()
    .map(|json| serde_json::from_str(json).expect("seed matter type is valid JSON"))
    .collect()
}

/// An item of a seed dictionary.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedDictItem {
    /// Stored value, e.g. `benke`.
    pub value: String,
    /// Chinese label, e.g. 本科.
    pub label: String,
}

/// A code dictionary (数据字典) of the demo data.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedDict {
    /// Code, e.g. `education`.
    pub code: String,
    /// Chinese name, e.g. 学历.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Items in display order (all enabled).
    pub items: Vec<SeedDictItem>,
}

/// The demo dictionaries: 学历, 政治面貌, 人员类别 and 退回原因 (parsed from `data/dicts.json`).
pub fn dictionaries() -> Vec<SeedDict> {
    serde_json::from_str(include_str!("../data/dicts.json"))
        .expect("seeds/data/dicts.json is valid")
}

/// The items of seed dictionary `code` as form options, for filling a seed form the way the
/// server does (see `FormDef::fill_dict_options`) where no server runs, e.g. the scenario
/// harness.
pub fn dict_choices(code: &DictCode) -> Option<Vec<Choice>> {
    dictionaries()
        .into_iter()
        .find(|d| d.code == code.as_str())
        .map(|d| {
            d.items
                .into_iter()
                .map(|i| Choice::new(i.value, i.label))
                .collect()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lianban_definition::flow::{Assignee, Node, UnitRef};
    use std::collections::HashSet;

    #[test]
    fn dictionaries_have_unique_codes_and_values_and_cover_the_forms() {
        let dicts = dictionaries();
        let codes: HashSet<_> = dicts.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.len(), dicts.len(), "dictionary codes are unique");
        for dict in &dicts {
            let values: HashSet<_> = dict.items.iter().map(|i| i.value.as_str()).collect();
            assert_eq!(
                values.len(),
                dict.items.len(),
                "{} values unique",
                dict.code
            );
            assert!(dict.items.iter().all(|i| !i.label.trim().is_empty()));
        }
        let reasons: Vec<_> = dicts
            .iter()
            .find(|d| d.code == "return_reason")
            .expect("退回原因 is seeded for returns")
            .items
            .iter()
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(reasons, ["材料不全", "信息有误", "不符合条件", "其他"]);
        for def in matter_types() {
            for r in def.form.dict_refs() {
                assert!(
                    codes.contains(r.dict.as_str()),
                    "{} names dictionary {} at {}",
                    def.code,
                    r.dict,
                    r.path
                );
            }
        }
    }

    #[test]
    fn world_is_consistent() {
        let world = demo_world();
        let units: HashSet<_> = world.units.iter().map(|u| u.code.as_str()).collect();
        let posts: HashSet<_> = world.posts.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(units.len(), world.units.len(), "unit codes are unique");
        for unit in &world.units {
            if let Some(parent) = &unit.parent {
                assert!(
                    units.contains(parent.as_str()),
                    "{} has parent {parent}",
                    unit.code
                );
            }
        }
        let mut names = HashSet::new();
        for user in &world.users {
            assert!(
                names.insert(&user.username),
                "duplicate user {}",
                user.username
            );
            assert!(units.contains(user.unit.as_str()), "{} unit", user.username);
            for post in &user.posts {
                assert!(
                    posts.contains(post.as_str()),
                    "{} post {post}",
                    user.username
                );
            }
        }
    }

    fn unit_nodes<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
        for node in nodes {
            match node {
                Node::Unit { .. } | Node::Approver { .. } | Node::Seal { .. } => out.push(node),
                Node::Cc { .. } => {}
                Node::Parallel { branches, .. } => {
                    branches.iter().for_each(|b| unit_nodes(&b.nodes, out));
                }
                Node::Condition {
                    branches, default, ..
                } => {
                    branches.iter().for_each(|b| unit_nodes(&b.nodes, out));
                    unit_nodes(&default.nodes, out);
                }
            }
        }
    }

    #[test]
    fn matter_types_validate_and_name_real_units_with_staff() {
        let world = demo_world();
        for def in matter_types() {
            assert_eq!(def.validate(), vec![], "{} validates", def.code);
            let mut nodes = Vec::new();
            unit_nodes(&def.flow.nodes, &mut nodes);
            for node in nodes {
                if let Node::Unit {
                    unit: UnitRef::Fixed { unit },
                    steps,
                    ..
                } = node
                {
                    for step in steps {
                        let staffed = world.users.iter().any(|u| {
                            u.unit == unit.as_str()
                                && u.posts.iter().any(|p| p == step.post.as_str())
                        });
                        assert!(
                            staffed,
                            "{}: nobody holds {} in {unit}",
                            def.code, step.post
                        );
                    }
                }
            }
            for unit in &def.initiator_units {
                assert!(world.units.iter().any(|u| u.code == unit.as_str()));
            }
            // Approvers in the initiating unit must exist for every unit allowed to initiate.
            let mut top = Vec::new();
            unit_nodes(&def.flow.nodes, &mut top);
            for node in top {
                if let Node::Approver {
                    assignee: Assignee::InitiatorPost { post },
                    ..
                } = node
                {
                    for unit in &def.initiator_units {
                        let staffed = world.users.iter().any(|u| {
                            u.unit == unit.as_str() && u.posts.iter().any(|p| p == post.as_str())
                        });
                        assert!(
                            staffed,
                            "{}: nobody holds {post} in initiating unit {unit}",
                            def.code
                        );
                    }
                }
            }
        }
    }
}
