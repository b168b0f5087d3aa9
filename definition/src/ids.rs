//! Newtype identifiers used across definitions. They serialize as plain strings.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a string.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The inner string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

string_id!(
    /// Key of a form field, unique within one form (e.g. `person_name`).
    FieldKey
);
string_id!(
    /// Id of a flow node, unique within one flow (e.g. `hr_bureau`).
    NodeId
);
string_id!(
    /// Code of an organisational unit (单位 or 部门), e.g. `zzb` for 组织部.
    UnitCode
);
string_id!(
    /// Code of a post (职务/岗位) inside a unit, e.g. `clerk`, `leader`.
    PostCode
);
string_id!(
    /// Login name of a user.
    UserName
);
string_id!(
    /// Name of a Rhai rule declared by a matter type.
    RuleName
);
string_id!(
    /// Code of a code dictionary (数据字典), e.g. `education`; the source of a choice field's
    /// options when the field names one.
    DictCode
);
