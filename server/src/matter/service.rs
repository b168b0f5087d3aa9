//! The matter commands as transactions: read, ask the runtime, write everything at once, retry
//! on conflict. Handlers call these (the open API calls [`external_action`] for units' own
//! systems); other modules use [`load_visible`] and [`visible`].

use super::access::named_on;
use super::store::{self, MatterDoc};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::catalog::TypeRules;
use crate::catalog::store as catalog;
use crate::db::{Batch, MAX_ATTEMPTS};
use crate::error::{ApiError, ApiResult};
use crate::external::push;
use crate::org::OrgDirectory;
use crate::org::store as org;
use crate::{files, notify, worklist};
use lianban_definition::form::FormValues;
use lianban_definition::matter_type::MatterTypeDef;
use lianban_definition::{Issue, NodeId, UnitCode, UserName};
use lianban_runtime::{Actor, Command, Ctx, Event, ExternalAction, MatterState, MatterStatus};
use serde_json::Value;
use std::collections::BTreeMap;

/// Whether `user` may see `doc`: drafts only to their initiator; other matters to the initiating
/// unit, the units dispatched to, people named on any of its tasks or in the pool of one (e.g.
/// approvers from other units), the recipients of its copies (抄送), supervisors (督办), and
/// administrators.
pub fn visible(doc: &MatterDoc, user: &CurrentUser) -> bool {
    if doc.state.status == MatterStatus::Draft {
        return doc.state.initiator.as_str() == user.username;
    }
    user.is_admin()
        || user.roles.iter().any(|r| r == "supervisor")
        || doc.state.initiator.as_str() == user.username
        || user.units().iter().any(|u| doc.units.contains(u))
        || doc
            .state
            .tasks
            .iter()
            .any(|t| named_on(t, &user.username) || t.candidates.admits(&user.actor()))
        || doc
            .state
            .cc
            .iter()
            .any(|c| c.users.iter().any(|u| u.as_str() == user.username))
}

/// Loads a matter the user may see; anything else is 404 with no data.
pub async fn load_visible(state: &AppState, user: &CurrentUser, key: &str) -> ApiResult<MatterDoc> {
    let doc = store::load(&state.db, key)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if visible(&doc, user) {
        Ok(doc)
    } else {
        Err(ApiError::not_found())
    }
}

/// The matter-type version a matter runs on, its dictionary-backed fields filled
/// ([`crate::dict::expand`]).
pub async fn definition_of(state: &AppState, doc: &MatterDoc) -> ApiResult<MatterTypeDef> {
    let mut def = catalog::version(&state.db, &doc.type_code, doc.type_version)
        .await?
        .ok_or_else(|| {
            ApiError::internal(format!(
                "matter type {} v{} missing",
                doc.type_code, doc.type_version
            ))
        })?;
    crate::dict::expand(state, &mut def.form).await?;
    Ok(def)
}

/// Creates a draft of the newest published version of `type_code`.
pub async fn create_draft(
    state: &AppState,
    user: &CurrentUser,
    type_code: &str,
    title: &str,
    values: &FormValues,
) -> ApiResult<MatterDoc> {
    let mut def = catalog::latest(&state.db, type_code)
        .await?
        .ok_or_else(|| ApiError::bad_request(format!("事项「{type_code}」不存在或未发布")))?;
    crate::dict::expand(state, &mut def.form).await?;
    if !crate::catalog::may_initiate(&def, user) {
        return Err(ApiError::forbidden(format!(
            "本单位不能发起「{}」",
            def.name
        )));
    }
    let values = def
        .form
        .validate_draft(values)
        .map_err(ApiError::validation)?;
    let now = state.clock.now_ms();
    let key = uuid::Uuid::now_v7().simple().to_string();
    let title = clean_title(title, &def)?;
    let doc = MatterDoc {
        key,
        version: 1,
        number: None,
        title,
        type_code: def.code.clone(),
        type_version: def.version,
        type_name: def.name.clone(),
        units: vec![user.unit.clone()],
        state: MatterState::draft(
            UserName::new(&user.username),
            UnitCode::new(&user.unit),
            values,
        ),
        created_ms: now,
        updated_ms: now,
        event_seq: 0,
        changes: Default::default(),
        tiers: Default::default(),
        check_ms: 0,
    };
    let names = worklist::Names::load(state, &doc).await?;
    // Drafts made at once by one user meet on that user's work-list rows: try again then.
    retry(|| async {
        let mut batch = Batch::new();
        store::add_new(&mut batch, &doc);
        worklist::add_sync(&mut batch, None, Some(&doc), &names);
        batch.commit(&state.db).await?;
        Ok(())
    })
    .await?;
    Ok(doc)
}

