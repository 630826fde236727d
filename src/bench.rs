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
use crate::sim::run::{RunOptions, Theatre, build, run_with};
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

/// The budget of a quiet 30-day baseline run (no raids; issue 2).
pub const QUIET_RUN: Budget = Budget { name: "quiet 30-day baseline run", target: "< 10 ms", max_median_s: 0.010 };

/// The budget of the 30-day baseline run with its raids (issue 5).
pub const RAID_RUN: Budget =
    Budget { name: "30-day baseline run with raids", target: "<= 100 ms, one core", max_median_s: 0.100 };

/// Drones in the raid of the drone-raid budget.
pub const RAID_DRONES: usize = 1_000;

/// The budget of one tick with a 1,000-drone raid in flight (issue 5),
/// measured as the mean over the raid's first [`RAID_WINDOW_TICKS`] ticks,
/// while it is detected, engaged and thinned out.
pub const DRONE_RAID_TICK: Budget =
    Budget { name: "tick, 1,000-drone raid in flight", target: ">= 1,000 ticks/s", max_median_s: 0.001 };

/// Ticks of the drone-raid window: the first three hours of flight.
pub const RAID_WINDOW_TICKS: u64 = 180;

/// Steps `app` through the drone-raid window; returns the mean time per tick.
pub fn drone_raid_window(app: &mut SimApp) -> Duration {
    let t = Instant::now();
    for _ in 0..RAID_WINDOW_TICKS {
        app.step();
    }
    t.elapsed() / RAID_WINDOW_TICKS as u32
}

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

/// The baseline without its raids: the quiet world of issue 2's budgets.
pub fn quiet_baseline() -> Scenario {
    let mut s = baseline();
    s.air_war.raids.clear();
    // Nor does Russia decide to breach.
    s.deterrence = None;
    s
}

/// The baseline world with `n` extra entities moving in random directions at
/// up to 250 m/s (a mix of drone and missile speeds), ready to tick.
pub fn moving_world(scenario: &Arc<Scenario>, theatre: &Theatre, n: usize) -> SimApp {
    use rand::RngExt;
    let mut app = build(scenario, theatre, RunOptions { seed: 1, replication: 0, shuffle_seed: None });
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

/// The baseline world one tick in, with `n` Shahed-type drones launched
/// at once from its drone launch sites at targets drawn as its raids draw
/// them, on routes around the air defences: the next ticks sense, engage
/// and move a raid of `n`. The scenario's own raids are dropped.
pub fn drone_raid_world(scenario: &Arc<Scenario>, theatre: &Theatre, n: usize) -> SimApp {
    use rand::RngExt;

    use crate::config::catalog::{SystemType, ThreatClass};
    use crate::domains::threats::Raids;
    use crate::domains::threats::plan::{Launch, route};

    let mut app = build(scenario, theatre, RunOptions { seed: 1, replication: 0, shuffle_seed: None });
    app.step();
    let now = app.world.resource::<crate::sim::SimClock>().seconds() as f64;
    let sites: Vec<usize> = scenario
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| matches!(&*u.system, SystemType::Launcher(l) if l.munitions.contains_key("shahed_136")))
        .map(|(i, _)| i)
        .collect();
    assert!(!sites.is_empty(), "the baseline has no drone launch site");
    let layers = theatre.sky.exposure.get(&ThreatClass::Drone).map(Vec::as_slice);
    let mut r = rng::stream(1, 0, "bench");
    {
        let mut raids = app.world.resource_mut::<Raids>();
        let targets: Vec<usize> =
            (0..raids.targets.len()).filter(|&i| raids.targets[i].class.key() != "military").collect();
        let mut launches = Vec::with_capacity(n);
        for _ in 0..n {
            let launcher = sites[r.random_range(0..sites.len())];
            let target = targets[r.random_range(0..targets.len())];
            let waypoints = route(&theatre.map, layers, scenario.units[launcher].xy, raids.targets[target].xy);
            let path_m = waypoints.windows(2).map(|w| w[0].distance(w[1])).sum::<f64>();
            launches.push(Launch {
                time_s: now,
                raid: 0,
                stream: 0,
                threat: "shahed_136".into(),
                launcher,
                target,
                waypoints,
                path_m,
                divert_after_s: None,
            });
        }
        raids.plan.launches = launches;
        raids.plan.raids.clear();
        raids.next = 0;
        raids.next_raid = 0;
    }
    // The launch tick: the drones take off.
    app.step();
    app
}

