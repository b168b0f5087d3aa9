//! The `msg` parameter of a work notice: a JSON object of at most [`MAX_BYTES`] bytes whose
//! `msgtype` names the object that carries the content. Shapes after the third-party clients of
//! the protocol notes (§1.6); `markdown` is DingTalk's `{title, text}` [I]. Unknown fields are
//! ignored, as a gateway would.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Largest `msg`, in bytes of JSON.
pub const MAX_BYTES: usize = 2048;

/// A work-notice message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msgtype", rename_all = "snake_case")]
pub enum Msg {
    /// Plain text.
    Text {
        /// The text.
        text: Text,
    },
    /// A link with a title, text and picture.
    Link {
        /// The link.
        link: Link,
    },
    /// Markdown with a title.
    Markdown {
        /// The markdown.
        markdown: Markdown,
    },
    /// An OA card: coloured head, title, key/value rows, a link.
    Oa {
        /// The card.
        oa: Oa,
    },
    /// A card with markdown and one button (or several).
    ActionCard {
        /// The card.
        action_card: ActionCard,
    },
}

/// `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// The text.
    pub content: String,
}

/// `link`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// Where a tap leads (`messageUrl`).
    pub message_url: String,
    /// The picture (`picUrl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pic_url: Option<String>,
    /// The title.
    pub title: String,
    /// The text.
    pub text: String,
}

/// `markdown` [I].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Markdown {
    /// The title (shown in the message list).
    pub title: String,
    /// The markdown.
    pub text: String,
}

/// `oa`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Oa {
    /// Where a tap leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_url: Option<String>,
    /// The coloured head.
    pub head: OaHead,
    /// The body.
    pub body: OaBody,
}

/// The head of an OA card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OaHead {
    /// Background colour, `AARRGGBB` hex (DingTalk's form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgcolor: Option<String>,
    /// The head's text (the app's name, usually).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The body of an OA card; every part is optional, but the card must show something.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OaBody {
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Key/value rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<OaRow>,
    /// A highlighted number with its unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rich: Option<OaRich>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// A picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The number of attachments (DingTalk sends it as a string; a number is taken too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_count: Option<Value>,
    /// The author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A row of an OA card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OaRow {
    /// The label.
    pub key: String,
    /// The value.
    pub value: String,
}

/// The highlighted number of an OA card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OaRich {
    /// The number.
    pub num: String,
    /// Its unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// `action_card`: one button (`single_title`, `single_url`) or a list of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionCard {
    /// The title.
    pub title: String,
    /// The body, markdown.
    pub markdown: String,
    /// The one button's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_title: Option<String>,
    /// The one button's link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_url: Option<String>,
    /// `0` buttons stacked, `1` side by side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub btn_orientation: Option<String>,
    /// The buttons, when there are several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub btn_json_list: Vec<Button>,
}

/// A button of an action card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    /// Its text.
    pub title: String,
    /// Its link.
    pub action_url: String,
}

/// Why a `msg` is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MsgError {
    /// Longer than [`MAX_BYTES`].
    #[error("msg 长度 {0} 字节，超过 2048 字节")]
    TooLong(usize),
    /// Not a JSON object with a string `msgtype`.
    #[error("msg 不是含 msgtype 的 JSON 对象")]
    NotJson,
    /// A `msgtype` the gateway does not know.
    #[error("不支持的消息类型「{0}」")]
    UnknownType(String),
    /// The object of the type is missing or has fields of the wrong kind.
    #[error("msg 格式不正确：{0}")]
    Shape(String),
    /// A required field is empty.
    #[error("msg 缺少 {0}")]
    Missing(&'static str),
}

/// The message types, as `msgtype` names them.
pub const TYPES: [&str; 5] = ["text", "link", "markdown", "oa", "action_card"];

impl Msg {
    /// Reads and checks a `msg` parameter.
    pub fn parse(json: &str) -> Result<Msg, MsgError> {
        if json.len() > MAX_BYTES {
            return Err(MsgError::TooLong(json.len()));
        }
        let value: Value = serde_json::from_str(json).map_err(|_| MsgError::NotJson)?;
        let kind = value["msgtype"].as_str().ok_or(MsgError::NotJson)?;
        if !TYPES.contains(&kind) {
            return Err(MsgError::UnknownType(kind.to_owned()));
        }
        let msg: Msg = serde_json::from_value(value).map_err(|e| MsgError::Shape(e.to_string()))?;
        msg.check()?;
        Ok(msg)
    }

