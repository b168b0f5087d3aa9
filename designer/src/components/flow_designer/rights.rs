//! 字段权限 and 操作权限 of approver, unit, seal and CC nodes. 字段权限 is a table of the form's
//! fields with 可编辑 / 只读 / 隐藏 per field (CC nodes: 只读 / 隐藏 only; computed and
//! attachment fields cannot be edited while handling) and a 全部 row; fields the form no longer
//! has are listed in red until set back to 只读. 操作权限: 允许退回 with 退回目标 (仅发起人,
//! 任一已办节点, or chosen earlier nodes) and 补正后 (直接回到本节点 or 重新流转), 允许转办,
//! 允许委派, 允许加签 (not for CC nodes, which nobody handles).

use super::Ctx;
use super::inputs::{checkbox, choices, help, row, select};
use super::node_panel::edit;
use crate::components::flow_tree::summary::access_label;
use crate::state::flow_design::{NodeEdit, NodePath, RightsEdit, earlier_tasks};
use lianban_definition::flow::{
    AfterReturn, FieldAccess, Node, NodeOps, NodeRights, ReturnTargets,
};
use lianban_definition::form::{Field, FieldKind};
use lianban_definition::{FieldKey, NodeId};
use yew::prelude::*;

/// The code of an access in test ids.
fn access_code(access: FieldAccess) -> &'static str {
    match access {
        FieldAccess::Editable => "editable",
        FieldAccess::ReadOnly => "read_only",
        FieldAccess::Hidden => "hidden",
    }
}

/// Whether a handler can edit `field` while handling (computed fields follow the others;
/// files can only be changed by the initiator).
pub fn editable_kind(field: &Field) -> bool {
    !matches!(
        field.kind,
        FieldKind::Computed { .. } | FieldKind::Attachment { .. }
    )
}

/// A callback sending a rights edit of the node at `path`.
fn send<T: 'static>(
    ctx: &Ctx<'_>,
    path: &NodePath,
    make: impl Fn(T) -> RightsEdit + 'static,
) -> Callback<T> {
    edit(ctx, path, move |value| NodeEdit::Rights(make(value)))
}

/// Both sections for a node with rights; nothing for branch nodes.
pub(super) fn rights_section(ctx: &Ctx<'_>, path: &NodePath, node: &Node) -> Html {
    let Some(rights) = node.rights() else {
        return Html::default();
    };
    let cc = matches!(node, Node::Cc { .. });
    let ops = (!cc).then(|| ops_section(ctx, path, &rights.ops));
    html! {
        <>
            <h4 class="flow-section">{ "字段权限" }</h4>
            { fields_table(ctx, path, node, rights, cc) }
            { ops.unwrap_or_default() }
        </>
    }
}

/// What every cell of the 字段权限 table needs.
struct AccessTable<'a> {
    /// The node's id (names the radio groups).
    node: &'a str,
    /// The node's current rights.
    rights: &'a NodeRights,
    /// The columns: 可编辑 / 只读 / 隐藏, or 只读 / 隐藏 for CC nodes.
    accesses: &'a [FieldAccess],
    /// Sends field access edits.
    on_fields: Callback<Vec<(FieldKey, FieldAccess)>>,
}

