//! Deadlines on the seeded calendar: the tier moments, the clocks of a matter and their pauses
//! (suspension, returns to the initiator and to an earlier node), rounds, and the audience.
//!
//! The test kit submits at 2026-03-02 17:00 (Monday, China time); units have 3 working days
//! (due Thursday 03-05 17:30), the matter 10 (due Monday 03-16 17:30).

use super::*;
use crate::Command;
use crate::calendar::tests::{at, seeded, show};
use crate::calendar::{LimitUnit, WorkingHours};
use crate::testkit::defs::*;
use crate::testkit::*;
use lianban_definition::flow::ReturnTargets;
use lianban_definition::limit::{Escalation, TierColor, default_tiers};
use lianban_definition::{NodeId, UserName};

/// The tiers in force for the test kit's matter type (the defaults).
fn tiers() -> Vec<WarningTier> {
    matter(Vec::new()).tiers()
}

/// The clock of `scope` in `case` now.
#[track_caller]
fn clock(case: &Case, scope: &Scope) -> Clock {
    clocks(&case.def, &case.state)
        .into_iter()
        .find(|c| &c.scope == scope)
        .unwrap_or_else(|| panic!("no clock {scope:?}"))
}

fn rsj() -> Scope {
    Scope::Dispatch(NodeId::new("rsj"))
}

/// The ids of the tiers the clock of `scope` has reached at `now` (China time).
#[track_caller]
fn reached(case: &Case, scope: &Scope, now: &str) -> Vec<String> {
    let tiers = tiers();
    let reading = read(&seeded(), &clock(case, scope), &tiers, at(now)).unwrap();
    reading
        .reached
        .iter()
        .map(|&i| tiers[i].id.clone())
        .collect()
}

/// The due time of the clock of `scope` at `now`, shown.
fn due_of(case: &Case, scope: &Scope, now: &str) -> String {
    let reading = read(&seeded(), &clock(case, scope), &tiers(), at(now)).unwrap();
    show(reading.due)
}

#[track_caller]
fn moment(due: &str, when: TierWhen) -> String {
    show(threshold(&seeded(), at(due), when).unwrap())
}

#[test]
fn tier_moments_count_working_days_around_the_due_day() {
    let before = |n| TierWhen::BeforeDue { working_days: n };
    let overdue = |n| TierWhen::Overdue { working_days: n };
    assert_eq!(moment("2026-03-13 17:30", before(1)), "2026-03-12 08:30");
    assert_eq!(
        moment("2026-03-16 17:30", before(1)),
        "2026-03-13 08:30",
        "over a weekend"
    );
    assert_eq!(moment("2026-03-16 17:30", before(3)), "2026-03-11 08:30");
    assert_eq!(
        moment("2026-03-13 17:30", TierWhen::DueDay),
        "2026-03-13 08:30"
    );
    assert_eq!(moment("2026-03-13 17:30", overdue(0)), "2026-03-13 17:30");
    assert_eq!(moment("2026-03-13 17:30", overdue(2)), "2026-03-17 17:30");
    assert_eq!(
        moment("2026-10-09 17:30", before(1)),
        "2026-10-08 08:30",
        "Thursday 10-08 is the first working day after National Day"
    );
    assert_eq!(
        moment("2026-10-08 17:30", before(1)),
        "2026-09-30 08:30",
        "the holiday is skipped"
    );
    assert_eq!(
        moment("2026-10-10 17:30", before(1)),
        "2026-10-09 08:30",
        "Saturday 10-10 is a makeup workday"
    );
    assert_eq!(
        moment("2026-03-13 09:00", TierWhen::DueDay),
        "2026-03-13 08:30",
        "a working-hours limit due in the morning"
    );
    assert_eq!(
        moment("2026-03-14 12:00", TierWhen::DueDay),
        "2026-03-14 12:00",
        "a due time on a day off is its own moment"
    );
}

#[test]
fn a_tier_moment_in_a_year_without_data_is_refused() {
    let mut calendar = WorkCalendar::new(WorkingHours::default());
    let seeds = lianban_seeds::holiday_years();
    let y2026 = seeds.iter().find(|y| y.year == 2026).unwrap();
    calendar
        .add_year(&crate::calendar::tests::year_data(y2026))
        .unwrap();
    let err = threshold(
        &calendar,
        at("2027-01-04 17:30"),
        TierWhen::Overdue { working_days: 1 },
    )
    .unwrap_err();
    assert_eq!(err, CalendarError::MissingYear { year: 2027 });
    let mut case = submitted_parallel();
    case.state.submitted_at = Some(at("2026-12-28 10:00"));
    let err = read(
        &calendar,
        &clock(&case, &Scope::Matter),
        &tiers(),
        at("2026-12-28 11:00"),
    );
    assert_eq!(err, Err(CalendarError::MissingYear { year: 2027 }));
}