fn clean_title(title: &str, def: &MatterTypeDef) -> ApiResult<String> {
    let title = title.trim();
    if title.chars().count() > 100 {
        return Err(ApiError::validation(vec![Issue::new(
            "title",
            "too_long",
            "标题不能超过100个字",
        )]));
    }
    Ok(if title.is_empty() {
        def.name.clone()
    } else {
        title.to_owned()
    })
}

/// Updates a draft's title and values.
pub async fn update_draft(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    title: &str,
    values: &FormValues,
) -> ApiResult<MatterDoc> {
    retry(|| async {
        let doc = load_own_draft(state, user, key).await?;
        let def = definition_of(state, &doc).await?;
        let values = def
            .form
            .validate_draft(values)
            .map_err(ApiError::validation)?;
        let mut next = doc.clone();
        next.title = clean_title(title, &def)?;
        next.state.values = values;
        next.updated_ms = state.clock.now_ms();
        let mut batch = Batch::new();
        store::add_update(&mut batch, &next);
        let names = worklist::Names::load(state, &next).await?;
        worklist::add_sync(&mut batch, Some(&doc), Some(&next), &names);
        batch.commit(&state.db).await?;
        next.version += 1;
        Ok(next)
    })
    .await
}

/// Deletes a draft and its files.
pub async fn delete_draft(state: &AppState, user: &CurrentUser, key: &str) -> ApiResult<()> {
    retry(|| async {
        let doc = load_own_draft(state, user, key).await?;
        let mut batch = Batch::new();
        store::add_delete(&mut batch, &doc);
        let names = worklist::Names::load(state, &doc).await?;
        worklist::add_sync(&mut batch, Some(&doc), None, &names);
        let paths = files::add_delete_for_matter(state, &mut batch, key).await?;
        batch.commit(&state.db).await?;
        files::remove_stored(state, &paths).await;
        Ok(())
    })
    .await
}

/// Loads a draft that `user` initiated (404 otherwise; 409 if it is no longer a draft).
pub async fn load_own_draft(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> ApiResult<MatterDoc> {
    let doc = load_visible(state, user, key).await?;
    if doc.state.initiator.as_str() != user.username {
        return Err(ApiError::forbidden("只有发起人可以修改草稿"));
    }
    if doc.state.status != MatterStatus::Draft {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "not_draft",
            "办件已提交，不能再修改草稿",
        ));
    }
    Ok(doc)
}

/// Submits a draft: validates fully, issues the matter number and starts the flow. Submitting
/// a matter that is already submitted returns it unchanged (a double click makes one matter).
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    values: Option<&FormValues>,
    chosen: &BTreeMap<NodeId, Vec<UserName>>,
) -> ApiResult<MatterDoc> {
    let picked: Vec<String> = chosen.values().flatten().map(ToString::to_string).collect();
    known_users(state, &picked).await?;
    retry(|| async {
        let doc = load_visible(state, user, key).await?;
        if doc.state.status != MatterStatus::Draft && doc.state.initiator.as_str() == user.username
        {
            return Ok(doc);
        }
        let def = definition_of(state, &doc).await?;
        if catalog::version_status(&state.db, &doc.type_code, doc.type_version).await?
            != Some(catalog::VersionStatus::Published)
        {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "version_retired",
                format!(
                    "「{}」第{}版已停用，不能再提交；请按新版本重新登记",
                    def.name, doc.type_version
                ),
            ));
        }
        let values =
            super::validate::validate_full(state, &def, key, values.unwrap_or(&doc.state.values))
                .await?;
        let now = state.clock.now();
        let year = now.to_zoned_datetime(crate::tz()).year();
        let current = store::number_counter(&state.db, year).await?;
        let mut batch = Batch::new();
        let number = store::add_take_number(&mut batch, year, current, key);
        let command = Command::Submit {
            values,
            chosen: chosen.clone(),
        };
        let acting = Acting::user(user);
        apply_and_commit(state, &acting, doc, &def, &command, batch, Some(number)).await
    })
    .await
}

