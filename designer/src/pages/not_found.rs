//! The page for unknown addresses.

use crate::app::Route;
use crate::components::nav_link::NavLink;
use yew::prelude::*;

/// 页面不存在.
#[function_component]
pub fn NotFound() -> Html {
    html! {
        <section class="card empty" data-testid="not-found">
            <h2>{ "页面不存在" }</h2>
            <NavLink to={Route::Todo}>{ "返回待办" }</NavLink>
        </section>
    }
}
