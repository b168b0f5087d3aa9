//! The scanner: finds the live matters that are not suspended, and for each clock of each the
//! tiers newly reached; writes them as alerts together with the timeline entry, the work-list
//! colours and the notifications, in one transaction per matter ([`scan`]). Every node runs it
//! every minute ([`spawn_scanner`]); the alerts' deterministic ids make each tier fire once.

use super::fmt_due;
use super::store::{self, AlertRow};
use super::write::Write;
use crate::AppState;
use crate::catalog::store as catalog;
use crate::db::MAX_ATTEMPTS;
use crate::error::{ApiError, ApiResult};
use crate::matter::store::{self as matters, MatterDoc};
use crate::notify::Note;
use crate::org::OrgDirectory;
use crate::worklist::Names;
use jiff::Timestamp;
use lianban_definition::limit::{TierWhen, WarningTier};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::calendar::{CalendarError, WorkCalendar};
use lianban_runtime::deadline::{Audience, Clock, Scope, audience, clocks, is_live, read};
use serde_json::json;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How many matter keys one listing query reads.
const PAGE: usize = 200;

/// Every how many scans a node looks at every live matter, whatever their `check_ms` say.
const FULL_EVERY: u32 = 60;

/// How long a matter whose check failed waits before the next try (ms).
const RETRY_MS: i64 = 5 * 60 * 1000;

/// `check_ms` of a matter with no tier left to reach (until it or the calendar changes).
const NEVER: i64 = i64::MAX;

/// What one scan did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanReport {
    /// Whether it looked at every live matter (not only those due for a look).
    pub full: bool,
    /// Live, not suspended matters looked at.
    pub matters: usize,
    /// Tiers fired (alerts written by this scan).
    pub fired: usize,
}

/// What a node remembers between scans: the calendar of its last full scan and how many scans
/// since. A scan is full the first time, when the calendar differs (an edit here or on another
/// node; the due dates of every matter may have moved) and every [`FULL_EVERY`] scans.
#[derive(Debug, Default)]
pub struct ScanMemo(Mutex<(Option<Arc<WorkCalendar>>, u32)>);

impl ScanMemo {
    fn wants_full(&self, calendar: &Arc<WorkCalendar>) -> bool {
        let Ok(mut memo) = self.0.lock() else {
            return true;
        };
        memo.1 += 1;
        memo.1 >= FULL_EVERY || memo.0.as_deref() != Some(calendar.as_ref())
    }

    fn swept(&self, calendar: Arc<WorkCalendar>) {
        if let Ok(mut memo) = self.0.lock() {
            *memo = (Some(calendar), 0);
        }
    }
}

/// Looks at the live, not suspended matters due for a look at `now` (every one in a full
/// scan, see [`ScanMemo`]) and fires the tiers newly reached; each looked-at matter records
/// when its next tier is due (`check_ms`), so later scans skip it until then unless it changes.
/// A matter whose check fails is logged, skipped and tried again a few minutes later.
///
/// Errors: reading the calendar, the organisation or the list of matters.
pub async fn scan(state: &AppState, now: Timestamp) -> ApiResult<ScanReport> {
    let calendar = state.calendar.get(&state.db).await?;
    let full = state.deadlines.wants_full(&calendar);
    let mut scanner = Scanner {
        state,
        calendar: calendar.clone(),
        directory: None,
        defs: HashMap::new(),
        now,
    };
    let mut report = ScanReport {
        full,
        ..ScanReport::default()
    };
    if full {
        // Keyset pages over every live matter.
        let mut after = String::new();
        loop {
            let docs = matters::live(&state.db, &after, PAGE).await?;
            let last = (docs.len() == PAGE).then(|| docs.last().map(|d| d.key.clone()));
            scanner.page(docs, &mut report).await?;
            match last.flatten() {
                Some(last) => after = last,
                None => break,
            }
        }
        state.deadlines.swept(calendar);
    } else {
        // Each looked-at matter leaves the due set (a later `check_ms`), so the next page holds
        // the rest; one that stays (its mark could not be written) is not looked at twice.
        let mut seen = HashSet::new();
        loop {
            let docs = matters::due_for_check(&state.db, now.as_millisecond(), PAGE).await?;
            let full_page = docs.len() == PAGE;
            let fresh: Vec<MatterDoc> = docs
                .into_iter()
                .filter(|d| seen.insert(d.key.clone()))
                .collect();
            if fresh.is_empty() {
                break;
            }
            scanner.page(fresh, &mut report).await?;
            if !full_page {
                break;
            }
        }
    }
    Ok(report)
}

