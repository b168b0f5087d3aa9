//! 事项设计: every matter type with its draft and versions, and a form to create a new one.
//! Test ids: `design-<code>`, `new-type-code`, `new-type-name`, `new-type-category`,
//! `btn-new-type`.

use crate::api::ApiError;
use crate::api::admin::{self, AdminSummary};
use crate::app::Route;
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::nav_link::NavLink;
use crate::hooks::{Load, use_load};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The list page.
#[function_component]
pub fn DesignsPage() -> Html {
    let types = use_load((), |_| admin::list());
    let body = match &*types.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(list) => html! {
            <table class="table">
                <thead><tr><th>{ "事项" }</th><th>{ "分类" }</th><th>{ "当前版本" }</th><th>{ "状态" }</th></tr></thead>
                <tbody>{ for list.iter().map(row) }</tbody>
            </table>
        },
    };
    html! {
        <>
            <div class="page-head"><h2>{ "事项设计" }</h2>
                <p class="muted">{ "设计表单和流程，发布后立即生效，无需重新部署" }</p></div>
            <NewType />
            <div class="card">{ body }</div>
        </>
    }
}

/// One matter type.
fn row(t: &AdminSummary) -> Html {
    let (version, status) = match t.versions.first() {
        Some(v) if v.status == "published" => (format!("第{}版", v.version), "已发布"),
        Some(v) => (format!("第{}版", v.version), "已停用"),
        None => ("—".to_owned(), "草稿"),
    };
    html! {
        <tr>
            <td><NavLink to={Route::Design { code: t.code.clone() }} testid={AttrValue::from(format!("design-{}", t.code))}>
                { t.name.clone() }</NavLink><br /><code class="small muted">{ t.code.clone() }</code></td>
            <td>{ t.category.clone() }</td>
            <td>{ version }</td>
            <td>{ status }</td>
        </tr>
    }
}

/// The form that creates a matter type and opens its designer.
#[function_component]
fn NewType() -> Html {
    let code = use_node_ref();
    let name = use_node_ref();
    let category = use_node_ref();
    let error = use_state(|| None::<ApiError>);
    let navigator = use_navigator();
    let onsubmit = {
        let (code, name, category, error) =
            (code.clone(), name.clone(), category.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let read = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let (c, n, k) = (read(&code), read(&name), read(&category));
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match admin::create(c.trim(), &n, &k).await {
                    Ok(def) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Design { code: def.code });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <form class="card row new-type" {onsubmit}>
            <label class="field">{ "事项编码" }
                <input class="input" ref={code} placeholder="如 vehicle_use" data-testid="new-type-code" /></label>
            <label class="field">{ "事项名称" }
                <input class="input" ref={name} placeholder="如 公务用车使用审批" data-testid="new-type-name" /></label>
            <label class="field">{ "分类" }
                <input class="input" ref={category} placeholder="如 后勤保障" data-testid="new-type-category" /></label>
            <button class="btn btn-primary" type="submit" data-testid="btn-new-type">{ "新建事项" }</button>
            if let Some(e) = &*error {
                <ErrorBanner error={e.clone()} />
            }
        </form>
    }
}
