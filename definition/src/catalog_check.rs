//! Checks of a matter type's catalog entry: guide-independent header facts (units listed once),
//! the materials checklist, and the shape of rule tests (an expectation that fits the rule's
//! kind, example values that name form fields). Running the rule tests needs the Rhai engine and
//! happens in the server when a version is validated or published.

use crate::form_check::{check_accept, is_ident};
use crate::issue::Issue;
use crate::matter_type::{Expectation, MaterialSource, MatterTypeDef, RuleKind};
use std::collections::HashSet;

/// Adds the catalog issues of `def` to `issues`.
pub(crate) fn check_catalog(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    check_units(def, issues);
    check_materials(def, issues);
    check_rule_tests(def, issues);
}

/// Initiating and handling units are each listed once.
fn check_units(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    for (attr, units) in [
        ("initiator_units", &def.initiator_units),
        ("handling_units", &def.handling_units),
    ] {
        let mut seen = HashSet::new();
        for (i, unit) in units.iter().enumerate() {
            if unit.as_str().trim().is_empty() || !seen.insert(unit) {
                let message = format!("单位「{unit}」为空或重复");
                issues.push(Issue::new(format!("{attr}[{i}]"), "bad_unit", message));
            }
        }
    }
}

/// Material keys are identifiers and unique; names present; extensions well-formed; limits > 0.
fn check_materials(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    let mut seen = HashSet::new();
    for (i, material) in def.materials.iter().enumerate() {
        let path = format!("materials[{i}]");
        let key = material.key.as_str();
        if !is_ident(key) || !seen.insert(key) {
            let message = format!("材料编号「{key}」须唯一，且以小写字母开头");
            issues.push(Issue::new(format!("{path}.key"), "bad_material", message));
        } else if def.form.field(key).is_some() {
            let message = format!("材料编号「{key}」与表单字段重名");
            issues.push(Issue::new(format!("{path}.key"), "bad_material", message));
        }
        if material.name.trim().is_empty() {
            let message = format!("第{}项材料没有名称", i + 1);
            issues.push(Issue::new(format!("{path}.name"), "bad_material", message));
        }
        let name = &material.name;
        check_accept(
            &format!("材料「{name}」"),
            &material.accept,
            &format!("{path}.accept"),
            issues,
        );
        if material.max_size_mb == Some(0) {
            let message = format!("材料「{name}」的大小上限须大于0");
            issues.push(Issue::new(
                format!("{path}.max_size_mb"),
                "bad_bounds",
                message,
            ));
        }
        if let MaterialSource::License { license_type } = &material.source
            && license_type.trim().is_empty()
        {
            let message = format!("材料「{name}」来自证照库，但没有指定证照类型");
            issues.push(Issue::new(
                format!("{path}.source.license_type"),
                "bad_material",
                message,
            ));
        }
    }
}

/// Each rule test is named, expects what its rule can return, and only names form fields.
fn check_rule_tests(def: &MatterTypeDef, issues: &mut Vec<Issue>) {
    for (i, rule) in def.rules.iter().enumerate() {
        for (j, test) in rule.tests.iter().enumerate() {
            let path = format!("rules[{i}].tests[{j}]");
            let rule_name = &rule.name;
            if test.name.trim().is_empty() {
                let message = format!("规则「{rule_name}」的第{}个测试没有名称", j + 1);
                issues.push(Issue::new(format!("{path}.name"), "bad_rule_test", message));
            }
            let fits = match (&test.expect, rule.kind) {
                (Expectation::Pass | Expectation::Fail { .. }, RuleKind::Validation) => true,
                (Expectation::Route { .. }, RuleKind::Routing) => true,
                (Expectation::Pass | Expectation::Fail { .. }, RuleKind::Routing)
                | (Expectation::Route { .. }, RuleKind::Validation) => false,
            };
            if !fits {
                let message = format!(
                    "规则「{rule_name}」的测试「{}」的预期结果与规则类型不符",
                    test.name
                );
                issues.push(Issue::new(
                    format!("{path}.expect"),
                    "bad_rule_test",
                    message,
                ));
            }
            if let Expectation::Fail { field: Some(field) } = &test.expect
                && def.form.field(field.as_str()).is_none()
            {
                let message = format!(
                    "规则「{rule_name}」的测试「{}」预期的字段「{field}」不存在",
                    test.name
                );
                issues.push(Issue::new(
                    format!("{path}.expect.field"),
                    "unknown_field",
                    message,
                ));
            }
            for key in test.form.keys() {
                if def.form.field(key).is_none() {
                    let message = format!(
                        "规则「{rule_name}」的测试「{}」用了不存在的字段「{key}」",
                        test.name
                    );
                    issues.push(Issue::new(format!("{path}.form"), "unknown_field", message));
                }
            }
        }
    }
}
