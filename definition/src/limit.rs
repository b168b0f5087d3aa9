//! Time limits (时效) and warning tiers (预警) as administrators design them: the unit a limit
//! counts in ([`LimitUnit`]) and the tiers of a matter type that warn before, on and after the
//! due day ([`WarningTier`]). The arithmetic (when a limit ends, when a tier is reached) lives in
//! `lianban_runtime::calendar` and `lianban_runtime::deadline`; the server's scanner fires the
//! tiers.

use serde::{Deserialize, Serialize};

/// The largest amount of any unit a limit may have.
pub const MAX_AMOUNT: u32 = 10_000;

/// The role whose users form the supervision office (督查室), told by
/// [`Escalation::Supervision`].
pub const SUPERVISOR_ROLE: &str = "supervisor";

/// What a time limit counts. Definitions store it in snake_case (`working_days`); the public
/// calendar API names it by [`LimitUnit::code`] (`WORKING_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// 工作日: working days, ending at the close of business.
    #[default]
    WorkingDays,
    /// 工作小时: working time within the working periods.
    WorkingHours,
    /// 自然日: calendar days, ending at the close of business of a working day.
    NaturalDays,
}

impl LimitUnit {
    /// Every unit.
    pub const ALL: [LimitUnit; 3] = [
        LimitUnit::WorkingDays,
        LimitUnit::WorkingHours,
        LimitUnit::NaturalDays,
    ];

    /// The calendar API's name: `WORKING_DAYS`, `WORKING_HOURS` or `NATURAL_DAYS`.
    pub fn code(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "WORKING_DAYS",
            LimitUnit::WorkingHours => "WORKING_HOURS",
            LimitUnit::NaturalDays => "NATURAL_DAYS",
        }
    }

    /// The unit of a calendar API name.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The definition's name: `working_days`, `working_hours` or `natural_days`.
    pub fn key(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "working_days",
            LimitUnit::WorkingHours => "working_hours",
            LimitUnit::NaturalDays => "natural_days",
        }
    }

    /// The unit of a definition name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.key() == key)
    }

    /// Chinese, after a number: 个工作日 / 个工作小时 / 个自然日.
    pub fn label(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "个工作日",
            LimitUnit::WorkingHours => "个工作小时",
            LimitUnit::NaturalDays => "个自然日",
        }
    }

    /// Chinese, alone: 工作日 / 工作小时 / 自然日.
    pub fn name(self) -> &'static str {
        match self {
            LimitUnit::WorkingDays => "工作日",
            LimitUnit::WorkingHours => "工作小时",
            LimitUnit::NaturalDays => "自然日",
        }
    }

    /// Whether this is the default, working days (kept out of the stored JSON).
    pub fn is_default(&self) -> bool {
        *self == LimitUnit::WorkingDays
    }
}

/// One warning tier (预警等级) of a matter type, e.g. 红色预警 once a limit has passed. Each tier
/// is reached at one instant of a limit (see [`TierWhen`]) and fires once per limit and round:
/// the handlers of the pending work are told, and the escalation targets too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningTier {
    /// Stable id, unique in the matter type: `blue`, `yellow`, `red`, or any identifier.
    pub id: String,
    /// Chinese label, e.g. 蓝色预警.
    pub label: String,
    /// The colour lists and pages show.
    pub color: TierColor,
    /// When it is reached.
    pub when: TierWhen,
    /// Who is told besides the handlers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalate: Vec<Escalation>,
}

/// When a tier is reached, relative to the due time of a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TierWhen {
    /// At the start of the working day `working_days` working days before the due day.
    BeforeDue {
        /// How many working days before (1 or more).
        working_days: u32,
    },
    /// At the start of the due day (its first working period), or at the due time when that
    /// comes first.
    DueDay,
    /// Once the due time has passed (0), or at the close of business of the `working_days`th
    /// working day after the due day.
    Overdue {
        /// How many working days late (0 = as soon as it is overdue).
        #[serde(default)]
        working_days: u32,
    },
}

