//! The app root: the [`Route`] table, the [`switch`] from routes to pages, and [`App`], which
//! holds the session reducer, asks the server who is logged in, and mounts the router.

use crate::api::{self, ListKind};
use crate::components::shell::Shell;
use crate::pages::{
    calendar::CalendarPage,
    deliveries::DeliveriesPage,
    designs::DesignsPage,
    dicts::{DictPage, DictsPage},
    editor::{EditMode, EditorPage},
    login::LoginPage,
    matter::MatterPage,
    new_matter::CatalogPage,
    not_found::NotFound,
    notifications::NotificationsPage,
    notify_settings::NotifySettingsPage,
    notify_templates::NotifyTemplatesPage,
    open_systems::OpenSystemsPage,
    type_designer::TypeDesignerPage,
    worklist::WorklistPage,
};
use crate::state::session::{Session, SessionAction, SessionHandle};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Every screen of the app, by URL.
#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    /// `/` → 待办.
    #[at("/")]
    Home,
    /// 登录.
    #[at("/login")]
    Login,
    /// 待办.
    #[at("/todo")]
    Todo,
    /// 已办.
    #[at("/done")]
    Done,
    /// 我发起的.
    #[at("/initiated")]
    Initiated,
    /// 草稿箱.
    #[at("/drafts")]
    Drafts,
    /// 事项登记: the catalog of matter types.
    #[at("/new")]
    NewMatter,
    /// 事项登记: the form of one matter type.
    #[at("/new/:code")]
    NewMatterOfType {
        /// Matter type code.
        code: String,
    },
    /// 办件 page.
    #[at("/matters/:id")]
    Matter {
        /// Matter id.
        id: String,
    },
    /// Editing a draft.
    #[at("/matters/:id/edit")]
    EditMatter {
        /// Matter id.
        id: String,
    },
    /// 重新提交 a returned dispatch.
    #[at("/matters/:id/resubmit/:node")]
    Resubmit {
        /// Matter id.
        id: String,
        /// Dispatch node id.
        node: String,
    },
    /// 消息.
    #[at("/notifications")]
    Notifications,
    /// 通知设置: which kinds reach the user on which channel.
    #[at("/notifications/settings")]
    NotifySettings,
    /// 通知投递: the delivery log (administrators).
    #[at("/admin/deliveries")]
    Deliveries,
    /// 通知模板: the templates per kind and channel (administrators).
    #[at("/admin/notification-templates")]
    NotifyTemplates,
    /// 对接系统: units' own systems and the push log (administrators).
    #[at("/admin/open-systems")]
    OpenSystems,
    /// 事项设计: the designers' list of matter types.
    #[at("/designs")]
    Designs,
    /// The visual designer of one matter type.
    #[at("/designs/:code")]
    Design {
        /// Matter type code.
        code: String,
    },
    /// 数据字典: the dictionaries.
    #[at("/dicts")]
    Dicts,
    /// The editor of one dictionary.
    #[at("/dicts/:code")]
    Dict {
        /// Dictionary code.
        code: String,
    },
    /// 工作日历 (administrators).
    #[at("/calendar")]
    Calendar,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Renders the page of a route. Everything but the login page lives inside the [`Shell`].
pub fn switch(route: Route) -> Html {
    if route == Route::Login {
        return html! { <LoginPage /> };
    }
    html! { <Shell route={route.clone()}>{ page(route) }</Shell> }
}

/// The page inside the shell. Keys make a fresh component per list or matter, so filters and
/// form state never leak from one to the next.
fn page(route: Route) -> Html {
    let list = |kind: ListKind| html! { <WorklistPage key={kind.slug()} {kind} /> };
    match route {
        Route::Home => html! { <Redirect<Route> to={Route::Todo} /> },
        Route::Todo => list(ListKind::Todo),
        Route::Done => list(ListKind::Done),
        Route::Initiated => list(ListKind::Initiated),
        Route::Drafts => list(ListKind::Drafts),
        Route::NewMatter => html! { <CatalogPage /> },
        Route::NewMatterOfType { code } => {
            let mode = EditMode::New { code: code.clone() };
            html! { <EditorPage key={format!("new/{code}")} {mode} /> }
        }
        Route::Matter { id } => html! { <MatterPage key={id.as_str()} id={id.clone()} /> },
        Route::EditMatter { id } => {
            let mode = EditMode::Draft { id: id.clone() };
            html! { <EditorPage key={format!("edit/{id}")} {mode} /> }
        }
        Route::Resubmit { id, node } => {
            let key = format!("resubmit/{id}/{node}");
            let mode = EditMode::Resubmit { id, node };
            html! { <EditorPage {key} {mode} /> }
        }
        Route::Notifications => html! { <NotificationsPage /> },
        Route::NotifySettings => html! { <NotifySettingsPage /> },
        Route::Deliveries => html! { <DeliveriesPage /> },
        Route::NotifyTemplates => html! { <NotifyTemplatesPage /> },
        Route::OpenSystems => html! { <OpenSystemsPage /> },
        Route::Designs => html! { <DesignsPage /> },
        Route::Design { code } => {
            html! { <TypeDesignerPage key={code.as_str()} code={code.clone()} /> }
        }
        Route::Dicts => html! { <DictsPage /> },
        Route::Dict { code } => html! { <DictPage key={code.as_str()} code={code.clone()} /> },
        Route::Calendar => html! { <CalendarPage /> },
        Route::Login | Route::NotFound => html! { <NotFound /> },
    }
}

/// The app root.
#[function_component]
pub fn App() -> Html {
    let session = use_reducer(Session::default);
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                session.dispatch(SessionAction::Checked(api::me().await.ok()));
            });
        });
    }
    html! {
        <ContextProvider<SessionHandle> context={session}>
            <BrowserRouter>
                <Switch<Route> render={switch} />
            </BrowserRouter>
        </ContextProvider<SessionHandle>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_routes() {
        assert_eq!(Route::recognize("/todo"), Some(Route::Todo));
        assert_eq!(Route::recognize("/calendar"), Some(Route::Calendar));
        assert_eq!(
            Route::recognize("/matters/m1/resubmit/hr"),
            Some(Route::Resubmit {
                id: "m1".into(),
                node: "hr".into()
            })
        );
        assert_eq!(Route::recognize("/nope"), Some(Route::NotFound));
        assert_eq!(
            Route::recognize("/dicts/education"),
            Some(Route::Dict {
                code: "education".into()
            })
        );
        assert_eq!(
            Route::EditMatter { id: "m1".into() }.to_path(),
            "/matters/m1/edit"
        );
        assert_eq!(
            Route::recognize("/notifications/settings"),
            Some(Route::NotifySettings)
        );
        assert_eq!(
            Route::recognize("/admin/deliveries"),
            Some(Route::Deliveries)
        );
        assert_eq!(
            Route::recognize("/admin/notification-templates"),
            Some(Route::NotifyTemplates)
        );
        assert_eq!(
            Route::recognize("/admin/open-systems"),
            Some(Route::OpenSystems)
        );
    }
}
