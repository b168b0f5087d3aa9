//! BPMN 2.0 export of a flow, with diagram layout (BPMNDI), so that other tools can show it.
//!
//! Mapping: the initiator's submission is the start event; approver and handling-unit nodes are
//! user tasks (a unit's inner steps are listed in the task's documentation); a parallel node is a
//! parallel gateway pair; a condition node is an exclusive gateway pair whose outgoing flows carry
//! the branch conditions as formal expressions (`n > 100`, `rule:needs_housing`) and whose default
//! branch is the gateway's `default` flow. The layout is the designer's: top to bottom, branches
//! side by side, gateways centred over their branches.

use crate::flow::{CompareOp, Condition, FlowDef, Node};
use std::fmt::Write;

/// Width and height of a task shape.
const TASK: (i64, i64) = (140, 64);
/// Size of a gateway and of an event.
const GATE: i64 = 50;
const EVENT: i64 = 36;
/// Vertical gap between shapes, horizontal gap between branches.
const GAP_Y: i64 = 48;
const GAP_X: i64 = 40;
/// Left and top margin of the diagram.
const MARGIN: i64 = 40;

/// The BPMN 2.0 XML of `flow`, as process `id` named `name` (the matter type's code and name).
pub fn to_bpmn(id: &str, name: &str, flow: &FlowDef) -> String {
    let mut out = Builder::default();
    let width = seq_width(&flow.nodes);
    let cx = MARGIN + width / 2;
    out.shape(
        "start",
        Kind::Start,
        "发起人提交",
        cx,
        MARGIN,
        String::new(),
    );
    let (last, y) = out.seq(
        &flow.nodes,
        cx,
        MARGIN + EVENT + GAP_Y,
        "start".into(),
        None,
    );
    out.shape("end", Kind::End, "办结", cx, y, String::new());
    out.flow(&last, "end", None);
    out.render(&format!("Process_{id}"), name)
}

/// What a shape is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Start,
    End,
    Task,
    Send,
    Parallel,
    Exclusive,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Start => "startEvent",
            Kind::End => "endEvent",
            Kind::Task => "userTask",
            Kind::Send => "sendTask",
            Kind::Parallel => "parallelGateway",
            Kind::Exclusive => "exclusiveGateway",
        }
    }

    fn size(self) -> (i64, i64) {
        match self {
            Kind::Start | Kind::End => (EVENT, EVENT),
            Kind::Task | Kind::Send => TASK,
            Kind::Parallel | Kind::Exclusive => (GATE, GATE),
        }
    }
}

/// A placed shape: id, kind, name, top-left corner, documentation, default flow.
struct Shape {
    id: String,
    kind: Kind,
    name: String,
    x: i64,
    y: i64,
    doc: String,
    default: Option<String>,
}

/// A sequence flow with its condition and waypoints.
struct Flow {
    id: String,
    source: String,
    target: String,
    condition: Option<String>,
    points: Vec<(i64, i64)>,
}

/// The condition of a branch's first flow: an expression, or the gateway's default.
enum Guard {
    When(String),
    Default,
}

#[derive(Default)]
struct Builder {
    shapes: Vec<Shape>,
    flows: Vec<Flow>,
}

impl Builder {
    /// Places a shape centred on `cx` with its top at `y`.
    fn shape(&mut self, id: &str, kind: Kind, name: &str, cx: i64, y: i64, doc: String) {
        let (w, _) = kind.size();
        self.shapes.push(Shape {
            id: id.to_owned(),
            kind,
            name: name.to_owned(),
            x: cx - w / 2,
            y,
            doc,
            default: None,
        });
    }

    fn find(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }

    /// Connects two placed shapes (bottom centre to top centre, with an orthogonal bend).
    fn flow(&mut self, source: &str, target: &str, guard: Option<Guard>) {
        let id = format!("Flow_{}", self.flows.len() + 1);
        let (Some(s), Some(t)) = (self.find(source), self.find(target)) else {
            return;
        };
        let (sw, sh) = s.kind.size();
        let (tw, _) = t.kind.size();
        let (sx, sy) = (s.x + sw / 2, s.y + sh);
        let (tx, ty) = (t.x + tw / 2, t.y);
        let points = if sx == tx {
            vec![(sx, sy), (tx, ty)]
        } else {
            let mid = sy + (ty - sy).min(GAP_Y) / 2;
            vec![(sx, sy), (sx, mid), (tx, mid), (tx, ty)]
        };
        let condition = match guard {
            Some(Guard::When(expr)) => Some(expr),
            Some(Guard::Default) => {
                if let Some(gate) = self.shapes.iter_mut().find(|s| s.id == source) {
                    gate.default = Some(id.clone());
                }
                None
            }
            None => None,
        };
        self.flows.push(Flow {
            id,
            source: source.to_owned(),
            target: target.to_owned(),
            condition,
            points,
        });
    }

