//! Tera templates embedded in the binary: notification texts per event and per deadline warning
//! (and, later, the approval sheet and export headers). A folder of `*.tera` files can override
//! any of them without a rebuild (same relative name, e.g. `notify/todo.tera`).

use std::path::Path;
use tera::{Context, Tera};

/// The embedded templates: (name, source).
const EMBEDDED: &[(&str, &str)] = &[
    ("notify/todo.tera", include_str!("../notify/todo.tera")),
    (
        "notify/returned.tera",
        include_str!("../notify/returned.tera"),
    ),
    (
        "notify/unit_done.tera",
        include_str!("../notify/unit_done.tera"),
    ),
    (
        "notify/all_done.tera",
        include_str!("../notify/all_done.tera"),
    ),
    ("notify/urged.tera", include_str!("../notify/urged.tera")),
    ("notify/closed.tera", include_str!("../notify/closed.tera")),
    ("notify/voided.tera", include_str!("../notify/voided.tera")),
    ("notify/cc.tera", include_str!("../notify/cc.tera")),
    (
        "notify/deadline.tera",
        include_str!("../notify/deadline.tera"),
    ),
    (
        "notify/deadline_escalated.tera",
        include_str!("../notify/deadline_escalated.tera"),
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
    /// The override folder could not be read.
    #[error("template folder: {0}")]
    Io(String),
}

/// The compiled templates.
pub struct Templates {
    tera: Tera,
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
        for (name, source) in EMBEDDED {
            let source = overrides
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| s.as_str())
                .unwrap_or(source);
            tera.add_raw_template(name, source)
                .map_err(|e| TemplateError::Render {
                    name: (*name).to_owned(),
                    message: describe(&e),
                })?;
        }
        Ok(Self { tera })
    }

    /// Renders the title and body of notification `kind` (e.g. `todo`) with `vars`.
    pub fn notification(
        &self,
        kind: &str,
        vars: &serde_json::Value,
    ) -> Result<(String, String), TemplateError> {
        let name = format!("notify/{kind}.tera");
        let render = |part: &str| {
            let mut ctx = Context::from_value(vars.clone()).map_err(|e| TemplateError::Render {
                name: name.clone(),
                message: describe(&e),
            })?;
            ctx.insert("part", part);
            self.tera
                .render(&name, &ctx)
                .map(|s| s.trim().to_owned())
                .map_err(|e| TemplateError::Render {
                    name: name.clone(),
                    message: describe(&e),
                })
        };
        Ok((render("title")?, render("body")?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> serde_json::Value {
        json!({ "title": "张三调入", "number": "联办〔2026〕00001号", "type_name": "人员调入联办",
                "unit": "区财政局", "step": "经办人审核", "reason": "缺少体检表", "initiator": "王晓燕",
                "message": "" })
    }

    #[test]
    fn every_kind_renders() {
        let t = Templates::embedded().unwrap();
        for kind in [
            "todo",
            "returned",
            "unit_done",
            "all_done",
            "urged",
            "closed",
            "voided",
            "cc",
        ] {
            let (title, body) = t.notification(kind, &vars()).unwrap();
            assert!(!title.is_empty() && !body.is_empty(), "{kind}");
        }
        let (title, body) = t.notification("returned", &vars()).unwrap();
        assert_eq!(title, "办件被退回：张三调入");
        assert_eq!(
            body,
            "区财政局退回了联办〔2026〕00001号，理由：缺少体检表。请补正后重新提交。"
        );
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
        assert_eq!(
            t.notification("deadline", &v).unwrap(),
            (
                "蓝色预警：张三调入".into(),
                "联办〔2026〕00001号「张三调入」：人社局审核的办理时限将于2026-03-05 17:30到期，请抓紧办理。".into()
            )
        );
        v["tier"] = json!("红色预警");
        v["overdue"] = json!(true);
        assert_eq!(
            t.notification("deadline_escalated", &v).unwrap().1,
            "联办〔2026〕00001号「张三调入」：人社局审核的办理时限已于2026-03-05 17:30到期，尚未办结（承办：区财政局），请关注督办。"
        );
        v["unit"] = json!("");
        assert_eq!(
            t.notification("deadline", &v).unwrap().1,
            "联办〔2026〕00001号「张三调入」：人社局审核的办理时限已于2026-03-05 17:30到期，已超期，请尽快办理。"
        );
    }

    #[test]
    fn unknown_kind_and_missing_variable_are_errors() {
        let t = Templates::embedded().unwrap();
        assert!(t.notification("nope", &vars()).is_err());
        assert!(t.notification("todo", &json!({})).is_err());
    }

    #[test]
    fn folder_overrides_embedded() {
        let dir = std::env::temp_dir().join(format!("lianban-tpl-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("notify")).unwrap();
        std::fs::write(
            dir.join("notify/todo.tera"),
            "{% if part == \"title\" %}待办{% else %}{{ title }}{% endif %}",
        )
        .unwrap();
        let t = Templates::with_overrides(&dir).unwrap();
        assert_eq!(
            t.notification("todo", &vars()).unwrap(),
            ("待办".into(), "张三调入".into())
        );
        std::fs::write(dir.join("notify/todo.tera"), "{% if %}").unwrap();
        assert!(Templates::with_overrides(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
