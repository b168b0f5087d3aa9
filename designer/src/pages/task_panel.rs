//! One task of the user on the 办件 page: who delegated it (委派: 办理后交回); 签收; the fields
//! the task's node lets the handler change, as the form's own inputs prefilled with the current
//! values (checked in the browser and sent as `edits` with 同意 — only the changed ones); 办理意见;
//! 同意; and, as the node allows, 退回 ([`ReturnForm`]), 转办 and 委派 ([`HandOver`]), 加签
//! ([`AddSigners`]) and 减签 ([`PendingSigners`]). One form is open at a time.
//! Test ids: `task-panel-<task>`, `delegated-by`, `btn-claim`, `task-edits`, `edit-field-<key>`
//! (wrapping the field's input `field-<key>` and message `error-<key>`), `opinion-input`,
//! `btn-approve`, `btn-return`, `btn-transfer`, `btn-delegate`, `btn-add-signer`,
//! `action-error`, and those of the forms.

use super::matter_actions::{Runner, text_area, use_runner};
use super::task_hand_over::{HandOver, HandOverKind};
use super::task_return::ReturnForm;
use super::task_signers::{AddSigners, PendingSigners};
use crate::api::{MatterDetail, Task, task};
use crate::components::field_input::FieldInput;
use crate::hooks::{OrgData, use_org};
use crate::state::form::{FormAction, FormState};
use crate::state::task_edits::{edit_issues, editable_fields, edits};
use crate::state::task_ops::handback_note;
use lianban_definition::form::Field;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`TaskPanel`].
#[derive(Properties, PartialEq)]
pub struct TaskPanelProps {
    /// The matter (its form and current values).
    pub matter: Rc<MatterDetail>,
    /// The user's task.
    pub task: Task,
    /// Receives the matter after an action.
    pub on_updated: Callback<MatterDetail>,
}

/// Which of the task's forms is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// None.
    Nothing,
    /// 退回.
    Return,
    /// 转办 or 委派.
    HandOver(HandOverKind),
    /// 加签.
    AddSigners,
}

/// 签收 / editable fields / 办理意见 / 同意 / 退回 / 转办 / 委派 / 加签 / 减签 for one task.
#[function_component]
pub fn TaskPanel(props: &TaskPanelProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let opinion = use_state(String::new);
    let editing = {
        let matter = props.matter.clone();
        use_reducer(move || FormState::from_matter(&matter))
    };
    let open = use_state(|| Open::Nothing);
    let org = use_org();
    let task = &props.task;
    let busy = runner.is_busy();
    let acts = Acts {
        runner: runner.clone(),
        matter: props.matter.clone(),
        task: task.id.clone(),
        opinion: opinion.clone(),
        editing: editing.clone(),
        fields: editable_fields(&props.matter.form, &task.editable),
    };
    let delegated = handback_note(task, &org.names).map(|note| {
        html! { <div class="delegated-note" data-testid="delegated-by">{ note }</div> }
    });
    html! {
        <div class="task-panel" id={format!("task-{}", task.id)} data-testid={format!("task-panel-{}", task.id)}>
            <div class="task-name">{ format!("当前环节：{}", task.name) }</div>
            { delegated.unwrap_or_default() }
            { runner.error_line() }
            if task.status == "open" {
                <button type="button" class="btn" disabled={busy} data-testid="btn-claim" onclick={acts.claim()}>
                    { runner.label("claim", "签收", "正在签收…") }
                </button>
            }
            { edit_fields(&editing, &acts.fields, busy, &org) }
            <label class="field-label">{ "办理意见" }</label>
            { text_area(&opinion, "opinion-input", "填写办理意见") }
            { buttons(task, &acts, &open) }
            { form(props, &acts, &open) }
            if task.can_add_signer {
                <PendingSigners matter={props.matter.clone()} task={task.clone()} runner={runner.clone()} />
            }
        </div>
    }
}

