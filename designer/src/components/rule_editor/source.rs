//! The Rhai source editor: a textarea over a mirror that underlines the compile error at its
//! line and column. The source is checked by the server (the engine that will run it) 400 ms
//! after the author stops typing. Test ids: `rule-source`, `rule-source-error`, `rule-source-ok`.

use crate::api::admin::{self, RuleError};
use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// How long after the last keystroke the source is checked.
const CHECK_DELAY_MS: u32 = 400;

/// Props of [`SourceEditor`].
#[derive(Properties, PartialEq)]
pub struct SourceEditorProps {
    /// The source.
    pub source: String,
    /// Emitted on every keystroke.
    pub on_change: Callback<String>,
}

/// The check result shown under the editor.
#[derive(Clone, PartialEq)]
enum Checked {
    /// Not checked yet (or empty source).
    Unknown,
    /// Compiles.
    Fine,
    /// The first error.
    Error(RuleError),
}

/// The editor.
#[function_component]
pub fn SourceEditor(props: &SourceEditorProps) -> Html {
    let checked = use_state(|| Checked::Unknown);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let checked = checked.clone();
        let timer = timer.clone();
        use_effect_with(props.source.clone(), move |source| {
            let source = source.clone();
            *timer.borrow_mut() = Some(Timeout::new(CHECK_DELAY_MS, move || {
                if source.trim().is_empty() {
                    checked.set(Checked::Unknown);
                    return;
                }
                spawn_local(async move {
                    match admin::check_rule(&source).await {
                        Ok(errors) => checked.set(match errors.into_iter().next() {
                            Some(e) => Checked::Error(e),
                            None => Checked::Fine,
                        }),
                        Err(_) => checked.set(Checked::Unknown),
                    }
                });
            }));
        });
    }
    let oninput = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let rows = props.source.lines().count().max(4) + 1;
    let error = match &*checked {
        Checked::Error(e) => Some(e.clone()),
        Checked::Unknown | Checked::Fine => None,
    };
    let mirror = mirror(&props.source, error.as_ref());
    let status = match &*checked {
        Checked::Unknown => Html::default(),
        Checked::Fine => {
            html! { <p class="ok small" data-testid="rule-source-ok">{ "✓ 语法正确" }</p> }
        }
        Checked::Error(e) => {
            html! { <p class="field-error" data-testid="rule-source-error">{ e.message.clone() }</p> }
        }
    };
    html! {
        <div class="code-editor">
            <div class="code-stack">
                <pre class="code-mirror" aria-hidden="true">{ mirror }</pre>
                <textarea class="code-input" spellcheck="false" rows={rows.to_string()}
                    value={props.source.clone()} {oninput} data-testid="rule-source" />
            </div>
            { status }
        </div>
    }
}

/// The source with the error's character wrapped in a marked span (a space past the end of a
/// line when the error points there).
fn mirror(source: &str, error: Option<&RuleError>) -> Html {
    let Some((line, column)) = error.and_then(|e| Some((e.line?, e.column.unwrap_or(1)))) else {
        return html! { { format!("{source}\n") } };
    };
    let at = offset(source, line, column);
    let (before, rest) = source.split_at(at.min(source.len()));
    let mut chars = rest.chars();
    let marked = match chars.next() {
        Some('\n') | None => " ".to_owned(),
        Some(c) => c.to_string(),
    };
    let after = if rest.starts_with('\n') || rest.is_empty() {
        rest.to_owned()
    } else {
        chars.as_str().to_owned()
    };
    html! { <>{ before.to_owned() }<mark class="code-error">{ marked }</mark>{ format!("{after}\n") }</> }
}

/// The byte offset of 1-based `line` and `column` (in characters) in `source`.
fn offset(source: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for (n, text) in source.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let width: usize = text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.trim_end_matches('\n').len(), |(i, _)| i);
            return start + width;
        }
        start += text.len();
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn offsets_count_characters_from_one() {
        let source = "let 甲 = 1;\nx +* 2";
        assert_eq!(offset(source, 1, 1), 0);
        assert_eq!(
            &source[offset(source, 1, 5)..offset(source, 1, 5) + 3],
            "甲"
        );
        assert_eq!(&source[offset(source, 2, 3)..], "+* 2");
        assert_eq!(offset(source, 2, 99), source.len());
        assert_eq!(offset(source, 9, 1), source.len());
    }
}
