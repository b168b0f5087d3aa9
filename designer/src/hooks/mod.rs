//! Hooks shared by pages: loading API data ([`use_load`]), the session and org contexts
//! ([`context`]), the live notification stream ([`live`]) and focusing a matter page on a task
//! ([`focus`]).

pub mod context;
pub mod focus;
pub mod live;
pub mod load;

pub use context::{OrgData, use_org, use_session};
pub use focus::{open_matter, use_task_focus};
pub use live::use_notification_stream;
pub use load::{Load, Loader, use_load};
