//! `surreal`: the SurrealDB server CLI, built from the `surrealdb-server` library (which ships no
//! binary of its own). Used by tests that need a SurrealDB server on loopback.

use std::process::ExitCode;

fn main() -> ExitCode {
    surrealdb_server::init(surrealdb_core::CommunityComposer())
}
