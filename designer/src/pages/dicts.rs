//! 数据字典: the dictionaries (list and a form to create one) and the editor of one dictionary —
//! name, description and items, which may be added, relabelled, reordered and disabled but never
//! removed once saved. Test ids: `dict-<code>`, `new-dict-code`, `new-dict-name`,
//! `new-dict-description`, `btn-new-dict`; in the editor `dict-name`, `dict-description`,
//! `dict-item-<i>-value`, `-label`, `-description`, `-enabled`, `-up`, `-down`, `-remove`,
//! `dict-add-item`, `btn-save-dict`.

use crate::api::ApiError;
use crate::api::dict::{self, Dict};
use crate::app::Route;
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::components::nav_link::NavLink;
use crate::hooks::{Load, use_load};
use crate::state::dict_edit::{DictAction, DictEdit, EditItem};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The list page.
#[function_component]
pub fn DictsPage() -> Html {
    let dicts = use_load((), |_| dict::list());
    let body = match &*dicts.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(list) => html! {
            <table class="table">
                <thead><tr><th>{ "字典" }</th><th>{ "说明" }</th><th>{ "字典项" }</th></tr></thead>
                <tbody>{ for list.iter().map(row) }</tbody>
            </table>
        },
    };
    html! {
        <>
            <div class="page-head"><h2>{ "数据字典" }</h2>
                <p class="muted">{ "表单的下拉、单选、多选字段和退回原因等从这里取选项；字典项只能停用，不能删除" }</p></div>
            <NewDict />
            <div class="card">{ body }</div>
        </>
    }
}

/// One dictionary in the list.
fn row(d: &Dict) -> Html {
    let enabled = d.items.iter().filter(|i| i.enabled).count();
    let count = if enabled == d.items.len() {
        format!("{}项", d.items.len())
    } else {
        format!("{}项（{}项停用）", d.items.len(), d.items.len() - enabled)
    };
    html! {
        <tr>
            <td><NavLink to={Route::Dict { code: d.code.clone() }} testid={AttrValue::from(format!("dict-{}", d.code))}>
                { d.name.clone() }</NavLink><br /><code class="small muted">{ d.code.clone() }</code></td>
            <td>{ d.description.clone() }</td>
            <td>{ count }</td>
        </tr>
    }
}

