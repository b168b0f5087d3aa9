//! Dictionary-backed choice fields as the rest of the server sees them: [`expand`] fills their
//! options before a form is served or values are checked against it, and [`check_refs`] is the
//! catalog check that every dictionary a form names exists.

use super::dto::Dict;
use super::store;
use crate::AppState;
use crate::error::ApiResult;
use lianban_definition::Issue;
use lianban_definition::form::FormDef;
use serde_json::Value;

/// Fills the options of every dictionary-backed field (and table column) of `form` with its
/// dictionary's items: enabled ones to pick, disabled ones marked `disabled` so stored values
/// keep their labels. A field whose dictionary does not exist gets no options (no value passes;
/// publishing refuses such a form, see [`check_refs`]).
pub async fn expand(state: &AppState, form: &mut FormDef) -> ApiResult<()> {
    let dicts = referenced(state, form).await?;
    if !dicts.is_empty() {
        form.fill_dict_options(&|code| {
            dicts
                .iter()
                .find(|d| d.code == code.as_str())
                .map(Dict::choices)
        });
    }
    Ok(())
}

/// Adds an issue for every field naming a dictionary that does not exist (`unknown_dict`, the
/// field named) and for every default of a dictionary-backed field that is not one of its
/// enabled items (`bad_default`). Paths are those of the matter type (`form.fields[i]…`).
pub async fn check_refs(
    state: &AppState,
    form: &FormDef,
    issues: &mut Vec<Issue>,
) -> ApiResult<()> {
    let dicts = referenced(state, form).await?;
    for r in form.dict_refs() {
        let Some(dict) = dicts.iter().find(|d| d.code == r.dict.as_str()) else {
            issues.push(Issue::new(
                format!("form.{}", r.path),
                "unknown_dict",
                format!("字段「{}」选用的数据字典「{}」不存在", r.label, r.dict),
            ));
            continue;
        };
        let Some(default) = &r.default else {
            continue;
        };
        let values: Vec<&Value> = match default {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let fits = |v: &&Value| {
            v.as_str()
                .is_some_and(|s| dict.items.iter().any(|i| i.enabled && i.value == s))
        };
        if !values.iter().all(fits) {
            let path = r.path.strip_suffix(".kind.dict").unwrap_or(&r.path);
            issues.push(Issue::new(
                format!("form.{path}.default"),
                "bad_default",
                format!(
                    "字段「{}」的默认值不是数据字典「{}」中启用的字典项",
                    r.label, dict.name
                ),
            ));
        }
    }
    Ok(())
}

/// The dictionaries `form` names that exist.
async fn referenced(state: &AppState, form: &FormDef) -> ApiResult<Vec<Dict>> {
    let mut codes: Vec<String> = form.dict_refs().into_iter().map(|r| r.dict.0).collect();
    codes.sort();
    codes.dedup();
    Ok(store::get_many(&state.db, &codes).await?)
}
