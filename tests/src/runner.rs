//! Runs a [`Scenario`]: a draft of the seed matter type by the initiator, then each step in
//! order on a scenario clock, stopping at the first step that does not give what it expects.
//!
//! A step's command goes through what the server would do around the runtime: `submit` and
//! `resubmit` are validated first ([`validate_submission`]) and only reach
//! [`lianban_runtime::apply`] when valid, with the cleaned values; routing rules run on the real
//! Rhai engine ([`SeedRules`]). After every step the [`invariants`] must hold as well.

use crate::check::{Outcome, compare};
use crate::error::{HarnessError, StepFailure};
use crate::format::{Scenario, Step};
use crate::invariants;
use crate::refs::resolve_task;
use crate::validate::{Rejection, validate_submission};
use crate::world::{SeedRules, World};
use jiff::{SignedDuration, Timestamp};
use lianban_definition::UserName;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::{Actor, Command, Ctx, MatterState, apply};
use lianban_scripting::ScriptEngine;
use serde_json::Value;
use std::path::Path;

/// When every scenario starts: Monday 2026-03-02, 09:00 Beijing time.
pub const SCENARIO_START: &str = "2026-03-02T01:00:00Z";

/// The seeds, the demo world and one script engine, shared by all scenarios.
pub struct Harness {
    /// The demo users.
    world: World,
    /// The seed matter types.
    types: Vec<MatterTypeDef>,
    /// The sandboxed Rhai engine.
    engine: ScriptEngine,
}

/// A scenario that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    /// Its name.
    pub name: String,
    /// How many steps ran.
    pub steps: usize,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Loads the seed matter types and demo world.
    pub fn new() -> Self {
        Self {
            world: World::from_seed(&lianban_seeds::demo_world()),
            types: lianban_seeds::matter_types()
                .into_iter()
                .map(|mut def| {
                    // What the server does before it checks values: dictionary-backed fields
                    // get their dictionary's items as options.
                    def.form.fill_dict_options(&lianban_seeds::dict_choices);
                    def
                })
                .collect(),
            engine: ScriptEngine::default(),
        }
    }

    /// The seed matter types.
    pub fn matter_types(&self) -> &[MatterTypeDef] {
        &self.types
    }

    /// Reads and runs one scenario file.
    ///
    /// # Errors
    /// See [`HarnessError`]; every variant names the file.
    pub fn run_file(&self, path: &Path) -> Result<Passed, HarnessError> {
        let text = std::fs::read_to_string(path).map_err(|source| HarnessError::Read {
            file: path.to_owned(),
            source,
        })?;
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.run_str(&file, &text)
    }

    /// Parses and runs a scenario given as text; `file` names it in reports.
    ///
    /// # Errors
    /// See [`HarnessError`].
    pub fn run_str(&self, file: &str, text: &str) -> Result<Passed, HarnessError> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|source| HarnessError::Parse {
                file: file.to_owned(),
                source,
            })?;
        self.run(file, &scenario)
    }

    /// Runs a parsed scenario.
    ///
    /// # Errors
    /// `Setup` for an unknown matter type or initiator, an initiator whose unit may not start
    /// the matter type, or contradictory expectations; `Step` for a step that cannot be built;
    /// `Mismatch` for the first step that gives something else than expected.
    pub fn run(&self, file: &str, scenario: &Scenario) -> Result<Passed, HarnessError> {
        let setup = |message: String| HarnessError::Setup {
            file: file.to_owned(),
            message,
        };
        scenario.check().map_err(setup)?;
        let def = self
            .types
            .iter()
            .find(|d| d.code == scenario.matter_type)
            .ok_or_else(|| setup(format!("no seed matter type {}", scenario.matter_type)))?;
        let unit = self
            .world
            .unit_of(&scenario.initiator)
            .ok_or_else(|| setup(format!("no demo user {}", scenario.initiator)))?;
        if !def.initiator_units.is_empty() && !def.initiator_units.contains(unit) {
            return Err(setup(format!(
                "{} ({unit}) may not initiate {}",
                scenario.initiator, def.code
            )));
        }
        let mut run = Run {
            harness: self,
            file,
            scenario,
            def,
            state: MatterState::draft(
                UserName::new(&scenario.initiator),
                unit.clone(),
                scenario.values.clone(),
            ),
            values: scenario.values.clone(),
            now: SCENARIO_START.parse().map_err(|e| setup(format!("{e}")))?,
        };
        for (index, step) in scenario.steps.iter().enumerate() {
            run.step(index, step)?;
        }
        Ok(Passed {
            name: scenario.name.clone(),
            steps: scenario.steps.len(),
        })
    }
}

