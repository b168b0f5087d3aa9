//! How each event type changes the department's records.

use super::*;
use serde_json::json;

fn event(id: &str, kind: &str, seq: u64, data: serde_json::Value) -> Event {
    serde_json::from_value(json!({
        "id": id,
        "type": kind,
        "seq": seq,
        "occurred_at": "2026-03-02T09:00:00+08:00",
        "matter": {
            "number": "LB-20260302-0001", "title": "办公用房调整", "type_code": "bgyf",
            "type_name": "办公用房调整", "initiator_unit": "jgswzx",
            "initiator_unit_name": "区机关事务中心", "initiator_name": "郑浩"
        },
        "dispatch": {"node": "n3", "unit": "zrzyj", "name": "规划审核", "round": 0},
        "data": data
    }))
    .unwrap()
}

fn created() -> Event {
    let data = json!({
        "values": {"area": 120},
        "form": [{"key": "area", "label": "面积", "kind": "number"}],
        "materials": []
    });
    event("e1", "dispatch.created", 1, data)
}

#[test]
fn created_then_urged_then_withdrawn() {
    let mut s = Snapshot::default();
    s.apply(&created(), "2026-03-02 09:00:01");
    let d = &s.matters[0].dispatches[0];
    assert_eq!(d.status, DispatchStatus::Received);
    assert_eq!(d.data.as_ref().unwrap().values["area"], 120);
    assert!(d.can_ack() && !d.can_handle());

    s.apply(
        &event("e2", "dispatch.urged", 2, json!({"reason": "请尽快"})),
        "t",
    );
    s.apply(&event("e3", "dispatch.withdrawn", 3, json!({})), "t");
    let d = &s.matters[0].dispatches[0];
    assert_eq!(d.status, DispatchStatus::Withdrawn);
    let texts: Vec<_> = d.history.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        ["收到分发，待签收", "发起人催办：请尽快", "分发已撤回"]
    );
    assert_eq!(s.event_ids, ["e1", "e2", "e3"]);
    assert_eq!(s.matters.len(), 1);
}

#[test]
fn a_resubmission_after_a_return_is_handled_again_and_voiding_ends_everything() {
    let mut s = Snapshot::default();
    s.apply(&created(), "t");
    let d = s.dispatch_mut("LB-20260302-0001", "n3").unwrap();
    d.case_no = Some("ZR-2026-0001".into());
    d.status = DispatchStatus::Returned;
    d.steps.push(StepRequest {
        name: "初审".into(),
        handler: "张三".into(),
        at: "t".into(),
        opinion: None,
    });
    let mut again = created();
    again.id = "e2".into();
    again.kind = EventType::DispatchResubmitted;
    again.dispatch.round = 1;
    s.apply(&again, "t");
    let d = &s.matters[0].dispatches[0];
    assert_eq!(
        (d.status, d.steps.len(), d.dispatch.round),
        (DispatchStatus::Handling, 0, 1)
    );
    assert_eq!(d.history[1].text, "发起人已补正，重新提交（第 2 轮）");

    s.apply(
        &event("e3", "matter.voided", 3, json!({"reason": "重复登记"})),
        "t",
    );
    assert!(s.matters[0].voided);
    assert_eq!(s.matters[0].dispatches[0].status, DispatchStatus::Voided);
}

#[test]
fn case_numbers_count_per_year_and_logs_stay_bounded() {
    let mut s = Snapshot::default();
    assert_eq!(s.next_case_no(2026), "ZR-2026-0001");
    assert_eq!(s.next_case_no(2026), "ZR-2026-0002");
    assert_eq!(s.next_case_no(2027), "ZR-2027-0001");
    for i in 0..DELIVERY_LOG_LIMIT + 5 {
        s.log_delivery(DeliveryRecord {
            at: i.to_string(),
            event_id: None,
            event_type: None,
            status: Some(200),
            outcome: "new".into(),
            note: String::new(),
        });
    }
    assert_eq!(s.deliveries.len(), DELIVERY_LOG_LIMIT);
    assert_eq!(s.deliveries[0].at, "5");
}
