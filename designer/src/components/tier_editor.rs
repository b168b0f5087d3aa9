//! 预警等级 in the type designer's 基本信息 tab: the defaults in words until the designer
//! customizes them, then one row per tier (编号, 名称, 颜色, 触发时间, 工作日数, 通知单位领导,
//! 通知督查室) with add, delete and 恢复默认. Edits go through [`crate::state::tiers`].
//! Test ids: `tiers-default`, `tiers-customize`, `tiers-use-defaults`, `tiers-add`, and per row
//! `tiers-<i>-id`, `-label`, `-color`, `-moment`, `-days`, `-unit_leader`, `-supervision`,
//! `-delete`.

use crate::state::tiers::{TierEdit, apply, days, moment_kind};
use lianban_definition::limit::{Escalation, TierColor, WarningTier, default_tiers};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`TierEditor`].
#[derive(Properties, PartialEq)]
pub struct TierEditorProps {
    /// The matter type's tiers (empty: the defaults apply).
    pub tiers: Vec<WarningTier>,
    /// Emitted with the tiers after every edit.
    pub on_change: Callback<Vec<WarningTier>>,
}

/// The defaults, in words.
fn defaults_text() -> String {
    let parts: Vec<String> = default_tiers()
        .iter()
        .map(|t| {
            let escalate: Vec<&str> = t.escalate.iter().map(|e| e.label()).collect();
            if escalate.is_empty() {
                format!("{}（{}）", t.label, t.when.describe())
            } else {
                format!(
                    "{}（{}，并通知{}）",
                    t.label,
                    t.when.describe(),
                    escalate.join("、")
                )
            }
        })
        .collect();
    format!("未自定义，使用默认预警：{}", parts.join("；"))
}

/// A callback reading the changed control (a select's value, a checkbox's `true`/`false`, an
/// input's value), turning it into an edit and emitting the edited tiers.
fn changer(
    props: &TierEditorProps,
    make: impl Fn(String) -> TierEdit + 'static,
) -> Callback<Event> {
    let (tiers, on_change) = (props.tiers.clone(), props.on_change.clone());
    Callback::from(move |e: Event| {
        let target = e.target();
        let select = target
            .as_ref()
            .and_then(|t| wasm_bindgen::JsCast::dyn_ref::<HtmlSelectElement>(t));
        let value = match select {
            Some(select) => select.value(),
            None => {
                let input = e.target_unchecked_into::<HtmlInputElement>();
                if input.type_() == "checkbox" {
                    input.checked().to_string()
                } else {
                    input.value()
                }
            }
        };
        let mut tiers = tiers.clone();
        apply(&mut tiers, make(value));
        on_change.emit(tiers);
    })
}

/// A button applying `edit`.
fn button(
    props: &TierEditorProps,
    label: &'static str,
    testid: &'static str,
    edit: TierEdit,
) -> Html {
    let (tiers, on_change) = (props.tiers.clone(), props.on_change.clone());
    let onclick = Callback::from(move |_: MouseEvent| {
        let mut tiers = tiers.clone();
        apply(&mut tiers, edit.clone());
        on_change.emit(tiers);
    });
    html! { <button type="button" class="btn" data-testid={testid} {onclick}>{ label }</button> }
}

/// The editor.
#[function_component]
pub fn TierEditor(props: &TierEditorProps) -> Html {
    if props.tiers.is_empty() {
        return html! {
            <div class="tiers">
                <p class="muted" data-testid="tiers-default">{ defaults_text() }</p>
                { button(props, "自定义预警等级", "tiers-customize", TierEdit::Customize) }
            </div>
        };
    }
    let rows = props
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| row(props, i, t));
    html! {
        <div class="tiers">
            <table class="table tiers-table">
                <thead><tr>
                    <th>{ "编号" }</th><th>{ "名称" }</th><th>{ "颜色" }</th><th>{ "触发时间" }</th>
                    <th>{ "工作日数" }</th><th>{ "同时通知" }</th><th></th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            { button(props, "＋ 添加预警等级", "tiers-add", TierEdit::Add) }
            { button(props, "恢复默认", "tiers-use-defaults", TierEdit::UseDefaults) }
        </div>
    }
}

/// One tier's row.
fn row(props: &TierEditorProps, i: usize, t: &WarningTier) -> Html {
    let id = |part: &str| format!("tiers-{i}-{part}");
    let kind = moment_kind(&t.when);
    let escalate = Escalation::ALL.iter().map(|target| {
        let target = *target;
        let key = match target {
            Escalation::UnitLeader => "unit_leader",
            Escalation::Supervision => "supervision",
        };
        let onchange = changer(props, move |v| TierEdit::Escalate(i, target, v == "true"));
        html! {
            <label class="check"><input type="checkbox" checked={t.escalate.contains(&target)}
                data-testid={id(key)} {onchange} />{ target.label() }</label>
        }
    });
    let delete = {
        let (tiers, on_change) = (props.tiers.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut tiers = tiers.clone();
            apply(&mut tiers, TierEdit::Remove(i));
            on_change.emit(tiers);
        })
    };
    let color = changer(props, move |v| {
        TierEdit::Color(i, TierColor::from_key(&v).unwrap_or(TierColor::Red))
    });
    html! {
        <tr>
            <td><input class="input" value={t.id.clone()} data-testid={id("id")}
                onchange={changer(props, move |v| TierEdit::Id(i, v))} /></td>
            <td><input class="input" value={t.label.clone()} data-testid={id("label")}
                onchange={changer(props, move |v| TierEdit::Label(i, v))} /></td>
            <td><select class="input" data-testid={id("color")} onchange={color}>
                { for TierColor::ALL.iter().map(|c| html! {
                    <option value={c.key()} selected={*c == t.color}>{ c.label() }</option> }) }
            </select></td>
            <td><select class="input" data-testid={id("moment")}
                onchange={changer(props, move |v| TierEdit::Moment(i, v))}>
                { for [("before_due", "到期前"), ("due_day", "到期当日"), ("overdue", "超期")].iter().map(|(v, l)| html! {
                    <option value={*v} selected={*v == kind}>{ *l }</option> }) }
            </select></td>
            <td>
                if kind != "due_day" {
                    <div class="with-unit">
                        <input class="input" type="number" min="0" value={days(&t.when).to_string()}
                            data-testid={id("days")}
                            onchange={changer(props, move |v| TierEdit::Days(i, v.trim().parse().unwrap_or(0)))} />
                        <span class="unit">{ "个工作日" }</span>
                    </div>
                }
            </td>
            <td>{ for escalate }</td>
            <td><button type="button" class="btn btn-link" data-testid={id("delete")} onclick={delete}>{ "删除" }</button></td>
        </tr>
    }
}
