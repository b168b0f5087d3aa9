//! Work lists (待办 / 已办 / 我发起的 / 草稿箱): rows derived from each matter's state and kept in
//! the same transaction as the matter, shaped for the list reads (compound index
//! `owner, list, sk`, keyset cursor on `sk`), with per-owner counters. Owns the tables
//! `work_item` and `list_count`.

mod derive;
mod names;
mod routes;
pub mod store;

pub use derive::{Item, items_of};
pub use names::Names;
pub use routes::router;
pub use store::add_sync;
