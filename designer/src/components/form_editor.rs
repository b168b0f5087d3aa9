//! The generated-form editor: title, every field of the `FormDef`, the materials, the
//! 发起人自选 approvers, messages from the browser check and the server, and the buttons
//! 保存草稿 / 提交 / 删除草稿 (or 重新提交 with a note).
//! Test ids: `input-title`, `resubmit-note`, `btn-save-draft`, `btn-submit`, `btn-delete`,
//! `btn-delete-confirm`, `btn-delete-cancel`, plus those of [`FormFields`], [`MaterialsInput`]
//! and [`ChosenInput`].

use crate::components::chosen_input::ChosenInput;
use crate::components::feedback::{Messages, Notice};
use crate::components::form_fields::FormFields;
use crate::components::form_ops::{EditMode, Ops};
use crate::components::materials_input::{Guide, MaterialsInput};
use crate::state::flight::Flight;
use crate::state::form::{Busy, FormAction, FormState, TITLE};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

/// Props of [`FormEditor`].
#[derive(Properties, PartialEq)]
pub struct FormEditorProps {
    /// The state to start from.
    pub initial: Rc<FormState>,
    /// What is edited.
    pub mode: EditMode,
}

/// The editor.
#[function_component]
pub fn FormEditor(props: &FormEditorProps) -> Html {
    let state = {
        let initial = props.initial.clone();
        use_reducer(move || (*initial).clone())
    };
    let flight = use_memo((), |_| Flight::default());
    let confirming = use_state(|| false);
    let ops = Ops {
        state: state.clone(),
        flight: (*flight).clone(),
        navigator: use_navigator(),
        mode: props.mode.clone(),
    };
    let on_action = {
        let state = state.clone();
        Callback::from(move |action| state.dispatch(action))
    };
    let busy = state.is_busy();
    let on_upload = {
        let ops = ops.clone();
        Callback::from(move |(key, file)| ops.upload(key, file))
    };
    let on_remove = {
        let ops = ops.clone();
        Callback::from(move |(key, id)| ops.remove(key, id))
    };
    let resubmit = matches!(props.mode, EditMode::Resubmit { .. });
    html! {
        <form class="card form" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <Messages messages={state.general.clone()} />
            if let Some(text) = state.notice.clone() {
                <Notice {text} />
            }
            { title_input(&state, &on_action, busy || resubmit) }
            <Guide text={state.guide.clone()} />
            <FormFields state={state.clone()} on_upload={on_upload.clone()} on_remove={on_remove.clone()} />
            <MaterialsInput state={state.clone()} {on_upload} {on_remove} />
            <ChosenInput state={state.clone()} />
            if resubmit {
                { note_input(&state, &on_action, busy) }
            }
            { buttons(&state, &ops, &confirming, resubmit) }
        </form>
    }
}

/// The 标题 input.
fn title_input(state: &FormState, on_action: &Callback<FormAction>, disabled: bool) -> Html {
    let oninput = on_action.reform(|e: InputEvent| {
        FormAction::SetTitle(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let error = state.errors.get(TITLE).cloned();
    html! {
        <div class={classes!("field", error.is_some().then_some("has-error"))}>
            <label class="field-label" for="f-title">{ "标题" }<span class="required">{ "*" }</span></label>
            <input id="f-title" class="input" type="text" maxlength="100" value={state.title.clone()}
                {disabled} data-testid="input-title" {oninput} />
            if let Some(message) = error {
                <div class="field-error" data-testid="error-title">{ message }</div>
            }
        </div>
    }
}

/// The 重新提交说明 textarea.
fn note_input(state: &FormState, on_action: &Callback<FormAction>, disabled: bool) -> Html {
    let oninput = on_action.reform(|e: InputEvent| {
        FormAction::SetNote(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    html! {
        <div class="field">
            <label class="field-label" for="f-note">{ "重新提交说明" }</label>
            <textarea id="f-note" class="input" rows="3" value={state.note.clone()} {disabled}
                placeholder="说明修改了哪些内容" data-testid="resubmit-note" {oninput} />
        </div>
    }
}

/// The button row.
fn buttons(
    state: &FormState,
    ops: &Ops,
    confirming: &UseStateHandle<bool>,
    resubmit: bool,
) -> Html {
    let busy = state.is_busy();
    let label = |idle: &'static str, running: &'static str, op: Busy| {
        if state.busy.as_ref() == Some(&op) {
            running
        } else {
            idle
        }
    };
    let on_save = {
        let ops = ops.clone();
        Callback::from(move |_: MouseEvent| ops.save())
    };
    let on_submit = {
        let ops = ops.clone();
        Callback::from(move |_: MouseEvent| ops.submit())
    };
    let on_delete = {
        let ops = ops.clone();
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            ops.delete();
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let submit_label = if resubmit {
        label("重新提交", "正在提交…", Busy::Submitting)
    } else {
        label("提交", "正在提交…", Busy::Submitting)
    };
    html! {
        <div class="actions">
            <button type="button" class="btn btn-primary" disabled={busy} data-testid="btn-submit"
                onclick={on_submit}>{ submit_label }</button>
            if !resubmit {
                <button type="button" class="btn" disabled={busy} data-testid="btn-save-draft"
                    onclick={on_save}>{ label("保存草稿", "正在保存…", Busy::Saving) }</button>
            }
            if !resubmit && state.matter_id.is_some() {
                if **confirming {
                    <span class="confirm">
                        { "确定删除此草稿？" }
                        <button type="button" class="btn btn-danger" disabled={busy}
                            data-testid="btn-delete-confirm" onclick={on_delete}>
                            { label("确认删除", "正在删除…", Busy::Deleting) }
                        </button>
                        <button type="button" class="btn" data-testid="btn-delete-cancel" onclick={cancel}>{ "取消" }</button>
                    </span>
                } else {
                    <button type="button" class="btn btn-danger-plain" disabled={busy} data-testid="btn-delete"
                        onclick={ask}>{ "删除草稿" }</button>
                }
            }
        </div>
    }
}
