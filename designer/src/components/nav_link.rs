//! An `<a>` that navigates inside the app (history push) and carries a `data-testid`.
//! yew-router's `Link` cannot take extra attributes.

use crate::app::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Target route.
    pub to: Route,
    /// `data-testid` of the anchor.
    #[prop_or_default]
    pub testid: AttrValue,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
    /// Content.
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route; modified clicks (new tab) keep the browser's behaviour.
#[function_component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
                return;
            }
            e.prevent_default();
            if let Some(navigator) = &navigator {
                navigator.push(&to);
            }
        })
    };
    let testid = (!props.testid.is_empty()).then(|| props.testid.clone());
    html! {
        <a href={props.to.to_path()} class={props.class.clone()} data-testid={testid} {onclick}>
            { props.children.clone() }
        </a>
    }
}
