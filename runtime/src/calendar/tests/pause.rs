//! Pauses (suspension, 补正) and the standing of a matter against its limit.

use super::*;
use crate::Pause;
use jiff::SignedDuration;

/// A pause of the matter's clock (as suspending records it).
fn pause(start: &str, end: Option<&str>) -> Pause {
    Pause {
        from: at(start),
        to: end.map(at),
        kind: "suspended".into(),
        dispatch: None,
    }
}

fn due_paused(from: &str, limit: Limit, pauses: &[Pause], now: &str) -> String {
    show(
        seeded()
            .due_with_pauses(at(from), limit, pauses, at(now))
            .unwrap(),
    )
}

fn closed(start: &str, end: &str) -> Pause {
    pause(start, Some(end))
}

const FROM: &str = "2026-03-09 09:00";
const NOW: &str = "2026-03-20 09:00";

#[test]
fn without_pauses_it_is_due() {
    let limit = Limit::working_days(5);
    assert_eq!(due_paused(FROM, limit, &[], NOW), "2026-03-16 17:30");
}

#[test]
fn a_closed_pause_adds_the_working_days_it_covered() {
    let limit = Limit::working_days(5);
    let pause = closed("2026-03-10 10:00", "2026-03-12 15:00");
    assert_eq!(due_paused(FROM, limit, &[pause], NOW), "2026-03-18 17:30");
    let same_day = closed("2026-03-10 10:00", "2026-03-10 15:00");
    assert_eq!(
        due_paused(FROM, limit, &[same_day], NOW),
        "2026-03-16 17:30"
    );
    let weekend = closed("2026-03-13 16:00", "2026-03-16 09:00");
    assert_eq!(
        due_paused(FROM, limit, &[weekend], NOW),
        "2026-03-17 17:30",
        "Friday to Monday costs one working day"
    );
}

#[test]
fn a_pause_over_national_day_costs_only_working_days() {
    let limit = Limit::working_days(3);
    let pause = closed("2026-09-30 10:00", "2026-10-08 09:00");
    assert_eq!(
        due_paused("2026-09-29 09:00", limit, &[pause], "2026-10-20 09:00"),
        "2026-10-10 17:30",
        "one day more than 10-09: the pause ran into 10-08"
    );
}

#[test]
fn an_open_pause_counts_until_now() {
    let limit = Limit::working_days(5);
    let open = pause("2026-03-10 10:00", None);
    assert_eq!(
        due_paused(FROM, limit, std::slice::from_ref(&open), "2026-03-12 11:00"),
        "2026-03-18 17:30"
    );
    let standing = seeded()
        .standing(
            at(FROM),
            limit,
            std::slice::from_ref(&open),
            at("2026-03-12 11:00"),
        )
        .unwrap();
    assert!(standing.paused && !standing.overdue);
}

#[test]
fn overlapping_pauses_count_once_and_pauses_before_from_not_at_all() {
    let limit = Limit::working_days(5);
    let a = closed("2026-03-10 10:00", "2026-03-12 15:00");
    let b = closed("2026-03-11 09:00", "2026-03-11 16:00");
    assert_eq!(due_paused(FROM, limit, &[b, a], NOW), "2026-03-18 17:30");
    let before = closed("2026-03-02 09:00", "2026-03-05 09:00");
    assert_eq!(due_paused(FROM, limit, &[before], NOW), "2026-03-16 17:30");
}

#[test]
fn natural_days_add_calendar_days_then_move_off_days_off() {
    let limit = Limit::new(10, LimitUnit::NaturalDays);
    assert_eq!(
        due_paused("2026-03-02 09:00", limit, &[], NOW),
        "2026-03-12 17:30"
    );
    let pause = closed("2026-03-03 10:00", "2026-03-06 10:00");
    assert_eq!(
        due_paused("2026-03-02 09:00", limit, &[pause], NOW),
        "2026-03-16 17:30",
        "03-15 is a Sunday"
    );
}

#[test]
fn working_hours_skip_the_working_time_inside_pauses() {
    let limit = Limit::new(4, LimitUnit::WorkingHours);
    let from = "2026-03-10 09:00";
    assert_eq!(due_paused(from, limit, &[], NOW), "2026-03-10 14:30");
    let hour = closed("2026-03-10 10:00", "2026-03-10 11:00");
    assert_eq!(due_paused(from, limit, &[hour], NOW), "2026-03-10 15:30");
    let lunch = closed("2026-03-10 12:00", "2026-03-10 13:30");
    assert_eq!(due_paused(from, limit, &[lunch], NOW), "2026-03-10 14:30");
    let open = pause("2026-03-10 11:00", None);
    assert_eq!(
        due_paused(from, limit, std::slice::from_ref(&open), "2026-03-10 16:00"),
        "2026-03-11 09:00"
    );
}

#[test]
fn standing_tells_the_working_time_left_or_late() {
    let cal = seeded();
    let limit = Limit::working_days(1);
    let from = at("2026-03-09 09:00");
    let early = cal
        .standing(from, limit, &[], at("2026-03-10 16:30"))
        .unwrap();
    assert_eq!(show(early.due), "2026-03-10 17:30");
    assert!(!early.overdue && !early.paused);
    assert_eq!(early.left, SignedDuration::from_hours(1));
    let late = cal
        .standing(from, limit, &[], at("2026-03-11 09:30"))
        .unwrap();
    assert!(late.overdue);
    assert_eq!(late.left, -SignedDuration::from_hours(1));
    let weekend = cal
        .standing(at("2026-03-12 09:00"), limit, &[], at("2026-03-14 12:00"))
        .unwrap();
    assert_eq!(weekend.left, SignedDuration::ZERO, "no working time since");
    assert!(weekend.overdue, "due Friday 17:30, now Saturday");
}

#[test]
fn working_time_between_two_instants() {
    let cal = seeded();
    let week = cal
        .working_time(at("2026-03-09 00:00"), at("2026-03-16 00:00"))
        .unwrap();
    assert_eq!(week, SignedDuration::from_mins(5 * 450));
    let national_day = cal
        .working_time(at("2026-09-30 17:00"), at("2026-10-08 09:00"))
        .unwrap();
    assert_eq!(national_day, SignedDuration::from_mins(60));
    assert_eq!(
        cal.working_time(at("2026-03-10 12:00"), at("2026-03-10 09:00")),
        Ok(SignedDuration::ZERO)
    );
}

#[test]
fn pauses_reaching_a_missing_year_say_so() {
    let pause = closed("2026-12-30 10:00", "2027-01-05 10:00");
    assert_eq!(
        seeded().due_with_pauses(
            at("2026-12-28 09:00"),
            Limit::working_days(1),
            &[pause],
            at("2027-01-06 09:00")
        ),
        Err(CalendarError::MissingYear { year: 2027 })
    );
}
