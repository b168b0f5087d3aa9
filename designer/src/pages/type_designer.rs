//! The visual designer of one matter type: tabs 基本信息 ([`CatalogEntry`]), 表单设计
//! ([`FormDesigner`]), 流程设计 ([`FlowDesigner`]), 规则 ([`RuleEditor`]), 模拟
//! ([`SimulatePanel`]) and 发布 ([`PublishPanel`]), over one draft kept in this page. 保存草稿
//! stores it; 检查 runs the server's full check; 发布 saves, checks and publishes a new version
//! that is live at once. Every validation rule of the type runs on submission (the form's rule
//! list is kept in step with the rules tab).
//!
//! Test ids: `tab-basic`, `tab-form`, `tab-flow`, `tab-rules`, `tab-simulate`, `tab-publish`,
//! `btn-save-design`, `btn-check-design`, `btn-publish`, `design-dirty`, `design-notice`.

use super::catalog_entry::CatalogEntry;
use super::publish_panel::{PublishPanel, place};
use super::simulate_panel::SimulatePanel;
use crate::api::ApiError;
use crate::api::admin::{self, AdminType, Report};
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::flow_designer::FlowDesigner;
use crate::components::form_designer::FormDesigner;
use crate::components::rule_editor::RuleEditor;
use crate::hooks::use_org;
use lianban_definition::Issue;
use lianban_definition::matter_type::{MatterTypeDef, RuleKind};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props of [`TypeDesignerPage`].
#[derive(Properties, PartialEq)]
pub struct TypeDesignerProps {
    /// Matter type code.
    pub code: String,
}

/// The tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Basic,
    Form,
    Flow,
    Rules,
    Simulate,
    Publish,
}

impl Tab {
    const ALL: [(Tab, &'static str, &'static str); 6] = [
        (Tab::Basic, "基本信息", "tab-basic"),
        (Tab::Form, "表单设计", "tab-form"),
        (Tab::Flow, "流程设计", "tab-flow"),
        (Tab::Rules, "规则", "tab-rules"),
        (Tab::Simulate, "模拟", "tab-simulate"),
        (Tab::Publish, "发布", "tab-publish"),
    ];

    /// The tab an issue path belongs to.
    fn of(path: &str) -> Tab {
        match place(path) {
            "表单设计" => Tab::Form,
            "流程设计" => Tab::Flow,
            "规则" => Tab::Rules,
            _ => Tab::Basic,
        }
    }
}

/// Everything the page keeps between renders.
#[derive(Clone, PartialEq)]
struct Page {
    loaded: AdminType,
    draft: MatterTypeDef,
    dirty: bool,
    issues: Vec<Issue>,
    report: Option<Report>,
    notice: Option<String>,
    error: Option<ApiError>,
}

