//! The action panel of the 办件 page: a [`TaskPanel`] for each of the user's tasks (签收,
//! editable fields, 办理意见, 同意, 退回, 转办, 委派, 加签/减签) — hidden while the matter is
//! suspended —, 撤回 of the approval the user just gave ([`WithdrawRow`]), and for the
//! initiator 重新提交 (per returned dispatch), 办结, 作废 and 挂起 ([`SuspendForm`]). Every
//! action answers with the new `MatterDetail`, handed up through `on_updated`.
//! Test ids: those of [`TaskPanel`], [`WithdrawRow`] and [`SuspendForm`], `suspended-hint`,
//! `btn-resubmit-<node>`, `close-opinion`, `btn-close`, `btn-void`, `void-reason`,
//! `btn-void-confirm`, `btn-void-cancel`, `action-error`.

use super::suspension::SuspendForm;
use super::task_panel::TaskPanel;
use super::withdraw::WithdrawRow;
use crate::api::{self, ApiError, ApiResult, MatterDetail, Task};
use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::state::flight::Flight;
use crate::state::task_ops::return_summary;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`ActionPanel`].
#[derive(Properties, PartialEq)]
pub struct ActionPanelProps {
    /// The matter.
    pub matter: Rc<MatterDetail>,
    /// Receives the matter after an action.
    pub on_updated: Callback<MatterDetail>,
}

/// Everything the user may do on this matter; nothing when there is nothing to do.
#[function_component]
pub fn ActionPanel(props: &ActionPanelProps) -> Html {
    let m = &props.matter;
    let suspended = m.suspended.is_some();
    let tasks: Vec<Task> = m
        .my_tasks
        .iter()
        .filter_map(|id| m.tasks.iter().find(|t| &t.id == id).cloned())
        .collect();
    let withdrawable: Vec<Task> = m
        .tasks
        .iter()
        .filter(|t| t.can_withdraw && !suspended)
        .cloned()
        .collect();
    let returned: Vec<_> = m
        .dispatches
        .iter()
        .filter(|d| m.can.resubmit.contains(&d.node))
        .collect();
    let initiator = m.can.close || m.can.void;
    if tasks.is_empty()
        && withdrawable.is_empty()
        && returned.is_empty()
        && !initiator
        && !m.can.suspend
    {
        return Html::default();
    }
    let on_updated = &props.on_updated;
    html! {
        <section class="card actions-panel" data-testid="action-panel">
            <h3>{ "办理" }</h3>
            if suspended && !tasks.is_empty() {
                <p class="muted" data-testid="suspended-hint">{ "办件已挂起，恢复后才能办理您的待办。" }</p>
            } else {
                <>{ for tasks.into_iter().map(|task| html! {
                    <TaskPanel key={task.id.as_str()} matter={m.clone()} task={task.clone()} on_updated={on_updated.clone()} />
                }) }</>
            }
            <>{ for withdrawable.into_iter().map(|task| html! {
                <WithdrawRow key={task.id.as_str()} matter_id={m.id.clone()} task={task.clone()} on_updated={on_updated.clone()} />
            }) }</>
            <>{ for returned.into_iter().map(|d| {
                let summary = d.returned.as_ref().map(return_summary).unwrap_or_default();
                let unit = if d.unit.name.is_empty() { d.name.clone() } else { d.unit.name.clone() };
                html! {
                    <div class="returned-row">
                        <span>{ format!("{unit} {summary}") }</span>
                        <NavLink to={Route::Resubmit { id: m.id.clone(), node: d.node.clone() }}
                            class="btn btn-primary btn-small" testid={AttrValue::from(format!("btn-resubmit-{}", d.node))}>
                            { "重新提交" }
                        </NavLink>
                    </div>
                }
            }) }</>
            if initiator {
                <InitiatorPanel matter_id={m.id.clone()} can_close={m.can.close} can_void={m.can.void}
                    on_updated={on_updated.clone()} />
            }
            if m.can.suspend {
                <SuspendForm matter_id={m.id.clone()} on_updated={on_updated.clone()} />
            }
        </section>
    }
}

/// Shared plumbing of one panel: the double-click guard, which action runs, the last error.
#[derive(Clone, PartialEq)]
pub(super) struct Runner {
    flight: Flight,
    busy: UseStateHandle<Option<&'static str>>,
    error: UseStateHandle<Option<ApiError>>,
    on_updated: Callback<MatterDetail>,
}

