//! The manuals (用户手册, 架构说明, 接口约定) live as Markdown beside this crate. The crate holds
//! no code; its tests keep the documents true: every relative link resolves, and the README's
//! demo-account table lists exactly the seeded accounts.
