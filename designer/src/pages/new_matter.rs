//! 事项登记: the matter types the user's unit may initiate, as cards grouped by category.
//! Test id: `matter-type-<code>`.

use crate::api::{self, MatterTypeSummary};
use crate::app::Route;
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::nav_link::NavLink;
use crate::hooks::{Load, use_load};
use std::collections::BTreeMap;
use yew::prelude::*;

/// The catalog page.
#[function_component]
pub fn CatalogPage() -> Html {
    let types = use_load((), |_| api::matter_types());
    let body = match &*types.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(list) if !list.iter().any(|t| t.can_initiate) => {
            html! { <p class="card empty">{ "本单位暂无可发起的事项" }</p> }
        }
        Load::Ready(list) => {
            let mut groups: BTreeMap<&str, Vec<&MatterTypeSummary>> = BTreeMap::new();
            for t in list.iter().filter(|t| t.can_initiate) {
                let category = if t.category.is_empty() {
                    "其他"
                } else {
                    t.category.as_str()
                };
                groups.entry(category).or_default().push(t);
            }
            let sections = groups.into_iter().map(|(category, items)| {
                html! {
                    <section class="catalog-group">
                        <h3>{ category }</h3>
                        <div class="cards">{ for items.into_iter().map(card) }</div>
                    </section>
                }
            });
            html! { <>{ for sections }</> }
        }
    };
    html! {
        <>
            <div class="page-head"><h2>{ "事项登记" }</h2><p class="muted">{ "选择要发起的事项" }</p></div>
            { body }
        </>
    }
}

/// One matter type card.
fn card(t: &MatterTypeSummary) -> Html {
    let limit = t.time_limit_days.map(|d| format!("时限 {d} 个工作日"));
    html! {
        <NavLink to={Route::NewMatterOfType { code: t.code.clone() }} class="card type-card"
            testid={AttrValue::from(format!("matter-type-{}", t.code))}>
            <strong>{ t.name.clone() }</strong>
            <span class="muted">{ limit.unwrap_or_default() }</span>
            <span class="muted small">{ format!("版本 {}", t.version) }</span>
        </NavLink>
    }
}
