//! App state kept in reducers: the [`session`] (user, bell), the generated-form editor
//! ([`form`]), the form designer ([`form_design`]) and the double-click guard ([`flight`]).
//! Pure Rust, tested natively.

pub mod flight;
pub mod form;
pub mod form_design;
pub mod session;
