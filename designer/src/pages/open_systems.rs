//! 对接系统 (administrators, 受办分离): the units' own systems — list, create and edit (unit,
//! name, endpoint, signature algorithm, SM2 public key, matter types, enabled), 重置密钥 with an
//! overlap for the previous secret and the new one shown once ([`super::open_secret`]) — and the
//! 推送记录 tab ([`super::open_pushes`]). Test ids: `tab-systems`, `tab-pushes`, `system-row`,
//! `btn-new-system`, `btn-edit-<id>`, `btn-rotate-<id>`, `system-unit`, `system-name`,
//! `system-endpoint`, `system-algorithm`, `system-sm2`, `system-types`, `system-enabled`,
//! `btn-save-system`.

use super::open_pushes::PushesTab;
use super::open_secret::{RotateDialog, previous_secret, secret_dialog};
use crate::api::ApiError;
use crate::api::open::{self, ExternalSystem, Issued, SystemForm};
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::hooks::{Load, use_load, use_org};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The page: two tabs.
#[function_component]
pub fn OpenSystemsPage() -> Html {
    let pushes = use_state(|| false);
    let tab = |on_pushes: bool, label: &str, testid: &str| {
        let pushes = pushes.clone();
        let class = classes!("tab", (*pushes == on_pushes).then_some("active"));
        let onclick = Callback::from(move |_: MouseEvent| pushes.set(on_pushes));
        html! { <button type="button" role="tab" {class} data-testid={testid.to_owned()} {onclick}>{ label.to_owned() }</button> }
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ "对接系统" }</h2>
                <p class="muted">{ "单位在自有系统中办理（受办分离）时，联办把办件推送到该系统的接收地址，对方通过开放接口回报办理情况" }</p></div>
            <div class="tabs" role="tablist">
                { tab(false, "系统登记", "tab-systems") }
                { tab(true, "推送记录", "tab-pushes") }
            </div>
            if *pushes { <PushesTab /> } else { <SystemsTab /> }
        </>
    }
}

/// What the systems tab is doing.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    None,
    New,
    Existing(Box<ExternalSystem>),
}

/// The list of systems, the editor and the secret dialog.
#[function_component]
fn SystemsTab() -> Html {
    let systems = use_load((), |_| open::systems());
    let editing = use_state(|| Editing::None);
    let issued = use_state(|| None::<Issued>);
    let result = use_state(|| None::<Result<String, ApiError>>);
    let on_saved = {
        let (editing, issued, result, reload) = (
            editing.clone(),
            issued.clone(),
            result.clone(),
            systems.reload.clone(),
        );
        Callback::from(move |created: Option<Issued>| {
            editing.set(Editing::None);
            result.set(Some(Ok("已保存".into())));
            if created.is_some() {
                issued.set(created);
            }
            reload.emit(());
        })
    };
    let rotating = use_state(|| None::<ExternalSystem>);
    let on_rotate = {
        let rotating = rotating.clone();
        Callback::from(move |s: ExternalSystem| rotating.set(Some(s)))
    };
    let on_confirm_rotate = {
        let (rotating, issued, result, reload) = (
            rotating.clone(),
            issued.clone(),
            result.clone(),
            systems.reload.clone(),
        );
        Callback::from(move |hours: i64| {
            let Some(system) = (*rotating).clone() else {
                return;
            };
            rotating.set(None);
            let (issued, result, reload) = (issued.clone(), result.clone(), reload.clone());
            spawn_local(async move {
                match open::rotate_secret(&system.id, hours).await {
                    Ok(i) => issued.set(Some(i)),
                    Err(e) => result.set(Some(Err(e))),
                }
                reload.emit(());
            });
        })
    };
    let on_cancel_rotate = {
        let rotating = rotating.clone();
        Callback::from(move |_: ()| rotating.set(None))
    };
    let on_revoke = {
        let (result, reload) = (result.clone(), systems.reload.clone());
        Callback::from(move |id: String| {
            let (result, reload) = (result.clone(), reload.clone());
            spawn_local(async move {
                match open::revoke_previous_secret(&id).await {
                    Ok(()) => result.set(Some(Ok("旧密钥已停用".into()))),
                    Err(e) => result.set(Some(Err(e))),
                }
                reload.emit(());
            });
        })
    };
    let new = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Editing::New))
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |s: ExternalSystem| editing.set(Editing::Existing(Box::new(s))))
    };
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(Editing::None))
    };
    let list = match &*systems.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(list) => {
            html! { <SystemTable list={(**list).clone()} {on_edit} {on_rotate} {on_revoke} /> }
        }
    };
    let editor = match &*editing {
        Editing::None => Html::default(),
        Editing::New => {
            html! { <SystemEditor key="new" system={None::<ExternalSystem>} {on_saved} {on_cancel} /> }
        }
        Editing::Existing(s) => {
            html! { <SystemEditor key={s.id.clone()} system={Some((**s).clone())} {on_saved} {on_cancel} /> }
        }
    };
    let outcome = match &*result {
        Some(Ok(text)) => html! { <Notice text={text.clone()} /> },
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        None => Html::default(),
    };
    let dialog = issued.as_ref().map(|i| {
        let issued = issued.clone();
        let onclose = Callback::from(move |_: MouseEvent| issued.set(None));
        secret_dialog(i, onclose)
    });
    let rotate_dialog = rotating.as_ref().map(|system| {
        html! { <RotateDialog system={system.clone()} on_confirm={on_confirm_rotate} on_cancel={on_cancel_rotate} /> }
    });
    html! {
        <>
            <div class="row">
                <span class="spacer"></span>
                <button type="button" class="btn btn-primary" data-testid="btn-new-system" onclick={new}>{ "登记系统" }</button>
            </div>
            { outcome }
            { editor }
            { list }
            { rotate_dialog.unwrap_or_default() }
            { dialog.unwrap_or_default() }
        </>
    }
}

