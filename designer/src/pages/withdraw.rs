//! 撤回: the user takes back the approval they just gave (the task's `can_withdraw`), behind a
//! confirmation, while nobody has acted on the matter since. The task is the user's again.
//! Test ids: `withdraw-row`, `btn-withdraw`, `btn-withdraw-confirm`, `btn-withdraw-cancel`.

use super::matter_actions::use_runner;
use crate::api::{MatterDetail, Task, task};
use yew::prelude::*;

/// Props of [`WithdrawRow`].
#[derive(Properties, PartialEq)]
pub struct WithdrawRowProps {
    /// Matter id.
    pub matter_id: String,
    /// The task the user approved.
    pub task: Task,
    /// Receives the matter after 撤回.
    pub on_updated: Callback<MatterDetail>,
}

/// What was approved, 撤回, and the confirmation.
#[function_component]
pub fn WithdrawRow(props: &WithdrawRowProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let asking = use_state(|| false);
    let busy = runner.is_busy();
    let toggle = |on: bool| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(on))
    };
    let confirm = {
        let (r, id, task_id, asking) = (
            runner.clone(),
            props.matter_id.clone(),
            props.task.id.clone(),
            asking.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (id, task_id, asking) = (id.clone(), task_id.clone(), asking.clone());
            r.run(
                "withdraw",
                async move { task::withdraw(&id, &task_id).await },
                move || asking.set(false),
            );
        })
    };
    html! {
        <div class="withdraw-row" data-testid="withdraw-row">
            { runner.error_line() }
            <div class="returned-row">
                <span>{ format!("您已办理「{}」；下一环节开始办理前可以撤回", props.task.name) }</span>
                if !*asking {
                    <button type="button" class="btn btn-small btn-danger-plain" disabled={busy}
                        data-testid="btn-withdraw" onclick={toggle(true)}>{ "撤回" }</button>
                }
            </div>
            if *asking {
                <div class="alert alert-warn">
                    { "撤回后，本次同意及其引起的流转将被撤销，任务回到您的待办。确认撤回？" }
                    <div class="actions">
                        <button type="button" class="btn btn-danger" disabled={busy}
                            data-testid="btn-withdraw-confirm" onclick={confirm}>
                            { runner.label("withdraw", "确认撤回", "正在撤回…") }
                        </button>
                        <button type="button" class="btn" data-testid="btn-withdraw-cancel"
                            onclick={toggle(false)}>{ "取消" }</button>
                    </div>
                </div>
            }
        </div>
    }
}
