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
use hedgehog::config::{self, ConfigErrors, Scenario, ScenarioSource};
use hedgehog::output::{self, OutputError};
use hedgehog::results::RunResult;
use hedgehog::sim::run::{RunOptions, run_with};

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

const EXAMPLES: &str = "\
Examples:
  hedgehog                                   run the built-in baseline scenario
  hedgehog run configs/germany_out.ron       run a scenario file
  hedgehog run --seed 7 --days 10 --set nations.DE.participates=false
  hedgehog validate configs/*.ron            check files without running them
  hedgehog new my_scenario                   write a commented starter scenario
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

Results go to OUT/<scenario>/seed-<seed>-<hash>/: scenario.resolved.ron,
summary.json, events.csv and timeseries.csv.")]
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
struct BenchArgs {
    /// Timed samples per workload (the median is reported).
    #[arg(long, default_value_t = 21)]
    samples: usize,
}

/// A failure and the exit code it deserves.
enum Failure {
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
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        None => run(cli.run),
        Some(Command::Run(args)) => run(args),
        Some(Command::Validate(args)) => validate(args),
        Some(Command::New(args)) => new(args),
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

fn source_of(file: Option<&str>) -> Result<ScenarioSource, Failure> {
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
        return Err(Failure::Input(format!(
            "error: {}",
            OutputError::Exists(dest)
        )));
    }
    let started = Instant::now();
    let scenario = Arc::new(scenario);
    let result = run_with(
        &scenario,
        RunOptions {
            seed,
            replication: 0,
            shuffle_seed: None,
        },
    );
    let elapsed = started.elapsed();
    let dir = output::write_run(&args.out, &scenario, &result, args.force)
        .with_context(|| format!("writing the results of {}", source.display()))?;
    if !args.quiet {
        print_summary(&source, &scenario, &result, &dir, elapsed.as_secs_f64());
    }
    Ok(())
}

fn print_summary(source: &ScenarioSource, s: &Scenario, r: &RunResult, dir: &Path, seconds: f64) {
    let m = &r.summary.metrics;
    let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
    say!(
        "Hedgehog {} — scenario \"{}\" ({})",
        env!("CARGO_PKG_VERSION"),
        s.name,
        source.display()
    );
    say!(
        "  {} days at {} s per tick, seed {}: {} of {} ticks executed in {:.1} ms",
        s.duration_days,
        s.tick_seconds,
        r.summary.seed,
        r.summary.ticks_executed,
        r.summary.ticks,
        seconds * 1000.0
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
    say!("  results: {}/", dir.display());
    say!("    scenario.resolved.ron  what ran (includes, catalogue and overrides applied)");
    say!("    summary.json           {} metrics", m.len());
    say!("    events.csv             {} events", r.events.len());
    say!("    timeseries.csv         {} days", r.timeseries.len());
}

fn validate(args: ValidateArgs) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for f in &args.files {
        let result =
            source_of(Some(f)).and_then(|src| config::load(&src, &args.set).map_err(Failure::from));
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
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.trim().is_empty() {
        return Err(Failure::Input(format!(
            "error: `{}` is not a usable scenario name",
            args.name
        )));
    }
    if path.exists() {
        return Err(Failure::Input(format!(
            "error: {} already exists; choose another name",
            path.display()
        )));
    }
    let text =
        config::builtin::STARTER.replacen("name: \"starter\"", &format!("name: {stem:?}"), 1);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Failure::Input(format!(
            "error: directory {} does not exist",
            dir.display()
        )));
    }
    output::write_file(&path, text.as_bytes()).context("writing the starter scenario")?;
    say!(
        "wrote {}: edit it, then `hedgehog validate {0}` and `hedgehog run {0}`",
        path.display()
    );
    Ok(())
}

fn bench(args: BenchArgs) -> Result<(), Failure> {
    let scenario = Arc::new(bench::baseline());
    say!(
        "Hedgehog {} performance budgets (median of {} samples)",
        env!("CARGO_PKG_VERSION"),
        args.samples
    );
    say!(
        "  {:<32} {:>12} {:>16}  {:<34} {}",
        "workload",
        "median",
        "rate",
        "target",
        ""
    );
    let mut all_ok = true;
    for n in bench::TICK_ENTITY_COUNTS {
        let mut app = bench::moving_world(&scenario, n);
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
    let t = bench::median_time(args.samples, || bench::quiet_run(&scenario)).as_secs_f64();
    let ok = t <= bench::QUIET_RUN.max_median_s;
    all_ok &= ok;
    say!(
        "  {:<32} {:>9.3} ms {:>16}  {:<34} {}",
        bench::QUIET_RUN.name,
        t * 1e3,
        "",
        bench::QUIET_RUN.target,
        if ok { "ok" } else { "MISSED" }
    );
    say!("  (one thread; criterion gives confidence intervals: cargo bench --bench sim)");
    if !all_ok {
        say!("  some budgets were missed on this machine");
    }
    Ok(())
}
