//! App state kept in reducers: the [`session`] (user, bell), the generated-form editor
//! ([`form`]), the flow designer ([`flow_design`]), the form designer ([`form_design`]), the
//! dictionary editor ([`dict_edit`]), the notification settings ([`notify_prefs`]) and the
//! double-click guard ([`flight`]). Pure Rust, tested natively.

pub mod dict_edit;
pub mod flight;
pub mod flow_design;
pub mod form;
pub mod form_design;
pub mod notify_prefs;
pub mod session;
