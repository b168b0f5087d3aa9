//! App state kept in reducers: the [`session`] (user, bell), the generated-form editor
//! ([`form`]), the flow designer ([`flow_design`]), the form designer ([`form_design`]), the
//! working-calendar editors ([`calendar`]), the dictionary editor ([`dict_edit`]), the
//! notification settings ([`notify_prefs`]) and the double-click guard ([`flight`]); with them
//! the pure rules of 办理时修改字段 ([`task_edits`]), of the approval operations (退回, 委派,
//! 加签/减签, 抄送已阅: [`task_ops`]) and of the notification-template editor
//! ([`template_edit`]). Pure Rust, tested natively.

pub mod calendar;
pub mod dict_edit;
pub mod flight;
pub mod flow_design;
pub mod form;
pub mod form_design;
pub mod notify_prefs;
pub mod session;
pub mod task_edits;
pub mod task_ops;
pub mod template_edit;
pub mod tiers;
