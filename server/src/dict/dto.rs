//! The dictionary as the API shows and takes it, and the checks of what designers send: code
//! shape, a name, items with unique well-formed values and non-empty labels, and (on update) no
//! item removed.

use lianban_definition::Issue;
use lianban_definition::form::Choice;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Longest dictionary code, in characters.
const CODE_MAX: usize = 40;
/// Longest item value, in characters.
const VALUE_MAX: usize = 32;
/// Longest name or label, in characters.
const LABEL_MAX: usize = 50;
/// Most items in one dictionary.
const ITEMS_MAX: usize = 500;

/// A code dictionary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dict {
    /// Code, e.g. `education`: a lower-case letter, then lower-case letters, digits or `_`.
    pub code: String,
    /// Chinese name, e.g. 学历.
    pub name: String,
    /// What the dictionary is for.
    #[serde(default)]
    pub description: String,
    /// Items in display order, disabled ones included.
    pub items: Vec<DictItem>,
    /// Revision, starting at 1; an update names the revision it was made on.
    pub revision: u32,
    /// Last change (ms since epoch); 0 for seeded dictionaries.
    #[serde(default)]
    pub updated_ms: i64,
    /// Who changed it last (empty for seeded dictionaries).
    #[serde(default)]
    pub updated_by: String,
}

/// One item of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DictItem {
    /// Stored value (代码), fixed once created, e.g. `bachelor` or `21`.
    pub value: String,
    /// Label shown to users, e.g. 大学本科.
    pub label: String,
    /// Whether it may be chosen; a disabled item only labels values stored before.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Optional explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn enabled() -> bool {
    true
}

impl Dict {
    /// The items as form options: enabled ones to pick, disabled ones marked so.
    pub fn choices(&self) -> Vec<Choice> {
        self.items
            .iter()
            .map(|item| {
                let mut choice = Choice::new(&item.value, &item.label);
                choice.disabled = !item.enabled;
                choice
            })
            .collect()
    }
}

/// A new dictionary.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDict {
    /// Code (see [`Dict::code`]).
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Items in display order.
    #[serde(default)]
    pub items: Vec<DictItem>,
}

/// A dictionary's new contents. `items` must keep every existing value (disable, never remove).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DictChange {
    /// The revision the change was made on (409 `conflict` when someone saved since).
    pub revision: u32,
    /// Chinese name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Every item, in the new order.
    pub items: Vec<DictItem>,
}

/// The enabled items of a dictionary, for any logged-in user.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DictOptions {
    /// Code.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Enabled items in display order.
    pub items: Vec<DictItem>,
}

/// Whether `code` is a well-formed dictionary code.
pub fn is_code(code: &str) -> bool {
    let mut chars = code.chars();
    code.len() <= CODE_MAX
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The issues of a new dictionary's code, name and items.
pub fn check_new(new: &NewDict) -> Vec<Issue> {
    let mut issues = Vec::new();
    if !is_code(&new.code) {
        issues.push(Issue::new(
            "code",
            "bad_code",
            format!("字典编码「{}」须以小写字母开头，只含小写字母、数字和下划线，不超过{CODE_MAX}个字符", new.code),
        ));
    }
    check_body(&new.name, &new.items, &mut issues);
    issues
}

/// The issues of a change: name and items as for a new dictionary.
pub fn check_change(change: &DictChange) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_body(&change.name, &change.items, &mut issues);
    issues
}

/// The values of `old` that `new` no longer lists (items may be disabled, never removed).
pub fn removed<'a>(old: &'a [DictItem], new: &[DictItem]) -> Vec<&'a DictItem> {
    old.iter()
        .filter(|o| !new.iter().any(|n| n.value == o.value))
        .collect()
}

fn check_body(name: &str, items: &[DictItem], issues: &mut Vec<Issue>) {
    let name_len = name.trim().chars().count();
    if name_len == 0 || name_len > LABEL_MAX {
        issues.push(Issue::new(
            "name",
            "empty_label",
            format!("字典名称不能为空，且不超过{LABEL_MAX}个字"),
        ));
    }
    if items.len() > ITEMS_MAX {
        issues.push(Issue::new(
            "items",
            "too_many_items",
            format!("字典项不能超过{ITEMS_MAX}个"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("items[{i}]");
        let value_ok = !item.value.is_empty()
            && item.value.chars().count() <= VALUE_MAX
            && item
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
        if !value_ok {
            issues.push(Issue::new(
                format!("{path}.value"),
                "bad_item_value",
                format!(
                    "第{}项的代码「{}」须为1至{VALUE_MAX}位字母、数字、下划线、连字符或点",
                    i + 1,
                    item.value
                ),
            ));
        } else if !seen.insert(item.value.as_str()) {
            issues.push(Issue::new(
                format!("{path}.value"),
                "duplicate_item",
                format!("字典项代码「{}」重复", item.value),
            ));
        }
        let label_len = item.label.trim().chars().count();
        if label_len == 0 || label_len > LABEL_MAX {
            issues.push(Issue::new(
                format!("{path}.label"),
                "empty_label",
                format!(
                    "第{}项（代码「{}」）的名称不能为空，且不超过{LABEL_MAX}个字",
                    i + 1,
                    item.value
                ),
            ));
        }
    }
}

/// Trims names, labels and descriptions as stored.
pub fn tidy(
    name: &str,
    description: &str,
    items: Vec<DictItem>,
) -> (String, String, Vec<DictItem>) {
    let items = items
        .into_iter()
        .map(|item| DictItem {
            value: item.value,
            label: item.label.trim().to_owned(),
            enabled: item.enabled,
            description: item
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
        })
        .collect();
    (name.trim().to_owned(), description.trim().to_owned(), items)
}
