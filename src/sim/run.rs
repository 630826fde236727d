//! Playing a scenario out: build the app, register the domains, spawn, run
//! the ticks (skipping idle ones), and collect a plain [`RunResult`].

use std::sync::Arc;

use crate::config::Scenario;
use crate::coverage::sky::SkyPicture;
use crate::domains;
use crate::geo::map::Map;
use crate::results::{RunResult, RunSummary};

use super::components::{MapData, SkyData};
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

/// What a scenario is played on, built once and shared by all its runs: the
/// map and the prepared sky (every radar's line of sight).
#[derive(Debug, Clone)]
pub struct Theatre {
    /// The map.
    pub map: Arc<Map>,
    /// Lines of sight and the layers raids route around.
    pub sky: Arc<SkyPicture>,
}

impl Theatre {
    /// Builds the map and sky of `scenario`.
    pub fn build(scenario: &Scenario) -> Self {
        Self::on(scenario, Arc::new(Map::build(&scenario.map)))
    }

    /// Prepares the sky of `scenario` on an existing `map`.
    pub fn on(scenario: &Scenario, map: Arc<Map>) -> Self {
        let sky = Arc::new(SkyPicture::build(scenario, &map));
        Self { map, sky }
    }
}

/// Runs `scenario` with `seed` (replication 0), building its theatre first.
/// To run a scenario many times, build the theatre once and call [`run_with`].
pub fn run(scenario: &Scenario, seed: u64) -> RunResult {
    run_with(
        &Arc::new(scenario.clone()),
        &Theatre::build(scenario),
        RunOptions { seed, replication: 0, shuffle_seed: None },
    )
}

/// Builds the app for `scenario` in `theatre` with every domain registered
/// and the units spawned, ready to tick.
pub fn build(scenario: &Arc<Scenario>, theatre: &Theatre, options: RunOptions) -> SimApp {
    let mut app = SimApp::new(SimSettings {
        tick_seconds: scenario.tick_seconds,
        identity: RunIdentity { seed: options.seed, replication: options.replication },
        shuffle_seed: options.shuffle_seed,
    });
    app.insert_resource(MapData(Arc::clone(&theatre.map)));
    app.insert_resource(SkyData(Arc::clone(&theatre.sky)));
    domains::register_all(&mut app);
    spawn::spawn(&mut app, scenario);
    app
}

/// Runs `scenario` in its prebuilt `theatre` with `options`.
pub fn run_with(scenario: &Arc<Scenario>, theatre: &Theatre, options: RunOptions) -> RunResult {
    let mut app = build(scenario, theatre, options);
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
