//! Tera templates embedded in the binary: notification texts per event kind and delivery
//! channel (and, later, the approval sheet and export headers). A folder of `*.tera` files can
//! override any of them without a rebuild (same relative name, e.g. `notify/inapp/todo.tera`).
//!
//! A notification template renders twice, once with `part = "title"` and once with
//! `part = "body"`; both results are trimmed. Which kinds, channels and variables exist is the
//! server's business (its notification catalog); this crate only knows the files.

use std::path::Path;
use tera::{Context, Tera};

/// The embedded templates: (name, source). Notification templates are `notify/<channel>/<kind>.tera`.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "notify/inapp/todo.tera",
        include_str!("../notify/inapp/todo.tera"),
    ),
    (
        "notify/inapp/returned.tera",
        include_str!("../notify/inapp/returned.tera"),
    ),
    (
        "notify/inapp/unit_done.tera",
        include_str!("../notify/inapp/unit_done.tera"),
    ),
    (
        "notify/inapp/all_done.tera",
        include_str!("../notify/inapp/all_done.tera"),
    ),
    (
        "notify/inapp/urged.tera",
        include_str!("../notify/inapp/urged.tera"),
    ),
    (
        "notify/inapp/closed.tera",
        include_str!("../notify/inapp/closed.tera"),
    ),
    (
        "notify/inapp/voided.tera",
        include_str!("../notify/inapp/voided.tera"),
    ),
    (
        "notify/inapp/cc.tera",
        include_str!("../notify/inapp/cc.tera"),
    ),
    (
        "notify/zwdd/todo.tera",
        include_str!("../notify/zwdd/todo.tera"),
    ),
    (
        "notify/zwdd/returned.tera",
        include_str!("../notify/zwdd/returned.tera"),
    ),
    (
        "notify/zwdd/unit_done.tera",
        include_str!("../notify/zwdd/unit_done.tera"),
    ),
    (
        "notify/zwdd/all_done.tera",
        include_str!("../notify/zwdd/all_done.tera"),
    ),
    (
        "notify/zwdd/urged.tera",
        include_str!("../notify/zwdd/urged.tera"),
    ),
    (
        "notify/zwdd/closed.tera",
        include_str!("../notify/zwdd/closed.tera"),
    ),
    (
        "notify/zwdd/voided.tera",
        include_str!("../notify/zwdd/voided.tera"),
    ),
    (
        "notify/zwdd/cc.tera",
        include_str!("../notify/zwdd/cc.tera"),
    ),
    (
        "notify/inapp/docket.tera",
        include_str!("../notify/inapp/docket.tera"),
    ),
    (
        "notify/inapp/docket_reply.tera",
        include_str!("../notify/inapp/docket_reply.tera"),
    ),
    (
        "notify/zwdd/docket.tera",
        include_str!("../notify/zwdd/docket.tera"),
    ),
    (
        "notify/zwdd/docket_reply.tera",
        include_str!("../notify/zwdd/docket_reply.tera"),
    ),
    (
        "notify/inapp/deadline.tera",
        include_str!("../notify/inapp/deadline.tera"),
    ),
    (
        "notify/inapp/deadline_escalated.tera",
        include_str!("../notify/inapp/deadline_escalated.tera"),
    ),
    (
        "notify/zwdd/deadline.tera",
        include_str!("../notify/zwdd/deadline.tera"),
    ),
    (
        "notify/zwdd/deadline_escalated.tera",
        include_str!("../notify/zwdd/deadline_escalated.tera"),
    ),
];

/// A template failure.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A template does not parse or render.
    #[error("template {name}: {message}")]
    Render {
        /// Template name.
        name: String,
        /// Tera's message (with its causes).
        message: String,
    },
    /// There is no template of that name.
    #[error("template {0} does not exist")]
    Missing(String),
    /// The override folder could not be read.
    #[error("template folder: {0}")]
    Io(String),
}

impl TemplateError {
    /// The failure in Chinese for the administrators who write templates: where a syntax error
    /// is, which variable or filter does not exist; Tera's own words for anything else.
    pub fn reason(&self) -> String {
        match self {
            TemplateError::Render { message, .. } => explain(message),
            TemplateError::Missing(name) => format!("模板{name}不存在"),
            TemplateError::Io(message) => format!("模板目录无法读取：{message}"),
        }
    }
}

/// [`TemplateError::reason`] of a Tera message (as [`describe`] writes it).
fn explain(message: &str) -> String {
    let between = |start: &str, end: &str| {
        let rest = &message[message.find(start)? + start.len()..];
        Some(rest[..rest.find(end)?].to_owned())
    };
    if message.contains("Failed to parse") {
        // pest marks the spot as `--> line:column`.
        let at = between("--> ", "\n")
            .and_then(|at| {
                let (line, column) = at.trim().split_once(':')?;
                Some(format!("第{line}行第{column}列"))
            })
            .unwrap_or_default();
        return format!("{at}有语法错误，请检查 {{% … %}} 和 {{{{ … }}}} 是否完整、成对");
    }
    if let Some(name) = between("Variable `", "` not found") {
        return format!("变量「{name}」不存在，只能使用列出的变量");
    }
    if let Some(name) = between("Filter '", "' not found") {
        return format!("过滤器「{name}」不存在");
    }
    message.to_owned()
}

