//! The 发布 tab: the full check (definition, Rhai rules and their tests, organisation
//! references) with every issue named where it is, the version history, and retiring a version.
//! Publishing itself is the designer's toolbar button. Test ids: `check-issues`, `check-ok`,
//! `check-tests`, `version-<n>`, `btn-retire-<n>`, `bpmn-<n>`, `bpmn-draft` (BPMN 2.0 downloads).

use crate::api::ApiError;
use crate::api::admin::{self, Report, VersionInfo};
use crate::components::feedback::ErrorBanner;
use crate::format;
use lianban_definition::Issue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props of [`PublishPanel`].
#[derive(Properties, PartialEq)]
pub struct PublishPanelProps {
    /// The matter type.
    pub code: String,
    /// The last check, if any.
    pub report: Option<Report>,
    /// Issues of the last save or publish attempt.
    pub issues: Vec<Issue>,
    /// Versions, newest first.
    pub versions: Vec<VersionInfo>,
    /// Called after a version was retired (to reload).
    pub on_retired: Callback<()>,
}

/// Where an issue path points, in words.
pub fn place(path: &str) -> &'static str {
    match path.split(['.', '[']).next().unwrap_or_default() {
        "form" => "表单设计",
        "flow" => "流程设计",
        "rules" => "规则",
        _ => "基本信息",
    }
}

/// The tab.
#[function_component]
pub fn PublishPanel(props: &PublishPanelProps) -> Html {
    let error = use_state(|| None::<ApiError>);
    let issues: Vec<&Issue> = props
        .report
        .iter()
        .flat_map(|r| r.issues.iter())
        .chain(props.issues.iter())
        .collect();
    let list = if issues.is_empty() && props.report.is_some() {
        html! { <p class="ok" data-testid="check-ok">{ "✓ 检查通过，可以发布" }</p> }
    } else if issues.is_empty() {
        html! { <p class="muted">{ "点击上方“检查”查看能否发布。" }</p> }
    } else {
        html! {
            <ul class="issues" data-testid="check-issues">
                { for issues.iter().map(|i| html! {
                    <li><span class="tag">{ place(&i.path) }</span>{ i.message.clone() }<code class="small muted">{ format!(" {}", i.path) }</code></li>
                }) }
            </ul>
        }
    };
    let tests = props.report.as_ref().filter(|r| !r.tests.is_empty()).map(|r| html! {
        <table class="table" data-testid="check-tests">
            <thead><tr><th>{ "规则" }</th><th>{ "测试" }</th><th>{ "结果" }</th></tr></thead>
            <tbody>{ for r.tests.iter().map(|t| html! {
                <tr><td>{ t.rule.clone() }</td><td>{ t.test.clone() }</td>
                    <td class={if t.passed { "ok" } else { "field-error" }}>{ if t.passed { "✓ 通过" } else { "✗ " } }{ if t.passed { String::new() } else { t.actual.clone() } }</td></tr>
            }) }</tbody>
        </table>
    });
    let versions = props.versions.iter().map(|v| {
        let retire = (v.status == "published").then(|| {
            let (code, version, error, done) = (props.code.clone(), v.version, error.clone(), props.on_retired.clone());
            let onclick = Callback::from(move |_| {
                let (code, error, done) = (code.clone(), error.clone(), done.clone());
                spawn_local(async move {
                    match admin::retire(&code, version).await {
                        Ok(_) => done.emit(()),
                        Err(e) => error.set(Some(e)),
                    }
                });
            });
            html! { <button class="btn btn-link" {onclick} data-testid={format!("btn-retire-{}", v.version)}>{ "停用" }</button> }
        });
        let status = if v.status == "published" { "已发布" } else { "已停用" };
        let bpmn = format!("/api/v1/admin/matter-types/{}/bpmn?version={}", props.code, v.version);
        html! {
            <tr data-testid={format!("version-{}", v.version)}>
                <td>{ format!("第{}版", v.version) }</td><td>{ status }</td>
                <td>{ format::datetime_ms(v.published_ms) }</td>
                <td>{ if v.published_by.is_empty() { "初始数据".to_owned() } else { v.published_by.clone() } }</td>
                <td><a href={bpmn} download="" data-testid={format!("bpmn-{}", v.version)}>{ "导出BPMN" }</a>
                    { retire.unwrap_or_default() }</td>
            </tr>
        }
    });
    html! {
        <div class="card publish-panel">
            <h3>{ "发布前检查" }</h3>
            { list }
            { tests.unwrap_or_default() }
            <h3>{ "版本" }</h3>
            <p class="small"><a href={format!("/api/v1/admin/matter-types/{}/bpmn", props.code)} download=""
                data-testid="bpmn-draft">{ "导出当前草稿的流程（BPMN 2.0，含布局）" }</a></p>
            <p class="muted small">{ "发布会冻结当前草稿为新版本；进行中的办件继续按原版本办理。停用的版本不再接受登记和提交。" }</p>
            if let Some(e) = &*error { <ErrorBanner error={e.clone()} /> }
            <table class="table">
                <thead><tr><th>{ "版本" }</th><th>{ "状态" }</th><th>{ "发布时间" }</th><th>{ "发布人" }</th><th></th></tr></thead>
                <tbody>{ for versions }</tbody>
            </table>
        </div>
    }
}
