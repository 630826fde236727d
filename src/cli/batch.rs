//! `hedgehog batch`, `sweep` and `merge`: the command-line side of
//! `hedgehog::batch` — arguments, the progress bar, and what is printed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use hedgehog::batch::exec::{self, Options, Outcome};
use hedgehog::batch::plan::{self, Plan, Shard};
use hedgehog::batch::store::{BatchError, Manifest};
use hedgehog::batch::{finish, merge as merging};
use hedgehog::config::{self, ScenarioSource};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Failure, source_of};

#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// Scenario file, or a built-in scenario name. Default: the built-in baseline.
    #[arg(value_name = "FILE")]
    file: Option<String>,
    /// Replications to run.
    #[arg(long, value_name = "N")]
    runs: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// Base seed of the replications (default: the scenario's `seed`).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Simulated days (overrides `duration_days`).
    #[arg(long, value_name = "N")]
    days: Option<f64>,
    /// Override any scenario field, as for `run` (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Metrics to headline and plot (repeatable; default: launched, destroyed,
    /// leaked, interceptor cost, casualties).
    #[arg(long = "metric", value_name = "NAME")]
    metrics: Vec<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
pub(crate) struct SweepArgs {
    /// The sweep file (RON): scenario, factors, design, replications.
    #[arg(value_name = "SWEEP")]
    file: PathBuf,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// Metrics to headline and plot (repeatable; default: the file's `outputs`).
    #[arg(long = "metric", value_name = "NAME")]
    metrics: Vec<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
struct Common {
    /// Run only slice K of N (0 <= K < N) of the jobs, for a node of a cluster
    /// job array; combine the slices with `hedgehog merge`. Without it, Slurm's
    /// and Kubernetes' array variables choose the slice when they are set.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Directory for results.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Discard what the result directory holds and run again.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors; no progress bar.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Shard directories (`.../shard-K-of-N`), all of them.
    #[arg(value_name = "DIR", required = true)]
    shards: Vec<PathBuf>,
    /// Where to write the merged batch (default: the directory holding the shards).
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub(crate) fn input(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("error: {e}"))
}

fn batch_failure(e: BatchError) -> Failure {
    if e.is_input() { input(e) } else { Failure::Runtime(anyhow::Error::new(e)) }
}

/// The text of a scenario as written, for the report's assumptions.
pub(crate) fn source_text(source: &ScenarioSource) -> String {
    match source {
        ScenarioSource::File(p) => std::fs::read_to_string(p).unwrap_or_default(),
        ScenarioSource::Builtin(name) => {
            config::builtin::CONFIGS.iter().find(|(n, _)| n == name).map(|(_, t)| t.to_string()).unwrap_or_default()
        }
    }
}

fn shard_of(text: Option<&str>) -> Result<Option<Shard>, Failure> {
    match text {
        Some(t) => Shard::parse(t).map(Some).map_err(input),
        None => Shard::from_env(|k| std::env::var(k).ok()).map_err(input),
    }
}

/// The worker threads asked for, or every core.
pub(crate) fn threads(asked: Option<usize>) -> Result<usize, Failure> {
    match asked {
        Some(0) => Err(input("--threads 0: give at least 1")),
        Some(t) => Ok(t),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// True when `file` is a sweep file (its top level is `Sweep(...)`), so that
/// `validate` checks it as one.
pub(crate) fn is_sweep_file(file: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(file) else { return false };
    hedgehog::config::doc::parse(&std::sync::Arc::from(file), &text)
        .is_ok_and(|n| matches!(&n.value, hedgehog::config::doc::Value::Struct(Some(name), _) if name == "Sweep"))
}

pub(crate) fn batch(args: BatchArgs) -> Result<(), Failure> {
    let source = source_of(args.file.as_deref())?;
    let mut overrides = args.set.clone();
    if let Some(days) = args.days {
        overrides.push(format!("duration_days={days:?}"));
    }
    let scenario = config::load(&source, &overrides)?;
    let seed = args.seed.unwrap_or(scenario.seed);
    let plan = Plan::batch(scenario, source_text(&source), args.runs, seed, args.metrics).map_err(input)?;
    execute(&plan, args.threads, &args.common)
}

pub(crate) fn sweep(args: SweepArgs) -> Result<(), Failure> {
    if !args.file.is_file() {
        return Err(input(format!("{}: no such sweep file", args.file.display())));
    }
    let plan = plan::sweep_from_file(&args.file, args.metrics)?;
    execute(&plan, args.threads, &args.common)
}

fn execute(plan: &Plan, threads_asked: Option<usize>, common: &Common) -> Result<(), Failure> {
    let shard = shard_of(common.shard.as_deref())?;
    let threads = threads(threads_asked)?;
    let batch_dir = plan.dir(&common.out);
    let dir = shard.map_or(batch_dir.clone(), |s| exec::shard_dir(&batch_dir, s));
    let jobs = shard.map_or(plan.jobs(), |s| s.range(plan.jobs()).count() as u64);
    if !common.quiet {
        say!(
            "Hedgehog {} — {} \"{}\": {} point(s) x {} replication(s) = {} runs{}, {} thread(s)",
            env!("CARGO_PKG_VERSION"),
            plan.kind.key(),
            plan.name,
            plan.points.len(),
            plan.replications,
            plan.jobs(),
            shard.map(|s| format!(" (shard {s}: {jobs} runs)")).unwrap_or_default(),
            threads
        );
        if plan.kind == plan::Kind::Sweep {
            say!("  design: {}; factors: {}", plan.design, plan.factors.join(", "));
        }
    }
    let bar = if common.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(jobs);
        b.set_style(
            ProgressStyle::with_template(
                "  {bar:40.cyan/blue} {pos}/{len} runs  {per_sec}  elapsed {elapsed}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    };
    let started = Instant::now();
    let outcome =
        exec::execute(plan, &dir, Options { threads, shard, force: common.force }, &|done, _| bar.set_position(done));
    bar.finish_and_clear();
    let outcome = outcome.map_err(batch_failure)?;
    if common.quiet {
        return Ok(());
    }
    match outcome {
        Outcome::AlreadyComplete { dir } => {
            say!("  already complete: {}/ (use --force to run it again)", dir.display());
        }
        Outcome::Ran { dir, jobs, resumed } => {
            let secs = started.elapsed().as_secs_f64();
            let ran = jobs - resumed;
            say!(
                "  {ran} runs in {secs:.1} s ({:.0} runs/s){}",
                ran as f64 / secs.max(1e-9),
                if resumed > 0 { format!("; {resumed} were already done and kept") } else { String::new() }
            );
            match shard {
                Some(s) => {
                    say!("  shard {s} written to {}/", dir.display());
                    say!("  when every shard is done: hedgehog merge {}/shard-*", batch_dir.display());
                }
                None => print_results(&dir)?,
            }
        }
    }
    Ok(())
}

/// Prints the headline figures of a finished batch or sweep and its files.
fn print_results(dir: &Path) -> Result<(), Failure> {
    let manifest = Manifest::read(dir).map_err(batch_failure)?.ok_or_else(|| input("the batch has no manifest"))?;
    let findings = finish::read_findings(dir).map_err(batch_failure)?;
    match manifest.kind() {
        plan::Kind::Batch => {
            say!("  {:<28} {:>12} {:>25} {:>12}", "metric", "mean", "95 % CI", "median");
            if let Some(summary) = findings.summaries.first() {
                for k in &manifest.key_metrics {
                    if let Some(s) = summary.get(k) {
                        say!(
                            "  {:<28} {:>12} {:>25} {:>12}",
                            k,
                            fmt(s.mean),
                            format!("{} to {}", fmt(s.ci95_lo), fmt(s.ci95_hi)),
                            fmt(s.median)
                        );
                    }
                }
            }
        }
        plan::Kind::Sweep => {
            if let Some(k) = manifest.key_metrics.first() {
                let mut best: Vec<(usize, f64)> =
                    findings.summaries.iter().enumerate().filter_map(|(p, m)| m.get(k).map(|s| (p, s.mean))).collect();
                best.sort_by(|a, b| a.1.total_cmp(&b.1));
                say!(
                    "  {k}: lowest mean at point {} ({}), highest at point {} ({})",
                    best.first().map_or(0, |b| b.0),
                    best.first().map_or(String::new(), |b| fmt(b.1)),
                    best.last().map_or(0, |b| b.0),
                    best.last().map_or(String::new(), |b| fmt(b.1))
                );
            }
        }
    }
    say!("  results: {}/", dir.display());
    for f in list_files(dir) {
        say!("    {f}");
    }
    Ok(())
}

fn list_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten().filter(|e| e.path().is_file()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A number for a terminal table: integers as such, others to 4 significant digits.
fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else if x.abs() >= 1e6 {
        format!("{:.3e}", x)
    } else {
        let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{x:.digits$}")
    }
}

#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// Directories of finished batches; the first is the reference.
    #[arg(value_name = "DIR", required = true, num_args = 2..)]
    batches: Vec<PathBuf>,
    /// Metrics to compare (repeatable; default: the first batch's key metrics).
    #[arg(long = "metric", value_name = "NAME")]
    metrics: Vec<String>,
    /// Directory for results.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub(crate) fn compare(args: CompareArgs) -> Result<(), Failure> {
    use hedgehog::batch::compare;
    let entries = compare::read(&args.batches).map_err(batch_failure)?;
    for m in &args.metrics {
        if let Some(e) = entries.iter().find(|e| !e.summary.contains_key(m)) {
            return Err(input(format!("{}: no metric is called {m:?}", e.dir.display())));
        }
    }
    let keys = compare::common_keys(&entries, &args.metrics);
    if keys.is_empty() {
        return Err(input("the batches have no key metric in common: name one with --metric"));
    }
    let ids: Vec<String> = entries.iter().map(|e| e.manifest.id.clone()).collect();
    let dir = args.out.join(format!("compare-{:08x}", hedgehog::sim::rng::fnv1a(&ids.join(",")) as u32));
    compare::write(&dir, &entries, &keys).map_err(batch_failure)?;
    if !args.quiet {
        say!("Hedgehog {} — {} batches compared", env!("CARGO_PKG_VERSION"), entries.len());
        say!("  {:<24} {:<28} {:>12} {:>25}", "scenario", "metric", "mean", "95 % CI");
        for e in &entries {
            for k in &keys {
                let s = e.summary[k];
                say!(
                    "  {:<24} {:<28} {:>12} {:>25}",
                    e.manifest.name,
                    k,
                    fmt(s.mean),
                    format!("{} to {}", fmt(s.ci95_lo), fmt(s.ci95_hi))
                );
            }
        }
        say!("  results: {}/", dir.display());
        for f in list_files(&dir) {
            say!("    {f}");
        }
    }
    Ok(())
}

pub(crate) fn merge(args: MergeArgs) -> Result<(), Failure> {
    let dest = merging::merge(&args.shards, args.into.as_deref()).map_err(batch_failure)?;
    if !args.quiet {
        say!("Hedgehog {} — merged {} shards", env!("CARGO_PKG_VERSION"), args.shards.len());
        print_results(&dest)?;
    }
    Ok(())
}
