//! The inbound open API (`/open/v1`): a unit's own system (受办分离) signs its calls, reports on
//! its dispatches and reads what its unit may. Fixtures: the 用地预审 matter type handled by
//! 自然资源和规划分局 in its own system (the seeded demo system), and a signing client that
//! signs with the app's clock.

mod auth;
mod flow;
mod idempotency;
mod limits;
mod rotation;

use crate::support::{PDF, Resp, TestApp};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use lianban_sdk::sign::{self, Algorithm};
use serde_json::{Value, json};

/// 用地预审联办（受办分离）: 组织部 initiates; 自然资源和规划分局 handles it in its own system,
/// which may not see the internal note and its file.
fn land_check_def() -> Value {
    json!({
        "code": "land_check", "name": "用地预审联办", "category": "规划", "version": 1,
        "initiator_units": ["zzb"],
        "form": { "schema_version": 1, "fields": [
            { "key": "reason", "label": "用地事由", "kind": { "type": "text" }, "required": true },
            { "key": "plan", "label": "用地规划图", "kind": { "type": "attachment", "accept": ["pdf"] } },
            { "key": "note", "label": "内部说明", "kind": { "type": "textarea" } },
            { "key": "note_file", "label": "内部说明附件", "kind": { "type": "attachment", "accept": ["pdf"] } }
        ] },
        "flow": { "schema_version": 1, "nodes": [
            { "type": "unit", "id": "land", "name": "用地预审", "unit": { "type": "fixed", "unit": "zrzyj" },
              "steps": [], "handling": "own_system", "time_limit_days": 5,
              "rights": { "fields": { "note": "hidden", "note_file": "hidden" } } }
        ] }
    })
}

/// Publishes 用地预审联办.
pub async fn publish_land_check(app: &TestApp) {
    let designer = app.login("designer").await;
    designer
        .post(
            "/api/v1/admin/matter-types",
            json!({ "code": "land_check", "name": "用地预审联办", "category": "规划" }),
        )
        .await
        .expect(StatusCode::CREATED);
    designer
        .put(
            "/api/v1/admin/matter-types/land_check/draft",
            land_check_def(),
        )
        .await
        .expect(StatusCode::OK);
    designer
        .post("/api/v1/admin/matter-types/land_check/publish", json!({}))
        .await
        .expect(StatusCode::OK);
}

/// A submitted 用地预审 matter by zzb_clerk with a plan and an internal note file.
pub struct Submitted {
    /// The matter's key (internal API).
    pub id: String,
    /// Its number (open API).
    pub number: String,
    /// The plan's file id (visible to the unit).
    pub plan: String,
    /// The internal note file's id (hidden from the unit).
    pub note_file: String,
}

/// Publishes the type (once per app) and submits a matter.
pub async fn submitted_land_check(app: &TestApp) -> Submitted {
    publish_land_check(app).await;
    submit_land_check(app).await
}

/// Submits another 用地预审 matter (the type must be published).
pub async fn submit_land_check(app: &TestApp) -> Submitted {
    let clerk = app.login("zzb_clerk").await;
    let mut values = json!({ "reason": "新建学校用地", "note": "内部掌握" });
    let draft = clerk
        .post(
            "/api/v1/matters",
            json!({ "type_code": "land_check", "values": values }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = draft["id"].as_str().unwrap().to_owned();
    let upload = |field: &'static str, name: &'static str| {
        let clerk = &clerk;
        let id = id.clone();
        async move {
            clerk
                .upload(&id, field, name, PDF)
                .await
                .expect(StatusCode::CREATED)["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let plan = upload("plan", "规划图.pdf").await;
    let note_file = upload("note_file", "内部说明.pdf").await;
    values["plan"] = json!([plan]);
    values["note_file"] = json!([note_file]);
    let page = clerk
        .post(
            &format!("/api/v1/matters/{id}/submit"),
            json!({ "values": values }),
        )
        .await
        .expect(StatusCode::OK);
    let number = page["number"].as_str().unwrap().to_owned();
    Submitted {
        id,
        number,
        plan,
        note_file,
    }
}

/// Percent-encodes a path segment (the matter numbers are Chinese).
pub fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The path of a dispatch action.
pub fn dispatch_path(number: &str, node: &str, action: &str) -> String {
    format!(
        "/open/v1/matters/{}/dispatches/{node}/{action}",
        segment(number)
    )
}

/// A department system calling the open API.
#[derive(Clone)]
pub struct System {
    pub app_key: String,
    pub secret: String,
    pub algorithm: Algorithm,
}

impl System {
    /// The seeded demo system of 自然资源和规划分局 (HMAC-SM3).
    pub fn demo() -> Self {
        Self {
            app_key: lianban_seeds::DEMO_SIM_APP_KEY.to_owned(),
            secret: lianban_seeds::DEMO_SIM_SECRET.to_owned(),
            algorithm: Algorithm::HmacSm3,
        }
    }

    /// Registers a system for `unit` (HMAC-SHA256) as the administrator.
    pub async fn register(app: &TestApp, unit: &str, name: &str) -> (Self, String) {
        let issued = app
            .login("admin")
            .await
            .post(
                "/api/v1/admin/external-systems",
                json!({ "unit": unit, "name": name, "endpoint": "https://sys.example.gov.cn/events",
                        "algorithm": "HMAC-SHA256" }),
            )
            .await
            .expect(StatusCode::CREATED);
        let system = Self {
            app_key: issued["system"]["app_key"].as_str().unwrap().to_owned(),
            secret: issued["secret"].as_str().unwrap().to_owned(),
            algorithm: Algorithm::HmacSha256,
        };
        (system, issued["system"]["id"].as_str().unwrap().to_owned())
    }

    /// The signature of a call at the app's clock with a fresh nonce.
    pub fn sign(&self, app: &TestApp, method: &str, target: &str, body: &[u8]) -> sign::Signature {
        sign::sign(
            &self.app_key,
            &self.secret,
            self.algorithm,
            sign::Request {
                method,
                path_and_query: target,
                body,
            },
            app.state.clock.now().as_second(),
            &sign::new_nonce(),
        )
    }

    /// A request carrying `signature` (which may be for another request).
    pub fn request(
        method: &str,
        target: &str,
        body: &[u8],
        signature: &sign::Signature,
        extra: &[(&str, &str)],
    ) -> Request<Body> {
        let mut builder = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(target)
            .header(header::HOST, "lianban.example.gov.cn")
            .header(header::CONTENT_TYPE, "application/json");
        for (name, value) in signature.headers() {
            builder = builder.header(name, value);
        }
        for (name, value) in extra {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::from(body.to_vec())).unwrap()
    }

    /// Sends a correctly signed call.
    pub async fn call(
        &self,
        app: &TestApp,
        method: &str,
        target: &str,
        body: &[u8],
        extra: &[(&str, &str)],
    ) -> Resp {
        let signature = self.sign(app, method, target, body);
        app.send(Self::request(method, target, body, &signature, extra))
            .await
    }

    /// A signed POST of `body` (JSON).
    pub async fn post(&self, app: &TestApp, target: &str, body: Value) -> Resp {
        self.call(app, "POST", target, body.to_string().as_bytes(), &[])
            .await
    }

    /// A signed GET.
    pub async fn get(&self, app: &TestApp, target: &str) -> Resp {
        self.call(app, "GET", target, b"", &[]).await
    }
}
