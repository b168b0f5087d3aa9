//! The working hours and their checks.

use super::*;
use jiff::SignedDuration;
use jiff::civil::Time;

fn time(text: &str) -> Time {
    text.parse().unwrap()
}

fn period(start: &str, end: &str) -> Period {
    Period::new(time(start), time(end))
}

fn codes(periods: Vec<Period>) -> Vec<(String, String)> {
    WorkingHours::new(periods)
        .unwrap_err()
        .into_iter()
        .map(|i| (i.path, i.code))
        .collect()
}

#[test]
fn default_hours_are_seven_and_a_half_closing_at_half_past_five() {
    let hours = WorkingHours::default();
    assert_eq!(hours.per_day(), SignedDuration::from_mins(450));
    assert_eq!(hours.close(), time("17:30"));
    assert_eq!(
        WorkingHours::new(vec![period("08:30", "12:00"), period("13:30", "17:30")]),
        Ok(hours)
    );
}

#[test]
fn bad_periods_are_refused_with_their_paths() {
    let pair = |p: &str, c: &str| (p.to_owned(), c.to_owned());
    assert_eq!(codes(vec![]), vec![pair("periods", "hours_empty")]);
    assert_eq!(
        codes(vec![period("09:00", "09:00")]),
        vec![pair("periods[0]", "period_empty")]
    );
    assert_eq!(
        codes(vec![period("13:00", "17:00"), period("08:00", "12:00")]),
        vec![pair("periods[1]", "period_overlap")]
    );
    assert_eq!(
        codes(vec![period("08:00", "12:00"), period("11:00", "17:00")]),
        vec![pair("periods[1]", "period_overlap")]
    );
    let many = (0..7)
        .map(|h| period(&format!("0{h}:00"), &format!("0{h}:30")))
        .collect();
    assert_eq!(codes(many), vec![pair("periods", "too_many_periods")]);
}

#[test]
fn one_period_days_count_their_own_hours() {
    let mut cal = WorkCalendar::new(WorkingHours::new(vec![period("09:00", "17:00")]).unwrap());
    for seed in lianban_seeds::holiday_years() {
        cal.add_year(&year_data(&seed)).unwrap();
    }
    let due = |from: &str, limit: Limit| show(cal.due(at(from), limit).unwrap());
    assert_eq!(
        due("2026-03-10 09:00", Limit::new(8, LimitUnit::WorkingHours)),
        "2026-03-10 17:00"
    );
    assert_eq!(
        due("2026-03-10 09:00", Limit::working_days(1)),
        "2026-03-11 17:00",
        "close of business follows the hours"
    );
}
