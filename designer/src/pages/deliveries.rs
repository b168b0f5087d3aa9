//! 通知投递 (administrators): the delivery log, newest first, filtered by status and channel,
//! paged with `next_cursor`; failed and dead deliveries have a 重试 button. Test ids:
//! `delivery-filter-status`, `delivery-filter-channel`, `delivery-row`, `delivery-empty`,
//! `btn-retry-<id>`, `btn-prev-page`, `btn-next-page`.

use crate::api::ApiError;
use crate::api::notify::{self, DELIVERY_STATUSES, DeliveryItem, DeliveryPage};
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::components::pager::cursor_pager;
use crate::format;
use crate::hooks::{Load, open_matter, use_load};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The channels the filter offers.
const CHANNELS: [(&str, &str); 2] = [("inapp", "站内消息"), ("zwdd", "浙政钉工作通知")];

/// The delivery log page.
#[function_component]
pub fn DeliveriesPage() -> Html {
    let status = use_state(String::new);
    let channel = use_state(String::new);
    let cursors = use_state(Vec::<String>::new);
    let result = use_state(|| None::<Result<String, ApiError>>);
    let deps = (
        (*status).clone(),
        (*channel).clone(),
        cursors.last().cloned(),
    );
    let page = use_load(deps, |(status, channel, cursor)| async move {
        notify::deliveries(&status, &channel, cursor.as_deref()).await
    });
    let choose = |target: &UseStateHandle<String>| {
        let (target, cursors) = (target.clone(), cursors.clone());
        Callback::from(move |e: Event| {
            target.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            cursors.set(Vec::new());
        })
    };
    let on_retry = {
        let (result, reload) = (result.clone(), page.reload.clone());
        Callback::from(move |id: String| {
            let (result, reload) = (result.clone(), reload.clone());
            spawn_local(async move {
                match notify::retry_delivery(&id).await {
                    Ok(_) => result.set(Some(Ok("已重新排队，稍后发送".into()))),
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
                <LogTable page={(**data).clone()} {on_retry} />
                { cursor_pager(data.next_cursor.clone(), &cursors, Html::default()) }
            </>
        },
    };
    let outcome = match &*result {
        Some(Ok(text)) => html! { <Notice text={text.clone()} /> },
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        None => Html::default(),
    };
    let option = |(value, label): (&str, &str), current: &str| {
        html! { <option value={value.to_owned()} selected={value == current}>{ label.to_owned() }</option> }
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ "通知投递" }</h2>
                <p class="muted">{ "每条通知在每个渠道的投递记录：失败的会按退避间隔自动重试，达到次数上限后放弃；失败和已放弃的可以手动重试" }</p></div>
            <div class="card filters">
                <div class="filter-grid">
                    <label>{ "状态" }
                        <select class="input" data-testid="delivery-filter-status" onchange={choose(&status)}>
                            <option value="" selected={status.is_empty()}>{ "全部" }</option>
                            { for DELIVERY_STATUSES.into_iter().map(|o| option(o, &status)) }
                        </select>
                    </label>
                    <label>{ "渠道" }
                        <select class="input" data-testid="delivery-filter-channel" onchange={choose(&channel)}>
                            <option value="" selected={channel.is_empty()}>{ "全部" }</option>
                            { for CHANNELS.into_iter().map(|o| option(o, &channel)) }
                        </select>
                    </label>
                </div>
            </div>
            { outcome }
            { body }
        </>
    }
}

/// Props of [`LogTable`].
#[derive(Properties, PartialEq)]
struct LogTableProps {
    page: DeliveryPage,
    on_retry: Callback<String>,
}

/// The badge class of a delivery status.
fn badge(status: &str) -> &'static str {
    match status {
        "sent" => "badge badge-done",
        "pending" | "sending" => "badge badge-running",
        "failed" | "dead" => "badge badge-returned",
        _ => "badge",
    }
}

/// The rows.
#[function_component]
fn LogTable(props: &LogTableProps) -> Html {
    let navigator = use_navigator();
    if props.page.items.is_empty() {
        return html! { <p class="card empty" data-testid="delivery-empty">{ "暂无投递记录" }</p> };
    }
    let row = |d: &DeliveryItem| {
        let open = {
            let (navigator, id) = (navigator.clone(), d.matter_id.clone());
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                if let Some(navigator) = &navigator {
                    open_matter(navigator, id.clone(), None);
                }
            })
        };
        let retry = d.can_retry.then(|| {
            let (on_retry, id) = (props.on_retry.clone(), d.id.clone());
            let onclick = Callback::from(move |_: MouseEvent| on_retry.emit(id.clone()));
            html! {
                <button type="button" class="btn btn-small" data-testid={format!("btn-retry-{}", d.id)} {onclick}>
                    { "重试" }</button>
            }
        });
        let when = d
            .sent_at
            .as_deref()
            .map(|t| format!("发送于 {}", format::time(t)))
            .or_else(|| {
                d.next_attempt_at
                    .as_deref()
                    .map(|t| format!("下次 {}", format::time(t)))
            })
            .unwrap_or_default();
        html! {
            <tr data-testid="delivery-row" data-status={d.status.clone()} data-id={d.id.clone()}>
                <td data-label="时间">{ format::time(&d.created_at) }</td>
                <td data-label="渠道">{ channel_label(&d.channel) }</td>
                <td data-label="收件人">{ d.username.clone() }</td>
                <td data-label="通知" class="title-cell"><a href="#" onclick={open}>{ d.title.clone() }</a></td>
                <td data-label="状态"><span class={badge(&d.status)}>{ notify::status_label(&d.status).to_owned() }</span>
                    <div class="muted small">{ when }</div></td>
                <td data-label="尝试">{ format!("{}/{}", d.attempts, d.max_attempts) }</td>
                <td data-label="原因" class="small">{ d.last_error.clone().unwrap_or_default() }</td>
                <td class="row-actions">{ retry.unwrap_or_default() }</td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap card">
            <table class="table list">
                <thead><tr>
                    <th>{ "时间" }</th><th>{ "渠道" }</th><th>{ "收件人" }</th><th>{ "通知" }</th>
                    <th>{ "状态" }</th><th>{ "尝试" }</th><th>{ "原因" }</th><th></th>
                </tr></thead>
                <tbody>{ for props.page.items.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// The Chinese name of a channel.
fn channel_label(name: &str) -> String {
    CHANNELS
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(_, l)| (*l).to_owned())
        .unwrap_or_else(|| name.to_owned())
}
