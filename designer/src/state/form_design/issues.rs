//! Where a definition issue belongs in the designer. Paths come from [`FormDef::validate`]
//! (`fields[2].kind.options[0]`) or from the server, prefixed with `form.`
//! (`form.fields[2].label`); the designer shows each on the field or section it names.
//!
//! [`FormDef::validate`]: lianban_definition::form::FormDef::validate

use lianban_definition::Issue;

/// What an issue is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// Field `index`; `property` is the rest of the path (`label`, `kind.options[0]`, `` …).
    Field {
        /// Index in the form's fields.
        index: usize,
        /// The path inside the field.
        property: &'a str,
    },
    /// Section `index`.
    Section {
        /// Index in the form's sections.
        index: usize,
    },
    /// The form as a whole (its version, its rules) or a path the designer does not know.
    Form,
}

/// The target of an issue path.
pub fn target(path: &str) -> Target<'_> {
    let path = path.strip_prefix("form.").unwrap_or(path);
    if let Some((index, property)) = indexed(path, "fields[") {
        return Target::Field { index, property };
    }
    if let Some((index, _)) = indexed(path, "sections[") {
        return Target::Section { index };
    }
    Target::Form
}

/// `fields[3].label` with prefix `fields[` → `(3, "label")`.
fn indexed<'a>(path: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(prefix)?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The messages of the issues about field `index`, each once.
pub fn of_field(issues: &[Issue], index: usize) -> Vec<String> {
    messages(
        issues,
        |t| matches!(t, Target::Field { index: i, .. } if i == index),
    )
}

/// The messages of the issues about section `index`, each once.
pub fn of_section(issues: &[Issue], index: usize) -> Vec<String> {
    messages(
        issues,
        |t| matches!(t, Target::Section { index: i } if i == index),
    )
}

/// The messages of the issues about the form as a whole, each once.
pub fn of_form(issues: &[Issue]) -> Vec<String> {
    messages(issues, |t| t == Target::Form)
}

/// The distinct messages of the issues whose target passes `keep`.
fn messages(issues: &[Issue], keep: impl Fn(Target<'_>) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for issue in issues {
        if keep(target(&issue.path)) && !out.contains(&issue.message) {
            out.push(issue.message.clone());
        }
    }
    out
}
