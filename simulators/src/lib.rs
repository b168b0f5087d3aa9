//! Stand-ins for the systems Lianban talks to, for the demo and the end-to-end tests. Each speaks
//! the real protocol over HTTP, so Lianban cannot tell it from the real thing:
//!
//! - [`dept`]: a department's own approval system (自然资源和规划分局审批系统) handling matters
//!   through the open API (受办分离) — receives pushed events, acknowledges, reports steps and
//!   results, downloads materials, and can misbehave on purpose to exercise Lianban's retries.
//! - [`zwdd`]: the 浙政钉 open-platform gateway (`lianban-zwdd-sim`) — verifies Lianban's signed
//!   work notices as the gateway does, refuses what it would refuse, and shows each demo user's
//!   notices in a phone-like inbox.
//!
//! What they share: the JSON state file ([`store`]), failure modes ([`fault`]), configuration
//! sources ([`settings`]), HTML helpers ([`html`]) and the binaries' start-up ([`serve`]).

pub mod dept;
pub mod fault;
pub mod html;
pub mod settings;
pub mod store;
pub mod zwdd;

use anyhow::Context;
use std::net::IpAddr;

/// Logs to stderr with the filter in the environment variable `log_var` (default `info`).
pub fn init_logging(log_var: &str) {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env(log_var).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
}

/// Listens on `addr`, prints `<name> listening on http://ADDR` once ready (tests and scripts
/// wait for that line), and serves `app` until Ctrl-C.
pub async fn serve(name: &str, addr: (IpAddr, u16), app: axum::Router) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("无法监听 {}:{}", addr.0, addr.1))?;
    println!("{name} listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("Ctrl-C: shutting down");
        })
        .await
        .context("服务异常退出")
}

/// Now, in China time.
pub fn local_now() -> jiff::ZonedDateTime {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
}

/// Now as shown on the pages and stored: `2026-03-02 09:00:00`.
pub fn local_text(at: &jiff::ZonedDateTime) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S").to_string()
}
