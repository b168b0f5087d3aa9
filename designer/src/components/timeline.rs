//! 办理轨迹: the matter's events, oldest first. Test id: `timeline-item`.

use crate::api::TimelineEntry;
use crate::format;
use yew::prelude::*;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Events.
    pub entries: Vec<TimelineEntry>,
}

/// The timeline.
#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    if props.entries.is_empty() {
        return html! { <p class="muted">{ "暂无记录" }</p> };
    }
    let mut entries = props.entries.clone();
    entries.sort_by_key(|e| e.seq);
    html! {
        <ol class="timeline">
            { for entries.iter().map(|e| html! {
                <li class="timeline-item" data-testid="timeline-item" data-kind={e.kind.clone()}>
                    <time>{ format::time(&e.at) }</time>
                    <span class="actor">{ e.actor.as_ref().map_or("系统", |a| a.display()).to_owned() }</span>
                    <span class="text">{ e.text.clone() }</span>
                </li>
            }) }
        </ol>
    }
}
