//! The sample department system as Lianban sees it: the real `lianban-dept-sim` binary on a real
//! port, pushed signed events, and calling a stand-in for Lianban.

mod actions;
mod events;
mod lianban_double;
#[path = "../common/process.rs"]
mod process;
mod support;
