//! The 退回 form of a task: where to (the task's `return_targets`: 发起人, an earlier step of
//! the node, an earlier node on the path taken; 发起人 selected first), a 退回原因 from the
//! dictionary (optional), the reason (required; starts with the 办理意见 typed so far),
//! 确认退回 and 取消. Older servers offer no targets: the matter goes to the initiator.
//! Test ids: `return-form`, `return-target`, `return-code`, `return-reason`,
//! `btn-return-confirm`, `btn-return-cancel`.

use super::matter_actions::{Runner, text_area};
use crate::api::dict::{self, DictItems};
use crate::api::task::{self, ReturnRequest};
use crate::api::{ReturnTarget, Task};
use crate::hooks::{Load, use_load};
use crate::state::task_ops::{default_target, target_label};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`ReturnForm`].
#[derive(Properties, PartialEq)]
pub(super) struct ReturnFormProps {
    /// Matter id.
    pub(super) matter_id: String,
    /// The task being returned.
    pub(super) task: Task,
    /// The task panel's runner.
    pub(super) runner: Runner,
    /// The reason to start with (the 办理意见 typed so far).
    pub(super) reason: String,
    /// 取消, or done.
    pub(super) on_close: Callback<()>,
}

/// The form.
#[function_component]
pub(super) fn ReturnForm(props: &ReturnFormProps) -> Html {
    let reasons = use_load((), |()| dict::items(dict::RETURN_REASONS));
    let target = {
        let targets = props.task.return_targets.clone();
        use_state(move || default_target(&targets))
    };
    let code = use_state(String::new);
    let reason = {
        let start = props.reason.clone();
        use_state(move || start)
    };
    let runner = &props.runner;
    let busy = runner.is_busy();
    let targets = &props.task.return_targets;
    let confirm = {
        let (r, id, task_id) = (
            runner.clone(),
            props.matter_id.clone(),
            props.task.id.clone(),
        );
        let (to, code, reason) = (
            targets.get(*target).map(|t| t.to.clone()),
            code.clone(),
            reason.clone(),
        );
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            if reason.trim().is_empty() {
                r.refuse("退回须填写理由");
                return;
            }
            let req = ReturnRequest {
                reason: (*reason).clone(),
                code: (*code).clone(),
                to: to.clone(),
            };
            let (id, task_id, on_close) = (id.clone(), task_id.clone(), on_close.clone());
            r.run(
                "return",
                async move { task::return_task(&id, &task_id, &req).await },
                move || on_close.emit(()),
            );
        })
    };
    html! {
        <div class="task-form" data-testid="return-form">
            if !targets.is_empty() {
                { target_select(targets, &target, busy) }
            }
            { code_select(&reasons.state, &code, busy) }
            <label class="field-label">{ "退回理由" }<span class="required" title="必填">{ "*" }</span></label>
            { text_area(&reason, "return-reason", "说明需要补正或重新办理的内容") }
            <div class="actions">
                <button type="button" class="btn btn-danger" disabled={busy} data-testid="btn-return-confirm"
                    onclick={confirm}>
                    { runner.label("return", "确认退回", "正在退回…") }
                </button>
                <button type="button" class="btn" data-testid="btn-return-cancel"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "取消" }</button>
            </div>
        </div>
    }
}

/// 退回至: one option per target, by index.
fn target_select(targets: &[ReturnTarget], target: &UseStateHandle<usize>, busy: bool) -> Html {
    let onchange = {
        let target = target.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(index) = value.parse() {
                target.set(index);
            }
        })
    };
    html! {
        <>
            <label class="field-label" for="return-target">{ "退回至" }</label>
            <select id="return-target" class="input" data-testid="return-target" disabled={busy} {onchange}>
                { for targets.iter().enumerate().map(|(i, t)| html! {
                    <option value={i.to_string()} selected={i == **target}>{ target_label(t) }</option>
                }) }
            </select>
        </>
    }
}

/// 退回原因: the dictionary's enabled items after 不选择; a hint when it could not be loaded.
fn code_select(items: &Load<DictItems>, code: &UseStateHandle<String>, busy: bool) -> Html {
    let onchange = {
        let code = code.clone();
        Callback::from(move |e: Event| {
            code.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let (options, hint) = match items {
        Load::Ready(dict) => (dict.items.clone(), None),
        Load::Loading => (Vec::new(), Some("正在加载退回原因…")),
        Load::Failed(_) => (Vec::new(), Some("退回原因暂时无法加载，可只填写退回理由")),
    };
    html! {
        <>
            <label class="field-label" for="return-code">{ "退回原因" }</label>
            <select id="return-code" class="input" data-testid="return-code" disabled={busy} {onchange}>
                <option value="" selected={code.is_empty()}>{ "不选择" }</option>
                { for options.into_iter().map(|item| {
                    let selected = **code == item.value;
                    html! { <option value={item.value} {selected}>{ item.label }</option> }
                }) }
            </select>
            if let Some(hint) = hint {
                <div class="help">{ hint }</div>
            }
        </>
    }
}