/// The form that creates a dictionary and opens its editor.
#[function_component]
fn NewDict() -> Html {
    let code = use_node_ref();
    let name = use_node_ref();
    let description = use_node_ref();
    let error = use_state(|| None::<ApiError>);
    let navigator = use_navigator();
    let onsubmit = {
        let (code, name, description, error) = (
            code.clone(),
            name.clone(),
            description.clone(),
            error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let read = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let (c, n, d) = (read(&code), read(&name), read(&description));
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match dict::create(c.trim(), &n, &d).await {
                    Ok(created) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Dict { code: created.code });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <form class="card row new-type" {onsubmit}>
            <label class="field">{ "字典编码" }
                <input class="input" ref={code} placeholder="如 marital_status" data-testid="new-dict-code" /></label>
            <label class="field">{ "字典名称" }
                <input class="input" ref={name} placeholder="如 婚姻状况" data-testid="new-dict-name" /></label>
            <label class="field">{ "说明" }
                <input class="input" ref={description} data-testid="new-dict-description" /></label>
            <button class="btn btn-primary" type="submit" data-testid="btn-new-dict">{ "新建字典" }</button>
            if let Some(e) = &*error {
                <ErrorBanner error={e.clone()} />
            }
        </form>
    }
}

/// Props of [`DictPage`].
#[derive(Properties, PartialEq)]
pub struct DictPageProps {
    /// Dictionary code.
    pub code: AttrValue,
}

/// The editor of one dictionary.
#[function_component]
pub fn DictPage(props: &DictPageProps) -> Html {
    let loaded = use_load(props.code.to_string(), |code| async move {
        dict::open(&code).await
    });
    let state = use_reducer(DictEdit::default);
    let result = use_state(|| None::<Result<(), ApiError>>);
    {
        let state = state.clone();
        use_effect_with(loaded.ready(), move |ready| {
            if let Some(d) = ready {
                state.dispatch(DictAction::Loaded((**d).clone()));
            }
        });
    }
    let body = match &*loaded.state {
        Load::Loading => return html! { <Spinner /> },
        Load::Failed(error) => return html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(_) => editor(&state),
    };
    let save = {
        let (state, result) = (state.clone(), result.clone());
        Callback::from(move |_| {
            let (state, result) = (state.clone(), result.clone());
            let s = (*state).clone();
            spawn_local(async move {
                match dict::save(&s.code, s.revision, &s.name, &s.description, &s.items()).await {
                    Ok(saved) => {
                        state.dispatch(DictAction::Loaded(saved));
                        result.set(Some(Ok(())));
                    }
                    Err(e) => result.set(Some(Err(e))),
                }
            });
        })
    };
    html! {
        <>
            <div class="page-head"><h2>{ format!("数据字典：{}", state.name) }</h2>
                <p class="muted"><NavLink to={Route::Dicts} testid="back-to-dicts">{ "← 全部字典" }</NavLink>
                    { " 编码 " }<code>{ state.code.clone() }</code></p></div>
            <div class="card">
                { body }
                <div class="row">
                    <button class="btn btn-primary" onclick={save} disabled={!state.dirty}
                        data-testid="btn-save-dict">{ "保存" }</button>
                    if state.dirty { <span class="muted">{ "有未保存的修改" }</span> }
                </div>
                { match &*result {
                    Some(Ok(())) => html! { <Notice text="已保存" /> },
                    Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
                    None => Html::default(),
                } }
            </div>
        </>
    }
}

/// Name, description and the items table.
fn editor(state: &UseReducerHandle<DictEdit>) -> Html {
    let on = |build: fn(String) -> DictAction| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.dispatch(build(e.target_unchecked_into::<HtmlInputElement>().value()));
        })
    };
    let add = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(DictAction::Add))
    };
    let rows = state
        .items
        .iter()
        .enumerate()
        .map(|(i, e)| item_row(state, i, e, state.items.len()));
    html! {
        <>
            <div class="grid">
                <label class="field span-4">{ "字典名称" }
                    <input class="input" value={state.name.clone()} data-testid="dict-name"
                        onchange={on(DictAction::Name)} /></label>
                <label class="field span-8">{ "说明" }
                    <input class="input" value={state.description.clone()} data-testid="dict-description"
                        onchange={on(DictAction::Description)} /></label>
            </div>
            <table class="table dict-items">
                <thead><tr><th>{ "代码" }</th><th>{ "名称" }</th><th>{ "说明" }</th><th>{ "启用" }</th><th></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <button class="btn" onclick={add} data-testid="dict-add-item">{ "＋ 添加字典项" }</button>
            <p class="help">{ "已保存的字典项代码不可修改，也不能删除；不再使用的项请取消“启用”，已有办件仍显示其名称。" }</p>
        </>
    }
}

/// One item: value (editable until saved), label, description, enabled, up/down/remove.
fn item_row(state: &UseReducerHandle<DictEdit>, i: usize, e: &EditItem, len: usize) -> Html {
    let id = |name: &str| format!("dict-item-{i}-{name}");
    let text = |build: fn(usize, String) -> DictAction| {
        let state = state.clone();
        Callback::from(move |ev: Event| {
            state.dispatch(build(
                i,
                ev.target_unchecked_into::<HtmlInputElement>().value(),
            ));
        })
    };
    let act = |action: DictAction| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    let toggle = {
        let state = state.clone();
        Callback::from(move |ev: Event| {
            let on = ev.target_unchecked_into::<HtmlInputElement>().checked();
            state.dispatch(DictAction::Enabled(i, on));
        })
    };
    let description = e.item.description.clone().unwrap_or_default();
    html! {
        <tr class={classes!((!e.item.enabled).then_some("muted"))}>
            <td><input class="input" value={e.item.value.clone()} readonly={e.saved}
                data-testid={id("value")} onchange={text(DictAction::Value)} /></td>
            <td><input class="input" value={e.item.label.clone()} data-testid={id("label")}
                onchange={text(DictAction::Label)} /></td>
            <td><input class="input" value={description} data-testid={id("description")}
                onchange={text(DictAction::ItemDescription)} /></td>
            <td><input type="checkbox" checked={e.item.enabled} data-testid={id("enabled")} onchange={toggle} /></td>
            <td class="nowrap">
                <button class="btn btn-link" disabled={i == 0} onclick={act(DictAction::Up(i))}
                    data-testid={id("up")} title="上移">{ "↑" }</button>
                <button class="btn btn-link" disabled={i + 1 == len} onclick={act(DictAction::Down(i))}
                    data-testid={id("down")} title="下移">{ "↓" }</button>
                if !e.saved {
                    <button class="btn btn-link" onclick={act(DictAction::Remove(i))}
                        data-testid={id("remove")}>{ "移除" }</button>
                }
            </td>
        </tr>
    }
}
