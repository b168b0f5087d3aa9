//! One component per screen: [`login`], the catalog ([`new_matter`]), the form [`editor`], the
//! work lists ([`worklist`]), the 办件 page ([`matter`] with its [`matter_actions`]) and
//! [`notifications`].

pub mod editor;
pub mod login;
pub mod matter;
pub mod matter_actions;
pub mod new_matter;
pub mod not_found;
pub mod notifications;
pub mod worklist;