/// Runs [`scan`] at the server's time every `deadline_scan_seconds` (none when 0).
pub fn spawn_scanner(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let seconds = state.config.deadline_scan_seconds;
    if seconds == 0 {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match scan(&state, state.clock.now()).await {
                Ok(report) if report.fired > 0 => {
                    tracing::info!(
                        full = report.full,
                        matters = report.matters,
                        fired = report.fired,
                        "deadline scan"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(code = e.code, "deadline scan failed"),
            }
        }
    }))
}

/// One clock's tiers newly reached.
pub(super) struct Firing {
    pub(super) clock: Clock,
    pub(super) due: Timestamp,
    pub(super) overdue: bool,
    /// Indexes of the tiers reached and not fired yet.
    pub(super) new: Vec<usize>,
    /// The latest tier reached (fired now or before).
    pub(super) current: usize,
}

impl Firing {
    /// The tier told now: the latest of the new ones (catching up after a pause of the scanner
    /// tells once, not once per tier).
    pub(super) fn told(&self) -> usize {
        self.new.iter().copied().max().unwrap_or(self.current)
    }
}

/// The tiers of `doc` newly reached at `now`, given those already `fired` ((scope, round, tier)
/// keys), and when the next tier of any clock is due (ms; [`NEVER`] for none). Years the
/// calendar lacks are added to `missing` and their clocks skipped (an edit of the calendar makes
/// the next scan full).
fn plan(
    def: &MatterTypeDef,
    doc: &MatterDoc,
    tiers: &[WarningTier],
    fired: &HashSet<(String, u32, String)>,
    (calendar, now): (&WorkCalendar, Timestamp),
    missing: &mut BTreeSet<i16>,
) -> (Vec<Firing>, i64) {
    let mut out = Vec::new();
    let mut next = NEVER;
    for clock in clocks(def, &doc.state) {
        let reading = match read(calendar, &clock, tiers, now) {
            Ok(reading) => reading,
            Err(CalendarError::MissingYear { year }) => {
                missing.insert(year);
                continue;
            }
            Err(err) => {
                tracing::warn!(matter = %doc.key, scope = %clock.scope.key(), %err, "deadline not computable");
                continue;
            }
        };
        if let Some(at) = reading.next {
            // Rounded up: a tier reached just after a whole millisecond is not there before it.
            let ms = at.as_millisecond();
            let ms = if at.subsec_nanosecond() % 1_000_000 == 0 {
                ms
            } else {
                ms.saturating_add(1)
            };
            next = next.min(ms);
        }
        let scope = clock.scope.key();
        let new: Vec<usize> = reading
            .reached
            .iter()
            .copied()
            .filter(|&i| !fired.contains(&(scope.clone(), clock.round, tiers[i].id.clone())))
            .collect();
        if let (false, Some(current)) = (new.is_empty(), reading.current()) {
            out.push(Firing {
                due: reading.due,
                overdue: reading.overdue,
                new,
                current,
                clock,
            });
        }
    }
    (out, next)
}

/// The state one scan shares across matters.
struct Scanner<'a> {
    state: &'a AppState,
    calendar: Arc<WorkCalendar>,
    /// Read when the first tier fires.
    directory: Option<OrgDirectory>,
    defs: HashMap<(String, u32), Arc<MatterTypeDef>>,
    now: Timestamp,
}

