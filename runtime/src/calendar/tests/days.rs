//! Working days, year data checks and the missing-year warnings.

use super::*;

#[test]
fn national_day_2026_and_its_makeup_workdays() {
    let cal = seeded();
    for day in 1..=7 {
        let d = date(&format!("2026-10-0{day}"));
        assert_eq!(cal.is_working_day(d), Ok(false), "{d}");
    }
    assert_eq!(cal.is_working_day(date("2026-10-08")), Ok(true));
    assert_eq!(
        cal.is_working_day(date("2026-09-20")),
        Ok(true),
        "Sunday, 调休"
    );
    assert_eq!(
        cal.is_working_day(date("2026-10-10")),
        Ok(true),
        "Saturday, 调休"
    );
    assert_eq!(
        cal.is_working_day(date("2026-10-11")),
        Ok(false),
        "plain Sunday"
    );
    assert_eq!(cal.is_working_day(date("2026-09-25")), Ok(false), "中秋节");
}

#[test]
fn spring_festival_2026_and_its_makeup_workdays() {
    let cal = seeded();
    assert_eq!(cal.is_working_day(date("2026-02-13")), Ok(true));
    assert_eq!(
        cal.is_working_day(date("2026-02-14")),
        Ok(true),
        "Saturday, 调休"
    );
    for day in 15..=23 {
        let d = date(&format!("2026-02-{day}"));
        assert_eq!(cal.is_working_day(d), Ok(false), "{d}");
    }
    assert_eq!(cal.is_working_day(date("2026-02-24")), Ok(true));
    assert_eq!(
        cal.is_working_day(date("2026-02-28")),
        Ok(true),
        "Saturday, 调休"
    );
    assert_eq!(
        cal.next_working_day(date("2026-02-15")),
        Ok(date("2026-02-24"))
    );
}

#[test]
fn a_year_without_data_is_never_guessed() {
    let cal = seeded();
    assert_eq!(
        cal.is_working_day(date("2027-01-05")),
        Err(CalendarError::MissingYear { year: 2027 })
    );
    assert_eq!(
        cal.is_working_day(date("2003-12-31")),
        Err(CalendarError::MissingYear { year: 2003 })
    );
    assert_eq!(
        CalendarError::MissingYear { year: 2027 }.code(),
        "calendar_year_missing"
    );
    assert!(
        CalendarError::MissingYear { year: 2027 }
            .to_string()
            .contains("2027 年")
    );
}

#[test]
fn every_vendored_year_passes_the_checks() {
    let cal = seeded();
    assert_eq!(
        cal.years().collect::<Vec<_>>(),
        (2004..=2026).collect::<Vec<_>>()
    );
}

fn year_2027() -> YearData {
    YearData {
        year: 2027,
        holidays: vec![DayEntry::new(date("2027-01-01"), "元旦")],
        workdays: vec![],
    }
}

fn codes(data: &YearData) -> Vec<(String, String)> {
    data.check().into_iter().map(|i| (i.path, i.code)).collect()
}

#[test]
fn checks_name_every_problem_with_its_path() {
    let mut data = year_2027();
    data.holidays
        .push(DayEntry::new(date("2026-12-31"), "元旦"));
    data.holidays
        .push(DayEntry::new(date("2027-01-01"), "元旦"));
    data.holidays.push(DayEntry::new(date("2027-02-13"), "  "));
    data.holidays
        .push(DayEntry::new(date("2027-02-11"), "节".repeat(51)));
    data.workdays
        .push(DayEntry::new(date("2027-02-13"), "春节"));
    data.workdays
        .push(DayEntry::new(date("2027-02-08"), "春节"));
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    };
    assert_eq!(
        codes(&data),
        pairs(&[
            ("holidays[1].date", "date_outside_year"),
            ("holidays[2].date", "duplicate_date"),
            ("holidays[3].name", "name_required"),
            ("holidays[4].name", "name_too_long"),
            ("workdays[0].date", "holiday_and_workday"),
            ("workdays[1].date", "workday_not_weekend"),
        ])
    );
    let issues = data.check();
    assert!(
        issues[0].message.contains("2026-12-31 不在 2027 年内"),
        "{issues:?}"
    );
    assert!(issues[5].message.contains("周一"), "{issues:?}");
    let mut cal = seeded();
    assert_eq!(cal.add_year(&data), Err(issues));
    assert!(!cal.has_year(2027), "a refused year is not added");
}

#[test]
fn years_outside_the_range_are_refused() {
    for year in [1999, 2101] {
        let data = YearData {
            year,
            ..YearData::default()
        };
        assert_eq!(
            codes(&data),
            vec![("year".to_owned(), "year_out_of_range".to_owned())]
        );
    }
}

#[test]
fn normalizing_sorts_and_trims() {
    let data = YearData {
        year: 2027,
        holidays: vec![
            DayEntry::new(date("2027-10-01"), " 国庆节 "),
            DayEntry::new(date("2027-01-01"), "元旦"),
        ],
        workdays: vec![],
    }
    .normalized();
    assert_eq!(data.holidays[0].date, date("2027-01-01"));
    assert_eq!(data.holidays[1].name, "国庆节");
}

#[test]
fn missing_years_this_year_next_year_from_november_and_gaps() {
    let cal = seeded();
    assert_eq!(cal.missing_years(date("2026-06-01")), vec![]);
    assert_eq!(cal.missing_years(date("2026-10-31")), vec![]);
    assert_eq!(
        cal.missing_years(date("2026-11-01")),
        vec![MissingYear {
            year: 2027,
            reason: MissingReason::NextYear
        }]
    );
    assert_eq!(
        cal.missing_years(date("2027-03-01")),
        vec![MissingYear {
            year: 2027,
            reason: MissingReason::ThisYear
        }]
    );
    let mut gap = WorkCalendar::new(WorkingHours::default());
    for seed in lianban_seeds::holiday_years() {
        if seed.year != 2010 {
            gap.add_year(&year_data(&seed)).unwrap();
        }
    }
    let missing = gap.missing_years(date("2026-05-01"));
    assert_eq!(
        missing,
        vec![MissingYear {
            year: 2010,
            reason: MissingReason::Gap
        }]
    );
    assert!(!missing[0].reason.label().is_empty());
    let empty = WorkCalendar::default();
    assert_eq!(empty.missing_years(date("2026-12-01")).len(), 2);
}
