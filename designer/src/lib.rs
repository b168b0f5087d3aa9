//! Lianban web app (Yew, wasm32): the screens everyone works in — login, work lists, 事项登记
//! with forms generated from `lianban-definition`'s `FormDef`, the 办件 page with its actions,
//! and notifications — and, for business administrators, the visual designer (事项设计: the
//! catalog entry, the form designer, the flow designer, the Rhai rule editor, simulation and
//! publishing) that puts new matter types live without a build.
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
