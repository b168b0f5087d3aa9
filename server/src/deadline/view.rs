//! The deadlines shown on the matter page: the matter's and each active dispatch's due time and
//! current tier ([`views`]).

use crate::AppState;
use crate::error::ApiResult;
use crate::matter::fmt_ts;
use crate::matter::store::MatterDoc;
use jiff::Timestamp;
use lianban_definition::limit::{WarningTier, describe_limit};
use lianban_definition::matter_type::MatterTypeDef;
use lianban_runtime::calendar::{CalendarError, WorkCalendar};
use lianban_runtime::deadline::{Clock, Scope, clocks, read};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where one limit stands now.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DeadlineView {
    /// The limit in words, e.g. 5个工作日.
    pub limit: String,
    /// When it ends (pauses included), RFC 3339 with offset +08:00; absent when it cannot be
    /// computed (see `error`).
    pub due_at: Option<String>,
    /// Whether the clock stands still now (suspended, or waiting for the initiator's 补正).
    pub paused: bool,
    /// Whether `due_at` has passed.
    pub overdue: bool,
    /// The tier reached now (the latest one), if any.
    pub tier: Option<TierView>,
    /// Why the due time cannot be computed, e.g. 无法计算（缺少2027年日历）.
    pub error: Option<String>,
}

/// A warning tier as pages and lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TierView {
    /// Its id, e.g. `red`.
    pub id: String,
    /// Its label, e.g. 红色预警.
    pub label: String,
    /// `blue`, `yellow`, `orange` or `red`.
    pub color: &'static str,
}

impl TierView {
    /// The view of a tier.
    pub fn of(tier: &WarningTier) -> Self {
        Self {
            id: tier.id.clone(),
            label: tier.label.clone(),
            color: tier.color.key(),
        }
    }
}

/// The deadlines of one matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Views {
    /// The matter's total limit, while live and when its type has one.
    pub matter: Option<DeadlineView>,
    /// Each active dispatch with a limit, by node id.
    pub dispatches: BTreeMap<String, DeadlineView>,
    /// Years the computations needed and the calendar lacks.
    pub missing_years: BTreeSet<i16>,
}

/// The deadlines of `doc` at `now` (pure).
pub fn views(
    def: &MatterTypeDef,
    doc: &MatterDoc,
    calendar: &WorkCalendar,
    now: Timestamp,
) -> Views {
    let tiers = def.tiers();
    let mut out = Views::default();
    for clock in clocks(def, &doc.state) {
        let view = view(&clock, calendar, &tiers, now, &mut out.missing_years);
        match clock.scope {
            Scope::Matter => out.matter = Some(view),
            Scope::Dispatch(node) => {
                out.dispatches.insert(node.to_string(), view);
            }
        }
    }
    out
}

/// The deadlines of `doc` now, with this node's calendar; years found missing are noted for
/// the administrators' warning list.
pub async fn page_views(
    state: &AppState,
    def: &MatterTypeDef,
    doc: &MatterDoc,
) -> ApiResult<Views> {
    let calendar = state.calendar.get(&state.db).await?;
    let views = views(def, doc, &calendar, state.clock.now());
    for year in &views.missing_years {
        state.calendar.note_missing(*year);
    }
    Ok(views)
}

fn view(
    clock: &Clock,
    calendar: &WorkCalendar,
    tiers: &[WarningTier],
    now: Timestamp,
    missing: &mut BTreeSet<i16>,
) -> DeadlineView {
    let limit = describe_limit(clock.limit.amount, clock.limit.unit);
    match read(calendar, clock, tiers, now) {
        Ok(reading) => DeadlineView {
            limit,
            due_at: Some(fmt_ts(reading.due)),
            paused: reading.paused,
            overdue: reading.overdue,
            tier: reading.current().map(|i| TierView::of(&tiers[i])),
            error: None,
        },
        Err(err) => {
            if let CalendarError::MissingYear { year } = err {
                missing.insert(year);
            }
            DeadlineView {
                limit,
                due_at: None,
                paused: false,
                overdue: false,
                tier: None,
                error: Some(refusal(&err)),
            }
        }
    }
}

/// The short refusal shown in place of a due time.
pub(crate) fn refusal(err: &CalendarError) -> String {
    match err {
        CalendarError::MissingYear { year } => format!("无法计算（缺少{year}年日历）"),
        CalendarError::AmountTooLarge { .. } | CalendarError::OutOfRange => {
            "无法计算（时限超出可计算的范围）".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matter::store::MatterDoc;
    use lianban_runtime::calendar::{DayEntry, WorkingHours, YearData};
    use lianban_runtime::{MatterState, MatterStatus};

    fn doc(submitted: &str) -> MatterDoc {
        let mut state = MatterState::draft("zzb_clerk".into(), "zzb".into(), Default::default());
        state.status = MatterStatus::Running;
        state.submitted_at = Some(submitted.parse().unwrap());
        MatterDoc {
            key: "m1".into(),
            version: 1,
            number: None,
            title: "t".into(),
            type_code: "t".into(),
            type_version: 1,
            type_name: "t".into(),
            units: Vec::new(),
            state,
            created_ms: 0,
            updated_ms: 0,
            event_seq: 0,
            changes: Default::default(),
            tiers: Default::default(),
            check_ms: 0,
        }
    }

    fn calendar_2026() -> WorkCalendar {
        let mut calendar = WorkCalendar::new(WorkingHours::default());
        let year = YearData {
            year: 2026,
            holidays: vec![DayEntry::new("2026-10-01".parse().unwrap(), "国庆节")],
            workdays: Vec::new(),
        };
        calendar.add_year(&year).unwrap();
        calendar
    }

    #[test]
    fn a_missing_year_is_shown_as_such_not_as_a_date() {
        let mut def = MatterTypeDef::empty("t", "t", "");
        def.time_limit_days = Some(10);
        let now: Timestamp = "2026-12-28T03:00:00Z".parse().unwrap();
        let views = views(&def, &doc("2026-12-28T02:00:00Z"), &calendar_2026(), now);
        let matter = views.matter.unwrap();
        assert_eq!(matter.due_at, None);
        assert_eq!(matter.error.as_deref(), Some("无法计算（缺少2027年日历）"));
        assert_eq!(matter.limit, "10个工作日");
        assert_eq!(views.missing_years, BTreeSet::from([2027]));
    }

    #[test]
    fn a_computable_limit_shows_its_due_time_and_tier() {
        let mut def = MatterTypeDef::empty("t", "t", "");
        def.time_limit_days = Some(2);
        let now: Timestamp = "2026-03-04T01:00:00Z".parse().unwrap();
        let views = views(&def, &doc("2026-03-02T02:00:00Z"), &calendar_2026(), now);
        let matter = views.matter.unwrap();
        assert_eq!(matter.due_at.as_deref(), Some("2026-03-04T17:30:00+08:00"));
        assert_eq!(matter.tier.unwrap().color, "yellow");
        assert!(views.missing_years.is_empty());
    }
}
