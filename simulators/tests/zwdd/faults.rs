//! Failure modes, recovery, and a restart.

use super::support::{Signing, headers, oa_card, outcomes, params, refusal, start};
use lianban_zwdd::WORK_NOTIFICATION_PATH;
use lianban_zwdd::answer::Answer;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn failure_modes_answer_instead_then_the_gateway_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path());
    let sent = params("10003", "n1-zwdd", &oa_card());

    let armed = sim.fail(json!({"mode": "error", "count": 1})).await;
    assert_eq!(armed, json!({"mode": "error", "remaining": 1}));
    let (status, _) = sim.send_raw(&sent).await;
    assert_eq!(status, 500);

    sim.fail(json!({"mode": "gateway_error", "count": 1})).await;
    let (status, answer) = sim.send(&sent).await;
    assert_eq!(status, 200);
    assert_eq!(refusal(&answer).0, "SYSTEM_BUSY");

    sim.fail(json!({"mode": "timeout", "count": 1})).await;
    let impatient = gateway_http::Client::builder()
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let signed = headers(&Signing::default(), &sent);
    let err = sim
        .post_via(&impatient, WORK_NOTIFICATION_PATH, &signed, &sent)
        .await
        .expect_err("no answer in time");
    assert!(err.is_timeout(), "{err}");

    // Used up: the same message (same bizMsgId, signed afresh) now goes through, once.
    let (status, answer) = sim.send(&sent).await;
    assert_eq!(
        (status, answer),
        (
            200,
            Answer::Accepted {
                msg_id: Some("zsim-000001".into())
            }
        )
    );
    let state = sim.state().await;
    assert_eq!(outcomes(&state), ["fault", "fault", "fault", "accepted"]);
    let statuses: Vec<_> = state["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].clone())
        .collect();
    assert_eq!(statuses, [json!(500), json!(200), json!(null), json!(200)]);
    assert_eq!(state["fault"], json!({"mode": "none", "remaining": null}));

    // The page's form arms until reset; `none` resets.
    let answer = sim
        .http
        .post(format!("{}/admin/fail-form", sim.base))
        .form(&[("mode", "error"), ("count", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(
        sim.state().await["fault"],
        json!({"mode": "error", "remaining": null})
    );
    assert!(sim.page("").await.contains("返回 HTTP 500（直到重置）"));
    assert_eq!(sim.send_raw(&sent).await.0, 500);
    assert_eq!(sim.send_raw(&sent).await.0, 500);
    sim.fail(json!({"mode": "none"})).await;
    let (_, answer) = sim.send(&sent).await;
    assert!(answer.is_duplicate(), "{answer:?}");
}

#[tokio::test]
async fn the_inbox_and_the_log_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sent = params("10005", "n1-zwdd", &oa_card());
    {
        let sim = start(dir.path());
        assert!(matches!(sim.send(&sent).await.1, Answer::Accepted { .. }));
    }
    assert!(dir.path().join("state.json").exists());
    let sim = start(dir.path());
    let state = sim.state().await;
    assert_eq!(state["notices"][0]["receivers"], json!(["10005"]));
    assert_eq!(outcomes(&state), ["accepted"]);
    assert!(
        sim.page("?account=10005")
            .await
            .contains("新的待办：张三调入")
    );
    // Still known after the restart: the message is not delivered twice.
    let (_, answer) = sim.send(&sent).await;
    assert!(answer.is_duplicate(), "{answer:?}");
    // The next message continues the numbering.
    let (_, answer) = sim.send(&params("10005", "n2-zwdd", &oa_card())).await;
    assert_eq!(
        answer,
        Answer::Accepted {
            msg_id: Some("zsim-000002".into())
        }
    );
}
