//! Liveness: a greedy driver that behaves like cooperative users — the initiator submits,
//! resubmits returned dispatches and closes; handlers approve their pending tasks; units' own
//! systems approve their dispatches — must bring
//! any reachable matter to Closed (or leave a voided one voided) in a bounded number of steps.

use super::world::{World, system};
use lianban_runtime::{Actor, Command, DispatchStatus, ExternalAction, MatterStatus};

/// Enough for the largest fixture: every node's steps, once per resubmission round.
pub const MAX_STEPS: usize = 60;

/// Drives `world` to its end; returns the number of commands it took.
pub fn drive_to_end(mut world: World) -> Result<usize, String> {
    for taken in 0..MAX_STEPS {
        let (actor, command) = match next_move(&world)? {
            Some(next) => next,
            None => return Ok(taken),
        };
        world.wait(5);
        let t = world
            .apply(&actor, &command)
            .map_err(|e| format!("driver's {command:?} by {} refused: {e:?}", actor.user))?;
        super::invariants::transition(&world.state, &t)?;
        super::invariants::state(&world.def, &t.state)?;
        world.state = t.state;
    }
    Err(format!(
        "not closed after {MAX_STEPS} steps: {:?}",
        world.state.status
    ))
}

/// The cooperative next command, or `None` at the end.
fn next_move(world: &World) -> Result<Option<(Actor, Command)>, String> {
    let initiator = world.initiator().clone();
    let s = &world.state;
    let command = match s.status {
        MatterStatus::Closed | MatterStatus::Voided => return Ok(None),
        MatterStatus::Draft => Command::Submit {
            values: s.values.clone(),
            chosen: Default::default(),
        },
        MatterStatus::Completed => Command::Close {
            opinion: "办结".to_owned(),
        },
        MatterStatus::Running | MatterStatus::Returned if s.suspended.is_some() => {
            Command::Resume {
                note: String::new(),
            }
        }
        MatterStatus::Running | MatterStatus::Returned => {
            if let Some(d) = s.dispatches.iter().find(|d| d.awaits_initiator()) {
                Command::Resubmit {
                    dispatch: d.node.clone(),
                    values: s.values.clone(),
                    note: String::new(),
                }
            } else if let Some(d) = s
                .dispatches
                .iter()
                .find(|d| d.is_external() && d.status == DispatchStatus::Active)
                .filter(|_| s.pending_tasks().next().is_none())
            {
                let command = Command::External {
                    node: d.node.clone(),
                    unit: d.unit.clone(),
                    action: ExternalAction::Approve {
                        opinion: None,
                        documents: Vec::new(),
                    },
                };
                return Ok(Some((system(d.unit.as_str()), command)));
            } else {
                let task = s
                    .pending_tasks()
                    .next()
                    .ok_or("live matter, nothing pending")?;
                let handler = world
                    .roster
                    .iter()
                    .find(|a| match &task.assignee {
                        Some(user) => &a.user == user,
                        None => task.candidates.admits(a),
                    })
                    .ok_or_else(|| format!("nobody can take task {:?}", task.id))?;
                return Ok(Some((
                    handler.clone(),
                    Command::Approve {
                        task: task.id,
                        opinion: "同意".to_owned(),
                        edits: Default::default(),
                    },
                )));
            }
        }
    };
    Ok(Some((initiator, command)))
}
