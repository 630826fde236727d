//! `hedgehog optimize`: the command-line side of `hedgehog::optimize` —
//! arguments, checking them, a spinner that names the stage, and what is
//! printed.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use hedgehog::batch::figures::short;
use hedgehog::config;
use hedgehog::coverage::bands::Band;
use hedgehog::geo::map::Map;
use hedgehog::optimize::build::{Place, Spec, Weights};
use hedgehog::optimize::exact::Limits;
use hedgehog::optimize::{self, output};
use hedgehog::output::{OutputError, StagedDir};
use hedgehog::sim::rng::{fnv1a, stream};
use indicatif::{ProgressBar, ProgressStyle};

use super::batch::{input, threads};
use super::{Failure, source_of};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
enum PlaceArg {
    /// Air-defence batteries of the coalition and Ukraine.
    AirDefense,
    /// The deterrent ground force: the coalition's combat formations.
    Ground,
    /// Fighter CAP stations.
    Cap,
    /// AEW and ISR orbits.
    Isr,
}

#[derive(Debug, Args)]
pub(crate) struct OptimizeArgs {
    /// Scenario file, or a built-in scenario name. Default: the built-in baseline.
    #[arg(value_name = "FILE")]
    file: Option<String>,
    /// What to place.
    #[arg(long, value_enum, value_name = "KIND")]
    place: PlaceArg,
    /// Objective weights NAME=W,... over the defaults: population=1,
    /// infrastructure=1, approach=0.5 (raid approaches from the launch
    /// areas), exposure=0 (penalty for standing near the line),
    /// airframes=0.005 (penalty per airframe, CAP and ISR). No weight may be
    /// negative.
    #[arg(long, value_name = "NAME=W,...")]
    objective: Option<String>,
    /// Move at most N units (default: every movable unit of the kind).
    #[arg(long, value_name = "N")]
    budget: Option<usize>,
    /// Candidate sites to aim for (the lattice of land cells is thinned to about this many).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    sites: usize,
    /// Smallest distance from the contact line, km: KM for every type, or
    /// TYPE=KM for one catalogue type, e.g. --min-line-km 60 --min-line-km
    /// skyranger_35=10 (repeatable; default: 40 for area and 15 for point air
    /// defence, 100 for ground formations, 50 for CAP and ISR stations).
    #[arg(long = "min-line-km", value_name = "[TYPE=]KM", allow_negative_numbers = true)]
    min_line_km: Vec<String>,
    /// Smallest distance between two placed units, km.
    #[arg(long, value_name = "KM", default_value_t = 10.0, allow_negative_numbers = true)]
    min_spacing_km: f64,
    /// Move at most N units of a nation, e.g. --cap DE=2 or --cap DE=0,FR=1
    /// (repeatable; 0 keeps that nation's units where they are).
    #[arg(long = "cap", value_name = "NATION=N")]
    caps: Vec<String>,
    /// Altitude bands HEIGHT[:CLASS[:RCS]] the air-defence objective covers
    /// (repeatable; default: 50, 500, 3000, 10000).
    #[arg(long = "band", value_name = "SPEC", allow_hyphen_values = true)]
    bands: Vec<String>,
    /// Simulated-annealing moves after greedy and swap (0: none).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    anneal: usize,
    /// Also solve the problem exactly as a mixed-integer programme (small and
    /// medium instances; needs the `exact` cargo feature, on by default).
    #[arg(long)]
    exact: bool,
    /// Time limit of the exact mode, s.
    #[arg(long, value_name = "S", default_value_t = 300.0)]
    exact_time_limit: f64,
    /// Monte Carlo replications of each laydown to judge the proposal (0: none).
    #[arg(long, value_name = "N", default_value_t = 100)]
    runs: u64,
    /// Worker threads for the Monte Carlo (default: every core).
    #[arg(long, value_name = "T")]
    threads: Option<usize>,
    /// Seed of the annealing (default: the scenario's `seed`).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Override any scenario field, as for `run` (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Directory for results; they go to DIR/<scenario>/optimize-<kind>-<hash>/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Replace an existing result directory.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors; no spinner.
    #[arg(short, long)]
    quiet: bool,
}

fn place_of(p: PlaceArg) -> Place {
    match p {
        PlaceArg::AirDefense => Place::AirDefense,
        PlaceArg::Ground => Place::Ground,
        PlaceArg::Cap => Place::Cap,
        PlaceArg::Isr => Place::Isr,
    }
}