/// A rendered notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The `title` part.
    pub title: String,
    /// The `body` part.
    pub body: String,
}

/// Where a template's source comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Embedded,
    /// The override folder.
    Folder,
}

/// The compiled templates and their sources.
pub struct Templates {
    tera: Tera,
    sources: Vec<(String, String, Origin)>,
}

fn describe(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The name of the notification template of `kind` on `channel`.
pub fn notification_name(kind: &str, channel: &str) -> String {
    format!("notify/{channel}/{kind}.tera")
}

impl Templates {
    /// The embedded templates only.
    pub fn embedded() -> Result<Self, TemplateError> {
        Self::build(&[])
    }

    /// The embedded templates, with any `*.tera` file under `dir` overriding the one of the same
    /// relative name.
    pub fn with_overrides(dir: &Path) -> Result<Self, TemplateError> {
        let mut overrides = Vec::new();
        for (name, _) in EMBEDDED {
            let path = dir.join(name);
            if path.is_file() {
                let source =
                    std::fs::read_to_string(&path).map_err(|e| TemplateError::Io(e.to_string()))?;
                overrides.push(((*name).to_owned(), source));
            }
        }
        Self::build(&overrides)
    }

    fn build(overrides: &[(String, String)]) -> Result<Self, TemplateError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![]);
        let mut sources = Vec::new();
        for (name, embedded) in EMBEDDED {
            let (source, origin) = match overrides.iter().find(|(n, _)| n == name) {
                Some((_, s)) => (s.as_str(), Origin::Folder),
                None => (*embedded, Origin::Embedded),
            };
            tera.add_raw_template(name, source)
                .map_err(|e| TemplateError::Render {
                    name: (*name).to_owned(),
                    message: describe(&e),
                })?;
            sources.push(((*name).to_owned(), source.to_owned(), origin));
        }
        Ok(Self { tera, sources })
    }

    /// The source in force for notification `kind` on `channel` (folder override or embedded),
    /// and where it comes from; `None` when there is no such template.
    pub fn notification_source(&self, kind: &str, channel: &str) -> Option<(&str, Origin)> {
        let name = notification_name(kind, channel);
        self.sources
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, s, o)| (s.as_str(), *o))
    }

    /// Renders the title and body of notification `kind` (e.g. `todo`) for `channel` (e.g.
    /// `inapp`) with `vars`.
    pub fn notification(
        &self,
        kind: &str,
        channel: &str,
        vars: &serde_json::Value,
    ) -> Result<Message, TemplateError> {
        let name = notification_name(kind, channel);
        if !self.sources.iter().any(|(n, _, _)| *n == name) {
            return Err(TemplateError::Missing(name));
        }
        render_parts(&name, vars, |ctx| self.tera.render(&name, ctx))
    }
}

/// Renders a notification template given as source text (an administrator's version), exactly
/// as [`Templates::notification`] renders a stored one; `name` only labels errors.
pub fn render_notification_source(
    name: &str,
    source: &str,
    vars: &serde_json::Value,
) -> Result<Message, TemplateError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    tera.add_raw_template(name, source)
        .map_err(|e| TemplateError::Render {
            name: name.to_owned(),
            message: describe(&e),
        })?;
    render_parts(name, vars, |ctx| tera.render(name, ctx))
}

