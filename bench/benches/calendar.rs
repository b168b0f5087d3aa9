//! Calendar arithmetic (`lianban_runtime::calendar`) on the seeded calendar (2004–2026): due
//! dates of 10 working days and of 16 working hours, started at 48 instants from 2026-02-05 to
//! 2026-03-01 — across the Spring Festival of 2026 (holidays 02-15 to 02-23, makeup workdays
//! Saturday 02-14 and 02-28), at all hours, so nights, weekends and lunch breaks are crossed.
//!
//! Target: ≥ 20,000 due dates/s per kind on one core. A full deadline scan computes about
//! three due dates per live matter (the matter's and each active unit's): 10,000 live matters
//! then cost under 1.5 s of calendar arithmetic, and a page of 100 work-list rows under 5 ms.

use anyhow::ensure;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use lianban_bench::{Bench, Case, Target, china_time};
use lianban_runtime::calendar::{DayEntry, Limit, LimitUnit, WorkCalendar, WorkingHours, YearData};
use std::process::ExitCode;

/// The calendar the server seeds: every vendored year, default working hours (08:30–12:00,
/// 13:30–17:30).
fn seeded() -> anyhow::Result<WorkCalendar> {
    let mut calendar = WorkCalendar::new(WorkingHours::default());
    for seed in lianban_seeds::holiday_years() {
        let entries = |days: &[lianban_seeds::SeedDay]| -> anyhow::Result<Vec<DayEntry>> {
            days.iter()
                .map(|d| Ok(DayEntry::new(d.date.parse::<Date>()?, d.name.clone())))
                .collect()
        };
        let year = YearData {
            year: seed.year,
            holidays: entries(&seed.holidays)?,
            workdays: entries(&seed.workdays)?,
        };
        calendar
            .add_year(&year)
            .map_err(|issues| anyhow::anyhow!("seed year {}: {issues:?}", seed.year))?;
    }
    Ok(calendar)
}

/// Computes the due date of `limit` from each of `starts`; the latest one.
fn due_all(
    calendar: &WorkCalendar,
    starts: &[Timestamp],
    limit: Limit,
) -> anyhow::Result<Timestamp> {
    let mut latest = Timestamp::MIN;
    for &from in starts {
        latest = latest.max(calendar.due(from, limit)?);
    }
    Ok(latest)
}

fn main() -> anyhow::Result<ExitCode> {
    let mut bench = Bench::from_env();
    let calendar = seeded()?;
    let first = china_time("2026-02-05 09:00")?;
    let starts: Vec<Timestamp> = (0..48)
        .map(|i| first + SignedDuration::from_hours(13 * i))
        .collect();
    let cases = [
        (
            "calendar/due_10_working_days",
            Limit::working_days(10),
            // Thursday 02-12 10:00: 02-13, 02-14 (makeup), 02-24 … 02-27, 02-28 (makeup),
            // 03-02, 03-03, 03-04 — the close of business of the 10th.
            ("2026-02-12 10:00", "2026-03-04 17:30"),
        ),
        (
            "calendar/due_16_working_hours",
            Limit::new(16, LimitUnit::WorkingHours),
            // Friday 02-13 16:00: 1.5 h that day, 7.5 h on Saturday 02-14 (makeup), then 7 h
            // from Tuesday 02-24 08:30 across lunch.
            ("2026-02-13 16:00", "2026-02-24 17:00"),
        ),
    ];
    for (name, limit, (from, due)) in cases {
        let case = Case::new(name, Target::PerSecondAbove(20_000.0))
            .warmup(5)
            .iterations(200)
            .ops_per_iteration(starts.len() as u64);
        if !bench.wants(name) {
            continue;
        }
        let got = calendar.due(china_time(from)?, limit)?;
        ensure!(
            got == china_time(due)?,
            "{name}: due {got} from {from}, expected {due} (China time)"
        );
        bench.run(&case, || due_all(&calendar, &starts, limit))?;
    }
    Ok(bench.finish())
}
