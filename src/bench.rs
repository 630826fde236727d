//! The workloads behind each performance budget, shared by the criterion
//! benchmarks in benches/ and by `hedgehog bench`, so both measure the same
//! thing. Budgets are checked by measurement, never by timed tests.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{self, Scenario, ScenarioSource};
use crate::domains::motion::Velocity;
use crate::geo::map::{Map, MapSpec};
use crate::geo::projection::Xy;
use crate::sim::components::Position;
use crate::sim::run::{RunOptions, build, run_with};
use crate::sim::{SimApp, rng};

/// One performance budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// What is measured.
    pub name: &'static str,
    /// The target, in its own words.
    pub target: &'static str,
    /// The largest acceptable median, seconds.
    pub max_median_s: f64,
}

/// Entity counts of the tick benchmark.
pub const TICK_ENTITY_COUNTS: [usize; 3] = [1_000, 10_000, 100_000];

/// Entity updates per second per core the tick must reach (issue 2).
pub const MIN_UPDATES_PER_SECOND: f64 = 40e6;

/// The budget of one tick with `n` moving entities.
pub fn tick_budget(n: usize) -> Budget {
    Budget {
        name: match n {
            1_000 => "tick, 1k moving entities",
            10_000 => "tick, 10k moving entities",
            _ => "tick, 100k moving entities",
        },
        target: ">= 40 M entity-updates/s per core",
        max_median_s: n as f64 / MIN_UPDATES_PER_SECOND,
    }
}

/// The budget of a quiet 30-day baseline run.
pub const QUIET_RUN: Budget = Budget { name: "quiet 30-day baseline run", target: "< 10 ms", max_median_s: 0.010 };

/// Map resolutions with a build budget (issue 3): the 5 km map in under
/// 200 ms, the 1 km map in under 2 s.
pub const MAP_BUDGETS: [(f64, Budget); 2] = [
    (5.0, Budget { name: "map build, 5 km", target: "< 200 ms", max_median_s: 0.2 }),
    (1.0, Budget { name: "map build, 1 km", target: "< 2 s", max_median_s: 2.0 }),
];

/// Builds the default map at `resolution_km`.
pub fn build_map(resolution_km: f64) -> Map {
    Map::build(&MapSpec::at(resolution_km))
}

/// The built-in baseline scenario, checked.
pub fn baseline() -> Scenario {
    let source = ScenarioSource::Builtin(config::builtin::DEFAULT_CONFIG);
    // The built-in baseline is validated by the test suite.
    config::load(&source, &[]).unwrap_or_else(|e| panic!("the built-in baseline does not load:\n{e}"))
}

/// The baseline world with `n` extra entities moving in random directions at
/// up to 250 m/s (a mix of drone and missile speeds), ready to tick.
pub fn moving_world(scenario: &Arc<Scenario>, map: &Arc<Map>, n: usize) -> SimApp {
    use rand::RngExt;
    let mut app = build(scenario, map, RunOptions { seed: 1, replication: 0, shuffle_seed: None });
    let mut r = rng::stream(1, 0, "bench");
    let g = scenario.grid;
    app.world.spawn_batch((0..n).map(move |_| {
        let p = Xy { x: r.random_range(g.west..g.east()), y: r.random_range(g.south()..g.north) };
        let v = Xy { x: r.random_range(-250.0..250.0), y: r.random_range(-250.0..250.0) };
        (Position(p), Velocity(v))
    }));
    // The first tick deploys the scenario's units; benchmark steady state.
    app.step();
    app
}

/// Runs the quiet baseline once on its prebuilt map.
pub fn quiet_run(scenario: &Arc<Scenario>, map: &Arc<Map>) {
    let r = run_with(scenario, map, RunOptions { seed: scenario.seed, replication: 0, shuffle_seed: None });
    std::hint::black_box(r);
}

/// The median of `samples` timings of `f`, after one warm-up call.
pub fn median_time(samples: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..samples.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}
