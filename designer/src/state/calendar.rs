//! The administrators' calendar editors: one year's holidays and makeup workdays
//! ([`YearEditor`]) and the working hours ([`HoursEditor`]). Rows are edited as text and sent
//! whole; the server checks them and its issues (paths like `holidays[2].date`,
//! `periods[1].start`) are shown on their rows. Pure, tested natively.

use crate::api::calendar::{Day, Hours, Period, YearDays};
use lianban_definition::Issue;
use std::rc::Rc;
use yew::Reducible;

/// Which list of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayList {
    /// 法定节假日 (days off).
    Holidays,
    /// 调休上班日 (makeup workdays).
    Workdays,
}

impl DayList {
    /// The key of the list in the API and in issue paths.
    pub fn key(self) -> &'static str {
        match self {
            DayList::Holidays => "holidays",
            DayList::Workdays => "workdays",
        }
    }

    /// The Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            DayList::Holidays => "法定节假日（放假）",
            DayList::Workdays => "调休上班日",
        }
    }
}

/// The messages of the issues on row `index` of `list` (`list[index]` or `list[index].…`).
fn row_messages(issues: &[Issue], list: &str, index: usize) -> Vec<String> {
    let row = format!("{list}[{index}]");
    issues
        .iter()
        .filter(|i| {
            i.path == row
                || i.path
                    .strip_prefix(row.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|i| i.message.clone())
        .collect()
}

/// The messages of the issues on no row (e.g. `periods`, `year`).
fn general_messages(issues: &[Issue], lists: &[&str]) -> Vec<String> {
    issues
        .iter()
        .filter(|i| !lists.iter().any(|l| i.path.starts_with(&format!("{l}["))))
        .map(|i| i.message.clone())
        .collect()
}

/// One year being edited.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearEditor {
    /// The year.
    pub year: i16,
    /// Whether the year is stored (false: entering a new year).
    pub stored: bool,
    /// The rows.
    pub days: YearDays,
    /// The server's issues of the last save.
    pub issues: Vec<Issue>,
    /// Whether the rows changed since loading or saving.
    pub dirty: bool,
}

/// What can happen to a year being edited.
#[derive(Debug, Clone, PartialEq)]
pub enum YearAction {
    /// The stored year arrived (`None`: not entered yet).
    Loaded(i16, Option<YearDays>),
    /// A new row, with the name of the row above it (entries of one holiday come together).
    Add(DayList),
    /// A row removed.
    Remove(DayList, usize),
    /// A row's date changed.
    SetDate(DayList, usize, String),
    /// A row's name changed.
    SetName(DayList, usize, String),
    /// The server refused the rows.
    Refused(Vec<Issue>),
    /// The server stored the rows (as it answered them: sorted, trimmed).
    Saved(YearDays),
}

impl YearEditor {
    /// The rows of `list`.
    pub fn rows(&self, list: DayList) -> &[Day] {
        match list {
            DayList::Holidays => &self.days.holidays,
            DayList::Workdays => &self.days.workdays,
        }
    }

    fn rows_mut(&mut self, list: DayList) -> &mut Vec<Day> {
        match list {
            DayList::Holidays => &mut self.days.holidays,
            DayList::Workdays => &mut self.days.workdays,
        }
    }

    /// The messages on row `index` of `list`.
    pub fn row_issues(&self, list: DayList, index: usize) -> Vec<String> {
        row_messages(&self.issues, list.key(), index)
    }

    /// The messages on no row.
    pub fn general_issues(&self) -> Vec<String> {
        general_messages(&self.issues, &["holidays", "workdays"])
    }
}

impl Reducible for YearEditor {
    type Action = YearAction;

    fn reduce(self: Rc<Self>, action: YearAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            YearAction::Loaded(year, days) => {
                next = YearEditor {
                    year,
                    stored: days.is_some(),
                    days: days.unwrap_or_default(),
                    ..YearEditor::default()
                };
            }
            YearAction::Add(list) => {
                let rows = next.rows_mut(list);
                let name = rows.last().map(|d| d.name.clone()).unwrap_or_default();
                rows.push(Day {
                    date: String::new(),
                    name,
                });
                next.dirty = true;
            }
            YearAction::Remove(list, index) => {
                let rows = next.rows_mut(list);
                if index < rows.len() {
                    rows.remove(index);
                    // Row numbers moved: the old issues no longer point at the right rows.
                    next.issues.clear();
                    next.dirty = true;
                }
            }
            YearAction::SetDate(list, index, date) => {
                if let Some(row) = next.rows_mut(list).get_mut(index) {
                    row.date = date;
                    next.dirty = true;
                }
            }
            YearAction::SetName(list, index, name) => {
                if let Some(row) = next.rows_mut(list).get_mut(index) {
                    row.name = name;
                    next.dirty = true;
                }
            }
            YearAction::Refused(issues) => next.issues = issues,
            YearAction::Saved(days) => {
                next.days = days;
                next.stored = true;
                next.issues.clear();
                next.dirty = false;
            }
        }
        Rc::new(next)
    }
}

/// The working hours being edited.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HoursEditor {
    /// The periods.
    pub hours: Hours,
    /// The server's issues of the last save.
    pub issues: Vec<Issue>,
    /// Whether the periods changed since loading or saving.
    pub dirty: bool,
}

/// What can happen to the working hours being edited.
#[derive(Debug, Clone, PartialEq)]
pub enum HoursAction {
    /// The stored hours arrived, or were saved.
    Loaded(Hours),
    /// A new period after the last one.
    Add,
    /// A period removed.
    Remove(usize),
    /// A period's start changed.
    SetStart(usize, String),
    /// A period's end changed.
    SetEnd(usize, String),
    /// The server refused the periods.
    Refused(Vec<Issue>),
}

