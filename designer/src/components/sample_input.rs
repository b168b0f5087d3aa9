//! The 样表 cell of a material in the type designer: uploads a template or sample file for the
//! material (stored as a catalog file, attached to no matter) and shows its name with 替换 and
//! 删除. 删除 only removes it from the draft: published versions keep naming their file.
//! Test ids (`<p>` = `material-<i>-sample`): `<p>-file` (the file input), `<p>-name` (the
//! download link), `<p>-delete`, `<p>-error`.

use crate::api::ApiError;
use crate::api::dict::{self, CatalogFile, sample_href};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`SampleInput`].
#[derive(Properties, PartialEq)]
pub struct SampleInputProps {
    /// Test-id prefix, e.g. `material-0-sample`.
    pub prefix: AttrValue,
    /// The material's sample file id.
    pub sample: Option<String>,
    /// A new id (uploaded) or none (删除).
    pub on_change: Callback<Option<String>>,
}

/// The 样表 cell.
#[function_component]
pub fn SampleInput(props: &SampleInputProps) -> Html {
    let meta = use_state(|| None::<CatalogFile>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    {
        let meta = meta.clone();
        use_effect_with(props.sample.clone(), move |sample| {
            meta.set(None);
            if let Some(id) = sample.clone() {
                spawn_local(async move {
                    if let Ok(found) = dict::sample_meta(&id).await {
                        meta.set(Some(found));
                    }
                });
            }
        });
    }
    let id = |name: &str| format!("{}-{name}", props.prefix);
    let onchange = {
        let (on_change, error, busy) = (props.on_change.clone(), error.clone(), busy.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            input.set_value("");
            let (on_change, error, busy) = (on_change.clone(), error.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                match dict::upload_sample(&file).await {
                    Ok(uploaded) => {
                        error.set(None);
                        on_change.emit(Some(uploaded.id));
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let delete = props.on_change.reform(|_: MouseEvent| None);
    let name = match (&props.sample, &*meta) {
        (Some(sample), Some(m)) if &m.id == sample => Some(m.filename.clone()),
        (Some(_), _) => Some("样表文件".to_owned()),
        (None, _) => None,
    };
    html! {
        <div class="sample-input">
            if let (Some(sample), Some(name)) = (&props.sample, name) {
                <a href={sample_href(sample)} download="" data-testid={id("name")}>{ name }</a>
                <button type="button" class="btn btn-link" onclick={delete} data-testid={id("delete")}>{ "删除" }</button>
            }
            <label class={classes!("btn", "btn-small", "btn-upload", busy.then_some("disabled"))}>
                { if *busy { "上传中…" } else if props.sample.is_some() { "替换" } else { "上传样表" } }
                <input type="file" class="file-input" disabled={*busy} {onchange} data-testid={id("file")} />
            </label>
            if let Some(e) = &*error {
                <p class="field-error" data-testid={id("error")}>{ e.detail.clone() }</p>
            }
        </div>
    }
}