/// Checks the flags against the scenario and turns them into a [`Spec`].
fn spec_of(args: &OptimizeArgs, scenario: &config::Scenario) -> Result<Spec, Failure> {
    let mut spec = Spec::new(place_of(args.place));
    if let Some(text) = &args.objective {
        spec.weights = Weights::default().parse_over(text).map_err(input)?;
    }
    if args.sites == 0 {
        return Err(input("--sites 0: give at least 1 candidate site"));
    }
    spec.sites = args.sites;
    // `rule` as written, `value` the number in it.
    let km = |rule: &str, value: &str| -> Result<f64, Failure> {
        match value.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
            _ => Err(input(format!("--min-line-km {rule}: give a distance of 0 km or more"))),
        }
    };
    for rule in args.min_line_km.iter().flat_map(|r| r.split(',')).map(str::trim).filter(|r| !r.is_empty()) {
        match rule.split_once('=') {
            Some((type_name, v)) => {
                spec.min_line_by_type.insert(type_name.trim().to_string(), km(rule, v)?);
            }
            None => spec.min_line_km = Some(km(rule, rule)?),
        }
    }
    if !args.min_spacing_km.is_finite() || args.min_spacing_km < 0.0 {
        return Err(input(format!("--min-spacing-km {}: give a distance of 0 km or more", args.min_spacing_km)));
    }
    spec.min_spacing_km = args.min_spacing_km;
    spec.budget = args.budget;
    let mut caps = BTreeMap::new();
    for c in args.caps.iter().flat_map(|c| c.split(',')).map(str::trim).filter(|c| !c.is_empty()) {
        let Some((nation, n)) = c.split_once('=') else {
            return Err(input(format!("--cap {c:?}: write NATION=N, e.g. --cap DE=2")));
        };
        let nation = nation.trim().to_uppercase();
        if !scenario.nations.iter().any(|x| x.code == nation) {
            let codes: Vec<&str> = scenario.nations.iter().map(|x| x.code.as_str()).collect();
            return Err(input(format!(
                "--cap {c}: no nation {nation:?} in the scenario; nations: {}",
                codes.join(", ")
            )));
        }
        let n: usize =
            n.trim().parse().map_err(|_| input(format!("--cap {c}: {:?} is not a whole number of units", n.trim())))?;
        caps.insert(nation, n);
    }
    spec.caps = caps;
    spec.bands = args
        .bands
        .iter()
        .map(|b| Band::parse(b).map_err(|e| input(format!("--band {e}"))))
        .collect::<Result<_, _>>()?;
    Ok(spec)
}

