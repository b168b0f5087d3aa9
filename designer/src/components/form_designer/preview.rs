//! 预览: the form exactly as initiators will see it, built from the design with the real
//! generated-form components ([`FormFields`]) and checked in the browser with the same
//! `lianban-definition` rules as the server; when those pass, the type's Rhai validation rules
//! run in the server's engine. Files chosen here stay in the page.
//! Test ids: `form-preview`, `btn-preview-check`, `preview-passed`, plus those of
//! [`FormFields`].

use crate::api::Attachment;
use crate::api::admin;
use crate::components::feedback::{Messages, Notice};
use crate::components::form_fields::FormFields;
use crate::state::form::{Check, FormAction, FormState};
use lianban_definition::form::{FormDef, FormValues};
use lianban_definition::matter_type::RuleDef;
use wasm_bindgen_futures::spawn_local;
use web_sys::File;
use yew::prelude::*;

/// Props of [`FormPreview`].
#[derive(Properties, PartialEq)]
pub struct FormPreviewProps {
    /// The designed form.
    pub form: FormDef,
    /// The type's rules (validation rules run on 校验).
    #[prop_or_default]
    pub rules: Vec<RuleDef>,
}

/// The preview. Remount it (with a new `key`) to start over from a changed form.
#[function_component]
pub fn FormPreview(props: &FormPreviewProps) -> Html {
    let state = {
        let form = props.form.clone();
        use_reducer(move || FormState::new("preview", "预览", form))
    };
    let passed = use_state(|| None::<FormValues>);
    let files = use_mut_ref(|| 0_u32);
    let check = {
        let (state, passed, rules) = (state.clone(), passed.clone(), props.rules.clone());
        Callback::from(move |_: MouseEvent| match state.check(Check::Submit) {
            Ok(values) if rules.is_empty() => passed.set(Some(values)),
            Ok(values) => {
                let (state, passed, rules) = (state.clone(), passed.clone(), rules.clone());
                spawn_local(async move {
                    match admin::validate_with_rules(&rules, &values).await {
                        Ok(issues) if issues.is_empty() => passed.set(Some(state.values.clone())),
                        Ok(issues) => {
                            passed.set(None);
                            state.dispatch(FormAction::Invalid(issues));
                        }
                        Err(e) => {
                            passed.set(None);
                            state.dispatch(FormAction::Failed(e));
                        }
                    }
                });
            }
            Err(issues) => {
                passed.set(None);
                state.dispatch(FormAction::Invalid(issues));
            }
        })
    };
    let on_upload = {
        let state = state.clone();
        Callback::from(move |(key, file): (String, File)| {
            *files.borrow_mut() += 1;
            state.dispatch(FormAction::Uploaded(Attachment {
                id: format!("preview-{}", files.borrow()),
                field: Some(key),
                filename: file.name(),
                size: file.size() as u64,
                content_type: file.type_(),
                sm3: String::new(),
                uploaded_at: String::new(),
            }));
        })
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |(key, id)| state.dispatch(FormAction::Removed { key, id }))
    };
    let ok = passed.as_ref() == Some(&state.values);
    html! {
        <div class="card form fd-preview" data-testid="form-preview">
            <p class="muted small">{ "以下为发起人看到的表单。预览中填写的内容和上传的文件不会保存。" }</p>
            <Messages messages={state.general.clone()} />
            if ok {
                <div data-testid="preview-passed"><Notice text="校验通过" /></div>
            }
            <FormFields state={state.clone()} {on_upload} {on_remove} />
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="btn-preview-check" onclick={check}>{ "校验" }</button>
            </div>
        </div>
    }
}
