//! Who handles an approver node or receives a CC node's copy: the kind (发起单位的岗位,
//! 发起人的上级领导, 指定人员, 指定单位的岗位, 指定单位的领导, 指定角色, 发起人自选,
//! 表单中选择的人员) and the inputs of that kind. Switching the kind starts it with sensible
//! values.

use super::Ctx;
use super::inputs::{checkbox, help, number, row, select};
use super::node_panel::{edit, unit_choices, unit_ref, unit_value};
use crate::components::flow_tree::summary::ROLES;
use crate::state::flow_design::{NodeEdit, NodePath};
use lianban_definition::flow::{Assignee, UnitRef};
use lianban_definition::form::FieldKind;
use lianban_definition::{FieldKey, PostCode, UnitCode, UserName};
use yew::prelude::*;

/// Most levels 发起人的上级领导 may go up.
const MAX_LEVELS: u8 = 10;

/// The assignee kinds `(code, label)`, in menu order; CC nodes leave out 发起人自选 (nobody
/// picks recipients when submitting).
fn kinds(cc: bool) -> Vec<(String, String)> {
    [
        ("initiator_post", "发起单位的岗位"),
        ("initiator_leader", "发起人的上级领导"),
        ("users", "指定人员"),
        ("post", "指定单位的岗位（经办池）"),
        ("unit_leader", "指定单位的领导"),
        ("role", "指定角色"),
        ("chosen_at_submit", "发起人自选"),
        ("from_field", "表单中选择的人员"),
    ]
    .into_iter()
    .filter(|(code, _)| !(cc && *code == "chosen_at_submit"))
    .map(|(code, label)| (code.to_owned(), label.to_owned()))
    .collect()
}

/// The code of an assignee's kind (its serde tag).
fn kind_code(assignee: &Assignee) -> &'static str {
    match assignee {
        Assignee::Users { .. } => "users",
        Assignee::InitiatorPost { .. } => "initiator_post",
        Assignee::Role { .. } => "role",
        Assignee::Post { .. } => "post",
        Assignee::UnitLeader { .. } => "unit_leader",
        Assignee::InitiatorLeader { .. } => "initiator_leader",
        Assignee::ChosenAtSubmit { .. } => "chosen_at_submit",
        Assignee::FromField { .. } => "from_field",
    }
}

/// What a node starts with when the kind is switched to `code`.
fn fresh(code: &str, first_post: &str, first_user_field: Option<&FieldKey>) -> Assignee {
    let no_unit = || UnitRef::Fixed {
        unit: UnitCode::new(""),
    };
    match code {
        "users" => Assignee::Users { users: Vec::new() },
        "role" => Assignee::Role {
            role: String::new(),
        },
        "post" => Assignee::Post {
            unit: no_unit(),
            post: PostCode::new(first_post),
        },
        "unit_leader" => Assignee::UnitLeader { unit: no_unit() },
        "initiator_leader" => Assignee::InitiatorLeader { levels: 1 },
        "chosen_at_submit" => Assignee::ChosenAtSubmit { multiple: false },
        "from_field" => Assignee::FromField {
            field: first_user_field
                .cloned()
                .unwrap_or_else(|| FieldKey::new("")),
        },
        _ => Assignee::InitiatorPost {
            post: PostCode::new(first_post),
        },
    }
}

/// The assignee rows: `label` (审批人 or 抄送人) with the kind, then the kind's inputs.
pub(super) fn assignee_fields(
    ctx: &Ctx<'_>,
    path: &NodePath,
    label: &str,
    assignee: &Assignee,
    cc: bool,
) -> Html {
    let first_post = ctx
        .props
        .posts
        .first()
        .map(|p| p.0.clone())
        .unwrap_or_default();
    let first_field = user_fields(ctx).first().map(|(key, _)| FieldKey::new(key));
    let on_kind = edit(ctx, path, move |code: String| {
        NodeEdit::Assignee(fresh(&code, &first_post, first_field.as_ref()))
    });
    html! {
        <>
            { row(label, select("node-prop-assignee-kind".into(), kind_code(assignee), kinds(cc), None, on_kind)) }
            { detail(ctx, path, assignee) }
        </>
    }
}

/// The inputs of the assignee's kind.
fn detail(ctx: &Ctx<'_>, path: &NodePath, assignee: &Assignee) -> Html {
    let set = edit(ctx, path, NodeEdit::Assignee);
    match assignee {
        Assignee::Users { users } => {
            let on_change = set.reform(|users| Assignee::Users { users });
            row("人员", user_checks(ctx, "node-prop-user", users, on_change))
        }
        Assignee::InitiatorPost { post } => {
            let on_post = set.reform(|v: String| Assignee::InitiatorPost {
                post: PostCode::new(v),
            });
            row("岗位", post_select(ctx, post.as_str(), on_post))
        }
        Assignee::Role { role } => role_select(role, set),
        Assignee::Post { unit, post } => unit_post(ctx, unit, post, set),
        Assignee::UnitLeader { unit } => {
            let on_unit = set.reform(|v: String| Assignee::UnitLeader { unit: unit_ref(&v) });
            row("单位", unit_picker(ctx, unit, on_unit))
        }
        Assignee::InitiatorLeader { levels } => leader_levels(*levels, set),
        Assignee::ChosenAtSubmit { multiple } => {
            let on_multiple = set.reform(|multiple| Assignee::ChosenAtSubmit { multiple });
            html! {
                <div class="flow-prop">
                    { checkbox("node-prop-multiple".into(), "允许选择多人", *multiple, on_multiple) }
                    { help("发起人提交时在表单下方为此节点选择审批人") }
                </div>
            }
        }
        Assignee::FromField { field } => user_field(ctx, field.as_str(), set),
    }
}

