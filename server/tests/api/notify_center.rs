//! The notification center through the API: the outbox written in the command's transaction,
//! click-through targets, users' mutes and their validation, and administrators' templates
//! checked by rendering (and previewed unsaved).

use crate::support::{TestApp, pending_task, submitted_transfer};
use axum::http::StatusCode;
use lianban_server::db::{Batch, DbError};
use lianban_server::notify::{Note, Outbox, kinds};
use serde_json::{Value, json};

/// Every row of the delivery log (all pages).
async fn log(app: &TestApp) -> Vec<Value> {
    let admin = app.login("admin").await;
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = admin
            .get(&format!("/api/v1/admin/deliveries?cursor={cursor}"))
            .await
            .expect(StatusCode::OK);
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => return out,
        }
    }
}

async fn list(app: &TestApp, user: &str) -> Vec<Value> {
    app.login(user)
        .await
        .get("/api/v1/notifications")
        .await
        .expect(StatusCode::OK)["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_command_writes_its_notifications_and_deliveries_in_one_transaction() {
    let app = TestApp::start().await;
    let id = submitted_transfer(&app, "no").await;
    // Three todo notifications (人社局's two clerks, 财政局's clerk), one in-app delivery each:
    // 浙政钉 is not configured, so there is no other channel.
    let rows = log(&app).await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|r| r["channel"] == "inapp"
        && r["status"] == "pending"
        && r["kind"] == "todo"
        && r["matter_id"] == id.as_str()));
    let note = list(&app, "rsj_clerk").await[0].clone();
    let mine = rows.iter().find(|r| r["username"] == "rsj_clerk").unwrap();
    assert_eq!(mine["notification"], note["id"]);
    assert_eq!(
        mine["id"],
        format!("{}-inapp", note["id"].as_str().unwrap())
    );

    // Click-through: a todo names its task and links to the matter page focused on it.
    let task = pending_task(&app.login("rsj_clerk").await.page(&id).await, "rsj");
    assert_eq!(note["task_id"], task);
    assert_eq!(note["link"], format!("/matters/{id}?task={task}"));

    // A refused command leaves no trace.
    let czj_task = pending_task(&app.login("czj_clerk").await.page(&id).await, "czj");
    let refused = app
        .login("rsj_clerk")
        .await
        .post(
            &format!("/api/v1/matters/{id}/tasks/{czj_task}/approve"),
            json!({}),
        )
        .await;
    assert!(refused.status.is_client_error(), "{refused:?}");
    assert_eq!(log(&app).await.len(), 3);

    // A transaction that fails after the outbox rows were added writes none of them.
    let notes = vec![Note {
        username: "rsj_clerk".into(),
        kind: "cc",
        vars: kinds::sample_vars(),
        matter: id.clone(),
        task: None,
    }];
    let outbox = Outbox::prepare(&app.state, &notes, app.state.clock.now_ms())
        .await
        .unwrap();
    assert!(outbox.has_pending());
    let mut batch = Batch::new();
    outbox.add_to(&mut batch);
    batch.push_guarded(
        "UPDATE type::record('matter', 'no-such-matter') SET version = 2 RETURN key",
        json!({}),
        "test guard",
    );
    assert!(matches!(
        batch.commit(&app.state.db).await,
        Err(DbError::Conflict)
    ));
    assert_eq!(log(&app).await.len(), 3);
    assert_eq!(list(&app, "rsj_clerk").await.len(), 1);
}

