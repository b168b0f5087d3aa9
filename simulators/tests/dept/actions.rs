//! The clerk's actions: each a signed call of the stand-in Lianban, with its outcome recorded.

use super::lianban_double;
use super::support::{NUMBER, dispatch, event, start};
use base64::Engine;

const BASE: &str = "/matters/LB-20260302-0001/dispatches/n3";

#[tokio::test]
async fn ack_steps_and_approval_with_a_document_are_signed_calls_of_lianban() {
    let (lianban, double) = lianban_double::start().await;
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), &lianban, &["--algorithm", "HMAC-SHA256"]);
    sim.push(&event("e-1", "dispatch.created", 1)).await;

    let (status, location) = sim
        .form(&format!("{BASE}/ack"), &[("idem", "form-key-0000001")])
        .await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/#d-"), "{location}");
    let (status, _) = sim
        .form(
            &format!("{BASE}/steps"),
            &[
                ("name", "科室初审"),
                ("handler", "张三"),
                ("opinion", "材料齐全"),
                ("idem", ""),
            ],
        )
        .await;
    assert_eq!(status, 303);

    let boundary = "----sim-test-boundary";
    let pdf = b"%PDF-1.7 approval";
    let mut body = Vec::new();
    for (name, filename, content) in [
        ("idem", None, &b"form-key-0000003"[..]),
        ("opinion", None, "同意调整".as_bytes()),
        ("document", Some("批复.pdf"), &pdf[..]),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some(filename) = filename {
            body.extend_from_slice(
                format!("; filename=\"{filename}\"\r\nContent-Type: application/pdf").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let answer = sim
        .http
        .post(format!("{}{BASE}/approve", sim.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303);

    let calls = double.calls();
    let targets: Vec<_> = calls
        .iter()
        .map(|c| (c.method.as_str(), c.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "POST",
                "/open/v1/matters/LB-20260302-0001/dispatches/n3/ack"
            ),
            (
                "POST",
                "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps"
            ),
            (
                "POST",
                "/open/v1/matters/LB-20260302-0001/dispatches/n3/result"
            ),
        ]
    );
    assert!(
        calls[0].body["external_ref"]
            .as_str()
            .unwrap()
            .ends_with("-0001")
    );
    assert!(
        calls[0].body["external_ref"]
            .as_str()
            .unwrap()
            .starts_with("ZR-20")
    );
    assert_eq!(
        calls[0].idempotency_key.as_deref(),
        Some("form-key-0000001")
    );
    assert!(
        calls.iter().all(|c| c.algorithm == "HMAC-SHA256"),
        "as configured"
    );
    assert_eq!(calls[1].body["name"], "科室初审");
    assert_eq!(calls[1].body["opinion"], "材料齐全");
    assert!(calls[1].body["at"].as_str().unwrap().ends_with("+08:00"));
    assert_eq!(
        calls[1].idempotency_key.as_ref().map(String::len),
        Some(32),
        "generated"
    );
    assert_eq!(
        calls[2].idempotency_key.as_deref(),
        Some("form-key-0000003")
    );
    assert_eq!(calls[2].body["outcome"], "approved");
    assert_eq!(calls[2].body["opinion"], "同意调整");
    let document = &calls[2].body["documents"][0];
    assert_eq!(document["filename"], "批复.pdf");
    let content = base64::engine::general_purpose::STANDARD
        .decode(document["content_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(content, pdf);

    let state = sim.state().await;
    let d = dispatch(&state);
    assert_eq!(d["status"], "approved");
    assert!(d["case_no"].as_str().unwrap().starts_with("ZR-20"));
    let messages: Vec<_> = d["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["ok"].as_bool().unwrap(), c["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        [(true, "签收"), (true, "登记步骤"), (true, "办结")]
    );
    assert_eq!(d["calls"][2]["message"], "已办结（同意），附批复文件 1 份");
    let page = sim.page().await;
    assert!(page.contains("已办结（同意）") && page.contains("本系统案卷号"));
}

#[tokio::test]
async fn a_return_a_query_and_a_download_go_through_and_lianbans_errors_show_in_chinese() {
    let (lianban, double) = lianban_double::start().await;
    let dir = tempfile::tempdir().unwrap();
    let sim = start(dir.path(), &lianban, &[]);
    sim.push(&event("e-1", "dispatch.created", 1)).await;
    sim.form(&format!("{BASE}/ack"), &[]).await;

    // A return needs a reason: refused here, Lianban not called.
    sim.form(&format!("{BASE}/return"), &[("reason", " ")])
        .await;
    assert_eq!(double.calls().len(), 1);
    sim.form(&format!("{BASE}/return"), &[("reason", "缺少产权证明")])
        .await;
    assert_eq!(double.calls()[0].algorithm, "HMAC-SM3", "the default");
    let returned = double.calls().last().unwrap().body.clone();
    assert_eq!(returned["outcome"], "returned");
    assert_eq!(returned["reason"], "缺少产权证明");
    sim.form(&format!("{BASE}/refresh"), &[]).await;
    assert_eq!(
        double.calls().last().unwrap().target,
        format!("/open/v1/matters/{NUMBER}")
    );

    let state = sim.state().await;
    let d = dispatch(&state);
    assert_eq!(d["status"], "returned");
    let calls = d["calls"].as_array().unwrap();
    assert_eq!(calls[1]["message"], "请填写退回原因");
    assert_eq!(calls[1]["ok"], false);
    assert_eq!(calls[2]["message"], "已退回：缺少产权证明");
    assert_eq!(calls[3]["action"], "查询");

    // The material through the signed file API.
    let file = sim
        .http
        .get(format!("{}/files/{NUMBER}/f1", sim.base))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename*=UTF-8''%E5%B9%B3%E9%9D%A2%E5%9B%BE.pdf"
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.7 file f1");

    // Lianban refuses: its problem+json is recorded and shown.
    let mut refused = event("e-2", "dispatch.created", 1);
    refused["matter"]["number"] = "LB-REFUSE".into();
    sim.push(&refused).await;
    sim.form("/matters/LB-REFUSE/dispatches/n3/ack", &[]).await;
    let state = sim.state().await;
    let call = &state["matters"][1]["dispatches"][0]["calls"][0];
    assert_eq!(call["ok"], false);
    assert_eq!(call["status"], 409);
    assert_eq!(call["code"], "dispatch_wrong_status");
    assert!(
        call["message"]
            .as_str()
            .unwrap()
            .contains("该分发已办结，不能再次办理")
    );
    assert!(sim.page().await.contains("该分发已办结，不能再次办理"));

    // An unknown dispatch is a 404 page, not a call.
    let (status, _) = sim.form("/matters/LB-NONE/dispatches/n3/ack", &[]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_unreachable_lianban_is_reported_and_the_case_number_kept_for_the_retry() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let sim = start(dir.path(), &closed, &[]);
    sim.push(&event("e-1", "dispatch.created", 1)).await;
    sim.form(&format!("{BASE}/ack"), &[]).await;
    sim.form(&format!("{BASE}/ack"), &[]).await;
    let state = sim.state().await;
    let d = dispatch(&state);
    assert_eq!(d["status"], "received");
    assert!(
        d["calls"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("无法连接联办")
    );
    assert_eq!(state["case_counter"], 1, "the retry reuses the case number");
}
