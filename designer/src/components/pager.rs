//! 上一页 / 下一页 over a stack of keyset cursors (the work lists, the delivery log, the push
//! log): the stack holds the cursor of every page before the current one.
//! Test ids: `btn-prev-page`, `btn-next-page`.

use yew::prelude::*;

/// The pager row: `lead` on the left (e.g. the total), then 上一页 when `cursors` is not empty
/// and 下一页 when the page has a `next` cursor.
pub fn cursor_pager(
    next: Option<String>,
    cursors: &UseStateHandle<Vec<String>>,
    lead: Html,
) -> Html {
    let prev = (!cursors.is_empty()).then(|| {
        let cursors = cursors.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut stack = (*cursors).clone();
            stack.pop();
            cursors.set(stack);
        });
        html! { <button type="button" class="btn" data-testid="btn-prev-page" {onclick}>{ "上一页" }</button> }
    });
    let next = next.map(|cursor| {
        let cursors = cursors.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut stack = (*cursors).clone();
            stack.push(cursor.clone());
            cursors.set(stack);
        });
        html! { <button type="button" class="btn" data-testid="btn-next-page" {onclick}>{ "下一页" }</button> }
    });
    html! {
        <div class="pager">
            { lead }
            <span class="spacer"></span>
            { prev.unwrap_or_default() }{ next.unwrap_or_default() }
        </div>
    }
}
