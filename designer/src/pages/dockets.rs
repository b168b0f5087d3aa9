//! 督办 on the matter page: the dockets with their replies; supervisors open one (on the whole
//! matter or one unit's part, with a requirement and a reply deadline) and close it; the
//! addressed unit replies.
//! Test ids: `docket-panel`, `btn-open-docket`, `docket-node`, `docket-requirement`,
//! `docket-reply-by`, `btn-docket-confirm`, `docket-<key>`, `docket-status-<key>`,
//! `docket-reply-<key>`, `btn-docket-reply-<key>`, `btn-docket-close-<key>`.

use super::matter_actions::{text_area, use_runner};
use crate::api::{self, Docket, MatterDetail};
use crate::format;
use crate::hooks::use_session;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`DocketPanel`].
#[derive(Properties, PartialEq)]
pub struct DocketPanelProps {
    /// The matter.
    pub matter: Rc<MatterDetail>,
    /// Receives the matter after a change.
    pub on_updated: Callback<MatterDetail>,
}

/// Whether a user with these roles supervises (督办人员 or administrator).
pub fn supervises(roles: &[String]) -> bool {
    roles.iter().any(|r| r == "supervisor" || r == "admin")
}

/// Whether dockets may be opened on a matter in this status.
pub fn open_allowed(status: &str) -> bool {
    matches!(status, "running" | "returned" | "completed")
}

