//! The 浙政钉 gateway simulator as Lianban sees it: the real `lianban-zwdd-sim` binary on a real
//! port, sent work notices signed with `lianban-zwdd` exactly as Lianban's client signs them.

mod faults;
mod notices;
#[path = "../common/process.rs"]
mod process;
mod support;
