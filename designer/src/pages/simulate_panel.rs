//! The 模拟 tab: sample form values and an initiator, run through the server's runtime (the one
//! that will run real matters), showing the path — who receives each task, in order — and the
//! flow diagram with the nodes the matter passes. Test ids: `sim-values`, `sim-initiator`,
//! `btn-simulate`, `sim-task-<i>`, `sim-issues`, `sim-completed`.

use crate::api::ApiError;
use crate::api::admin::{self, Simulation};
use crate::components::feedback::ErrorBanner;
use crate::components::flow_diagram::{FlowDiagram, NodeMark};
use crate::hooks::use_org;
use crate::state::flow_design::flow_ids;
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use std::collections::BTreeMap;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`SimulatePanel`].
#[derive(Properties, PartialEq)]
pub struct SimulatePanelProps {
    /// The definition as edited (need not be saved).
    pub def: MatterTypeDef,
}

/// The tab.
#[function_component]
pub fn SimulatePanel(props: &SimulatePanelProps) -> Html {
    let org = use_org();
    let text = use_state(|| {
        serde_json::to_string_pretty(&props.def.form.defaults()).unwrap_or_else(|_| "{}".into())
    });
    let initiator = use_state(String::new);
    let result = use_state(|| None::<Result<Simulation, ApiError>>);
    let bad_json = use_state(|| false);
    let run = {
        let (def, text, initiator, result, bad_json) = (
            props.def.clone(),
            text.clone(),
            initiator.clone(),
            result.clone(),
            bad_json.clone(),
        );
        Callback::from(move |_| {
            let Ok(values) = serde_json::from_str::<FormValues>(&text) else {
                bad_json.set(true);
                return;
            };
            bad_json.set(false);
            let (def, who, result) = (def.clone(), (*initiator).clone(), result.clone());
            spawn_local(
                async move { result.set(Some(admin::simulate(&def, &values, &who).await)) },
            );
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_initiator = {
        let initiator = initiator.clone();
        Callback::from(move |e: Event| {
            initiator.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let people = org.users.iter().map(|u| {
        let unit = org.names.units.get(&u.unit).cloned().unwrap_or_default();
        html! { <option value={u.username.clone()} selected={*initiator == u.username}>{ format!("{}（{unit}）", u.display_name) }</option> }
    });
    let outcome = match &*result {
        None => Html::default(),
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        Some(Ok(sim)) => path(&props.def, sim),
    };
    html! {
        <div class="card simulate">
            <p class="muted small">{ "填写示例表单值（JSON，键为字段编码），选择发起人，查看办件将经过的节点和每一步的办理人。模拟由服务器上的同一运行时执行，规则与真实办件一致。" }</p>
            <div class="row">
                <label class="field">{ "发起人" }
                    <select class="input" onchange={on_initiator} data-testid="sim-initiator">
                        <option value="" selected={initiator.is_empty()}>{ "我自己" }</option>
                        { for people }
                    </select></label>
                <button class="btn btn-primary" onclick={run} data-testid="btn-simulate">{ "开始模拟" }</button>
            </div>
            <textarea class="input code" rows="8" value={(*text).clone()} oninput={on_text} data-testid="sim-values" />
            if *bad_json { <p class="field-error">{ "示例表单值不是有效的 JSON 对象" }</p> }
            { outcome }
        </div>
    }
}

/// The simulated path: issues, the tasks in order, and the diagram.
fn path(def: &MatterTypeDef, sim: &Simulation) -> Html {
    let status: BTreeMap<String, NodeMark> = flow_ids(&def.flow)
        .into_iter()
        .map(|id| {
            let mark = if sim.nodes.contains_key(&id) {
                NodeMark::Done
            } else {
                NodeMark::Skipped
            };
            (id, mark)
        })
        .collect();
    html! {
        <>
            if !sim.issues.is_empty() {
                <ul class="issues" data-testid="sim-issues">{ for sim.issues.iter().map(|i| html! { <li>{ i.message.clone() }</li> }) }</ul>
            }
            if sim.completed { <p class="ok" data-testid="sim-completed">{ format!("✓ 流程可走完，共{}个任务", sim.tasks.len()) }</p> }
            <ol class="sim-path">
                { for sim.tasks.iter().enumerate().map(|(i, t)| html! {
                    <li data-testid={format!("sim-task-{i}")}>
                        <strong>{ t.node_name.clone() }</strong>{ format!(" · {} · {}：", t.unit, t.step) }
                        { t.receivers.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join("、") }
                    </li>
                }) }
            </ol>
            <FlowDiagram flow={def.flow.clone()} {status} />
        </>
    }
}