/// The 督办 card; nothing for a matter without dockets that the user cannot supervise.
#[function_component]
pub fn DocketPanel(props: &DocketPanelProps) -> Html {
    let session = use_session();
    let runner = use_runner(props.on_updated.clone());
    let opening = use_state(|| false);
    let node = use_state(String::new);
    let requirement = use_state(String::new);
    let reply_by = use_state(String::new);
    let replies = use_state(std::collections::BTreeMap::<String, String>::new);
    let me = session.me.clone();
    let supervisor = me.as_ref().is_some_and(|m| supervises(&m.roles));
    let matter = &props.matter;
    if matter.dockets.is_empty() && !(supervisor && open_allowed(&matter.status)) {
        return Html::default();
    }
    let busy = runner.is_busy();
    let open = {
        let (r, id) = (runner.clone(), matter.id.clone());
        let (node, requirement, reply_by, opening) = (
            node.clone(),
            requirement.clone(),
            reply_by.clone(),
            opening.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if requirement.trim().is_empty() || reply_by.is_empty() {
                r.refuse("请填写督办要求和答复期限");
                return;
            }
            let (id, node, text, date, opening) = (
                id.clone(),
                (*node).clone(),
                (*requirement).clone(),
                (*reply_by).clone(),
                opening.clone(),
            );
            r.run(
                "open",
                async move {
                    let node = (!node.is_empty()).then_some(node);
                    api::open_docket(&id, node.as_deref(), &text, &date).await
                },
                move || opening.set(false),
            );
        })
    };
    let on_node = {
        let node = node.clone();
        Callback::from(move |e: Event| {
            node.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let on_date = {
        let reply_by = reply_by.clone();
        Callback::from(move |e: Event| {
            reply_by.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let form = if *opening {
        html! {
            <div class="docket-form">
                <label class="field-label">{ "督办对象" }</label>
                <select class="input" data-testid="docket-node" onchange={on_node}>
                    <option value="" selected={node.is_empty()}>{ "整个办件（发起单位）" }</option>
                    { for matter.dispatches.iter().map(|d| html! {
                        <option value={d.node.clone()} selected={*node == d.node}>
                            { format!("{}（{}）", d.name, d.unit.name) }
                        </option>
                    }) }
                </select>
                <label class="field-label">{ "督办要求" }</label>
                { text_area(&requirement, "docket-requirement", "例如：请于本周内办结并说明延误原因") }
                <label class="field-label">{ "答复期限" }</label>
                <input class="input" type="date" data-testid="docket-reply-by" value={(*reply_by).clone()} onchange={on_date} />
                <div class="actions">
                    <button type="button" class="btn btn-primary" disabled={busy}
                        data-testid="btn-docket-confirm" onclick={open}>
                        { runner.label("open", "发出督办", "正在发出…") }
                    </button>
                    <button type="button" class="btn" onclick={{
                        let opening = opening.clone();
                        Callback::from(move |_: MouseEvent| opening.set(false))
                    }}>{ "取消" }</button>
                </div>
            </div>
        }
    } else if supervisor && open_allowed(&matter.status) {
        html! {
            <div class="actions">
                <button type="button" class="btn" data-testid="btn-open-docket" onclick={{
                    let opening = opening.clone();
                    Callback::from(move |_: MouseEvent| opening.set(true))
                }}>{ "发起督办" }</button>
            </div>
        }
    } else {
        Html::default()
    };
    let step = |key: String, which: &'static str| {
        let (r, id, replies) = (runner.clone(), matter.id.clone(), replies.clone());
        Callback::from(move |_: MouseEvent| {
            let text = replies.get(&key).cloned().unwrap_or_default();
            if which == "reply" && text.trim().is_empty() {
                r.refuse("请填写答复内容");
                return;
            }
            let (id, key) = (id.clone(), key.clone());
            r.run(
                which,
                async move { api::docket_step(&id, &key, which, &text).await },
                || (),
            );
        })
    };
    let item = |d: &Docket| {
        let mine = me.as_ref().is_some_and(|m| m.in_unit(&d.unit));
        let live = d.status != "closed";
        let key = d.key.clone();
        let on_text = {
            let (replies, key) = (replies.clone(), key.clone());
            Callback::from(move |e: InputEvent| {
                let mut next = (*replies).clone();
                next.insert(
                    key.clone(),
                    e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value(),
                );
                replies.set(next);
            })
        };
        html! {
            <li class="docket" data-testid={format!("docket-{key}")}>
                <div>
                    <span class="badge" data-testid={format!("docket-status-{key}")}>{ d.status_label() }</span>
                    { format!(" {}（{}前答复）", d.requirement, format::datetime_ms(d.reply_by_ms).get(..10).unwrap_or_default()) }
                </div>
                <ul class="docket-replies">
                    { for d.replies.iter().map(|r| html! {
                        <li>{ format!("{} 答复：{}", format::datetime_ms(r.at_ms), r.text) }</li>
                    }) }
                </ul>
                if let Some(note) = &d.closing_note {
                    <div class="muted">{ format!("办结说明：{note}") }</div>
                }
                if mine && live {
                    <textarea class="input" rows="2" data-testid={format!("docket-reply-{key}")}
                        placeholder="答复督办要求" oninput={on_text} />
                    <button type="button" class="btn btn-small" disabled={busy}
                        data-testid={format!("btn-docket-reply-{key}")} onclick={step(key.clone(), "reply")}>{ "答复" }</button>
                }
                if supervisor && live {
                    <button type="button" class="btn btn-small" disabled={busy}
                        data-testid={format!("btn-docket-close-{key}")} onclick={step(key.clone(), "close")}>{ "办结督办" }</button>
                }
            </li>
        }
    };
    html! {
        <section class="card" data-testid="docket-panel">
            <h3>{ "督办" }</h3>
            { runner.error_line() }
            <ul class="dockets">{ for matter.dockets.iter().map(item) }</ul>
            { form }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_supervisors_and_admins_supervise_live_matters() {
        assert!(supervises(&["supervisor".to_owned()]));
        assert!(supervises(&["clerk".to_owned(), "admin".to_owned()]));
        assert!(!supervises(&["clerk".to_owned()]));
        assert!(open_allowed("running") && open_allowed("completed"));
        assert!(!open_allowed("draft") && !open_allowed("closed") && !open_allowed("voided"));
    }
}
