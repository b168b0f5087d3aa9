//! The field-condition editor of a conditional branch: comparisons (field, operator, value) in
//! 且 / 或 groups that nest. Comparisons are numbered depth first from 0 for their test ids
//! (`cond-field-<i>`, `cond-op-<i>`, `cond-value-<i>`, `cond-remove-<i>`); groups are named by
//! their indices (`root`, `1`, `1-0`) in `cond-combine-<g>`, `cond-add-<g>`, `cond-add-group-<g>`
//! and `cond-remove-group-<g>`.

use super::Ctx;
use super::branch_panel::edit_branch;
use super::inputs::{choices, select, text};
use crate::state::flow_design::{
    BranchEdit, BranchPath, Combine, CondEdit, OPERATORS, value_from_text, value_text,
};
use lianban_definition::FieldKey;
use lianban_definition::flow::{CompareOp, Condition};
use lianban_definition::form::{Field, FieldKind};
use serde_json::Value;
use std::cell::Cell;
use yew::prelude::*;

/// Draws one branch's condition tree.
struct Editor<'a> {
    ctx: &'a Ctx<'a>,
    at: &'a BranchPath,
    /// Fields a condition may compare (not tables or attachments).
    fields: Vec<&'a Field>,
    /// The next comparison number.
    counter: Cell<usize>,
}

/// The editor for `root`.
pub(super) fn editor(ctx: &Ctx<'_>, at: &BranchPath, root: &Condition) -> Html {
    let fields = ctx
        .props
        .form
        .fields
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                FieldKind::Table { .. } | FieldKind::Attachment { .. }
            )
        })
        .collect();
    let editor = Editor {
        ctx,
        at,
        fields,
        counter: Cell::new(0),
    };
    match root {
        Condition::Field { .. } => html! {
            <div class="cond-group">
                { editor.condition(root, &[]) }
                { editor.group_buttons(&[]) }
            </div>
        },
        group => editor.condition(group, &[]),
    }
}