#[tokio::test]
async fn muted_kinds_are_recorded_as_skipped_and_kept_out_of_the_list() {
    let app = TestApp::start().await;
    let zzb = app.login("zzb_clerk").await;
    let prefs = zzb
        .put(
            "/api/v1/notifications/preferences",
            json!({ "muted": [{ "kind": "unit_done", "channel": "inapp" },
                              { "kind": "returned", "channel": "zwdd" }] }),
        )
        .await
        .expect(StatusCode::OK);
    let cell = |prefs: &Value, kind: &str, channel: &str| {
        prefs["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == kind)
            .unwrap()["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channel"] == channel)
            .unwrap()
            .clone()
    };
    assert_eq!(
        cell(&prefs, "unit_done", "inapp"),
        json!({ "channel": "inapp", "muted": true, "mutable": true })
    );
    assert_eq!(
        cell(&prefs, "todo", "inapp"),
        json!({ "channel": "inapp", "muted": false, "mutable": false })
    );
    assert_eq!(
        prefs["channels"],
        json!([{ "name": "inapp", "label": "站内消息", "enabled": true },
               { "name": "zwdd", "label": "浙政钉工作通知", "enabled": false }])
    );
    assert_eq!(
        zzb.get("/api/v1/notifications/preferences")
            .await
            .expect(StatusCode::OK),
        prefs
    );

    // 财政局 approves: the initiator's 单位办理完成 is muted in-app, so it is skipped.
    let id = submitted_transfer(&app, "no").await;
    let czj = app.login("czj_clerk").await;
    let task = pending_task(&czj.page(&id).await, "czj");
    czj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/approve"),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    assert!(list(&app, "zzb_clerk").await.is_empty());
    let rows = log(&app).await;
    let skipped = rows
        .iter()
        .find(|r| r["kind"] == "unit_done")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(
        (
            &skipped["status"],
            &skipped["username"],
            &skipped["last_error"]
        ),
        (
            &json!("skipped"),
            &json!("zzb_clerk"),
            &json!("收件人已关闭此类通知")
        )
    );
    assert_eq!(skipped["can_retry"], false);

    // Unmuting takes effect with the next command: 人社局 returns it, the notice arrives.
    zzb.put("/api/v1/notifications/preferences", json!({ "muted": [] }))
        .await
        .expect(StatusCode::OK);
    let rsj = app.login("rsj_clerk").await;
    let task = pending_task(&rsj.page(&id).await, "rsj");
    rsj.post(
        &format!("/api/v1/matters/{id}/tasks/{task}/return"),
        json!({ "reason": "缺少体检表" }),
    )
    .await
    .expect(StatusCode::OK);
    let kinds: Vec<Value> = list(&app, "zzb_clerk")
        .await
        .iter()
        .map(|n| n["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("returned")]);
}

#[tokio::test]
async fn preferences_are_validated() {
    let app = TestApp::start().await;
    let user = app.login("rsj_clerk").await;
    let body = user
        .put(
            "/api/v1/notifications/preferences",
            json!({ "muted": [{ "kind": "cc", "channel": "sms" },
                              { "kind": "birthday", "channel": "inapp" },
                              { "kind": "todo", "channel": "inapp" },
                              { "kind": "cc", "channel": "inapp" }] }),
        )
        .await
        .expect_problem(StatusCode::BAD_REQUEST, "validation_failed");
    let issues: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        issues,
        [
            ("muted[0].channel", "unknown_channel"),
            ("muted[1].kind", "unknown_kind"),
            ("muted[2]", "not_mutable"),
        ]
    );
    for bad in [json!({ "muted": "cc" }), json!({}), json!([1])] {
        user.put("/api/v1/notifications/preferences", bad)
            .await
            .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    }
    let many: Vec<Value> = (0..201)
        .map(|_| json!({ "kind": "cc", "channel": "inapp" }))
        .collect();
    user.put(
        "/api/v1/notifications/preferences",
        json!({ "muted": many }),
    )
    .await
    .expect_problem(StatusCode::BAD_REQUEST, "bad_request");
    // Nothing refused was stored.
    let prefs = user
        .get("/api/v1/notifications/preferences")
        .await
        .expect(StatusCode::OK);
    assert!(
        prefs["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|k| k["channels"].as_array().unwrap())
            .all(|c| c["muted"] == false),
        "{prefs}"
    );
    let anonymous = app
        .send(
            axum::http::Request::builder()
                .uri("/api/v1/notifications/preferences")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    anonymous.expect_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn templates_are_checked_by_rendering_before_they_are_saved() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let all = admin
        .get("/api/v1/admin/notification-templates")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        all["templates"].as_array().unwrap().len(),
        kinds::KINDS.len() * kinds::CHANNELS.len()
    );
    assert!(all["variables"].as_array().unwrap().len() == kinds::VARIABLES.len());
    let path = "/api/v1/admin/notification-templates/todo/inapp";
    let current = admin.get(path).await.expect(StatusCode::OK);
    assert_eq!(
        (&current["origin"], &current["revision"]),
        (&json!("embedded"), &json!(0))
    );
    assert_eq!(current["preview"]["title"], "新的待办：张三调入");

    // Broken templates are refused with the reason.
    for (text, reason) in [
        (
            "{% if part == \"title\" %}待办{% else %}",
            "模板无法用示例数据渲染",
        ),
        ("{{ applicant }}", "applicant"),
        ("{% if part == \"body\" %}正文{% endif %}", "标题为空"),
        ("{% if part == \"title\" %}标题{% endif %}", "正文为空"),
        ("   ", "模板不能为空"),
    ] {
        let body = admin
            .put(path, json!({ "text": text, "revision": 0 }))
            .await
            .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid");
        assert!(
            body["detail"].as_str().unwrap().contains(reason),
            "{text}: {body}"
        );
    }
    let text =
        "{% if part == \"title\" %}请办理：{{ title }}{% else %}{{ unit }}·{{ step }}{% endif %}";
    let saved = admin
        .put(path, json!({ "text": text, "revision": 0 }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (&saved["origin"], &saved["revision"], &saved["updated_by"]),
        (&json!("custom"), &json!(1), &json!("admin"))
    );
    assert_eq!(saved["preview"]["body"], "区人力社保局·经办人审核");
    // Editing from a stale revision is a conflict; unknown pairs are 404; others may not.
    admin
        .put(path, json!({ "text": text, "revision": 0 }))
        .await
        .expect_problem(StatusCode::CONFLICT, "conflict");
    admin
        .put(
            "/api/v1/admin/notification-templates/birthday/inapp",
            json!({ "text": text, "revision": 0 }),
        )
        .await
        .expect_problem(StatusCode::NOT_FOUND, "not_found");
    app.login("designer")
        .await
        .get(path)
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");

    // The next command renders with it; resetting restores the default.
    let id = submitted_transfer(&app, "no").await;
    let note = list(&app, "rsj_clerk").await[0].clone();
    assert_eq!(
        (&note["title"], &note["body"]),
        (
            &json!("请办理：张三调入"),
            &json!("区人力社保局·经办人审核")
        )
    );
    assert_eq!(note["matter_id"], id.as_str());
    let reset = admin.delete(path).await.expect(StatusCode::OK);
    assert_eq!(
        (&reset["origin"], &reset["text"]),
        (&json!("embedded"), &reset["default_text"])
    );
}

#[tokio::test]
async fn an_unsaved_template_is_previewed_after_the_checks_of_saving_it() {
    let app = TestApp::start().await;
    let admin = app.login("admin").await;
    let path = "/api/v1/admin/notification-templates/todo/inapp/preview";
    let text = "{% if part == \"title\" %}待办：{{ number }}{% else %}{{ initiator }}提交了「{{ title }}」{% endif %}";
    let preview = admin
        .post(path, json!({ "text": text }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        preview,
        json!({ "title": "待办：联办〔2026〕00001号", "body": "王晓燕提交了「张三调入」" })
    );
    // Nothing was stored.
    let stored = admin
        .get("/api/v1/admin/notification-templates/todo/inapp")
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (&stored["origin"], &stored["revision"]),
        (&json!("embedded"), &json!(0))
    );

    let refused = admin
        .post(path, json!({ "text": "{{ applicant }}" }))
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid");
    let detail = refused["detail"].as_str().unwrap();
    assert_eq!(
        detail,
        "模板无法用示例数据渲染：变量「applicant」不存在，只能使用列出的变量"
    );
    admin
        .post(
            path,
            json!({ "text": "{% if part == \"title\" %}标题{% endif %}" }),
        )
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY, "template_invalid");

    for unknown in ["birthday/inapp", "todo/sms"] {
        admin
            .post(
                &format!("/api/v1/admin/notification-templates/{unknown}/preview"),
                json!({ "text": text }),
            )
            .await
            .expect_problem(StatusCode::NOT_FOUND, "not_found");
    }
    app.login("designer")
        .await
        .post(path, json!({ "text": text }))
        .await
        .expect_problem(StatusCode::FORBIDDEN, "forbidden");
    let doc = admin.get("/api/openapi.json").await.expect(StatusCode::OK);
    assert!(
        doc["paths"]["/api/v1/admin/notification-templates/{kind}/{channel}/preview"]["post"]
            .is_object()
    );
}
