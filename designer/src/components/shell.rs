//! The frame around every page after login: top bar (联办, user and unit, bell with the unread
//! count, 退出), side menu, the live-notification toast, and the org data context. Redirects to
//! the login page when nobody is logged in.

use crate::api;
use crate::app::Route;
use crate::components::feedback::Spinner;
use crate::components::nav_link::NavLink;
use crate::hooks::{OrgData, open_matter, use_notification_stream, use_session};
use crate::state::session::SessionAction;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// How long a toast stays, in milliseconds.
const TOAST_MS: u32 = 8000;

/// The side menu: route, label, test id.
fn menu(designer: bool, admin: bool) -> Vec<(Route, &'static str, &'static str)> {
    let mut items = vec![
        (Route::Todo, "待办", "nav-todo"),
        (Route::Done, "已办", "nav-done"),
        (Route::Initiated, "我发起的", "nav-initiated"),
        (Route::Drafts, "草稿箱", "nav-drafts"),
        (Route::NewMatter, "事项登记", "nav-new"),
    ];
    if designer {
        items.push((Route::Designs, "事项设计", "nav-designs"));
        items.push((Route::Dicts, "数据字典", "nav-dicts"));
    }
    if admin {
        items.push((Route::Calendar, "工作日历", "nav-calendar"));
        items.push((Route::Deliveries, "通知投递", "nav-deliveries"));
        items.push((Route::NotifyTemplates, "通知模板", "nav-notify-templates"));
        items.push((Route::OpenSystems, "对接系统", "nav-open-systems"));
    }
    items
}

/// Props of [`Shell`].
#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// The current route (for the active menu item).
    pub route: Route,
    /// The page.
    #[prop_or_default]
    pub children: Html,
}

/// The app frame.
#[function_component]
pub fn Shell(props: &ShellProps) -> Html {
    let session = use_session();
    let org = use_state(Rc::<OrgData>::default);
    let user = session.me.as_ref().map(|me| me.username.clone());
    use_notification_stream(session.clone(), user.clone());
    {
        let (session, org) = (session.clone(), org.clone());
        use_effect_with(user, move |user| {
            if user.is_some() {
                spawn_local(async move {
                    if let Ok(page) = api::notifications(None).await {
                        session.dispatch(SessionAction::Unread(page.unread));
                    }
                    let (units, users) = (api::units().await, api::users().await);
                    org.set(Rc::new(OrgData::new(
                        units.unwrap_or_default(),
                        users.unwrap_or_default(),
                    )));
                });
            }
        });
    }
    {
        let session = session.clone();
        let toast = session.toast.as_ref().map(|t| t.id.clone());
        use_effect_with(toast, move |toast| {
            let timer = toast.as_ref().map(|_| {
                Timeout::new(TOAST_MS, move || {
                    session.dispatch(SessionAction::DismissToast)
                })
            });
            move || drop(timer)
        });
    }
    if !session.checked {
        return html! { <Spinner /> };
    }
    let Some(me) = session.me.clone() else {
        return html! { <Redirect<Route> to={Route::Login} /> };
    };
    let designer = me.roles.iter().any(|r| r == "admin" || r == "designer");
    let admin = me.roles.iter().any(|r| r == "admin");
    let nav = menu(designer, admin)
        .into_iter()
        .map(|(route, label, testid)| {
            let class = classes!("nav-item", (route == props.route).then_some("active"));
            html! { <NavLink to={route} {testid} {class}>{ label }</NavLink> }
        });
    html! {
        <ContextProvider<Rc<OrgData>> context={(*org).clone()}>
            <div class="app">
                <header class="topbar">
                    <NavLink to={Route::Todo} class="logo" testid="logo">{ "联办" }</NavLink>
                    <span class="topbar-sub">{ "跨部门联合办理平台" }</span>
                    <span class="spacer"></span>
                    <Bell unread={session.unread} />
                    <span class="user" data-testid="current-user">
                        { me.display_name.clone() }
                        <small>{ me.unit.name.clone() }</small>
                    </span>
                    <LogoutButton />
                </header>
                <div class="body">
                    <nav class="sidebar" aria-label="主菜单">{ for nav }</nav>
                    <main class="content">{ props.children.clone() }</main>
                </div>
                <Toast />
            </div>
        </ContextProvider<Rc<OrgData>>>
    }
}

/// Props of [`Bell`].
#[derive(Properties, PartialEq)]
struct BellProps {
    unread: u32,
}

/// The bell: a link to the notification list with the unread count.
#[function_component]
fn Bell(props: &BellProps) -> Html {
    let count = match props.unread {
        0 => None,
        n if n > 99 => Some("99+".to_owned()),
        n => Some(n.to_string()),
    };
    html! {
        <NavLink to={Route::Notifications} class="bell" testid="bell">
            <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
            </svg>
            <span class="sr-only">{ "消息" }</span>
            <span class={classes!("bell-count", count.is_none().then_some("zero"))} data-testid="bell-count">
                { count.unwrap_or_else(|| "0".into()) }
            </span>
        </NavLink>
    }
}

/// 退出: logs out and goes to the login page.
#[function_component]
fn LogoutButton() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let onclick = Callback::from(move |_| {
        let (session, navigator) = (session.clone(), navigator.clone());
        spawn_local(async move {
            // The session is dropped locally even if the server call fails.
            let _ = api::logout().await;
            session.dispatch(SessionAction::LoggedOut);
            if let Some(navigator) = navigator {
                navigator.push(&Route::Login);
            }
        });
    });
    html! { <button class="btn btn-plain" data-testid="btn-logout" {onclick}>{ "退出" }</button> }
}

/// The latest live notification; click opens its matter.
#[function_component]
fn Toast() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let Some(item) = session.toast.clone() else {
        return Html::default();
    };
    let (title, body, matter, task) = (item.title, item.body, item.matter_id, item.task_id);
    let onclick = {
        let session = session.clone();
        Callback::from(move |_| {
            session.dispatch(SessionAction::DismissToast);
            if let (Some(navigator), Some(id)) = (&navigator, &matter) {
                open_matter(navigator, id.clone(), task);
            }
        })
    };
    html! {
        <div class="toast" role="status" data-testid="toast" {onclick}>
            <strong>{ title }</strong>
            <div>{ body }</div>
        </div>
    }
}
