//! Opening a matter page focused on one task, as notifications link to it (`/matters/{id}?task=3`):
//! [`open_matter`] navigates there, [`use_task_focus`] scrolls the task's panel into view and
//! marks it (`data-focused`) once the page has loaded.

use crate::app::Route;
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

/// The matter page's query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskQuery {
    /// The task to focus on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<u32>,
}

/// Opens matter `id`, focused on `task` when there is one.
pub fn open_matter(navigator: &Navigator, id: String, task: Option<u32>) {
    let route = Route::Matter { id };
    match task {
        Some(task) => {
            if navigator
                .push_with_query(&route, &TaskQuery { task: Some(task) })
                .is_err()
            {
                navigator.push(&route);
            }
        }
        None => navigator.push(&route),
    }
}

/// Once `ready`, brings the panel of the task named by `?task=` into view and marks it.
#[hook]
pub fn use_task_focus(ready: bool) {
    let task = use_location()
        .and_then(|l| l.query::<TaskQuery>().ok())
        .and_then(|q| q.task);
    use_effect_with((task, ready), |(task, ready)| {
        if let (Some(task), true) = (task, ready) {
            let panel = gloo::utils::document().get_element_by_id(&format!("task-{task}"));
            if let Some(panel) = panel {
                panel.scroll_into_view();
                let _ = panel.set_attribute("data-focused", "true");
            }
        }
    });
}
