//! 预计办结时限 on the registration page: when the matter type's limit (in its unit) would end
//! if the matter were submitted now, computed by the server's working calendar
//! (`/calendar/due`). A year without calendar data is said plainly, not guessed.
//! Test ids: `expected-due`, `expected-due-value`, `expected-due-error`.

use crate::api::calendar;
use crate::format;
use crate::hooks::{Load, use_load};
use lianban_definition::limit::LimitUnit;
use yew::prelude::*;

/// Props of [`ExpectedDue`].
#[derive(Properties, PartialEq)]
pub struct ExpectedDueProps {
    /// The matter type's limit: the amount …
    pub days: u32,
    /// … in this unit.
    #[prop_or_default]
    pub unit: LimitUnit,
}

/// How a limit of `amount` `unit`s is counted, in words.
fn rule(amount: u32, unit: LimitUnit) -> String {
    match unit {
        LimitUnit::WorkingDays => {
            format!("办理时限 {amount} 个工作日，自提交次日起算，周末和法定节假日不计")
        }
        LimitUnit::WorkingHours => {
            format!("办理时限 {amount} 个工作小时，只计工作时段，周末和法定节假日不计")
        }
        LimitUnit::NaturalDays => {
            format!("办理时限 {amount} 个自然日，自提交次日起算，最后一日为节假日的顺延")
        }
    }
}

/// Now, as the server reads it (RFC 3339, UTC).
fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// The expected due date.
#[function_component]
pub fn ExpectedDue(props: &ExpectedDueProps) -> Html {
    let (days, unit) = (props.days, props.unit);
    let due = use_load((days, unit), |(days, unit)| async move {
        calendar::due(&now(), days, unit.code()).await
    });
    let rule = rule(days, unit);
    let body = match &*due.state {
        Load::Loading => html! { <span class="muted">{ "计算中…" }</span> },
        Load::Ready(d) => html! {
            <>
                <strong data-testid="expected-due-value">{ format!("{} 前", format::time(&d.due)) }</strong>
                <span class="muted small">{ format!("（若现在提交；{rule}）") }</span>
            </>
        },
        Load::Failed(e) => html! {
            <span class="expected-due-error" data-testid="expected-due-error">
                { format!("暂时无法计算：{}", e.detail) }
            </span>
        },
    };
    let class = classes!(
        "card",
        "expected-due",
        matches!(&*due.state, Load::Failed(_)).then_some("alert-warn")
    );
    html! {
        <div {class} data-testid="expected-due">
            <span class="expected-due-label">{ "预计办结时限：" }</span>{ body }
        </div>
    }
}
