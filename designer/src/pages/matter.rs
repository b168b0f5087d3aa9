//! The 办件 page: header (编号, 标题, 状态), the 已挂起 banner, the action panel, resubmission
//! changes for the user's units, 表单内容, 办理进度 (with 催办 and each unit's returns, and the
//! 抄送 records with their read receipts under it) and 办理轨迹. A CC recipient who opens the
//! page has read the copy: it is marked read once, without a click.
//! `?task=<id>` (a notification's link) brings that task's panel into view.
//! Test ids: `matter-number`, `matter-title`, `matter-status`, `matter-deadline` (办结时限 with
//! its warning badge), `btn-edit-draft`, `urge-notice`.

use crate::api::{self, ApiError, MatterDetail};
use crate::app::Route;
use crate::components::cc_list::CcList;
use crate::components::changes::Changes;
use crate::components::deadline::DeadlineLine;
use crate::components::dispatch_board::DispatchBoard;
use crate::components::feedback::{ErrorBanner, Notice, Spinner};
use crate::components::flow_diagram::{FlowDiagram, NodeMark};
use crate::components::form_view::FormView;
use crate::components::nav_link::NavLink;
use crate::components::timeline::Timeline;
use crate::format;
use crate::hooks::{Load, Loader, use_load, use_org, use_session, use_task_focus};
use crate::pages::dockets::DocketPanel;
use crate::pages::matter_actions::ActionPanel;
use crate::pages::reassign::ReassignPanel;
use crate::pages::suspension::SuspendedBanner;
use crate::state::flight::Flight;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The message sent with 催办.
const URGE_MESSAGE: &str = "请抓紧办理。";

/// Props of [`MatterPage`].
#[derive(Properties, PartialEq)]
pub struct MatterPageProps {
    /// Matter id.
    pub id: String,
}

/// The 办件 page.
#[function_component]
pub fn MatterPage(props: &MatterPageProps) -> Html {
    let loader = use_load(props.id.clone(), |id| async move { api::matter(&id).await });
    let urging = use_state(|| None::<String>);
    let urge_result = use_state(|| None::<Result<String, ApiError>>);
    let flight = use_memo((), |_| Flight::default());
    let org = use_org();
    let session = use_session();
    use_task_focus(loader.ready().is_some());
    use_mark_copies_read(&loader);
    let matter = match &*loader.state {
        Load::Loading => return html! { <Spinner /> },
        Load::Failed(error) => return html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(m) => m.clone(),
    };
    let on_updated = updater(&loader);
    let on_urge = {
        let (id, urging, urge_result, flight) = (
            matter.id.clone(),
            urging.clone(),
            urge_result.clone(),
            (*flight).clone(),
        );
        let on_updated = on_updated.clone();
        Callback::from(move |node: String| {
            let Some(boarding) = flight.board() else {
                return;
            };
            let (id, urging, urge_result, on_updated) = (
                id.clone(),
                urging.clone(),
                urge_result.clone(),
                on_updated.clone(),
            );
            urging.set(Some(node.clone()));
            spawn_local(async move {
                let _boarding = boarding;
                let result = api::urge(&id, &node, URGE_MESSAGE).await;
                urging.set(None);
                match result {
                    Ok(m) => {
                        urge_result.set(Some(Ok("已发送催办".into())));
                        on_updated.emit(m);
                    }
                    Err(e) => urge_result.set(Some(Err(e))),
                }
            });
        })
    };
    let my_changes = matter.dispatches.iter().filter_map(|d| {
        let changes = matter.changes.get(&d.node).filter(|c| !c.is_empty())?;
        let mine = session
            .me
            .as_ref()
            .is_some_and(|me| me.in_unit(&d.unit.code))
            || matter.tasks.iter().any(|t| {
                matter.my_tasks.contains(&t.id) && t.dispatch.as_deref() == Some(d.node.as_str())
            });
        mine.then(|| {
            html! {
                <Changes node={d.node.clone()} title={d.unit.name.clone()} changes={changes.clone()}
                    form={matter.form.clone()} names={org.names.clone()} />
            }
        })
    });
    let urge_line = match &*urge_result {
        Some(Ok(text)) => html! { <Notice text={text.clone()} /> },
        Some(Err(e)) => html! { <ErrorBanner error={e.clone()} /> },
        None => Html::default(),
    };
    html! {
        <>
            { header(&matter) }
            <SuspendedBanner matter={matter.clone()} on_updated={on_updated.clone()} />
            <ActionPanel matter={matter.clone()} on_updated={on_updated.clone()} />
            <ReassignPanel matter={matter.clone()} {on_updated} />
            <>{ for my_changes }</>
            <section class="card">
                <h3>{ "表单内容" }</h3>
                <FormView form={matter.form.clone()} values={matter.values.clone()}
                    attachments={matter.attachments.clone()} names={org.names.clone()} />
            </section>
            <section class="card">
                <h3>{ "办理进度" }</h3>
                <div data-testid="urge-notice">{ urge_line }</div>
                <DispatchBoard dispatches={matter.dispatches.clone()} attachments={matter.attachments.clone()}
                    can_urge={matter.can.urge.clone()}
                    urging={(*urging).clone()} {on_urge} />
                <CcList records={matter.cc.clone()} />
            </section>
            <DocketPanel matter={matter.clone()} on_updated={updater(&loader)} />
            { flow_section(&matter) }
            <section class="card">
                <h3>{ "办理轨迹" }</h3>
                <Timeline entries={matter.timeline.clone()} />
            </section>
        </>
    }
}

