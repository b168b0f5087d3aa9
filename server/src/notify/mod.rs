//! The notification center, first channel: in-app notifications (bell, list, live over SSE).
//! Events of a command become notifications in the same transaction; after the commit they are
//! published to the connected browsers of this node. Owns the `notification` table.

mod hub;
mod plan;
mod routes;
pub mod store;

pub use hub::Hub;
pub use plan::{Note, plan};
pub use routes::router;
pub use store::{NotificationItem, add};
