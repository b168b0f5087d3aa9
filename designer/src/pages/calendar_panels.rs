//! The editors of the 工作日历 page: [`YearPanel`] (one year's holidays and makeup workdays) and
//! [`HoursPanel`] (the working periods of a day). Each saves the whole thing at once and shows
//! the server's issues on their rows.
//! Test ids: `year-editor`, `day-date-<list>-<i>`, `day-name-<list>-<i>`, `btn-remove-<list>-<i>`,
//! `btn-add-<list>`, `btn-save-year`, `btn-close-year`, `hours-start-<i>`, `hours-end-<i>`,
//! `btn-remove-period-<i>`, `btn-add-period`, `btn-save-hours` (`<list>`: holidays, workdays).

use crate::api::ApiError;
use crate::api::calendar::{self, Hours};
use crate::components::feedback::{ErrorBanner, Messages, Notice};
use crate::state::calendar::{DayList, HoursAction, HoursEditor, YearAction, YearEditor};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the last save said.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Saved.
    Saved(&'static str),
    /// Refused or failed.
    Failed(ApiError),
}

/// The outcome of a refused save: the issues go on their rows, the banner only counts them.
fn refused(error: ApiError) -> Outcome {
    if error.errors.is_empty() {
        return Outcome::Failed(error);
    }
    let text = format!(
        "未保存：有 {} 处问题，请按下方提示修改后再保存",
        error.errors.len()
    );
    Outcome::Failed(ApiError::local(&error.code, text))
}

/// The banner of an outcome.
fn outcome_banner(outcome: &Option<Outcome>) -> Html {
    match outcome {
        Some(Outcome::Saved(text)) => html! { <Notice text={*text} /> },
        Some(Outcome::Failed(error)) => html! { <ErrorBanner error={error.clone()} /> },
        None => Html::default(),
    }
}

