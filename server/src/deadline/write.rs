//! What firing the tiers of one matter writes, in one transaction: the alerts (deterministic
//! ids), the matter's tier marks and timeline entries, its work-list rows and the notifications.

use super::TierMark;
use super::scan::Firing;
use super::store::{self, AlertRow};
use crate::AppState;
use crate::db::Batch;
use crate::error::ApiResult;
use crate::matter::store::{self as matters, MatterDoc};
use crate::notify::{self, Note};
use crate::worklist::{self, Names};
use jiff::Timestamp;
use lianban_definition::limit::WarningTier;
use lianban_runtime::Event;
use lianban_runtime::deadline::Audience;

/// What firing the tiers of one matter writes.
pub(super) struct Write<'d> {
    doc: &'d MatterDoc,
    next: MatterDoc,
    now: Timestamp,
    /// When the scanner must look at the matter next (ms).
    check_ms: i64,
    pub(super) alerts: Vec<AlertRow>,
    events: Vec<Event>,
    pub(super) notes: Vec<Note>,
}

impl<'d> Write<'d> {
    pub(super) fn new(doc: &'d MatterDoc, now: Timestamp, check_ms: i64) -> Self {
        Self {
            doc,
            next: doc.clone(),
            now,
            check_ms,
            alerts: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The alerts, the colour mark and the timeline entry of one firing.
    pub(super) fn alerts(&mut self, firing: &Firing, tiers: &[WarningTier], heard: &Audience) {
        let scope = firing.clock.scope.key();
        let told = firing.told();
        for &i in &firing.new {
            let tier = &tiers[i];
            let people = if i == told {
                heard.handlers.len() + heard.escalation.len()
            } else {
                0
            };
            self.alerts.push(AlertRow {
                matter: self.doc.key.clone(),
                scope: scope.clone(),
                round: firing.clock.round,
                tier: tier.id.clone(),
                label: tier.label.clone(),
                color: tier.color.key().to_owned(),
                due_ms: firing.due.as_millisecond(),
                at_ms: self.now.as_millisecond(),
                told: u32::try_from(people).unwrap_or(u32::MAX),
            });
        }
        let current = &tiers[firing.current];
        self.next.tiers.insert(
            scope,
            TierMark {
                round: firing.clock.round,
                tier: current.id.clone(),
                color: current.color,
            },
        );
        let told = &tiers[told];
        self.events.push(Event::DeadlineReached {
            dispatch: firing.clock.scope.dispatch().cloned(),
            tier: told.id.clone(),
            label: told.label.clone(),
            due: firing.due,
        });
    }

    /// Commits everything in one transaction (the notifications through the outbox) and wakes
    /// the dispatcher.
    pub(super) async fn commit(mut self, state: &AppState, names: &Names) -> ApiResult<()> {
        let mut batch = Batch::new();
        for alert in &self.alerts {
            store::add_alert(&mut batch, alert);
        }
        self.next.event_seq += self.events.len() as i64;
        matters::add_scanned(&mut batch, &self.next, self.check_ms);
        matters::add_events(
            &mut batch,
            &self.doc.key,
            self.doc.event_seq + 1,
            self.now,
            None,
            &self.events,
        );
        worklist::add_sync(&mut batch, Some(self.doc), Some(&self.next), names);
        let outbox = notify::Outbox::prepare(state, &self.notes, self.now.as_millisecond()).await?;
        outbox.add_to(&mut batch);
        batch.commit(&state.db).await?;
        if outbox.has_pending() {
            state.notify.wake();
        }
        Ok(())
    }
}
