//! 登录: user name and password; shows the server's Chinese message (e.g. 账号已锁定).
//! Test ids: `login-username`, `login-password`, `btn-login`, `login-error`.

use crate::api;
use crate::app::Route;
use crate::hooks::use_session;
use crate::state::flight::Flight;
use crate::state::session::SessionAction;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The login page.
#[function_component]
pub fn LoginPage() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let username = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let flight = use_memo((), |_| Flight::default());
    if session.me.is_some() {
        return html! { <Redirect<Route> to={Route::Todo} /> };
    }
    let onsubmit = {
        let (username, password, error, busy) = (
            username.clone(),
            password.clone(),
            error.clone(),
            busy.clone(),
        );
        let flight = (*flight).clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if username.trim().is_empty() || password.is_empty() {
                error.set(Some("请输入用户名和密码".into()));
                return;
            }
            let Some(boarding) = flight.board() else {
                return;
            };
            let (user, pass) = ((*username).trim().to_owned(), (*password).clone());
            let (session, navigator, error, busy) = (
                session.clone(),
                navigator.clone(),
                error.clone(),
                busy.clone(),
            );
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let _boarding = boarding;
                let result = api::login(&user, &pass).await;
                busy.set(false);
                match result {
                    Ok(me) => {
                        session.dispatch(SessionAction::LoggedIn(me));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Todo);
                        }
                    }
                    Err(e) => error.set(Some(e.detail)),
                }
            });
        })
    };
    let bind = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            handle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="login-page">
            <form class="card login" {onsubmit} novalidate=true>
                <h1 class="login-title">{ "联办" }</h1>
                <p class="muted">{ "跨部门联合办理平台" }</p>
                if let Some(message) = (*error).clone() {
                    <div class="alert alert-error" role="alert" data-testid="login-error">{ message }</div>
                }
                <div class="field">
                    <label class="field-label" for="login-username">{ "用户名" }</label>
                    <input id="login-username" class="input" type="text" autocomplete="username"
                        value={(*username).clone()} oninput={bind(&username)} data-testid="login-username" />
                </div>
                <div class="field">
                    <label class="field-label" for="login-password">{ "密码" }</label>
                    <input id="login-password" class="input" type="password" autocomplete="current-password"
                        value={(*password).clone()} oninput={bind(&password)} data-testid="login-password" />
                </div>
                <button type="submit" class="btn btn-primary btn-block" disabled={*busy} data-testid="btn-login">
                    { if *busy { "正在登录…" } else { "登录" } }
                </button>
            </form>
        </div>
    }
}
