//! Limit units and warning tiers: the stored JSON (old definitions stay valid and unchanged),
//! the defaults, and every issue the checks report.

use crate::flow::Node;
use crate::issue::Issue;
use crate::limit::{
    Escalation, LimitUnit, TierColor, TierWhen, WarningTier, default_tiers, describe_limit,
};
use crate::matter_type::MatterTypeDef;
use serde_json::json;

/// 人员调入联办 (15 working days; 人社局 and 财政局 5 each).
fn personnel_transfer() -> MatterTypeDef {
    serde_json::from_str(include_str!("../../tests/fixtures/personnel_transfer.json")).unwrap()
}

/// `(path, code)` of each issue.
fn codes(issues: &[Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.path.clone(), i.code.clone()))
        .collect()
}

/// A tier with this id and moment, coloured blue, without escalation.
fn tier(id: &str, when: TierWhen) -> WarningTier {
    WarningTier {
        id: id.to_owned(),
        label: format!("{id}预警"),
        color: TierColor::Blue,
        when,
        escalate: Vec::new(),
    }
}

#[test]
fn definitions_without_units_mean_working_days_and_store_no_unit() {
    let def = personnel_transfer();
    assert_eq!(def.time_limit(), Some((15, LimitUnit::WorkingDays)));
    assert!(def.warning_tiers.is_empty());
    let json = serde_json::to_value(&def).unwrap();
    assert!(json.get("time_limit_unit").is_none());
    assert!(json.get("warning_tiers").is_none());
    assert!(!json.to_string().contains("time_limit_unit"));
}

#[test]
fn units_and_tiers_are_stored_in_snake_case() {
    let node: Node = serde_json::from_value(json!({
        "type": "unit", "id": "rsj", "name": "人社局", "unit": { "type": "fixed", "unit": "rsj" },
        "steps": [{ "id": "clerk", "name": "经办", "post": "clerk" }],
        "time_limit_days": 16, "time_limit_unit": "working_hours" }))
    .unwrap();
    assert_eq!(node.time_limit(), Some((16, LimitUnit::WorkingHours)));
    let mut def = personnel_transfer();
    def.time_limit_unit = LimitUnit::NaturalDays;
    def.warning_tiers = default_tiers();
    let json = serde_json::to_value(&def).unwrap();
    assert_eq!(json["time_limit_unit"], "natural_days");
    assert_eq!(
        json["warning_tiers"][2],
        json!({ "id": "red", "label": "红色预警", "color": "red",
                "when": { "type": "overdue", "working_days": 0 },
                "escalate": ["unit_leader", "supervision"] })
    );
    assert_eq!(
        json["warning_tiers"][0]["when"],
        json!({ "type": "before_due", "working_days": 1 })
    );
    let reread: MatterTypeDef = serde_json::from_value(json).unwrap();
    assert_eq!(reread, def);
    let overdue: TierWhen = serde_json::from_value(json!({ "type": "overdue" })).unwrap();
    assert_eq!(overdue, TierWhen::Overdue { working_days: 0 });
}

#[test]
fn unit_names_for_definitions_and_for_the_calendar_api() {
    for unit in LimitUnit::ALL {
        assert_eq!(LimitUnit::from_key(unit.key()), Some(unit));
        assert_eq!(LimitUnit::parse(unit.code()), Some(unit));
    }
    assert_eq!(LimitUnit::parse("working_days"), None);
    assert_eq!(LimitUnit::from_key("WORKING_DAYS"), None);
    assert_eq!(describe_limit(5, LimitUnit::WorkingDays), "5个工作日");
    assert_eq!(describe_limit(4, LimitUnit::WorkingHours), "4个工作小时");
    for color in TierColor::ALL {
        assert_eq!(TierColor::from_key(color.key()), Some(color));
    }
}

#[test]
fn no_tiers_means_blue_yellow_red_with_red_escalated() {
    let def = personnel_transfer();
    let tiers = def.tiers();
    let ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["blue", "yellow", "red"]);
    assert_eq!(tiers[0].when, TierWhen::BeforeDue { working_days: 1 });
    assert_eq!(tiers[1].when, TierWhen::DueDay);
    assert_eq!(
        tiers[2].escalate,
        [Escalation::UnitLeader, Escalation::Supervision]
    );
    let mut with_defaults = def.clone();
    with_defaults.warning_tiers = default_tiers();
    assert_eq!(with_defaults.validate(), vec![]);
}

#[test]
fn defined_tiers_replace_the_defaults_and_are_ordered_by_moment() {
    let mut def = personnel_transfer();
    def.warning_tiers = vec![
        tier("late", TierWhen::Overdue { working_days: 3 }),
        tier("now", TierWhen::Overdue { working_days: 0 }),
        tier("early", TierWhen::BeforeDue { working_days: 3 }),
        tier("soon", TierWhen::BeforeDue { working_days: 1 }),
        tier("today", TierWhen::DueDay),
    ];
    assert_eq!(def.validate(), vec![]);
    let ids: Vec<String> = def.tiers().into_iter().map(|t| t.id).collect();
    assert_eq!(ids, ["early", "soon", "today", "now", "late"]);
}

#[test]
fn tier_issues_are_located() {
    let mut def = personnel_transfer();
    let mut twice = tier("blue", TierWhen::BeforeDue { working_days: 0 });
    twice.escalate = vec![Escalation::Supervision, Escalation::Supervision];
    def.warning_tiers = vec![
        tier("Blue", TierWhen::DueDay),
        twice,
        WarningTier {
            label: " ".into(),
            ..tier("red", TierWhen::Overdue { working_days: 400 })
        },
        tier("blue", TierWhen::DueDay),
    ];
    assert_eq!(
        codes(&def.validate()),
        [
            ("warning_tiers[0].id", "bad_tier_id"),
            ("warning_tiers[1].when.working_days", "bad_tier_when"),
            ("warning_tiers[1].escalate[1]", "duplicate_escalation"),
            ("warning_tiers[2].label", "bad_tier_label"),
            ("warning_tiers[2].when.working_days", "bad_tier_when"),
            ("warning_tiers[3].id", "bad_tier_id"),
            ("warning_tiers[3].when", "duplicate_tier_when"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    let message = &def.validate()[6].message;
    assert_eq!(
        message,
        "预警等级「blue预警」的触发时间（到期当日）与其他等级相同"
    );
    def.warning_tiers = (1..=7)
        .map(|n| tier(&format!("t{n}"), TierWhen::BeforeDue { working_days: n }))
        .collect();
    assert_eq!(
        codes(&def.validate()),
        [("warning_tiers".to_owned(), "too_many_tiers".to_owned())]
    );
}

#[test]
fn limits_are_bounded_in_their_unit() {
    let mut def = personnel_transfer();
    def.time_limit_days = Some(10_001);
    def.time_limit_unit = LimitUnit::WorkingHours;
    let issues = def.validate();
    assert_eq!(
        codes(&issues),
        [("time_limit_days".to_owned(), "bad_time_limit".to_owned())]
    );
    assert_eq!(issues[0].message, "办理时限须在1到10000个工作小时之间");
    def.time_limit_days = Some(10_000);
    assert_eq!(def.validate(), vec![]);
}
