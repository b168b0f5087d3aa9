//! Work lists (待办, 已办, 我发起的, 草稿箱): filters, a table and keyset paging with
//! `next_cursor`. A row opens the matter (drafts open the editor). Test ids: `filter-type`,
//! `filter-status`, `filter-from`, `filter-to`, `filter-q`, `btn-search`, `btn-reset`,
//! `worklist-row`, `worklist-empty`, `worklist-total`, `btn-prev-page`, `btn-next-page`.

use crate::api::{self, ListFilter, ListKind, WorkItem, WorkPage};
use crate::app::Route;
use crate::components::deadline::TierBadge;
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::pager::cursor_pager;
use crate::format;
use crate::hooks::{Load, use_load};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`WorklistPage`].
#[derive(Properties, PartialEq)]
pub struct WorklistProps {
    /// Which list.
    pub kind: ListKind,
}

/// One work list.
#[function_component]
pub fn WorklistPage(props: &WorklistProps) -> Html {
    let kind = props.kind;
    let draft = use_state(ListFilter::default);
    let applied = use_state(ListFilter::default);
    let cursors = use_state(Vec::<String>::new);
    // Bumped by 重置 so the selects are rebuilt (a select keeps the user's choice otherwise).
    let resets = use_state(|| 0_u32);
    // A live notification (a new task, a return …) reloads the list.
    let received = crate::hooks::use_session().received;
    let deps = (kind, (*applied).clone(), cursors.last().cloned(), received);
    let page = use_load(deps, |(kind, filter, cursor, _)| async move {
        api::worklist(kind, &filter, cursor.as_deref()).await
    });
    let types = use_load((), |_| api::matter_types());
    let type_options: Vec<(String, String)> = types
        .ready()
        .map(|list| {
            list.iter()
                .map(|t| (t.code.clone(), t.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let onsubmit = {
        let (draft, applied, cursors) = (draft.clone(), applied.clone(), cursors.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*draft).clone());
            cursors.set(Vec::new());
        })
    };
    let onreset = {
        let (draft, applied, cursors) = (draft.clone(), applied.clone(), cursors.clone());
        let resets = resets.clone();
        Callback::from(move |_: MouseEvent| {
            resets.set(*resets + 1);
            draft.set(ListFilter::default());
            applied.set(ListFilter::default());
            cursors.set(Vec::new());
        })
    };
    let body = match &*page.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(data) => html! {
            <>
                <ListTable {kind} page={(**data).clone()} />
                { pager(data, &cursors) }
            </>
        },
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ kind.title() }</h2></div>
            <form class="card filters" {onsubmit}>
                { filters(kind, &draft, type_options, *resets) }
                <div class="filter-buttons">
                    <button type="submit" class="btn btn-primary" data-testid="btn-search">{ "查询" }</button>
                    <button type="button" class="btn" data-testid="btn-reset" onclick={onreset}>{ "重置" }</button>
                </div>
            </form>
            { body }
        </>
    }
}

