//! 推送记录 (a tab of [`super::open_systems`]): the events pushed to units' own systems, newest
//! first, filtered by status, system and matter number, paged with `next_cursor`; a row opens
//! its attempts (time, node, HTTP status or error, duration); dead rows have 重新推送. Test ids:
//! `push-filter-status`, `push-filter-system`, `push-filter-matter`, `push-row`, `push-empty`,
//! `btn-attempts-<id>`, `push-attempts`, `btn-replay-<id>`, `btn-prev-page`, `btn-next-page`.

use crate::api::ApiError;
use crate::api::open::{self, PUSH_STATUSES, PushDetail, PushFilter, PushItem, PushPage};
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::components::pager::cursor_pager;
use crate::format;
use crate::hooks::{Load, open_matter, use_load};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

/// The push log.
#[function_component]
pub fn PushesTab() -> Html {
    let filter = use_state(PushFilter::default);
    let cursors = use_state(Vec::<String>::new);
    let result = use_state(|| None::<Result<String, ApiError>>);
    let systems = use_load((), |_| open::systems());
    let deps = ((*filter).clone(), cursors.last().cloned());
    let page = use_load(deps, |(filter, cursor)| async move {
        open::pushes(&filter, cursor.as_deref()).await
    });
    let choose = |apply: fn(&mut PushFilter, String)| {
        let (filter, cursors) = (filter.clone(), cursors.clone());
        Callback::from(move |e: Event| {
            let mut next = (*filter).clone();
            apply(
                &mut next,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            filter.set(next);
            cursors.set(Vec::new());
        })
    };
    let matter_changed = {
        let (filter, cursors) = (filter.clone(), cursors.clone());
        Callback::from(move |e: Event| {
            let mut next = (*filter).clone();
            next.matter = e.target_unchecked_into::<HtmlInputElement>().value();
            filter.set(next);
            cursors.set(Vec::new());
        })
    };
    let on_replay = {
        let (result, reload) = (result.clone(), page.reload.clone());
        Callback::from(move |id: String| {
            let (result, reload) = (result.clone(), reload.clone());
            spawn_local(async move {
                match open::replay_push(&id).await {
                    Ok(_) => result.set(Some(Ok("已重新排队，稍后推送".into()))),
                    Err(e) => result.set(Some(Err(e))),
                }
                reload.emit(());
            });
        })
    };
    let body = match &*page.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(data) => html! {
            <>
                <PushTable page={(**data).clone()} {on_replay} />
                { cursor_pager(data.next_cursor.clone(), &cursors, Html::default()) }
            </>
        },
    };
    let outcome = match &*result {
        Some(Ok(text)) => html! { <Notice text={text.clone()} /> },
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        None => Html::default(),
    };
    let option = |value: &str, label: &str, current: &str| {
        html! { <option value={value.to_owned()} selected={value == current}>{ label.to_owned() }</option> }
    };
    let system_options = match &*systems.state {
        Load::Ready(list) => list
            .iter()
            .map(|s| option(&s.id, &s.name, &filter.system))
            .collect::<Html>(),
        _ => Html::default(),
    };
    html! {
        <>
            <p class="muted">{ "每个事件至少送达一次：失败的按退避间隔自动重试（对方返回 429 时按其 Retry-After），达到次数上限后放弃；已放弃的可以重新推送，事件编号不变、下载链接重新签发" }</p>
            <div class="card filters">
                <div class="filter-grid">
                    <label>{ "状态" }
                        <select class="input" data-testid="push-filter-status" onchange={choose(|f, v| f.status = v)}>
                            { option("", "全部", &filter.status) }
                            { for PUSH_STATUSES.into_iter().map(|(v, l)| option(v, l, &filter.status)) }
                        </select>
                    </label>
                    <label>{ "对接系统" }
                        <select class="input" data-testid="push-filter-system" onchange={choose(|f, v| f.system = v)}>
                            { option("", "全部", &filter.system) }
                            { system_options }
                        </select>
                    </label>
                    <label>{ "办件编号" }
                        <input class="input" value={filter.matter.clone()} placeholder="如 联办〔2026〕00001号"
                            data-testid="push-filter-matter" onchange={matter_changed} />
                    </label>
                </div>
            </div>
            { outcome }
            { body }
        </>
    }
}

/// Props of [`PushTable`].
#[derive(Properties, PartialEq)]
struct PushTableProps {
    page: PushPage,
    on_replay: Callback<String>,
}

/// The badge class of a push status.
fn badge(status: &str) -> &'static str {
    match status {
        "sent" => "badge badge-done",
        "pending" | "sending" => "badge badge-running",
        "dead" => "badge badge-returned",
        _ => "badge",
    }
}

