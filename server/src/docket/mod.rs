//! 督办: a supervisor opens a docket on a matter or on one unit's part of it (a requirement and a
//! reply deadline); the addressed unit replies with feedback; the supervisor closes it. Dockets
//! are records of their own (statistics count them later) and appear on the matter's timeline.
//! Owns the `docket` table.

mod routes;
pub mod store;

pub use routes::router;
pub use store::{Docket, for_matter};
