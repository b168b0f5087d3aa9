//! The contract between the designer and everything else: what administrators design.
//!
//! Form definitions ([`form`]), flow definitions ([`flow`]) and matter types ([`matter_type`])
//! are plain serde data with a `schema_version`. They are parsed once into these checked types
//! and validated with [`validate`](matter_type::MatterTypeDef::validate), which returns every
//! issue with a path such as `flow.nodes[2].steps[0].post`.
//!
//! This crate has no I/O and only serde-level dependencies, so the Yew designer (wasm32) runs the
//! very same declarative validation ([`form::FormDef::validate_values`]) that the server runs.

pub mod bpmn;
mod catalog_check;
pub mod checksum;
pub mod flow;
mod flow_check;
pub mod form;
mod form_check;
mod form_dict;
pub mod ids;
pub mod issue;
pub mod limit;
mod limit_check;
pub mod matter_type;

pub use ids::{DictCode, FieldKey, NodeId, PostCode, RuleName, UnitCode, UserName};
pub use issue::Issue;
