//! Feedback widgets: a loading line, the error banner (with a login link when the session is
//! gone) and a success notice.

use crate::api::ApiError;
use crate::app::Route;
use crate::components::nav_link::NavLink;
use yew::prelude::*;

/// "加载中…".
#[function_component]
pub fn Spinner() -> Html {
    html! { <div class="loading" data-testid="loading">{ "加载中…" }</div> }
}

/// Props of [`ErrorBanner`].
#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    /// The error.
    pub error: ApiError,
}

/// Shows an API error's Chinese detail.
#[function_component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let login = props.error.is_unauthenticated().then(|| {
        html! { <>{ " " }<NavLink to={Route::Login}>{ "重新登录" }</NavLink></> }
    });
    html! {
        <div class="alert alert-error" role="alert" data-testid="error-banner">
            { props.error.detail.clone() }{ login.unwrap_or_default() }
        </div>
    }
}

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// Messages; nothing is rendered when empty.
    pub messages: Vec<String>,
}

/// Several error messages in one banner.
#[function_component]
pub fn Messages(props: &MessagesProps) -> Html {
    if props.messages.is_empty() {
        return Html::default();
    }
    html! {
        <div class="alert alert-error" role="alert" data-testid="form-errors">
            <ul>{ for props.messages.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
        </div>
    }
}

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// Text.
    pub text: AttrValue,
}

/// A success notice.
#[function_component]
pub fn Notice(props: &NoticeProps) -> Html {
    html! { <div class="alert alert-ok" role="status" data-testid="notice">{ props.text.clone() }</div> }
}
