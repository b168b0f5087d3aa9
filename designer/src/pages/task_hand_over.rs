//! 转办, 委派 and 改派 of a task: a person (anyone but the user), a note for them, 确认 and 取消.
//! 转办 hands the task over for good; 委派 asks the person to act on it, after which the task
//! comes back to the user, who decides; 改派 is an administrator's 转办 of someone else's task.
//! Test ids, with `<kind>` = `transfer`, `delegate` or `reassign`: `<kind>-to`, `<kind>-note`,
//! `btn-<kind>-confirm`, `btn-<kind>-cancel`.

use super::matter_actions::{Runner, text_area};
use crate::api::task;
use crate::hooks::{OrgData, use_org, use_session};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Which hand-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandOverKind {
    /// 转办.
    Transfer,
    /// 委派.
    Delegate,
    /// 改派 (an administrator, for a task they do not hold).
    Reassign,
}

impl HandOverKind {
    /// The test-id stem.
    fn slug(self) -> &'static str {
        match self {
            HandOverKind::Transfer => "transfer",
            HandOverKind::Delegate => "delegate",
            HandOverKind::Reassign => "reassign",
        }
    }

    /// Label of the person picker, label, placeholder and test id of the note, refusal
    /// without a person.
    fn words(self) -> [&'static str; 5] {
        match self {
            HandOverKind::Transfer => [
                "转办给",
                "转办说明",
                "说明转办原因，接收人可在待办中看到",
                "transfer-note",
                "请选择转办给谁",
            ],
            HandOverKind::Delegate => [
                "委派给",
                "委派说明",
                "说明请对方办理的事项；对方办理后任务交回给您",
                "delegate-note",
                "请选择委派给谁",
            ],
            HandOverKind::Reassign => [
                "改派给",
                "改派说明",
                "说明改派原因（如原办理人休假），接收人可在待办中看到",
                "reassign-note",
                "请选择改派给谁",
            ],
        }
    }

    /// The confirm button, idle and running.
    fn button(self) -> (&'static str, &'static str) {
        match self {
            HandOverKind::Transfer => ("确认转办", "正在转办…"),
            HandOverKind::Delegate => ("确认委派", "正在委派…"),
            HandOverKind::Reassign => ("确认改派", "正在改派…"),
        }
    }
}

/// Props of [`HandOver`].
#[derive(Properties, PartialEq)]
pub(super) struct HandOverProps {
    /// Matter id.
    pub(super) matter_id: String,
    /// Task id.
    pub(super) task_id: String,
    /// 转办 or 委派.
    pub(super) kind: HandOverKind,
    /// The task panel's runner (one error line, one action at a time).
    pub(super) runner: Runner,
    /// 取消, or done.
    pub(super) on_close: Callback<()>,
}

/// The form.
#[function_component]
pub(super) fn HandOver(props: &HandOverProps) -> Html {
    let to = use_state(String::new);
    let note = use_state(String::new);
    let org = use_org();
    let me = use_session().me.as_ref().map(|m| m.username.clone());
    let (kind, runner) = (props.kind, props.runner.clone());
    let slug = kind.slug();
    let [to_label, note_label, placeholder, note_id, missing] = kind.words();
    let (idle, running) = kind.button();
    let confirm = {
        let (id, task_id, on_close) = (
            props.matter_id.clone(),
            props.task_id.clone(),
            props.on_close.clone(),
        );
        let (to, note, r) = (to.clone(), note.clone(), runner.clone());
        Callback::from(move |_: MouseEvent| {
            let user = (*to).clone();
            if user.is_empty() {
                r.refuse(missing);
                return;
            }
            let text = note.trim().to_owned();
            let (id, task_id, on_close) = (id.clone(), task_id.clone(), on_close.clone());
            r.run(
                slug,
                async move {
                    match kind {
                        HandOverKind::Transfer | HandOverKind::Reassign => {
                            task::transfer(&id, &task_id, &user, &text).await
                        }
                        HandOverKind::Delegate => task::delegate(&id, &task_id, &user, &text).await,
                    }
                },
                move || on_close.emit(()),
            );
        })
    };
    let onchange = {
        let to = to.clone();
        Callback::from(move |e: Event| {
            to.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let busy = runner.is_busy();
    let select_id = format!("{slug}-to");
    let cancel = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="task-form">
            <label class="field-label" for={select_id.clone()}>{ to_label }</label>
            <select id={select_id.clone()} class="input" data-testid={select_id} disabled={busy} {onchange}>
                <option value="" selected={to.is_empty()}>{ "请选择人员" }</option>
                { person_options(&org, me.as_deref(), |u| *to == u) }
            </select>
            <label class="field-label">{ note_label }</label>
            { text_area(&note, note_id, placeholder) }
            <div class="actions">
                <button type="button" class="btn btn-primary" disabled={busy}
                    data-testid={format!("btn-{slug}-confirm")} onclick={confirm}>
                    { runner.label(slug, idle, running) }
                </button>
                <button type="button" class="btn" data-testid={format!("btn-{slug}-cancel")} onclick={cancel}>
                    { "取消" }
                </button>
            </div>
        </div>
    }
}

/// One `<option>` per user but `me`, named `姓名（单位）`, selected where `selected` says so.
pub(super) fn person_options(
    org: &OrgData,
    me: Option<&str>,
    selected: impl Fn(&str) -> bool,
) -> Html {
    let people = org.users.iter().filter(|u| Some(u.username.as_str()) != me);
    html! {
        <>{ for people.map(|u| {
            let unit = org.names.units.get(&u.unit).unwrap_or(&u.unit);
            html! {
                <option value={u.username.clone()} selected={selected(&u.username)}>
                    { format!("{}（{unit}）", u.display_name) }
                </option>
            }
        }) }</>
    }
}
