//! `due` in working days, natural days and working hours, around National Day and the Spring
//! Festival 2026, across year boundaries, lunch, nights and weekends.

use super::*;
use LimitUnit::{NaturalDays, WorkingDays, WorkingHours as Hours};

fn missing(year: i16) -> Result<String, CalendarError> {
    Err(CalendarError::MissingYear { year })
}

fn ok(text: &str) -> Result<String, CalendarError> {
    Ok(text.to_owned())
}

#[test]
fn working_days_skip_national_day_and_count_its_makeup_workdays() {
    assert_eq!(
        due("2026-09-30 10:00", 1, WorkingDays),
        ok("2026-10-08 17:30")
    );
    assert_eq!(
        due("2026-09-30 10:00", 3, WorkingDays),
        ok("2026-10-10 17:30"),
        "Saturday 10-10 is a makeup workday"
    );
    assert_eq!(
        due("2026-09-18 10:00", 1, WorkingDays),
        ok("2026-09-20 17:30"),
        "Sunday 09-20 is a makeup workday"
    );
    assert_eq!(
        due("2026-09-24 09:00", 5, WorkingDays),
        ok("2026-10-09 17:30")
    );
}

#[test]
fn working_days_skip_the_spring_festival_and_count_its_makeup_workdays() {
    assert_eq!(
        due("2026-02-13 16:00", 1, WorkingDays),
        ok("2026-02-14 17:30"),
        "Saturday 02-14 is a makeup workday"
    );
    assert_eq!(
        due("2026-02-13 16:00", 2, WorkingDays),
        ok("2026-02-24 17:30")
    );
    assert_eq!(
        due("2026-02-24 09:00", 4, WorkingDays),
        ok("2026-02-28 17:30"),
        "Saturday 02-28 is a makeup workday"
    );
}

#[test]
fn the_day_of_from_is_not_counted_whatever_the_hour() {
    assert_eq!(
        due("2026-03-10 00:00", 1, WorkingDays),
        ok("2026-03-11 17:30")
    );
    assert_eq!(
        due("2026-03-10 08:00", 1, WorkingDays),
        ok("2026-03-11 17:30")
    );
    assert_eq!(
        due("2026-03-10 20:00", 1, WorkingDays),
        ok("2026-03-11 17:30"),
        "after close of business"
    );
    assert_eq!(
        due("2026-10-03 09:00", 1, WorkingDays),
        ok("2026-10-08 17:30"),
        "from on a holiday"
    );
    assert_eq!(
        due("2026-03-14 11:00", 1, WorkingDays),
        ok("2026-03-16 17:30"),
        "from on a Saturday"
    );
}

#[test]
fn working_days_cross_into_2026_and_stop_at_2027() {
    assert_eq!(
        due("2025-12-31 10:00", 1, WorkingDays),
        ok("2026-01-04 17:30"),
        "元旦 01-01..03 off, Sunday 01-04 a makeup workday"
    );
    assert_eq!(
        due("2025-12-30 10:00", 1, WorkingDays),
        ok("2025-12-31 17:30")
    );
    assert_eq!(
        due("2026-12-29 10:00", 2, WorkingDays),
        ok("2026-12-31 17:30")
    );
    assert_eq!(due("2026-12-29 10:00", 3, WorkingDays), missing(2027));
    assert_eq!(due("2026-12-31 10:00", 1, WorkingDays), missing(2027));
}

#[test]
fn entering_2027_makes_the_boundary_computable() {
    let mut cal = seeded();
    cal.add_year(&YearData {
        year: 2027,
        holidays: vec![DayEntry::new(date("2027-01-01"), "元旦")],
        workdays: vec![],
    })
    .unwrap();
    let due = cal
        .due(at("2026-12-31 10:00"), Limit::working_days(1))
        .unwrap();
    assert_eq!(
        show(due),
        "2027-01-04 17:30",
        "Friday 01-01 off, then the weekend"
    );
}

#[test]
fn natural_days_end_on_a_working_day() {
    assert_eq!(
        due("2026-09-23 10:00", 7, NaturalDays),
        ok("2026-09-30 17:30")
    );
    assert_eq!(
        due("2026-09-24 10:00", 7, NaturalDays),
        ok("2026-10-08 17:30"),
        "10-01 is a holiday: the next working day (民法典 第二百零三条)"
    );
    assert_eq!(
        due("2026-09-13 10:00", 7, NaturalDays),
        ok("2026-09-20 17:30"),
        "Sunday 09-20 is a makeup workday"
    );
    assert_eq!(
        due("2026-03-07 10:00", 7, NaturalDays),
        ok("2026-03-16 17:30"),
        "Saturday 03-14 moves to Monday"
    );
    assert_eq!(
        due("2026-02-07 10:00", 7, NaturalDays),
        ok("2026-02-14 17:30"),
        "Saturday 02-14 is a makeup workday"
    );
    assert_eq!(
        due("2026-02-10 10:00", 7, NaturalDays),
        ok("2026-02-24 17:30")
    );
}

