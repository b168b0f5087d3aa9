//! Matter-type fixtures as small builders: the form, node builders and the named flows the
//! tests run (sequential, parallel, routed, approvers, from-field, mixed, 受办分离).
//!
//! Uses only `lianban-definition` and `serde_json`, so the integration test binary includes this
//! very file (`#[path]`) instead of keeping a second copy.
//!
//! The demo world: the initiator `zhang` in unit `bgs` (区府办, whose `leader` is `li`); handling
//! units `zzb` (组织部), `rsj` (人社局), `czj` (财政局) and `jgs` (机关事务中心), each with the
//! posts `clerk` and `leader`; named approvers `li` and `wu`.

use lianban_definition::flow::{
    Assignee, Branch, CompareOp, Condition, ConditionalBranch, EmptyPolicy, FLOW_SCHEMA_VERSION,
    FlowDef, Handling, Node, NodeRights, SignMode, UnitRef, UnitStep,
};
use lianban_definition::form::{
    Choice, FORM_SCHEMA_VERSION, Field, FieldKind, FormDef, FormValues, Width,
};
use lianban_definition::matter_type::{MatterTypeDef, RuleDef, RuleKind};
use lianban_definition::{FieldKey, NodeId, PostCode, RuleName, UnitCode, UserName};
use serde_json::{Value, json};

/// The initiator's login name.
pub const INITIATOR: &str = "zhang";
/// The initiating unit.
pub const INITIATOR_UNIT: &str = "bgs";
/// The routing rule that holds when `amount` > 1000.
pub const RULE_LARGE: &str = "is_large";
/// A routing rule that always fails.
pub const RULE_BROKEN: &str = "broken";

/// The form: title, amount, category, the unit picked for the from-field node, and tags.
pub fn form() -> FormDef {
    let choice = Choice::new;
    let field = |key: &str, label: &str, kind: FieldKind| Field {
        key: FieldKey::new(key),
        label: label.to_owned(),
        kind,
        required: false,
        help: None,
        default: None,
        section: None,
        width: Width::Full,
    };
    FormDef {
        schema_version: FORM_SCHEMA_VERSION,
        sections: Vec::new(),
        fields: vec![
            field(
                "title",
                "标题",
                FieldKind::Text {
                    min_len: None,
                    max_len: None,
                    pattern: None,
                },
            ),
            field(
                "amount",
                "金额",
                FieldKind::Amount {
                    min: None,
                    max: None,
                },
            ),
            field(
                "category",
                "类别",
                FieldKind::Select {
                    options: vec![choice("hr", "人事"), choice("car", "用车")],
                    dict: None,
                },
            ),
            field(
                "target_unit",
                "承办单位",
                FieldKind::UnitPicker { multiple: false },
            ),
            field(
                "tags",
                "标签",
                FieldKind::Checkbox {
                    options: vec![choice("urgent", "加急"), choice("secret", "涉密")],
                    dict: None,
                },
            ),
        ],
        rules: Vec::new(),
    }
}

/// Values a clerk typically submits: a small 人事 matter for unit `jgs`, tagged urgent.
pub fn values() -> FormValues {
    values_with(&[])
}

