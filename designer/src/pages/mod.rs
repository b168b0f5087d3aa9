//! One component per screen: [`login`], the catalog ([`new_matter`]), the form [`editor`], the
//! work lists ([`worklist`]), the 办件 page ([`matter`] with its [`matter_actions`]:
//! [`task_panel`] with [`task_return`], [`task_hand_over`] and [`task_signers`]; [`withdraw`];
//! [`suspension`]), [`notifications`] and their settings ([`notify_settings`]); for designers,
//! the list of matter types ([`designs`]) and the visual designer of one type
//! ([`type_designer`], with its [`catalog_entry`], [`simulate_panel`] and [`publish_panel`]
//! tabs) and the code dictionaries ([`dicts`]); for administrators, the working [`calendar`]
//! (with its [`calendar_panels`]), the notification delivery log ([`deliveries`]) and templates
//! ([`notify_templates`]), and the units' own systems with their push log ([`open_systems`],
//! [`open_pushes`]).

pub mod calendar;
pub mod calendar_panels;
pub mod catalog_entry;
pub mod deliveries;
pub mod designs;
pub mod dicts;
pub mod dockets;
pub mod editor;
pub mod login;
pub mod matter;
pub mod matter_actions;
pub mod new_matter;
pub mod not_found;
pub mod notifications;
pub mod notify_settings;
pub mod notify_templates;
pub mod open_pushes;
pub mod open_secret;
pub mod open_systems;
pub mod publish_panel;
pub mod reassign;
pub mod simulate_panel;
pub mod suspension;
pub mod task_hand_over;
pub mod task_panel;
pub mod task_return;
pub mod task_signers;
pub mod type_designer;
pub mod withdraw;
pub mod worklist;
