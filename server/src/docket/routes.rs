//! The docket routes: open one on a matter (supervisors), list a matter's, list one's own
//! (supervisors: all; others: those addressed to their units), reply (the addressed unit) and
//! close (supervisors).

use super::store::{self, Docket, Reply};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::Batch;
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::matter::service;
use crate::notify::{self, Note};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use lianban_definition::Issue;
use lianban_runtime::MatterStatus;
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Longest requirement, reply or note, in characters.
const MAX_TEXT: usize = 2000;

/// The docket routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open, for_matter))
        .routes(routes!(list))
        .routes(routes!(reply))
        .routes(routes!(close))
}

/// `POST /api/v1/matters/{id}/dockets`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OpenDocket {
    /// The dispatch (node id) it is about; the whole matter when absent.
    #[serde(default)]
    pub node: Option<String>,
    /// What is required.
    #[serde(default)]
    pub requirement: String,
    /// Reply deadline, `YYYY-MM-DD` (China time; the end of that day).
    #[serde(default)]
    pub reply_by: String,
}

/// `POST /api/v1/dockets/{id}/reply` and `…/close`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Text {
    /// The reply or the closing note.
    #[serde(default)]
    pub text: String,
}

/// `GET /api/v1/dockets`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `open`, `replied` or `closed`.
    pub status: Option<String>,
}

fn is_supervisor(user: &CurrentUser) -> bool {
    user.is_admin() || user.roles.iter().any(|r| r == "supervisor")
}

/// A text that must be present and not too long, or a `validation_failed` issue at `path`.
fn text(value: &str, path: &str, what: &str, issues: &mut Vec<Issue>) -> String {
    let value = value.trim();
    if value.is_empty() {
        issues.push(Issue::new(path, "required", format!("请填写{what}")));
    } else if value.chars().count() > MAX_TEXT {
        let message = format!("{what}不能超过{MAX_TEXT}个字");
        issues.push(Issue::new(path, "too_long", message));
    }
    value.to_owned()
}

/// The notifications of `kind` about `docket` to `to`, with the template variables of the
/// docket (the outbox renders them per channel).
fn notes(
    docket: &Docket,
    doc: &crate::matter::store::MatterDoc,
    (kind, to): (&'static str, Vec<String>),
    vars: serde_json::Value,
) -> Vec<Note> {
    let mut all = json!({ "title": doc.title, "number": doc.number.clone().unwrap_or_default(),
        "type_name": doc.type_name, "initiator": "", "unit": "", "step": "", "reason": "",
        "message": "" });
    if let (Some(base), Some(extra)) = (all.as_object_mut(), vars.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    to.into_iter()
        .map(|username| Note {
            username,
            kind,
            vars: all.clone(),
            matter: docket.matter.clone(),
            task: None,
        })
        .collect()
}

/// Commits `batch` with the outbox rows of `notes` and wakes the dispatcher.
async fn commit(state: &AppState, mut batch: Batch, notes: &[Note]) -> ApiResult<()> {
    let outbox = notify::Outbox::prepare(state, notes, state.clock.now_ms()).await?;
    outbox.add_to(&mut batch);
    batch.commit(&state.db).await?;
    if outbox.has_pending() {
        state.notify.wake();
    }
    Ok(())
}

/// Opens a docket (督办) on a submitted matter or one of its dispatches. Supervisors and
/// administrators only; the addressed unit's people are notified.
#[utoipa::path(post, path = "/api/v1/matters/{id}/dockets", tag = "docket",
    request_body = OpenDocket, params(("id" = String, Path)),
    responses((status = 201, body = Docket), (status = 400, description = "validation_failed"),
        (status = 403, description = "forbidden"), (status = 409, description = "matter_wrong_status")))]
async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<OpenDocket>,
) -> ApiResult<(StatusCode, Json<Docket>)> {
    if !is_supervisor(&user) {
        return Err(ApiError::forbidden("只有督办人员可以发起督办"));
    }
    let doc = service::load_visible(&state, &user, &id).await?;
    match doc.state.status {
        MatterStatus::Running | MatterStatus::Returned | MatterStatus::Completed => {}
        MatterStatus::Draft | MatterStatus::Closed | MatterStatus::Voided => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "matter_wrong_status",
                "只能对办理中的办件发起督办",
            ));
        }
    }
    let mut issues = Vec::new();
    let requirement = text(&req.requirement, "requirement", "督办要求", &mut issues);
    let today = state.clock.now().to_zoned_datetime(crate::tz()).date();
    let reply_by = match req.reply_by.trim().parse::<Date>() {
        Ok(date) if date >= today => Some(date),
        Ok(_) => {
            let message = "答复期限不能早于今天".to_owned();
            issues.push(Issue::new("reply_by", "date_past", message));
            None
        }
        Err(_) => {
            let message = "请填写答复期限（年-月-日）".to_owned();
            issues.push(Issue::new("reply_by", "bad_date", message));
            None
        }
    };
    let unit = match &req.node {
        None => Some(doc.state.initiator_unit.to_string()),
        Some(node) => {
            let found = doc
                .state
                .dispatches
                .iter()
                .find(|d| d.node.as_str() == node);
            if found.is_none() {
                let message = format!("办件没有分发到节点「{node}」");
                issues.push(Issue::new("node", "unknown_dispatch", message));
            }
            found.map(|d| d.unit.to_string())
        }
    };
    let (Some(reply_by), Some(unit), true) = (reply_by, unit, issues.is_empty()) else {
        return Err(ApiError::validation(issues));
    };
    let end_of_day = crate::tz()
        .to_timestamp(reply_by.at(23, 59, 59, 0))
        .map_err(|e| ApiError::internal(e.to_string()))?
        .as_millisecond();
    let now = state.clock.now().as_millisecond();
    let docket = Docket {
        key: uuid::Uuid::now_v7().simple().to_string(),
        matter: doc.key.clone(),
        node: req.node.clone(),
        unit: unit.clone(),
        requirement: requirement.clone(),
        reply_by_ms: end_of_day,
        status: "open".to_owned(),
        opened_by: user.username.clone(),
        opened_ms: now,
        replies: Vec::new(),
        closed_by: None,
        closed_ms: None,
        closing_note: None,
        revision: 1,
    };
    let mut batch = Batch::new();
    store::add_new(&mut batch, &docket);
    let to: Vec<String> = crate::org::store::users(&state.db, Some(&unit))
        .await?
        .into_iter()
        .map(|(username, _, _)| username)
        .collect();
    let unit_name = crate::org::store::unit_names(&state.db, std::slice::from_ref(&unit))
        .await?
        .into_iter()
        .next()
        .map_or_else(|| unit.clone(), |(_, name)| name);
    let vars = json!({ "initiator": user.display_name, "unit": unit_name, "message": requirement,
        "step": reply_by.to_string() });
    let notes = notes(&docket, &doc, ("docket", to), vars);
    commit(&state, batch, &notes).await?;
    Ok((StatusCode::CREATED, Json(docket)))
}

