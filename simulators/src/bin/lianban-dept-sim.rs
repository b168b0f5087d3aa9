//! `lianban-dept-sim`: the sample department system (自然资源和规划分局审批系统). Reads its
//! configuration, opens its state, listens, and prints
//! `lianban-dept-sim listening on http://ADDR` once ready.

use lianban_simulators::dept::{self, Config, Sim};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lianban_simulators::init_logging("LIANBAN_SIM_LOG");
    let config = Config::load()?;
    let addr = (config.bind, config.port);
    let sim = Sim::open(config)?;
    lianban_simulators::serve("lianban-dept-sim", addr, dept::app(sim)).await
}
