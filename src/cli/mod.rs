//! The command line: parsing (clap), printing, and exit codes. The only module
//! that prints or uses `anyhow`.
//!
//! Exit codes: 0 success; 1 a failure at run time (a file could not be
//! written, an internal error); 2 bad input (a scenario that does not load, a
//! bad flag, an output directory that exists without `--force`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use hedgehog::bench;
use hedgehog::config::catalog::ThreatClass;
use hedgehog::config::{self, ConfigErrors, Scenario, ScenarioSource};
use hedgehog::coverage::bands::Band;
use hedgehog::geo::export::{self, RasterFormat};
use hedgehog::geo::grid::RESOLUTION_RANGE_KM;
use hedgehog::geo::map::{Dem, Map, MapSpec};
use hedgehog::geo::projection::LatLon;
use hedgehog::geo::raster_io;
use hedgehog::output::{self, OutputError};
use hedgehog::plot;
use hedgehog::plot::coverage::{CoverageFigure, Product};
use hedgehog::results::RunResult;
use hedgehog::sim::run::{RunOptions, Theatre, run_with};

/// Writes a line to stdout, ignoring a closed pipe (`hedgehog | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Writes a line to stderr.
macro_rules! warn {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod batch;
mod optimize;

const EXAMPLES: &str = "\
Examples:
  hedgehog                                   run the built-in baseline scenario
  hedgehog run configs/germany_out.ron       run a scenario file
  hedgehog run --seed 7 --days 10 --set nations.DE.participates=false
  hedgehog validate configs/*.ron            check files without running them
  hedgehog new my_scenario                   write a commented starter scenario
  hedgehog map                               draw the map and write its GIS layers
  hedgehog map query --lat 50.45 --lon 30.52 what the map holds at one point
  hedgehog coverage                          air-defence and sensor coverage maps
  hedgehog batch --runs 100                  100 replications of the baseline, summarised
  hedgehog batch no_us_enablers --runs 100 --set deterrence.adversary.sincerity=0.2
                                             Russia's breaches without US enablers, less sincere
  hedgehog sweep configs/sweeps/detection.ron a design of experiments
  hedgehog optimize --place air_defense      propose where the batteries should stand
  hedgehog bench                             measure the performance budgets";

/// Hedgehog: an open, headless wargame of a European reassurance force for Ukraine.
///
/// Runs config-driven scenarios (RON files) of air defence, a no-fly zone, Black
/// Sea patrols and a deterrent ground force against Russian ceasefire breaches,
/// on a real map of Ukraine and the Black Sea. With no command it runs the
/// built-in baseline scenario.
#[derive(Debug, Parser)]
#[command(name = "hedgehog", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario and write its results.
    #[command(after_help = "Examples:
  hedgehog run                                  the built-in baseline
  hedgehog run configs/germany_out.ron --seed 3
  hedgehog run --days 10 --set 'units[3].position=(lat: 48.5, lon: 35.0)'
  hedgehog run baseline --set nations.DE.participates=false --out /tmp/results
  hedgehog run --set deterrence.response.answer_probability=0   breaches left unanswered

Results go to OUT/<scenario>/seed-<seed>-<hash>/: scenario.resolved.ron,
summary.json, events.csv and timeseries.csv, figures (air_war, daily,
deterrence) and report.html.")]
    Run(RunArgs),
    /// Check scenario files without running them.
    #[command(after_help = "Examples:
  hedgehog validate configs/baseline.ron
  hedgehog validate configs/*.ron --set duration_days=10

Exit code 0 when every file is valid, 2 when any is not.")]
    Validate(ValidateArgs),
    /// Write a commented starter scenario that validates.
    #[command(after_help = "Examples:
  hedgehog new my_scenario          writes my_scenario.ron here
  hedgehog new configs/trial.ron    writes configs/trial.ron")]
    New(NewArgs),
    /// Draw the map and write its layers for GIS, or query one point.
    #[command(after_help = "Examples:
  hedgehog map                                 5 km map into output/map-5km/
  hedgehog map --resolution 1 --out /tmp/maps  the 1 km map
  hedgehog map --dem srtm_ukraine.tif          real elevation from a DEM
  hedgehog map query --lat 50.45 --lon 30.52   what the map holds at Kyiv

Writes map.png and map.svg, rasters in EPSG:3035 (land, country, control,
elevation, distance_to_contact_km) as GeoTIFF or ESRI ASCII grid with .prj,
and GeoJSON for cities, infrastructure, the line of contact and the occupied area.")]
    Map(MapArgs),
    /// Compute air-defence and sensor coverage per altitude band: maps, rasters, statistics.
    #[command(after_help = "Examples:
  hedgehog coverage                                baseline, default bands (50 m, 500 m, 3 km, 10 km)
  hedgehog coverage configs/germany_out.ron --band 50 --band 10000:ballistic
  hedgehog coverage --resolution 1 --out /tmp/cov

A band is HEIGHT[:CLASS[:RCS]]: target height above ground in metres, the threat
class whose engagement envelopes apply (drone, cruise, ballistic, aircraft; by
default cruise up to 200 m, drone up to 2 km, aircraft above), and the target's
radar cross-section in m². Writes, per band, air_defense_<band>.png/.svg and
detection_<band>.png/.svg, rasters of layers and P(kill), and coverage.csv and
coverage.json with the shares of population, infrastructure, Ukraine-held land
and the Black Sea corridor covered, and the largest gaps.")]
    Coverage(CoverageArgs),
    /// Run replications of a scenario and summarise every metric.
    #[command(after_help = "Examples:
  hedgehog batch --runs 100                      100 replications of the baseline
  hedgehog batch configs/germany_out.ron --runs 1000 --threads 2
  hedgehog batch baseline --runs 500 --set air_war.detection_pd=0.7
  hedgehog batch baseline --runs 1000 --shard 3/8    one slice for a cluster node
  hedgehog merge output/baseline/batch-*/shard-*     combine the slices

Replication i uses seed run_seed(SEED, i); results are the same for any thread
count and any sharding. Writes OUT/<scenario>/batch-<seed>-<hash>-r<N>/: runs.csv
(one row per replication), summary.csv and summary.json (mean, sd, 95 % CI,
percentiles of every metric), timeseries.csv (daily means with CIs), plots and
report.html. Killed and started again with the same command, it resumes.
On a cluster, SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX
with HEDGEHOG_SHARDS choose the shard (see docs/cluster/).")]
    Batch(batch::BatchArgs),
    /// Run a design of experiments over scenario fields (full factorial, Latin hypercube, NOLH).
    #[command(after_help = "Examples:
  hedgehog sweep configs/sweeps/detection.ron
  hedgehog sweep my_sweep.ron --threads 2 --out /tmp/sweeps
  hedgehog sweep my_sweep.ron --shard 0/4

A sweep file names a scenario, factors (any `--set` path with levels or a
range), a design and replications per point; see configs/sweeps/. Writes
OUT/<sweep>/sweep-<hash>/: results.csv (one row per point and replication),
points.csv (every metric per point), effects.csv, timeseries.csv, plots and
report.html.")]
    Sweep(batch::SweepArgs),
    /// Combine the shards of a batch or sweep into what one machine would have written.
    #[command(after_help = "Examples:
  hedgehog merge output/baseline/batch-42-1a2b3c4d-r1000/shard-*
  hedgehog merge node*/shard-* --into results/batch

Checks that the shards are complete, of the same batch and all present before
writing anything; the merged tables are byte-identical to an unsharded run.")]
    Merge(batch::MergeArgs),
    /// Compare finished batches side by side (box plots, a table and a report).
    #[command(after_help = "Examples:
  hedgehog batch baseline --runs 200 && hedgehog batch germany_out --runs 200
  hedgehog compare output/baseline/batch-* output/germany_out/batch-*
  hedgehog compare A B C --metric threats.leaked --out /tmp/cmp

Writes OUT/compare-<hash>/: compare_<metric>.png/.svg (a box per batch),
comparison.csv and report.html. The first batch is the reference.")]
    Compare(batch::CompareArgs),
    /// Propose where batteries, ground hubs, CAP stations or ISR orbits should stand.
    #[command(after_help = "Examples:
  hedgehog optimize --place air_defense
  hedgehog optimize configs/germany_out.ron --place air_defense --cap DE=0 --runs 200
  hedgehog optimize --place ground --objective exposure=0.2
  hedgehog optimize --place cap --min-line-km 80 --runs 0

Candidate sites are Ukraine-held land cells (CAP and ISR: inside the no-fly zone)
meeting the constraints; the scenario's own positions are scored on the same
surrogate. Greedy, swap local search and simulated annealing (seeded) propose
a laydown, with an upper bound on the best possible. Writes
OUT/<scenario>/optimize-<kind>-<hash>/: optimized.ron (runs as it is),
moves.csv, pareto.csv, summary.json, maps before and after, a Monte Carlo
comparison of both laydowns under montecarlo/, and report.html.")]
    Optimize(optimize::OptimizeArgs),
    /// Measure the performance budgets and print medians against targets.
    #[command(after_help = "Examples:
  hedgehog bench
  hedgehog bench --samples 51

The same workloads run under criterion with `cargo bench`.")]
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file, or a built-in scenario name (baseline, germany_out).
    /// Default: the built-in baseline.
    #[arg(value_name = "FILE")]
    file: Option<String>,
    /// Seed for this run (default: the scenario's `seed`).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Simulated days (overrides `duration_days`).
    #[arg(long, value_name = "N")]
    days: Option<f64>,
    /// Override any field by path, e.g. duration_days=10,
    /// 'units[3].position=(lat: 48.5, lon: 35.0)', nations.DE.participates=false.
    /// Repeatable; applied in order after includes.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Directory for results.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Replace an existing run directory.
    #[arg(long)]
    force: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Scenario files (or built-in names) to check.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    /// Overrides applied to each file before checking, as for `run`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// Name of the scenario; the file is NAME.ron unless NAME ends in .ron.
    #[arg(value_name = "NAME")]
    name: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
struct MapArgs {
    #[command(subcommand)]
    query: Option<MapCommand>,
    #[command(flatten)]
    options: MapOptions,
    /// Raster format of the GIS layers.
    #[arg(long, value_enum, default_value = "tif")]
    raster_format: RasterFormatArg,
    /// Directory for results; the map goes to DIR/map-<resolution>km/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Replace an existing map directory.
    #[arg(long)]
    force: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct MapOptions {
    /// Cell size, km (1 to 20).
    #[arg(long, value_name = "KM", default_value_t = 5.0)]
    resolution: f64,
    /// A DEM (GeoTIFF or ESRI ASCII grid, EPSG:3035 or lon/lat) to use instead
    /// of the synthetic terrain.
    #[arg(long, value_name = "FILE")]
    dem: Option<PathBuf>,
    /// Seed of the synthetic terrain's detail.
    #[arg(long, value_name = "N", default_value_t = hedgehog::geo::map::DEFAULT_TERRAIN_SEED)]
    terrain_seed: u64,
}

#[derive(Debug, Subcommand)]
enum MapCommand {
    /// Print what the map holds at one point, as JSON.
    #[command(after_help = "Examples:
  hedgehog map query --lat 50.45 --lon 30.52
  hedgehog map query --lat 44.60 --lon 33.53 --resolution 1

Prints land, country, control (UA, RU or null), elevation_m,
distance_to_contact_km and nearest_city. A point off the map is an error (exit 2).")]
    Query {
        /// Latitude, degrees north.
        #[arg(long, allow_negative_numbers = true)]
        lat: f64,
        /// Longitude, degrees east.
        #[arg(long, allow_negative_numbers = true)]
        lon: f64,
        #[command(flatten)]
        options: MapOptions,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RasterFormatArg {
    /// GeoTIFF (.tif).
    Tif,
    /// ESRI ASCII grid (.asc) with .prj.
    Asc,
}

#[derive(Debug, Args)]
struct CoverageArgs {
    /// Scenario file or built-in name (default: the built-in baseline).
    #[arg(value_name = "FILE")]
    file: Option<String>,
    /// Altitude band HEIGHT[:CLASS[:RCS]], repeatable (default: 50, 500, 3000, 10000).
    #[arg(long = "band", value_name = "SPEC", allow_hyphen_values = true)]
    bands: Vec<String>,
    /// Cell size, km (default: the scenario's map.resolution_km).
    #[arg(long, value_name = "KM")]
    resolution: Option<f64>,
    /// Override any scenario field by path, as for `run`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Raster format.
    #[arg(long, value_enum, default_value = "tif")]
    raster_format: RasterFormatArg,
    /// Directory for results; coverage goes to DIR/<scenario>/coverage-<km>km/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Replace an existing coverage directory.
    #[arg(long)]
    force: bool,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Timed samples per workload (the median is reported).
    #[arg(long, default_value_t = 21)]
    samples: usize,
}

/// A failure and the exit code it deserves.
pub(crate) enum Failure {
    /// Bad input: exit 2. The message is already formatted.
    Input(String),
    /// A run-time failure: exit 1.
    Runtime(anyhow::Error),
}

impl From<ConfigErrors> for Failure {
    fn from(e: ConfigErrors) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome = match cli.command {
        None => run(cli.run),
        Some(Command::Run(args)) => run(args),
        Some(Command::Validate(args)) => validate(args),
        Some(Command::New(args)) => new(args),
        Some(Command::Map(args)) => map(args),
        Some(Command::Coverage(args)) => coverage(args),
        Some(Command::Batch(args)) => batch::batch(args),
        Some(Command::Sweep(args)) => batch::sweep(args),
        Some(Command::Merge(args)) => batch::merge(args),
        Some(Command::Compare(args)) => batch::compare(args),
        Some(Command::Optimize(args)) => optimize::optimize(args),
        Some(Command::Bench(args)) => bench(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            warn!("{msg}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            warn!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

pub(crate) fn source_of(file: Option<&str>) -> Result<ScenarioSource, Failure> {
    match file {
        None => Ok(ScenarioSource::Builtin(config::builtin::DEFAULT_CONFIG)),
        Some(f) => ScenarioSource::resolve(f).map_err(|e| Failure::Input(format!("error: {e}"))),
    }
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let source = source_of(args.file.as_deref())?;
    let mut overrides = args.set.clone();
    if let Some(days) = args.days {
        overrides.push(format!("duration_days={days:?}"));
    }
    let scenario = config::load(&source, &overrides)?;
    let seed = args.seed.unwrap_or(scenario.seed);
    let dest = output::run_dir(&args.out, &scenario, seed);
    if dest.exists() && !args.force {
        return Err(Failure::Input(format!("error: {}", OutputError::Exists(dest))));
    }
    let started = Instant::now();
    let theatre = Theatre::build(&scenario);
    let map_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let scenario = Arc::new(scenario);
    let result = run_with(&scenario, &theatre, RunOptions { seed, replication: 0, shuffle_seed: None });
    let elapsed = started.elapsed();
    let text = batch::source_text(&source);
    let dir = write_run_with_figures(&args.out, &scenario, &theatre, &result, (args.force, &text))
        .with_context(|| format!("writing the results of {}", source.display()))?;
    if !args.quiet {
        print_summary(&source, &scenario, &result, &dir, (map_seconds, elapsed.as_secs_f64()));
    }
    Ok(())
}

/// Writes a run's files and, when anything flew, its air-war figures, all in
/// one staged directory so the run appears whole or not at all.
fn write_run_with_figures(
    out: &Path,
    scenario: &Scenario,
    theatre: &Theatre,
    result: &RunResult,
    (force, source_text): (bool, &str),
) -> Result<PathBuf> {
    let dest = output::run_dir(out, scenario, result.summary.seed);
    let staged = output::StagedDir::new(&dest, force)?;
    for (name, bytes) in output::run_files(scenario, result)? {
        staged.write(name, &bytes)?;
    }
    let mut drawn = Vec::new();
    if result.summary.metrics.get("threats.launched").copied().unwrap_or(0.0) > 0.0 {
        use hedgehog::batch::figures::draw;
        use hedgehog::plot::air_war::{DAILY_SIZE, DailyFigure, RaidMapFigure};
        let dir = staged.path();
        let raid_map = RaidMapFigure { map: &theatre.map, scenario, run: result };
        let caption = "Every threat from its launch point to its fate, with the defences and launchers.";
        drawn.push(draw(dir, "air_war", caption, plot::map::SIZE, &raid_map)?);
        let caption = "Threats launched, destroyed, diverted and hitting their targets per day; interceptors fired.";
        drawn.push(draw(dir, "daily", caption, DAILY_SIZE, &DailyFigure { scenario, run: result })?);
    }
    if scenario.deterrence.is_some() {
        use hedgehog::batch::figures::draw;
        use hedgehog::plot::deterrence::{DeterrenceFigure, SIZE};
        let caption = "Russia's breaches per day (attempted, deterred, succeeded) and the coalition's cohesion, credibility and domestic support.";
        drawn.push(draw(staged.path(), "deterrence", caption, SIZE, &DeterrenceFigure { scenario, run: result })?);
    }
    let page = hedgehog::report::pages::run_page(scenario, result, &drawn, source_text);
    staged.write("report.html", hedgehog::report::render(&page).as_bytes())?;
    Ok(staged.commit()?)
}

fn print_summary(source: &ScenarioSource, s: &Scenario, r: &RunResult, dir: &Path, (map_s, seconds): (f64, f64)) {
    let m = &r.summary.metrics;
    let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
    say!("Hedgehog {} — scenario \"{}\" ({})", env!("CARGO_PKG_VERSION"), s.name, source.display());
    say!(
        "  {} days at {} s per tick, seed {}: {} of {} ticks executed in {:.1} ms (map: {} km grid, {:.0} ms)",
        s.duration_days,
        s.tick_seconds,
        r.summary.seed,
        r.summary.ticks_executed,
        r.summary.ticks,
        seconds * 1000.0,
        s.grid.cell_m / 1000.0,
        map_s * 1000.0
    );
    say!(
        "  units deployed: {} ({} ready), personnel {}; withheld: {}",
        get("units.deployed"),
        get("units.ready"),
        get("personnel.deployed"),
        get("units.withheld")
    );
    for n in &s.nations {
        let deployed = get(&format!("units.deployed.nation.{}", n.code));
        let withheld = get(&format!("units.withheld.nation.{}", n.code));
        if deployed > 0.0 || withheld > 0.0 {
            let status = if n.participates { "" } else { "  (stays out)" };
            say!(
                "    {:<4} {:<28} {:>3} deployed {:>3} ready {:>6} personnel{}",
                n.code,
                n.name,
                deployed,
                get(&format!("units.ready.nation.{}", n.code)),
                get(&format!("personnel.deployed.nation.{}", n.code)),
                status
            );
        }
    }
    if get("threats.launched") > 0.0 || get("raids") > 0.0 {
        say!(
            "  air war: {} raids; {} threats launched, {} never launched (no launcher ready or no target in range)",
            get("raids"),
            get("threats.launched"),
            get("threats.unlaunched")
        );
        say!(
            "    {:<10} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9}",
            "class",
            "launched",
            "detected",
            "engaged",
            "destroyed",
            "diverted",
            "leaked",
            "in flight"
        );
        for class in ThreatClass::ALL {
            let c = |stat: &str| get(&format!("threats.{stat}.{}", class.key()));
            if c("launched") > 0.0 {
                let leaked = c("leaked");
                let ended = c("launched") - c("destroyed") - c("diverted") - leaked;
                say!(
                    "    {:<10} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9}",
                    class.key(),
                    c("launched"),
                    c("detected"),
                    c("engaged"),
                    c("destroyed"),
                    c("diverted"),
                    leaked,
                    ended
                );
            }
        }
        say!(
            "    interceptors: {} fired, ${:.1}M; casualties: {} civilian, {} military",
            get("interceptors.used"),
            get("interceptors.cost_usd") / 1e6,
            get("casualties.civilian"),
            get("casualties.military")
        );
    }
    if get("patrols.airframes_required") > 0.0 || get("patrols.hulls_required") > 0.0 {
        say!(
            "  patrols: continuous cover needs {} airframes ({} in the units flying them) and {} hulls ({}); on station on average {:.1} and {:.1}",
            get("patrols.airframes_required"),
            get("patrols.airframes_available"),
            get("patrols.hulls_required"),
            get("patrols.hulls_available"),
            get("patrols.airframes_on_station.mean"),
            get("patrols.hulls_on_station.mean")
        );
    }
    if s.deterrence.is_some() {
        say!(
            "  deterrence: {} breaches attempted ({} succeeded, {} repelled), {} deterred; {} answered, {} unanswered",
            get("breaches.attempted"),
            get("breaches.succeeded"),
            get("breaches.repelled"),
            get("breaches.deterred"),
            get("breaches.answered"),
            get("breaches.unanswered")
        );
        let kinds: Vec<String> = hedgehog::config::deterrence::BreachKind::ALL
            .iter()
            .filter(|k| get(&format!("breaches.attempted.kind.{}", k.key())) > 0.0)
            .map(|k| format!("{} {}", get(&format!("breaches.attempted.kind.{}", k.key())), k.key().replace('_', " ")))
            .collect();
        if !kinds.is_empty() {
            say!("    by kind: {}", kinds.join(", "));
        }
        say!(
            "    cohesion {:.2}, credibility {:.2}; withdrawals {}; territory lost {:.0} km²; Ukrainian strength {:.1} brigade eq.",
            get("deterrence.cohesion"),
            get("deterrence.credibility"),
            get("politics.withdrawals"),
            get("ground.territory_km2"),
            get("ground.ukrainian_strength")
        );
    }
    say!("  results: {}/", dir.display());
    say!("    scenario.resolved.ron  what ran (includes, catalogue and overrides applied)");
    say!("    summary.json           {} metrics", m.len());
    say!("    events.csv             {} events", r.events.len());
    say!("    timeseries.csv         {} days", r.timeseries.len());
    if get("threats.launched") > 0.0 {
        say!("    air_war.png/.svg       every threat from launch to its fate, the defences and launchers");
        say!("    daily.png/.svg         threats and interceptors per day");
    }
    if s.deterrence.is_some() {
        say!("    deterrence.png/.svg    breaches per day; cohesion, credibility and support day by day");
    }
    say!("    report.html            all of it on one page that opens offline in any browser");
}

fn validate(args: ValidateArgs) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for f in &args.files {
        if batch::is_sweep_file(f) {
            match hedgehog::batch::plan::sweep_from_file(Path::new(f), vec![]) {
                Ok(p) => say!(
                    "ok: {f}: sweep \"{}\", {} points x {} replications ({})",
                    p.name,
                    p.points.len(),
                    p.replications,
                    p.design
                ),
                Err(e) => {
                    warn!("{e}");
                    failed.push(f.clone());
                }
            }
            continue;
        }
        let result = source_of(Some(f)).and_then(|src| config::load(&src, &args.set).map_err(Failure::from));
        match result {
            Ok(s) => say!(
                "ok: {f}: scenario \"{}\", {} nations, {} units, {} days",
                s.name,
                s.nations.len(),
                s.units.len(),
                s.duration_days
            ),
            Err(Failure::Input(msg)) => {
                warn!("{msg}");
                failed.push(f.clone());
            }
            Err(other) => return Err(other),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "{} of {} file(s) are not valid: {}",
            failed.len(),
            args.files.len(),
            failed.join(", ")
        )))
    }
}

fn new(args: NewArgs) -> Result<(), Failure> {
    let path = if args.name.ends_with(".ron") {
        PathBuf::from(&args.name)
    } else {
        PathBuf::from(format!("{}.ron", args.name))
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if stem.trim().is_empty() {
        return Err(Failure::Input(format!("error: `{}` is not a usable scenario name", args.name)));
    }
    if path.exists() {
        return Err(Failure::Input(format!("error: {} already exists; choose another name", path.display())));
    }
    let text = config::builtin::STARTER.replacen("name: \"starter\"", &format!("name: {stem:?}"), 1);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Failure::Input(format!("error: directory {} does not exist", dir.display())));
    }
    output::write_file(&path, text.as_bytes()).context("writing the starter scenario")?;
    say!("wrote {}: edit it, then `hedgehog validate {0}` and `hedgehog run {0}`", path.display());
    Ok(())
}

fn map_spec(o: &MapOptions) -> Result<MapSpec, Failure> {
    let (lo, hi) = RESOLUTION_RANGE_KM;
    if !(o.resolution.is_finite() && (lo..=hi).contains(&o.resolution)) {
        return Err(Failure::Input(format!(
            "error: --resolution {} is out of range: expected a cell size from {lo} to {hi} km",
            o.resolution
        )));
    }
    let mut spec = MapSpec { resolution_km: o.resolution, terrain_seed: o.terrain_seed, dem: None };
    if let Some(path) = &o.dem {
        let raster = raster_io::read(path).map_err(|e| Failure::Input(format!("error: --dem {e}")))?;
        let dem = Dem { name: path.display().to_string(), raster };
        if !dem.overlaps(&hedgehog::geo::grid::Grid::default_map(o.resolution)) {
            return Err(Failure::Input(format!(
                "error: --dem {}: the DEM does not overlap the map (Ukraine and the Black Sea)",
                path.display()
            )));
        }
        spec.dem = Some(Arc::new(dem));
    }
    Ok(spec)
}

fn map(args: MapArgs) -> Result<(), Failure> {
    if let Some(MapCommand::Query { lat, lon, options }) = &args.query {
        let map = Map::build(&map_spec(options)?);
        let info = map.query(LatLon { lat: *lat, lon: *lon }).map_err(|e| Failure::Input(format!("error: {e}")))?;
        say!("{}", serde_json::to_string_pretty(&info).context("writing JSON")?);
        return Ok(());
    }
    let spec = map_spec(&args.options)?;
    let res = spec.resolution_km;
    let name = if res.fract() == 0.0 { format!("map-{res}km") } else { format!("map-{res:.1}km") };
    let dest = args.out.join(name);
    let staged = output::StagedDir::new(&dest, args.force).map_err(|e| match e {
        OutputError::Exists(_) => Failure::Input(format!("error: {e}")),
        other => Failure::Runtime(other.into()),
    })?;
    let started = Instant::now();
    let map = Map::build(&spec);
    let built = started.elapsed();
    let format = match args.raster_format {
        RasterFormatArg::Tif => RasterFormat::GeoTiff,
        RasterFormatArg::Asc => RasterFormat::AsciiGrid,
    };
    let mut files = export::write_layers(staged.path(), &map, format).context("writing the GIS layers")?;
    plot::render_png_and_svg(staged.path(), "map", plot::map::SIZE, &plot::map::MapFigure { map: &map })
        .context("drawing the map")?;
    files.insert(0, export::Written { file: "map.svg".into(), what: "the same, as SVG".into() });
    files.insert(0, export::Written { file: "map.png".into(), what: "the map".into() });
    let dir = staged.commit().context("writing the map directory")?;
    if !args.quiet {
        let g = map.grid;
        say!(
            "Hedgehog map: {} km grid, {} x {} cells ({} km x {} km) in EPSG:3035, built in {:.0} ms",
            res,
            g.width,
            g.height,
            (g.east() - g.west) / 1000.0,
            (g.north - g.south()) / 1000.0,
            built.as_secs_f64() * 1000.0
        );
        if let hedgehog::geo::map::ElevationSource::Dem { name, coverage } = &map.elevation_source {
            say!("  elevation from {name}: {:.1} % of land cells (the rest synthetic)", coverage * 100.0);
        }
        say!("  written to {}/", dir.display());
        for f in files {
            say!("    {:<28} {}", f.file, f.what);
        }
    }
    Ok(())
}

fn coverage(args: CoverageArgs) -> Result<(), Failure> {
    let source = source_of(args.file.as_deref())?;
    let mut overrides = args.set.clone();
    if let Some(r) = args.resolution {
        overrides.push(format!("map.resolution_km={r:?}"));
    }
    let scenario = config::load(&source, &overrides)?;
    let bands: Vec<Band> = if args.bands.is_empty() {
        Band::defaults()
    } else {
        args.bands
            .iter()
            .map(|b| Band::parse(b).map_err(|e| Failure::Input(format!("error: --band {e}"))))
            .collect::<Result<_, _>>()?
    };
    let res = scenario.map.resolution_km;
    let name = if res.fract() == 0.0 { format!("coverage-{res}km") } else { format!("coverage-{res:.1}km") };
    let dest = args.out.join(&scenario.slug).join(name);
    let staged = output::StagedDir::new(&dest, args.force).map_err(|e| match e {
        OutputError::Exists(_) => Failure::Input(format!("error: {e}")),
        other => Failure::Runtime(other.into()),
    })?;
    let started = Instant::now();
    let map = Map::build(&scenario.map);
    let map_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let cov = hedgehog::coverage::compute(&scenario, &map, &bands);
    let cov_s = started.elapsed().as_secs_f64();
    let format = match args.raster_format {
        RasterFormatArg::Tif => RasterFormat::GeoTiff,
        RasterFormatArg::Asc => RasterFormat::AsciiGrid,
    };
    let dir = staged.path().to_path_buf();
    for b in &cov.bands {
        let c = &b.coverage;
        let n = &c.band.name;
        let ad = hedgehog::coverage::layers::BandCoverage::layer_raster(&c.air_defense, c.grid);
        let det = hedgehog::coverage::layers::BandCoverage::layer_raster(&c.detection, c.grid);
        export::write_raster_u8(&dir, &format!("air_defense_layers_{n}"), &ad, format).context("writing rasters")?;
        export::write_raster_u8(&dir, &format!("detection_layers_{n}"), &det, format).context("writing rasters")?;
        export::write_raster_f32(&dir, &format!("p_kill_{n}"), &c.p_kill_raster(), format)
            .context("writing rasters")?;
        for (product, stem) in [(Product::AirDefense, "air_defense"), (Product::Detection, "detection")] {
            let fig = CoverageFigure { map: &map, scenario: &scenario, band: b, product };
            plot::render_png_and_svg(&dir, &format!("{stem}_{n}"), plot::map::SIZE, &fig)
                .context("drawing coverage maps")?;
        }
    }
    let json = serde_json::to_string_pretty(&cov.report(&scenario, &map)).context("writing coverage.json")?;
    staged.write("coverage.json", format!("{json}\n").as_bytes()).context("writing coverage.json")?;
    staged.write("coverage.csv", &cov.csv().context("writing coverage.csv")?).context("writing coverage.csv")?;
    let dir = staged.commit().context("writing the coverage directory")?;
    if args.quiet {
        return Ok(());
    }
    say!(
        "Hedgehog coverage — scenario \"{}\" on the {} km grid (map {:.0} ms, coverage {:.0} ms)",
        scenario.name,
        res,
        map_s * 1000.0,
        cov_s * 1000.0
    );
    say!(
        "  {:<7} {:<10} {:>4} {:>4}  {:>13} {:>13} {:>13}  largest gap",
        "band",
        "class",
        "AD",
        "sens",
        "population",
        "UA-held land",
        "corridor"
    );
    for b in &cov.bands {
        let c = &b.coverage;
        let share = |region: &str| {
            b.stats
                .shares
                .iter()
                .find(|s| s.product == "air_defense" && s.region == region)
                .map(|s| format!("{:>4.0}% / {:>3.0}%", s.share_ge1 * 100.0, s.share_ge2 * 100.0))
                .unwrap_or_default()
        };
        let gap = b
            .stats
            .gaps
            .first()
            .map(|g| format!("{:.0} km² near {}", g.area_km2, g.near))
            .unwrap_or_else(|| "none".into());
        say!(
            "  {:<7} {:<10} {:>4} {:>4}  {:>13} {:>13} {:>13}  {}",
            c.band.name,
            c.band.class.key(),
            c.sources.iter().filter(|s| s.engagement.is_some()).count(),
            c.sources.len(),
            share("population"),
            share("ukraine_held_territory"),
            share("black_sea_corridor"),
            gap
        );
    }
    say!("  (air-defence shares covered by 1+ / 2+ layers; detection shares are in coverage.csv)");
    say!("  written to {}/", dir.display());
    Ok(())
}

/// Prints one timed budget's line; returns whether it was met.
fn report_time(budget: &bench::Budget, t: f64) -> bool {
    let ok = t <= budget.max_median_s;
    say!(
        "  {:<32} {:>9.3} ms {:>16}  {:<34} {}",
        budget.name,
        t * 1e3,
        "",
        budget.target,
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

fn bench(args: BenchArgs) -> Result<(), Failure> {
    let scenario = Arc::new(bench::quiet_baseline());
    let theatre = Theatre::build(&scenario);
    say!("Hedgehog {} performance budgets (median of {} samples)", env!("CARGO_PKG_VERSION"), args.samples);
    say!("  {:<32} {:>12} {:>16}  {:<34} {}", "workload", "median", "rate", "target", "");
    let mut all_ok = true;
    for n in bench::TICK_ENTITY_COUNTS {
        let mut app = bench::moving_world(&scenario, &theatre, n);
        let t = bench::median_time(args.samples, || app.step()).as_secs_f64();
        let budget = bench::tick_budget(n);
        let ok = t <= budget.max_median_s;
        all_ok &= ok;
        say!(
            "  {:<32} {:>9.3} ms {:>11.1} M/s  {:<34} {}",
            budget.name,
            t * 1e3,
            n as f64 / t / 1e6,
            budget.target,
            if ok { "ok" } else { "MISSED" }
        );
    }
    let t = bench::median_time(args.samples, || bench::run_once(&scenario, &theatre)).as_secs_f64();
    all_ok &= report_time(&bench::QUIET_RUN, t);
    let raids = Arc::new(bench::baseline());
    let t = bench::median_time(args.samples, || bench::run_once(&raids, &theatre)).as_secs_f64();
    all_ok &= report_time(&bench::RAID_RUN, t);
    // Each sample is a fresh raid of 1,000 drones flown for three hours.
    let mut ticks: Vec<f64> = (0..args.samples.clamp(1, 7))
        .map(|_| {
            bench::drone_raid_window(&mut bench::drone_raid_world(&raids, &theatre, bench::RAID_DRONES)).as_secs_f64()
        })
        .collect();
    ticks.sort_by(f64::total_cmp);
    let t = ticks[ticks.len() / 2];
    let ok = t <= bench::DRONE_RAID_TICK.max_median_s;
    all_ok &= ok;
    say!(
        "  {:<32} {:>9.3} ms {:>9.0} ticks/s  {:<34} {}",
        bench::DRONE_RAID_TICK.name,
        t * 1e3,
        1.0 / t,
        bench::DRONE_RAID_TICK.target,
        if ok { "ok" } else { "MISSED" }
    );
    for (res, budget) in bench::MAP_BUDGETS {
        let samples = if res < 2.0 { args.samples.min(7) } else { args.samples };
        let t = bench::median_time(samples, || {
            std::hint::black_box(bench::build_map(res));
        })
        .as_secs_f64();
        all_ok &= report_time(&budget, t);
    }
    {
        // Batches (issue 7): wall time of 1,000 replications, scaling from one
        // thread to two, and peak memory that does not grow with replications.
        use bench::batch as bb;
        let tmp = std::env::temp_dir();
        let base = bench::baseline();
        let thousand = bb::plan(&base, 1000);
        let t = bb::run(&thousand, 2, &tmp).as_secs_f64();
        let ok = t <= bb::THOUSAND_RUNS.max_median_s;
        all_ok &= ok;
        say!(
            "  {:<32} {:>9.1} s  {:>10.0} runs/s  {:<34} {}",
            bb::THOUSAND_RUNS.name,
            t,
            1000.0 / t,
            bb::THOUSAND_RUNS.target,
            if ok { "ok" } else { "MISSED" }
        );
        let scaling = bb::plan(&base, bb::SCALING_RUNS);
        let one = bb::run(&scaling, 1, &tmp).as_secs_f64();
        let two = bb::run(&scaling, 2, &tmp).as_secs_f64();
        let speedup = one / two;
        let ok = speedup >= bb::MIN_SPEEDUP;
        all_ok &= ok;
        say!(
            "  {:<32} {:>9.2} x  {:>16}  {:<34} {}",
            format!("batch speed-up, 1 -> 2 threads"),
            speedup,
            format!("{one:.1} s / {two:.1} s"),
            format!(">= {} x", bb::MIN_SPEEDUP),
            if ok { "ok" } else { "MISSED" }
        );
        let mut one_day = base.clone();
        one_day.duration_days = 1.0;
        let mut peaks = Vec::new();
        for runs in bb::MEMORY_RUNS {
            let reset = bench::coverage::reset_peak_rss();
            bb::run(&bb::plan(&one_day, runs), 2, &tmp);
            peaks.push(bench::coverage::peak_rss_bytes().filter(|_| reset));
        }
        match (peaks[0], peaks[1]) {
            (Some(small), Some(large)) => {
                let growth = large as f64 / small as f64 - 1.0;
                let ok = growth <= bb::MAX_MEMORY_GROWTH;
                all_ok &= ok;
                say!(
                    "  {:<32} {:>9.0} MiB {:>15}  {:<34} {}",
                    "peak memory, 10,000 runs",
                    large as f64 / (1u64 << 20) as f64,
                    format!("{:.0} MiB at 100", small as f64 / (1u64 << 20) as f64),
                    format!("within {:.0} % of 100 runs", bb::MAX_MEMORY_GROWTH * 100.0),
                    if ok { "ok" } else { "MISSED" }
                );
            }
            _ => say!("  peak memory of batches: not measurable on this system"),
        }
    }
    {
        use bench::coverage as cb;
        let map1 = bench::build_map(1.0);
        let map5 = bench::build_map(5.0);
        for (map, budget, samples) in
            [(&map5, cb::SENSORS_5KM, args.samples), (&map1, cb::SENSORS_1KM, args.samples.min(7))]
        {
            let sources = cb::sensors(map, 200);
            let t = bench::median_time(samples, || {
                std::hint::black_box(cb::layers(map, &sources));
            })
            .as_secs_f64();
            all_ok &= report_time(&budget, t);
        }
        let sources = cb::sensors(&map1, 200);
        let mut layers = cb::layers(&map1, &sources);
        let (a, b) = (sources[0].observer, sources[1].observer);
        let mut flip = false;
        let t = bench::median_time(args.samples, || {
            flip = !flip;
            let o = if flip { b } else { a };
            layers.move_source(&map1.elevation, 0, o.col, o.row, o.z_m);
        })
        .as_secs_f64();
        all_ok &= report_time(&cb::MOVE_1KM, t);
        drop((map1, map5, layers));
        let reset = cb::reset_peak_rss();
        let mut s1 = (*scenario).clone();
        s1.map.resolution_km = 1.0;
        let m = Map::build(&s1.map);
        let c = hedgehog::coverage::compute(&s1, &m, &hedgehog::coverage::bands::Band::defaults());
        std::hint::black_box(&c);
        match cb::peak_rss_bytes() {
            Some(bytes) => {
                let gib = bytes as f64 / (1u64 << 30) as f64;
                let ok = gib <= cb::MEMORY_GIB;
                all_ok &= ok;
                let what = if reset { "peak memory, 1 km, 4 bands" } else { "peak memory (whole bench)" };
                say!(
                    "  {:<32} {:>9.0} MiB {:>15}  {:<34} {}",
                    what,
                    bytes as f64 / (1u64 << 20) as f64,
                    "",
                    "<= 1 GiB",
                    if ok { "ok" } else { "MISSED" }
                );
            }
            None => say!("  peak memory: not available on this system"),
        }
    }
    {
        // Placement (issue 8): greedy and swap on the baseline's air defence.
        use bench::optimize as ob;
        let inst = ob::instance();
        let mut times: Vec<f64> =
            (0..args.samples.clamp(1, 7)).map(|_| ob::greedy_swap(&inst.merged).1.as_secs_f64()).collect();
        times.sort_by(f64::total_cmp);
        let t = times[times.len() / 2];
        let ok = t <= ob::GREEDY_SWAP.max_median_s;
        all_ok &= ok;
        say!(
            "  {:<32} {:>9.3} s  {:>16}  {:<34} {}",
            ob::GREEDY_SWAP.name,
            t,
            format!("{} sites, {} pts", inst.sites(), inst.built.demand_points),
            ob::GREEDY_SWAP.target,
            if ok { "ok" } else { "MISSED" }
        );
    }
    say!("  (ticks, runs and placement on one thread; maps and coverage on all cores; criterion: cargo bench)");
    if !all_ok {
        say!("  some budgets were missed on this machine");
    }
    Ok(())
}
