//! One task of the user on the 办件 page: 签收; the fields the task's node lets the handler
//! change, as the form's own inputs prefilled with the current values (checked in the browser
//! and sent as `edits` with 同意 — only the changed ones); 办理意见; 同意; 退回 when the node
//! allows it; 转办 when the node allows it (a person and a note for them).
//! Test ids: `task-panel-<task>`, `btn-claim`, `task-edits`, `edit-field-<key>` (wrapping the
//! field's input `field-<key>` and message `error-<key>`), `opinion-input`, `btn-approve`,
//! `btn-return`, `btn-transfer`, `transfer-to`, `transfer-note`, `btn-transfer-confirm`,
//! `btn-transfer-cancel`, `action-error`.

use super::matter_actions::{Runner, text_area, use_runner};
use crate::api::{self, MatterDetail, Task};
use crate::components::field_input::FieldInput;
use crate::hooks::{OrgData, use_org, use_session};
use crate::state::form::{FormAction, FormState};
use crate::state::task_edits::{edit_issues, editable_fields, edits};
use lianban_definition::form::Field;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
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

/// 签收 / editable fields / 办理意见 / 同意 / 退回 / 转办 for one task.
#[function_component]
pub fn TaskPanel(props: &TaskPanelProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let opinion = use_state(String::new);
    let editing = {
        let matter = props.matter.clone();
        use_reducer(move || FormState::from_matter(&matter))
    };
    let transfer = Transfer {
        open: use_state(|| false),
        to: use_state(String::new),
        note: use_state(String::new),
    };
    let org = use_org();
    let me = use_session().me.as_ref().map(|m| m.username.clone());
    let task = &props.task;
    let busy = runner.is_busy();
    let fields = editable_fields(&props.matter.form, &task.editable);
    let acts = Acts {
        runner: runner.clone(),
        matter: props.matter.clone(),
        task: task.id.clone(),
        opinion: opinion.clone(),
    };
    let placeholder = if task.can_return {
        "填写办理意见；退回时必填理由"
    } else {
        "填写办理意见"
    };
    html! {
        <div class="task-panel" id={format!("task-{}", task.id)} data-testid={format!("task-panel-{}", task.id)}>
            <div class="task-name">{ format!("当前环节：{}", task.name) }</div>
            { runner.error_line() }
            if task.status == "open" {
                <button type="button" class="btn" disabled={busy} data-testid="btn-claim" onclick={acts.claim()}>
                    { runner.label("claim", "签收", "正在签收…") }
                </button>
            }
            { edit_fields(&editing, &fields, busy, &org) }
            <label class="field-label">{ "办理意见" }</label>
            { text_area(&opinion, "opinion-input", placeholder) }
            <div class="actions">
                <button type="button" class="btn btn-primary" disabled={busy} data-testid="btn-approve"
                    onclick={acts.approve(editing.clone(), fields)}>
                    { runner.label("approve", "同意", "正在提交…") }
                </button>
                if task.can_return {
                    <button type="button" class="btn btn-danger" disabled={busy} data-testid="btn-return"
                        onclick={acts.give_back()}>
                        { runner.label("return", "退回", "正在退回…") }
                    </button>
                }
                if task.can_transfer && !*transfer.open {
                    <button type="button" class="btn" disabled={busy} data-testid="btn-transfer"
                        onclick={transfer.toggle(true)}>{ "转办" }</button>
                }
            </div>
            if task.can_transfer && *transfer.open {
                { transfer.form(&acts, &org, me.as_deref()) }
            }
        </div>
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
            r.run("claim", async move { api::claim(&id, &task).await }, || ());
        })
    }

    /// 同意, with the changed editable fields after checking them.
    fn approve(
        &self,
        editing: UseReducerHandle<FormState>,
        fields: Vec<Field>,
    ) -> Callback<MouseEvent> {
        let (r, opinion, matter) = (
            self.runner.clone(),
            self.opinion.clone(),
            self.matter.clone(),
        );
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
                async move { api::approve(&id, &task, &text, &changes).await },
                move || clear.set(String::new()),
            );
        })
    }

    /// 退回 (the opinion is the reason, required).
    fn give_back(&self) -> Callback<MouseEvent> {
        let (r, opinion) = (self.runner.clone(), self.opinion.clone());
        let (id, task) = self.ids();
        Callback::from(move |_| {
            let reason = opinion.trim().to_owned();
            if reason.is_empty() {
                r.refuse("退回须填写理由");
                return;
            }
            let (id, task, clear) = (id.clone(), task.clone(), opinion.clone());
            r.run(
                "return",
                async move { api::return_task(&id, &task, &reason).await },
                move || clear.set(String::new()),
            );
        })
    }
}

/// The 转办 form's state: open or not, to whom, the note.
struct Transfer {
    open: UseStateHandle<bool>,
    to: UseStateHandle<String>,
    note: UseStateHandle<String>,
}

impl Transfer {
    /// Opens or closes the form.
    fn toggle(&self, open: bool) -> Callback<MouseEvent> {
        let state = self.open.clone();
        Callback::from(move |_| state.set(open))
    }

    /// 确认转办: refused without a person.
    fn confirm(&self, acts: &Acts) -> Callback<MouseEvent> {
        let (r, (id, task)) = (acts.runner.clone(), acts.ids());
        let (open, to, note) = (self.open.clone(), self.to.clone(), self.note.clone());
        Callback::from(move |_| {
            let user = (*to).clone();
            if user.is_empty() {
                r.refuse("请选择转办给谁");
                return;
            }
            let text = note.trim().to_owned();
            let (id, task) = (id.clone(), task.clone());
            let (open, to, note) = (open.clone(), to.clone(), note.clone());
            r.run(
                "transfer",
                async move { api::transfer(&id, &task, &user, &text).await },
                move || {
                    open.set(false);
                    to.set(String::new());
                    note.set(String::new());
                },
            );
        })
    }

    /// The form: a person (anyone but the user), a note, 确认转办 and 取消.
    fn form(&self, acts: &Acts, org: &OrgData, me: Option<&str>) -> Html {
        let busy = acts.runner.is_busy();
        let onchange = {
            let to = self.to.clone();
            Callback::from(move |e: Event| {
                to.set(e.target_unchecked_into::<HtmlSelectElement>().value())
            })
        };
        let people = org.users.iter().filter(|u| Some(u.username.as_str()) != me);
        html! {
            <div class="transfer-form">
                <label class="field-label" for="transfer-to">{ "转办给" }</label>
                <select id="transfer-to" class="input" data-testid="transfer-to" disabled={busy} {onchange}>
                    <option value="" selected={self.to.is_empty()}>{ "请选择人员" }</option>
                    { for people.map(|u| {
                        let unit = org.names.units.get(&u.unit).unwrap_or(&u.unit);
                        let selected = *self.to == u.username;
                        html! {
                            <option value={u.username.clone()} {selected}>{ format!("{}（{unit}）", u.display_name) }</option>
                        }
                    }) }
                </select>
                <label class="field-label">{ "转办说明" }</label>
                { text_area(&self.note, "transfer-note", "说明转办原因，接收人可在待办中看到") }
                <div class="actions">
                    <button type="button" class="btn btn-primary" disabled={busy} data-testid="btn-transfer-confirm"
                        onclick={self.confirm(acts)}>
                        { acts.runner.label("transfer", "确认转办", "正在转办…") }
                    </button>
                    <button type="button" class="btn" data-testid="btn-transfer-cancel" onclick={self.toggle(false)}>
                        { "取消" }
                    </button>
                </div>
            </div>
        }
    }
}
