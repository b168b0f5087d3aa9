//! Small labelled inputs of the properties panel. Text typed into [`text`] is reported on every
//! keystroke; [`committed`] and [`number`] report when the input is left (or Enter is pressed),
//! so a half-typed key or number is not applied letter by letter.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A labelled text input reporting every keystroke.
pub fn text(label: &str, testid: &str, value: &str, on_input: Callback<String>) -> Html {
    let oninput =
        on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <label class="fd-prop">
            <span class="fd-prop-label">{ label.to_owned() }</span>
            <input class="input" type="text" value={value.to_owned()} data-testid={testid.to_owned()} {oninput} />
        </label>
    }
}

/// A labelled text input reporting its text when left.
pub fn committed(label: &str, testid: &str, value: &str, on_change: Callback<String>) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <label class="fd-prop">
            <span class="fd-prop-label">{ label.to_owned() }</span>
            <input class="input" type="text" value={value.to_owned()} data-testid={testid.to_owned()} {onchange} />
        </label>
    }
}

/// A labelled number input reporting its text when left; blank means no value.
pub fn number(
    label: &str,
    testid: &str,
    value: Option<String>,
    on_change: Callback<String>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <label class="fd-prop fd-prop-half">
            <span class="fd-prop-label">{ label.to_owned() }</span>
            <input class="input" type="number" inputmode="decimal" value={value.unwrap_or_default()}
                placeholder="不限" data-testid={testid.to_owned()} {onchange} />
        </label>
    }
}

/// A checkbox with its label.
pub fn check(label: &str, testid: &str, checked: bool, on_toggle: Callback<bool>) -> Html {
    let onchange =
        on_toggle.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <label class="fd-prop fd-prop-check">
            <input type="checkbox" {checked} data-testid={testid.to_owned()} {onchange} />
            { label.to_owned() }
        </label>
    }
}

/// A labelled drop-down over `(value, label)` choices.
pub fn select(
    label: &str,
    testid: &str,
    choices: Vec<(String, String)>,
    selected: &str,
    on_change: Callback<String>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <label class="fd-prop">
            <span class="fd-prop-label">{ label.to_owned() }</span>
            <select class="input" data-testid={testid.to_owned()} {onchange}>
                { for choices.into_iter().map(|(value, text)| {
                    let is_selected = value == selected;
                    html! { <option {value} selected={is_selected}>{ text }</option> }
                }) }
            </select>
        </label>
    }
}

/// A small icon-like button.
pub fn tool(
    text: &str,
    title: &str,
    testid: &str,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class="btn btn-small" title={title.to_owned()} {disabled}
            data-testid={testid.to_owned()} {onclick}>{ text.to_owned() }</button>
    }
}

/// A whole number, or `None` when blank or not a number.
pub fn parse_count(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// A number, or `None` when blank or not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse().ok().filter(|x: &f64| x.is_finite())
}
