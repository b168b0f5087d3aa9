//! 浙政钉 (Zhejiang government DingTalk) open platform, as far as Lianban uses it so far: the
//! signed gateway client ([`sign`]) and work notices (工作通知, `/message/workNotification`),
//! which the notification center's 浙政钉 channel sends. Configured by `LIANBAN_ZWDD_*`; with
//! nothing configured no client exists. Owns no table (users' bound accounts are org data).
//!
//! Protocol facts and how sure we are of each: `docs/admin-guide/notifications.md` and the
//! team's protocol notes.

mod client;
pub use lianban_zwdd::sign;

pub use client::{Accepted, Client, GatewayError, WorkNotice};
