//! 办理进度: one row per handling unit (单位 with its return history, 状态, 收件时间, 完成时间,
//! 用时, 办理时限 with its warning badge, 当前办理人) with 催办 where allowed (重新提交 lives in the
//! action panel). Test ids: `dispatch-row-<node>`, `deadline-<node>`, `btn-urge-<node>`,
//! `returned-reason-<node>`, `dispatch-returns-<node>`, and for a unit handling in its own system
//! (受办分离) `external-<node>` with one `external-step` per reported internal step and its
//! 办理结果文件 in `result-files-<node>` (one `result-file` link each).

use crate::api::url::attachment_href;
use crate::api::{Attachment, Dispatch, ExternalProgress};
use crate::components::deadline::DeadlineLine;
use crate::format;
use crate::state::task_ops::{return_facts, return_summary};
use yew::prelude::*;

/// Props of [`DispatchBoard`].
#[derive(Properties, PartialEq)]
pub struct DispatchBoardProps {
    /// The dispatches.
    pub dispatches: Vec<Dispatch>,
    /// The matter's files (the result documents of units' own systems among them).
    pub attachments: Vec<Attachment>,
    /// Nodes that may be urged.
    pub can_urge: Vec<String>,
    /// The node being urged right now.
    pub urging: Option<String>,
    /// 催办 clicked (node id).
    pub on_urge: Callback<String>,
}

/// The progress table.
#[function_component]
pub fn DispatchBoard(props: &DispatchBoardProps) -> Html {
    if props.dispatches.is_empty() {
        return html! { <p class="muted">{ "尚未分发" }</p> };
    }
    html! {
        <div class="table-wrap">
            <table class="table board">
                <thead>
                    <tr>
                        <th>{ "单位" }</th><th>{ "状态" }</th><th>{ "收件时间" }</th><th>{ "完成时间" }</th>
                        <th>{ "用时" }</th><th>{ "办理时限" }</th><th>{ "当前办理人" }</th><th>{ "操作" }</th>
                    </tr>
                </thead>
                <tbody>{ for props.dispatches.iter().map(|d| row(props, d)) }</tbody>
            </table>
        </div>
    }
}

/// One dispatch.
fn row(props: &DispatchBoardProps, d: &Dispatch) -> Html {
    let node = d.node.clone();
    let unit = if d.unit.name.is_empty() {
        d.name.clone()
    } else {
        d.unit.name.clone()
    };
    let status = if d.status_label.is_empty() {
        d.status.clone()
    } else {
        d.status_label.clone()
    };
    let urge = props.can_urge.contains(&node).then(|| {
        let (cb, n) = (props.on_urge.clone(), node.clone());
        let busy = props.urging.as_deref() == Some(node.as_str());
        html! {
            <button type="button" class="btn btn-small" disabled={props.urging.is_some()}
                data-testid={format!("btn-urge-{node}")} onclick={Callback::from(move |_| cb.emit(n.clone()))}>
                { if busy { "催办中…" } else { "催办" } }
            </button>
        }
    });
    let returned = d.returned.as_ref().map(|r| {
        let by =
            r.by.as_ref()
                .map(|p| format!("（{}）", p.display()))
                .unwrap_or_default();
        html! {
            <div class="returned" data-testid={format!("returned-reason-{node}")}>
                { format!("退回理由：{}{by}", r.reason) }
            </div>
        }
    });
    let history = (!d.returns.is_empty()).then(|| {
        html! {
            <ul class="return-history" data-testid={format!("dispatch-returns-{node}")}>
                { for d.returns.iter().map(|r| html! {
                    <li>
                        <span>{ return_summary(r) }</span>
                        <span class="muted">{ return_facts(r) }</span>
                    </li>
                }) }
            </ul>
        }
    });
    let step = d
        .step_name
        .clone()
        .filter(|s| !s.is_empty())
        .map(|s| html! { <div class="muted">{ s }</div> });
    let external = d
        .external
        .as_ref()
        .map(|x| external(&node, x, &props.attachments));
    html! {
        <tr data-testid={format!("dispatch-row-{node}")} data-status={d.status.clone()}>
            <td data-label="单位">{ unit }{ step.unwrap_or_default() }{ external.unwrap_or_default() }{ history.unwrap_or_default() }</td>
            <td data-label="状态"><span class={format::status_class(&d.status)}>{ status }</span>{ returned.unwrap_or_default() }</td>
            <td data-label="收件时间">{ format::time_or_dash(d.received_at.as_deref()) }</td>
            <td data-label="完成时间">{ format::time_or_dash(d.finished_at.as_deref()) }</td>
            <td data-label="用时">{ d.duration_minutes.map_or_else(|| "—".to_owned(), format::duration) }</td>
            <td data-label="办理时限">{ d.deadline.clone().map(|deadline| html! {
                <DeadlineLine {deadline} testid={format!("deadline-{node}")} />
            }).unwrap_or_else(|| html! { "—" }) }</td>
            <td data-label="当前办理人">{ d.current_handler.clone().unwrap_or_else(|| "—".into()) }</td>
            <td data-label="操作" class="row-actions">{ urge.unwrap_or_default() }</td>
        </tr>
    }
}

