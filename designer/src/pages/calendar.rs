//! 工作日历 (administrators): the years with their counts, the warnings about years to enter,
//! one year's holidays and makeup workdays, and the working hours.
//! Test ids: `calendar-missing`, `calendar-year-<year>`, `btn-edit-year-<year>`, `new-year`,
//! `btn-new-year`, plus those of [`YearPanel`] and [`HoursPanel`].

use crate::api::ApiError;
use crate::api::calendar::{self, MissingYear, Overview, YearSummary};
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::format;
use crate::hooks::{Load, use_load};
use crate::pages::calendar_panels::{HoursPanel, YearPanel};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The calendar page.
#[function_component]
pub fn CalendarPage() -> Html {
    let overview = use_load((), |_| calendar::overview());
    let editing = use_state(|| None::<i16>);
    let on_saved = {
        let reload = overview.reload.clone();
        Callback::from(move |()| reload.emit(()))
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |year: i16| editing.set(Some(year)))
    };
    let on_close = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };
    let body = match &*overview.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(o) => html! {
            <>
                <Missing missing={o.missing.clone()} on_edit={on_edit.clone()} />
                if let Some(year) = *editing {
                    <YearPanel key={year} {year} on_saved={on_saved.clone()} {on_close} />
                }
                { years_card(o, &on_edit) }
                <HoursPanel initial={o.hours.clone()} {on_saved} />
                <p class="muted small">{ format!("内置数据来源：{}", o.source) }</p>
            </>
        },
    };
    html! {
        <>
            <div class="page-head"><h2>{ "工作日历" }</h2>
                <p class="muted">{ "法定节假日、调休上班日和每日工作时段。办理时限按此计算，修改后立即生效。" }</p></div>
            { body }
        </>
    }
}

/// Props of [`Missing`].
#[derive(Properties, PartialEq)]
struct MissingProps {
    missing: Vec<MissingYear>,
    on_edit: Callback<i16>,
}

/// The warnings about years to enter, each with a button to enter it.
#[function_component]
fn Missing(props: &MissingProps) -> Html {
    if props.missing.is_empty() {
        return Html::default();
    }
    let items = props.missing.iter().map(|m| {
        let year = m.year;
        let onclick = props.on_edit.reform(move |_: MouseEvent| year);
        html! {
            <li>{ m.message.clone() }{ " " }
                <button type="button" class="btn btn-small" {onclick}>{ format!("录入 {year} 年") }</button></li>
        }
    });
    html! {
        <div class="alert alert-warn" role="alert" data-testid="calendar-missing">
            <strong>{ "以下年份的节假日安排尚未录入，涉及这些年份的时限无法计算：" }</strong>
            <ul>{ for items }</ul>
        </div>
    }
}

/// The years table and the form to enter a new year.
fn years_card(o: &Overview, on_edit: &Callback<i16>) -> Html {
    let rows = o.years.iter().rev().map(|y| year_row(y, on_edit));
    html! {
        <div class="card">
            <NewYear on_edit={on_edit.clone()} />
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th>{ "年份" }</th><th>{ "法定节假日" }</th><th>{ "调休上班日" }</th>
                        <th>{ "来源" }</th><th>{ "最后修改" }</th><th></th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

/// One year of the table.
fn year_row(y: &YearSummary, on_edit: &Callback<i16>) -> Html {
    let year = y.year;
    let source = if y.source == "admin" {
        format!("管理员 {}", y.updated_by)
    } else {
        "内置数据".to_owned()
    };
    let onclick = on_edit.reform(move |_: MouseEvent| year);
    html! {
        <tr data-testid={format!("calendar-year-{year}")}>
            <td>{ format!("{year} 年") }</td>
            <td>{ format!("{} 天", y.holidays) }</td>
            <td>{ format!("{} 天", y.workdays) }</td>
            <td>{ source }</td>
            <td>{ format::datetime_ms(y.updated_ms) }</td>
            <td class="row-actions">
                <button type="button" class="btn btn-small" data-testid={format!("btn-edit-year-{year}")}
                    {onclick}>{ "编辑" }</button>
            </td>
        </tr>
    }
}

/// Props of [`NewYear`].
#[derive(Properties, PartialEq)]
struct NewYearProps {
    on_edit: Callback<i16>,
}

/// 录入新年份: opens the editor of a year typed in.
#[function_component]
fn NewYear(props: &NewYearProps) -> Html {
    let input = use_node_ref();
    let error = use_state(|| None::<ApiError>);
    let onsubmit = {
        let (input, error, on_edit) = (input.clone(), error.clone(), props.on_edit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match text.trim().parse::<i16>() {
                Ok(year) if (2000..=2100).contains(&year) => {
                    error.set(None);
                    on_edit.emit(year);
                }
                _ => error.set(Some(ApiError::local(
                    "calendar_bad_year",
                    "请填写 2000 到 2100 之间的年份",
                ))),
            }
        })
    };
    html! {
        <form class="row new-year" {onsubmit}>
            <label class="field">{ "录入或修改年份" }
                <input class="input" ref={input} inputmode="numeric" maxlength="4" placeholder="如 2027"
                    data-testid="new-year" /></label>
            <button class="btn btn-primary" type="submit" data-testid="btn-new-year">{ "打开" }</button>
            if let Some(e) = &*error {
                <ErrorBanner error={e.clone()} />
            }
        </form>
    }
}
