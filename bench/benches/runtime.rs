//! Runtime command throughput: the pure step `lianban_runtime::apply` driving one 人员调入联办
//! matter (seed definition, demo users, the real Rhai routing rule) through a typical parallel
//! flow — submit (三家单位并联), 人社局 经办人 and 分管领导 approve, 财政局 and 机关事务中心
//! approve, the initiator closes: six commands per matter.
//!
//! Target: ≥ 2,000 commands/s on one core. The runtime is one step of every command the server
//! runs (read, apply, write in one transaction); at this rate it costs under 0.5 ms of a command,
//! a small share of the transaction's time, so it never limits how many users a node serves.

use anyhow::{Context, bail};
use jiff::{SignedDuration, Timestamp};
use lianban_bench::{Bench, Case, Target, transfer_values};
use lianban_definition::NodeId;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{Actor, Command, Ctx, MatterState, MatterStatus, apply};
use lianban_scripting::ScriptEngine;
use lianban_tests::{Harness, SCENARIO_START, SeedRules, World, validate_submission};
use std::process::ExitCode;

/// One matter's commands, ready to replay from its draft.
struct Flow {
    def: MatterTypeDef,
    world: World,
    engine: ScriptEngine,
    draft: MatterState,
    start: Timestamp,
    /// (who, what) in order; the task ids were taken from a first run.
    steps: Vec<(Actor, Command)>,
}

impl Flow {
    /// The seed 人员调入联办 by `zzb_clerk` with the happy scenario's values, and its commands.
    fn personnel_transfer() -> anyhow::Result<Self> {
        let def = Harness::new()
            .matter_types()
            .iter()
            .find(|d| d.code == "personnel_transfer")
            .context("seed matter type personnel_transfer")?
            .clone();
        let world = World::from_seed(&lianban_seeds::demo_world());
        let engine = ScriptEngine::default();
        let values = validate_submission(&engine, &def, &transfer_values()?)
            .map_err(|r| anyhow::anyhow!("seed values refused: {r:?}"))?;
        let initiator = world.actor("zzb_clerk").context("demo user zzb_clerk")?;
        let unit = world.unit_of("zzb_clerk").context("unit of zzb_clerk")?;
        let draft = MatterState::draft(initiator.user.clone(), unit.clone(), values.clone());
        let mut flow = Self {
            draft,
            start: SCENARIO_START.parse()?,
            steps: Vec::new(),
            def,
            world,
            engine,
        };
        let submit = Command::Submit {
            values,
            chosen: Default::default(),
        };
        let mut state = flow.step("zzb_clerk", submit)?;
        for (user, node) in [
            ("rsj_clerk", "rsj"),
            ("rsj_leader", "rsj"),
            ("czj_clerk", "czj"),
            ("jgswzx_clerk", "jgswzx"),
        ] {
            let task = state
                .pending_tasks()
                .find(|t| t.dispatch == NodeId::new(node))
                .with_context(|| format!("no pending task of {node}"))?
                .id;
            let approve = Command::Approve {
                task,
                opinion: "同意".to_owned(),
                edits: Default::default(),
            };
            state = flow.step(user, approve)?;
        }
        flow.step(
            "zzb_clerk",
            Command::Close {
                opinion: "办结".to_owned(),
            },
        )?;
        Ok(flow)
    }

    /// Adds a command of `user` and replays everything so far; the state it leads to.
    fn step(&mut self, user: &str, command: Command) -> anyhow::Result<MatterState> {
        let actor = self
            .world
            .actor(user)
            .with_context(|| format!("demo user {user}"))?;
        self.steps.push((actor.clone(), command));
        self.replay()
    }

    /// Applies every command to the draft, a minute apart.
    fn replay(&self) -> anyhow::Result<MatterState> {
        let rules = SeedRules {
            def: &self.def,
            engine: &self.engine,
        };
        let mut state = self.draft.clone();
        let mut now = self.start;
        for (actor, command) in &self.steps {
            let ctx = Ctx {
                now,
                actor,
                rules: &rules,
                directory: &self.world,
            };
            state = apply(&self.def, &state, command, &ctx)?.state;
            now += SignedDuration::from_mins(1);
        }
        Ok(state)
    }
}

fn main() -> anyhow::Result<ExitCode> {
    let mut bench = Bench::from_env();
    let case = Case::new(
        "runtime/parallel_flow_commands",
        Target::PerSecondAbove(2_000.0),
    )
    .warmup(20)
    .iterations(300)
    .ops_per_iteration(6);
    if bench.wants(case.name()) {
        let flow = Flow::personnel_transfer()?;
        if flow.steps.len() != 6 {
            bail!("expected 6 commands, built {}", flow.steps.len());
        }
        bench.run(&case, || {
            let state = flow.replay()?;
            if state.status != MatterStatus::Closed {
                bail!("the matter ended {:?}, not closed", state.status);
            }
            Ok(state)
        })?;
    }
    Ok(bench.finish())
}