/// 指定角色: one of the fixed roles.
fn role_select(role: &str, set: Callback<Assignee>) -> Html {
    let roles = ROLES
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    let on_role = set.reform(|role: String| Assignee::Role { role });
    row(
        "角色",
        select(
            "node-prop-role".into(),
            role,
            roles,
            Some("请选择角色"),
            on_role,
        ),
    )
}

/// 指定单位的岗位: the unit (fixed or from a unit field) and the post.
fn unit_post(ctx: &Ctx<'_>, unit: &UnitRef, post: &PostCode, set: Callback<Assignee>) -> Html {
    let keep = post.clone();
    let on_unit = set.reform(move |v: String| Assignee::Post {
        unit: unit_ref(&v),
        post: keep.clone(),
    });
    let keep = unit.clone();
    let on_post = set.reform(move |v: String| Assignee::Post {
        unit: keep.clone(),
        post: PostCode::new(v),
    });
    html! {
        <>
            { row("单位", unit_picker(ctx, unit, on_unit)) }
            { row("岗位", html! {
                <>
                    { post_select(ctx, post.as_str(), on_post) }
                    { help("或签时，该单位担任此岗位的人员组成经办池，任一人签收即可办理") }
                </>
            }) }
        </>
    }
}

/// 发起人的上级领导: how many levels up (1–10; typed values are kept in range).
fn leader_levels(levels: u8, set: Callback<Assignee>) -> Html {
    let on_levels = set.reform(move |n: Option<u32>| Assignee::InitiatorLeader {
        levels: n.map_or(levels, |n| {
            u8::try_from(n.clamp(1, u32::from(MAX_LEVELS))).unwrap_or(1)
        }),
    });
    let input = number(
        "node-prop-levels".into(),
        Some(u32::from(levels)),
        (1, u32::from(MAX_LEVELS)),
        ("1", "级领导"),
        on_levels,
    );
    row(
        "第几级",
        html! { <>{ input }{ help("1 为发起单位的领导，2 为上一级单位的领导，依此类推") }</> },
    )
}

/// 表单中选择的人员: one of the form's user-picker fields.
fn user_field(ctx: &Ctx<'_>, field: &str, set: Callback<Assignee>) -> Html {
    let fields = user_fields(ctx);
    let empty = fields
        .is_empty()
        .then(|| help("表单中还没有人员选择字段，请先在表单设计中添加"));
    let on_field = set.reform(|v: String| Assignee::FromField {
        field: FieldKey::new(v),
    });
    row(
        "人员字段",
        html! {
            <>
                { select("node-prop-user-field".into(), field, fields, Some("请选择人员字段"), on_field) }
                { empty.unwrap_or_default() }
            </>
        },
    )
}

/// The form's user-picker fields `(key, label)`.
fn user_fields(ctx: &Ctx<'_>) -> Vec<(String, String)> {
    ctx.props
        .form
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::UserPicker { .. }))
        .map(|f| (f.key.to_string(), f.label.clone()))
        .collect()
}

/// The post drop-down.
fn post_select(ctx: &Ctx<'_>, post: &str, on_change: Callback<String>) -> Html {
    select(
        "node-prop-post".into(),
        post,
        ctx.props.posts.clone(),
        Some("请选择岗位"),
        on_change,
    )
}

/// A fixed unit or a unit-picker field, for 指定单位的岗位 / 领导.
fn unit_picker(ctx: &Ctx<'_>, unit: &UnitRef, on_change: Callback<String>) -> Html {
    let options = unit_choices(ctx)
        .into_iter()
        .map(|(value, label, _)| (value, label))
        .collect();
    select(
        "node-prop-assignee-unit".into(),
        &unit_value(unit),
        options,
        Some("请选择单位"),
        on_change,
    )
}

/// One checkbox per user (test ids `<prefix>-<username>`); reports the new selection, in the
/// order the users were ticked.
pub(super) fn user_checks(
    ctx: &Ctx<'_>,
    prefix: &str,
    users: &[UserName],
    on_change: Callback<Vec<UserName>>,
) -> Html {
    html! {
        <div class="flow-checks">
            { for ctx.props.users.iter().map(|(name, display)| {
                let checked = users.iter().any(|u| u.as_str() == name);
                let next: Vec<UserName> = if checked {
                    users.iter().filter(|u| u.as_str() != name).cloned().collect()
                } else {
                    users.iter().cloned().chain([UserName::new(name.clone())]).collect()
                };
                let onchange = on_change.reform(move |_: Event| next.clone());
                html! {
                    <label class="choice">
                        <input type="checkbox" {checked} data-testid={format!("{prefix}-{name}")} {onchange} />
                        { display.clone() }
                    </label>
                }
            }) }
        </div>
    }
}