/// Props of [`SystemTable`].
#[derive(Properties, PartialEq)]
struct SystemTableProps {
    list: Vec<ExternalSystem>,
    on_edit: Callback<ExternalSystem>,
    on_rotate: Callback<ExternalSystem>,
    on_revoke: Callback<String>,
}

/// The registered systems.
#[function_component]
fn SystemTable(props: &SystemTableProps) -> Html {
    if props.list.is_empty() {
        return html! { <p class="card empty" data-testid="system-empty">{ "尚未登记对接系统" }</p> };
    }
    let row = |s: &ExternalSystem| {
        let edit = {
            let (on_edit, s) = (props.on_edit.clone(), s.clone());
            Callback::from(move |_: MouseEvent| on_edit.emit(s.clone()))
        };
        let rotate = {
            let (on_rotate, s) = (props.on_rotate.clone(), s.clone());
            Callback::from(move |_: MouseEvent| on_rotate.emit(s.clone()))
        };
        let state = if s.enabled {
            html! { <span class="badge badge-done">{ "启用" }</span> }
        } else {
            html! { <><span class="badge badge-returned">{ "停用" }</span>
            <div class="muted small">{ s.disabled_reason.clone().unwrap_or_default() }</div></> }
        };
        let types = if s.matter_types.is_empty() {
            "全部事项".to_owned()
        } else {
            s.matter_types.join("、")
        };
        html! {
            <tr data-testid="system-row" data-id={s.id.clone()}>
                <td data-label="单位">{ format!("{}（{}）", s.unit_name, s.unit) }</td>
                <td data-label="系统">{ s.name.clone() }<div class="muted small"><code>{ s.app_key.clone() }</code></div>
                    { previous_secret(s, &props.on_revoke) }</td>
                <td data-label="接收地址" class="small"><code>{ s.endpoint.clone() }</code></td>
                <td data-label="签名">{ s.algorithm.clone() }</td>
                <td data-label="事项" class="small">{ types }</td>
                <td data-label="状态">{ state }</td>
                <td class="row-actions">
                    <button type="button" class="btn btn-small" data-testid={format!("btn-edit-{}", s.id)} onclick={edit}>{ "修改" }</button>
                    <button type="button" class="btn btn-small" data-testid={format!("btn-rotate-{}", s.id)} onclick={rotate}>{ "重置密钥" }</button>
                </td>
            </tr>
        }
    };
    html! {
        <div class="table-wrap card">
            <table class="table list">
                <thead><tr>
                    <th>{ "单位" }</th><th>{ "系统" }</th><th>{ "接收地址" }</th><th>{ "签名" }</th>
                    <th>{ "事项" }</th><th>{ "状态" }</th><th></th>
                </tr></thead>
                <tbody>{ for props.list.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

/// Props of [`SystemEditor`].
#[derive(Properties, PartialEq)]
struct SystemEditorProps {
    /// The system to change; `None` registers a new one.
    system: Option<ExternalSystem>,
    /// Saved: with the issued secret when created.
    on_saved: Callback<Option<Issued>>,
    on_cancel: Callback<()>,
}

/// The create / edit form.
#[function_component]
fn SystemEditor(props: &SystemEditorProps) -> Html {
    let org = use_org();
    let initial = props
        .system
        .as_ref()
        .map(SystemForm::of)
        .unwrap_or_else(SystemForm::new_system);
    let form = use_state(|| initial);
    let error = use_state(|| None::<ApiError>);
    let set = |apply: fn(&mut SystemForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            apply(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(next);
        })
    };
    let choose = |apply: fn(&mut SystemForm, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            apply(
                &mut next,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            form.set(next);
        })
    };
    let toggle = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.enabled = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(next);
        })
    };
    let onsubmit = {
        let (form, error, system, on_saved) = (
            form.clone(),
            error.clone(),
            props.system.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (form, error, system, on_saved) = (
                (*form).clone(),
                error.clone(),
                system.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let saved = match &system {
                    None => open::create_system(&form).await.map(Some),
                    Some(s) => open::update_system(&s.id, s.revision, &form)
                        .await
                        .map(|_| None),
                };
                match saved {
                    Ok(issued) => on_saved.emit(issued),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let units = org.units.iter().filter(|u| u.kind == "unit").map(|u| {
        html! { <option value={u.code.clone()} selected={u.code == form.unit}>{ format!("{}（{}）", u.name, u.code) }</option> }
    });
    let unit = if props.system.is_some() {
        html! { <input class="input" value={form.unit.clone()} disabled=true data-testid="system-unit" /> }
    } else {
        html! {
            <select class="input" data-testid="system-unit" onchange={choose(|f, v| f.unit = v)}>
                <option value="" selected={form.unit.is_empty()}>{ "请选择单位" }</option>
                { for units }
            </select>
        }
    };
    let algorithm = ["HMAC-SM3", "HMAC-SHA256"].map(|a| {
        html! { <option value={a} selected={form.algorithm.eq_ignore_ascii_case(a)}>{ a }</option> }
    });
    let title = if props.system.is_some() {
        "修改对接系统"
    } else {
        "登记对接系统"
    };
    html! {
        <form class="card" {onsubmit} data-testid="system-form">
            <h3>{ title }</h3>
            <div class="filter-grid">
                <label class="field">{ "单位" }{ unit }</label>
                <label class="field">{ "系统名称" }
                    <input class="input" value={form.name.clone()} placeholder="如 自然资源和规划分局审批系统"
                        data-testid="system-name" oninput={set(|f, v| f.name = v)} /></label>
                <label class="field">{ "接收地址" }
                    <input class="input" value={form.endpoint.clone()} placeholder="https://…/lianban/events"
                        data-testid="system-endpoint" oninput={set(|f, v| f.endpoint = v)} /></label>
                <label class="field">{ "签名算法" }
                    <select class="input" data-testid="system-algorithm" onchange={choose(|f, v| f.algorithm = v)}>
                        { for algorithm }</select></label>
                <label class="field">{ "SM2公钥（可选）" }
                    <input class="input mono" value={form.sm2_public_key.clone()} placeholder="04 开头的130位十六进制"
                        data-testid="system-sm2" oninput={set(|f, v| f.sm2_public_key = v)} /></label>
                <label class="field">{ "办理的事项编码（逗号分隔，留空表示本单位全部事项）" }
                    <input class="input" value={form.matter_types.clone()} data-testid="system-types"
                        oninput={set(|f, v| f.matter_types = v)} /></label>
            </div>
            <label class="check"><input type="checkbox" checked={form.enabled} data-testid="system-enabled" onchange={toggle} />{ "启用" }</label>
            <p class="muted small">{ "内网地址（本机、10.x、172.16–31.x、192.168.x 等）须由运维在 LIANBAN_OPEN_ALLOW 中放行后才能登记。" }</p>
            if let Some(e) = &*error {
                <ErrorBanner error={e.clone()} />
            }
            <div class="row"><span class="spacer"></span>
                <button type="button" class="btn" onclick={cancel}>{ "取消" }</button>
                <button type="submit" class="btn btn-primary" data-testid="btn-save-system">{ "保存" }</button></div>
        </form>
    }
}