/// Runs `scenario` once on its prebuilt map.
pub fn run_once(scenario: &Arc<Scenario>, theatre: &Theatre) {
    let r = run_with(scenario, theatre, RunOptions { seed: scenario.seed, replication: 0, shuffle_seed: None });
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

/// The coverage budgets (issue 4).
pub mod coverage {
    use super::Budget;
    use crate::config::catalog::ThreatClass;
    use crate::coverage::bands::Band;
    use crate::coverage::layers::BandCoverage;
    use crate::coverage::sources::{Engagement, Role, Source};
    use crate::coverage::viewshed::Observer;
    use crate::geo::map::{Control, Map};
    use crate::sim::rng;

    /// 200 sensors, one band, terrain on, 1 km grid: at most 0.5 s on 2 cores.
    pub const SENSORS_1KM: Budget =
        Budget { name: "coverage, 200 sensors, 1 km", target: "<= 0.5 s (aim 0.1 s)", max_median_s: 0.5 };
    /// The same on the 5 km grid: at most 20 ms.
    pub const SENSORS_5KM: Budget =
        Budget { name: "coverage, 200 sensors, 5 km", target: "<= 20 ms", max_median_s: 0.020 };
    /// Moving one sensor at 1 km: at most 5 ms.
    pub const MOVE_1KM: Budget = Budget { name: "move one sensor, 1 km", target: "<= 5 ms", max_median_s: 0.005 };
    /// Peak memory of a 1 km, 4-band run of the baseline: at most 1 GiB.
    pub const MEMORY_GIB: f64 = 1.0;

    /// The benchmark's sensors: 200 ground radars with 150 km range and 10 m
    /// masts at pseudo-random Ukraine-held land cells (fixed seed), engaging out
    /// to 100 km with Pk 0.6 and two shots: a dense national air defence.
    pub fn sensors(map: &Map, n: usize) -> Vec<Source> {
        use rand::RngExt;
        let held: Vec<usize> = (0..map.grid.len()).filter(|&k| map.control.data[k] == Control::Ukraine).collect();
        let mut r = rng::stream(4, 0, "coverage-bench");
        (0..n)
            .map(|i| {
                let k = held[r.random_range(0..held.len())];
                let (col, row) = (k % map.grid.width, k / map.grid.width);
                Source {
                    unit: i,
                    label: format!("bench-{i}"),
                    type_name: "bench radar".into(),
                    role: Role::AirDefense,
                    xy: map.grid.center(col, row),
                    observer: Observer {
                        col,
                        row,
                        z_m: f64::from(map.elevation.data[k]) + 10.0,
                        min_range_m: 0.0,
                        max_range_m: 150_000.0,
                    },
                    engagement: Some(Engagement { min_range_m: 3_000.0, max_range_m: 100_000.0, pk: 0.6, shots: 2 }),
                }
            })
            .collect()
    }

    /// The benchmark's band: 500 m above ground.
    pub fn band() -> Band {
        Band::new(500.0, ThreatClass::Drone)
    }

    /// Computes the layered coverage of `sources`.
    pub fn layers(map: &Map, sources: &[Source]) -> BandCoverage {
        BandCoverage::compute(&map.elevation, band(), sources.to_vec())
    }

    /// Peak resident memory of this process since the last reset, bytes
    /// (Linux /proc; `None` elsewhere).
    pub fn peak_rss_bytes() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// Resets the peak-memory mark (Linux 4.0+); false if it cannot.
    pub fn reset_peak_rss() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }
}

/// The batch budgets (issue 7).
pub mod batch {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::Budget;
    use crate::batch::exec::{self, Options};
    use crate::batch::plan::Plan;
    use crate::config::Scenario;

