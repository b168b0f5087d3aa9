//! 通知模板 (administrators): every event kind on every channel with where its template comes
//! from (自定义 / 默认) and, for an administrator's own, who saved it and when. 编辑 opens the
//! editor: the Tera source, the variables to insert at the cursor, the default for reference and
//! a preview the server renders with the sample values 400 ms after the last keystroke, without
//! saving. 保存 sends the revision the text was edited from (a stale one is refused: 刷新 loads
//! the stored one); 恢复默认, after a confirmation, removes the administrator's template. Opening
//! another template or closing the editor with unsaved changes asks first. Test
//! ids: `template-row` (with `data-kind`, `data-channel`, `data-origin`),
//! `btn-edit-template-<kind>-<channel>`, `template-editor`, `template-text`, `btn-var-<name>`,
//! `template-default`, `btn-use-default`, `template-preview`, `template-preview-title`,
//! `template-preview-body`, `template-preview-error`, `btn-save-template`, `template-save-error`,
//! `btn-reload-template`, `btn-reset-template`, `btn-reset-template-confirm`,
//! `btn-reset-template-cancel`, `btn-close-template`.

use crate::api::ApiError;
use crate::api::notify::{self, Template, TemplateList, Variable};
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::format;
use crate::hooks::{Load, use_load};
use crate::state::flight::Flight;
use crate::state::template_edit::{insert_at, variable_snippet};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// How long after the last keystroke the preview is rendered.
const PREVIEW_DELAY_MS: u32 = 400;

/// The page: the table and, below it, the editor of the chosen template.
#[function_component]
pub fn NotifyTemplatesPage() -> Html {
    let list = use_load((), |_| notify::templates());
    let open = use_state(|| None::<(String, String)>);
    let notice = use_state(|| None::<AttrValue>);
    // Whether the open editor holds unsaved changes (it reports them; no render needed).
    let unsaved = use_mut_ref(|| false);
    let leave = {
        let (open, unsaved) = (open.clone(), unsaved.clone());
        move |next: Option<(String, String)>| {
            if *open == next {
                return;
            }
            if *unsaved.borrow() && !gloo::dialogs::confirm("当前模板有未保存的修改，确定放弃？")
            {
                return;
            }
            *unsaved.borrow_mut() = false;
            open.set(next);
        }
    };
    let on_open = {
        let (leave, notice) = (leave.clone(), notice.clone());
        Callback::from(move |pair: (String, String)| {
            notice.set(None);
            leave(Some(pair));
        })
    };
    let on_dirty = Callback::from(move |dirty: bool| *unsaved.borrow_mut() = dirty);
    let on_changed = {
        let (state, notice) = (list.state.clone(), notice.clone());
        Callback::from(move |(template, text): (Template, &'static str)| {
            if let Load::Ready(current) = &*state {
                let mut next = (**current).clone();
                next.replace(template);
                state.set(Load::Ready(Rc::new(next)));
            }
            notice.set(Some(text.into()));
        })
    };
    let on_close = Callback::from(move |()| leave(None));
    let body = match &*list.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(data) => {
            let editor = open
                .as_ref()
                .and_then(|(k, c)| {
                    data.templates
                        .iter()
                        .find(|t| &t.kind == k && &t.channel == c)
                })
                .map(|t| {
                    let key = format!("{}/{}/{}", t.kind, t.channel, t.revision);
                    html! {
                        <TemplateEditor {key} template={t.clone()} variables={data.variables.clone()}
                            on_changed={on_changed.clone()} on_reload={list.reload.clone()}
                            on_close={on_close.clone()} on_dirty={on_dirty.clone()} />
                    }
                });
            html! {
                <>
                    <TemplateTable list={(**data).clone()} open={(*open).clone()} {on_open} />
                    { editor.unwrap_or_default() }
                </>
            }
        }
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ "通知模板" }</h2>
                <p class="muted">{ "每种通知在每个渠道的标题和正文模板：管理员修改后对之后产生的通知立即生效，已发出的通知不变；恢复默认即改回内置模板" }</p></div>
            if let Some(text) = &*notice { <Notice text={text.clone()} /> }
            { body }
        </>
    }
}

/// Props of [`TemplateTable`].
#[derive(Properties, PartialEq)]
struct TemplateTableProps {
    list: TemplateList,
    /// The (kind, channel) in the editor.
    open: Option<(String, String)>,
    on_open: Callback<(String, String)>,
}