#[test]
fn a_submitted_matter_has_its_clock_and_one_per_active_dispatch_with_a_limit() {
    let case = submitted_parallel();
    let scopes: Vec<String> = clocks(&case.def, &case.state)
        .iter()
        .map(|c| c.scope.key())
        .collect();
    assert_eq!(
        scopes,
        ["matter", "dispatch:zzb", "dispatch:rsj", "dispatch:czj"]
    );
    let matter_clock = clock(&case, &Scope::Matter);
    assert_eq!(matter_clock.limit, Limit::working_days(10));
    assert_eq!(show(matter_clock.from), "2026-03-02 17:00");
    assert_eq!(
        due_of(&case, &Scope::Matter, "2026-03-03 09:00"),
        "2026-03-16 17:30"
    );
    assert_eq!(
        due_of(&case, &rsj(), "2026-03-03 09:00"),
        "2026-03-05 17:30"
    );
    for case in [
        Case::draft(parallel_three()),
        closed_parallel(),
        voided_parallel(),
    ] {
        assert_eq!(
            clocks(&case.def, &case.state),
            vec![],
            "{:?}",
            case.state.status
        );
    }
    let mut done = submitted_parallel();
    done.finish("rsj");
    assert!(
        clocks(&done.def, &done.state)
            .iter()
            .all(|c| c.scope != rsj()),
        "a finished dispatch has no clock"
    );
    assert_eq!(
        clocks(&completed_parallel().def, &completed_parallel().state).len(),
        1,
        "completed, waiting to be closed: only the matter's clock"
    );
}

#[test]
fn the_default_tiers_are_reached_one_after_another() {
    let case = submitted_parallel();
    let none: Vec<String> = Vec::new();
    assert_eq!(reached(&case, &rsj(), "2026-03-04 08:29"), none);
    assert_eq!(reached(&case, &rsj(), "2026-03-04 08:30"), ["blue"]);
    assert_eq!(
        reached(&case, &rsj(), "2026-03-05 08:30"),
        ["blue", "yellow"]
    );
    assert_eq!(
        reached(&case, &rsj(), "2026-03-05 17:30"),
        ["blue", "yellow"]
    );
    assert_eq!(
        reached(&case, &rsj(), "2026-03-05 17:31"),
        ["blue", "yellow", "red"]
    );
    let reading = read(
        &seeded(),
        &clock(&case, &rsj()),
        &tiers(),
        at("2026-03-06 09:00"),
    )
    .unwrap();
    assert!(reading.overdue && !reading.paused);
    assert_eq!(reading.current(), Some(2));
    assert_eq!(reached(&case, &Scope::Matter, "2026-03-13 08:30"), ["blue"]);
}

/// When the clock of `scope` next reaches a tier, seen at `now`: shown, or `-` for never.
fn next_of(case: &Case, scope: &Scope, now: &str) -> String {
    let reading = read(&seeded(), &clock(case, scope), &tiers(), at(now)).unwrap();
    reading.next.map_or_else(|| "-".to_owned(), show)
}

#[test]
fn the_next_tier_moment_is_the_first_not_reached() {
    let case = submitted_parallel();
    // blue 03-04 08:30, yellow 03-05 08:30, red once 03-05 17:30 has passed.
    assert_eq!(
        next_of(&case, &rsj(), "2026-03-02 17:00"),
        "2026-03-04 08:30"
    );
    assert_eq!(
        next_of(&case, &rsj(), "2026-03-04 08:30"),
        "2026-03-05 08:30"
    );
    assert_eq!(
        next_of(&case, &rsj(), "2026-03-05 12:00"),
        "2026-03-05 17:30"
    );
    let red = read(
        &seeded(),
        &clock(&case, &rsj()),
        &tiers(),
        at("2026-03-05 12:00"),
    )
    .unwrap()
    .next
    .unwrap();
    assert!(
        red > at("2026-03-05 17:30"),
        "red is reached just after the due time"
    );
    let then = read(&seeded(), &clock(&case, &rsj()), &tiers(), red).unwrap();
    assert_eq!(then.reached.len(), 3, "and is reached at the instant given");
    assert_eq!(
        next_of(&case, &rsj(), "2026-03-06 09:00"),
        "-",
        "every tier reached"
    );
}

