use super::to_bpmn;
use crate::flow::FlowDef;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";

/// The flow of the personnel-transfer fixture: parallel units, then a rule-routed condition with
/// an empty default branch.
fn transfer_flow() -> FlowDef {
    let def: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/personnel_transfer.json")).unwrap();
    serde_json::from_value(def["flow"].clone()).unwrap()
}

/// Parsed facts of an export: element kind by id, flows, default flows, diagram element refs.
struct Facts {
    kinds: BTreeMap<String, String>,
    flows: Vec<(String, String, String, Option<String>)>,
    defaults: BTreeMap<String, String>,
    diagram: BTreeSet<String>,
}

fn facts(xml: &str) -> Facts {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut f = Facts {
        kinds: BTreeMap::new(),
        flows: Vec::new(),
        defaults: BTreeMap::new(),
        diagram: BTreeSet::new(),
    };
    let process = doc
        .descendants()
        .find(|n| n.has_tag_name((BPMN, "process")))
        .expect("a process");
    for n in process.children().filter(|n| n.is_element()) {
        let id = n.attribute("id").unwrap().to_owned();
        if n.has_tag_name((BPMN, "sequenceFlow")) {
            let cond = n
                .children()
                .find(|c| c.has_tag_name((BPMN, "conditionExpression")))
                .and_then(|c| c.text())
                .map(str::to_owned);
            f.flows.push((
                id,
                n.attribute("sourceRef").unwrap().to_owned(),
                n.attribute("targetRef").unwrap().to_owned(),
                cond,
            ));
        } else {
            if let Some(d) = n.attribute("default") {
                f.defaults.insert(id.clone(), d.to_owned());
            }
            f.kinds.insert(id, n.tag_name().name().to_owned());
        }
    }
    for n in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "BPMNShape" || n.tag_name().name() == "BPMNEdge")
    {
        f.diagram
            .insert(n.attribute("bpmnElement").unwrap().to_owned());
    }
    f
}

#[test]
fn the_export_is_a_connected_bpmn_process_with_a_diagram() {
    let f = facts(&to_bpmn(
        "personnel_transfer",
        "人员调入联办",
        &transfer_flow(),
    ));
    for unit in ["hr_bureau", "finance_bureau", "housing_office"] {
        assert_eq!(f.kinds[unit], "userTask", "{unit}");
    }
    assert_eq!(f.kinds["joint_review_split"], "parallelGateway");
    assert_eq!(f.kinds["housing_check_split"], "exclusiveGateway");
    // Every flow joins existing elements, every element and flow is drawn.
    for (id, source, target, _) in &f.flows {
        assert!(
            f.kinds.contains_key(source) && f.kinds.contains_key(target),
            "{id}"
        );
        assert!(f.diagram.contains(id), "{id} has no edge");
    }
    for id in f.kinds.keys() {
        assert!(f.diagram.contains(id), "{id} has no shape");
    }
    // The default branch is empty: the gateway's default flow goes straight to the join, and the
    // other branch carries the routing rule.
    let default = &f.defaults["housing_check_split"];
    let flow = f.flows.iter().find(|fl| &fl.0 == default).unwrap();
    assert_eq!(
        (flow.2.as_str(), flow.3.as_deref()),
        ("housing_check_join", None)
    );
    assert!(
        f.flows.iter().any(
            |fl| fl.1 == "housing_check_split" && fl.3.as_deref() == Some("rule:needs_housing")
        )
    );
    // Everything is reachable from the start, and the end is reached.
    let mut seen = BTreeSet::from(["start".to_owned()]);
    let mut queue = VecDeque::from(["start".to_owned()]);
    while let Some(at) = queue.pop_front() {
        for (_, s, t, _) in &f.flows {
            if *s == at && seen.insert(t.clone()) {
                queue.push_back(t.clone());
            }
        }
    }
    assert_eq!(seen, f.kinds.keys().cloned().collect::<BTreeSet<_>>());
}

#[test]
fn names_and_conditions_are_escaped() {
    let flow: FlowDef = serde_json::from_value(serde_json::json!({ "schema_version": 1, "nodes": [
        { "type": "condition", "id": "c", "name": "金额<1万 & \"特批\"", "branches": [
            { "name": "大额", "when": { "type": "field", "field": "amount", "op": "gt", "value": 10000 }, "nodes": [
                { "type": "unit", "id": "czj", "name": "财政局", "unit": { "type": "fixed", "unit": "czj" },
                  "steps": [{ "id": "s", "name": "审核", "post": "clerk" }] }] }],
          "default": { "name": "其他", "nodes": [] } }
    ]}))
    .unwrap();
    let xml = to_bpmn("x", "A&B", &flow);
    let f = facts(&xml);
    assert!(
        f.flows
            .iter()
            .any(|fl| fl.3.as_deref() == Some("amount > 10000"))
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.attribute("name") == Some("金额<1万 & \"特批\""))
    );
}

#[test]
fn branches_sit_side_by_side_below_their_gateway() {
    let xml = to_bpmn("personnel_transfer", "人员调入联办", &transfer_flow());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let bounds = |id: &str| {
        let shape = doc
            .descendants()
            .find(|n| n.tag_name().name() == "BPMNShape" && n.attribute("bpmnElement") == Some(id))
            .unwrap();
        let b = shape
            .children()
            .find(|c| c.tag_name().name() == "Bounds")
            .unwrap();
        let num = |a: &str| b.attribute(a).unwrap().parse::<i64>().unwrap();
        (num("x"), num("y"), num("width"), num("height"))
    };
    let (gx, gy, gw, _) = bounds("joint_review_split");
    let (hx, hy, hw, _) = bounds("hr_bureau");
    let (fx, fy, _, _) = bounds("finance_bureau");
    assert!(
        hy > gy && fy == hy,
        "branches start below the gateway, level with each other"
    );
    assert!(hx + hw <= fx, "branches do not overlap");
    assert!(
        hx < gx + gw / 2 && gx + gw / 2 < fx + hw,
        "the gateway is centred over its branches"
    );
    let (_, jy, _, _) = bounds("joint_review_join");
    assert!(jy > hy, "the join is below the branches");
}