    /// Places a sequence below `y` after `prev`; the first flow carries `guard`. Returns the last
    /// shape and the y below it.
    fn seq(
        &mut self,
        nodes: &[Node],
        cx: i64,
        y: i64,
        prev: String,
        guard: Option<Guard>,
    ) -> (String, i64) {
        let (mut prev, mut y, mut guard) = (prev, y, guard);
        for node in nodes {
            (prev, y) = self.node(node, cx, y, &prev, guard.take());
        }
        (prev, y)
    }

    /// Places one node; returns its exit shape and the y below it.
    fn node(
        &mut self,
        node: &Node,
        cx: i64,
        y: i64,
        prev: &str,
        guard: Option<Guard>,
    ) -> (String, i64) {
        let id = node.id().to_string();
        match node {
            Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {
                let kind = if matches!(node, Node::Cc { .. }) {
                    Kind::Send
                } else {
                    Kind::Task
                };
                self.shape(&id, kind, node.name(), cx, y, documentation(node));
                self.flow(prev, &id, guard);
                (id, y + TASK.1 + GAP_Y)
            }
            Node::Parallel { branches, .. } => {
                let arms = branches
                    .iter()
                    .map(|b| (b.nodes.as_slice(), None))
                    .collect();
                self.split(node, Kind::Parallel, arms, (cx, y), prev, guard)
            }
            Node::Condition {
                branches, default, ..
            } => {
                let arms = branches
                    .iter()
                    .map(|b| (b.nodes.as_slice(), Some(Guard::When(expression(&b.when)))))
                    .chain(std::iter::once((
                        default.nodes.as_slice(),
                        Some(Guard::Default),
                    )))
                    .collect();
                self.split(node, Kind::Exclusive, arms, (cx, y), prev, guard)
            }
        }
    }

    /// A gateway pair with its branches side by side.
    fn split(
        &mut self,
        node: &Node,
        kind: Kind,
        arms: Vec<(&[Node], Option<Guard>)>,
        (cx, y): (i64, i64),
        prev: &str,
        guard: Option<Guard>,
    ) -> (String, i64) {
        let split = format!("{}_split", node.id());
        let join = format!("{}_join", node.id());
        self.shape(&split, kind, node.name(), cx, y, String::new());
        self.flow(prev, &split, guard);
        let widths: Vec<i64> = arms.iter().map(|(nodes, _)| seq_width(nodes)).collect();
        let total: i64 = widths.iter().sum::<i64>() + GAP_X * (widths.len() as i64 - 1).max(0);
        let mut left = cx - total / 2;
        let top = y + GATE + GAP_Y;
        let mut ends = Vec::new();
        let mut empty = Vec::new();
        for ((nodes, arm_guard), w) in arms.into_iter().zip(widths) {
            if nodes.is_empty() {
                // Nothing to do on this branch (e.g. a default that skips): split straight to join.
                empty.push(arm_guard);
            } else {
                let (last, bottom) = self.seq(nodes, left + w / 2, top, split.clone(), arm_guard);
                ends.push((last, bottom));
            }
            left += w + GAP_X;
        }
        let join_y = ends.iter().map(|e| e.1).max().unwrap_or(top);
        self.shape(&join, kind, "", cx, join_y, String::new());
        for (last, _) in ends {
            self.flow(&last, &join, None);
        }
        for arm_guard in empty {
            self.flow(&split, &join, arm_guard);
        }
        (join, join_y + GATE + GAP_Y)
    }