/// The rows; one may show its attempts below it.
#[function_component]
fn PushTable(props: &PushTableProps) -> Html {
    let navigator = use_navigator();
    let open_row = use_state(|| None::<String>);
    if props.page.items.is_empty() {
        return html! { <p class="card empty" data-testid="push-empty">{ "暂无推送记录" }</p> };
    }
    let row = |p: &PushItem| {
        let open = {
            let (navigator, id) = (navigator.clone(), p.matter_id.clone());
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                if let Some(navigator) = &navigator {
                    open_matter(navigator, id.clone(), None);
                }
            })
        };
        let toggle = {
            let (open_row, id) = (open_row.clone(), p.id.clone());
            Callback::from(move |_: MouseEvent| {
                let shown = open_row.as_deref() == Some(id.as_str());
                open_row.set((!shown).then(|| id.clone()));
            })
        };
        let replay = (p.status == "dead").then(|| {
            let (on_replay, id) = (props.on_replay.clone(), p.id.clone());
            let onclick = Callback::from(move |_: MouseEvent| on_replay.emit(id.clone()));
            html! { <button type="button" class="btn btn-small" data-testid={format!("btn-replay-{}", p.id)} {onclick}>{ "重新推送" }</button> }
        });
        let when = p
            .sent_at
            .as_deref()
            .map(|t| format!("送达于 {}", format::time(t)))
            .or_else(|| {
                p.next_at
                    .as_deref()
                    .map(|t| format!("下次 {}", format::time(t)))
            })
            .unwrap_or_default();
        let status = p
            .last_status
            .map(|s| format!("HTTP {s}："))
            .unwrap_or_default();
        let shown = open_row.as_deref() == Some(p.id.as_str());
        html! {
            <>
                <tr data-testid="push-row" data-status={p.status.clone()} data-id={p.id.clone()}>
                    <td data-label="时间">{ format::time(&p.created_at) }</td>
                    <td data-label="办件"><a href="#" onclick={open}>{ p.matter_no.clone() }</a>
                        <div class="muted small">{ format!("第{}号事件", p.seq) }</div></td>
                    <td data-label="事件">{ p.type_label.clone() }<div class="muted small"><code>{ p.event_type.clone() }</code></div></td>
                    <td data-label="对接系统">{ p.system_name.clone() }</td>
                    <td data-label="状态"><span class={badge(&p.status)}>{ open::status_label(&p.status).to_owned() }</span>
                        <div class="muted small">{ when }</div></td>
                    <td data-label="尝试">{ format!("{}/{}", p.attempts, p.max_attempts) }</td>
                    <td data-label="原因" class="small">{ format!("{status}{}", p.last_error.clone().unwrap_or_default()) }</td>
                    <td class="row-actions">
                        <button type="button" class="btn btn-small" data-testid={format!("btn-attempts-{}", p.id)} onclick={toggle}>
                            { if shown { "收起" } else { "尝试记录" } }</button>
                        { replay.unwrap_or_default() }
                    </td>
                </tr>
                if shown {
                    <tr><td colspan="8"><Attempts id={p.id.clone()} /></td></tr>
                }
            </>
        }
    };
    html! {
        <div class="table-wrap card">
            <table class="table list">
                <thead><tr>
                    <th>{ "时间" }</th><th>{ "办件" }</th><th>{ "事件" }</th><th>{ "对接系统" }</th>
                    <th>{ "状态" }</th><th>{ "尝试" }</th><th>{ "原因" }</th><th></th>
                </tr></thead>
                <tbody>{ for props.page.items.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// Props of [`Attempts`].
#[derive(Properties, PartialEq)]
struct AttemptsProps {
    id: String,
}

/// The attempts of one event.
#[function_component]
fn Attempts(props: &AttemptsProps) -> Html {
    let detail = use_load(props.id.clone(), |id| async move {
        open::push_detail(&id).await
    });
    match &*detail.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(d) => attempts(d),
    }
}

fn attempts(d: &PushDetail) -> Html {
    if d.history.is_empty() {
        return html! { <p class="muted" data-testid="push-attempts">{ "尚未尝试推送" }</p> };
    }
    let row = |a: &open::AttemptItem| {
        let answer = a
            .status
            .map(|s| format!("HTTP {s}"))
            .unwrap_or_else(|| "无应答".into());
        html! {
            <tr>
                <td>{ format::time(&a.at) }</td>
                <td>{ a.node.clone() }</td>
                <td>{ answer }</td>
                <td class="small">{ a.error.clone().unwrap_or_else(|| "已送达".into()) }</td>
                <td>{ format!("{} 毫秒", a.duration_ms) }</td>
            </tr>
        }
    };
    html! {
        <table class="table small" data-testid="push-attempts">
            <thead><tr><th>{ "时间" }</th><th>{ "节点" }</th><th>{ "应答" }</th><th>{ "结果" }</th><th>{ "耗时" }</th></tr></thead>
            <tbody>{ for d.history.iter().map(row) }</tbody>
        </table>
    }
}
