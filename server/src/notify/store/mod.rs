//! Persistence of the notification center; each file owns one table: [`notification`] (the
//! in-app list), [`live`] (the live feed every node reads), [`delivery`] (the delivery log),
//! [`prefs`] (users' mutes) and [`template`] (administrators' templates).

pub mod delivery;
pub mod live;
pub mod notification;
pub mod prefs;
pub mod template;
