//! An attachment slot of a generated form: a file input that uploads at once, and the list of
//! uploaded files with download links and 删除. Test ids: `field-<key>` (the file input),
//! `files-<key>` (the list), `file-item`, `btn-remove-file`, `error-<key>`.

use crate::api::Attachment;
use crate::api::url::attachment_href;
use crate::format;
use lianban_definition::form::{Field, FieldKind};
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

/// Default number of files when the field sets none (as in `lianban-definition`).
const DEFAULT_MAX_FILES: u32 = 10;

/// Props of [`AttachmentInput`].
#[derive(Properties, PartialEq)]
pub struct AttachmentInputProps {
    /// The field definition.
    pub field: Field,
    /// Files already uploaded into this field.
    pub files: Vec<Attachment>,
    /// The message under the input.
    pub error: Option<String>,
    /// An upload or delete of this field is running.
    pub uploading: bool,
    /// Any operation is running.
    pub disabled: bool,
    /// A file was chosen: `(field key, file)`.
    pub on_upload: Callback<(String, File)>,
    /// 删除 was clicked: `(field key, attachment id)`.
    pub on_remove: Callback<(String, String)>,
}

/// The attachment slot.
#[function_component]
pub fn AttachmentInput(props: &AttachmentInputProps) -> Html {
    let field = &props.field;
    let key = field.key.to_string();
    let (max_files, accept) = match &field.kind {
        FieldKind::Attachment { max_files, accept } => {
            (max_files.unwrap_or(DEFAULT_MAX_FILES), accept.clone())
        }
        _ => (DEFAULT_MAX_FILES, Vec::new()),
    };
    let accept_attr = (!accept.is_empty()).then(|| {
        accept
            .iter()
            .map(|ext| format!(".{ext}"))
            .collect::<Vec<_>>()
            .join(",")
    });
    let full = props.files.len() >= max_files as usize;
    let onchange = {
        let (on_upload, key) = (props.on_upload.clone(), key.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let files = input.files();
            let chosen: Vec<File> = files
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            // Clearing lets the same file be chosen again after a failed upload.
            input.set_value("");
            for file in chosen {
                on_upload.emit((key.clone(), file));
            }
        })
    };
    let required = field
        .required
        .then(|| html! { <span class="required" title="必填">{ "*" }</span> });
    let hint = format!(
        "最多{max_files}个文件{}",
        if accept.is_empty() {
            String::new()
        } else {
            format!("，格式：{}", accept.join("、"))
        }
    );
    html! {
        <div class={classes!("field", props.error.is_some().then_some("has-error"))} data-field={key.clone()}>
            <label class="field-label" for={format!("f-{key}")}>{ field.label.clone() }{ required.unwrap_or_default() }</label>
            <ul class="files" data-testid={format!("files-{key}")}>
                { for props.files.iter().map(|file| file_row(props, &key, file)) }
            </ul>
            if !full {
                <label class={classes!("btn", "btn-upload", props.disabled.then_some("disabled"))}>
                    { "上传文件" }
                    <input id={format!("f-{key}")} type="file" class="file-input" accept={accept_attr}
                        multiple={max_files > 1} disabled={props.disabled}
                        data-testid={format!("field-{key}")} {onchange} />
                </label>
            }
            if props.uploading {
                <div class="help" data-testid={format!("uploading-{key}")}>{ "正在上传…" }</div>
            }
            <div class="help">{ field.help.clone().unwrap_or(hint) }</div>
            if let Some(message) = props.error.clone() {
                <div class="field-error" data-testid={format!("error-{key}")}>{ message }</div>
            }
        </div>
    }
}

/// One uploaded file: download link, size, 删除.
fn file_row(props: &AttachmentInputProps, key: &str, file: &Attachment) -> Html {
    let onclick = {
        let (on_remove, key, id) = (props.on_remove.clone(), key.to_owned(), file.id.clone());
        Callback::from(move |_| on_remove.emit((key.clone(), id.clone())))
    };
    html! {
        <li class="file" data-testid="file-item">
            <a href={attachment_href(&file.id)} target="_blank" rel="noopener">{ file.filename.clone() }</a>
            <span class="muted">{ format::size(file.size) }</span>
            <button type="button" class="btn btn-link danger" disabled={props.disabled}
                data-testid="btn-remove-file" {onclick}>{ "删除" }</button>
        </li>
    }
}
