//! 消息: the notification list. Clicking an item marks it read and opens its matter, focused
//! on its task when it has one. Test ids: `notification-item`, `btn-read-all`, `btn-more`,
//! `link-notify-settings`.

use crate::api::{self, Notification};
use crate::app::Route;
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::nav_link::NavLink;
use crate::format;
use crate::hooks::{Load, open_matter, use_load, use_session};
use crate::state::session::SessionAction;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// The notification page.
#[function_component]
pub fn NotificationsPage() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let cursor = use_state(|| None::<String>);
    let items = use_state(Vec::<Notification>::new);
    let page = use_load((*cursor).clone(), |cursor| async move {
        api::notifications(cursor.as_deref()).await
    });
    {
        // Each loaded page is appended to what is shown.
        let items = items.clone();
        let ready = page.ready();
        use_effect_with(ready, move |ready| {
            if let Some(p) = ready {
                let mut all = (*items).clone();
                all.extend(
                    p.items
                        .iter()
                        .filter(|n| !all.iter().any(|o| o.id == n.id))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
                items.set(all);
            }
        });
    }
    let open = |n: &Notification| {
        let (session, navigator, items, n) =
            (session.clone(), navigator.clone(), items.clone(), n.clone());
        Callback::from(move |_: MouseEvent| {
            let (session, navigator, items, n) =
                (session.clone(), navigator.clone(), items.clone(), n.clone());
            spawn_local(async move {
                if !n.read && api::mark_read(&n.id).await.is_ok() {
                    session.dispatch(SessionAction::ReadOne);
                    items.set(
                        items
                            .iter()
                            .cloned()
                            .map(|mut o| {
                                o.read |= o.id == n.id;
                                o
                            })
                            .collect(),
                    );
                }
                if let (Some(navigator), Some(id)) = (navigator, n.matter_id) {
                    open_matter(&navigator, id, n.task_id);
                }
            });
        })
    };
    let read_all = {
        let (session, items) = (session.clone(), items.clone());
        Callback::from(move |_: MouseEvent| {
            let (session, items) = (session.clone(), items.clone());
            spawn_local(async move {
                if api::mark_all_read().await.is_ok() {
                    session.dispatch(SessionAction::ReadAll);
                    items.set(
                        items
                            .iter()
                            .cloned()
                            .map(|mut o| {
                                o.read = true;
                                o
                            })
                            .collect(),
                    );
                }
            });
        })
    };
    let more = page.ready().and_then(|p| p.next_cursor.clone()).map(|next| {
        let cursor = cursor.clone();
        let onclick = Callback::from(move |_: MouseEvent| cursor.set(Some(next.clone())));
        html! { <button type="button" class="btn" data-testid="btn-more" {onclick}>{ "加载更多" }</button> }
    });
    let status = match &*page.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(_) if items.is_empty() => html! { <p class="card empty">{ "暂无消息" }</p> },
        Load::Ready(_) => Html::default(),
    };
    html! {
        <>
            <div class="page-head">
                <h2 data-testid="page-title">{ "消息" }</h2>
                <button type="button" class="btn" data-testid="btn-read-all" onclick={read_all}>{ "全部已读" }</button>
                <NavLink to={Route::NotifySettings} class="btn" testid="link-notify-settings">{ "通知设置" }</NavLink>
            </div>
            if !items.is_empty() {
            <ul class="card notes">
                { for items.iter().map(|n| html! {
                    <li class={classes!("note", (!n.read).then_some("unread"))} data-testid="notification-item"
                        data-read={n.read.to_string()} onclick={open(n)}>
                        <div class="note-title">{ n.title.clone() }</div>
                        <div class="note-body">{ n.body.clone() }</div>
                        <time class="muted">{ format::time(&n.at) }</time>
                    </li>
                }) }
            </ul>
            }
            { status }
            <div class="pager">{ more.unwrap_or_default() }</div>
        </>
    }
}
