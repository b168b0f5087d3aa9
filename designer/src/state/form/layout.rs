//! How a form's fields group for display: the fields above the first section, then each
//! section (分组) with its fields, in form order. Renderers lay each group out on the 12-column
//! grid by [`Width`](lianban_definition::form::Width).

use lianban_definition::form::{Field, FormDef, Section};

/// Fields shown together: those above the first section (`section` is `None`), or one section's.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'f> {
    /// The section, or `None` for the fields above the first one.
    pub section: Option<&'f Section>,
    /// The fields with their index in [`FormDef::fields`].
    pub fields: Vec<(usize, &'f Field)>,
}

/// The groups of a form: first the fields without a (known) section, then every section in
/// order. Groups may be empty; renderers decide whether to show an empty one.
pub fn groups(form: &FormDef) -> Vec<Group<'_>> {
    let placed = |field: &Field, section: Option<&Section>| {
        let known = field.section.as_deref().and_then(|id| form.section(id));
        known.map(|s| &s.id) == section.map(|s| &s.id)
    };
    let top = Group {
        section: None,
        fields: indexed(form, |f| placed(f, None)),
    };
    let sections = form.sections.iter().map(|section| Group {
        section: Some(section),
        fields: indexed(form, |f| placed(f, Some(section))),
    });
    std::iter::once(top).chain(sections).collect()
}

/// The fields matching `keep`, with their indexes.
fn indexed(form: &FormDef, keep: impl Fn(&Field) -> bool) -> Vec<(usize, &Field)> {
    form.fields
        .iter()
        .enumerate()
        .filter(|(_, f)| keep(f))
        .collect()
}
