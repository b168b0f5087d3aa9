//! The data the benches share: the form values of their matters and China-time instants.

use anyhow::Context;
use jiff::Timestamp;
use lianban_definition::form::FormValues;

/// The form values every benchmark matter of 人员调入联办 is submitted with: those of the
/// scenario `tests/scenarios/personnel_transfer_happy_office.json` (needs an office, so 人社局,
/// 财政局 and 机关事务中心 handle it in parallel).
///
/// Errors: the scenario file cannot be read.
pub fn transfer_values() -> anyhow::Result<FormValues> {
    let file = lianban_tests::scenario_dir().join("personnel_transfer_happy_office.json");
    let text = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let scenario: lianban_tests::Scenario =
        serde_json::from_str(&text).with_context(|| file.display().to_string())?;
    Ok(scenario.values)
}

/// `2026-03-02 09:00` (China time) as a timestamp.
///
/// Errors: not such a time.
pub fn china_time(at: &str) -> anyhow::Result<Timestamp> {
    let text = format!("{}:00+08:00", at.replace(' ', "T"));
    text.parse()
        .with_context(|| format!("not a China time: {at}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_time_is_utc_plus_eight() {
        let at = china_time("2026-03-02 09:00").unwrap();
        assert_eq!(at, "2026-03-02T01:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn a_wrong_china_time_is_refused_with_the_text() {
        let err = china_time("2026-02-30 09:00").unwrap_err();
        assert!(err.to_string().contains("2026-02-30 09:00"), "{err}");
    }

    #[test]
    fn the_matters_need_an_office_so_three_units_work_in_parallel() {
        let values = transfer_values().unwrap();
        assert_eq!(values["needs_office"], "yes");
        assert_eq!(values["transfer_type"], "zhuanren");
    }
}
