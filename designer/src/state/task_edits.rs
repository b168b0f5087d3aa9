//! 办理时修改字段: the fields a handler may change at the current task (those its node makes
//! editable, in form order, that the form shows and that can be typed into — computed fields
//! follow the others and files are changed only by the initiator), the browser-side check of
//! those fields, and the `edits` map sent with 同意: only the fields whose value changed, a
//! cleared field as `null`. Pure, tested natively.

use lianban_definition::Issue;
use lianban_definition::form::{Field, FieldKind, FormDef, FormValues};
use serde_json::Value;

/// The form's fields among `editable` that a handler can type into, in form order.
pub fn editable_fields(form: &FormDef, editable: &[String]) -> Vec<Field> {
    form.fields
        .iter()
        .filter(|f| editable.iter().any(|key| key == f.key.as_str()))
        .filter(|f| {
            !matches!(
                f.kind,
                FieldKind::Computed { .. } | FieldKind::Attachment { .. }
            )
        })
        .cloned()
        .collect()
}

/// The changed values of `fields`: `after` where it differs from `before`, `null` where the
/// handler cleared a value.
pub fn edits(before: &FormValues, after: &FormValues, fields: &[Field]) -> FormValues {
    fields
        .iter()
        .map(|f| f.key.as_str())
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| {
            (
                key.to_owned(),
                after.get(key).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// The form's declarative checks on `values`, keeping the issues about `fields`: what the
/// handler can fix here; the server checks the rest again.
pub fn edit_issues(form: &FormDef, values: &FormValues, fields: &[Field]) -> Vec<Issue> {
    let Err(issues) = form.validate_values(values) else {
        return Vec::new();
    };
    issues
        .into_iter()
        .filter(|i| fields.iter().any(|f| f.key.as_str() == i.path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A 编制核定 form: a number, a remark, a computed total, an attachment and a table.
    fn form() -> FormDef {
        serde_json::from_value(json!({
            "schema_version": 1,
            "fields": [
                {"key": "headcount", "label": "核定编制数", "kind": {"type": "number", "min": 1}, "required": true},
                {"key": "remark", "label": "备注", "kind": {"type": "textarea"}},
                {"key": "total", "label": "岗位数", "kind": {"type": "computed",
                    "formula": {"type": "count_rows", "table": "posts"}}},
                {"key": "files", "label": "材料", "kind": {"type": "attachment"}},
                {"key": "posts", "label": "岗位明细", "kind": {"type": "table", "columns": [
                    {"key": "name", "label": "岗位", "kind": {"type": "text"}, "required": true},
                    {"key": "count", "label": "人数", "kind": {"type": "number", "min": 1}}
                ]}}
            ]
        }))
        .expect("form parses")
    }

    fn values(value: serde_json::Value) -> FormValues {
        serde_json::from_value(value).expect("values parse")
    }

    fn keys(fields: &[Field]) -> Vec<&str> {
        fields.iter().map(|f| f.key.as_str()).collect()
    }

    #[test]
    fn editable_fields_follow_the_form_and_leave_out_computed_files_and_unknown_keys() {
        let editable = ["posts", "total", "files", "gone", "headcount"].map(String::from);
        assert_eq!(
            keys(&editable_fields(&form(), &editable)),
            ["headcount", "posts"]
        );
        assert!(editable_fields(&form(), &[]).is_empty());
    }

    #[test]
    fn only_changed_fields_are_sent_and_a_cleared_one_as_null() {
        let fields = editable_fields(&form(), &["headcount", "remark", "posts"].map(String::from));
        let before = values(json!({"headcount": 3, "remark": "原备注", "total": 0}));
        let unchanged = before.clone();
        assert_eq!(edits(&before, &unchanged, &fields), FormValues::new());
        let after = values(json!({"headcount": 2, "total": 1,
            "posts": [{"name": "科员"}]}));
        assert_eq!(
            edits(&before, &after, &fields),
            values(json!({"headcount": 2, "remark": null, "posts": [{"name": "科员"}]}))
        );
    }

    #[test]
    fn the_check_reports_the_editable_fields_only() {
        let fields = editable_fields(&form(), &["posts"].map(String::from));
        let bad = values(json!({"posts": [{"name": "科员", "count": 0}]}));
        let paths: Vec<String> = edit_issues(&form(), &bad, &fields)
            .into_iter()
            .map(|i| i.path)
            .collect();
        assert_eq!(paths, ["posts"], "the missing headcount is not ours");
        let good = values(json!({"headcount": 1, "posts": [{"name": "科员"}]}));
        assert!(edit_issues(&form(), &good, &fields).is_empty());
    }
}