    /// The `msgtype`.
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Text { .. } => "text",
            Msg::Link { .. } => "link",
            Msg::Markdown { .. } => "markdown",
            Msg::Oa { .. } => "oa",
            Msg::ActionCard { .. } => "action_card",
        }
    }

    fn check(&self) -> Result<(), MsgError> {
        let blank = |s: &str| s.trim().is_empty();
        let missing = |s: &Option<String>| s.as_deref().is_none_or(blank);
        let required = |ok: bool, path: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(MsgError::Missing(path))
            }
        };
        match self {
            Msg::Text { text } => required(!blank(&text.content), "text.content"),
            Msg::Link { link } => {
                required(!blank(&link.message_url), "link.messageUrl")?;
                required(!blank(&link.title), "link.title")?;
                required(!blank(&link.text), "link.text")
            }
            Msg::Markdown { markdown } => {
                required(!blank(&markdown.title), "markdown.title")?;
                required(!blank(&markdown.text), "markdown.text")
            }
            Msg::Oa { oa } => {
                let body = &oa.body;
                let shows_something = !missing(&body.title)
                    || !body.form.is_empty()
                    || !missing(&body.content)
                    || body.rich.is_some();
                required(shows_something, "oa.body.title / form / content / rich")
            }
            Msg::ActionCard { action_card: card } => {
                required(!blank(&card.title), "action_card.title")?;
                required(!blank(&card.markdown), "action_card.markdown")?;
                let single = !missing(&card.single_title) && !missing(&card.single_url);
                let buttons = !card.btn_json_list.is_empty()
                    && card
                        .btn_json_list
                        .iter()
                        .all(|b| !blank(&b.title) && !blank(&b.action_url));
                required(
                    single || buttons,
                    "action_card.single_title 与 single_url（或 btn_json_list）",
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_type_of_the_protocol_notes_parses() {
        let messages = [
            json!({"msgtype":"text","text":{"content":"新的待办"}}),
            json!({"msgtype":"link","link":{"messageUrl":"https://x/m","picUrl":"@lADO","title":"标题","text":"正文"}}),
            json!({"msgtype":"markdown","markdown":{"title":"标题","text":"# 正文"}}),
            json!({"msgtype":"oa","oa":{"message_url":"https://x/m","head":{"bgcolor":"FFBBBBBB","text":"联办"},
                "body":{"title":"新的待办","form":[{"key":"办件","value":"联办〔2026〕00001号"}],
                        "rich":{"num":"3","unit":"天"},"content":"请办理","file_count":"2","author":"王晓燕"}}}),
            json!({"msgtype":"action_card","action_card":{"title":"新的待办","markdown":"请办理",
                "single_title":"查看办件","single_url":"https://x/m"}}),
            json!({"msgtype":"action_card","action_card":{"title":"t","markdown":"m","btn_orientation":"1",
                "btn_json_list":[{"title":"同意","action_url":"https://x/a"},{"title":"退回","action_url":"https://x/r"}]}}),
        ];
        let kinds: Vec<_> = messages
            .iter()
            .map(|m| Msg::parse(&m.to_string()).unwrap().kind())
            .collect();
        assert_eq!(
            kinds,
            [
                "text",
                "link",
                "markdown",
                "oa",
                "action_card",
                "action_card"
            ]
        );
        let Msg::Oa { oa } = Msg::parse(&messages[3].to_string()).unwrap() else {
            panic!("an oa card")
        };
        assert_eq!(oa.body.form[0].value, "联办〔2026〕00001号");
        assert_eq!(oa.message_url.as_deref(), Some("https://x/m"));
    }

    #[test]
    fn bad_messages_are_refused_with_the_reason() {
        let refused = |msg: &str| Msg::parse(msg).unwrap_err();
        assert_eq!(refused("not json"), MsgError::NotJson);
        assert_eq!(refused(r#"{"text":{"content":"x"}}"#), MsgError::NotJson);
        assert_eq!(
            refused(r#"{"msgtype":"voice","voice":{}}"#),
            MsgError::UnknownType("voice".into())
        );
        assert!(matches!(
            refused(r#"{"msgtype":"text"}"#),
            MsgError::Shape(_)
        ));
        assert!(matches!(
            refused(r#"{"msgtype":"text","text":{"content":3}}"#),
            MsgError::Shape(_)
        ));
        assert_eq!(
            refused(r#"{"msgtype":"text","text":{"content":"  "}}"#),
            MsgError::Missing("text.content")
        );
        assert_eq!(
            refused(r#"{"msgtype":"link","link":{"messageUrl":"","title":"t","text":"x"}}"#),
            MsgError::Missing("link.messageUrl")
        );
        assert!(matches!(
            refused(
                r#"{"msgtype":"action_card","action_card":{"title":"t","markdown":"m","single_title":"查看"}}"#
            ),
            MsgError::Missing(_)
        ));
        assert!(matches!(
            refused(r#"{"msgtype":"oa","oa":{"head":{},"body":{}}}"#),
            MsgError::Missing(_)
        ));
        let long = json!({"msgtype":"text","text":{"content":"很".repeat(700)}}).to_string();
        assert_eq!(refused(&long), MsgError::TooLong(long.len()));
        assert_eq!(
            refused(&long).to_string(),
            format!("msg 长度 {} 字节，超过 2048 字节", long.len())
        );
    }
}
