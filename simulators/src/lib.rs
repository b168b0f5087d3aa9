//! Stand-ins for the systems Lianban talks to, for the demo and the end-to-end tests. Each speaks
//! the real protocol over HTTP, so Lianban cannot tell it from the real thing:
//!
//! - [`dept`]: a department's own approval system (自然资源和规划分局审批系统) handling matters
//!   through the open API (受办分离) — receives pushed events, acknowledges, reports steps and
//!   results, downloads materials, and can misbehave on purpose to exercise Lianban's retries.

pub mod dept;