impl Scanner<'_> {
    /// Checks one page of matters, counting into `report`; a matter whose check fails is
    /// logged and marked to be tried again after [`RETRY_MS`].
    async fn page(&mut self, docs: Vec<MatterDoc>, report: &mut ScanReport) -> ApiResult<()> {
        let keys: Vec<String> = docs.iter().map(|d| d.key.clone()).collect();
        let mut fired = store::fired_of(&self.state.db, &keys).await?;
        for doc in docs {
            report.matters += 1;
            let known = fired.remove(&doc.key).unwrap_or_default();
            let (key, version) = (doc.key.clone(), doc.version);
            match self.check(doc, known).await {
                Ok(count) => report.fired += count,
                Err(e) => {
                    tracing::warn!(matter = %key, code = e.code, "deadline check failed");
                    let retry = self.now.as_millisecond().saturating_add(RETRY_MS);
                    if let Err(e) = matters::set_check(&self.state.db, &key, version, retry).await {
                        tracing::warn!(matter = %key, error = %e, "deadline retry not recorded");
                    }
                }
            }
        }
        Ok(())
    }

    /// Fires the new tiers of `doc` (as listed, with the tiers already `fired`), re-reading the
    /// matter after a conflict (another node fired them, or a command changed the matter
    /// meanwhile). Returns how many fired here.
    async fn check(
        &mut self,
        doc: MatterDoc,
        fired: HashSet<(String, u32, String)>,
    ) -> ApiResult<usize> {
        let key = doc.key.clone();
        let mut current = Some((doc, fired));
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (doc, fired) = match current.take() {
                Some(listed) => listed,
                None => {
                    let Some(doc) = matters::load(&self.state.db, &key).await? else {
                        return Ok(0);
                    };
                    let fired = store::alerts(&self.state.db, &key)
                        .await?
                        .iter()
                        .map(AlertRow::key)
                        .collect();
                    (doc, fired)
                }
            };
            match self.fire(&doc, &fired).await {
                Err(e) if e.code == "conflict" && attempt < MAX_ATTEMPTS => {
                    tracing::debug!(matter = %key, attempt, "deadline write conflicted; re-reading");
                    tokio::task::yield_now().await;
                }
                other => return other,
            }
        }
    }

    async fn fire(
        &mut self,
        doc: &MatterDoc,
        fired: &HashSet<(String, u32, String)>,
    ) -> ApiResult<usize> {
        if !is_live(doc.state.status) || doc.state.suspended.is_some() {
            return Ok(0);
        }
        let def = self.definition(doc).await?;
        let tiers = def.tiers();
        let mut missing = BTreeSet::new();
        let clock = (self.calendar.as_ref(), self.now);
        let (firings, next) = plan(&def, doc, &tiers, fired, clock, &mut missing);
        self.note_missing(&missing);
        if firings.is_empty() {
            if doc.check_ms != next {
                matters::set_check(&self.state.db, &doc.key, doc.version, next).await?;
            }
            return Ok(0);
        }
        let directory = match self.directory.take() {
            Some(directory) => directory,
            None => OrgDirectory::load(&self.state.db).await?,
        };
        let names = Names::load(self.state, doc).await?;
        let mut write = Write::new(doc, self.now, next);
        for firing in &firings {
            let told = &tiers[firing.told()];
            let heard = audience(&doc.state, &firing.clock.scope, told, &directory);
            write.alerts(firing, &tiers, &heard);
            let notes = self.notes(doc, &names, (firing, told), &heard)?;
            write.notes.extend(notes);
        }
        self.directory = Some(directory);
        let count = write.alerts.len();
        write.commit(self.state, &names).await?;
        Ok(count)
    }

    /// The matter type version of `doc`, read once per scan.
    async fn definition(&mut self, doc: &MatterDoc) -> ApiResult<Arc<MatterTypeDef>> {
        let id = (doc.type_code.clone(), doc.type_version);
        if let Some(def) = self.defs.get(&id) {
            return Ok(def.clone());
        }
        let def = catalog::version(&self.state.db, &id.0, id.1)
            .await?
            .ok_or_else(|| ApiError::internal(format!("matter type {} v{} missing", id.0, id.1)))?;
        let def = Arc::new(def);
        self.defs.insert(id, def.clone());
        Ok(def)
    }

    /// Notes years the calendar lacks for the administrators (logged the first time).
    fn note_missing(&self, missing: &BTreeSet<i16>) {
        let known = self.state.calendar.reached_missing();
        for &year in missing {
            if !known.contains(&year) {
                tracing::warn!(year, "a deadline reached a year without calendar data");
            }
            self.state.calendar.note_missing(year);
        }
    }

    /// The notifications of one firing: `deadline` to the handlers, `deadline_escalated` to
    /// the escalation targets.
    fn notes(
        &self,
        doc: &MatterDoc,
        names: &Names,
        (firing, tier): (&Firing, &WarningTier),
        heard: &Audience,
    ) -> ApiResult<Vec<Note>> {
        let st = &doc.state;
        let (limit, units) = match &firing.clock.scope {
            Scope::Matter => {
                let mut units: Vec<String> = st
                    .pending_tasks()
                    .filter_map(|t| st.dispatch(&t.dispatch))
                    .map(|d| names.unit(d.unit.as_str()))
                    .collect();
                units.dedup();
                ("办件总时限".to_owned(), units.join("、"))
            }
            Scope::Dispatch(node) => {
                let d = st.dispatch(node);
                let name = d.map_or_else(|| node.to_string(), |d| d.name.clone());
                let unit = d.map(|d| names.unit(d.unit.as_str())).unwrap_or_default();
                (format!("{name}的办理时限"), unit)
            }
        };
        let overdue = firing.overdue && matches!(tier.when, TierWhen::Overdue { .. });
        let vars = json!({ "title": doc.title, "number": doc.number.clone().unwrap_or_default(),
            "type_name": doc.type_name, "tier": tier.label, "limit": limit, "unit": units,
            "due": fmt_due(firing.due), "overdue": overdue });
        let mut out = Vec::new();
        for (kind, to) in [
            ("deadline", &heard.handlers),
            ("deadline_escalated", &heard.escalation),
        ] {
            if to.is_empty() {
                continue;
            }
            out.extend(to.iter().map(|user| Note {
                username: user.to_string(),
                kind,
                vars: vars.clone(),
                matter: doc.key.clone(),
                task: None,
            }));
        }
        Ok(out)
    }
}
