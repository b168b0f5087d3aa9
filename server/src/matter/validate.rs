//! Full validation of submitted values: the declarative rules of the form version, references
//! that only the server can check (attachments of this matter, units and users that exist), then
//! the Rhai validation rules of the matter type.

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::files;
use lianban_definition::Issue;
use lianban_definition::form::{FieldKind, FormValues};
use lianban_definition::matter_type::{MatterTypeDef, missing_materials};
use serde_json::Value;

/// Full validation for submit and resubmit: declarative rules, attachments that belong to this
/// matter, units and users that exist, then the Rhai validation rules.
pub async fn validate_full(
    state: &AppState,
    def: &MatterTypeDef,
    key: &str,
    values: &FormValues,
) -> ApiResult<FormValues> {
    let values = def
        .form
        .validate_values(values)
        .map_err(ApiError::validation)?;
    let mut issues = Vec::new();
    let attachments = files::list_for_matter(state, key).await?;
    let units = crate::org::store::units(&state.db).await?;
    for field in &def.form.fields {
        let Some(value) = values.get(field.key.as_str()) else {
            continue;
        };
        let strings = strings_of(value);
        match &field.kind {
            FieldKind::Attachment { .. } => {
                for id in &strings {
                    if !attachments
                        .iter()
                        .any(|a| &a.key == id && a.field == field.key.as_str())
                    {
                        issues.push(Issue::new(
                            field.key.as_str(),
                            "unknown_attachment",
                            format!("{}中的附件不存在或已删除，请重新上传", field.label),
                        ));
                    }
                }
            }
            FieldKind::UnitPicker { .. } => {
                for code in &strings {
                    if !units.iter().any(|u| &u.code == code) {
                        issues.push(Issue::new(
                            field.key.as_str(),
                            "unknown_unit",
                            format!("{}选择的单位不存在", field.label),
                        ));
                    }
                }
            }
            FieldKind::UserPicker { .. } => {
                let found = crate::org::store::display_names(&state.db, &strings).await?;
                if found.len() != strings.len() {
                    issues.push(Issue::new(
                        field.key.as_str(),
                        "unknown_user",
                        format!("{}选择的人员不存在", field.label),
                    ));
                }
            }
            _ => {}
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let missing = missing_materials(&def.materials, |key| {
        attachments.iter().any(|a| a.field == key)
    });
    if !missing.is_empty() {
        let asks: Vec<&str> = missing.iter().map(|i| i.message.as_str()).collect();
        let refusal = ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "material_missing",
            format!("缺少必交材料：{}", asks.join("；")),
        );
        return Err(ApiError {
            errors: missing,
            ..refusal
        });
    }
    for name in &def.form.rules {
        let rule = def
            .rule(name)
            .ok_or_else(|| ApiError::internal(format!("rule {name} missing")))?;
        match state.scripts.validate(rule, &values) {
            Ok(found) => issues.extend(found),
            Err(e) => {
                tracing::warn!(rule = %name, error = %e.detail, "validation rule failed");
                return Err(ApiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "rule_failed",
                    format!("校验规则「{name}」执行失败：{}", e.message),
                ));
            }
        }
    }
    if issues.is_empty() {
        Ok(values)
    } else {
        Err(ApiError::validation(issues))
    }
}

/// The strings of a picker or attachment value.
fn strings_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}
