//! Organisation: units and departments (a tree), users, the posts they hold, and roles.
//! Owns the tables `unit`, `user` and `holding`.

mod directory;
mod routes;
pub mod store;

pub use directory::OrgDirectory;
pub use routes::router;
pub use store::{UnitRow, UserRow};