/// The dockets of a matter the caller may see.
#[utoipa::path(get, path = "/api/v1/matters/{id}/dockets", tag = "docket",
    params(("id" = String, Path)), responses((status = 200, body = Vec<Docket>), (status = 404)))]
async fn for_matter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Docket>>> {
    let doc = service::load_visible(&state, &user, &id).await?;
    Ok(Json(store::for_matter(&state.db, &doc.key).await?))
}

/// The caller's dockets: every docket for supervisors and administrators, else those addressed
/// to the caller's units; newest first, at most 200.
#[utoipa::path(get, path = "/api/v1/dockets", tag = "docket", params(ListQuery),
    responses((status = 200, body = Vec<Docket>), (status = 400, description = "bad_request")))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<Docket>>> {
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    if let Some(s) = status
        && !matches!(s, "open" | "replied" | "closed")
    {
        return Err(ApiError::bad_request(format!("未知的督办状态「{s}」")));
    }
    let units = user.units();
    let scope = (!is_supervisor(&user)).then_some(units.as_slice());
    Ok(Json(store::list(&state.db, scope, status, 200).await?))
}

/// A docket the caller may see, with its matter.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> ApiResult<(Docket, crate::matter::store::MatterDoc)> {
    let docket = store::get(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let mine = is_supervisor(user) || user.units().contains(&docket.unit);
    if !mine {
        return Err(ApiError::not_found());
    }
    let doc = crate::matter::store::load(&state.db, &docket.matter)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((docket, doc))
}

fn closed() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "docket_closed",
        "督办已办结，不能再操作",
    )
}

/// The addressed unit replies (反馈); the docket becomes `replied` and its opener is told.
#[utoipa::path(post, path = "/api/v1/dockets/{id}/reply", tag = "docket", request_body = Text,
    params(("id" = String, Path)),
    responses((status = 200, body = Docket), (status = 403), (status = 409, description = "docket_closed")))]
async fn reply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Text>,
) -> ApiResult<Json<Docket>> {
    let (mut docket, doc) = load(&state, &user, &id).await?;
    if !user.units().contains(&docket.unit) {
        return Err(ApiError::forbidden("只有被督办单位可以答复"));
    }
    if docket.status == "closed" {
        return Err(closed());
    }
    let mut issues = Vec::new();
    let text = text(&req.text, "text", "答复内容", &mut issues);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    docket.replies.push(Reply {
        by: user.username.clone(),
        at_ms: state.clock.now().as_millisecond(),
        text: text.clone(),
    });
    docket.status = "replied".to_owned();
    docket.revision += 1;
    let mut batch = Batch::new();
    store::add_update(&mut batch, &docket);
    let vars = json!({ "unit": user.display_name, "message": text });
    let notes = notes(
        &docket,
        &doc,
        ("docket_reply", vec![docket.opened_by.clone()]),
        vars,
    );
    commit(&state, batch, &notes).await?;
    Ok(Json(docket))
}

/// The supervisor closes (办结) a docket, with a note.
#[utoipa::path(post, path = "/api/v1/dockets/{id}/close", tag = "docket", request_body = Text,
    params(("id" = String, Path)),
    responses((status = 200, body = Docket), (status = 403), (status = 409, description = "docket_closed")))]
async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Text>,
) -> ApiResult<Json<Docket>> {
    if !is_supervisor(&user) {
        return Err(ApiError::forbidden("只有督办人员可以办结督办"));
    }
    let (mut docket, _) = load(&state, &user, &id).await?;
    if docket.status == "closed" {
        return Err(closed());
    }
    docket.status = "closed".to_owned();
    docket.closed_by = Some(user.username.clone());
    docket.closed_ms = Some(state.clock.now().as_millisecond());
    docket.closing_note = Some(req.text.trim().to_owned()).filter(|t| !t.is_empty());
    docket.revision += 1;
    let mut batch = Batch::new();
    store::add_update(&mut batch, &docket);
    batch.commit(&state.db).await?;
    Ok(Json(docket))
}
