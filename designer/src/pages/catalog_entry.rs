//! The 基本信息 tab of the type designer: name, category, 办事指南 (Markdown), time limit with
//! its unit, 密级, the units allowed to initiate, the lead and default handling units, the
//! warning tiers ([`TierEditor`]) and the materials checklist. Test ids: `type-name`,
//! `type-category`, `type-guide`, `type-time-limit`, `type-time-limit-unit`, `type-security`,
//! `type-initiator-<unit>`, `type-lead-unit`, `type-handling-<unit>`, `material-add`,
//! `material-<i>-name`, `material-<i>-requirement`, `material-<i>-accept`, `material-<i>-size`,
//! `material-<i>-source`, `material-<i>-license`, `material-<i>-delete`, and the 样表 cell's
//! `material-<i>-sample-…` ([`SampleInput`]).

use crate::components::sample_input::SampleInput;
use crate::components::tier_editor::TierEditor;
use lianban_definition::limit::LimitUnit;
use lianban_definition::matter_type::{
    Material, MaterialSource, MatterTypeDef, Requirement, SecurityLevel,
};
use lianban_definition::{FieldKey, UnitCode};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`CatalogEntry`].
#[derive(Properties, PartialEq)]
pub struct CatalogEntryProps {
    /// The draft.
    pub def: MatterTypeDef,
    /// Units to choose from: (code, name).
    pub units: Vec<(String, String)>,
    /// Emitted after every edit.
    pub on_change: Callback<MatterTypeDef>,
}

/// An edit of the definition.
type Edit = Box<dyn Fn(&mut MatterTypeDef, String)>;

/// The tab.
#[function_component]
pub fn CatalogEntry(props: &CatalogEntryProps) -> Html {
    let def = &props.def;
    let bind = |edit: Edit| {
        let def = props.def.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            let mut def = def.clone();
            edit(&mut def, value);
            on_change.emit(def);
        })
    };
    let units =
        |selected: &[UnitCode], testid: &'static str, edit: fn(&mut MatterTypeDef, String)| {
            let items = props.units.iter().map(|(code, name)| {
                let checked = selected.iter().any(|u| u.as_str() == code);
                let code_owned = code.clone();
                let onchange = bind(Box::new(move |d, _| edit(d, code_owned.clone())));
                html! {
                    <label class="check"><input type="checkbox" {checked} {onchange}
                        data-testid={format!("{testid}-{code}")} />{ name.clone() }</label>
                }
            });
            html! { <div class="checks">{ for items }</div> }
        };
    let security = match def.security_level {
        SecurityLevel::Unclassified => "unclassified",
        SecurityLevel::Internal => "internal",
        SecurityLevel::Restricted => "restricted",
    };
    let on_tiers = {
        let def = props.def.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |tiers| {
            let mut def = def.clone();
            def.warning_tiers = tiers;
            on_change.emit(def);
        })
    };
    let lead = def
        .lead_unit
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    html! {
        <div class="card catalog-entry">
            <div class="grid">
                <label class="field span-6">{ "事项名称" }
                    <input class="input" value={def.name.clone()} data-testid="type-name"
                        onchange={bind(Box::new(|d, v| d.name = v))} /></label>
                <label class="field span-3">{ "分类" }
                    <input class="input" value={def.category.clone()} data-testid="type-category"
                        onchange={bind(Box::new(|d, v| d.category = v))} /></label>
                <label class="field span-3">{ "办理时限" }
                    <div class="with-unit">
                        <input class="input" type="number" min="1" data-testid="type-time-limit"
                            value={def.time_limit_days.map(|d| d.to_string()).unwrap_or_default()}
                            onchange={bind(Box::new(|d, v| d.time_limit_days = v.trim().parse().ok()))} />
                        <select class="input unit-select" data-testid="type-time-limit-unit"
                            onchange={bind(Box::new(|d, v| d.time_limit_unit = LimitUnit::from_key(&v).unwrap_or_default()))}>
                            { for LimitUnit::ALL.iter().map(|u| html! {
                                <option value={u.key()} selected={*u == def.time_limit_unit}>{ u.name() }</option> }) }
                        </select>
                    </div></label>
                <label class="field span-3">{ "密级" }
                    <select class="input" data-testid="type-security" onchange={bind(Box::new(|d, v| d.security_level = match v.as_str() {
                        "internal" => SecurityLevel::Internal,
                        "restricted" => SecurityLevel::Restricted,
                        _ => SecurityLevel::Unclassified,
                    }))}>
                        { for [SecurityLevel::Unclassified, SecurityLevel::Internal, SecurityLevel::Restricted].iter().zip(["unclassified", "internal", "restricted"]).map(|(l, v)| html! {
                            <option value={v} selected={v == security}>{ l.label() }</option>
                        }) }
                    </select></label>
                <label class="field span-3">{ "牵头单位" }
                    <select class="input" data-testid="type-lead-unit"
                        onchange={bind(Box::new(|d, v| d.lead_unit = (!v.is_empty()).then(|| UnitCode::new(v))))}>
                        <option value="" selected={lead.is_empty()}>{ "（未指定）" }</option>
                        { for props.units.iter().map(|(c, n)| html! { <option value={c.clone()} selected={*c == lead}>{ n.clone() }</option> }) }
                    </select></label>
            </div>
            <label class="field">{ "办事指南（Markdown）" }
                <textarea class="input" rows="5" value={def.guide.clone()} data-testid="type-guide"
                    onchange={bind(Box::new(|d, v| d.guide = v))} /></label>
            <fieldset><legend>{ "可发起单位（不选则所有单位均可发起）" }</legend>
                { units(&def.initiator_units, "type-initiator", |d, code| toggle(&mut d.initiator_units, code)) }</fieldset>
            <fieldset><legend>{ "默认联办单位" }</legend>
                { units(&def.handling_units, "type-handling", |d, code| toggle(&mut d.handling_units, code)) }</fieldset>
            <fieldset><legend>{ "预警等级（办件总时限和各节点时限共用）" }</legend>
                <TierEditor tiers={def.warning_tiers.clone()} on_change={on_tiers} /></fieldset>
            <Materials def={def.clone()} on_change={props.on_change.clone()} />
        </div>
    }
}

