//! Work notices: accepted into the recipient's inbox, or refused with the reason.

use super::support::{KEY, Signing, headers, oa_card, outcomes, params, read, refusal, start};
use lianban_zwdd::WORK_NOTIFICATION_PATH;
use lianban_zwdd::answer::Answer;
use serde_json::json;

#[tokio::test]
async fn a_signed_notice_lands_in_the_recipients_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path());
    let (status, answer) = sim.send(&params("10003", "n1-zwdd", &oa_card())).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        Answer::Accepted {
            msg_id: Some("zsim-000001".into())
        }
    );
    // Under a prefix of the base URL, signed over the whole path, as Lianban signs it.
    let text = json!({"msgtype": "text", "text": {"content": "新的待办\n请办理"}});
    let sent = params("10003,10004", "n2-zwdd", &text);
    let prefixed = "/gw/message/workNotification";
    let signed = headers(
        &Signing {
            path: prefixed,
            ..Signing::default()
        },
        &sent,
    );
    let (status, body) = sim.post(prefixed, &signed, &sent).await;
    assert_eq!(
        (status, read(&body)),
        (
            200,
            Answer::Accepted {
                msg_id: Some("zsim-000002".into())
            }
        )
    );

    let state = sim.state().await;
    let notices = state["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0]["receivers"], json!(["10003"]));
    assert_eq!(notices[0]["biz_msg_id"], "n1-zwdd");
    assert_eq!(
        notices[0]["msg"]["oa"]["body"]["title"],
        "新的待办：张三调入"
    );
    assert_eq!(notices[1]["receivers"], json!(["10003", "10004"]));
    assert_eq!(outcomes(&state), ["accepted", "accepted"]);
    assert_eq!(state["calls"][1]["path"], prefixed);
    assert!(
        state["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "10003" && a["name"] == "李明")
    );

    let page = sim.page("?account=10003").await;
    let oa = page
        .find("新的待办：张三调入")
        .expect("the OA card is on the page");
    let text_at = page
        .find("新的待办\n请办理")
        .expect("the text notice is on the page");
    assert!(text_at < oa, "newest first");
    assert!(page.contains("<td>办件编号</td><td>联办〔2026〕00001号</td>"));
    assert!(page.contains("href=\"http://localhost:8080/matters/m1?task=3\""));
    assert!(page.contains("查看办件"));
    assert!(page.contains("李明") && page.contains("区人力社保局"));
    let other = sim.page("?account=10005").await;
    assert!(!other.contains("新的待办：张三调入") && other.contains("还没有工作通知"));
}

#[tokio::test]
async fn every_refusal_names_its_reason_and_nothing_reaches_an_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path());
    let good = params("10003", "n1-zwdd", &oa_card());
    let stale = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(301);
    let gateway_checks = [
        (
            Signing {
                key: "someone-else",
                ..Signing::default()
            },
            "APIKEY_INVALID",
            "apiKey「someone-else」不存在",
        ),
        (
            Signing {
                secret: "wrong-secret",
                ..Signing::default()
            },
            "SIGNATURE_INVALID",
            "签名不正确",
        ),
        (
            Signing {
                path: "/gw/message/workNotification",
                ..Signing::default()
            },
            "SIGNATURE_INVALID",
            "签名不正确",
        ),
        (
            Signing {
                at: stale,
                ..Signing::default()
            },
            "TIMESTAMP_INVALID",
            "超出允许的 ±300 秒",
        ),
    ];
    for (signing, code, reason) in gateway_checks {
        let (status, body) = sim
            .post(WORK_NOTIFICATION_PATH, &headers(&signing, &good), &good)
            .await;
        assert_eq!(status, 200);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (body["success"].as_bool(), body["errorLevel"].as_str()),
            (Some(false), Some("error"))
        );
        let answer = read(&body.to_string());
        let (got, message) = refusal(&answer);
        assert_eq!(got, code);
        assert!(message.contains(reason), "{message}");
    }

    // A parameter changed after signing.
    let signed = headers(&Signing::default(), &good);
    let tampered = params("10004", "n1-zwdd", &oa_card());
    let (_, body) = sim.post(WORK_NOTIFICATION_PATH, &signed, &tampered).await;
    assert_eq!(refusal(&read(&body)).0, "SIGNATURE_INVALID");
    // No signature at all.
    let (_, body) = sim
        .post(WORK_NOTIFICATION_PATH, &[("apiKey", KEY.to_owned())], &good)
        .await;
    assert_eq!(
        refusal(&read(&body)),
        ("SIGNATURE_INVALID", "缺少请求头 X-Hmac-Auth-Version")
    );

    // The call's content: refused in the "sp result" shape (content.success false).
    let content_checks = [
        (
            params("99999", "n2-zwdd", &oa_card()),
            "RECEIVER_INVALID",
            "接收人 accountId「99999」不存在",
        ),
        (
            params(
                "10003",
                "n3-zwdd",
                &json!({"msgtype": "oa", "oa": {"head": {}}}),
            ),
            "MSG_INVALID",
            "msg 格式不正确",
        ),
        (
            params("10003", "n4-zwdd", &json!({"msgtype": "voice"})),
            "MSG_INVALID",
            "不支持的消息类型「voice」",
        ),
    ];
    for (sent, code, reason) in content_checks {
        let signed = headers(&Signing::default(), &sent);
        let (status, body) = sim.post(WORK_NOTIFICATION_PATH, &signed, &sent).await;
        let envelope: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (
                status,
                &envelope["success"],
                &envelope["content"]["success"]
            ),
            (200, &json!(true), &json!(false))
        );
        let answer = read(&body);
        let (got, message) = refusal(&answer);
        assert_eq!(got, code);
        assert!(message.contains(reason), "{message}");
    }
    let mut foreign = good.clone();
    foreign[0].1 = "1".into();
    foreign[2].1 = "n5-zwdd".into();
    assert_eq!(refusal(&sim.send(&foreign).await.1).0, "TENANT_INVALID");

    let state = sim.state().await;
    assert!(state["notices"].as_array().unwrap().is_empty());
    assert_eq!(outcomes(&state), vec!["refused"; 10]);
    assert_eq!(state["calls"][0]["code"], "APIKEY_INVALID");
    let page = sim.page("").await;
    assert!(page.contains("签名不正确") && page.contains("拒绝"));
}

#[tokio::test]
async fn a_replayed_request_and_a_repeated_biz_msg_id_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path());
    let sent = params("10003", "n1-zwdd", &oa_card());
    let signed = headers(&Signing::default(), &sent);
    let (_, body) = sim.post(WORK_NOTIFICATION_PATH, &signed, &sent).await;
    assert!(matches!(read(&body), Answer::Accepted { .. }));
    // The very same request again: same nonce.
    let (_, body) = sim.post(WORK_NOTIFICATION_PATH, &signed, &sent).await;
    assert_eq!(refusal(&read(&body)).0, "NONCE_REUSED");
    // Signed afresh, same bizMsgId: the duplicate Lianban's client counts as delivered.
    let (status, answer) = sim.send(&sent).await;
    assert_eq!(status, 200);
    assert_eq!(refusal(&answer).0, "BIZ_MSG_ID_DUPLICATE");
    assert!(answer.is_duplicate(), "{answer:?}");

    let state = sim.state().await;
    assert_eq!(state["notices"].as_array().unwrap().len(), 1);
    assert_eq!(outcomes(&state), ["accepted", "refused", "refused"]);
}