fn render_parts(
    name: &str,
    vars: &serde_json::Value,
    render: impl Fn(&Context) -> tera::Result<String>,
) -> Result<Message, TemplateError> {
    let part = |part: &str| {
        let mut ctx = Context::from_value(vars.clone()).map_err(|e| TemplateError::Render {
            name: name.to_owned(),
            message: describe(&e),
        })?;
        ctx.insert("part", part);
        render(&ctx)
            .map(|s| s.trim().to_owned())
            .map_err(|e| TemplateError::Render {
                name: name.to_owned(),
                message: describe(&e),
            })
    };
    Ok(Message {
        title: part("title")?,
        body: part("body")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KINDS: [&str; 12] = [
        "todo",
        "returned",
        "unit_done",
        "all_done",
        "urged",
        "closed",
        "voided",
        "cc",
        "docket",
        "docket_reply",
        "deadline",
        "deadline_escalated",
    ];

    fn vars() -> serde_json::Value {
        json!({ "title": "张三调入", "number": "联办〔2026〕00001号", "type_name": "人员调入联办",
                "unit": "区财政局", "step": "经办人审核", "reason": "缺少体检表", "initiator": "王晓燕",
                "message": "", "tier": "蓝色预警", "limit": "人社局审核的办理时限",
                "due": "2026-03-05 17:30", "overdue": false })
    }

    #[test]
    fn every_kind_renders_on_every_channel() {
        let t = Templates::embedded().unwrap();
        for channel in ["inapp", "zwdd"] {
            for kind in KINDS {
                let m = t.notification(kind, channel, &vars()).unwrap();
                assert!(
                    !m.title.is_empty() && !m.body.is_empty(),
                    "{kind}/{channel}"
                );
                assert_eq!(
                    t.notification_source(kind, channel).map(|(_, o)| o),
                    Some(Origin::Embedded)
                );
            }
        }
        let m = t.notification("returned", "inapp", &vars()).unwrap();
        assert_eq!(m.title, "办件被退回：张三调入");
        assert_eq!(
            m.body,
            "区财政局退回了联办〔2026〕00001号，理由：缺少体检表。请补正后重新提交。"
        );
        let m = t.notification("todo", "zwdd", &vars()).unwrap();
        assert_eq!(m.title, "【联办】新的待办：张三调入");
    }

    #[test]
    fn deadline_texts_say_when_and_whether_late() {
        let t = Templates::embedded().unwrap();
        let mut v = vars();
        let obj = v.as_object_mut().unwrap();
        obj.insert("tier".into(), json!("蓝色预警"));
        obj.insert("limit".into(), json!("人社局审核的办理时限"));
        obj.insert("due".into(), json!("2026-03-05 17:30"));
        obj.insert("overdue".into(), json!(false));
        let m = t.notification("deadline", "inapp", &v).unwrap();
        assert_eq!(m.title, "蓝色预警：张三调入");
        assert_eq!(
            m.body,
            "联办〔2026〕00001号「张三调入」：人社局审核的办理时限将于2026-03-05 17:30到期，请抓紧办理。"
        );
        v["tier"] = json!("红色预警");
        v["overdue"] = json!(true);
        assert_eq!(
            t.notification("deadline_escalated", "inapp", &v)
                .unwrap()
                .body,
            "联办〔2026〕00001号「张三调入」：人社局审核的办理时限已于2026-03-05 17:30到期，尚未办结（承办：区财政局），请关注督办。"
        );
        v["unit"] = json!("");
        assert_eq!(
            t.notification("deadline", "inapp", &v).unwrap().body,
            "联办〔2026〕00001号「张三调入」：人社局审核的办理时限已于2026-03-05 17:30到期，已超期，请尽快办理。"
        );
    }

    #[test]
    fn unknown_kind_and_missing_variable_are_errors() {
        let t = Templates::embedded().unwrap();
        assert!(matches!(
            t.notification("nope", "inapp", &vars()),
            Err(TemplateError::Missing(_))
        ));
        assert!(t.notification("todo", "sms", &vars()).is_err());
        assert!(t.notification("todo", "inapp", &json!({})).is_err());
        assert!(t.notification_source("todo", "sms").is_none());
    }

    #[test]
    fn source_text_renders_like_a_stored_template() {
        let source = "{% if part == \"title\" %}待办 {{ number }}{% else %}{{ title }}{% endif %}";
        let m = render_notification_source("custom", source, &vars()).unwrap();
        assert_eq!(
            (m.title.as_str(), m.body.as_str()),
            ("待办 联办〔2026〕00001号", "张三调入")
        );
        let err = render_notification_source("custom", "{% if %}", &vars()).unwrap_err();
        assert!(err.to_string().contains("custom"), "{err}");
        let err = render_notification_source("custom", "{{ nobody }}", &vars()).unwrap_err();
        assert!(err.to_string().contains("nobody"), "{err}");
    }

    #[test]
    fn failures_are_explained_in_chinese() {
        let reason = |source: &str| {
            render_notification_source("todo/inapp", source, &vars())
                .unwrap_err()
                .reason()
        };
        assert_eq!(
            reason("{% if part == \"title\" %}\n{{ title }\n{% endif %}"),
            "第2行第10列有语法错误，请检查 {% … %} 和 {{ … }} 是否完整、成对"
        );
        assert!(reason("{% if %}").starts_with("第1行第7列有语法错误"));
        assert_eq!(
            reason("{{ applicant }}"),
            "变量「applicant」不存在，只能使用列出的变量"
        );
        assert_eq!(reason("{{ title | shout }}"), "过滤器「shout」不存在");
        assert_eq!(
            TemplateError::Missing("notify/sms/todo.tera".into()).reason(),
            "模板notify/sms/todo.tera不存在"
        );
    }

    #[test]
    fn folder_overrides_embedded() {
        let dir = std::env::temp_dir().join(format!("lianban-tpl-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("notify/inapp")).unwrap();
        std::fs::write(
            dir.join("notify/inapp/todo.tera"),
            "{% if part == \"title\" %}待办{% else %}{{ title }}{% endif %}",
        )
        .unwrap();
        let t = Templates::with_overrides(&dir).unwrap();
        assert_eq!(
            t.notification("todo", "inapp", &vars()).unwrap(),
            Message {
                title: "待办".into(),
                body: "张三调入".into()
            }
        );
        assert_eq!(
            t.notification_source("todo", "inapp").map(|(_, o)| o),
            Some(Origin::Folder)
        );
        assert_eq!(
            t.notification_source("todo", "zwdd").map(|(_, o)| o),
            Some(Origin::Embedded)
        );
        std::fs::write(dir.join("notify/inapp/todo.tera"), "{% if %}").unwrap();
        assert!(Templates::with_overrides(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
