//! Runs every scenario file in `tests/scenarios` through the one harness, and checks that
//! every seed matter type has at least one scenario.

use lianban_tests::{Harness, Scenario, scenario_files};
use std::collections::BTreeSet;

#[test]
fn every_scenario_passes() {
    let harness = Harness::new();
    let files = scenario_files().expect("tests/scenarios is readable");
    assert!(!files.is_empty(), "no scenario files found");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|file| harness.run_file(file).err())
        .map(|e| e.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_seed_matter_type_has_a_scenario() {
    let mut covered = BTreeSet::new();
    for file in scenario_files().expect("tests/scenarios is readable") {
        let text = std::fs::read_to_string(&file).expect("scenario file is readable");
        let scenario: Scenario =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        covered.insert(scenario.matter_type);
    }
    let missing: Vec<String> = Harness::new()
        .matter_types()
        .iter()
        .map(|def| def.code.clone())
        .filter(|code| !covered.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "seed matter types without a scenario file: {missing:?}"
    );
}