/// The page.
#[function_component]
pub fn TypeDesignerPage(props: &TypeDesignerProps) -> Html {
    let page = use_state(|| None::<Page>);
    let failed = use_state(|| None::<ApiError>);
    let tab = use_state(|| Tab::Basic);
    let posts = use_state(Vec::<(String, String)>::new);
    let org = use_org();
    let reload = {
        let (code, page, failed) = (props.code.clone(), page.clone(), failed.clone());
        Callback::from(move |notice: Option<String>| {
            let (code, page, failed) = (code.clone(), page.clone(), failed.clone());
            spawn_local(async move {
                match admin::open(&code).await {
                    Ok(loaded) => page.set(Some(Page {
                        draft: loaded.draft.clone(),
                        loaded,
                        dirty: false,
                        issues: Vec::new(),
                        report: None,
                        notice,
                        error: None,
                    })),
                    Err(e) => failed.set(Some(e)),
                }
            });
        })
    };
    {
        let (reload, posts) = (reload.clone(), posts.clone());
        use_effect_with(props.code.clone(), move |_| {
            reload.emit(None);
            spawn_local(async move {
                if let Ok(list) = admin::posts().await {
                    posts.set(list.into_iter().map(|p| (p.code, p.name)).collect());
                }
            });
        });
    }
    if let Some(e) = &*failed {
        return html! { <ErrorBanner error={e.clone()} /> };
    }
    let Some(current) = (*page).clone() else {
        return html! { <Spinner /> };
    };
    let edit = |f: fn(&mut MatterTypeDef, MatterTypeDef)| {
        let page = page.clone();
        Callback::from(move |changed: MatterTypeDef| {
            if let Some(mut p) = (*page).clone() {
                f(&mut p.draft, changed);
                sync_form_rules(&mut p.draft);
                p.dirty = true;
                page.set(Some(p));
            }
        })
    };
    let on_def = edit(|d, new| *d = new);
    let on_form = {
        let on_def = on_def.clone();
        let draft = current.draft.clone();
        Callback::from(move |form| {
            on_def.emit(MatterTypeDef {
                form,
                ..draft.clone()
            })
        })
    };
    let on_flow = {
        let on_def = on_def.clone();
        let draft = current.draft.clone();
        Callback::from(move |flow| {
            on_def.emit(MatterTypeDef {
                flow,
                ..draft.clone()
            })
        })
    };
    let on_rules = {
        let on_def = on_def.clone();
        let draft = current.draft.clone();
        Callback::from(move |rules| {
            on_def.emit(MatterTypeDef {
                rules,
                ..draft.clone()
            })
        })
    };
    let actions = Actions {
        page: page.clone(),
        tab: tab.clone(),
        reload: reload.clone(),
    };
    let units: Vec<(String, String)> = org
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let users: Vec<(String, String)> = org
        .users
        .iter()
        .map(|u| (u.username.clone(), u.display_name.clone()))
        .collect();
    let issues = all_issues(&current);
    let body = match *tab {
        Tab::Basic => {
            html! { <CatalogEntry def={current.draft.clone()} units={units.clone()} on_change={on_def.clone()} /> }
        }
        Tab::Form => {
            html! { <FormDesigner form={current.draft.form.clone()} on_change={on_form} issues={scoped(&issues, "form.")} rules={current.draft.rules.clone()} /> }
        }
        Tab::Flow => html! {
            <FlowDesigner flow={current.draft.flow.clone()} form={current.draft.form.clone()}
                rules={current.draft.rules.clone()} {units} posts={(*posts).clone()} {users}
                issues={issues.iter().filter(|i| i.path.starts_with("flow.")).cloned().collect::<Vec<_>>()} on_change={on_flow} />
        },
        Tab::Rules => {
            html! { <RuleEditor rules={current.draft.rules.clone()} form={current.draft.form.clone()} issues={issues.clone()} on_change={on_rules} /> }
        }
        Tab::Simulate => html! { <SimulatePanel def={current.draft.clone()} /> },
        Tab::Publish => html! {
            <PublishPanel code={props.code.clone()} report={current.report.clone()} issues={current.issues.clone()}
                versions={current.loaded.versions.clone()} on_retired={reload.reform(|_| Some("版本已停用".to_owned()))} />
        },
    };
    let tabs = Tab::ALL.iter().map(|(t, label, testid)| {
        let count = issues.iter().filter(|i| Tab::of(&i.path) == *t).count();
        let onclick = {
            let tab = tab.clone();
            let t = *t;
            Callback::from(move |_| tab.set(t))
        };
        let class = classes!("tab", (*tab == *t).then_some("active"));
        html! { <button {class} {onclick} data-testid={*testid}>{ *label }
        if count > 0 && *t != Tab::Publish { <span class="badge">{ count }</span> }</button> }
    });
    let version = current.draft.version;
    html! {
        <div class="type-designer">
            <div class="page-head row">
                <h2>{ current.draft.name.clone() }<small class="muted">{ format!(" {} · 草稿（将发布为第{version}版）", current.draft.code) }</small></h2>
                <span class="spacer"></span>
                if current.dirty { <span class="muted small" data-testid="design-dirty">{ "有未保存的修改" }</span> }
                <button class="btn" onclick={actions.save()} data-testid="btn-save-design">{ "保存草稿" }</button>
                <button class="btn" onclick={actions.check()} data-testid="btn-check-design">{ "检查" }</button>
                <button class="btn btn-primary" onclick={actions.publish()} data-testid="btn-publish">{ "发布" }</button>
            </div>
            if let Some(n) = &current.notice { <div class="alert alert-ok" data-testid="design-notice">{ n.clone() }</div> }
            if let Some(e) = &current.error { <ErrorBanner error={e.clone()} /> }
            <div class="tabs" role="tablist">{ for tabs }</div>
            { body }
        </div>
    }
}