impl HoursEditor {
    /// The messages on period `index`.
    pub fn row_issues(&self, index: usize) -> Vec<String> {
        row_messages(&self.issues, "periods", index)
    }

    /// The messages on no period (e.g. none given).
    pub fn general_issues(&self) -> Vec<String> {
        general_messages(&self.issues, &["periods"])
    }
}

impl Reducible for HoursEditor {
    type Action = HoursAction;

    fn reduce(self: Rc<Self>, action: HoursAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            HoursAction::Loaded(hours) => {
                next = HoursEditor {
                    hours,
                    ..HoursEditor::default()
                };
            }
            HoursAction::Add => {
                let start = next
                    .hours
                    .periods
                    .last()
                    .map(|p| p.end.clone())
                    .unwrap_or_default();
                next.hours.periods.push(Period {
                    start,
                    end: String::new(),
                });
                next.dirty = true;
            }
            HoursAction::Remove(index) => {
                if index < next.hours.periods.len() {
                    next.hours.periods.remove(index);
                    next.issues.clear();
                    next.dirty = true;
                }
            }
            HoursAction::SetStart(index, value) => {
                if let Some(p) = next.hours.periods.get_mut(index) {
                    p.start = value;
                    next.dirty = true;
                }
            }
            HoursAction::SetEnd(index, value) => {
                if let Some(p) = next.hours.periods.get_mut(index) {
                    p.end = value;
                    next.dirty = true;
                }
            }
            HoursAction::Refused(issues) => next.issues = issues,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(actions: Vec<YearAction>) -> YearEditor {
        let mut state = Rc::new(YearEditor::default());
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn day(date: &str, name: &str) -> Day {
        Day {
            date: date.into(),
            name: name.into(),
        }
    }

    #[test]
    fn a_new_year_starts_empty_and_rows_inherit_the_name_above() {
        let state = year(vec![
            YearAction::Loaded(2027, None),
            YearAction::Add(DayList::Holidays),
            YearAction::SetDate(DayList::Holidays, 0, "2027-10-01".into()),
            YearAction::SetName(DayList::Holidays, 0, "国庆节".into()),
            YearAction::Add(DayList::Holidays),
        ]);
        assert!(!state.stored && state.dirty);
        assert_eq!(
            state.rows(DayList::Holidays),
            &[day("2027-10-01", "国庆节"), day("", "国庆节")]
        );
        assert!(state.rows(DayList::Workdays).is_empty());
    }

    #[test]
    fn issues_land_on_their_rows_and_clear_when_rows_move() {
        let issue = |path: &str, message: &str| Issue::new(path, "x", message);
        let loaded = YearDays {
            holidays: vec![day("2027-01-01", "元旦"), day("2027-01-01", "元旦")],
            workdays: vec![day("2027-01-04", "元旦")],
        };
        let state = year(vec![
            YearAction::Loaded(2027, Some(loaded)),
            YearAction::Refused(vec![
                issue("holidays[1].date", "重复"),
                issue("workdays[0].date", "周一"),
                issue("holidays[10].date", "not row 1"),
                issue("year", "年份"),
            ]),
        ]);
        assert!(state.stored && !state.dirty);
        assert_eq!(state.row_issues(DayList::Holidays, 1), vec!["重复"]);
        assert_eq!(state.row_issues(DayList::Holidays, 0), Vec::<String>::new());
        assert_eq!(state.row_issues(DayList::Workdays, 0), vec!["周一"]);
        assert_eq!(state.general_issues(), vec!["年份"]);
        let moved = Rc::new(state).reduce(YearAction::Remove(DayList::Holidays, 0));
        assert!(moved.issues.is_empty());
        assert_eq!(moved.rows(DayList::Holidays).len(), 1);
        let saved = moved.reduce(YearAction::Saved(YearDays::default()));
        assert!(saved.stored && !saved.dirty && saved.rows(DayList::Holidays).is_empty());
    }

    #[test]
    fn edits_of_absent_rows_change_nothing() {
        let state = year(vec![
            YearAction::Loaded(2027, None),
            YearAction::SetDate(DayList::Workdays, 3, "2027-01-01".into()),
            YearAction::Remove(DayList::Holidays, 0),
        ]);
        assert!(!state.dirty);
    }

    #[test]
    fn hours_rows_start_where_the_last_one_ended() {
        let mut state = Rc::new(HoursEditor::default());
        let loaded = Hours {
            periods: vec![Period {
                start: "08:30".into(),
                end: "12:00".into(),
            }],
        };
        for action in [
            HoursAction::Loaded(loaded),
            HoursAction::Add,
            HoursAction::SetEnd(1, "17:30".into()),
            HoursAction::Refused(vec![
                Issue::new("periods[1]", "period_overlap", "重叠"),
                Issue::new("periods", "hours_empty", "至少一个"),
            ]),
        ] {
            state = state.reduce(action);
        }
        assert_eq!(state.hours.periods[1].start, "12:00");
        assert_eq!(state.hours.periods[1].end, "17:30");
        assert_eq!(state.row_issues(1), vec!["重叠"]);
        assert_eq!(state.general_issues(), vec!["至少一个"]);
        let removed = state.reduce(HoursAction::Remove(0));
        assert!(removed.dirty && removed.issues.is_empty());
        assert_eq!(removed.hours.periods.len(), 1);
    }
}
