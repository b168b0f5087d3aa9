//! Integration tests of the server through its real router and a real (in-memory) SurrealDB.
//! One binary, modules by capability (STYLE rule 11).

mod auth;
mod flow;
mod support;
