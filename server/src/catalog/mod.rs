//! The matter catalog (事项目录): published matter-type versions. Owns the `matter_type` table.
//! Publishing stores an immutable version; running matters keep the version they started on.

mod routes;
pub mod store;

pub use routes::{may_initiate, router};