    /// 1,000 replications of the 30-day baseline on 2 cores: at most 60 s.
    pub const THOUSAND_RUNS: Budget =
        Budget { name: "batch, 1,000 x 30-day baseline", target: "<= 60 s on 2 cores", max_median_s: 60.0 };
    /// Replications of the scaling measurement (each thread count).
    pub const SCALING_RUNS: u64 = 200;
    /// Speed-up from one thread to two.
    pub const MIN_SPEEDUP: f64 = 1.7;
    /// Replications of the two memory measurements, of a one-day baseline.
    pub const MEMORY_RUNS: [u64; 2] = [100, 10_000];
    /// Largest growth of peak memory from the small to the large batch.
    pub const MAX_MEMORY_GROWTH: f64 = 0.10;

    /// A batch of `runs` replications of `scenario`.
    pub fn plan(scenario: &Scenario, runs: u64) -> Plan {
        // The scenario is checked and the runs are in range: a failure here
        // is a defect of the benchmark.
        Plan::batch(scenario.clone(), String::new(), runs, scenario.seed, vec![])
            .unwrap_or_else(|e| panic!("the benchmark batch does not plan: {e}"))
    }

    /// Runs `plan` on `threads` threads into a fresh directory under `tmp`,
    /// summaries and all, and returns the wall time.
    pub fn run(plan: &Plan, threads: usize, tmp: &Path) -> Duration {
        let dir = tmp.join(format!("bench-{}-{}-{threads}", plan.id, plan.replications));
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let outcome = exec::execute(plan, &dir, Options { threads, shard: None, force: true }, &|_, _| {});
        let elapsed = t.elapsed();
        // Benchmarks write to a temporary directory they own.
        if let Err(e) = outcome {
            panic!("the benchmark batch failed: {e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
        elapsed
    }
}

/// The placement budget (issue 8).
pub mod optimize {
    use std::time::{Duration, Instant};

    use super::Budget;
    use crate::optimize::build::{self, Place, Spec};
    use crate::optimize::search::{self, Placement, Problem};

    /// Greedy and swap placing 40 batteries over at least 2,000 candidate
    /// sites and 5,000 demand points: at most 2 s on 2 cores.
    pub const GREEDY_SWAP: Budget =
        Budget { name: "place 40 batteries, greedy + swap", target: "<= 2 s on 2 cores", max_median_s: 2.0 };
    /// Batteries placed.
    pub const BATTERIES: usize = 40;

    /// The instance: the baseline's air defence on the 5 km map, 40 of its
    /// batteries moved over about 2,500 candidate sites, demand in the four
    /// default bands (before and after merging, as the optimiser runs it).
    pub struct Instance {
        /// The problem as built (every demand point).
        pub built: build::Built,
        /// The problem the search works on (demand merged).
        pub merged: Problem,
    }

    /// Builds the instance (seconds: the coverage of every site is computed).
    pub fn instance() -> Instance {
        let scenario = super::baseline();
        let map = super::build_map(scenario.map.resolution_km);
        let spec = Spec { sites: 2500, budget: Some(BATTERIES), ..Spec::new(Place::AirDefense) };
        // The baseline has more than 40 movable batteries; a failure here is a
        // defect of the benchmark.
        let built = build::build(&scenario, &map, &spec).unwrap_or_else(|e| panic!("the benchmark instance: {e}"));
        let merged = search::merge_demand(&built.problem);
        Instance { built, merged }
    }

    impl Instance {
        /// Candidate sites any battery may take.
        pub fn sites(&self) -> usize {
            self.built.sites.len() - self.built.current.len()
        }
    }

    /// Greedy then swap; the placement and the wall time.
    pub fn greedy_swap(p: &Problem) -> (Placement, Duration) {
        let t = Instant::now();
        let g = search::greedy(p).unwrap_or_else(|e| panic!("the benchmark instance: {e}"));
        let s = search::swap(p, &g);
        (s, t.elapsed())
    }
}