/// The attachment field the result documents of dispatch `node` are stored under.
fn result_field(node: &str) -> String {
    format!("result:{node}")
}

/// The result documents a unit's own system reported for dispatch `node`: the matter's files
/// under `result:<node>`, those of the latest report first in its order.
pub fn result_documents<'a>(
    node: &str,
    reported: &[String],
    attachments: &'a [Attachment],
) -> Vec<&'a Attachment> {
    let field = result_field(node);
    let mut files: Vec<&Attachment> = attachments
        .iter()
        .filter(|a| a.field.as_deref() == Some(field.as_str()))
        .collect();
    files.sort_by_key(|a| {
        reported
            .iter()
            .position(|id| *id == a.id)
            .unwrap_or(reported.len())
    });
    files
}

/// 办理结果文件: name (a download link) and size of each result document.
fn result_files(node: &str, files: &[&Attachment]) -> Html {
    if files.is_empty() {
        return Html::default();
    }
    html! {
        <div class="result-files" data-testid={format!("result-files-{node}")}>
            <div class="muted small">{ "办理结果文件" }</div>
            <ul class="files">
                { for files.iter().map(|f| html! {
                    <li class="file">
                        <a href={attachment_href(&f.id)} data-testid="result-file" download="">{ f.filename.clone() }</a>
                        <span class="muted">{ format::size(f.size) }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// The own system's report: receipt, its case number, its internal steps, its result documents.
fn external(node: &str, x: &ExternalProgress, attachments: &[Attachment]) -> Html {
    let receipt = if x.acked {
        let no = x
            .external_ref
            .as_ref()
            .map(|r| format!("，受理编号 {r}"))
            .unwrap_or_default();
        format!("本单位系统已接收{no}")
    } else {
        "已推送至本单位系统，待接收".to_owned()
    };
    let files = result_documents(node, &x.documents, attachments);
    html! {
        <div class="external-progress" data-testid={format!("external-{node}")}>
            <div class="muted">{ receipt }</div>
            <ol class="external-steps">
                { for x.steps.iter().map(|s| {
                    let opinion = s.opinion.as_ref().map(|o| format!("：{o}")).unwrap_or_default();
                    html! {
                        <li data-testid="external-step">
                            { format!("{}（{}）{opinion}", s.name, s.handler) }
                            <span class="muted">{ format!(" {}", format::time(&s.at)) }</span>
                        </li>
                    }
                }) }
            </ol>
            { result_files(node, &files) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: &str, field: &str) -> Attachment {
        Attachment {
            id: id.into(),
            field: Some(field.into()),
            filename: format!("{id}.pdf"),
            ..Attachment::default()
        }
    }

    #[test]
    fn result_documents_are_the_units_own_files_in_reported_order() {
        let all = [
            file("plan", "plan"),
            file("r1", "result:zrzyj"),
            file("other", "result:zjj"),
            file("r2", "result:zrzyj"),
            file("old", "result:zrzyj"),
        ];
        let ids = |files: Vec<&Attachment>| -> Vec<String> {
            files.into_iter().map(|f| f.id.clone()).collect()
        };
        let reported = ["r2".to_owned(), "r1".to_owned()];
        assert_eq!(
            ids(result_documents("zrzyj", &reported, &all)),
            ["r2", "r1", "old"]
        );
        assert_eq!(ids(result_documents("zjj", &[], &all)), ["other"]);
        assert!(
            result_documents("plan", &[], &all).is_empty(),
            "form fields are not results"
        );
        assert!(result_documents("fgj", &reported, &all).is_empty());
    }
}
