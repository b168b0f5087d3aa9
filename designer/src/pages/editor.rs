//! The form editor page: loads what to edit (a matter type's form for 事项登记, a draft, or a
//! returned matter for 重新提交; with the flow's 发起人自选 nodes, except when resubmitting) and
//! hands it to [`FormEditor`].

use crate::api::{self, ApiResult};
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::form_editor::FormEditor;
pub use crate::components::form_ops::EditMode;
use crate::hooks::{Load, use_load};
use crate::state::form::FormState;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`EditorPage`].
#[derive(Properties, PartialEq)]
pub struct EditorPageProps {
    /// What to edit.
    pub mode: EditMode,
}

/// Loads the starting state for `mode`.
async fn initial_state(mode: EditMode) -> ApiResult<FormState> {
    match mode {
        EditMode::New { code } => {
            let t = api::matter_type(&code).await?;
            Ok(FormState::new(&t.code, &t.name, t.form)
                .with_catalog(t.materials, t.guide)
                .with_flow(t.flow.as_ref()))
        }
        EditMode::Draft { id } => {
            let matter = api::matter(&id).await?;
            Ok(FormState::from_matter(&matter).with_flow(matter.flow.as_ref()))
        }
        EditMode::Resubmit { id, .. } => Ok(FormState::from_matter(&api::matter(&id).await?)),
    }
}

/// The page heading for `mode`.
fn heading(mode: &EditMode, state: Option<&FormState>) -> String {
    let name = state.map(|s| s.type_name.clone()).unwrap_or_default();
    match mode {
        EditMode::New { .. } => format!("事项登记 · {name}"),
        EditMode::Draft { .. } => format!("编辑草稿 · {name}"),
        EditMode::Resubmit { .. } => format!("重新提交 · {name}"),
    }
}

/// The editor page.
#[function_component]
pub fn EditorPage(props: &EditorPageProps) -> Html {
    let loaded = use_load(props.mode.clone(), initial_state);
    let ready: Option<Rc<FormState>> = loaded.ready();
    let body = match &*loaded.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(state) => {
            html! { <FormEditor initial={state.clone()} mode={props.mode.clone()} /> }
        }
    };
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ heading(&props.mode, ready.as_deref()) }</h2></div>
            { body }
        </>
    }
}
