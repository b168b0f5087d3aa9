//! The Chinese page at `/`: a phone inbox per demo account (picked from the list of users with
//! their units; newest notice first, each drawn by its `msgtype` — OA card, action card, link,
//! markdown and text), the failure-mode switch and the log of every gateway call with its
//! verification result. Server-rendered HTML with inline CSS.

use super::Shared;
use super::gateway::Fault;
use super::state::{Account, Call, Notice, Snapshot};
use crate::fault::Faulty;
use crate::html::{encode, esc, wire};
use axum::extract::{Query, State};
use axum::response::Html;
use lianban_zwdd::msg::{ActionCard, Msg, Oa};
use serde::Deserialize;
use std::fmt::Write;

/// The page's query: whose inbox to show.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    account: Option<String>,
}

/// `GET /`.
pub async fn index(State(sim): State<Shared>, Query(query): Query<PageQuery>) -> Html<String> {
    let snapshot = sim.store.snapshot();
    Html(render(
        &sim,
        &snapshot,
        sim.current_fault(),
        query.account.as_deref(),
    ))
}

const STYLE: &str = "
*{box-sizing:border-box}body{margin:0;font:14px/1.6 'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1f2329;background:#eef2f8}
header{background:#1464e6;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.9;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:20px 24px}section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:20px}
h2{font-size:17px;margin:0 0 12px;border-left:4px solid #1464e6;padding-left:8px}.empty{color:#8a919f}.muted{color:#8a919f;font-size:12px}
.inbox{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}.people{list-style:none;margin:0;padding:0;min-width:260px}
.people a{display:flex;justify-content:space-between;gap:8px;padding:6px 10px;border-radius:6px;color:inherit;text-decoration:none}
.people a:hover{background:#f2f5fa}.people a.on{background:#e8f0fe;color:#1464e6;font-weight:600}.count{background:#f54a45;color:#fff;border-radius:9px;padding:0 7px;font-size:12px}
.phone{width:380px;border:10px solid #1f2329;border-radius:28px;background:#f5f6f7;min-height:560px;overflow:hidden}
.phone .bar{background:#fff;padding:10px 14px;border-bottom:1px solid #e5e6eb;font-weight:600}.phone .list{padding:10px}
.msg{background:#fff;border-radius:8px;margin-bottom:10px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.06)}.msg .from{padding:6px 12px 0;font-size:12px;color:#8a919f}
.msg .body{padding:6px 12px 10px}.msg h4{margin:2px 0 6px;font-size:15px}.msg pre{white-space:pre-wrap;font:inherit;margin:0}
.oa-head{padding:6px 12px;color:#fff;font-size:13px}.oa-form{width:100%;border-collapse:collapse;margin:4px 0}.oa-form td{padding:2px 0;vertical-align:top}.oa-form td:first-child{color:#8a919f;width:88px}
.rich{font-size:22px;color:#1464e6}.go{display:block;border-top:1px solid #eef0f3;padding:8px 12px;color:#1464e6;text-decoration:none}
.buttons{display:flex;border-top:1px solid #eef0f3}.buttons a{flex:1;text-align:center;padding:8px;color:#1464e6;text-decoration:none}
table.log{border-collapse:collapse;width:100%}.log th,.log td{border:1px solid #e5e6eb;padding:4px 8px;text-align:left;vertical-align:top}.log th{background:#f7f8fa;font-weight:500}
.accepted{color:#137333}.refused{color:#b3261e}.fault{color:#b25e00}code{background:#f2f4f7;padding:0 4px;border-radius:3px}header code{background:rgba(255,255,255,.15);color:#fff}
.actions{display:flex;gap:12px;margin:10px 0}input,select{font:inherit;padding:4px 6px;border:1px solid #c9cdd4;border-radius:4px}
button{font:inherit;padding:5px 14px;border:0;border-radius:4px;background:#1464e6;color:#fff;cursor:pointer}
";

fn render(sim: &Shared, snapshot: &Snapshot, fault: Fault, account: Option<&str>) -> String {
    let config = &sim.config;
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>浙政钉工作通知（模拟网关）</title><style>{STYLE}</style></head><body>\
         <header><h1>浙政钉开放平台网关（模拟）</h1><p>联办发送的浙政钉工作通知在这里查看 · 接口 <code>POST /message/workNotification</code> · AppKey {} · 租户 {}</p></header><main>",
        esc(&config.app_key),
        esc(&config.tenant_id),
    );
    let selected = account
        .and_then(|id| sim.accounts.iter().find(|a| a.id == id))
        .or_else(|| sim.accounts.first());
    render_inbox(&mut out, &sim.accounts, snapshot, selected);
    crate::fault::render(
        &mut out,
        fault,
        &format!(
            "用于观察联办的重试：HTTP 500、超时和网关错误应答都会使联办按退避重试（<code>bizMsgId</code> 不变，重试成功后不会重复送达）。超时模式挂起 {} 秒（联办每次最多等 10 秒）。",
            config.hang.as_secs()
        ),
    );
    render_calls(&mut out, &snapshot.calls);
    out.push_str("</main></body></html>");
    out
}

fn render_inbox(
    out: &mut String,
    accounts: &[Account],
    snapshot: &Snapshot,
    selected: Option<&Account>,
) {
    out.push_str(
        "<section id=\"inbox\"><h2>手机收件箱</h2><div class=\"inbox\"><ul class=\"people\">",
    );
    for a in accounts {
        let count = snapshot.inbox(&a.id).len();
        let on = if selected.is_some_and(|s| s.id == a.id) {
            " class=\"on\""
        } else {
            ""
        };
        let badge = if count > 0 {
            format!("<span class=\"count\">{count}</span>")
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<li><a{on} href=\"/?account={}#inbox\"><span>{} <span class=\"muted\">{} · {}</span></span>{badge}</a></li>",
            encode(&a.id),
            esc(&a.name),
            esc(&a.unit),
            esc(&a.id),
        );
    }
    out.push_str("</ul>");
    let Some(account) = selected else {
        out.push_str("<p class=\"empty\">演示数据中没有绑定浙政钉账号的用户。</p></div></section>");
        return;
    };
    let notices = snapshot.inbox(&account.id);
    let _ = write!(
        out,
        "<div class=\"phone\"><div class=\"bar\">工作通知 · {}（{}）</div><div class=\"list\">",
        esc(&account.name),
        esc(&account.unit)
    );
    if notices.is_empty() {
        out.push_str("<p class=\"empty\">还没有工作通知。在联办中办理一件与此人有关的事项（如给他派发待办）后，通知会出现在这里。</p>");
    }
    for notice in notices {
        render_notice(out, notice);
    }
    out.push_str("</div></div></div></section>");
}

fn render_notice(out: &mut String, notice: &Notice) {
    let _ = write!(
        out,
        "<article class=\"msg\" data-msg-id=\"{}\"><div class=\"from\">联办 · {}</div>",
        esc(&notice.msg_id),
        esc(&notice.at)
    );
    match serde_json::from_value::<Msg>(notice.msg.clone()) {
        Ok(Msg::Text { text }) => {
            let _ = write!(
                out,
                "<div class=\"body\"><pre>{}</pre></div>",
                esc(&text.content)
            );
        }
        Ok(Msg::Markdown { markdown }) => {
            let _ = write!(
                out,
                "<div class=\"body\"><h4>{}</h4><pre>{}</pre></div>",
                esc(&markdown.title),
                esc(&markdown.text)
            );
        }
        Ok(Msg::Link { link }) => {
            let _ = write!(
                out,
                "<div class=\"body\"><h4>{}</h4><pre>{}</pre></div>{}",
                esc(&link.title),
                esc(&link.text),
                go(Some(&link.message_url), "查看详情")
            );
        }
        Ok(Msg::Oa { oa }) => render_oa(out, &oa),
        Ok(Msg::ActionCard { action_card }) => render_action_card(out, &action_card),
        Err(_) => {
            let _ = write!(
                out,
                "<div class=\"body\"><pre>{}</pre></div>",
                esc(&notice.msg.to_string())
            );
        }
    }
    out.push_str("</article>");
}

fn render_oa(out: &mut String, oa: &Oa) {
    let color = oa
        .head
        .bgcolor
        .as_deref()
        .filter(|c| matches!(c.len(), 6 | 8) && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or("1464E6", |c| &c[c.len() - 6..]);
    let _ = write!(
        out,
        "<div class=\"oa-head\" style=\"background:#{color}\">{}</div><div class=\"body\">",
        esc(oa.head.text.as_deref().unwrap_or("联办"))
    );
    let body = &oa.body;
    if let Some(title) = &body.title {
        let _ = write!(out, "<h4>{}</h4>", esc(title));
    }
    if let Some(rich) = &body.rich {
        let _ = write!(
            out,
            "<div class=\"rich\">{} <span class=\"muted\">{}</span></div>",
            esc(&rich.num),
            esc(rich.unit.as_deref().unwrap_or(""))
        );
    }
    if !body.form.is_empty() {
        out.push_str("<table class=\"oa-form\">");
        for row in &body.form {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&row.key),
                esc(&row.value)
            );
        }
        out.push_str("</table>");
    }
    if let Some(content) = &body.content {
        let _ = write!(out, "<pre>{}</pre>", esc(content));
    }
    let extra: Vec<String> = [
        body.author.as_ref().map(|a| format!("发送人：{}", esc(a))),
        body.file_count
            .as_ref()
            .map(|n| format!("附件 {} 个", esc(n.as_str().map_or(&n.to_string(), |s| s)))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !extra.is_empty() {
        let _ = write!(out, "<p class=\"muted\">{}</p>", extra.join(" · "));
    }
    out.push_str("</div>");
    out.push_str(&go(oa.message_url.as_deref(), "查看办件"));
}

fn render_action_card(out: &mut String, card: &ActionCard) {
    let _ = write!(
        out,
        "<div class=\"body\"><h4>{}</h4><pre>{}</pre></div>",
        esc(&card.title),
        esc(&card.markdown)
    );
    if let (Some(title), Some(url)) = (&card.single_title, &card.single_url) {
        out.push_str(&go(Some(url), title));
    } else {
        out.push_str("<div class=\"buttons\">");
        for b in &card.btn_json_list {
            out.push_str(&link(&b.action_url, &b.title));
        }
        out.push_str("</div>");
    }
}

/// The bottom link of a card, when it has a web address.
fn go(url: Option<&str>, label: &str) -> String {
    match url {
        Some(url) if is_web(url) => format!(
            "<a class=\"go\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{} ›</a>",
            esc(url),
            esc(label)
        ),
        Some(url) => format!(
            "<span class=\"go muted\">{}：{}</span>",
            esc(label),
            esc(url)
        ),
        None => String::new(),
    }
}

fn link(url: &str, label: &str) -> String {
    if is_web(url) {
        format!(
            "<a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
            esc(url),
            esc(label)
        )
    } else {
        format!("<a>{}</a>", esc(label))
    }
}

/// Only web addresses become links (no `javascript:` from a message).
fn is_web(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn render_calls(out: &mut String, calls: &[Call]) {
    let _ = write!(
        out,
        "<section id=\"calls\"><h2>网关调用记录（{}）</h2>",
        calls.len()
    );
    if calls.is_empty() {
        out.push_str("<p class=\"empty\">尚无调用。</p></section>");
        return;
    }
    out.push_str("<table class=\"log\"><tr><th>时间</th><th>路径</th><th>bizMsgId</th><th>接收人</th><th>应答</th><th>结果</th><th>代码</th><th>说明</th></tr>");
    for c in calls.iter().rev() {
        let outcome = wire(c.outcome);
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"{outcome}\">{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(&c.at),
            esc(&c.path),
            esc(c.biz_msg_id.as_deref().unwrap_or("—")),
            esc(c.receivers.as_deref().unwrap_or("—")),
            c.status
                .map_or_else(|| "未应答".to_owned(), |s| s.to_string()),
            c.outcome.label(),
            esc(c.code.as_deref().unwrap_or("")),
            esc(&c.note),
        );
    }
    out.push_str("</table></section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn drawn(msg: serde_json::Value) -> String {
        let mut out = String::new();
        render_notice(
            &mut out,
            &Notice {
                msg_id: "zsim-000001".into(),
                biz_msg_id: None,
                receivers: vec!["10003".into()],
                at: "2026-03-02 09:00:00".into(),
                msg,
            },
        );
        out
    }

    #[test]
    fn each_type_is_drawn_with_its_parts_and_only_web_links() {
        let oa = drawn(
            json!({"msgtype":"oa","oa":{"message_url":"http://127.0.0.1:8080/matters/m1?task=3",
            "head":{"bgcolor":"FFBBBBBB","text":"联办"},
            "body":{"title":"新的待办","form":[{"key":"办件编号","value":"联办〔2026〕00001号"}],"author":"王晓燕"}}}),
        );
        assert!(oa.contains("background:#BBBBBB"), "{oa}");
        assert!(
            oa.contains("<td>办件编号</td><td>联办〔2026〕00001号</td>"),
            "{oa}"
        );
        assert!(
            oa.contains("href=\"http://127.0.0.1:8080/matters/m1?task=3\""),
            "{oa}"
        );
        assert!(oa.contains("查看办件"), "{oa}");
        let card = drawn(
            json!({"msgtype":"action_card","action_card":{"title":"新的待办：张三调入",
            "markdown":"请办理<b>","single_title":"查看办件","single_url":"javascript:alert(1)"}}),
        );
        assert!(card.contains("请办理&lt;b&gt;"), "{card}");
        assert!(!card.contains("href=\"javascript"), "{card}");
        let text = drawn(json!({"msgtype":"text","text":{"content":"新的待办\n请办理"}}));
        assert!(text.contains("<pre>新的待办\n请办理</pre>"), "{text}");
        let markdown =
            drawn(json!({"msgtype":"markdown","markdown":{"title":"标题","text":"# 正文"}}));
        assert!(
            markdown.contains("<h4>标题</h4><pre># 正文</pre>"),
            "{markdown}"
        );
    }
}
