//! The catalog entry beside a generated form: the 办事指南 (as written, Markdown source kept
//! readable) and the 申请材料 checklist — one upload slot per material, marked 必交 / 容缺 / 选交.
//! A required material without a file blocks submission in the browser and in the server. A
//! material with a template or sample file (样表) links to it (下载样表).
//! Test ids: `guide`, `materials`, `material-<key>`, `sample-<key>`, plus those of [`AttachmentInput`] with the
//! material's key (`field-<key>`, `files-<key>`, `error-<key>`).

use crate::api::dict::sample_href;
use crate::components::attachment_input::AttachmentInput;
use crate::state::form::{Busy, FormState};
use lianban_definition::form::{Field, FieldKind, Width};
use lianban_definition::matter_type::{Material, MaterialSource, Requirement};
use web_sys::File;
use yew::prelude::*;

/// Props of [`Guide`].
#[derive(Properties, PartialEq)]
pub struct GuideProps {
    /// The guide's Markdown text.
    pub text: String,
}

/// The 办事指南, folded open; nothing when the type has none.
#[function_component]
pub fn Guide(props: &GuideProps) -> Html {
    if props.text.trim().is_empty() {
        return Html::default();
    }
    html! {
        <details class="guide" open=true data-testid="guide">
            <summary>{ "办事指南" }</summary>
            <div class="guide-text">{ props.text.clone() }</div>
        </details>
    }
}

/// Props of [`MaterialsInput`].
#[derive(Properties, PartialEq)]
pub struct MaterialsInputProps {
    /// The form reducer (materials, files, messages).
    pub state: UseReducerHandle<FormState>,
    /// A file was chosen: `(material key, file)`.
    pub on_upload: Callback<(String, File)>,
    /// 删除 of an uploaded file: `(material key, attachment id)`.
    pub on_remove: Callback<(String, String)>,
}

/// The checklist; nothing when the type lists no materials.
#[function_component]
pub fn MaterialsInput(props: &MaterialsInputProps) -> Html {
    let state = &props.state;
    if state.materials.is_empty() {
        return Html::default();
    }
    let items = state.materials.iter().map(|m| {
        let key = m.key.to_string();
        let error = state.errors.get(&format!("materials.{key}")).cloned();
        html! {
            <div class="material" data-testid={format!("material-{key}")}>
                <span class={classes!("tag", requirement_class(m.requirement))}>{ requirement_label(m.requirement) }</span>
                if let Some(note) = source_note(&m.source) { <span class="muted small">{ note }</span> }
                if let Some(sample) = &m.sample {
                    <a class="btn btn-link small" href={sample_href(sample)} download=""
                        data-testid={format!("sample-{key}")}>{ "下载样表" }</a>
                }
                <AttachmentInput field={slot(m)} files={state.material_files(&key)} {error}
                    uploading={state.busy == Some(Busy::Files(key.clone()))} disabled={state.is_busy()}
                    on_upload={props.on_upload.clone()} on_remove={props.on_remove.clone()} />
            </div>
        }
    });
    html! {
        <section class="form-section materials-input" data-testid="materials">
            <h4>{ "申请材料" }</h4>
            { for items }
        </section>
    }
}

/// The upload slot of a material, as an attachment field with its key, name and file types.
fn slot(m: &Material) -> Field {
    Field {
        key: m.key.clone(),
        label: m.name.clone(),
        kind: FieldKind::Attachment {
            max_files: None,
            accept: m.accept.clone(),
        },
        required: m.requirement == Requirement::Required,
        help: m.max_size_mb.map(|mb| format!("单个文件不超过 {mb} MB")),
        default: None,
        section: None,
        width: Width::Full,
    }
}

/// 必交 / 容缺 / 选交.
fn requirement_label(r: Requirement) -> &'static str {
    match r {
        Requirement::Required => "必交",
        Requirement::Deferrable => "容缺（可后补）",
        Requirement::Optional => "选交",
    }
}

/// The tag's colour class.
fn requirement_class(r: Requirement) -> &'static str {
    match r {
        Requirement::Required => "tag-required",
        Requirement::Deferrable | Requirement::Optional => "tag-optional",
    }
}

/// Where the file may also come from, when not uploaded.
fn source_note(source: &MaterialSource) -> Option<&'static str> {
    match source {
        MaterialSource::Upload => None,
        MaterialSource::EarlierMatter => Some("可使用以往办件中的材料（请上传其副本）"),
        MaterialSource::License { .. } => Some("证照库调取将在证照库对接后提供，目前请上传"),
    }
}