/// The test-id name of the group at `path`.
fn group_name(path: &[usize]) -> String {
    if path.is_empty() {
        "root".into()
    } else {
        path.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// The stored code of an operator.
fn op_code(op: CompareOp) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Editor<'_> {
    /// A callback sending a condition edit.
    fn send<T: 'static>(&self, make: impl Fn(T) -> CondEdit + 'static) -> Callback<T> {
        edit_branch(self.ctx, self.at, move |v| BranchEdit::Condition(make(v)))
    }

    /// A comparison or a group at `path`.
    fn condition(&self, cond: &Condition, path: &[usize]) -> Html {
        match cond {
            Condition::Field { field, op, value } => self.comparison(field, *op, value, path),
            Condition::All { conditions } => self.group(Combine::All, conditions, path),
            Condition::Any { conditions } => self.group(Combine::Any, conditions, path),
            Condition::Rule { rule } => html! { <p class="muted">{ format!("规则：{rule}") }</p> },
        }
    }

    /// A 且 / 或 group.
    fn group(&self, combine: Combine, conditions: &[Condition], path: &[usize]) -> Html {
        let g = group_name(path);
        let code = if combine == Combine::All {
            "all"
        } else {
            "any"
        };
        let owned = path.to_vec();
        let on_combine = self.send(move |v: String| {
            let combine = if v == "any" {
                Combine::Any
            } else {
                Combine::All
            };
            CondEdit::Combine(owned.clone(), combine)
        });
        let kinds = choices(&[("all", "且（全部满足）"), ("any", "或（满足任一）")]);
        let remove = (!path.is_empty()).then(|| {
            let owned = path.to_vec();
            let onclick = self.send(move |_: MouseEvent| CondEdit::Remove(owned.clone()));
            html! {
                <button type="button" class="btn-link danger" data-testid={format!("cond-remove-group-{g}")}
                    {onclick}>{ "删除条件组" }</button>
            }
        });
        let empty = conditions
            .is_empty()
            .then(|| html! { <p class="muted small">{ "还没有条件" }</p> });
        html! {
            <div class="cond-group">
                <div class="cond-group-head">
                    { select(format!("cond-combine-{g}"), code, kinds, None, on_combine) }
                    { remove.unwrap_or_default() }
                </div>
                { empty.unwrap_or_default() }
                { for conditions.iter().enumerate().map(|(i, c)| {
                    let mut child = path.to_vec();
                    child.push(i);
                    self.condition(c, &child)
                }) }
                { self.group_buttons(path) }
            </div>
        }
    }

    /// + 添加条件 and + 添加条件组 of the group at `path`.
    fn group_buttons(&self, path: &[usize]) -> Html {
        let g = group_name(path);
        let (a, b) = (path.to_vec(), path.to_vec());
        let add = self.send(move |_: MouseEvent| CondEdit::AddField(a.clone()));
        let add_group = self.send(move |_: MouseEvent| CondEdit::AddGroup(b.clone()));
        html! {
            <div class="cond-group-actions">
                <button type="button" class="btn-link" data-testid={format!("cond-add-{g}")} onclick={add}>{ "+ 添加条件" }</button>
                <button type="button" class="btn-link" data-testid={format!("cond-add-group-{g}")} onclick={add_group}>{ "+ 添加条件组" }</button>
            </div>
        }
    }

    /// One comparison: field, operator, value, remove.
    fn comparison(&self, field: &FieldKey, op: CompareOp, value: &Value, path: &[usize]) -> Html {
        let i = self.counter.get();
        self.counter.set(i + 1);
        let fields = self
            .fields
            .iter()
            .map(|f| (f.key.to_string(), f.label.clone()))
            .collect();
        let (p1, p2, p3) = (path.to_vec(), path.to_vec(), path.to_vec());
        let on_field = self.send(move |v: String| CondEdit::Field(p1.clone(), FieldKey::new(v)));
        let on_op = self.send(move |v: String| {
            let op = serde_json::from_value(Value::String(v)).unwrap_or(CompareOp::Eq);
            CondEdit::Op(p2.clone(), op)
        });
        let ops = OPERATORS
            .iter()
            .map(|(o, label)| (op_code(*o), (*label).to_owned()))
            .collect();
        let onclick = self.send(move |_: MouseEvent| CondEdit::Remove(p3.clone()));
        let remove = (!path.is_empty()).then(|| {
            html! {
                <button type="button" class="btn-link danger" title="删除条件"
                    data-testid={format!("cond-remove-{i}")} {onclick}>{ "×" }</button>
            }
        });
        html! {
            <div class="cond-row">
                { select(format!("cond-field-{i}"), field.as_str(), fields, Some("请选择字段"), on_field) }
                { select(format!("cond-op-{i}"), &op_code(op), ops, None, on_op) }
                { self.value_input(i, field, op, value, path) }
                { remove.unwrap_or_default() }
            </div>
        }
    }

    /// The value: nothing for 已填写, a choice for single comparisons on choice fields, else text
    /// (a list separated by commas for 属于).
    fn value_input(
        &self,
        i: usize,
        key: &FieldKey,
        op: CompareOp,
        value: &Value,
        path: &[usize],
    ) -> Html {
        if op == CompareOp::IsSet {
            return Html::default();
        }
        let field = self.fields.iter().find(|f| f.key == *key);
        let options = field.and_then(|f| match &f.kind {
            FieldKind::Select { options, .. }
            | FieldKind::Radio { options, .. }
            | FieldKind::Checkbox { options, .. } => Some(
                options
                    .iter()
                    .map(|c| (c.value.clone(), c.label.clone()))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        });
        let numeric = field.is_some_and(|f| {
            matches!(
                f.kind,
                FieldKind::Number { .. } | FieldKind::Amount { .. } | FieldKind::Computed { .. }
            )
        });
        let owned = path.to_vec();
        let on_text = self.send(move |text: String| {
            CondEdit::Value(owned.clone(), value_from_text(&text, op, numeric))
        });
        match options {
            Some(options) if op != CompareOp::In => select(
                format!("cond-value-{i}"),
                &value_text(value),
                options,
                Some("请选择"),
                on_text,
            ),
            _ => text(format!("cond-value-{i}"), value_text(value), on_text),
        }
    }
}
