//! Editing a matter type's warning tiers (预警等级) in the type designer's 基本信息 tab: start
//! from the defaults, add, remove, and change one property of a tier. Pure; the definition's
//! checks (`MatterTypeDef::validate`) judge the result when the draft is saved or published.

use lianban_definition::limit::{Escalation, TierColor, TierWhen, WarningTier, default_tiers};

/// One change to the tiers.
#[derive(Debug, Clone, PartialEq)]
pub enum TierEdit {
    /// Copy the defaults into the definition, to change them.
    Customize,
    /// Drop every tier: the defaults apply again.
    UseDefaults,
    /// Append a tier (橙, a few working days overdue, escalated to the supervision office).
    Add,
    /// Remove tier `i`.
    Remove(usize),
    /// The id of tier `i`.
    Id(usize, String),
    /// The label of tier `i`.
    Label(usize, String),
    /// The colour of tier `i`.
    Color(usize, TierColor),
    /// The kind of moment of tier `i`: `before_due`, `due_day` or `overdue` (keeps its days
    /// where they still mean something).
    Moment(usize, String),
    /// The working days of tier `i`'s moment (before or after the due day).
    Days(usize, u32),
    /// Whether tier `i` also tells this escalation target.
    Escalate(usize, Escalation, bool),
}

/// Applies `edit`; an index out of range changes nothing.
pub fn apply(tiers: &mut Vec<WarningTier>, edit: TierEdit) {
    match edit {
        TierEdit::Customize => *tiers = default_tiers(),
        TierEdit::UseDefaults => tiers.clear(),
        TierEdit::Add => {
            let n = (tiers.len() + 1..)
                .find(|n| !tiers.iter().any(|t| t.id == format!("tier{n}")))
                .unwrap_or(1);
            tiers.push(WarningTier {
                id: format!("tier{n}"),
                label: "橙色预警".to_owned(),
                color: TierColor::Orange,
                when: TierWhen::Overdue { working_days: 3 },
                escalate: vec![Escalation::Supervision],
            });
        }
        TierEdit::Remove(i) => {
            if i < tiers.len() {
                tiers.remove(i);
            }
        }
        other => {
            if let Some(tier) = tiers.get_mut(index(&other)) {
                edit_one(tier, other);
            }
        }
    }
}

/// The tier an edit of one tier is about.
fn index(edit: &TierEdit) -> usize {
    match edit {
        TierEdit::Id(i, _)
        | TierEdit::Label(i, _)
        | TierEdit::Color(i, _)
        | TierEdit::Moment(i, _)
        | TierEdit::Days(i, _)
        | TierEdit::Escalate(i, _, _) => *i,
        TierEdit::Customize | TierEdit::UseDefaults | TierEdit::Add | TierEdit::Remove(_) => {
            usize::MAX
        }
    }
}

fn edit_one(tier: &mut WarningTier, edit: TierEdit) {
    match edit {
        TierEdit::Id(_, id) => tier.id = id.trim().to_owned(),
        TierEdit::Label(_, label) => tier.label = label.trim().to_owned(),
        TierEdit::Color(_, color) => tier.color = color,
        TierEdit::Moment(_, kind) => tier.when = moment(&kind, days(&tier.when)),
        TierEdit::Days(_, n) => {
            tier.when = match tier.when {
                TierWhen::BeforeDue { .. } => TierWhen::BeforeDue { working_days: n },
                TierWhen::DueDay => TierWhen::DueDay,
                TierWhen::Overdue { .. } => TierWhen::Overdue { working_days: n },
            }
        }
        TierEdit::Escalate(_, target, on) => {
            tier.escalate.retain(|t| *t != target);
            if on {
                tier.escalate.push(target);
                tier.escalate
                    .sort_by_key(|t| Escalation::ALL.iter().position(|a| a == t));
            }
        }
        TierEdit::Customize | TierEdit::UseDefaults | TierEdit::Add | TierEdit::Remove(_) => {}
    }
}

/// The kind of a moment: `before_due`, `due_day` or `overdue`.
pub fn moment_kind(when: &TierWhen) -> &'static str {
    match when {
        TierWhen::BeforeDue { .. } => "before_due",
        TierWhen::DueDay => "due_day",
        TierWhen::Overdue { .. } => "overdue",
    }
}

/// The working days of a moment (0 on the due day).
pub fn days(when: &TierWhen) -> u32 {
    match *when {
        TierWhen::BeforeDue { working_days } | TierWhen::Overdue { working_days } => working_days,
        TierWhen::DueDay => 0,
    }
}

/// A moment of `kind` with `n` working days where it takes them (at least 1 before the due
/// day).
fn moment(kind: &str, n: u32) -> TierWhen {
    match kind {
        "before_due" => TierWhen::BeforeDue {
            working_days: n.max(1),
        },
        "overdue" => TierWhen::Overdue { working_days: n },
        _ => TierWhen::DueDay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(start: Vec<WarningTier>, edits: Vec<TierEdit>) -> Vec<WarningTier> {
        let mut tiers = start;
        for edit in edits {
            apply(&mut tiers, edit);
        }
        tiers
    }

    #[test]
    fn customizing_starts_from_the_defaults_and_clearing_returns_to_them() {
        let tiers = edited(Vec::new(), vec![TierEdit::Customize]);
        assert_eq!(tiers, default_tiers());
        assert!(edited(tiers, vec![TierEdit::UseDefaults]).is_empty());
    }

    #[test]
    fn a_tier_is_added_changed_and_removed() {
        let tiers = edited(
            default_tiers(),
            vec![
                TierEdit::Add,
                TierEdit::Label(3, " 严重超期 ".into()),
                TierEdit::Id(3, " late ".into()),
                TierEdit::Days(3, 5),
                TierEdit::Escalate(3, Escalation::UnitLeader, true),
                TierEdit::Color(3, TierColor::Red),
                TierEdit::Remove(0),
                TierEdit::Remove(9),
                TierEdit::Label(9, "无此等级".into()),
            ],
        );
        assert_eq!(tiers.len(), 3);
        let late = &tiers[2];
        assert_eq!(
            (late.id.as_str(), late.label.as_str()),
            ("late", "严重超期")
        );
        assert_eq!(late.when, TierWhen::Overdue { working_days: 5 });
        assert_eq!(late.color, TierColor::Red);
        assert_eq!(
            late.escalate,
            [Escalation::UnitLeader, Escalation::Supervision],
            "kept in a stable order"
        );
        let mut def = lianban_definition::matter_type::MatterTypeDef::empty("t", "t", "");
        def.warning_tiers = tiers;
        assert!(
            def.validate()
                .iter()
                .all(|i| !i.path.starts_with("warning_tiers")),
            "{:?}",
            def.validate()
        );
    }

    #[test]
    fn changing_the_moment_keeps_the_days_where_they_mean_something() {
        let tiers = edited(
            default_tiers(),
            vec![
                TierEdit::Moment(0, "overdue".into()),
                TierEdit::Days(1, 4),
                TierEdit::Moment(2, "before_due".into()),
                TierEdit::Escalate(2, Escalation::Supervision, false),
            ],
        );
        assert_eq!(tiers[0].when, TierWhen::Overdue { working_days: 1 });
        assert_eq!(tiers[1].when, TierWhen::DueDay, "the due day takes no days");
        assert_eq!(tiers[2].when, TierWhen::BeforeDue { working_days: 1 });
        assert_eq!(tiers[2].escalate, [Escalation::UnitLeader]);
        assert_eq!(moment_kind(&tiers[2].when), "before_due");
        assert_eq!(days(&tiers[1].when), 0);
    }
}
