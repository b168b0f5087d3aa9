//! 事项登记: the matter types the user's unit may initiate, as cards grouped by category, with
//! a search box over name, category and code. Test ids: `matter-type-<code>`, `catalog-search`,
//! `catalog-no-match`.

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
    let query = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let body = match &*types.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(list) if !list.iter().any(|t| t.can_initiate) => {
            html! { <p class="card empty">{ "本单位暂无可发起的事项" }</p> }
        }
        Load::Ready(list) if !list.iter().any(|t| t.can_initiate && matches(t, &query)) => {
            html! { <p class="card empty" data-testid="catalog-no-match">{ format!("没有与“{}”匹配的事项", query.trim()) }</p> }
        }
        Load::Ready(list) => {
            let mut groups: BTreeMap<&str, Vec<&MatterTypeSummary>> = BTreeMap::new();
            for t in list.iter().filter(|t| t.can_initiate && matches(t, &query)) {
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
            <input class="input catalog-search" type="search" placeholder="搜索事项名称、分类或编码"
                value={(*query).clone()} {oninput} data-testid="catalog-search" />
            { body }
        </>
    }
}

/// Whether a type matches the search text (case-insensitive, any of name, category, code).
fn matches(t: &MatterTypeSummary, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || [&t.name, &t.category, &t.code]
            .iter()
            .any(|s| s.to_lowercase().contains(&q))
}

/// One matter type card.
fn card(t: &MatterTypeSummary) -> Html {
    let limit = t
        .time_limit_days
        .map(|d| format!("时限 {d} {}", t.time_limit_unit.label()));
    html! {
        <NavLink to={Route::NewMatterOfType { code: t.code.clone() }} class="card type-card"
            testid={AttrValue::from(format!("matter-type-{}", t.code))}>
            <strong>{ t.name.clone() }</strong>
            <span class="muted">{ limit.unwrap_or_default() }</span>
            <span class="muted small">{ format!("版本 {}", t.version) }</span>
        </NavLink>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(code: &str, name: &str, category: &str) -> MatterTypeSummary {
        serde_json::from_value(
            serde_json::json!({ "code": code, "name": name, "category": category }),
        )
        .unwrap()
    }

    #[test]
    fn search_matches_name_category_or_code() {
        let t = summary("vehicle_use", "公务用车使用审批", "后勤保障");
        for query in ["", "  ", "用车", "后勤", "VEHICLE", " use "] {
            assert!(matches(&t, query), "{query:?}");
        }
        assert!(!matches(&t, "人员调入"));
    }
}
