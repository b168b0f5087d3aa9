//! 发起人自选审批人: below the form, one user picker per 发起人自选 approver node of the flow,
//! labelled with the node's name, single or multiple as the node allows. Nothing when the flow
//! has no such node. Test ids: `chosen-section`, `chosen-<node id>` (the picker: a drop-down,
//! or a multiple select), `error-chosen-<node id>`.

use crate::components::value_input::ValueInput;
use crate::hooks::use_org;
use crate::state::form::{Chooser, Edit, FormAction, FormState};
use lianban_definition::FieldKey;
use lianban_definition::form::{Field, FieldKind, Width};
use yew::prelude::*;

/// Props of [`ChosenInput`].
#[derive(Properties, PartialEq)]
pub struct ChosenInputProps {
    /// The form reducer (choosers, picks, messages).
    pub state: UseReducerHandle<FormState>,
}

/// The pickers.
#[function_component]
pub fn ChosenInput(props: &ChosenInputProps) -> Html {
    let org = use_org();
    let state = &props.state;
    if state.choosers.is_empty() {
        return Html::default();
    }
    let rows = state.choosers.iter().map(|chooser| {
        let node = chooser.node.clone();
        let picked = state.chosen_for(&node);
        let error = state.errors.get(&chooser.path()).cloned();
        let on_edit = {
            let (state, node) = (state.clone(), node.clone());
            Callback::from(move |edit: Edit| {
                let users = match edit {
                    Edit::Text(user) => vec![user],
                    Edit::Many(users) => users,
                    Edit::Toggle(_) | Edit::Range(..) => return,
                };
                state.dispatch(FormAction::Choose {
                    node: node.clone(),
                    users,
                });
            })
        };
        let id = format!("chosen-input-{node}");
        let hint = if chooser.multiple {
            "可选择多人，按住 Ctrl 多选"
        } else {
            "选择一位审批人"
        };
        html! {
            <div key={node.clone()} class={classes!("field", error.is_some().then_some("has-error"))}>
                <label class="field-label" for={id.clone()}>
                    { chooser.name.clone() }<span class="required" title="必填">{ "*" }</span>
                </label>
                <ValueInput field={picker(chooser)} id={id} testid={format!("chosen-{node}")}
                    text={picked.first().cloned().unwrap_or_default()} selected={picked}
                    disabled={state.is_busy()} org={org.clone()} {on_edit} on_blur={Callback::noop()} />
                <div class="help">{ hint }</div>
                if let Some(message) = error {
                    <div class="field-error" data-testid={format!("error-chosen-{node}")}>{ message }</div>
                }
            </div>
        }
    });
    html! {
        <section class="form-section" data-testid="chosen-section">
            <h4>{ "审批人（发起人自选）" }</h4>
            { for rows }
        </section>
    }
}

/// The picker of a node, as a user-picker field.
fn picker(chooser: &Chooser) -> Field {
    Field {
        key: FieldKey::new(chooser.node.clone()),
        label: chooser.name.clone(),
        kind: FieldKind::UserPicker {
            multiple: chooser.multiple,
        },
        required: true,
        help: None,
        default: None,
        section: None,
        width: Width::Full,
    }
}