#[test]
fn a_clock_that_stands_still_has_no_next_tier_moment() {
    let mut case = submitted_parallel();
    case.now = at("2026-03-03 10:00");
    case.run(
        &initiator(),
        Command::Suspend {
            reason: "等待补充材料".into(),
        },
    );
    assert_eq!(next_of(&case, &rsj(), "2026-03-03 11:00"), "-");
}

#[test]
fn a_suspension_moves_every_due_date_and_holds_the_tiers() {
    let mut case = submitted_parallel();
    case.now = at("2026-03-03 10:00");
    case.run(
        &initiator(),
        Command::Suspend {
            reason: "等待补充材料".into(),
        },
    );
    assert_eq!(
        due_of(&case, &rsj(), "2026-03-09 10:00"),
        "2026-03-11 17:30",
        "while it lasts the clock restarts now"
    );
    assert!(
        reached(&case, &rsj(), "2026-03-09 10:00").is_empty(),
        "no tier while suspended"
    );
    case.now = at("2026-03-06 10:00");
    case.run(
        &initiator(),
        Command::Resume {
            note: String::new(),
        },
    );
    assert_eq!(
        due_of(&case, &rsj(), "2026-03-06 11:00"),
        "2026-03-10 17:30",
        "three working days of suspension (03-04 to 03-06) are added"
    );
    assert_eq!(
        due_of(&case, &Scope::Matter, "2026-03-06 11:00"),
        "2026-03-19 17:30"
    );
}

#[test]
fn a_return_to_the_initiator_pauses_the_dispatch_and_its_new_round_warns_again() {
    let mut case = submitted_parallel();
    case.now = at("2026-03-03 10:00");
    case.give_back(&clerk("rsj"), "rsj", "缺少调入审批表");
    let scopes: Vec<String> = clocks(&case.def, &case.state)
        .iter()
        .map(|c| c.scope.key())
        .collect();
    assert_eq!(
        scopes,
        ["matter", "dispatch:zzb", "dispatch:czj"],
        "a returned dispatch has no running clock"
    );
    assert_eq!(handling_round(case.dispatch("rsj")), 0);
    case.now = at("2026-03-06 10:00");
    case.resubmit("rsj", values());
    assert_eq!(handling_round(case.dispatch("rsj")), 1);
    let again = clock(&case, &rsj());
    assert_eq!(again.round, 1);
    assert_eq!(
        show(again.from),
        "2026-03-02 17:00",
        "the same limit, paused"
    );
    assert_eq!(
        due_of(&case, &rsj(), "2026-03-06 11:00"),
        "2026-03-10 17:30"
    );
    assert_eq!(reached(&case, &rsj(), "2026-03-09 08:30"), ["blue"]);
    assert_eq!(
        due_of(&case, &Scope::Matter, "2026-03-06 11:00"),
        "2026-03-16 17:30",
        "zzb and czj were still being handled: the matter's clock ran on"
    );
}

#[test]
fn the_matter_clock_stops_only_while_everything_waits_for_the_initiator() {
    let mut case = submitted_sequential();
    case.now = at("2026-03-03 10:00");
    case.give_back(&clerk("zzb"), "zzb", "缺少调入审批表");
    let pauses = matter_pauses(&case.state);
    assert_eq!(pauses.len(), 1);
    assert_eq!(
        (show(pauses[0].from), pauses[0].to),
        ("2026-03-03 10:00".into(), None)
    );
    case.now = at("2026-03-05 10:00");
    case.resubmit("zzb", values());
    assert_eq!(
        due_of(&case, &Scope::Matter, "2026-03-05 11:00"),
        "2026-03-18 17:30"
    );

    let mut parallel = submitted_parallel();
    parallel.now = at("2026-03-03 10:00");
    parallel.give_back(&clerk("rsj"), "rsj", "缺少调入审批表");
    assert!(
        matter_pauses(&parallel.state).is_empty(),
        "zzb and czj work on"
    );
    parallel.now = at("2026-03-04 10:00");
    parallel.finish("zzb");
    parallel.now = at("2026-03-05 10:00");
    parallel.finish("czj");
    let pauses = matter_pauses(&parallel.state);
    assert_eq!(pauses.len(), 1, "{pauses:?}");
    assert_eq!(
        show(pauses[0].from),
        "2026-03-05 10:00",
        "from the last unit's finish"
    );
    parallel.now = at("2026-03-06 10:00");
    parallel.resubmit("rsj", values());
    let pauses = matter_pauses(&parallel.state);
    assert_eq!(show(pauses[0].to.unwrap()), "2026-03-06 10:00");
}

