//! The manuals (用户手册, 架构说明, 接口约定) live as Markdown beside this crate. The crate holds
//! no code; its tests keep the documents true: every relative link resolves, the README's
//! demo-account table lists exactly the seeded accounts, and the integration guide's signing
//! example matches the SDK and the Python (and, where a JDK is installed, Java) examples.
