//! `lianban-zwdd-sim`: the 浙政钉 open-platform gateway on loopback, for the demo and the tests.
//! Reads its configuration, opens its state, listens, and prints
//! `lianban-zwdd-sim listening on http://ADDR` once ready.

use lianban_simulators::zwdd::{self, Config, Sim};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lianban_simulators::init_logging("LIANBAN_ZWDD_SIM_LOG");
    let config = Config::load()?;
    let addr = (config.bind, config.port);
    tracing::info!(?config, "starting");
    let sim = Sim::open(config)?;
    lianban_simulators::serve("lianban-zwdd-sim", addr, zwdd::app(sim)).await
}
