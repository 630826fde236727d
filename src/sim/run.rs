//! Playing a scenario out: build the app, register the domains, spawn, run
//! the ticks (skipping idle ones), and collect a plain [`RunResult`].

use std::sync::Arc;

use crate::config::Scenario;
use crate::domains;
use crate::geo::map::Map;
use crate::results::{RunResult, RunSummary};

use super::components::MapData;
use super::{RunIdentity, SimApp, SimSettings, spawn};

/// How to run a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// The run's seed.
    pub seed: u64,
    /// Replication index (0 for a single run).
    pub replication: u64,
    /// Schedule shuffle seed (feature `debug`), for determinism tests.
    pub shuffle_seed: Option<u64>,
}

/// Runs `scenario` with `seed` (replication 0), building its map first. To
/// run a scenario many times, build the map once and call [`run_with`].
pub fn run(scenario: &Scenario, seed: u64) -> RunResult {
    run_with(
        &Arc::new(scenario.clone()),
        &Arc::new(Map::build(&scenario.map)),
        RunOptions { seed, replication: 0, shuffle_seed: None },
    )
}

/// Builds the app for `scenario` on `map` with every domain registered and
/// the units spawned, ready to tick.
pub fn build(scenario: &Arc<Scenario>, map: &Arc<Map>, options: RunOptions) -> SimApp {
    let mut app = SimApp::new(SimSettings {
        tick_seconds: scenario.tick_seconds,
        identity: RunIdentity { seed: options.seed, replication: options.replication },
        shuffle_seed: options.shuffle_seed,
    });
    app.insert_resource(MapData(Arc::clone(map)));
    domains::register_all(&mut app);
    spawn::spawn(&mut app, scenario);
    app
}

/// Runs `scenario` on its prebuilt `map` with `options`.
pub fn run_with(scenario: &Arc<Scenario>, map: &Arc<Map>, options: RunOptions) -> RunResult {
    let mut app = build(scenario, map, options);
    let ticks = scenario.ticks();
    let executed = app.run_until(ticks);
    let (metrics, events, timeseries) = domains::metrics::collect(&mut app.world);
    RunResult {
        summary: RunSummary {
            scenario: scenario.name.clone(),
            hedgehog_version: env!("CARGO_PKG_VERSION").to_string(),
            seed: options.seed,
            replication: options.replication,
            duration_days: scenario.duration_days,
            tick_seconds: scenario.tick_seconds,
            ticks,
            ticks_executed: executed,
            metrics,
        },
        events,
        timeseries,
    }
}
