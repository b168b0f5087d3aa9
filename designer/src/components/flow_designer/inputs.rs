//! Small controls of the properties drawer: labelled rows, text and number inputs, drop-downs.

use lianban_definition::limit::LimitUnit;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A labelled row of the drawer.
pub fn row(label: &str, control: Html) -> Html {
    html! {
        <div class="flow-prop">
            <span class="flow-prop-label">{ label.to_owned() }</span>
            { control }
        </div>
    }
}

/// A text input reporting every keystroke.
pub fn text(test_id: String, value: String, on_input: Callback<String>) -> Html {
    let oninput =
        on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! { <input type="text" class="input" data-testid={test_id} {value} {oninput} /> }
}

/// A text input reporting its value when it is committed (Enter or leaving the input). `key`
/// re-creates the input, so a refused value is replaced by the current one.
pub fn committed_text(
    test_id: String,
    value: String,
    key: String,
    on_change: Callback<String>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    html! { <input {key} type="text" class="input" data-testid={test_id} {value} {onchange} /> }
}

/// A time limit: a whole number (empty or 0 means none) and its unit (工作日 / 工作小时 /
/// 自然日). Test ids: `<test_id>` and `<test_id>-unit`.
pub fn limit(
    test_id: &str,
    (amount, unit): (Option<u32>, LimitUnit),
    on_amount: Callback<Option<u32>>,
    on_unit: Callback<LimitUnit>,
) -> Html {
    let oninput = on_amount.reform(|e: InputEvent| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        text.trim().parse::<u32>().ok().filter(|&d| d > 0)
    });
    let onchange = on_unit.reform(|e: Event| {
        let key = e.target_unchecked_into::<HtmlSelectElement>().value();
        LimitUnit::from_key(&key).unwrap_or_default()
    });
    let value = amount.map(|d| d.to_string()).unwrap_or_default();
    html! {
        <div class="with-unit">
            <input type="number" min="1" step="1" class="input" placeholder="不限"
                data-testid={test_id.to_owned()} {value} {oninput} />
            <select class="input unit-select" data-testid={format!("{test_id}-unit")} {onchange}>
                { for LimitUnit::ALL.iter().map(|u| html! {
                    <option value={u.key()} selected={*u == unit}>{ u.name() }</option>
                }) }
            </select>
        </div>
    }
}

/// A drop-down over `(value, label)` choices. `placeholder` adds an empty first entry; a
/// current value missing from the choices is still shown (as its code).
pub fn select(
    test_id: String,
    value: &str,
    choices: Vec<(String, String)>,
    placeholder: Option<&str>,
    on_change: Callback<String>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let known = choices.iter().any(|(v, _)| v == value);
    let first = match placeholder {
        Some(text) => {
            html! { <option value="" selected={value.is_empty()}>{ text.to_owned() }</option> }
        }
        None => Html::default(),
    };
    let unknown = if known || value.is_empty() {
        Html::default()
    } else {
        html! { <option value={value.to_owned()} selected=true>{ format!("{value}（未知）") }</option> }
    };
    html! {
        <select class="input" data-testid={test_id} {onchange}>
            { first }
            { unknown }
            { for choices.into_iter().map(|(v, label)| {
                let selected = v == value;
                html! { <option value={v} {selected}>{ label }</option> }
            }) }
        </select>
    }
}

/// `(value, label)` pairs from static ones.
pub fn choices(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

/// A checkbox with its label, reporting the new state.
pub fn checkbox(test_id: String, label: &str, checked: bool, on_change: Callback<bool>) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <label class="choice">
            <input type="checkbox" data-testid={test_id} {checked} {onchange} />
            { label.to_owned() }
        </label>
    }
}

/// A whole number between `min` and `max` with a unit after it; empty reports `None`, other
/// text is reported as typed (numbers beyond `u32` as `u32::MAX`) so the reducer can refuse it.
pub fn number(
    test_id: String,
    value: Option<u32>,
    (min, max): (u32, u32),
    (placeholder, unit): (&str, &str),
    on_input: Callback<Option<u32>>,
) -> Html {
    let oninput = on_input.reform(|e: InputEvent| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        let text = text.trim();
        (!text.is_empty()).then(|| text.parse::<u32>().unwrap_or(u32::MAX))
    });
    let value = value.map(|n| n.to_string()).unwrap_or_default();
    html! {
        <div class="with-unit flow-prop-inline">
            <input type="number" min={min.to_string()} max={max.to_string()} step="1" class="input"
                placeholder={placeholder.to_owned()} data-testid={test_id} {value} {oninput} />
            <span class="unit">{ unit.to_owned() }</span>
        </div>
    }
}

/// A short explanation under a control.
pub fn help(text: &str) -> Html {
    html! { <span class="flow-prop-help">{ text.to_owned() }</span> }
}
