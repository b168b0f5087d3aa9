//! Uploaded files (附件): streamed to storage with size and type limits and a magic-byte check,
//! hashed with SM3 on the way in, downloadable by whoever may see the matter. Owns the
//! `attachment` table and the `files/` folder under the data directory.

mod routes;
mod storage;
pub mod store;
mod upload;

pub use routes::router;
pub use storage::LocalStore;
pub use store::{
    AttachmentInfo, AttachmentRow, add_delete_for_matter, list_for_matter, remove_stored,
};