impl TierWhen {
    /// Sorts tiers by when they are reached: earlier first.
    pub fn order(&self) -> (u8, i64) {
        match *self {
            TierWhen::BeforeDue { working_days } => (0, -i64::from(working_days)),
            TierWhen::DueDay => (1, 0),
            TierWhen::Overdue { working_days } => (2, i64::from(working_days)),
        }
    }

    /// In words: 到期前1个工作日, 到期当日, 超期即触发, 超期2个工作日.
    pub fn describe(&self) -> String {
        match *self {
            TierWhen::BeforeDue { working_days } => format!("到期前{working_days}个工作日"),
            TierWhen::DueDay => "到期当日".to_owned(),
            TierWhen::Overdue { working_days: 0 } => "超期即触发".to_owned(),
            TierWhen::Overdue { working_days } => format!("超期{working_days}个工作日"),
        }
    }
}

/// The colour of a tier, mildest first (lists show the most severe of a row's colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierColor {
    /// 蓝.
    Blue,
    /// 黄.
    Yellow,
    /// 橙.
    Orange,
    /// 红.
    Red,
}

impl TierColor {
    /// Every colour, mildest first.
    pub const ALL: [TierColor; 4] = [
        TierColor::Blue,
        TierColor::Yellow,
        TierColor::Orange,
        TierColor::Red,
    ];

    /// The wire name: `blue`, `yellow`, `orange`, `red`.
    pub fn key(self) -> &'static str {
        match self {
            TierColor::Blue => "blue",
            TierColor::Yellow => "yellow",
            TierColor::Orange => "orange",
            TierColor::Red => "red",
        }
    }

    /// The colour of a wire name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// 蓝 / 黄 / 橙 / 红.
    pub fn label(self) -> &'static str {
        match self {
            TierColor::Blue => "蓝",
            TierColor::Yellow => "黄",
            TierColor::Orange => "橙",
            TierColor::Red => "红",
        }
    }
}

/// Who else hears of a tier (升级通知).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Escalation {
    /// The leaders (post [`crate::flow::LEADER_POST`]) of the unit holding the work.
    UnitLeader,
    /// The supervision office: users with role [`SUPERVISOR_ROLE`].
    Supervision,
}

impl Escalation {
    /// Both targets.
    pub const ALL: [Escalation; 2] = [Escalation::UnitLeader, Escalation::Supervision];

    /// 单位领导 / 督查室.
    pub fn label(self) -> &'static str {
        match self {
            Escalation::UnitLeader => "单位领导",
            Escalation::Supervision => "督查室",
        }
    }
}

/// The tiers a matter type gets when it defines none: 蓝色预警 one working day before the due
/// day, 黄色预警 on the due day, 红色预警 once overdue (escalated to the unit leader and the
/// supervision office).
pub fn default_tiers() -> Vec<WarningTier> {
    vec![
        WarningTier {
            id: "blue".to_owned(),
            label: "蓝色预警".to_owned(),
            color: TierColor::Blue,
            when: TierWhen::BeforeDue { working_days: 1 },
            escalate: Vec::new(),
        },
        WarningTier {
            id: "yellow".to_owned(),
            label: "黄色预警".to_owned(),
            color: TierColor::Yellow,
            when: TierWhen::DueDay,
            escalate: Vec::new(),
        },
        WarningTier {
            id: "red".to_owned(),
            label: "红色预警".to_owned(),
            color: TierColor::Red,
            when: TierWhen::Overdue { working_days: 0 },
            escalate: vec![Escalation::UnitLeader, Escalation::Supervision],
        },
    ]
}

/// A limit amount in words, e.g. 5个工作日.
pub fn describe_limit(amount: u32, unit: LimitUnit) -> String {
    format!("{amount}{}", unit.label())
}