impl AccessTable<'_> {
    /// The radio of `access` for field `key`; `allowed` is false for 可编辑 of fields a handler
    /// cannot edit.
    fn radio(&self, key: &FieldKey, access: FieldAccess, allowed: bool) -> Html {
        let pair = vec![(key.clone(), access)];
        let onchange = self.on_fields.reform(move |_: Event| pair.clone());
        let checked = self.rights.access(key.as_str()) == access;
        let title = (!allowed).then_some("计算字段和附件不能在办理时修改");
        html! {
            <td>
                <input type="radio" name={format!("access-{}-{key}", self.node)} {checked}
                    disabled={!allowed} {title} aria-label={access_label(access)}
                    data-testid={format!("node-prop-field-access-{key}-{}", access_code(access))} {onchange} />
            </td>
        }
    }

    /// One row: the label and a radio per column.
    fn row(&self, key: &FieldKey, label: Html, editable: bool) -> Html {
        html! {
            <tr data-testid={format!("node-prop-field-access-{key}")}>
                <td>{ label }</td>
                { for self.accesses.iter().map(|a| self.radio(key, *a, *a != FieldAccess::Editable || editable)) }
            </tr>
        }
    }

    /// The 全部 button of a column: every field that allows it gets `access`; fields the form
    /// no longer has go back to 只读 (and so drop out).
    fn all(&self, access: FieldAccess, fields: &[Field], stale: &[&FieldKey]) -> Html {
        let mut pairs: Vec<(FieldKey, FieldAccess)> = fields
            .iter()
            .filter(|f| access != FieldAccess::Editable || editable_kind(f))
            .map(|f| (f.key.clone(), access))
            .collect();
        pairs.extend(stale.iter().map(|k| ((*k).clone(), FieldAccess::ReadOnly)));
        let onclick = self.on_fields.reform(move |_: MouseEvent| pairs.clone());
        html! {
            <th>
                <button type="button" class="btn-link" title={format!("全部设为{}", access_label(access))}
                    data-testid={format!("node-prop-field-access-all-{}", access_code(access))} {onclick}>
                    { "全部" }
                </button>
            </th>
        }
    }
}

/// The 字段权限 table.
fn fields_table(
    ctx: &Ctx<'_>,
    path: &NodePath,
    node: &Node,
    rights: &NodeRights,
    cc: bool,
) -> Html {
    let fields = &ctx.props.form.fields;
    if fields.is_empty() && rights.fields.is_empty() {
        return help("表单还没有字段");
    }
    let table = AccessTable {
        node: node.id().as_str(),
        rights,
        accesses: if cc {
            &[FieldAccess::ReadOnly, FieldAccess::Hidden]
        } else {
            &[
                FieldAccess::Editable,
                FieldAccess::ReadOnly,
                FieldAccess::Hidden,
            ]
        },
        on_fields: send(ctx, path, RightsEdit::Fields),
    };
    let stale: Vec<&FieldKey> = rights
        .fields
        .keys()
        .filter(|key| fields.iter().all(|f| f.key != **key))
        .collect();
    let explain = if cc {
        "抄送人只能查看字段；隐藏的字段抄送人看不到。"
    } else {
        "未设置的字段为只读；隐藏的字段及其附件办理人看不到。"
    };
    html! {
        <>
            <table class="rights-table" data-testid="node-prop-field-access">
                <thead>
                    <tr><th>{ "字段" }</th>{ for table.accesses.iter().map(|a| html! { <th>{ access_label(*a) }</th> }) }</tr>
                    <tr><th />{ for table.accesses.iter().map(|a| table.all(*a, fields, &stale)) }</tr>
                </thead>
                <tbody>
                    { for fields.iter().map(|f| table.row(&f.key, html! { { f.label.clone() } }, editable_kind(f))) }
                    { for stale.iter().map(|key| {
                        let label = html! { <span class="stale">{ format!("{key}（字段已删除）") }</span> };
                        table.row(key, label, true)
                    }) }
                </tbody>
            </table>
            { help(explain) }
        </>
    }
}

/// The code of a return target kind.
fn targets_code(targets: &ReturnTargets) -> &'static str {
    match targets {
        ReturnTargets::Initiator => "initiator",
        ReturnTargets::AnyEarlier => "any_earlier",
        ReturnTargets::Nodes { .. } => "nodes",
    }
}

