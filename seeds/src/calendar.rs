//! The working calendar's seed data: statutory holidays and makeup workdays (调休) of 2004–2026,
//! vendored from the npm package `chinese-days` 1.5.7 (MIT; see `data/calendar/NOTICE`) into our
//! own format (`data/calendar/README.md`). The server seeds every year missing from its database.

use serde::Deserialize;

/// One dated entry: a holiday or a makeup workday.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeedDay {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The holiday it belongs to, e.g. 国庆节.
    pub name: String,
}

/// The arrangement of one calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeedYear {
    /// The year, e.g. 2026.
    pub year: i16,
    /// Days off (法定节假日, including the weekdays taken off in exchange for makeup workdays).
    pub holidays: Vec<SeedDay>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<SeedDay>,
}

#[derive(Deserialize)]
struct HolidayFile {
    years: Vec<SeedYear>,
}

/// Where the holiday data came from, for the administrators' calendar page.
pub const HOLIDAY_SOURCE: &str =
    "chinese-days 1.5.7（npm，MIT 许可，Copyright (c) 2024 Yawei sun），2004–2026 年";

/// The vendored years, ascending (parsed from `data/calendar/holidays.json`, embedded at build
/// time).
pub fn holiday_years() -> Vec<SeedYear> {
    let file: HolidayFile = serde_json::from_str(include_str!("../data/calendar/holidays.json"))
        .expect("seeds/data/calendar/holidays.json is valid");
    file.years
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn year(y: i16) -> SeedYear {
        holiday_years()
            .into_iter()
            .find(|s| s.year == y)
            .unwrap_or_else(|| panic!("{y} is vendored"))
    }

    fn dates(days: &[SeedDay], name: &str) -> Vec<String> {
        days.iter()
            .filter(|d| d.name == name)
            .map(|d| d.date.clone())
            .collect()
    }

    #[test]
    fn covers_2004_to_2026_ascending_without_gaps() {
        let years: Vec<i16> = holiday_years().iter().map(|y| y.year).collect();
        assert_eq!(years, (2004..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn every_date_is_in_its_year_once_and_in_one_list() {
        for y in holiday_years() {
            let mut seen = HashSet::new();
            for day in y.holidays.iter().chain(&y.workdays) {
                assert!(day.date.starts_with(&format!("{}-", y.year)), "{day:?}");
                assert_eq!(day.date.len(), 10, "{day:?}");
                assert!(!day.name.is_empty(), "{day:?}");
                assert!(seen.insert(day.date.clone()), "{} listed twice", day.date);
            }
        }
    }

    #[test]
    fn national_day_2026_with_its_makeup_workdays() {
        let y = year(2026);
        let holidays: Vec<String> = (1..=7).map(|d| format!("2026-10-0{d}")).collect();
        assert_eq!(dates(&y.holidays, "国庆节"), holidays);
        assert_eq!(
            dates(&y.workdays, "国庆节"),
            vec!["2026-09-20", "2026-10-10"]
        );
        assert_eq!(
            dates(&y.holidays, "中秋节"),
            vec!["2026-09-25", "2026-09-26", "2026-09-27"]
        );
    }

    #[test]
    fn spring_festival_2026_with_its_makeup_workdays() {
        let y = year(2026);
        let holidays: Vec<String> = (15..=23).map(|d| format!("2026-02-{d}")).collect();
        assert_eq!(dates(&y.holidays, "春节"), holidays);
        assert_eq!(dates(&y.workdays, "春节"), vec!["2026-02-14", "2026-02-28"]);
    }

    #[test]
    fn the_rest_of_2026_matches_the_state_council_notice() {
        let y = year(2026);
        assert_eq!(
            dates(&y.holidays, "元旦"),
            vec!["2026-01-01", "2026-01-02", "2026-01-03"]
        );
        assert_eq!(dates(&y.workdays, "元旦"), vec!["2026-01-04"]);
        assert_eq!(
            dates(&y.holidays, "清明节"),
            vec!["2026-04-04", "2026-04-05", "2026-04-06"]
        );
        assert_eq!(dates(&y.holidays, "劳动节").len(), 5);
        assert_eq!(dates(&y.workdays, "劳动节"), vec!["2026-05-09"]);
        assert_eq!(
            dates(&y.holidays, "端午节"),
            vec!["2026-06-19", "2026-06-20", "2026-06-21"]
        );
        assert_eq!((y.holidays.len(), y.workdays.len()), (33, 6));
    }

    #[test]
    fn spring_festival_2025_and_the_2020_extension() {
        let y = year(2025);
        assert_eq!(dates(&y.holidays, "春节").first().unwrap(), "2025-01-28");
        assert_eq!(dates(&y.holidays, "春节").last().unwrap(), "2025-02-04");
        assert_eq!(dates(&y.workdays, "春节"), vec!["2025-01-26", "2025-02-08"]);
        assert_eq!(
            dates(&year(2020).holidays, "春节").last().unwrap(),
            "2020-02-02"
        );
    }
}