/// The value of an input, select or textarea event.
fn value_of(e: &Event) -> String {
    let target = e.target();
    if let Some(t) = target
        .as_ref()
        .and_then(|t| wasm_bindgen::JsCast::dyn_ref::<HtmlSelectElement>(t))
    {
        return t.value();
    }
    if let Some(t) = target
        .as_ref()
        .and_then(|t| wasm_bindgen::JsCast::dyn_ref::<HtmlTextAreaElement>(t))
    {
        return t.value();
    }
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// Adds `code` to `units`, or removes it when present.
fn toggle(units: &mut Vec<UnitCode>, code: String) {
    if let Some(i) = units.iter().position(|u| u.as_str() == code) {
        units.remove(i);
    } else {
        units.push(UnitCode::new(code));
    }
}

/// Props of [`Materials`].
#[derive(Properties, PartialEq)]
struct MaterialsProps {
    def: MatterTypeDef,
    on_change: Callback<MatterTypeDef>,
}

/// The materials checklist editor.
#[function_component]
fn Materials(props: &MaterialsProps) -> Html {
    let edit = |i: usize, f: fn(&mut Material, String)| {
        let def = props.def.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            let mut def = def.clone();
            if let Some(m) = def.materials.get_mut(i) {
                f(m, value);
            }
            on_change.emit(def);
        })
    };
    let add = {
        let def = props.def.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_| {
            let mut def = def.clone();
            let key = (1..)
                .map(|n| format!("material_{n}"))
                .find(|k| !def.materials.iter().any(|m| m.key.as_str() == k))
                .unwrap_or_default();
            def.materials.push(Material {
                key: FieldKey::new(key),
                name: "新材料".to_owned(),
                requirement: Requirement::Required,
                accept: vec!["pdf".to_owned()],
                max_size_mb: None,
                sample: None,
                source: MaterialSource::Upload,
            });
            on_change.emit(def);
        })
    };
    let set_sample = |i: usize| {
        let def = props.def.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |sample: Option<String>| {
            let mut def = def.clone();
            if let Some(m) = def.materials.get_mut(i) {
                m.sample = sample;
            }
            on_change.emit(def);
        })
    };
    let rows = props.def.materials.iter().enumerate().map(|(i, m)| {
        let delete = {
            let def = props.def.clone();
            let on_change = props.on_change.clone();
            Callback::from(move |_| {
                let mut def = def.clone();
                def.materials.remove(i);
                on_change.emit(def);
            })
        };
        let requirement = match m.requirement {
            Requirement::Required => "required",
            Requirement::Deferrable => "deferrable",
            Requirement::Optional => "optional",
        };
        let (source, license) = match &m.source {
            MaterialSource::Upload => ("upload", String::new()),
            MaterialSource::EarlierMatter => ("earlier_matter", String::new()),
            MaterialSource::License { license_type } => ("license", license_type.clone()),
        };
        html! {
            <tr>
                <td><input class="input" value={m.name.clone()} data-testid={format!("material-{i}-name")}
                    onchange={edit(i, |m, v| m.name = v)} /></td>
                <td><select class="input" data-testid={format!("material-{i}-requirement")} onchange={edit(i, |m, v| m.requirement = match v.as_str() {
                    "deferrable" => Requirement::Deferrable, "optional" => Requirement::Optional, _ => Requirement::Required })}>
                    { for [("required", "必交"), ("deferrable", "容缺（可后补）"), ("optional", "选交")].iter().map(|(v, l)| html! {
                        <option value={*v} selected={*v == requirement}>{ *l }</option> }) }
                </select></td>
                <td><input class="input" value={m.accept.join(",")} placeholder="pdf,jpg" data-testid={format!("material-{i}-accept")}
                    onchange={edit(i, |m, v| m.accept = v.split([',', '，', ' ']).map(|s| s.trim().trim_start_matches('.').to_lowercase()).filter(|s| !s.is_empty()).collect())} /></td>
                <td><input class="input" type="number" min="1" value={m.max_size_mb.map(|n| n.to_string()).unwrap_or_default()}
                    data-testid={format!("material-{i}-size")} onchange={edit(i, |m, v| m.max_size_mb = v.trim().parse().ok())} /></td>
                <td><select class="input" data-testid={format!("material-{i}-source")} onchange={edit(i, |m, v| m.source = match v.as_str() {
                    "earlier_matter" => MaterialSource::EarlierMatter,
                    "license" => MaterialSource::License { license_type: String::new() },
                    _ => MaterialSource::Upload })}>
                    { for [("upload", "上传"), ("earlier_matter", "以往办件"), ("license", "证照库")].iter().map(|(v, l)| html! {
                        <option value={*v} selected={*v == source}>{ *l }</option> }) }
                </select>
                if source == "license" {
                    <input class="input" value={license} placeholder="证照类型编码" data-testid={format!("material-{i}-license")}
                        onchange={edit(i, |m, v| m.source = MaterialSource::License { license_type: v.trim().to_owned() })} />
                }</td>
                <td><SampleInput prefix={format!("material-{i}-sample")} sample={m.sample.clone()} on_change={set_sample(i)} /></td>
                <td><button class="btn btn-link" onclick={delete} data-testid={format!("material-{i}-delete")}>{ "删除" }</button></td>
            </tr>
        }
    });
    html! {
        <fieldset><legend>{ "申请材料" }</legend>
            <table class="table materials">
                <thead><tr><th>{ "材料名称" }</th><th>{ "要求" }</th><th>{ "文件类型" }</th><th>{ "大小上限（MB）" }</th><th>{ "来源" }</th><th>{ "样表" }</th><th></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <button class="btn" onclick={add} data-testid="material-add">{ "＋ 添加材料" }</button>
        </fieldset>
    }
}