/// The 操作权限 checkboxes with the return targets.
fn ops_section(ctx: &Ctx<'_>, path: &NodePath, ops: &NodeOps) -> Html {
    let targets = ops.can_return.then(|| {
        let current = ops.return_targets.clone();
        let on_kind = send(ctx, path, move |code: String| {
            RightsEdit::ReturnTargets(match code.as_str() {
                "any_earlier" => ReturnTargets::AnyEarlier,
                "nodes" => match &current {
                    ReturnTargets::Nodes { nodes } => ReturnTargets::Nodes {
                        nodes: nodes.clone(),
                    },
                    ReturnTargets::Initiator | ReturnTargets::AnyEarlier => {
                        ReturnTargets::Nodes { nodes: Vec::new() }
                    }
                },
                _ => ReturnTargets::Initiator,
            })
        });
        let kinds = choices(&[
            ("initiator", "仅退回发起人"),
            ("any_earlier", "发起人或任一已办节点"),
            ("nodes", "发起人或指定节点"),
        ]);
        let nodes = match &ops.return_targets {
            ReturnTargets::Nodes { nodes } => target_checks(ctx, path, nodes),
            ReturnTargets::Initiator | ReturnTargets::AnyEarlier => Html::default(),
        };
        let on_after = send(ctx, path, |code: String| {
            RightsEdit::AfterReturn(if code == "rerun" {
                AfterReturn::Rerun
            } else {
                AfterReturn::StraightBack
            })
        });
        let afters = choices(&[
            ("straight_back", "直接回到本节点"),
            ("rerun", "从退回目标起重新流转"),
        ]);
        let after = match ops.after_return {
            AfterReturn::StraightBack => "straight_back",
            AfterReturn::Rerun => "rerun",
        };
        html! {
            <>
                { row(
                    "退回目标",
                    html! {
                        <>
                            { select("node-prop-op-return-targets".into(), targets_code(&ops.return_targets), kinds, None, on_kind) }
                            { nodes }
                        </>
                    },
                ) }
                { row("补正后", select("node-prop-op-after-return".into(), after, afters, None, on_after)) }
            </>
        }
    });
    html! {
        <>
            <h4 class="flow-section">{ "操作权限" }</h4>
            <div class="flow-prop">
                { checkbox("node-prop-op-can-return".into(), "允许退回", ops.can_return, send(ctx, path, RightsEdit::CanReturn)) }
            </div>
            { targets.unwrap_or_default() }
            <div class="flow-prop">
                { checkbox("node-prop-op-transfer".into(), "允许转办（交给其他人办理）", ops.transfer, send(ctx, path, RightsEdit::Transfer)) }
                { checkbox("node-prop-op-delegate".into(), "允许委派（请他人办理后交回）", ops.delegate, send(ctx, path, RightsEdit::Delegate)) }
                { checkbox("node-prop-op-add-signer".into(), "允许加签（增加或减少审批人）", ops.add_signer, send(ctx, path, RightsEdit::AddSigner)) }
            </div>
        </>
    }
}

/// One checkbox per earlier approver, unit or seal node; targets no longer before this node
/// stay listed (checked) until unticked.
fn target_checks(ctx: &Ctx<'_>, path: &NodePath, chosen: &[NodeId]) -> Html {
    let mut options: Vec<(NodeId, String)> = earlier_tasks(&ctx.state.flow, path)
        .into_iter()
        .map(|n| {
            let name = if n.name().trim().is_empty() {
                n.id().to_string()
            } else {
                n.name().to_owned()
            };
            (n.id().clone(), name)
        })
        .collect();
    for id in chosen {
        if options.iter().all(|(known, _)| known != id) {
            options.push((id.clone(), format!("{id}（不在此节点之前）")));
        }
    }
    if options.is_empty() {
        return help("此节点之前没有可退回的审批、办理或盖章节点");
    }
    let on_change = send(ctx, path, |nodes| {
        RightsEdit::ReturnTargets(ReturnTargets::Nodes { nodes })
    });
    html! {
        <div class="flow-checks">
            { for options.into_iter().map(|(id, name)| {
                let checked = chosen.contains(&id);
                let next: Vec<NodeId> = if checked {
                    chosen.iter().filter(|n| **n != id).cloned().collect()
                } else {
                    chosen.iter().cloned().chain([id.clone()]).collect()
                };
                let onchange = on_change.reform(move |_: Event| next.clone());
                html! {
                    <label class="choice">
                        <input type="checkbox" {checked} data-testid={format!("node-prop-op-return-node-{id}")} {onchange} />
                        { name }
                    </label>
                }
            }) }
        </div>
    }
}
