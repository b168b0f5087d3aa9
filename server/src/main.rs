//! `lianban`: reads the configuration, opens and migrates the database, seeds the working
//! calendar's missing years and the demo world on first start, starts the notification
//! dispatcher and live feed, the push worker, the deadline scanner, the retention job and the
//! sweeper of the open API's rate limits, and serves the application with the peer addresses.

use anyhow::Context;
use lianban_server::config::Config;
use lianban_server::{AppState, app, calendar, db, deadline, seed};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("LIANBAN_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,surrealdb=warn,surrealkv=warn")),
        )
        .init();
    let config = Config::load().context("reading the configuration")?;
    let started = std::time::Instant::now();
    let database = db::connect(&config).await.context("opening the database")?;
    db::migrate(&database)
        .await
        .context("migrating the database")?;
    let addr = format!("{}:{}", config.bind, config.port);
    let state = AppState::new(database, config)?;
    state.files.clean_temp().await;
    calendar::seed(&state)
        .await
        .context("seeding the working calendar")?;
    let accounts = seed::seed_if_empty(&state)
        .await
        .context("seeding the demo world")?;
    if !accounts.is_empty() {
        println!(
            "\n已创建演示数据。演示账号（密码均为 {}）：",
            lianban_seeds::DEMO_PASSWORD
        );
        for a in &accounts {
            println!(
                "  {:<16} {:<10} {:<14} {}",
                a.username, a.name, a.unit, a.role
            );
        }
        println!();
    }
    lianban_server::notify::spawn(state.clone());
    lianban_server::notify::spawn_feed(state.clone())
        .await
        .context("starting the live notification feed")?;
    lianban_server::retention::spawn(state.clone());
    lianban_server::external::push::spawn(state.clone());
    lianban_server::open::spawn_sweeper(state.clone());
    deadline::spawn_scanner(state.clone());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, startup_ms = started.elapsed().as_millis() as u64, "lianban is ready");
    println!(
        "联办已启动：http://localhost:{}",
        listener.local_addr()?.port()
    );
    // The peer address feeds the open API's per-address limits.
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