/// The filter inputs, bound to `draft`.
fn filters(
    kind: ListKind,
    draft: &UseStateHandle<ListFilter>,
    types: Vec<(String, String)>,
    generation: u32,
) -> Html {
    let edit = |apply: fn(&mut ListFilter, String)| {
        let draft = draft.clone();
        move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        }
    };
    let select = |apply: fn(&mut ListFilter, String)| {
        let f = edit(apply);
        Callback::from(move |e: Event| f(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let input = |apply: fn(&mut ListFilter, String)| {
        let f = edit(apply);
        Callback::from(move |e: InputEvent| {
            f(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let option = |(value, label): (String, String), current: &str| {
        let selected = value == current;
        html! { <option {value} {selected}>{ label }</option> }
    };
    let statuses = format::MATTER_STATUSES
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()));
    html! {
        <div class="filter-grid" key={generation.to_string()}>
            <label>{ "事项类型" }
                <select class="input" data-testid="filter-type" onchange={select(|f, v| f.type_code = v)}>
                    <option value="" selected={draft.type_code.is_empty()}>{ "全部" }</option>
                    <>{ for types.into_iter().map(|o| option(o, &draft.type_code)) }</>
                </select>
            </label>
            if kind != ListKind::Drafts {
                <label>{ "状态" }
                    <select class="input" data-testid="filter-status" onchange={select(|f, v| f.status = v)}>
                        <option value="" selected={draft.status.is_empty()}>{ "全部" }</option>
                        { for statuses.map(|o| option(o, &draft.status)) }
                    </select>
                </label>
            }
            <label>{ "日期从" }
                <input class="input" type="date" value={draft.from.clone()} data-testid="filter-from"
                    oninput={input(|f, v| f.from = v)} />
            </label>
            <label>{ "到" }
                <input class="input" type="date" value={draft.to.clone()} data-testid="filter-to"
                    oninput={input(|f, v| f.to = v)} />
            </label>
            <label class="grow">{ "关键词" }
                <input class="input" type="search" placeholder="标题、编号" value={draft.q.clone()}
                    data-testid="filter-q" oninput={input(|f, v| f.q = v)} />
            </label>
        </div>
    }
}

/// Total and 上一页 / 下一页.
fn pager(page: &WorkPage, cursors: &UseStateHandle<Vec<String>>) -> Html {
    let total = if page.total >= 1000 {
        "1000+".to_owned()
    } else {
        page.total.to_string()
    };
    let lead = html! { <span class="muted" data-testid="worklist-total">{ format!("共 {total} 条") }</span> };
    cursor_pager(page.next_cursor.clone(), cursors, lead)
}

/// Props of [`ListTable`].
#[derive(Properties, PartialEq)]
struct ListTableProps {
    kind: ListKind,
    page: WorkPage,
}

/// The rows.
#[function_component]
fn ListTable(props: &ListTableProps) -> Html {
    let navigator = use_navigator();
    if props.page.items.is_empty() {
        return html! { <p class="card empty" data-testid="worklist-empty">{ "暂无数据" }</p> };
    }
    let open = |item: &WorkItem| {
        let route = if props.kind == ListKind::Drafts || item.status == "draft" {
            Route::EditMatter {
                id: item.matter_id.clone(),
            }
        } else {
            Route::Matter {
                id: item.matter_id.clone(),
            }
        };
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(navigator) = &navigator {
                navigator.push(&route);
            }
        })
    };
    let time_label = match props.kind {
        ListKind::Todo => "收到时间",
        ListKind::Done => "办理时间",
        ListKind::Initiated => "提交时间",
        ListKind::Drafts => "保存时间",
    };
    html! {
        <div class="table-wrap card">
            <table class="table list">
                <thead><tr>
                    <th>{ "办件编号" }</th><th>{ "标题" }</th><th>{ "事项类型" }</th><th>{ "环节" }</th>
                    <th>{ "发起人" }</th><th>{ "状态" }</th><th>{ "时效" }</th><th>{ time_label }</th>
                </tr></thead>
                <tbody>
                    { for props.page.items.iter().map(|item| {
                        let step = item.step_name.clone().or_else(|| item.unit_name.clone()).unwrap_or_default();
                        html! {
                            <tr class="clickable" data-testid="worklist-row" data-matter-id={item.matter_id.clone()}
                                onclick={open(item)}>
                                <td data-label="办件编号">{ item.number.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td data-label="标题" class="title-cell">{ item.title.clone() }</td>
                                <td data-label="事项类型">{ item.type_name.clone() }</td>
                                <td data-label="环节">{ step }</td>
                                <td data-label="发起人">{ item.initiator_name.clone() }</td>
                                <td data-label="状态"><span class={format::status_class(&item.status)}>{ item.status_label.clone() }</span></td>
                                <td data-label="时效">{ item.tier.clone().map(|c| html! { <TierBadge color={c} /> }).unwrap_or_default() }</td>
                                <td data-label={time_label}>{ format::time(&item.at) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
