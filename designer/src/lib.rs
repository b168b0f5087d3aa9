//! Lianban web app (Yew, wasm32): the screens everyone works in — login, work lists, 事项登记
//! with forms generated from `lianban-definition`'s `FormDef`, the 办件 page with its actions,
//! and notifications. The visual designer joins later.
//!
//! Layout: [`app`] (routes), [`pages`], [`components`], [`hooks`], [`api`] (the one HTTP
//! client), [`state`] (reducers, tested natively), [`format`] (text for people).

#![warn(missing_docs)]

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod hooks;
pub mod pages;
pub mod state;

pub use app::App;
