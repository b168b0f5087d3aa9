//! [`CalendarCache`]: the working calendar every deadline computation of this node uses, built
//! from the database and rebuilt after an edit (and at least every [`REFRESH`], so edits made on
//! another node arrive too). It also remembers the years computations needed but did not find,
//! for the administrators' warning list.

use super::dto;
use super::store;
use crate::db::{Db, DbResult};
use lianban_runtime::calendar::{WorkCalendar, WorkingHours};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long a built calendar is used before it is read again.
pub const REFRESH: Duration = Duration::from_secs(60);

/// The cached calendar of this node.
#[derive(Debug, Default)]
pub struct CalendarCache {
    built: RwLock<Option<(Arc<WorkCalendar>, Instant)>>,
    reached_missing: Mutex<BTreeSet<i16>>,
}

impl CalendarCache {
    /// The calendar, read from the database when not built yet or older than [`REFRESH`].
    pub async fn get(&self, db: &Db) -> DbResult<Arc<WorkCalendar>> {
        let fresh = self
            .built
            .read()
            .ok()
            .and_then(|b| b.as_ref().filter(|(_, at)| at.elapsed() < REFRESH).cloned());
        match fresh {
            Some((calendar, _)) => Ok(calendar),
            None => self.reload(db).await,
        }
    }

    /// Reads the calendar from the database now (after an edit).
    pub async fn reload(&self, db: &Db) -> DbResult<Arc<WorkCalendar>> {
        let calendar = Arc::new(build(db).await?);
        if let Ok(mut built) = self.built.write() {
            *built = Some((calendar.clone(), Instant::now()));
        }
        Ok(calendar)
    }

    /// Notes that a computation needed `year` and found no data.
    pub fn note_missing(&self, year: i16) {
        if let Ok(mut years) = self.reached_missing.lock() {
            years.insert(year);
        }
    }

    /// The years computations needed without data since this node started, ascending.
    pub fn reached_missing(&self) -> Vec<i16> {
        self.reached_missing
            .lock()
            .map(|years| years.iter().copied().collect())
            .unwrap_or_default()
    }
}

/// The calendar stored in the database. A stored year that fails the checks (it cannot, unless
/// edited by hand) is left out and logged, so computations reaching it say it is missing.
async fn build(db: &Db) -> DbResult<WorkCalendar> {
    let hours = match store::hours(db).await? {
        Some(row) => dto::working_hours(&row.periods).unwrap_or_else(|issues| {
            tracing::error!(
                ?issues,
                "stored working hours are invalid; using the defaults"
            );
            WorkingHours::default()
        }),
        None => WorkingHours::default(),
    };
    let mut calendar = WorkCalendar::new(hours);
    for row in store::years(db).await? {
        let checked = dto::year_data(row.year, &row.holidays, &row.workdays)
            .and_then(|data| calendar.add_year(&data));
        if let Err(issues) = checked {
            tracing::error!(
                year = row.year,
                ?issues,
                "stored calendar year is invalid; left out"
            );
        }
    }
    Ok(calendar)
}