/// Every kind × channel.
#[function_component]
fn TemplateTable(props: &TemplateTableProps) -> Html {
    let row = |t: &Template| {
        let onclick = {
            let (on_open, pair) = (props.on_open.clone(), (t.kind.clone(), t.channel.clone()));
            Callback::from(move |_: MouseEvent| on_open.emit(pair.clone()))
        };
        let editing = props
            .open
            .as_ref()
            .is_some_and(|(k, c)| *k == t.kind && *c == t.channel);
        let badge = if t.is_custom() {
            "badge badge-running"
        } else {
            "badge"
        };
        let saved = match (&t.updated_by, &t.updated_at) {
            (Some(by), Some(at)) if t.is_custom() => format!("{by} · {}", format::time(at)),
            _ => String::new(),
        };
        html! {
            <tr data-testid="template-row" data-kind={t.kind.clone()} data-channel={t.channel.clone()}
                data-origin={t.origin.clone()} class={classes!(editing.then_some("selected"))}>
                <td data-label="通知类型">{ t.kind_label.clone() }</td>
                <td data-label="渠道">{ t.channel_label.clone() }</td>
                <td data-label="来源"><span class={badge}>{ t.origin_label() }</span></td>
                <td data-label="标题预览" class="title-cell">{ t.preview.title.clone() }</td>
                <td data-label="最后修改" class="small">{ saved }</td>
                <td class="row-actions">
                    <button type="button" class="btn btn-small" {onclick}
                        data-testid={format!("btn-edit-template-{}-{}", t.kind, t.channel)}>{ "编辑" }</button>
                </td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap card">
            <table class="table list">
                <thead><tr>
                    <th>{ "通知类型" }</th><th>{ "渠道" }</th><th>{ "来源" }</th><th>{ "标题预览" }</th>
                    <th>{ "最后修改" }</th><th></th>
                </tr></thead>
                <tbody>{ for props.list.templates.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// Props of [`TemplateEditor`].
#[derive(Properties, PartialEq)]
struct TemplateEditorProps {
    template: Template,
    variables: Vec<Variable>,
    /// The saved or reset template, with the notice to show.
    on_changed: Callback<(Template, &'static str)>,
    /// Loads the stored templates again (after a conflict).
    on_reload: Callback<()>,
    on_close: Callback<()>,
    /// Whether the text differs from the stored one, on every change of that.
    on_dirty: Callback<bool>,
}

/// The editor of one template. Keyed by kind, channel and revision: a saved, reset or reloaded
/// template starts a fresh editor.
#[function_component]
fn TemplateEditor(props: &TemplateEditorProps) -> Html {
    let t = &props.template;
    let text = use_state(|| t.text.clone());
    let previewed = use_state_eq(|| t.text.clone());
    let timer = use_mut_ref(|| None::<Timeout>);
    let area = use_node_ref();
    let card = use_node_ref();
    {
        // The table is long: bring the editor into view when it opens.
        let card = card.clone();
        use_effect_with((), move |_| {
            if let Some(el) = card.cast::<web_sys::Element>() {
                el.scroll_into_view();
            }
        });
    }
    let flight = use_memo((), |_| Flight::default());
    let busy = use_state(|| false);
    let confirming = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    {
        let (previewed, timer) = (previewed.clone(), timer.clone());
        use_effect_with((*text).clone(), move |text| {
            let (text, previewed) = (text.clone(), previewed.clone());
            *timer.borrow_mut() = Some(Timeout::new(PREVIEW_DELAY_MS, move || previewed.set(text)));
        });
    }
    let preview = {
        let (kind, channel) = (t.kind.clone(), t.channel.clone());
        use_load((*previewed).clone(), move |text| async move {
            notify::preview_template(&kind, &channel, &text).await
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let insert = |name: &str| {
        let (text, area, snippet) = (text.clone(), area.clone(), variable_snippet(name));
        Callback::from(move |_: MouseEvent| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let current = el.value();
            let end_of_text = current.encode_utf16().count() as u32;
            let start = el.selection_start().ok().flatten().unwrap_or(end_of_text);
            let end = el.selection_end().ok().flatten().unwrap_or(start);
            let (next, cursor) = insert_at(&current, start, end, &snippet);
            // Set the value here so the cursor can follow the snippet; the render then finds it
            // unchanged and leaves the selection alone.
            el.set_value(&next);
            let _ = el.set_selection_range(cursor, cursor);
            let _ = el.focus();
            text.set(next);
        })
    };
    let use_default = {
        let (text, default) = (text.clone(), t.default_text.clone());
        Callback::from(move |_: MouseEvent| text.set(default.clone()))
    };
    let run = |op: Op| {
        let (flight, busy, confirming, failed) = (
            (*flight).clone(),
            busy.clone(),
            confirming.clone(),
            failed.clone(),
        );
        let (on_changed, t, text) = (props.on_changed.clone(), t.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(boarding) = flight.board() else {
                return;
            };
            let (busy, failed, on_changed, t) =
                (busy.clone(), failed.clone(), on_changed.clone(), t.clone());
            let text = (*text).clone();
            confirming.set(false);
            busy.set(true);
            spawn_local(async move {
                let _boarding = boarding;
                let answer = match op {
                    Op::Save => notify::save_template(&t.kind, &t.channel, &text, t.revision)
                        .await
                        .map(|saved| (saved, "已保存，之后产生的通知使用新模板")),
                    Op::Reset => notify::reset_template(&t.kind, &t.channel)
                        .await
                        .map(|reset| (reset, "已恢复默认模板")),
                };
                busy.set(false);
                match answer {
                    Ok(changed) => on_changed.emit(changed),
                    Err(e) => failed.set(Some(e)),
                }
            });
        })
    };
    let dirty = *text != t.text;
    {
        let on_dirty = props.on_dirty.clone();
        use_effect_with(dirty, move |dirty| on_dirty.emit(*dirty));
    }
    let failure = match &*failed {
        None => Html::default(),
        Some(e) => {
            let reload = (e.code == "conflict").then(|| {
                let on_reload = props.on_reload.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_reload.emit(()));
                html! { <button type="button" class="btn" data-testid="btn-reload-template" {onclick}>
                    { "刷新（放弃本次修改）" }</button> }
            });
            html! {
                <div data-testid="template-save-error">
                    <ErrorBanner error={e.clone()} />{ reload.unwrap_or_default() }
                </div>
            }
        }
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let variables = props.variables.iter().map(|v| {
        html! {
            <li><button type="button" class="btn btn-link mono" onclick={insert(&v.name)}
                data-testid={format!("btn-var-{}", v.name)} title="插入到光标处">{ variable_snippet(&v.name) }</button>
                <span class="muted small">{ v.description.clone() }</span></li>
        }
    });
    html! {
        <div class="card" data-testid="template-editor" ref={card}>
            <div class="row">
                <h3>{ format!("{} · {}", t.kind_label, t.channel_label) }</h3>
                <span class="badge">{ t.origin_label() }</span>
                <span class="spacer"></span>
                <button type="button" class="btn btn-plain" data-testid="btn-close-template" onclick={close}>{ "关闭" }</button>
            </div>
            <div class="form-grid">
                <div class="span-6">
                    <label class="field-label" for="template-text">{ "模板（Tera 语法）" }</label>
                    <textarea id="template-text" class="input code" rows="10" spellcheck="false" ref={area.clone()}
                        value={(*text).clone()} {oninput} data-testid="template-text" />
                    <p class="help">{ "同一模板渲染两次：part 为 \"title\" 时输出标题，否则输出正文，例如 {% if part == \"title\" %}标题{% else %}正文{% endif %}" }</p>
                    <div class="actions">
                        <button type="button" class="btn btn-primary" disabled={!dirty || *busy}
                            onclick={run(Op::Save)} data-testid="btn-save-template">
                            { if *busy { "正在保存…" } else { "保存" } }</button>
                        if t.is_custom() {
                            { reset_buttons(&confirming, *busy, run(Op::Reset)) }
                        }
                        if dirty { <span class="muted">{ "有未保存的修改" }</span> }
                    </div>
                    { failure }
                </div>
                <div class="span-6">
                    { preview_box(&preview.state) }
                    <h4>{ "可用变量" }</h4>
                    <ul class="functions">{ for variables }</ul>
                    <h4>{ "默认模板" }</h4>
                    <pre class="code-input template-body" data-testid="template-default">{ t.default_text.clone() }</pre>
                    <button type="button" class="btn btn-small" onclick={use_default}
                        data-testid="btn-use-default">{ "以默认模板为起点编辑" }</button>
                </div>
            </div>
        </div>
    }
}

/// An operation of the editor.
#[derive(Clone, Copy)]
enum Op {
    Save,
    Reset,
}

/// 恢复默认, then the confirmation.
fn reset_buttons(
    confirming: &UseStateHandle<bool>,
    busy: bool,
    reset: Callback<MouseEvent>,
) -> Html {
    let set = |on: bool| {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(on))
    };
    if **confirming {
        html! {
            <span class="confirm">
                { "删除自定义模板并恢复默认？" }
                <button type="button" class="btn btn-danger" disabled={busy}
                    data-testid="btn-reset-template-confirm" onclick={reset}>{ "确认恢复" }</button>
                <button type="button" class="btn" data-testid="btn-reset-template-cancel" onclick={set(false)}>{ "取消" }</button>
            </span>
        }
    } else {
        html! {
            <button type="button" class="btn btn-danger-plain" disabled={busy}
                data-testid="btn-reset-template" onclick={set(true)}>{ "恢复默认" }</button>
        }
    }
}

/// The preview of the text as it is now (not saved), or why it does not render.
fn preview_box(state: &Load<notify::Preview>) -> Html {
    let inner = match state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(e) => html! {
            <p class="field-error" data-testid="template-preview-error">{ e.detail.clone() }</p>
        },
        Load::Ready(p) => html! {
            <>
                <p><strong data-testid="template-preview-title">{ p.title.clone() }</strong></p>
                <p class="template-body" data-testid="template-preview-body">{ p.body.clone() }</p>
            </>
        },
    };
    html! {
        <div class="guide" data-testid="template-preview">
            <h4>{ "预览（示例数据，未保存）" }</h4>
            { inner }
        </div>
    }
}
