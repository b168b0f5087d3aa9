//! Choice fields whose options come from a code dictionary (数据字典): which dictionaries a form
//! names, and filling a form's options from them.
//!
//! A select, radio or checkbox field either lists its options inline or names a dictionary
//! ([`FieldKind::dict`]). The definition stays pure: whoever holds the dictionaries (the server,
//! or the designer's preview) calls [`FormDef::fill_dict_options`] before the form is shown or
//! values are checked against it.

use crate::form::{Choice, Field, FieldKind, FormDef};
use crate::ids::DictCode;

/// A dictionary named by a field (or a table column) of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictRef {
    /// Path of the `dict` attribute, e.g. `fields[2].kind.dict` or
    /// `fields[4].kind.columns[0].kind.dict`.
    pub path: String,
    /// The field's label, for messages.
    pub label: String,
    /// The dictionary.
    pub dict: DictCode,
    /// The field's default value, if any (checked against the dictionary's enabled items).
    pub default: Option<serde_json::Value>,
}

impl FieldKind {
    /// The inline options of a choice field (`None` for other kinds).
    pub fn options(&self) -> Option<&[Choice]> {
        match self {
            FieldKind::Select { options, .. }
            | FieldKind::Radio { options, .. }
            | FieldKind::Checkbox { options, .. } => Some(options),
            _ => None,
        }
    }

    /// The dictionary a choice field takes its options from, if it names one.
    pub fn dict(&self) -> Option<&DictCode> {
        match self {
            FieldKind::Select { dict, .. }
            | FieldKind::Radio { dict, .. }
            | FieldKind::Checkbox { dict, .. } => dict.as_ref(),
            _ => None,
        }
    }
}

impl FormDef {
    /// Every dictionary the form's fields and table columns name, with the path of each
    /// reference, in form order.
    pub fn dict_refs(&self) -> Vec<DictRef> {
        let mut out = Vec::new();
        collect(&self.fields, "fields", &mut out);
        out
    }

    /// Replaces the options of every dictionary-backed field (and table column) with the items
    /// `items` gives for its dictionary: enabled items to pick, disabled ones marked
    /// [`Choice::disabled`] so stored values still show their labels. A dictionary `items` does
    /// not know leaves the field without options, so no value passes.
    pub fn fill_dict_options(&mut self, items: &dyn Fn(&DictCode) -> Option<Vec<Choice>>) {
        fill(&mut self.fields, items);
    }
}

fn collect(fields: &[Field], at: &str, out: &mut Vec<DictRef>) {
    for (i, field) in fields.iter().enumerate() {
        let path = format!("{at}[{i}].kind");
        if let Some(dict) = field.kind.dict() {
            out.push(DictRef {
                path: format!("{path}.dict"),
                label: field.label.clone(),
                dict: dict.clone(),
                default: field.default.clone(),
            });
        }
        if let FieldKind::Table { columns, .. } = &field.kind {
            collect(columns, &format!("{path}.columns"), out);
        }
    }
}

fn fill(fields: &mut [Field], items: &dyn Fn(&DictCode) -> Option<Vec<Choice>>) {
    for field in fields {
        match &mut field.kind {
            FieldKind::Select { options, dict, .. }
            | FieldKind::Radio { options, dict, .. }
            | FieldKind::Checkbox { options, dict, .. } => {
                if let Some(code) = dict {
                    *options = items(code).unwrap_or_default();
                }
            }
            FieldKind::Table { columns, .. } => fill(columns, items),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> FormDef {
        serde_json::from_value(json!({ "schema_version": 1, "fields": [
            { "key": "edu", "label": "学历", "kind": { "type": "select", "dict": "education" }, "default": "bachelor" },
            { "key": "sex", "label": "性别", "kind": { "type": "radio", "options": [
                { "value": "m", "label": "男" }, { "value": "f", "label": "女" } ] } },
            { "key": "family", "label": "家庭成员", "kind": { "type": "table", "columns": [
                { "key": "status", "label": "政治面貌", "kind": { "type": "checkbox", "dict": "political_status" } }
            ] } },
        ] }))
        .unwrap()
    }

    #[test]
    fn a_dict_backed_field_round_trips_without_inline_options() {
        let form = form();
        assert_eq!(
            form.fields[0].kind.dict().map(DictCode::as_str),
            Some("education")
        );
        assert_eq!(form.fields[0].kind.options(), Some(&[][..]));
        let text = serde_json::to_value(&form).unwrap();
        assert_eq!(text["fields"][0]["kind"]["dict"], "education");
        assert_eq!(
            text["fields"][1]["kind"].get("dict"),
            None,
            "no dict, no key"
        );
        assert_eq!(
            text["fields"][1]["kind"]["options"][0].get("disabled"),
            None
        );
        let back: FormDef = serde_json::from_value(text).unwrap();
        assert_eq!(back, form);
    }

    #[test]
    fn references_name_fields_and_table_columns() {
        let refs = form().dict_refs();
        let found: Vec<(&str, &str, &str)> = refs
            .iter()
            .map(|r| (r.path.as_str(), r.label.as_str(), r.dict.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("fields[0].kind.dict", "学历", "education"),
                (
                    "fields[2].kind.columns[0].kind.dict",
                    "政治面貌",
                    "political_status"
                ),
            ]
        );
        assert_eq!(refs[0].default, Some(json!("bachelor")));
    }

    #[test]
    fn filling_replaces_dict_options_and_keeps_inline_ones() {
        let mut form = form();
        let mut retired = Choice::new("old", "旧学历");
        retired.disabled = true;
        form.fill_dict_options(&|code| {
            (code.as_str() == "education")
                .then(|| vec![Choice::new("bachelor", "大学本科"), retired.clone()])
        });
        assert_eq!(
            form.fields[0].kind.options().unwrap(),
            [Choice::new("bachelor", "大学本科"), retired]
        );
        assert_eq!(form.fields[1].kind.options().unwrap().len(), 2);
        let FieldKind::Table { columns, .. } = &form.fields[2].kind else {
            panic!("table expected");
        };
        assert_eq!(
            columns[0].kind.options(),
            Some(&[][..]),
            "unknown dict: no options"
        );
    }
}