#[test]
fn natural_days_need_only_the_years_they_end_in() {
    assert_eq!(
        due("2026-12-25 10:00", 6, NaturalDays),
        ok("2026-12-31 17:30")
    );
    assert_eq!(due("2026-12-25 10:00", 10, NaturalDays), missing(2027));
    assert_eq!(
        due("2025-12-25 10:00", 7, NaturalDays),
        ok("2026-01-04 17:30"),
        "01-01 is 元旦, 01-04 its makeup workday"
    );
}

#[test]
fn working_hours_span_lunch_nights_weekends_and_holidays() {
    assert_eq!(
        due("2026-03-10 11:00", 2, Hours),
        ok("2026-03-10 14:30"),
        "across lunch"
    );
    assert_eq!(
        due("2026-03-10 10:00", 2, Hours),
        ok("2026-03-10 12:00"),
        "ends at the start of lunch"
    );
    assert_eq!(
        due("2026-03-10 12:30", 1, Hours),
        ok("2026-03-10 14:30"),
        "from at lunch"
    );
    assert_eq!(
        due("2026-03-10 07:00", 1, Hours),
        ok("2026-03-10 09:30"),
        "before opening"
    );
    assert_eq!(
        due("2026-03-13 16:30", 2, Hours),
        ok("2026-03-16 09:30"),
        "over a weekend"
    );
    assert_eq!(
        due("2026-03-13 18:00", 1, Hours),
        ok("2026-03-16 09:30"),
        "after close"
    );
    assert_eq!(
        due("2026-09-30 17:00", 1, Hours),
        ok("2026-10-08 09:00"),
        "over National Day"
    );
    assert_eq!(due("2026-03-09 08:30", 8, Hours), ok("2026-03-10 09:00"));
    assert_eq!(
        due("2026-03-10 08:30", 15, Hours),
        ok("2026-03-11 17:30"),
        "two full days end at close"
    );
    assert_eq!(
        due("2026-03-10 09:15:30", 1, Hours),
        ok("2026-03-10 10:15:30")
    );
}

#[test]
fn working_hours_count_the_day_of_from_and_need_its_year() {
    assert_eq!(due("2026-12-31 17:00", 1, Hours), missing(2027));
    assert_eq!(due("2027-01-05 09:00", 1, Hours), missing(2027));
    assert_eq!(due("2027-01-05 09:00", 1, WorkingDays), missing(2027));
}

#[test]
fn zero_ends_at_from_and_too_much_is_refused() {
    for unit in LimitUnit::ALL {
        assert_eq!(due("2026-10-03 09:00", 0, unit), ok("2026-10-03 09:00"));
        assert_eq!(
            due("2026-03-10 09:00", MAX_AMOUNT + 1, unit),
            Err(CalendarError::AmountTooLarge { max: MAX_AMOUNT })
        );
    }
    assert_eq!(
        CalendarError::AmountTooLarge { max: MAX_AMOUNT }.code(),
        "calendar_bad_amount"
    );
}

#[test]
fn units_have_wire_names_and_labels() {
    for unit in LimitUnit::ALL {
        assert_eq!(LimitUnit::parse(unit.code()), Some(unit));
        let json = serde_json::to_string(&unit).unwrap();
        assert_eq!(
            json,
            format!("\"{}\"", unit.key()),
            "definitions store snake_case"
        );
        assert!(!unit.label().is_empty());
    }
    assert_eq!(LimitUnit::parse("working_days"), None);
}

#[test]
fn any_offset_in_from_means_the_same_instant() {
    let cal = seeded();
    let utc: jiff::Timestamp = "2026-09-30T02:00:00Z".parse().unwrap();
    let new_york: jiff::Timestamp = "2026-09-29T22:00:00-04:00".parse().unwrap();
    for from in [utc, new_york] {
        assert_eq!(
            show(cal.due(from, Limit::working_days(1)).unwrap()),
            "2026-10-08 17:30"
        );
    }
    let late_utc: jiff::Timestamp = "2026-03-10T17:00:00Z".parse().unwrap();
    assert_eq!(
        show(cal.due(late_utc, Limit::working_days(1)).unwrap()),
        "2026-03-12 17:30",
        "17:00 UTC on 03-10 is 01:00 on 03-11 in China: the day not counted is 03-11"
    );
}
