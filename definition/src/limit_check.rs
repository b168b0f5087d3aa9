//! Checks of time limits and warning tiers: an amount between 1 and [`MAX_AMOUNT`] of its unit,
//! and tiers that are well-formed (ids unique identifiers, labels present, each moment used
//! once, sensible day counts, each escalation target listed once).

use crate::form_check::is_ident;
use crate::issue::Issue;
use crate::limit::{LimitUnit, MAX_AMOUNT, TierWhen, WarningTier};
use std::collections::HashSet;

/// The most tiers a matter type may have.
pub const MAX_TIERS: usize = 6;

/// The longest tier label, in characters.
const LABEL_MAX: usize = 20;

/// How far before the due day a tier may be reached, in working days.
const BEFORE_MAX: u32 = 30;

/// How far after the due day a tier may be reached, in working days.
const OVERDUE_MAX: u32 = 365;

/// The issue, if any, with a limit of `amount` `unit`s at `path` (`…time_limit_days`); `owner`
/// names what has the limit in the message, e.g. 节点「人社局」的.
pub(crate) fn check_amount(
    owner: &str,
    amount: Option<u32>,
    unit: LimitUnit,
    path: &str,
) -> Option<Issue> {
    let amount = amount?;
    (amount == 0 || amount > MAX_AMOUNT).then(|| {
        let message = format!("{owner}办理时限须在1到{MAX_AMOUNT}{}之间", unit.label());
        Issue::new(path, "bad_time_limit", message)
    })
}

/// Adds the issues of the tiers (at `warning_tiers[i]…`) to `issues`.
pub(crate) fn check_tiers(tiers: &[WarningTier], issues: &mut Vec<Issue>) {
    if tiers.len() > MAX_TIERS {
        let message = format!("预警等级最多{MAX_TIERS}个");
        issues.push(Issue::new("warning_tiers", "too_many_tiers", message));
    }
    let mut ids = HashSet::new();
    let mut moments = HashSet::new();
    for (i, tier) in tiers.iter().enumerate() {
        let path = format!("warning_tiers[{i}]");
        let name = if tier.label.trim().is_empty() {
            tier.id.as_str()
        } else {
            tier.label.as_str()
        };
        if !is_ident(&tier.id) || !ids.insert(tier.id.as_str()) {
            let message = format!(
                "预警等级编号「{}」须唯一，以小写字母开头，只含小写字母、数字和下划线",
                tier.id
            );
            issues.push(Issue::new(format!("{path}.id"), "bad_tier_id", message));
        }
        let length = tier.label.trim().chars().count();
        if length == 0 || length > LABEL_MAX {
            let message = format!("第{}个预警等级的名称须为1到{LABEL_MAX}个字", i + 1);
            issues.push(Issue::new(
                format!("{path}.label"),
                "bad_tier_label",
                message,
            ));
        }
        check_when(name, &tier.when, &path, issues);
        if !moments.insert(tier.when) {
            let message = format!(
                "预警等级「{name}」的触发时间（{}）与其他等级相同",
                tier.when.describe()
            );
            issues.push(Issue::new(
                format!("{path}.when"),
                "duplicate_tier_when",
                message,
            ));
        }
        let mut targets = HashSet::new();
        for (j, target) in tier.escalate.iter().enumerate() {
            if !targets.insert(*target) {
                let message = format!("预警等级「{name}」重复通知{}", target.label());
                issues.push(Issue::new(
                    format!("{path}.escalate[{j}]"),
                    "duplicate_escalation",
                    message,
                ));
            }
        }
    }
}

/// Day counts within bounds: 1–30 before the due day, 0–365 after it.
fn check_when(name: &str, when: &TierWhen, path: &str, issues: &mut Vec<Issue>) {
    let bad = match *when {
        TierWhen::BeforeDue { working_days } => !(1..=BEFORE_MAX).contains(&working_days),
        TierWhen::DueDay => false,
        TierWhen::Overdue { working_days } => working_days > OVERDUE_MAX,
    };
    if bad {
        let message = format!(
            "预警等级「{name}」的触发时间须为到期前1到{BEFORE_MAX}个工作日，或超期0到{OVERDUE_MAX}个工作日"
        );
        issues.push(Issue::new(
            format!("{path}.when.working_days"),
            "bad_tier_when",
            message,
        ));
    }
}

#[cfg(test)]
mod tests;
