//! Reusable pieces of the screens: the app [`shell`], links, feedback (spinner, error banner),
//! the generated form ([`form_fields`] with [`field_input`], [`value_input`], [`table_input`],
//! [`attachment_input`]; [`form_editor`] around it, with [`chosen_input`] for 发起人自选 and
//! [`expected_due`] above it when registering), the materials' [`sample_input`], the read-only
//! parts of a matter ([`form_view`], [`dispatch_board`], [`cc_list`], [`timeline`], [`changes`],
//! [`flow_diagram`]), the [`deadline`] badges and due times, the warning [`tier_editor`], and the
//! designers: the flow designer ([`flow_designer`], drawing shared
//! with the diagram through
//! [`flow_tree`]) and the [`form_designer`].

pub mod attachment_input;
pub mod cc_list;
pub mod changes;
pub mod chosen_input;
pub mod deadline;
pub mod dispatch_board;
pub mod expected_due;
pub mod feedback;
pub mod field_input;
pub mod flow_designer;
pub mod flow_diagram;
pub mod flow_tree;
pub mod form_designer;
pub mod form_editor;
pub mod form_fields;
pub mod form_ops;
pub mod form_view;
pub mod materials_input;
pub mod nav_link;
pub mod pager;
pub mod rule_editor;
pub mod sample_input;
pub mod shell;
pub mod table_input;
pub mod tier_editor;
pub mod timeline;
pub mod value_input;
