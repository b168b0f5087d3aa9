//! 选项来源 of a select, radio or checkbox field: 自定义选项 (the inline options editor) or
//! 数据字典 (a dictionary picked from the list, its items shown read-only, disabled ones marked).
//! The list of dictionaries comes from the [`Dicts`] context the form designer provides; the
//! preview fills dictionary-backed fields from it with [`filled`], as the server does.
//! Test ids (prefix as in `kind_settings`): `<p>-option-source`, `<p>-dict`, `<p>-dict-items`,
//! `<p>-dict-missing`.

use crate::api::dict::Dict;
use crate::state::form_design::FieldEdit;
use lianban_definition::DictCode;
use lianban_definition::form::FormDef;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The dictionaries designers can pick from (empty while loading or when they could not load).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dicts(pub Rc<Vec<Dict>>);

impl Dicts {
    /// The dictionary with this code.
    pub fn get(&self, code: &str) -> Option<&Dict> {
        self.0.iter().find(|d| d.code == code)
    }
}

/// `form` with every dictionary-backed field's options filled from `dicts`.
pub fn filled(form: &FormDef, dicts: &Dicts) -> FormDef {
    let mut form = form.clone();
    form.fill_dict_options(&|code| dicts.get(code.as_str()).map(Dict::choices));
    form
}

/// Props of [`OptionSource`].
#[derive(Properties, PartialEq)]
pub struct OptionSourceProps {
    /// Test-id prefix: `prop` or `prop-column-<i>`.
    pub prefix: AttrValue,
    /// The dictionary the field names, if any.
    pub dict: Option<DictCode>,
    /// Where edits go.
    pub on_edit: Callback<FieldEdit>,
}

/// The source switch, and for a dictionary its picker and items.
#[function_component]
pub fn OptionSource(props: &OptionSourceProps) -> Html {
    let dicts = use_context::<Dicts>().unwrap_or_default();
    let id = |name: &str| format!("{}-{name}", props.prefix);
    let first = dicts.0.first().map(|d| DictCode::new(&d.code));
    let on_source = props.on_edit.reform(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        let code = (value == "dict").then(|| first.clone().unwrap_or_else(|| DictCode::new("")));
        FieldEdit::OptionSource(code)
    });
    let source = html! {
        <label class="fd-prop">
            <span class="fd-prop-label">{ "选项来源" }</span>
            <select class="input" data-testid={id("option-source")} onchange={on_source}>
                <option value="inline" selected={props.dict.is_none()}>{ "自定义选项" }</option>
                <option value="dict" selected={props.dict.is_some()}>{ "数据字典" }</option>
            </select>
        </label>
    };
    let Some(code) = &props.dict else {
        return source;
    };
    let on_dict = props.on_edit.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        FieldEdit::OptionSource(Some(DictCode::new(value)))
    });
    let picked = dicts.get(code.as_str());
    let items = match picked {
        Some(d) => html! {
            <ul class="fd-dict-items" data-testid={id("dict-items")}>
                { for d.items.iter().map(|i| html! {
                    <li class={classes!((!i.enabled).then_some("muted"))}>
                        { i.label.clone() }<code class="small muted">{ format!(" {}", i.value) }</code>
                        if !i.enabled { <span class="small">{ "（已停用）" }</span> }
                    </li>
                }) }
            </ul>
        },
        None => html! {
            <p class="field-error" data-testid={id("dict-missing")}>
                { format!("数据字典「{code}」不存在，请重新选择或先在“数据字典”中创建") }</p>
        },
    };
    html! {
        <>
            { source }
            <label class="fd-prop">
                <span class="fd-prop-label">{ "数据字典" }</span>
                <select class="input" data-testid={id("dict")} onchange={on_dict}>
                    if picked.is_none() {
                        <option value={code.to_string()} selected=true>{ code.to_string() }</option>
                    }
                    { for dicts.0.iter().map(|d| html! {
                        <option value={d.code.clone()} selected={d.code == code.as_str()}>
                            { format!("{}（{}）", d.name, d.code) }</option>
                    }) }
                </select>
            </label>
            { items }
            <p class="help">{ "选项随数据字典维护；停用的字典项不能再选，已有办件仍显示其名称。" }</p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dict::DictItem;
    use serde_json::json;

    #[test]
    fn the_preview_fills_dictionary_fields_with_disabled_items_marked() {
        let form: FormDef = serde_json::from_value(json!({ "schema_version": 1, "fields": [
            { "key": "edu", "label": "学历", "kind": { "type": "select", "dict": "education" } },
            { "key": "other", "label": "类别", "kind": { "type": "radio", "dict": "nope" } }] }))
        .unwrap();
        let item = |value: &str, enabled| DictItem {
            value: value.into(),
            label: value.to_uppercase(),
            enabled,
            description: None,
        };
        let dicts = Dicts(Rc::new(vec![Dict {
            code: "education".into(),
            name: "学历".into(),
            description: String::new(),
            items: vec![item("benke", true), item("old", false)],
            revision: 1,
        }]));
        let form = filled(&form, &dicts);
        let options = form.fields[0].kind.options().unwrap();
        assert_eq!(options.len(), 2);
        assert_eq!(options[0].label, "BENKE");
        assert!(options[1].disabled);
        assert_eq!(form.fields[1].kind.options(), Some(&[][..]));
    }
}