/// Runs any other command on a submitted matter.
pub async fn command(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    command: Command,
) -> ApiResult<MatterDoc> {
    retry(|| async {
        let doc = load_visible(state, user, key).await?;
        let def = definition_of(state, &doc).await?;
        let command = match &command {
            Command::Resubmit {
                dispatch,
                values,
                note,
            } => Command::Resubmit {
                dispatch: dispatch.clone(),
                values: super::validate::validate_full(state, &def, key, values).await?,
                note: note.clone(),
            },
            Command::Approve {
                task,
                opinion,
                edits,
            } if !edits.is_empty() => {
                // The merged values must pass the same validation as a submission; only the
                // edited fields (cleaned) go to the runtime, which checks they are editable.
                let mut merged = doc.state.values.clone();
                merged.extend(edits.clone());
                let clean = super::validate::validate_full(state, &def, key, &merged).await?;
                let edits = edits
                    .keys()
                    .map(|k| (k.clone(), clean.get(k).cloned().unwrap_or(Value::Null)))
                    .collect();
                Command::Approve {
                    task: *task,
                    opinion: opinion.clone(),
                    edits,
                }
            }
            Command::Transfer { to, .. } | Command::Delegate { to, .. } => {
                known_users(state, &[to.to_string()]).await?;
                command.clone()
            }
            Command::AddSigners { users, .. } => {
                let names: Vec<String> = users.iter().map(ToString::to_string).collect();
                known_users(state, &names).await?;
                command.clone()
            }
            Command::Return {
                code: Some(code), ..
            } if !code.trim().is_empty() => {
                return_reason(state, code).await?;
                command.clone()
            }
            other => other.clone(),
        };
        let acting = Acting::user(user);
        apply_and_commit(state, &acting, doc, &def, &command, Batch::new(), None).await
    })
    .await
}

/// Runs a report of `unit`'s own system (受办分离) on dispatch `node` of the matter numbered
/// `number`, through the same load → run → persist path as every command: one transaction
/// with the events, work lists and notifications, retried on conflict. The caller (the signed
/// `/open/v1` handlers) has authenticated the caller as an enabled external system of `unit`;
/// `system_label` names that system (e.g. `ext:<app key>`, never a user's login name): it is
/// the synthetic actor's user name, recorded as the actor of the events and as `by` of a
/// return. A coded return is checked against the 退回原因 dictionary as for a user's return.
/// A repeated acknowledgement that changes nothing writes nothing and returns the matter as
/// it is.
///
/// Errors: 404 `not_found` for an unknown number; the runtime's refusals (`not_external_dispatch`,
/// `not_dispatch_unit`, `dispatch_wrong_status`, `bad_external_step`, `external_ref_conflict` …);
/// 400 `unknown_reason_code`.
pub async fn external_action(
    state: &AppState,
    number: &str,
    node: &str,
    unit: &UnitCode,
    action: ExternalAction,
    system_label: &str,
) -> ApiResult<MatterDoc> {
    if let ExternalAction::Return {
        code: Some(code), ..
    } = &action
        && !code.trim().is_empty()
    {
        return_reason(state, code).await?;
    }
    let key = store::key_by_number(&state.db, number)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let command = Command::External {
        node: NodeId::new(node),
        unit: unit.clone(),
        action,
    };
    let acting = Acting::system(system_label);
    retry(|| async {
        let doc = store::load(&state.db, &key)
            .await?
            .ok_or_else(ApiError::not_found)?;
        let def = definition_of(state, &doc).await?;
        apply_and_commit(state, &acting, doc, &def, &command, Batch::new(), None).await
    })
    .await
}

/// Who runs a command: a signed-in user, or an external system's synthetic actor.
struct Acting {
    /// What the runtime sees.
    actor: Actor,
    /// The name recorded on the events and kept out of the notifications.
    name: String,
}

impl Acting {
    fn user(user: &CurrentUser) -> Self {
        Self {
            actor: user.actor(),
            name: user.username.clone(),
        }
    }

