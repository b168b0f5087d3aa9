//! `lianban-dept-sim`: the sample department system (自然资源和规划分局审批系统). Reads its
//! configuration, opens its state, listens, and prints
//! `lianban-dept-sim listening on http://ADDR` once ready.

use anyhow::Context;
use lianban_simulators::dept::{self, Config, Sim};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LIANBAN_SIM_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::load()?;
    let addr = (config.bind, config.port);
    let sim = Sim::open(config)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("无法监听 {}:{}", addr.0, addr.1))?;
    println!(
        "lianban-dept-sim listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, dept::app(sim))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("服务异常退出")
}
