//! 通知设置: a switch per notification kind and channel. Each switch saves at once; what asks the
//! user to act (新的待办, 办件被退回, 催办, 督办) cannot be turned off in the in-app list, and a channel
//! the server does not deliver over is marked 未启用. Test ids: `pref-<kind>-<channel>`,
//! `prefs-saved`.

use crate::api::ApiError;
use crate::api::notify::{self, Preferences};
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::hooks::{Load, use_load};
use crate::state::notify_prefs;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The settings page.
#[function_component]
pub fn NotifySettingsPage() -> Html {
    let loaded = use_load((), |_| notify::preferences());
    let result = use_state(|| None::<Result<(), ApiError>>);
    let prefs = match &*loaded.state {
        Load::Loading => return html! { <Spinner /> },
        Load::Failed(error) => return html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(p) => (**p).clone(),
    };
    let on_switch = {
        let (state, result, prefs) = (loaded.state.clone(), result.clone(), prefs.clone());
        move |kind: String, channel: String| {
            let (state, result, prefs) = (state.clone(), result.clone(), prefs.clone());
            Callback::from(move |e: Event| {
                let receive = e.target_unchecked_into::<HtmlInputElement>().checked();
                let next = notify_prefs::switch(&prefs, &kind, &channel, receive);
                let muted = notify_prefs::muted(&next);
                let (state, result) = (state.clone(), result.clone());
                spawn_local(async move {
                    match notify::save_preferences(&muted).await {
                        Ok(saved) => {
                            state.set(Load::Ready(std::rc::Rc::new(saved)));
                            result.set(Some(Ok(())));
                        }
                        Err(e) => result.set(Some(Err(e))),
                    }
                });
            })
        }
    };
    let outcome = match &*result {
        Some(Ok(())) => html! { <div data-testid="prefs-saved"><Notice text="已保存" /></div> },
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        None => Html::default(),
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ "通知设置" }</h2>
                <p class="muted">{ "勾选表示接收。需要您办理的通知（新的待办、办件被退回、催办、督办）始终在站内消息中接收。" }</p></div>
            { outcome }
            <div class="table-wrap card">{ matrix(&prefs, &on_switch) }</div>
        </>
    }
}

/// The kinds × channels table of switches.
fn matrix(prefs: &Preferences, on_switch: &impl Fn(String, String) -> Callback<Event>) -> Html {
    html! {
        <table class="table prefs">
            <thead><tr>
                <th>{ "通知类型" }</th>
                { for prefs.channels.iter().map(|c| html! {
                    <th>{ c.label.clone() }
                        if !c.enabled { <span class="muted small">{ "（未启用）" }</span> }
                    </th>
                }) }
            </tr></thead>
            <tbody>
                { for prefs.kinds.iter().map(|k| html! {
                    <tr>
                        <td data-label="通知类型">{ k.label.clone() }</td>
                        { for prefs.channels.iter().map(|channel| {
                            let cell = k.channels.iter().find(|c| c.channel == channel.name);
                            let (muted, mutable) = cell.map(|c| (c.muted, c.mutable)).unwrap_or((false, false));
                            let title = if mutable { "" } else { "需要您办理，始终接收" };
                            html! {
                                <td data-label={channel.label.clone()}>
                                    <label class="check" {title}>
                                        <input type="checkbox" checked={!muted} disabled={!mutable}
                                            data-testid={format!("pref-{}-{}", k.kind, channel.name)}
                                            onchange={on_switch(k.kind.clone(), channel.name.clone())} />
                                        { if mutable { "接收" } else { "始终接收" } }
                                    </label>
                                </td>
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
