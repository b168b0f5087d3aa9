//! Integration tests of the server through its real router and a real (in-memory) SurrealDB.
//! One binary, modules by capability (STYLE rule 11).

mod auth;
mod calendar;
mod catalog;
mod deadline;
mod deadline_nodes;
mod dept_system;
mod designer;
mod dict;
mod dockets;
mod durability;
mod external;
mod external_registry;
mod files;
mod flow;
mod node_rights;
mod notify;
mod notify_center;
mod notify_delivery;
mod notify_live;
mod notify_log;
mod open_inbound;
mod open_push;
mod open_push_retry;
mod ops;
mod process;
mod random_flows;
mod remote;
mod retention;
mod rules;
mod support;
mod visibility;
mod worklist;
mod zwdd_gateway;
