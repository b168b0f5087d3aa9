//! The code dictionary (数据字典/码表): named, ordered lists of coded items (学历, 政治面貌, 退回原因 …)
//! that choice fields take their options from and that other modules code their reasons with.
//! Owns the `dict` table.
//!
//! Items are never deleted, only disabled: a matter stores item values, and its page must still
//! show the label of a value chosen before the item was disabled. An item's value is fixed once
//! created; its label, description, position and enabled flag may change.
//!
//! Designers and administrators manage dictionaries ([`routes`], `/api/v1/admin/dicts`); any
//! logged-in user reads the enabled items of one (`/api/v1/dicts/{code}`). Wherever the server
//! hands a matter type's form to the browser or checks values against it, [`expand`] first fills
//! the options of dictionary-backed fields; the catalog check calls [`check_refs`].

mod dto;
mod expand;
mod routes;
pub mod store;
#[cfg(test)]
mod tests;

pub use dto::{Dict, DictItem};
pub use expand::{check_refs, expand};
pub use routes::router;
pub use store::seed_missing;
