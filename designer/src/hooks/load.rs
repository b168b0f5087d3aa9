//! `use_load`: runs an API call when its inputs change (or on `reload`) and keeps the result as
//! [`Load`]. Answers to superseded calls are dropped.

use crate::api::{ApiError, ApiResult};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The state of a loaded resource.
#[derive(Debug, PartialEq)]
pub enum Load<T> {
    /// The call is running.
    Loading,
    /// The answer.
    Ready(Rc<T>),
    /// The call failed.
    Failed(ApiError),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(v) => Load::Ready(v.clone()),
            Load::Failed(e) => Load::Failed(e.clone()),
        }
    }
}

/// A loaded resource with a way to reload it or replace it (e.g. with the answer of an action).
pub struct Loader<T> {
    /// Current state.
    pub state: UseStateHandle<Load<T>>,
    /// Runs the call again.
    pub reload: Callback<()>,
}

impl<T> Loader<T> {
    /// The value, when ready.
    pub fn ready(&self) -> Option<Rc<T>> {
        match &*self.state {
            Load::Ready(v) => Some(v.clone()),
            Load::Loading | Load::Failed(_) => None,
        }
    }

    /// Replaces the value.
    pub fn set(&self, value: T) {
        self.state.set(Load::Ready(Rc::new(value)));
    }
}

/// Calls `fetch(deps)` whenever `deps` change or `reload` is emitted.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> Loader<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let round = use_state(|| 0_u32);
    let latest = use_mut_ref(|| 0_u64);
    let shown_for = use_mut_ref(|| None::<D>);
    {
        let state = state.clone();
        use_effect_with((deps, *round), move |(deps, _)| {
            let ticket = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            // A reload keeps showing the old value; new inputs show the spinner.
            if shown_for.borrow().as_ref() != Some(deps) {
                *shown_for.borrow_mut() = Some(deps.clone());
                state.set(Load::Loading);
            }
            let call = fetch(deps.clone());
            spawn_local(async move {
                let result = call.await;
                if *latest.borrow() == ticket {
                    state.set(match result {
                        Ok(v) => Load::Ready(Rc::new(v)),
                        Err(e) => Load::Failed(e),
                    });
                }
            });
        });
    }
    let reload = Callback::from(move |()| round.set(*round + 1));
    Loader { state, reload }
}