    /// An external system: no posts, no administrator rights.
    fn system(label: &str) -> Self {
        Self {
            actor: Actor {
                user: UserName::new(label),
                posts: Vec::new(),
                admin: false,
            },
            name: label.to_owned(),
        }
    }
}

async fn apply_and_commit(
    state: &AppState,
    acting: &Acting,
    doc: MatterDoc,
    def: &MatterTypeDef,
    command: &Command,
    mut batch: Batch,
    number: Option<String>,
) -> ApiResult<MatterDoc> {
    let now = state.clock.now();
    let directory = OrgDirectory::load(&state.db).await?;
    let transition = {
        let rules = TypeRules {
            engine: &state.scripts,
            def,
        };
        let ctx = Ctx {
            now,
            actor: &acting.actor,
            rules: &rules,
            directory: &directory,
        };
        lianban_runtime::apply(def, &doc.state, command, &ctx)?
    };
    if transition.events.is_empty() && transition.state == doc.state {
        // A repeated report that changes nothing (an external acknowledgement).
        return Ok(doc);
    }
    let mut next = doc.clone();
    if let Some(number) = number {
        next.number = Some(number);
    }
    for event in &transition.events {
        match event {
            Event::Dispatched { unit, .. } if !next.units.iter().any(|u| u == unit.as_str()) => {
                next.units.push(unit.to_string());
            }
            Event::Resubmitted {
                dispatch, changes, ..
            } => {
                next.changes.insert(dispatch.to_string(), changes.clone());
            }
            _ => {}
        }
    }
    next.state = transition.state;
    next.updated_ms = now.as_millisecond();
    next.event_seq += transition.events.len() as i64;
    store::add_update(&mut batch, &next);
    store::add_events(
        &mut batch,
        &doc.key,
        doc.event_seq + 1,
        now,
        Some(&acting.name),
        &transition.events,
    );
    let names = worklist::Names::load(state, &next).await?;
    worklist::add_sync(&mut batch, Some(&doc), Some(&next), &names);
    let notes = notify::plan(state, &next, &transition.events, &acting.name, &names).await?;
    let outbox = notify::Outbox::prepare(state, &notes, now.as_millisecond()).await?;
    outbox.add_to(&mut batch);
    let change = push::Change {
        before: &doc,
        after: &next,
        def,
        events: &transition.events,
        names: &names,
        now,
    };
    let pushes = push::plan(state, change).await?;
    pushes.add_to(&mut batch);
    batch.commit(&state.db).await?;
    if outbox.has_pending() {
        state.notify.wake();
    }
    if pushes.has_rows() {
        state.push.wake();
    }
    next.version += 1;
    Ok(next)
}

/// Refuses with 400 `unknown_reason_code` unless `code` is an enabled item of the 退回原因
/// dictionary (`return_reason`).
async fn return_reason(state: &AppState, code: &str) -> ApiResult<()> {
    let dict = crate::dict::store::get(&state.db, "return_reason").await?;
    let known = dict.is_some_and(|d| d.items.iter().any(|i| i.enabled && i.value == code.trim()));
    if known {
        Ok(())
    } else {
        Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "unknown_reason_code",
            format!("退回原因代码「{code}」不存在或已停用"),
        ))
    }
}

/// Refuses with 400 `unknown_user` when one of these users does not exist.
async fn known_users(state: &AppState, usernames: &[String]) -> ApiResult<()> {
    if usernames.is_empty() {
        return Ok(());
    }
    let found = org::display_names(&state.db, usernames).await?;
    match usernames
        .iter()
        .find(|u| !found.iter().any(|(f, _)| f == *u))
    {
        Some(missing) => Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "unknown_user",
            format!("用户「{missing}」不存在"),
        )),
        None => Ok(()),
    }
}

/// Runs `f` again while it fails with a transaction conflict, up to [`MAX_ATTEMPTS`] times.
async fn retry<T, F, Fut>(mut f: F) -> ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ApiResult<T>>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match f().await {
            Err(e) if e.code == "conflict" && attempt < MAX_ATTEMPTS => {
                tracing::debug!(attempt, "conflict; retrying command");
                tokio::task::yield_now().await;
            }
            other => return other,
        }
    }
}