/// One scenario in progress.
struct Run<'h> {
    /// Seeds, world and engine.
    harness: &'h Harness,
    /// The file name, for reports.
    file: &'h str,
    /// The scenario.
    scenario: &'h Scenario,
    /// Its matter type.
    def: &'h MatterTypeDef,
    /// The matter's current state.
    state: MatterState,
    /// The initiator's form values (edited by `change`).
    values: FormValues,
    /// The scenario clock.
    now: Timestamp,
}

impl Run<'_> {
    /// Runs one step: clock, value edits, the command, then the comparison.
    fn step(&mut self, index: usize, step: &Step) -> Result<(), HarnessError> {
        let label = format!(
            "{}: {}",
            step.actor,
            step.command["type"].as_str().unwrap_or("?")
        );
        let fail = |message: String| HarnessError::Step {
            file: self.file.to_owned(),
            index,
            label: label.clone(),
            message,
        };
        self.now += SignedDuration::from_mins(step.advance_minutes);
        for (key, value) in &step.change {
            match value {
                Value::Null => self.values.remove(key),
                other => self.values.insert(key.clone(), other.clone()),
            };
        }
        let actor = self
            .harness
            .world
            .actor(&step.actor)
            .ok_or_else(|| fail(format!("no demo user {}", step.actor)))?;
        let command = self.command(&step.command).map_err(fail)?;
        let outcome = match command {
            Err(rejection) => rejected(rejection),
            Ok(command) => self.apply(actor, &command),
        };
        let mut mismatches = compare(&step.expect, &outcome, &self.state);
        mismatches.extend(invariants::check(&self.state, &self.harness.world));
        if mismatches.is_empty() {
            return Ok(());
        }
        Err(HarnessError::Mismatch(StepFailure {
            file: self.file.to_owned(),
            scenario: self.scenario.name.clone(),
            index,
            label,
            mismatches,
            total: self.scenario.steps.len(),
        }))
    }

    /// Applies a command through the runtime, keeping the new state when it is accepted.
    fn apply(&mut self, actor: &Actor, command: &Command) -> Outcome {
        let rules = SeedRules {
            def: self.def,
            engine: &self.harness.engine,
        };
        let ctx = Ctx {
            now: self.now,
            actor,
            rules: &rules,
            directory: &self.harness.world,
        };
        match apply(self.def, &self.state, command, &ctx) {
            Ok(t) => {
                self.state = t.state;
                Outcome::Applied(t.events)
            }
            Err(e) => Outcome::Refused {
                code: e.code().to_owned(),
                message: e.to_string(),
            },
        }
    }

    /// Builds the runtime command: resolves task references, fills in the scenario's values
    /// and validates them. `Ok(Err(_))` is a validation rejection (an outcome to compare);
    /// `Err(_)` a scenario that cannot be run.
    fn command(&self, raw: &Value) -> Result<Result<Command, Rejection>, String> {
        let mut raw = raw.clone();
        resolve_task(&mut raw, self.def, &self.state)?;
        let kind = raw["type"].as_str().unwrap_or_default().to_owned();
        let Some(object) = raw.as_object_mut() else {
            return Err("command must be a JSON object".to_owned());
        };
        let submits = matches!(kind.as_str(), "submit" | "resubmit");
        if submits && !object.contains_key("values") {
            object.insert("values".to_owned(), Value::Object(self.values.clone()));
        }
        let mut command: Command =
            serde_json::from_value(raw).map_err(|e| format!("not a runtime command: {e}"))?;
        if let Command::Submit { values, .. } | Command::Resubmit { values, .. } = &mut command {
            match validate_submission(&self.harness.engine, self.def, values) {
                Ok(cleaned) => *values = cleaned,
                Err(rejection) => return Ok(Err(rejection)),
            }
        }
        Ok(Ok(command))
    }
}

/// The outcome of a submission that validation stopped.
fn rejected(rejection: Rejection) -> Outcome {
    match rejection {
        Rejection::Invalid(issues) => Outcome::Invalid(issues),
        Rejection::Failed { code, message } => Outcome::Refused { code, message },
    }
}