/// [`values`] with some keys replaced (`null` removes the key).
pub fn values_with(changes: &[(&str, Value)]) -> FormValues {
    let mut values = json!({
        "title": "调入张三",
        "amount": 50,
        "category": "hr",
        "target_unit": "jgs",
        "tags": ["urgent"],
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    for (key, value) in changes {
        if value.is_null() {
            values.remove(*key);
        } else {
            values.insert((*key).to_owned(), value.clone());
        }
    }
    values
}

/// A matter type with the [`form`], the given top-level nodes and the routing rules.
pub fn matter(nodes: Vec<Node>) -> MatterTypeDef {
    let routing = |name: &str, source: &str| RuleDef {
        name: RuleName::new(name),
        kind: RuleKind::Routing,
        source: source.to_owned(),
        tests: Vec::new(),
    };
    MatterTypeDef {
        time_limit_days: Some(10),
        form: form(),
        flow: FlowDef {
            schema_version: FLOW_SCHEMA_VERSION,
            nodes,
        },
        rules: vec![
            routing(RULE_LARGE, "form.amount > 1000"),
            routing(RULE_BROKEN, "throw \"坏了\""),
        ],
        ..MatterTypeDef::empty("test_matter", "测试联办", "测试")
    }
}

/// A unit node for unit `code` (node id = unit code): 经办人审核 (clerk) → 分管领导审批 (leader).
pub fn unit(code: &str) -> Node {
    unit_node(
        code,
        UnitRef::Fixed {
            unit: UnitCode::new(code),
        },
    )
}

/// [`unit`] handled in the unit's own system (受办分离): same id, name and (unused) steps.
pub fn own_system(code: &str) -> Node {
    handled_externally(unit(code))
}

/// A unit node handled in the unit's own system instead of in Lianban.
pub fn handled_externally(mut node: Node) -> Node {
    if let Node::Unit { handling, .. } = &mut node {
        *handling = Handling::OwnSystem;
    }
    node
}

/// A unit node `id` whose unit is picked in form field `field`.
pub fn unit_from_field(id: &str, field: &str) -> Node {
    unit_node(
        id,
        UnitRef::FromField {
            field: FieldKey::new(field),
        },
    )
}

fn unit_node(id: &str, unit: UnitRef) -> Node {
    let step = |id: &str, name: &str, post: &str| UnitStep {
        id: id.to_owned(),
        name: name.to_owned(),
        post: PostCode::new(post),
    };
    Node::Unit {
        id: NodeId::new(id),
        name: format!("{id}办理"),
        unit,
        steps: vec![
            step("review", "经办人审核", "clerk"),
            step("approve", "分管领导审批", "leader"),
        ],
        time_limit_days: Some(3),
        time_limit_unit: Default::default(),
        handling: Handling::InLianban,
        rights: NodeRights::default(),
    }
}

/// A parallel node whose branches are the given node sequences.
pub fn parallel(id: &str, branches: Vec<Vec<Node>>) -> Node {
    Node::Parallel {
        id: NodeId::new(id),
        name: "并联分发".to_owned(),
        branches: branches
            .into_iter()
            .enumerate()
            .map(|(i, nodes)| Branch {
                name: format!("分支{}", i + 1),
                nodes,
            })
            .collect(),
    }
}

/// A condition node: `(name, condition, nodes)` branches tried in order, then `default`.
pub fn condition(
    id: &str,
    branches: Vec<(&str, Condition, Vec<Node>)>,
    default: Vec<Node>,
) -> Node {
    Node::Condition {
        id: NodeId::new(id),
        name: "条件分支".to_owned(),
        branches: branches
            .into_iter()
            .map(|(name, when, nodes)| ConditionalBranch {
                name: name.to_owned(),
                when,
                nodes,
            })
            .collect(),
        default: Branch {
            name: String::new(),
            nodes: default,
        },
    }
}

/// An approver node for named users.
pub fn approver(id: &str, users: &[&str], mode: SignMode) -> Node {
    Node::Approver {
        id: NodeId::new(id),
        name: "领导审核".to_owned(),
        assignee: Assignee::Users {
            users: users.iter().map(|u| UserName::new(*u)).collect(),
        },
        mode,
        pass_percent: None,
        when_empty: EmptyPolicy::default(),
        time_limit_days: None,
        time_limit_unit: Default::default(),
        rights: NodeRights::default(),
    }
}

/// An approver node for the holders of `post` in the initiating unit.
pub fn post_approver(id: &str, post: &str, mode: SignMode) -> Node {
    Node::Approver {
        id: NodeId::new(id),
        name: "发起单位领导审核".to_owned(),
        assignee: Assignee::InitiatorPost {
            post: PostCode::new(post),
        },
        mode,
        pass_percent: None,
        when_empty: EmptyPolicy::default(),
        time_limit_days: None,
        time_limit_unit: Default::default(),
        rights: NodeRights::default(),
    }
}

/// A field comparison.
pub fn field(key: &str, op: CompareOp, value: Value) -> Condition {
    Condition::Field {
        field: FieldKey::new(key),
        op,
        value,
    }
}

/// A Rhai routing rule condition.
pub fn rule(name: &str) -> Condition {
    Condition::Rule {
        rule: RuleName::new(name),
    }
}

/// The routing rules as a closure would run them: `is_large` is `amount > 1000`, `broken` fails.
pub fn routing_rules(rule: &RuleName, values: &FormValues) -> Result<bool, String> {
    match rule.as_str() {
        RULE_LARGE => Ok(values.get("amount").and_then(Value::as_f64).unwrap_or(0.0) > 1000.0),
        RULE_BROKEN => Err("第 1 行：坏了".to_owned()),
        other => Err(format!("未知规则 {other}")),
    }
}

/// Sequential distribution: 组织部, then 人社局.
pub fn sequential() -> MatterTypeDef {
    matter(vec![unit("zzb"), unit("rsj")])
}

/// Parallel distribution to 组织部, 人社局 and 财政局.
pub fn parallel_three() -> MatterTypeDef {
    matter(vec![parallel(
        "joint",
        vec![vec![unit("zzb")], vec![unit("rsj")], vec![unit("czj")]],
    )])
}

/// Routed: large amounts (rule) go to 财政局; 人事 matters of at least 100 yuan to 人社局;
/// urgent or car matters (`Any`) to 机关事务中心; everything else to 组织部.
pub fn routed() -> MatterTypeDef {
    matter(vec![condition(
        "route",
        vec![
            ("大额", rule(RULE_LARGE), vec![unit("czj")]),
            (
                "人事",
                Condition::All {
                    conditions: vec![
                        field("category", CompareOp::Eq, json!("hr")),
                        field("amount", CompareOp::Ge, json!(100)),
                    ],
                },
                vec![unit("rsj")],
            ),
            (
                "加急或用车",
                Condition::Any {
                    conditions: vec![
                        field("tags", CompareOp::Contains, json!("secret")),
                        field("category", CompareOp::Eq, json!("car")),
                    ],
                },
                vec![unit("jgs")],
            ),
        ],
        vec![unit("zzb")],
    )])
}

/// Named approvers `li` and `wu` (或签 or 会签), then 组织部.
pub fn approvers(mode: SignMode) -> MatterTypeDef {
    matter(vec![approver("leaders", &["li", "wu"], mode), unit("zzb")])
}

/// The unit picked in `target_unit` handles it.
pub fn picked() -> MatterTypeDef {
    matter(vec![unit_from_field("picked", "target_unit")])
}

/// 受办分离 in the middle: 组织部 (in Lianban), then 人社局 in its own system, then 财政局.
pub fn external_sequential() -> MatterTypeDef {
    matter(vec![unit("zzb"), own_system("rsj"), unit("czj")])
}

/// 受办分离 alongside in-platform units: in parallel 组织部 → 人社局 (own system) and 机关事务中心
/// (own system); finally 财政局, which may return to any of them.
pub fn external_mixed() -> MatterTypeDef {
    matter(vec![
        parallel(
            "joint",
            vec![
                vec![unit("zzb"), own_system("rsj")],
                vec![own_system("jgs")],
            ],
        ),
        unit("czj"),
    ])
}

/// Everything at once: the initiating unit's leader approves; then in parallel 组织部 → 人社局,
/// and (only for tagged matters) the picked unit; finally 财政局.
pub fn mixed() -> MatterTypeDef {
    matter(vec![
        post_approver("lead", "leader", SignMode::All),
        parallel(
            "joint",
            vec![
                vec![unit("zzb"), unit("rsj")],
                vec![condition(
                    "tagged",
                    vec![(
                        "有标签",
                        field("tags", CompareOp::IsSet, Value::Null),
                        vec![unit_from_field("picked", "target_unit")],
                    )],
                    Vec::new(),
                )],
            ],
        ),
        unit("czj"),
    ])
}
