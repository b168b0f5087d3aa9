//! 挂起 and 恢复 (for the initiator and administrators, `can.suspend` / `can.resume`).
//! [`SuspendedBanner`]: while the matter is suspended, who suspended it, since when and why,
//! with 恢复 and an optional note. [`SuspendForm`]: 挂起 with a required reason.
//! Test ids: `suspended-banner`, `btn-resume`, `resume-note`, `btn-resume-confirm`,
//! `btn-resume-cancel`; `btn-suspend`, `suspend-reason`, `btn-suspend-confirm`,
//! `btn-suspend-cancel`.

use super::matter_actions::{text_area, use_runner};
use crate::api::{self, MatterDetail};
use crate::format;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`SuspendedBanner`].
#[derive(Properties, PartialEq)]
pub struct SuspendedBannerProps {
    /// The matter.
    pub matter: Rc<MatterDetail>,
    /// Receives the matter after 恢复.
    pub on_updated: Callback<MatterDetail>,
}

/// The 已挂起 banner; nothing while the matter runs.
#[function_component]
pub fn SuspendedBanner(props: &SuspendedBannerProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let open = use_state(|| false);
    let note = use_state(String::new);
    let Some(s) = &props.matter.suspended else {
        return Html::default();
    };
    let busy = runner.is_busy();
    let by =
        s.by.as_ref()
            .map(|p| p.display().to_owned())
            .unwrap_or_default();
    let toggle = |on: bool| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(on))
    };
    let resume = {
        let (r, id, note, open) = (
            runner.clone(),
            props.matter.id.clone(),
            note.clone(),
            open.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (id, text, open) = (id.clone(), note.trim().to_owned(), open.clone());
            r.run(
                "resume",
                async move { api::resume(&id, &text).await },
                move || open.set(false),
            );
        })
    };
    html! {
        <section class="alert alert-warn suspended-banner" role="status" data-testid="suspended-banner">
            <strong>{ "已挂起" }</strong>
            { format!("：{by}于{}挂起，原因：{}。恢复前各环节暂停办理，办理时限不计。", format::time(&s.since), s.reason) }
            { runner.error_line() }
            if props.matter.can.resume && !*open {
                <div class="actions">
                    <button type="button" class="btn btn-primary btn-small" disabled={busy}
                        data-testid="btn-resume" onclick={toggle(true)}>{ "恢复" }</button>
                </div>
            }
            if props.matter.can.resume && *open {
                <label class="field-label">{ "恢复说明" }</label>
                { text_area(&note, "resume-note", "可说明恢复办理的原因（选填）") }
                <div class="actions">
                    <button type="button" class="btn btn-primary" disabled={busy}
                        data-testid="btn-resume-confirm" onclick={resume}>
                        { runner.label("resume", "确认恢复", "正在恢复…") }
                    </button>
                    <button type="button" class="btn" data-testid="btn-resume-cancel"
                        onclick={toggle(false)}>{ "取消" }</button>
                </div>
            }
        </section>
    }
}

/// Props of [`SuspendForm`].
#[derive(Properties, PartialEq)]
pub struct SuspendFormProps {
    /// Matter id.
    pub matter_id: String,
    /// Receives the matter after 挂起.
    pub on_updated: Callback<MatterDetail>,
}

/// 挂起, then the reason and the confirmation.
#[function_component]
pub fn SuspendForm(props: &SuspendFormProps) -> Html {
    let runner = use_runner(props.on_updated.clone());
    let open = use_state(|| false);
    let reason = use_state(String::new);
    let busy = runner.is_busy();
    let toggle = |on: bool| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(on))
    };
    let suspend = {
        let (r, id, reason, open) = (
            runner.clone(),
            props.matter_id.clone(),
            reason.clone(),
            open.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = reason.trim().to_owned();
            if text.is_empty() {
                r.refuse("挂起须填写原因");
                return;
            }
            let (id, open) = (id.clone(), open.clone());
            r.run(
                "suspend",
                async move { api::suspend(&id, &text).await },
                move || open.set(false),
            );
        })
    };
    html! {
        <div class="initiator-panel">
            { runner.error_line() }
            if !*open {
                <div class="actions">
                    <button type="button" class="btn" disabled={busy} data-testid="btn-suspend"
                        onclick={toggle(true)}>{ "挂起" }</button>
                </div>
            } else {
                <label class="field-label">{ "挂起原因" }<span class="required" title="必填">{ "*" }</span></label>
                { text_area(&reason, "suspend-reason", "如：等待申请人补充材料。挂起期间各环节暂停办理，办理时限不计") }
                <div class="actions">
                    <button type="button" class="btn btn-danger" disabled={busy}
                        data-testid="btn-suspend-confirm" onclick={suspend}>
                        { runner.label("suspend", "确认挂起", "正在挂起…") }
                    </button>
                    <button type="button" class="btn" data-testid="btn-suspend-cancel"
                        onclick={toggle(false)}>{ "取消" }</button>
                </div>
            }
        </div>
    }
}
