//! Deadlines as people see them: a coloured warning badge ([`TierBadge`], test id
//! `tier-<colour>`, e.g. `tier-red`) for list rows and pages, and a limit's due time with its
//! badge or the reason it cannot be computed ([`DeadlineLine`], test id `<testid>`).

use crate::api::Deadline;
use crate::format;
use lianban_definition::limit::TierColor;
use yew::prelude::*;

/// Props of [`TierBadge`].
#[derive(Properties, PartialEq)]
pub struct TierBadgeProps {
    /// `blue`, `yellow`, `orange` or `red`.
    pub color: AttrValue,
    /// The text; by default the colour's (e.g. 红色预警).
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// The default text of a colour: 蓝色预警, 黄色预警, 橙色预警, 红色预警.
pub fn color_label(color: &str) -> String {
    TierColor::from_key(color).map_or_else(|| "预警".to_owned(), |c| format!("{}色预警", c.label()))
}

/// A coloured warning badge.
#[function_component]
pub fn TierBadge(props: &TierBadgeProps) -> Html {
    let color = props.color.to_string();
    let text = props
        .label
        .as_ref()
        .map_or_else(|| color_label(&color), ToString::to_string);
    html! {
        <span class={classes!("tier", format!("tier-{color}"))} data-testid={format!("tier-{color}")}
            title={text.clone()}>{ text }</span>
    }
}

/// Props of [`DeadlineLine`].
#[derive(Properties, PartialEq)]
pub struct DeadlineLineProps {
    /// The limit.
    pub deadline: Deadline,
    /// Test id of the line.
    pub testid: AttrValue,
}

/// `2026-03-09 17:30 前` (or 已超期 / 已暂停) with the current tier, or 无法计算（…）.
#[function_component]
pub fn DeadlineLine(props: &DeadlineLineProps) -> Html {
    let d = &props.deadline;
    let due = match (&d.due_at, &d.error) {
        (Some(due), _) => {
            let state = if d.paused {
                "（已暂停计时）"
            } else if d.overdue {
                "（已超期）"
            } else {
                ""
            };
            format!("{} 前{state}", format::time(due))
        }
        (None, Some(error)) => error.clone(),
        (None, None) => "—".to_owned(),
    };
    let badge = d.tier.as_ref().map(|t| {
        html! { <TierBadge color={t.color.clone()} label={Some(AttrValue::from(t.label.clone()))} /> }
    });
    html! {
        <span class="deadline" data-testid={props.testid.clone()} title={format!("时限 {}", d.limit)}>
            <span class={classes!(d.error.is_some().then_some("muted"))}>{ due }</span>
            { badge.unwrap_or_default() }
        </span>
    }
}