pub(crate) fn optimize(args: OptimizeArgs) -> Result<(), Failure> {
    let source = source_of(args.file.as_deref())?;
    let scenario = config::load(&source, &args.set)?;
    let spec = spec_of(&args, &scenario)?;
    let threads = threads(args.threads)?;
    if !(args.exact_time_limit.is_finite() && args.exact_time_limit > 0.0) {
        return Err(input(format!("--exact-time-limit {}: give a number of seconds above 0", args.exact_time_limit)));
    }
    let seed = args.seed.unwrap_or(scenario.seed);
    let key = format!(
        "{}|{:?}|{seed}|{}|{}|{}\n{}",
        spec.place.key(),
        (
            &args.objective,
            args.budget,
            args.sites,
            &args.min_line_km,
            args.min_spacing_km,
            &spec.caps,
            &args.bands,
            args.exact
        ),
        args.anneal,
        args.runs,
        env!("CARGO_PKG_VERSION"),
        scenario.resolved_ron()
    );
    let dest = args.out.join(&scenario.slug).join(format!("optimize-{}-{:08x}", spec.place.key(), fnv1a(&key) as u32));
    if dest.exists() && !args.force {
        return Err(input(OutputError::Exists(dest)));
    }
    if !args.quiet {
        say!(
            "Hedgehog {} — placing the {} of \"{}\" ({} km map, seed {seed})",
            env!("CARGO_PKG_VERSION"),
            spec.place.noun(),
            scenario.name,
            scenario.map.resolution_km
        );
    }
    let spinner = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("  {spinner} {msg}  ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(Duration::from_millis(120));
        b
    };
    let tell = |stage: &str| spinner.set_message(stage.to_string());
    let started = Instant::now();
    tell("building the map");
    let map = Map::build(&scenario.map);
    let mut rng = stream(seed, 0, "optimize");
    let search = optimize::SearchOptions {
        anneal_steps: args.anneal,
        exact: args.exact.then_some(Limits { time_limit_s: args.exact_time_limit, ..Limits::default() }),
    };
    let found = optimize::optimize(&scenario, &map, &spec, search, &mut rng, &tell);
    let opt = match found {
        Ok(o) => o,
        Err(e) => {
            spinner.finish_and_clear();
            return Err(input(e));
        }
    };
    let search_s = started.elapsed().as_secs_f64();
    // Only now, with a proposal in hand, does anything touch the disk.
    let staged = match StagedDir::new(&dest, args.force) {
        Ok(s) => s,
        Err(e) => {
            spinner.finish_and_clear();
            return Err(Failure::Runtime(e.into()));
        }
    };
    let written = output::write(staged.path(), &scenario, &map, &spec, &opt, args.runs, threads, &tell);
    spinner.finish_and_clear();
    let written = written.map_err(|e| Failure::Runtime(anyhow::anyhow!(e)))?;
    let dir = staged.commit().context("writing the optimisation directory")?;
    if args.quiet {
        return Ok(());
    }
    let o = &opt.outcome;
    say!(
        "  {} unit(s) placed ({} stay put) over {} candidate sites; {} demand points ({} after merging); {:.1} s",
        opt.built.units.len(),
        opt.built.fixed.len(),
        opt.built.sites.len(),
        opt.built.demand_points,
        opt.merged_demand,
        search_s
    );
    say!("  surrogate objective (share of weighted demand protected, less penalties):");
    say!("    scenario laydown {:>10}", short(opt.current.value));
    say!("    greedy           {:>10}", short(o.greedy.value));
    say!("    swap             {:>10}", short(o.swap.value));
    say!(
        "    annealing        {:>10}   (gain over the laydown {:+})",
        short(o.best.value),
        short(o.best.value - opt.current.value)
    );
    say!(
        "    upper bound      {:>10}   (the proposal is within {:.1} % of it)",
        short(o.upper_bound),
        100.0 * (o.upper_bound - o.best.value) / o.upper_bound.abs().max(1e-12)
    );
    if let Some(Err(why)) = &opt.exact {
        say!("    exact (MILP)     none: {why}");
    }
    if let Some(Ok(e)) = &opt.exact {
        say!(
            "    exact (MILP)     {:>10}   (bound {}, {})",
            short(e.placement.value),
            short(e.bound),
            if e.proven { "proven optimal to the tangent spacing" } else { "time limit reached: not proven" }
        );
    }
    let moved: Vec<_> = opt.moves.iter().filter(|m| m.km > 0.5).collect();
    say!("  moves: {} of {} units", moved.len(), opt.moves.len());
    let uw = moved.iter().take(8).map(|m| m.unit.len()).max().unwrap_or(0);
    for m in moved.iter().take(8) {
        say!(
            "    {:<uw$} {:>5.0} km to {:.2}N {:.2}E, near {}; {:.0} -> {:.0} km from the line",
            m.unit,
            m.km,
            m.to.lat,
            m.to.lon,
            m.near,
            m.line_km.0,
            m.line_km.1
        );
    }
    if moved.len() > 8 {
        say!("    ... and {} more in moves.csv", moved.len() - 8);
    }
    if !written.judged.is_empty() {
        say!("  judged by Monte Carlo, {} runs each on the same seeds (mean, 95 % CI):", args.runs);
        for (k, b, a) in &written.judged {
            say!(
                "    {:<24} {:>10} ({} to {})  ->  {:>10} ({} to {})",
                k,
                short(b.mean),
                short(b.ci95_lo),
                short(b.ci95_hi),
                short(a.mean),
                short(a.ci95_lo),
                short(a.ci95_hi)
            );
        }
    }
    say!("  written to {}/", dir.display());
    say!("    optimized.ron   the scenario with the proposed positions: hedgehog run {}/optimized.ron", dir.display());
    say!(
        "    moves.csv, pareto.csv, summary.json, moves.png, pareto.png{}",
        if matches!(spec.place, Place::AirDefense | Place::Isr) { ", coverage_before/after.png" } else { "" }
    );
    say!("    report.html     all of it on one page");
    Ok(())
}