    fn render(&self, process: &str, name: &str) -> String {
        let mut x = String::new();
        let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            x,
            r#"<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_{process}" targetNamespace="urn:lianban:bpmn" exporter="Lianban" exporterVersion="1">"#
        );
        let _ = writeln!(
            x,
            r#"  <bpmn:process id="{process}" name="{}" isExecutable="false">"#,
            esc(name)
        );
        for s in &self.shapes {
            let default = s
                .default
                .as_ref()
                .map(|d| format!(r#" default="{d}""#))
                .unwrap_or_default();
            let open = format!(
                r#"    <bpmn:{} id="{}" name="{}"{default}"#,
                s.kind.tag(),
                esc(&s.id),
                esc(&s.name)
            );
            if s.doc.is_empty() {
                let _ = writeln!(x, "{open} />");
            } else {
                let _ = writeln!(
                    x,
                    "{open}><bpmn:documentation>{}</bpmn:documentation></bpmn:{}>",
                    esc(&s.doc),
                    s.kind.tag()
                );
            }
        }
        for f in &self.flows {
            let open = format!(
                r#"    <bpmn:sequenceFlow id="{}" sourceRef="{}" targetRef="{}""#,
                f.id,
                esc(&f.source),
                esc(&f.target)
            );
            match &f.condition {
                None => {
                    let _ = writeln!(x, "{open} />");
                }
                Some(c) => {
                    let _ = writeln!(
                        x,
                        r#"{open}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{}</bpmn:conditionExpression></bpmn:sequenceFlow>"#,
                        esc(c)
                    );
                }
            }
        }
        let _ = writeln!(x, "  </bpmn:process>");
        let _ = writeln!(
            x,
            r#"  <bpmndi:BPMNDiagram id="Diagram_{process}"><bpmndi:BPMNPlane id="Plane_{process}" bpmnElement="{process}">"#
        );
        for s in &self.shapes {
            let (w, h) = s.kind.size();
            let _ = writeln!(
                x,
                r#"    <bpmndi:BPMNShape id="{0}_di" bpmnElement="{0}"><dc:Bounds x="{1}" y="{2}" width="{w}" height="{h}" /></bpmndi:BPMNShape>"#,
                esc(&s.id),
                s.x,
                s.y
            );
        }
        for f in &self.flows {
            let points: String = f
                .points
                .iter()
                .map(|(px, py)| format!(r#"<di:waypoint x="{px}" y="{py}" />"#))
                .collect();
            let _ = writeln!(
                x,
                r#"    <bpmndi:BPMNEdge id="{0}_di" bpmnElement="{0}">{points}</bpmndi:BPMNEdge>"#,
                f.id
            );
        }
        let _ = writeln!(x, "  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>");
        let _ = writeln!(x, "</bpmn:definitions>");
        x
    }
}

/// Width a sequence needs.
fn seq_width(nodes: &[Node]) -> i64 {
    nodes
        .iter()
        .map(node_width)
        .max()
        .unwrap_or(TASK.0)
        .max(TASK.0)
}

/// Width a node needs (branches side by side).
fn node_width(node: &Node) -> i64 {
    let arms: Vec<&[Node]> = match node {
        Node::Approver { .. } | Node::Unit { .. } | Node::Cc { .. } | Node::Seal { .. } => {
            return TASK.0;
        }
        Node::Parallel { branches, .. } => branches.iter().map(|b| b.nodes.as_slice()).collect(),
        Node::Condition {
            branches, default, ..
        } => branches
            .iter()
            .map(|b| b.nodes.as_slice())
            .chain(std::iter::once(default.nodes.as_slice()))
            .collect(),
    };
    let sum: i64 = arms.iter().map(|a| seq_width(a)).sum();
    sum + GAP_X * (arms.len() as i64 - 1).max(0)
}

/// Who handles a task, in words.
fn documentation(node: &Node) -> String {
    match node {
        Node::Approver { assignee, .. } => format!("审批人：{}", assignee.describe()),
        Node::Cc { recipients, .. } => format!("抄送：{}", recipients.describe()),
        Node::Seal {
            unit, post, seal, ..
        } => format!("盖章：{}的「{seal}」，由「{post}」确认", unit.describe()),
        Node::Unit { unit, steps, .. } => {
            let unit = unit.describe();
            let steps: Vec<String> = steps
                .iter()
                .map(|s| format!("{}（{}）", s.name, s.post))
                .collect();
            format!("办理单位：{unit}；步骤：{}", steps.join(" → "))
        }
        Node::Parallel { .. } | Node::Condition { .. } => String::new(),
    }
}

/// A condition as a formal expression.
fn expression(c: &Condition) -> String {
    match c {
        Condition::Field { field, op, value } => {
            let op = match op {
                CompareOp::Eq => "==",
                CompareOp::Ne => "!=",
                CompareOp::Gt => ">",
                CompareOp::Ge => ">=",
                CompareOp::Lt => "<",
                CompareOp::Le => "<=",
                CompareOp::In => "in",
                CompareOp::Contains => "contains",
                CompareOp::IsSet => return format!("{field} is set"),
            };
            format!("{field} {op} {value}")
        }
        Condition::All { conditions } => join(conditions, " and "),
        Condition::Any { conditions } => join(conditions, " or "),
        Condition::Rule { rule } => format!("rule:{rule}"),
    }
}

fn join(conditions: &[Condition], sep: &str) -> String {
    let parts: Vec<String> = conditions
        .iter()
        .map(|c| format!("({})", expression(c)))
        .collect();
    parts.join(sep)
}

/// Escapes text for XML attributes and content.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests;
