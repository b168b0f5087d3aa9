//! What the editor's buttons do: save the draft, submit, resubmit, delete, upload and remove
//! files. Each operation boards the [`Flight`] first, so a double click sends one request, runs
//! the browser-side check, calls the API and reports back to the form reducer.

use crate::api::{self, ApiError, ApiResult, MatterDetail};
use crate::app::Route;
use crate::state::flight::{Boarding, Flight};
use crate::state::form::{Busy, Check, FormAction, FormState};
use lianban_definition::form::FormValues;
use std::future::Future;
use wasm_bindgen_futures::spawn_local;
use web_sys::File;
use yew::UseReducerHandle;
use yew_router::prelude::Navigator;

/// Which matter the editor works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditMode {
    /// 事项登记 of a new matter of this type (a draft is created on first save).
    New {
        /// Matter type code.
        code: String,
    },
    /// An existing draft.
    Draft {
        /// Matter id.
        id: String,
    },
    /// 重新提交 of a returned dispatch.
    Resubmit {
        /// Matter id.
        id: String,
        /// Dispatch node id.
        node: String,
    },
}

/// The editor's handles, cloned into each button's callback.
#[derive(Clone)]
pub struct Ops {
    /// The form reducer.
    pub state: UseReducerHandle<FormState>,
    /// The double-click guard.
    pub flight: Flight,
    /// For leaving the page after submit or delete.
    pub navigator: Option<Navigator>,
    /// What is edited.
    pub mode: EditMode,
}

impl Ops {
    /// Boards the flight and runs `work` in the background; does nothing when busy.
    fn run<F, Fut>(&self, work: F)
    where
        F: FnOnce(Ops, Boarding) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        let Some(boarding) = self.flight.board() else {
            return;
        };
        spawn_local(work(self.clone(), boarding));
    }

    /// Runs a check; on failure shows the issues and returns `None`.
    fn checked(&self, check: Check) -> Option<FormValues> {
        match self.state.check(check) {
            Ok(values) => Some(values),
            Err(issues) => {
                self.state.dispatch(FormAction::Invalid(issues));
                None
            }
        }
    }

    /// Creates the draft (first save) or saves it; returns the saved matter.
    async fn persist(&self, values: &FormValues) -> ApiResult<MatterDetail> {
        let s = &*self.state;
        match &s.matter_id {
            Some(id) => api::save_draft(id, s.title.trim(), values).await,
            None => api::create_draft(&s.type_code, s.title.trim(), values).await,
        }
    }

    /// Reports a result: the error to the form, `Ok` values passed through.
    fn report<T>(&self, result: ApiResult<T>) -> Option<T> {
        result
            .map_err(|e: ApiError| self.state.dispatch(FormAction::Failed(e)))
            .ok()
    }

    /// Goes to a route.
    fn go(&self, route: Route) {
        if let Some(navigator) = &self.navigator {
            navigator.push(&route);
        }
    }

    /// 保存草稿.
    pub fn save(&self) {
        self.run(|ops, _boarding| async move {
            let Some(values) = ops.checked(Check::Draft) else {
                return;
            };
            ops.state.dispatch(FormAction::Begin(Busy::Saving));
            if let Some(matter) = ops.report(ops.persist(&values).await) {
                ops.state.dispatch(FormAction::Saved(Box::new(matter)));
            }
        });
    }

    /// 提交 (new matter or draft) or 重新提交 (returned dispatch); then opens the matter page.
    pub fn submit(&self) {
        self.run(|ops, _boarding| async move {
            let Some(values) = ops.checked(Check::Submit) else {
                return;
            };
            ops.state.dispatch(FormAction::Begin(Busy::Submitting));
            let result = match &ops.mode {
                EditMode::Resubmit { id, node } => {
                    api::resubmit(id, node, &values, ops.state.note.trim()).await
                }
                EditMode::New { .. } | EditMode::Draft { .. } => match ops.persist(&values).await {
                    Ok(draft) => {
                        // Recorded so that a retry after a refused submit reuses this draft.
                        let id = draft.id.clone();
                        ops.state.dispatch(FormAction::Persisted(Box::new(draft)));
                        api::submit(&id, &values, &ops.state.chosen_body()).await
                    }
                    Err(e) => Err(e),
                },
            };
            if let Some(matter) = ops.report(result) {
                ops.state.dispatch(FormAction::Done);
                ops.go(Route::Matter { id: matter.id });
            }
        });
    }

    /// 删除草稿; then opens the draft list.
    pub fn delete(&self) {
        self.run(|ops, _boarding| async move {
            let Some(id) = ops.state.matter_id.clone() else {
                ops.go(Route::NewMatter);
                return;
            };
            ops.state.dispatch(FormAction::Begin(Busy::Deleting));
            if ops.report(api::delete_draft(&id).await).is_some() {
                ops.state.dispatch(FormAction::Done);
                ops.go(Route::Drafts);
            }
        });
    }

    /// Uploads a file into field `key`, creating the draft first when there is none yet.
    pub fn upload(&self, key: String, file: File) {
        self.run(|ops, _boarding| async move {
            let existing = ops.state.matter_id.clone();
            let id = match existing {
                Some(id) => {
                    ops.state
                        .dispatch(FormAction::Begin(Busy::Files(key.clone())));
                    id
                }
                None => {
                    let Some(values) = ops.checked(Check::Draft) else {
                        return;
                    };
                    ops.state
                        .dispatch(FormAction::Begin(Busy::Files(key.clone())));
                    let Some(draft) = ops.report(ops.persist(&values).await) else {
                        return;
                    };
                    let id = draft.id.clone();
                    ops.state.dispatch(FormAction::Persisted(Box::new(draft)));
                    id
                }
            };
            if let Some(mut att) = ops.report(api::upload(&id, &key, &file).await) {
                att.field.get_or_insert(key);
                ops.state.dispatch(FormAction::Uploaded(att));
            }
        });
    }

    /// Removes a file from field `key`. Drafts delete the file on the server; a resubmission
    /// only drops it from the values (the server keeps files of submitted matters).
    pub fn remove(&self, key: String, id: String) {
        self.run(|ops, _boarding| async move {
            ops.state
                .dispatch(FormAction::Begin(Busy::Files(key.clone())));
            let deleted = match ops.mode {
                EditMode::Resubmit { .. } => Ok(()),
                EditMode::New { .. } | EditMode::Draft { .. } => api::delete_attachment(&id).await,
            };
            if ops.report(deleted).is_some() {
                ops.state.dispatch(FormAction::Removed { key, id });
            }
        });
    }
}
