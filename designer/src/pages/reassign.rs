//! 改派: an administrator gives a pending task to someone else, e.g. while its handler is away —
//! whatever the node's 转办 setting says (a delegated task goes back to its delegator and is not
//! listed). One row per task the server offers (`can.reassign`): the node, the step and who holds
//! it now, with 改派 opening the hand-over form.
//! Test ids: `reassign-panel`, `reassign-row-<task>`, `btn-reassign-<task>`, and the form's
//! (`reassign-to`, `reassign-note`, `btn-reassign-confirm`, `btn-reassign-cancel`).

use super::matter_actions::use_runner;
use super::task_hand_over::{HandOver, HandOverKind};
use crate::api::MatterDetail;
use crate::hooks::use_org;
use crate::state::task_ops::holder;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ReassignPanel`].
#[derive(Properties, PartialEq)]
pub struct ReassignPanelProps {
    /// The matter.
    pub matter: Rc<MatterDetail>,
    /// Receives the matter after a reassignment.
    pub on_updated: Callback<MatterDetail>,
}

/// The administrator's 改派 list; nothing for other users or when no task is pending.
#[function_component]
pub fn ReassignPanel(props: &ReassignPanelProps) -> Html {
    let open = use_state(|| None::<String>);
    let runner = use_runner(props.on_updated.clone());
    let org = use_org();
    let m = &props.matter;
    if m.can.reassign.is_empty() {
        return Html::default();
    }
    let rows = m.can.reassign.iter().filter_map(|id| {
        let task = m.tasks.iter().find(|t| &t.id == id)?;
        let node = task.dispatch.as_deref().unwrap_or_default();
        let place = m
            .dispatches
            .iter()
            .find(|d| d.node == node)
            .map_or_else(|| node.to_owned(), |d| d.name.clone());
        let who = holder(task, &org.names);
        let show = {
            let (open, id) = (open.clone(), id.clone());
            Callback::from(move |_: MouseEvent| open.set(Some(id.clone())))
        };
        let form = (open.as_deref() == Some(id.as_str())).then(|| {
            let close = {
                let open = open.clone();
                Callback::from(move |()| open.set(None))
            };
            html! {
                <HandOver matter_id={m.id.clone()} task_id={id.clone()} kind={HandOverKind::Reassign}
                    runner={runner.clone()} on_close={close} />
            }
        });
        Some(html! {
            <li class="reassign-row" data-testid={format!("reassign-row-{id}")}>
                <span>{ format!("{place} · {} · 当前：{who}", task.name) }</span>
                if form.is_none() {
                    <button type="button" class="btn btn-small" disabled={runner.is_busy()}
                        data-testid={format!("btn-reassign-{id}")} onclick={show}>{ "改派" }</button>
                }
                { form.unwrap_or_default() }
            </li>
        })
    });
    html! {
        <section class="card" data-testid="reassign-panel">
            <h3>{ "管理员改派" }</h3>
            <p class="muted">{ "办理人无法办理时（如休假），可把其待办改派给他人；改派记入办理轨迹。" }</p>
            { runner.error_line() }
            <ul class="plain-list">{ for rows }</ul>
        </section>
    }
}
