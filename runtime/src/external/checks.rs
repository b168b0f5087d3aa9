//! The checks of what an external system reports: step names, handlers and times, texts and
//! result document ids. Reports come from another system, so nothing is taken on trust.

use crate::command::Ctx;
use crate::error::{RuntimeError, RuntimeResult};
use crate::state::{Dispatch, ExternalStep};
use jiff::{SignedDuration, Timestamp};

/// How far in the future a reported step time may lie (clock skew between the systems).
pub const CLOCK_TOLERANCE: SignedDuration = SignedDuration::from_mins(5);
/// The longest step name, handler name or external reference, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest opinion or return reason, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The most result documents one approval may carry.
pub const MAX_DOCUMENTS: usize = 50;

/// A reported step, checked: name and handler given and not too long, a time neither in the
/// future (beyond [`CLOCK_TOLERANCE`]) nor before the dispatch reached the unit (likewise).
pub(super) fn checked_step(
    (name, handler): (&str, &str),
    at: Timestamp,
    opinion: Option<&str>,
    dispatch: &Dispatch,
    ctx: &Ctx<'_>,
) -> RuntimeResult<ExternalStep> {
    let (name, handler) = (name.trim(), handler.trim());
    if name.is_empty() {
        return Err(RuntimeError::BadExternalStep("请填写办理环节名称"));
    }
    if handler.is_empty() {
        return Err(RuntimeError::BadExternalStep("请填写办理人"));
    }
    if name.chars().count() > MAX_NAME_CHARS || handler.chars().count() > MAX_NAME_CHARS {
        return Err(RuntimeError::BadExternalStep(
            "办理环节名称或办理人过长（最多100字）",
        ));
    }
    if at > ctx.now + CLOCK_TOLERANCE {
        return Err(RuntimeError::BadExternalStep("办理时间晚于当前时间"));
    }
    if at < dispatch.received_at - CLOCK_TOLERANCE {
        return Err(RuntimeError::BadExternalStep(
            "办理时间早于本单位收到办件的时间",
        ));
    }
    let opinion = checked_text(opinion, OPINION_TOO_LONG)?;
    Ok(ExternalStep {
        round: dispatch.rounds,
        name: name.to_owned(),
        handler: handler.to_owned(),
        at,
        opinion,
        reported_at: ctx.now,
    })
}

/// An optional text, trimmed (`None` when blank); `too_long` when over [`MAX_TEXT_CHARS`]
/// characters.
pub(super) fn checked_text(
    text: Option<&str>,
    too_long: &'static str,
) -> RuntimeResult<Option<String>> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if text.is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS) {
        return Err(RuntimeError::BadExternalStep(too_long));
    }
    Ok(text.map(str::to_owned))
}

pub(super) const OPINION_TOO_LONG: &str = "办理意见过长（最多2000字）";
pub(super) const REASON_TOO_LONG: &str = "退回理由过长（最多2000字）";

/// Result document ids, trimmed: none blank or longer than [`MAX_NAME_CHARS`], at most
/// [`MAX_DOCUMENTS`], no repeats.
pub(super) fn checked_documents(documents: &[String]) -> RuntimeResult<Vec<String>> {
    if documents.len() > MAX_DOCUMENTS {
        return Err(RuntimeError::BadExternalDocuments(
            "结果文件过多（最多50个）",
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(documents.len());
    for id in documents {
        let id = id.trim();
        if id.is_empty() || id.chars().count() > MAX_NAME_CHARS {
            return Err(RuntimeError::BadExternalDocuments("结果文件编号无效"));
        }
        if out.iter().any(|o| o == id) {
            return Err(RuntimeError::BadExternalDocuments("结果文件重复"));
        }
        out.push(id.to_owned());
    }
    Ok(out)
}
