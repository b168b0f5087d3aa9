//! Hooks shared by pages: loading API data ([`use_load`]), the session and org contexts
//! ([`context`]) and the live notification stream ([`live`]).

pub mod context;
pub mod live;
pub mod load;

pub use context::{OrgData, use_org, use_session};
pub use live::use_notification_stream;
pub use load::{Load, Loader, use_load};