/// The value of an input event.
fn value(e: InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The row issues under a row.
fn row_errors(messages: Vec<String>) -> Html {
    let items = messages
        .into_iter()
        .map(|m| html! { <div class="field-error">{ m }</div> });
    html! { <>{ for items }</> }
}

/// Props of [`YearPanel`].
#[derive(Properties, PartialEq)]
pub struct YearPanelProps {
    /// The year.
    pub year: i16,
    /// Called after a save (the page reloads its list).
    pub on_saved: Callback<()>,
    /// Closes the editor.
    pub on_close: Callback<()>,
}

/// The editor of one year.
#[function_component]
pub fn YearPanel(props: &YearPanelProps) -> Html {
    let state = use_reducer(YearEditor::default);
    let outcome = use_state(|| None::<Outcome>);
    let saving = use_state(|| false);
    {
        let (state, outcome) = (state.clone(), outcome.clone());
        use_effect_with(props.year, move |&year| {
            spawn_local(async move {
                match calendar::year(year).await {
                    Ok(days) => state.dispatch(YearAction::Loaded(year, Some(days))),
                    Err(e) if e.status == 404 => state.dispatch(YearAction::Loaded(year, None)),
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            });
        });
    }
    let on_save = {
        let (state, outcome, saving) = (state.clone(), outcome.clone(), saving.clone());
        let on_saved = props.on_saved.clone();
        Callback::from(move |_: MouseEvent| {
            let (state, outcome, saving, on_saved) = (
                state.clone(),
                outcome.clone(),
                saving.clone(),
                on_saved.clone(),
            );
            saving.set(true);
            spawn_local(async move {
                match calendar::save_year(state.year, &state.days).await {
                    Ok(days) => {
                        state.dispatch(YearAction::Saved(days));
                        outcome.set(Some(Outcome::Saved("已保存，时限计算立即按新安排执行")));
                        on_saved.emit(());
                    }
                    Err(e) => {
                        state.dispatch(YearAction::Refused(e.errors.clone()));
                        outcome.set(Some(refused(e)));
                    }
                }
                saving.set(false);
            });
        })
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let title = if state.stored || state.year == 0 {
        format!("{} 年节假日安排", props.year)
    } else {
        format!("录入 {} 年节假日安排（尚未录入）", props.year)
    };
    html! {
        <section class="card calendar-year" data-testid="year-editor">
            <h3>{ title }</h3>
            <p class="muted small">{ "按国务院办公厅通知填写：放假的日期（含因调休而放假的工作日）列入“法定节假日”，周末上班的日期列入“调休上班日”。未列出的周一至周五为工作日，周六、周日为休息日。" }</p>
            { outcome_banner(&outcome) }
            <Messages messages={state.general_issues()} />
            { day_list(&state, DayList::Holidays) }
            { day_list(&state, DayList::Workdays) }
            <div class="actions">
                <button type="button" class="btn btn-primary" disabled={*saving} data-testid="btn-save-year"
                    onclick={on_save}>{ if *saving { "正在保存…" } else { "保存" } }</button>
                <button type="button" class="btn" data-testid="btn-close-year" onclick={on_close}>{ "关闭" }</button>
                if state.dirty {
                    <span class="muted small">{ "有未保存的修改" }</span>
                }
            </div>
        </section>
    }
}

/// One list of a year: a row per date with its name, and 添加.
fn day_list(state: &UseReducerHandle<YearEditor>, list: DayList) -> Html {
    let key = list.key();
    let rows = state.rows(list).iter().enumerate().map(|(i, day)| {
        let on_date = state.dispatcher().to_callback().reform(move |e| YearAction::SetDate(list, i, value(e)));
        let on_name = state.dispatcher().to_callback().reform(move |e| YearAction::SetName(list, i, value(e)));
        let on_remove = state.dispatcher().to_callback().reform(move |_: MouseEvent| YearAction::Remove(list, i));
        let issues = state.row_issues(list, i);
        html! {
            <tr class={classes!((!issues.is_empty()).then_some("has-error"))}>
                <td><input class="input" type="date" value={day.date.clone()} aria-label="日期"
                    data-testid={format!("day-date-{key}-{i}")} oninput={on_date} />
                    { row_errors(issues) }</td>
                <td><input class="input" type="text" maxlength="50" value={day.name.clone()}
                    placeholder="所属节日，如 国庆节" aria-label="名称"
                    data-testid={format!("day-name-{key}-{i}")} oninput={on_name} /></td>
                <td class="row-actions"><button type="button" class="btn-link danger"
                    data-testid={format!("btn-remove-{key}-{i}")} onclick={on_remove}>{ "删除" }</button></td>
            </tr>
        }
    });
    let on_add = state
        .dispatcher()
        .to_callback()
        .reform(move |_: MouseEvent| YearAction::Add(list));
    html! {
        <div class="calendar-list">
            <h4>{ format!("{}（{} 天）", list.title(), state.rows(list).len()) }</h4>
            <table class="table">
                <thead><tr><th>{ "日期" }</th><th>{ "所属节日" }</th><th></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <button type="button" class="btn btn-small" data-testid={format!("btn-add-{key}")}
                onclick={on_add}>{ "添加日期" }</button>
        </div>
    }
}

/// Props of [`HoursPanel`].
#[derive(Properties, PartialEq)]
pub struct HoursPanelProps {
    /// The stored hours.
    pub initial: Hours,
    /// Called after a save.
    pub on_saved: Callback<()>,
}

/// The editor of the working hours.
#[function_component]
pub fn HoursPanel(props: &HoursPanelProps) -> Html {
    let state = use_reducer(HoursEditor::default);
    let outcome = use_state(|| None::<Outcome>);
    {
        let state = state.clone();
        use_effect_with(props.initial.clone(), move |hours| {
            state.dispatch(HoursAction::Loaded(hours.clone()));
        });
    }
    let on_save = {
        let (state, outcome) = (state.clone(), outcome.clone());
        let on_saved = props.on_saved.clone();
        Callback::from(move |_: MouseEvent| {
            let (state, outcome, on_saved) = (state.clone(), outcome.clone(), on_saved.clone());
            spawn_local(async move {
                match calendar::save_hours(&state.hours).await {
                    Ok(hours) => {
                        state.dispatch(HoursAction::Loaded(hours));
                        outcome.set(Some(Outcome::Saved("工作时段已保存")));
                        on_saved.emit(());
                    }
                    Err(e) => {
                        state.dispatch(HoursAction::Refused(e.errors.clone()));
                        outcome.set(Some(refused(e)));
                    }
                }
            });
        })
    };
    let rows = state.hours.periods.iter().enumerate().map(|(i, p)| {
        let on_start = state.dispatcher().to_callback().reform(move |e| HoursAction::SetStart(i, value(e)));
        let on_end = state.dispatcher().to_callback().reform(move |e| HoursAction::SetEnd(i, value(e)));
        let on_remove = state.dispatcher().to_callback().reform(move |_: MouseEvent| HoursAction::Remove(i));
        html! {
            <tr>
                <td>{ format!("时段 {}", i + 1) }</td>
                <td><input class="input" type="time" value={p.start.clone()} aria-label="开始"
                    data-testid={format!("hours-start-{i}")} oninput={on_start} /></td>
                <td><input class="input" type="time" value={p.end.clone()} aria-label="结束"
                    data-testid={format!("hours-end-{i}")} oninput={on_end} />
                    { row_errors(state.row_issues(i)) }</td>
                <td class="row-actions"><button type="button" class="btn-link danger"
                    data-testid={format!("btn-remove-period-{i}")} onclick={on_remove}>{ "删除" }</button></td>
            </tr>
        }
    });
    let on_add = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| HoursAction::Add);
    html! {
        <section class="card calendar-hours">
            <h3>{ "每日工作时段" }</h3>
            <p class="muted small">{ "按工作小时计的时限只计算这些时段；按工作日或自然日计的时限截止于最后一个时段结束时（下班时间）。" }</p>
            { outcome_banner(&outcome) }
            <Messages messages={state.general_issues()} />
            <table class="table">
                <thead><tr><th></th><th>{ "开始" }</th><th>{ "结束" }</th><th></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <div class="actions">
                <button type="button" class="btn btn-small" data-testid="btn-add-period" onclick={on_add}>{ "添加时段" }</button>
                <button type="button" class="btn btn-primary" data-testid="btn-save-hours" onclick={on_save}>{ "保存工作时段" }</button>
            </div>
        </section>
    }
}
