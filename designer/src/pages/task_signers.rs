//! 加签 and 减签 at a 会签 or 依次 node. [`AddSigners`]: people (anyone but the user) and
//! whether they sign before the user (前加签: the task comes back to the user after them) or
//! after. [`PendingSigners`]: the node's other people who still have to sign, each with 减签
//! behind a confirmation.
//! Test ids: `signer-users` (a multiple select), `signer-before`, `btn-add-signer-confirm`,
//! `btn-add-signer-cancel`; `pending-signers`, `btn-remove-signer-<user>`,
//! `btn-remove-signer-confirm`, `btn-remove-signer-cancel`.

use super::matter_actions::Runner;
use super::task_hand_over::person_options;
use crate::api::{MatterDetail, Task, task};
use crate::hooks::{use_org, use_session};
use crate::state::task_ops::{pending_signers, user_name};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlOptionElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`AddSigners`].
#[derive(Properties, PartialEq)]
pub(super) struct AddSignersProps {
    /// Matter id.
    pub(super) matter_id: String,
    /// Task id.
    pub(super) task_id: String,
    /// The task panel's runner.
    pub(super) runner: Runner,
    /// 取消, or done.
    pub(super) on_close: Callback<()>,
}

/// The 加签 form.
#[function_component]
pub(super) fn AddSigners(props: &AddSignersProps) -> Html {
    let users = use_state(Vec::<String>::new);
    let before = use_state(|| false);
    let org = use_org();
    let me = use_session().me.as_ref().map(|m| m.username.clone());
    let runner = &props.runner;
    let busy = runner.is_busy();
    let confirm = {
        let (r, id, task_id, on_close) = (
            runner.clone(),
            props.matter_id.clone(),
            props.task_id.clone(),
            props.on_close.clone(),
        );
        let (users, before) = (users.clone(), before.clone());
        Callback::from(move |_: MouseEvent| {
            if users.is_empty() {
                r.refuse("请选择要加签的人员");
                return;
            }
            let (id, task_id, on_close) = (id.clone(), task_id.clone(), on_close.clone());
            let (picked, before) = ((*users).clone(), *before);
            r.run(
                "signers",
                async move { task::add_signers(&id, &task_id, &picked, before).await },
                move || on_close.emit(()),
            );
        })
    };
    let on_users = {
        let users = users.clone();
        Callback::from(move |e: Event| {
            let options = e
                .target_unchecked_into::<HtmlSelectElement>()
                .selected_options();
            let picked = (0..options.length())
                .filter_map(|i| options.item(i))
                .map(|o| o.unchecked_into::<HtmlOptionElement>().value())
                .collect();
            users.set(picked);
        })
    };
    let on_before = {
        let before = before.clone();
        Callback::from(move |e: Event| {
            before.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <div class="task-form">
            <label class="field-label" for="signer-users">{ "加签人员" }</label>
            <select id="signer-users" class="input" multiple=true size="6" disabled={busy}
                data-testid="signer-users" onchange={on_users}>
                { person_options(&org, me.as_deref(), |u| users.iter().any(|p| p == u)) }
            </select>
            <div class="help">{ "可选择多人，按住 Ctrl 多选" }</div>
            <label class="choice">
                <input type="checkbox" checked={*before} disabled={busy} data-testid="signer-before"
                    onchange={on_before} />
                { "前加签：由所选人员先审批，之后再回到我" }
            </label>
            <div class="actions">
                <button type="button" class="btn btn-primary" disabled={busy}
                    data-testid="btn-add-signer-confirm" onclick={confirm}>
                    { runner.label("signers", "确认加签", "正在加签…") }
                </button>
                <button type="button" class="btn" data-testid="btn-add-signer-cancel"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "取消" }</button>
            </div>
        </div>
    }
}

/// Props of [`PendingSigners`].
#[derive(Properties, PartialEq)]
pub(super) struct PendingSignersProps {
    /// The matter (its tasks and timeline).
    pub(super) matter: Rc<MatterDetail>,
    /// The user's task.
    pub(super) task: Task,
    /// The task panel's runner.
    pub(super) runner: Runner,
}

/// The other pending signers of the node with 减签; nothing when there are none.
#[function_component]
pub(super) fn PendingSigners(props: &PendingSignersProps) -> Html {
    let confirming = use_state(|| None::<String>);
    let org = use_org();
    let signers = pending_signers(&props.matter, &props.task);
    if signers.is_empty() {
        return Html::default();
    }
    let runner = &props.runner;
    let busy = runner.is_busy();
    let ask = |user: &str| {
        let (confirming, user) = (confirming.clone(), user.to_owned());
        Callback::from(move |_: MouseEvent| confirming.set(Some(user.clone())))
    };
    let question = (*confirming).clone().map(|user| {
        let name = user_name(&user, &org.names);
        let remove = {
            let (r, id, task_id) = (
                runner.clone(),
                props.matter.id.clone(),
                props.task.id.clone(),
            );
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| {
                let (id, task_id, user) = (id.clone(), task_id.clone(), user.clone());
                let confirming = confirming.clone();
                r.run(
                    "remove-signer",
                    async move { task::remove_signer(&id, &task_id, &user).await },
                    move || confirming.set(None),
                );
            })
        };
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        html! {
            <div class="alert alert-warn">
                { format!("确认将{name}从本节点减签？其待办将被取消。") }
                <div class="actions">
                    <button type="button" class="btn btn-danger btn-small" disabled={busy}
                        data-testid="btn-remove-signer-confirm" onclick={remove}>
                        { runner.label("remove-signer", "确认减签", "正在减签…") }
                    </button>
                    <button type="button" class="btn btn-small" data-testid="btn-remove-signer-cancel"
                        onclick={cancel}>{ "取消" }</button>
                </div>
            </div>
        }
    });
    html! {
        <div class="pending-signers" data-testid="pending-signers">
            <div class="field-label">{ "本节点尚未审批的其他人" }</div>
            <ul>
                { for signers.iter().map(|user| html! {
                    <li key={user.clone()}>
                        <span>{ user_name(user, &org.names) }</span>
                        <button type="button" class="btn btn-small btn-danger-plain" disabled={busy}
                            data-testid={format!("btn-remove-signer-{user}")} onclick={ask(user)}>
                            { "减签" }
                        </button>
                    </li>
                }) }
            </ul>
            { question.unwrap_or_default() }
        </div>
    }
}