/// The issues of the last save, check or publish attempt.
fn all_issues(page: &Page) -> Vec<Issue> {
    page.report
        .iter()
        .flat_map(|r| r.issues.iter().cloned())
        .chain(page.issues.iter().cloned())
        .collect()
}

/// Issues under `prefix` with the prefix removed (the form designer speaks form paths).
fn scoped(issues: &[Issue], prefix: &str) -> Vec<Issue> {
    issues
        .iter()
        .filter_map(|i| {
            Some(Issue {
                path: i.path.strip_prefix(prefix)?.to_owned(),
                ..i.clone()
            })
        })
        .collect()
}

/// Every validation rule runs on submission: the form's rule list follows the rules tab.
fn sync_form_rules(def: &mut MatterTypeDef) {
    def.form.rules = def
        .rules
        .iter()
        .filter(|r| r.kind == RuleKind::Validation)
        .map(|r| r.name.clone())
        .collect();
}

/// The toolbar's actions.
struct Actions {
    page: UseStateHandle<Option<Page>>,
    tab: UseStateHandle<Tab>,
    reload: Callback<Option<String>>,
}

impl Actions {
    /// Updates the page state.
    fn update(page: &UseStateHandle<Option<Page>>, f: impl FnOnce(&mut Page)) {
        if let Some(mut p) = (**page).clone() {
            f(&mut p);
            page.set(Some(p));
        }
    }

    /// 保存草稿.
    fn save(&self) -> Callback<MouseEvent> {
        let page = self.page.clone();
        Callback::from(move |_| {
            let Some(p) = (*page).clone() else { return };
            let page = page.clone();
            spawn_local(async move {
                match admin::save(&p.draft).await {
                    Ok(saved) => Self::update(&page, |p| {
                        p.dirty = false;
                        p.notice = Some(if saved.issues.is_empty() {
                            "草稿已保存".into()
                        } else {
                            format!(
                                "草稿已保存，还有{}处问题需要在发布前解决",
                                saved.issues.len()
                            )
                        });
                        p.issues = saved.issues;
                        p.report = None;
                        p.error = None;
                    }),
                    Err(e) => Self::update(&page, |p| p.error = Some(e)),
                }
            });
        })
    }

    /// 检查: saves, then runs the full check and shows the 发布 tab.
    fn check(&self) -> Callback<MouseEvent> {
        let (page, tab) = (self.page.clone(), self.tab.clone());
        Callback::from(move |_| {
            let Some(p) = (*page).clone() else { return };
            let (page, tab) = (page.clone(), tab.clone());
            spawn_local(async move {
                let result = async {
                    admin::save(&p.draft).await?;
                    admin::check(&p.draft.code).await
                }
                .await;
                match result {
                    Ok(report) => Self::update(&page, |p| {
                        p.dirty = false;
                        p.issues = Vec::new();
                        p.report = Some(report);
                        p.error = None;
                        p.notice = None;
                    }),
                    Err(e) => Self::update(&page, |p| p.error = Some(e)),
                }
                tab.set(Tab::Publish);
            });
        })
    }

    /// 发布: saves, publishes, reloads; refused publications show their issues.
    fn publish(&self) -> Callback<MouseEvent> {
        let (page, tab, reload) = (self.page.clone(), self.tab.clone(), self.reload.clone());
        Callback::from(move |_| {
            let Some(p) = (*page).clone() else { return };
            let (page, tab, reload) = (page.clone(), tab.clone(), reload.clone());
            spawn_local(async move {
                let result = async {
                    admin::save(&p.draft).await?;
                    admin::publish(&p.draft.code).await
                }
                .await;
                match result {
                    Ok(published) => reload.emit(Some(format!(
                        "已发布第{}版，新登记的办件立即使用此版本",
                        published.version
                    ))),
                    Err(e) => {
                        Self::update(&page, |p| {
                            p.dirty = false;
                            p.issues = e.errors.clone();
                            p.report = None;
                            p.notice = None;
                            p.error = Some(e);
                        });
                        tab.set(Tab::Publish);
                    }
                }
            });
        })
    }
}
