//! Uploaded files (附件): streamed to storage with size and type limits and a magic-byte check,
//! hashed with SM3 on the way in, downloadable by whoever may see the matter; the result
//! documents (批复文件) units' own systems report ([`store_bytes`]); and catalog files
//! (样表, `samples`), the templates of materials, downloadable by every logged-in user. Owns
//! the `attachment` and `catalog_file` tables and the `files/` folder under the data directory.

mod routes;
mod samples;
mod storage;
pub mod store;
mod stored;
mod upload;

pub use routes::router;
pub use samples::check_samples;
pub use storage::LocalStore;
pub use store::{
    AttachmentInfo, AttachmentRow, add_delete_for_matter, list_for_matter, remove_stored,
};
pub use stored::{
    NewFile, RESULT_PREFIX, check_bytes, discard, result_field, send_attachment, store_bytes,
};
