//! The Chinese web page at `/`: received matters with their form values and materials, each
//! dispatch's history, steps, actions and call outcomes, the failure-mode switch and the
//! delivery log. Server-rendered HTML with inline CSS; forms POST and redirect back.

use super::Shared;
use super::events::Fault;
use super::state::{DeliveryRecord, DispatchRecord, DispatchStatus, MatterRecord, Snapshot};
use crate::fault::Faulty;
pub use crate::html::{encode, esc};
use axum::extract::State;
use axum::response::Html;
use lianban_sdk::sign;
use serde_json::Value;
use std::fmt::Write;

/// `GET /`.
pub async fn index(State(sim): State<Shared>) -> Html<String> {
    let fault = sim.current_fault();
    let snapshot = sim.store.snapshot();
    Html(render(&sim, &snapshot, fault))
}

const STYLE: &str = "
*{box-sizing:border-box}body{margin:0;font:14px/1.6 'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1f2329;background:#f2f4f7}
header{background:#0b5c3f;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85;font-size:13px}header code{background:rgba(255,255,255,.15);color:#fff}
main{max-width:1180px;margin:0 auto;padding:20px 24px}section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:20px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:17px;margin:0 0 12px;border-left:4px solid #0b5c3f;padding-left:8px}h3{font-size:16px;margin:0}h4{font-size:15px;margin:0 0 6px}
.empty{color:#8a919f}.matter{border:1px solid #e3e6eb;border-radius:8px;padding:14px 16px;margin-bottom:16px}
.matter .head{display:flex;gap:10px;align-items:center;flex-wrap:wrap}.no{font-family:monospace;color:#0b5c3f;font-weight:600}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:2px 16px;margin:8px 0}dl.meta div{display:flex;gap:6px}dt{color:#8a919f}dd{margin:0}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;background:#e8f0fe;color:#1a56db}
.s-received{background:#fff4e5;color:#b25e00}.s-handling{background:#e8f0fe;color:#1a56db}.s-approved{background:#e6f6ec;color:#137333}
.s-returned{background:#fdecea;color:#b3261e}.s-withdrawn,.s-voided{background:#eceff1;color:#5f6368}
.dispatch{border-top:1px dashed #d5d9e0;margin-top:10px;padding-top:10px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #e3e6eb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f7f8fa;font-weight:500;color:#4e5969}
table.kv th{width:160px}.files li,.history li{margin:2px 0}.muted{color:#8a919f;font-size:12px}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0}.actions form{background:#f7f8fa;border:1px solid #e3e6eb;border-radius:6px;padding:10px;display:flex;flex-direction:column;gap:6px;min-width:260px}.actions form span{font-size:12px;color:#4e5969}
.actions form.inline{flex-direction:row;align-items:center;background:none;border:none;padding:0;min-width:0}
label{font-size:12px;color:#4e5969}input,select,textarea{font:inherit;padding:4px 6px;border:1px solid #c9cdd4;border-radius:4px}
button{font:inherit;padding:5px 14px;border:0;border-radius:4px;background:#0b5c3f;color:#fff;cursor:pointer}button.warn{background:#b3261e}button.plain{background:#fff;color:#0b5c3f;border:1px solid #0b5c3f}
.calls{list-style:none;padding:0;margin:6px 0}.calls li{padding:4px 8px;border-radius:4px;margin:3px 0}.calls .ok{background:#e6f6ec}.calls .err{background:#fdecea}
.notice{padding:6px 10px;border-radius:4px;background:#fff4e5;color:#b25e00;margin:6px 0}code{background:#f2f4f7;padding:0 4px;border-radius:3px}
";

fn render(sim: &Shared, snapshot: &Snapshot, fault: Fault) -> String {
    let config = &sim.config;
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>自然资源和规划分局审批系统（模拟）</title><style>{STYLE}</style></head><body>\
         <header><h1>自然资源和规划分局审批系统</h1><p>联办「受办分离」对接示例（模拟系统） · 联办地址 {} · 应用标识 {} · 签名算法 {} · 事件接收路径 <code>{}</code></p></header><main>",
        esc(&config.lianban_url),
        esc(&config.app_key),
        config.algorithm.name(),
        super::config::EVENTS_PATH,
    );
    let _ = write!(
        out,
        "<section id=\"matters\"><h2>收到的办件（{}）</h2>",
        snapshot.matters.len()
    );
    if snapshot.matters.is_empty() {
        out.push_str("<p class=\"empty\">尚未收到联办推送的办件。在联办中登记一件分发到自然资源和规划分局的事项后，办件会出现在这里。</p>");
    }
    for matter in snapshot.matters.iter().rev() {
        render_matter(&mut out, matter);
    }
    out.push_str("</section>");
    render_faults(&mut out, fault, config.hang.as_secs());
    render_deliveries(&mut out, &snapshot.deliveries);
    out.push_str("</main></body></html>");
    out
}

fn render_matter(out: &mut String, record: &MatterRecord) {
    let m = &record.matter;
    let status = if record.voided {
        "已作废".to_owned()
    } else {
        record
            .lianban_status
            .as_deref()
            .map_or_else(|| "已接收".to_owned(), status_text)
    };
    let _ = write!(
        out,
        "<article class=\"matter\"><div class=\"head\"><span class=\"no\">{}</span><h3>{}</h3><span class=\"badge\">{}</span></div>\
         <dl class=\"meta\"><div><dt>事项</dt><dd>{}</dd></div><div><dt>发起单位</dt><dd>{}</dd></div>\
         <div><dt>发起人</dt><dd>{}</dd></div><div><dt>接收时间</dt><dd>{}</dd></div></dl>",
        esc(&m.number),
        esc(&m.title),
        esc(&status),
        esc(&m.type_name),
        esc(&m.initiator_unit_name),
        esc(&m.initiator_name),
        esc(&record.received_at),
    );
    for dispatch in &record.dispatches {
        render_dispatch(out, &m.number, dispatch);
    }
    out.push_str("</article>");
}

fn render_dispatch(out: &mut String, number: &str, d: &DispatchRecord) {
    let r = &d.dispatch;
    let _ = write!(
        out,
        "<div class=\"dispatch\" id=\"{}\"><h4>{} <span class=\"badge {}\">{}</span></h4><p class=\"muted\">节点 {} · 第 {} 轮{}{}</p>",
        anchor(number, &r.node),
        esc(&r.name),
        status_class(d.status),
        d.status.label(),
        esc(&r.node),
        r.round + 1,
        r.due_at
            .as_deref()
            .map(|due| format!(" · 办理期限 {}", esc(due)))
            .unwrap_or_default(),
        d.case_no
            .as_deref()
            .map(|c| {
                let pending = if d.can_ack() {
                    "（尚未回传联办）"
                } else {
                    ""
                };
                format!(" · 本系统案卷号 <strong>{}</strong>{pending}", esc(c))
            })
            .unwrap_or_default(),
    );
    if let Some(data) = &d.data {
        if let Some(reason) = &data.returned_reason {
            let _ = write!(out, "<p class=\"notice\">上次退回原因：{}</p>", esc(reason));
        }
        if !data.form.is_empty() {
            out.push_str("<table class=\"kv\">");
            for field in &data.form {
                let value = data
                    .values
                    .get(&field.key)
                    .map(value_text)
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    esc(&field.label),
                    esc(&value)
                );
            }
            out.push_str("</table>");
        }
        if !data.materials.is_empty() {
            out.push_str("<p><strong>材料</strong></p><ul class=\"files\">");
            for f in &data.materials {
                let _ = write!(
                    out,
                    "<li>{} <span class=\"muted\">{} 字节</span> · <a href=\"/files/{}/{}\">下载（签名接口）</a> · <a href=\"{}\">临时链接</a> <span class=\"muted\">有效期至 {}</span></li>",
                    esc(&f.filename),
                    f.size,
                    encode(number),
                    encode(&f.id),
                    esc(&f.url),
                    esc(&f.expires_at),
                );
            }
            out.push_str("</ul>");
        }
    }
    if !d.history.is_empty() {
        out.push_str("<p><strong>事件</strong></p><ol class=\"history\">");
        for note in &d.history {
            let _ = write!(
                out,
                "<li><span class=\"muted\">{} · seq {}</span> {}</li>",
                esc(&note.at),
                note.seq,
                esc(&note.text)
            );
        }
        out.push_str("</ol>");
    }
    if !d.steps.is_empty() {
        out.push_str("<table><tr><th>内部步骤</th><th>经办人</th><th>时间</th><th>意见</th></tr>");
        for s in &d.steps {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s.name),
                esc(&s.handler),
                esc(&s.at),
                esc(s.opinion.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</table>");
    }
    render_actions(out, number, d);
    if !d.calls.is_empty() {
        out.push_str("<p><strong>调用联办记录</strong></p><ul class=\"calls\">");
        for call in d.calls.iter().rev() {
            let code = call
                .code
                .as_deref()
                .map(|c| format!(" <code>{}</code>", esc(c)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li class=\"{}\"><span class=\"muted\">{}</span> <strong>{}</strong>{}：{}{}</li>",
                if call.ok { "ok" } else { "err" },
                esc(&call.at),
                esc(&call.action),
                if call.ok { "成功" } else { "失败" },
                esc(&call.message),
                code
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
}

fn render_actions(out: &mut String, number: &str, d: &DispatchRecord) {
    let base = format!(
        "/matters/{}/dispatches/{}",
        encode(number),
        encode(&d.dispatch.node)
    );
    let idem = || {
        format!(
            "<input type=\"hidden\" name=\"idem\" value=\"{}\">",
            sign::new_nonce()
        )
    };
    out.push_str("<div class=\"actions\">");
    if d.can_ack() {
        let _ = write!(
            out,
            "<form method=\"post\" action=\"{base}/ack\">{}<span>签收后生成本系统案卷号并回传联办</span><button>签收</button></form>",
            idem()
        );
    }
    if d.can_handle() {
        let _ = write!(
            out,
            "<form method=\"post\" action=\"{base}/steps\">{}\
             <label>步骤名称<br><input name=\"name\" required placeholder=\"如：科室初审\"></label>\
             <label>经办人<br><input name=\"handler\" required placeholder=\"如：张三\"></label>\
             <label>意见<br><input name=\"opinion\" placeholder=\"可不填\"></label>\
             <button class=\"plain\">登记内部步骤</button></form>\
             <form method=\"post\" action=\"{base}/approve\" enctype=\"multipart/form-data\">{}\
             <label>办理意见<br><input name=\"opinion\" value=\"同意\"></label>\
             <label>批复文件（可选）<br><input type=\"file\" name=\"document\"></label>\
             <button>办结（同意）</button></form>\
             <form method=\"post\" action=\"{base}/return\">{}\
             <label>退回原因<br><textarea name=\"reason\" rows=\"2\" required placeholder=\"请说明需要补正的内容\"></textarea></label>\
             <button class=\"warn\">退回</button></form>",
            idem(),
            idem(),
            idem()
        );
    }
    let _ = write!(
        out,
        "<form class=\"inline\" method=\"post\" action=\"{base}/refresh\"><button class=\"plain\">查询联办状态</button></form></div>"
    );
}

fn render_faults(out: &mut String, fault: Fault, hang_secs: u64) {
    crate::fault::render(
        out,
        fault,
        &format!(
            "用于观察联办的重试：500 与超时会按退避重试（事件 ID 不变），410 会使联办停用该接收地址，429 按 <code>Retry-After</code> 等待。超时模式挂起 {hang_secs} 秒。"
        ),
    );
}

fn render_deliveries(out: &mut String, deliveries: &[DeliveryRecord]) {
    let _ = write!(
        out,
        "<section id=\"deliveries\"><h2>推送记录（{}）</h2>",
        deliveries.len()
    );
    if deliveries.is_empty() {
        out.push_str("<p class=\"empty\">尚无推送。</p></section>");
        return;
    }
    out.push_str("<table><tr><th>时间</th><th>事件 ID</th><th>类型</th><th>应答</th><th>结果</th><th>说明</th></tr>");
    for d in deliveries.iter().rev() {
        let outcome = match d.outcome.as_str() {
            "new" => "新事件",
            "repeat" => "重复（已忽略）",
            "rejected" => "拒绝",
            "fault" => "模拟故障",
            other => other,
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.at),
            esc(d.event_id.as_deref().unwrap_or("—")),
            esc(&d
                .event_type
                .as_deref()
                .map_or_else(|| "—".to_owned(), event_text)),
            d.status
                .map_or_else(|| "未应答".to_owned(), |s| s.to_string()),
            outcome,
            esc(&d.note),
        );
    }
    out.push_str("</table></section>");
}

fn status_class(status: DispatchStatus) -> &'static str {
    match status {
        DispatchStatus::Received => "s-received",
        DispatchStatus::Handling => "s-handling",
        DispatchStatus::Approved => "s-approved",
        DispatchStatus::Returned => "s-returned",
        DispatchStatus::Withdrawn => "s-withdrawn",
        DispatchStatus::Voided => "s-voided",
    }
}

/// A Lianban status in Chinese, with the code for the unknown ones.
pub fn status_text(status: &str) -> String {
    let label = match status {
        "draft" => "草稿",
        "submitted" | "running" => "办理中",
        "pending" => "待办理",
        "returned" => "已退回",
        "completed" => "已办结",
        "closed" => "已办结归档",
        "voided" => "已作废",
        "cancelled" => "已取消",
        other => return other.to_owned(),
    };
    format!("{label}（{status}）")
}

fn event_text(kind: &str) -> String {
    let label = match kind {
        "dispatch.created" => "分发",
        "dispatch.resubmitted" => "补正后重新提交",
        "dispatch.withdrawn" => "撤回",
        "matter.voided" => "作废",
        "dispatch.urged" => "催办",
        other => return other.to_owned(),
    };
    format!("{label} {kind}")
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "是".to_owned(),
        Value::Bool(false) => "否".to_owned(),
        other => other.to_string(),
    }
}

/// The id of a dispatch's block on the page.
pub fn anchor(number: &str, node: &str) -> String {
    format!("d-{}", sign::hex(format!("{number}/{node}").as_bytes()))
}