/// The flow diagram of the version the matter runs, nodes marked by progress.
fn flow_section(matter: &MatterDetail) -> Html {
    let Some(flow) = matter.flow.clone() else {
        return Html::default();
    };
    let status: std::collections::BTreeMap<String, NodeMark> = matter
        .flow_marks
        .iter()
        .map(|(id, mark)| {
            let mark = match mark.as_str() {
                "done" => NodeMark::Done,
                "active" => NodeMark::Active,
                "skipped" => NodeMark::Skipped,
                _ => NodeMark::Pending,
            };
            (id.clone(), mark)
        })
        .collect();
    html! {
        <section class="card" data-testid="matter-flow">
            <h3>{ format!("流程图（第{}版）", matter.type_version) }</h3>
            <FlowDiagram {flow} {status} />
        </section>
    }
}

/// Marks the copies the user received (`can.read_copy`) as read once the page has shown them,
/// each node once per visit; the answer replaces the loaded matter. A failure is left silent:
/// the receipt is for the sender, and the next visit tries again.
#[hook]
fn use_mark_copies_read(loader: &Loader<MatterDetail>) {
    let tried = use_mut_ref(BTreeSet::<(String, String)>::new);
    let unread = loader
        .ready()
        .map(|m| (m.id.clone(), m.can.read_copy.clone()))
        .filter(|(_, nodes)| !nodes.is_empty());
    let state = loader.state.clone();
    use_effect_with(unread, move |unread| {
        let Some((id, nodes)) = unread.clone() else {
            return;
        };
        let fresh: Vec<String> = nodes
            .into_iter()
            .filter(|node| tried.borrow_mut().insert((id.clone(), node.clone())))
            .collect();
        if fresh.is_empty() {
            return;
        }
        spawn_local(async move {
            let mut latest = None;
            for node in fresh {
                if let Ok(m) = api::read_copy(&id, &node).await {
                    latest = Some(m);
                }
            }
            if let Some(m) = latest {
                state.set(Load::Ready(Rc::new(m)));
            }
        });
    });
}

/// A callback that replaces the loaded matter with an action's answer.
fn updater(loader: &Loader<MatterDetail>) -> Callback<MatterDetail> {
    let state = loader.state.clone();
    Callback::from(move |m: MatterDetail| state.set(Load::Ready(Rc::new(m))))
}

/// 编号, 标题, 状态 and the facts under them.
fn header(m: &MatterDetail) -> Html {
    let status = if m.status_label.is_empty() {
        m.status.clone()
    } else {
        m.status_label.clone()
    };
    let initiator = m
        .initiator
        .as_ref()
        .map(|p| p.display().to_owned())
        .unwrap_or_default();
    let edit = (m.can.edit && m.status == "draft").then(|| html! {
        <NavLink to={Route::EditMatter { id: m.id.clone() }} class="btn btn-primary" testid="btn-edit-draft">{ "编辑草稿" }</NavLink>
    });
    html! {
        <section class="matter-head">
            <div class="matter-head-main">
                <div class="matter-number muted" data-testid="matter-number">
                    { m.number.clone().unwrap_or_else(|| "草稿（未编号）".into()) }
                </div>
                <h2 data-testid="matter-title">{ m.title.clone() }</h2>
                <div class="facts">
                    <span class={format::status_class(&m.status)} data-testid="matter-status"
                        data-status={m.status.clone()}>{ status }</span>
                    <span>{ m.type_name.clone() }</span>
                    <span>{ format!("发起：{initiator} · {}", m.initiator_unit.name) }</span>
                    <span>{ format!("提交时间：{}", format::time_or_dash(m.submitted_at.as_deref())) }</span>
                    if m.ended_at.is_some() {
                        <span>{ format!("结束时间：{}", format::time_or_dash(m.ended_at.as_deref())) }</span>
                    }
                    if let Some(deadline) = m.deadline.clone() {
                        <span>{ "办结时限：" }<DeadlineLine {deadline} testid="matter-deadline" /></span>
                    }
                </div>
            </div>
            { edit.unwrap_or_default() }
        </section>
    }
}