#[test]
fn a_return_to_an_earlier_node_restarts_that_node_and_pauses_the_returning_one() {
    let mut def = sequential();
    if let Node::Unit { rights, .. } = &mut def.flow.nodes[1] {
        rights.ops.return_targets = ReturnTargets::AnyEarlier;
    }
    let mut case = Case::draft(def);
    case.submit();
    case.now = at("2026-03-02 17:10");
    case.finish("zzb");
    assert_eq!(handling_round(case.dispatch("rsj")), 0);
    case.now = at("2026-03-03 10:00");
    let task = case.pending_one("rsj");
    case.run(
        &clerk("rsj"),
        Command::Return {
            task,
            reason: "请组织部重新核实".into(),
            code: None,
            to: crate::ReturnTo::Node {
                node: NodeId::new("zzb"),
            },
        },
    );
    let zzb = Scope::Dispatch(NodeId::new("zzb"));
    assert_eq!(clock(&case, &zzb).round, 1);
    assert_eq!(
        due_of(&case, &zzb, "2026-03-03 11:00"),
        "2026-03-06 17:30",
        "afresh"
    );
    case.now = at("2026-03-05 10:00");
    case.finish("zzb");
    let back = clock(&case, &rsj());
    assert_eq!(
        back.round, 1,
        "straight back: a new round of the same dispatch"
    );
    assert_eq!(
        due_of(&case, &rsj(), "2026-03-05 11:00"),
        "2026-03-09 17:30",
        "the two working days it waited are added"
    );
}

#[test]
fn the_audience_is_the_pending_handlers_and_the_escalation_targets() {
    let mut case = submitted_parallel();
    let tiers = default_tiers();
    let (blue, red) = (&tiers[0], &tiers[2]);
    let names = |users: &[UserName]| users.iter().map(|u| u.to_string()).collect::<Vec<_>>();
    let pool = audience(&case.state, &rsj(), blue, &TestDirectory);
    assert_eq!(names(&pool.handlers), ["rsj_clerk", "rsj_clerk2"]);
    assert!(pool.escalation.is_empty());
    case.approve(&clerk("rsj"), "rsj");
    let at_leader = audience(&case.state, &rsj(), red, &TestDirectory);
    assert_eq!(names(&at_leader.handlers), ["rsj_leader"]);
    assert_eq!(
        names(&at_leader.escalation),
        ["sup1", "sup2"],
        "the leader already hears as the handler"
    );
    let whole = audience(&case.state, &Scope::Matter, red, &TestDirectory);
    assert_eq!(
        names(&whole.handlers),
        [
            "czj_clerk",
            "czj_clerk2",
            "rsj_leader",
            "zhang",
            "zzb_clerk",
            "zzb_clerk2"
        ]
    );
    assert_eq!(
        names(&whole.escalation),
        ["czj_leader", "sup1", "sup2", "zzb_leader"]
    );
    let mut leaders_only = red.clone();
    leaders_only.escalate = vec![Escalation::UnitLeader];
    leaders_only.color = TierColor::Orange;
    let czj = Scope::Dispatch(NodeId::new("czj"));
    let one = audience(&case.state, &czj, &leaders_only, &TestDirectory);
    assert_eq!(names(&one.escalation), ["czj_leader"]);
}

#[test]
fn working_hours_limits_warn_within_the_day() {
    let mut def = parallel_three();
    def.time_limit_days = Some(4);
    def.time_limit_unit = LimitUnit::WorkingHours;
    let mut case = Case::draft(def);
    case.now = at("2026-03-03 09:00");
    case.submit();
    assert_eq!(
        due_of(&case, &Scope::Matter, "2026-03-03 09:00"),
        "2026-03-03 14:30"
    );
    assert_eq!(
        reached(&case, &Scope::Matter, "2026-03-03 09:00"),
        ["blue", "yellow"],
        "due the same day: blue and yellow are already reached"
    );
}
