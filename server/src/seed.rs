//! First start: seeds the demo world (units, users, posts) and publishes the demo matter types,
//! when the database is empty and `LIANBAN_SEED_DEMO` is on.

use crate::AppState;
use crate::auth::hash_password;
use crate::db::Batch;
use crate::dict::{Dict, DictItem};
use crate::org::store::{self as org, HoldingRow, UnitRow, UserRow};
use lianban_seeds::{DEMO_PASSWORD, demo_world, matter_types};

/// A demo account, for the startup banner.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Unit name.
    pub unit: String,
    /// Role / posts, in Chinese.
    pub role: String,
}

/// The dictionaries the platform itself codes with (退回原因), seeded with or without demo data.
const SYSTEM_DICTS: &[&str] = &["return_reason"];

/// Seeds an empty database; returns the demo accounts when it did (empty otherwise). The
/// dictionaries are seeded on every start, missing ones only, so a database seeded before they
/// existed gets them too and administrators' edits are kept; without demo data only the system
/// dictionaries ([`SYSTEM_DICTS`]).
pub async fn seed_if_empty(state: &AppState) -> anyhow::Result<Vec<DemoAccount>> {
    if !state.config.seed_demo {
        let system: Vec<Dict> = demo_dicts()
            .into_iter()
            .filter(|d| SYSTEM_DICTS.contains(&d.code.as_str()))
            .collect();
        crate::dict::seed_missing(&state.db, &system).await?;
        return Ok(Vec::new());
    }
    let created = crate::dict::seed_missing(&state.db, &demo_dicts()).await?;
    if created > 0 {
        tracing::info!(created, "seeded demo dictionaries");
    }
    if !org::is_empty(&state.db).await? {
        return Ok(Vec::new());
    }
    let world = demo_world();
    // One hash for every demo account keeps the first start fast; every real account gets its
    // own salt when an administrator creates it.
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await?
        .map_err(anyhow::Error::msg)?;
    let mut batch = Batch::new();
    for unit in &world.units {
        org::add_unit(
            &mut batch,
            &UnitRow {
                code: unit.code.clone(),
                name: unit.name.clone(),
                parent: unit.parent.clone(),
                kind: unit.kind.clone(),
            },
        );
    }
    let mut accounts = Vec::new();
    for user in &world.users {
        org::add_user(
            &mut batch,
            &UserRow {
                username: user.username.clone(),
                display_name: user.name.clone(),
                unit: user.unit.clone(),
                roles: user.roles.clone(),
                password_hash: hash.clone(),
                failed_logins: 0,
                locked_until_ms: 0,
                zwdd_account: user.zwdd_account.clone(),
            },
        );
        let mut role_names: Vec<String> = user
            .roles
            .iter()
            .filter(|r| r.as_str() != "clerk")
            .map(|r| match r.as_str() {
                "admin" => "系统管理员".to_owned(),
                "designer" => "业务管理员".to_owned(),
                "supervisor" => "督查".to_owned(),
                other => other.to_owned(),
            })
            .collect();
        for post in &user.posts {
            let post_name = world
                .posts
                .iter()
                .find(|p| &p.code == post)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| post.clone());
            org::add_holding(
                &mut batch,
                &HoldingRow {
                    username: user.username.clone(),
                    unit: user.unit.clone(),
                    post: post.clone(),
                    post_name: post_name.clone(),
                },
            );
            role_names.push(post_name);
        }
        accounts.push(DemoAccount {
            username: user.username.clone(),
            name: user.name.clone(),
            unit: world
                .units
                .iter()
                .find(|u| u.code == user.unit)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            role: role_names.join("、"),
        });
    }
    let now = state.clock.now_ms();
    for def in matter_types() {
        let issues = def.validate();
        anyhow::ensure!(
            issues.is_empty(),
            "seed matter type {} is invalid: {issues:?}",
            def.code
        );
        for rule in &def.rules {
            state.scripts.check(&rule.source).map_err(|e| {
                anyhow::anyhow!("seed rule {} of {}: {}", rule.name, def.code, e.message)
            })?;
        }
        crate::catalog::store::add_published(&mut batch, &def, now, "");
        // Designers edit the next version starting from the published one.
        let mut next = def.clone();
        next.version += 1;
        crate::catalog::store::add_draft(
            &mut batch,
            &crate::catalog::store::Draft {
                def: next,
                updated_ms: now,
                updated_by: String::new(),
            },
        );
    }
    batch.commit(&state.db).await?;
    crate::external::seed_missing(
        state,
        &crate::external::SeedSystem {
            unit: lianban_seeds::DEMO_SIM_UNIT,
            name: "自然资源和规划分局审批系统（示例）",
            endpoint: lianban_seeds::DEMO_SIM_ENDPOINT,
            app_key: lianban_seeds::DEMO_SIM_APP_KEY,
            secret: lianban_seeds::DEMO_SIM_SECRET,
            algorithm: lianban_sdk::sign::Algorithm::HmacSm3,
        },
    )
    .await?;
    Ok(accounts)
}

/// The demo dictionaries as stored: revision 1, every item enabled.
fn demo_dicts() -> Vec<Dict> {
    lianban_seeds::dictionaries()
        .into_iter()
        .map(|d| Dict {
            code: d.code,
            name: d.name,
            description: d.description,
            items: d
                .items
                .into_iter()
                .map(|i| DictItem {
                    value: i.value,
                    label: i.label,
                    enabled: true,
                    description: None,
                })
                .collect(),
            revision: 1,
            updated_ms: 0,
            updated_by: String::new(),
        })
        .collect()
}