impl Runner {
    /// Runs one action unless another is in flight; `after` runs on success.
    pub(super) fn run<Fut>(&self, which: &'static str, call: Fut, after: impl FnOnce() + 'static)
    where
        Fut: Future<Output = ApiResult<MatterDetail>> + 'static,
    {
        let Some(boarding) = self.flight.board() else {
            return;
        };
        let this = self.clone();
        this.busy.set(Some(which));
        this.error.set(None);
        spawn_local(async move {
            let _boarding = boarding;
            let result = call.await;
            this.busy.set(None);
            match result {
                Ok(matter) => {
                    after();
                    this.on_updated.emit(matter);
                }
                Err(e) => this.error.set(Some(e)),
            }
        });
    }

    /// Shows a local message (a check before sending).
    pub(super) fn refuse(&self, message: &str) {
        self.error.set(Some(ApiError::local("invalid", message)));
    }

    /// Whether an action is running.
    pub(super) fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    /// The label of a button: `running` while its action runs.
    pub(super) fn label(
        &self,
        which: &'static str,
        idle: &'static str,
        running: &'static str,
    ) -> &'static str {
        if *self.busy == Some(which) {
            running
        } else {
            idle
        }
    }

    /// The error line, with the server's field messages under it.
    pub(super) fn error_line(&self) -> Html {
        match &*self.error {
            Some(e) => html! {
                <div class="alert alert-error" role="alert" data-testid="action-error">
                    { e.detail.clone() }
                    if !e.errors.is_empty() {
                        <ul>{ for e.errors.iter().map(|i| html! { <li>{ i.message.clone() }</li> }) }</ul>
                    }
                </div>
            },
            None => Html::default(),
        }
    }
}

/// The runner hook of a panel.
#[hook]
pub(super) fn use_runner(on_updated: Callback<MatterDetail>) -> Runner {
    let flight = use_memo((), |_| Flight::default());
    Runner {
        flight: (*flight).clone(),
        busy: use_state(|| None),
        error: use_state(|| None),
        on_updated,
    }
}

/// A textarea bound to a string state.
pub(super) fn text_area(
    value: &UseStateHandle<String>,
    testid: &'static str,
    placeholder: &'static str,
) -> Html {
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            value.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    html! {
        <textarea class="input" rows="3" value={(**value).clone()} {placeholder} data-testid={testid} {oninput} />
    }
}

/// Props of [`InitiatorPanel`].
#[derive(Properties, PartialEq)]
struct InitiatorPanelProps {
    matter_id: String,
    can_close: bool,
    can_void: bool,
    on_updated: Callback<MatterDetail>,
}

/// 办结 and 作废 for the initiator.
#[function_component]
fn InitiatorPanel(props: &InitiatorPanelProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let opinion = use_state(String::new);
    let reason = use_state(String::new);
    let voiding = use_state(|| false);
    let busy = runner.busy.is_some();
    let close = {
        let (r, id, opinion) = (runner.clone(), props.matter_id.clone(), opinion.clone());
        Callback::from(move |_: MouseEvent| {
            r.run(
                "close",
                {
                    let (id, text) = (id.clone(), opinion.trim().to_owned());
                    async move { api::close(&id, &text).await }
                },
                || (),
            )
        })
    };
    let void = {
        let (r, id, reason, voiding) = (
            runner.clone(),
            props.matter_id.clone(),
            reason.clone(),
            voiding.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = reason.trim().to_owned();
            if text.is_empty() {
                r.refuse("作废须填写原因");
                return;
            }
            let voiding = voiding.clone();
            r.run(
                "void",
                {
                    let id = id.clone();
                    async move { api::void(&id, &text).await }
                },
                move || voiding.set(false),
            );
        })
    };
    let toggle = |on: bool| {
        let voiding = voiding.clone();
        Callback::from(move |_: MouseEvent| voiding.set(on))
    };
    html! {
        <div class="initiator-panel">
            { runner.error_line() }
            if props.can_close {
                <label class="field-label">{ "办结意见" }</label>
                { text_area(&opinion, "close-opinion", "各单位均已办理完毕，可填写办结意见") }
                <div class="actions">
                    <button type="button" class="btn btn-primary" disabled={busy} data-testid="btn-close" onclick={close}>
                        { runner.label("close", "办结", "正在办结…") }
                    </button>
                </div>
            }
            if props.can_void && !*voiding {
                <div class="actions">
                    <button type="button" class="btn btn-danger-plain" disabled={busy} data-testid="btn-void"
                        onclick={toggle(true)}>{ "作废" }</button>
                </div>
            }
            if props.can_void && *voiding {
                <label class="field-label">{ "作废原因" }</label>
                { text_area(&reason, "void-reason", "请填写作废原因") }
                <div class="actions">
                    <button type="button" class="btn btn-danger" disabled={busy} data-testid="btn-void-confirm" onclick={void}>
                        { runner.label("void", "确认作废", "正在作废…") }
                    </button>
                    <button type="button" class="btn" data-testid="btn-void-cancel" onclick={toggle(false)}>{ "取消" }</button>
                </div>
            }
        </div>
    }
}
