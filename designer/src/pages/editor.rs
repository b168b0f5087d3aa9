//! The form editor page: loads what to edit (a matter type's form for 事项登记, a draft, or a
//! returned matter for 重新提交; with the flow's 发起人自选 nodes, except when resubmitting) and
//! hands it to [`FormEditor`]. When registering a matter of a type with a time limit,
//! [`ExpectedDue`] shows when it would be due.

use crate::api::{self, ApiResult};
use crate::components::expected_due::ExpectedDue;
use crate::components::feedback::{ErrorBanner, Spinner};
use crate::components::form_editor::FormEditor;
pub use crate::components::form_ops::EditMode;
use crate::hooks::{Load, use_load};
use crate::state::form::FormState;
use lianban_definition::limit::LimitUnit;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`EditorPage`].
#[derive(Properties, PartialEq)]
pub struct EditorPageProps {
    /// What to edit.
    pub mode: EditMode,
}

/// What the editor starts from.
struct Start {
    /// The form state.
    state: Rc<FormState>,
    /// The matter type's time limit (amount and unit), when registering a new matter.
    time_limit: Option<(u32, LimitUnit)>,
}

impl Start {
    fn of(state: FormState) -> Self {
        Self {
            state: Rc::new(state),
            time_limit: None,
        }
    }
}

/// Loads the starting state for `mode`.
async fn initial_state(mode: EditMode) -> ApiResult<Start> {
    match mode {
        EditMode::New { code } => {
            let t = api::matter_type(&code).await?;
            let state = FormState::new(&t.code, &t.name, t.form)
                .with_catalog(t.materials, t.guide)
                .with_flow(t.flow.as_ref());
            Ok(Start {
                time_limit: t
                    .time_limit_days
                    .filter(|d| *d > 0)
                    .map(|d| (d, t.time_limit_unit)),
                ..Start::of(state)
            })
        }
        EditMode::Draft { id } => {
            let matter = api::matter(&id).await?;
            Ok(Start::of(
                FormState::from_matter(&matter).with_flow(matter.flow.as_ref()),
            ))
        }
        EditMode::Resubmit { id, .. } => {
            Ok(Start::of(FormState::from_matter(&api::matter(&id).await?)))
        }
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
    let ready: Option<Rc<Start>> = loaded.ready();
    let body = match &*loaded.state {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(error) => html! { <ErrorBanner error={error.clone()} /> },
        Load::Ready(start) => html! {
            <>
                if let Some((days, unit)) = start.time_limit {
                    <ExpectedDue {days} {unit} />
                }
                <FormEditor initial={start.state.clone()} mode={props.mode.clone()} />
            </>
        },
    };
    let title = heading(&props.mode, ready.as_deref().map(|s| s.state.as_ref()));
    html! {
        <>
            <div class="page-head"><h2 data-testid="page-title">{ title }</h2></div>
            { body }
        </>
    }
}