/// 同意, and a button for each operation the node allows whose form is not open.
fn buttons(task: &Task, acts: &Acts, open: &UseStateHandle<Open>) -> Html {
    let busy = acts.runner.is_busy();
    let show = |which: Open| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(which))
    };
    let closed = |which: Open| **open != which;
    let transfer = Open::HandOver(HandOverKind::Transfer);
    let delegate = Open::HandOver(HandOverKind::Delegate);
    html! {
        <div class="actions">
            <button type="button" class="btn btn-primary" disabled={busy} data-testid="btn-approve"
                onclick={acts.approve()}>
                { acts.runner.label("approve", "同意", "正在提交…") }
            </button>
            if task.can_return && closed(Open::Return) {
                <button type="button" class="btn btn-danger" disabled={busy} data-testid="btn-return"
                    onclick={show(Open::Return)}>{ "退回" }</button>
            }
            if task.can_transfer && closed(transfer) {
                <button type="button" class="btn" disabled={busy} data-testid="btn-transfer"
                    onclick={show(transfer)}>{ "转办" }</button>
            }
            if task.can_delegate && closed(delegate) {
                <button type="button" class="btn" disabled={busy} data-testid="btn-delegate"
                    onclick={show(delegate)}>{ "委派" }</button>
            }
            if task.can_add_signer && closed(Open::AddSigners) {
                <button type="button" class="btn" disabled={busy} data-testid="btn-add-signer"
                    onclick={show(Open::AddSigners)}>{ "加签" }</button>
            }
        </div>
    }
}

/// The open form, if any.
fn form(props: &TaskPanelProps, acts: &Acts, open: &UseStateHandle<Open>) -> Html {
    let on_close = {
        let open = open.clone();
        Callback::from(move |()| open.set(Open::Nothing))
    };
    let (matter_id, task_id, runner) = (
        acts.matter.id.clone(),
        acts.task.clone(),
        acts.runner.clone(),
    );
    match **open {
        Open::Nothing => Html::default(),
        Open::Return => html! {
            <ReturnForm {matter_id} task={props.task.clone()} {runner}
                reason={acts.opinion.trim().to_owned()} {on_close} />
        },
        Open::HandOver(kind) => html! {
            <HandOver key={format!("{kind:?}")} {matter_id} {task_id} {kind} {runner} {on_close} />
        },
        Open::AddSigners => html! {
            <AddSigners {matter_id} {task_id} {runner} {on_close} />
        },
    }
}

/// The fields the handler may change, as the form's inputs; nothing when there are none.
fn edit_fields(
    editing: &UseReducerHandle<FormState>,
    fields: &[Field],
    disabled: bool,
    org: &Rc<OrgData>,
) -> Html {
    if fields.is_empty() {
        return Html::default();
    }
    let on_action = {
        let editing = editing.clone();
        Callback::from(move |action| editing.dispatch(action))
    };
    html! {
        <div class="task-edits" data-testid="task-edits">
            <div class="field-label">{ "本环节可修改的内容" }</div>
            <div class="form-grid">
                { for fields.iter().map(|field| {
                    let key = field.key.to_string();
                    html! {
                        <div key={key.clone()} class={format!("grid-item span-{}", field.width.columns())}
                            data-testid={format!("edit-field-{key}")}>
                            <FieldInput field={field.clone()} text={editing.text(&key)} selected={editing.selected(&key)}
                                rows={editing.table_view(&key)} error={editing.errors.get(&key).cloned()}
                                {disabled} org={org.clone()} on_action={on_action.clone()} />
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}

/// The task's actions, with what they need.
struct Acts {
    runner: Runner,
    matter: Rc<MatterDetail>,
    task: String,
    opinion: UseStateHandle<String>,
    /// The editable fields and their values.
    editing: UseReducerHandle<FormState>,
    fields: Vec<Field>,
}

impl Acts {
    /// The matter id and task id, for a request.
    fn ids(&self) -> (String, String) {
        (self.matter.id.clone(), self.task.clone())
    }

    /// 签收.
    fn claim(&self) -> Callback<MouseEvent> {
        let (r, (id, task)) = (self.runner.clone(), self.ids());
        Callback::from(move |_| {
            let (id, task) = (id.clone(), task.clone());
            r.run("claim", async move { task::claim(&id, &task).await }, || ());
        })
    }

    /// 同意, with the changed editable fields after checking them.
    fn approve(&self) -> Callback<MouseEvent> {
        let (r, opinion, matter) = (
            self.runner.clone(),
            self.opinion.clone(),
            self.matter.clone(),
        );
        let (editing, fields) = (self.editing.clone(), self.fields.clone());
        let (id, task) = self.ids();
        Callback::from(move |_| {
            let issues = edit_issues(&matter.form, &editing.values, &fields);
            if !issues.is_empty() {
                r.refuse(&format!("有{}处需要修改，请按提示检查", issues.len()));
                editing.dispatch(FormAction::Invalid(issues));
                return;
            }
            let changes = edits(&matter.values, &editing.values, &fields);
            let text = opinion.trim().to_owned();
            let (id, task, clear) = (id.clone(), task.clone(), opinion.clone());
            r.run(
                "approve",
                async move { task::approve(&id, &task, &text, &changes).await },
                move || clear.set(String::new()),
            );
        })
    }
}
