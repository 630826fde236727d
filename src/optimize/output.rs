//! What `hedgehog optimize` writes: the proposal as a scenario that runs
//! (`optimized.ron`, checked by loading it back), the moves, the Pareto
//! front, maps before and after, a Monte Carlo comparison of the scenario's
//! laydown and the proposal through `batch` (the judge: the surrogate only
//! proposes), `summary.json` and `report.html`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::build::{Place, Spec};
use super::{Optimized, optimized_scenario_ron};
use crate::batch::compare;
use crate::batch::exec::{self, Options};
use crate::batch::figures::{self, Drawn, short};
use crate::batch::plan::Plan;
use crate::config::{self, Scenario, ScenarioSource};
use crate::coverage::bands::Band;
use crate::geo::map::Map;
use crate::plot::coverage::{CoverageFigure, Product};
use crate::plot::placement::{MovesFigure, PARETO_SIZE, ParetoFigure};
use crate::plot::{self, Figure};
use crate::report::{Block, KeyFigure, Report, Section};

/// The metrics the Monte Carlo comparison judges.
pub const JUDGED: [&str; 5] =
    ["threats.leaked", "threats.destroyed", "casualties.civilian", "damage.hits.energy", "interceptors.cost_usd"];

/// The metrics judged besides [`JUDGED`] when the scenario has a
/// `deterrence` section.
pub const JUDGED_DETERRENCE: [&str; 3] = ["breaches.attempted", "breaches.succeeded", "ground.territory_km2"];

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// The directory.
    pub dir: PathBuf,
    /// The Monte Carlo comparison's rows: (metric, before, after) summaries.
    pub judged: Vec<(String, crate::batch::stats::Summary, crate::batch::stats::Summary)>,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    scenario: &'a str,
    place: &'a str,
    units: usize,
    fixed_units: usize,
    candidate_sites: usize,
    demand_points: usize,
    demand_points_merged: usize,
    objective: ObjectiveJson,
    moves: &'a [super::Move],
    pareto: &'a [super::ParetoPoint],
    exact: Option<ExactJson>,
}

#[derive(Serialize)]
struct ExactJson {
    value: Option<f64>,
    bound: Option<f64>,
    proven: bool,
    note: String,
}

#[derive(Serialize)]
struct ObjectiveJson {
    scenario_laydown: f64,
    greedy: f64,
    swap: f64,
    best: f64,
    upper_bound: f64,
    gain_over_laydown: f64,
    gap_to_bound: f64,
}

fn draw(dir: &Path, stem: &str, caption: &str, size: (u32, u32), fig: &impl Figure) -> Result<Drawn, String> {
    figures::draw(dir, stem, caption, size, fig).map_err(|e| e.to_string())
}

/// Writes everything into `dir`; runs `runs` replications of each laydown
/// for the Monte Carlo judgement (none when 0).
#[expect(clippy::too_many_arguments, reason = "the inputs of one command")]
pub fn write(
    dir: &Path,
    scenario: &Scenario,
    map: &Map,
    spec: &Spec,
    opt: &Optimized,
    runs: u64,
    threads: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Written, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    let write_text = |name: &str, text: &str| -> Result<(), String> {
        let path = dir.join(name);
        crate::output::write_file(&path, text.as_bytes()).map_err(|e| e.to_string())
    };
    // The proposal, and proof that it runs.
    let ron = optimized_scenario_ron(scenario, opt, spec);
    write_text("optimized.ron", &ron)?;
    let proposed = config::load(&ScenarioSource::File(dir.join("optimized.ron")), &[])
        .map_err(|e| format!("the proposed scenario does not load (a defect, please report it):\n{e}"))?;

    let mut moves_csv = String::from(
        "unit,type,nation,from_lat,from_lon,from_place,to_lat,to_lon,near,moved_km,line_km_before,line_km_after\n",
    );
    for m in &opt.moves {
        moves_csv.push_str(&format!(
            "{},{},{},{:.4},{:.4},{},{:.4},{:.4},\"{}\",{:.1},{:.1},{:.1}\n",
            m.unit,
            m.type_name,
            m.nation,
            m.from.lat,
            m.from.lon,
            m.from_place.clone().unwrap_or_default(),
            m.to.lat,
            m.to.lon,
            m.near,
            m.km,
            m.line_km.0,
            m.line_km.1
        ));
    }
    write_text("moves.csv", &moves_csv)?;
    let mut pareto_csv =
        String::from("units,exposure_weight,coverage,mean_line_km,personnel_in_glide_bomb_reach,cost,efficient\n");
    for p in &opt.pareto {
        pareto_csv.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            p.units, p.exposure_weight, p.coverage, p.mean_line_km, p.personnel_in_reach, p.cost, p.efficient
        ));
    }
    write_text("pareto.csv", &pareto_csv)?;
    let o = &opt.outcome;
    let summary = SummaryJson {
        scenario: &scenario.name,
        place: spec.place.key(),
        units: opt.built.units.len(),
        fixed_units: opt.built.fixed.len(),
        candidate_sites: opt.built.sites.len(),
        demand_points: opt.built.demand_points,
        demand_points_merged: opt.merged_demand,
        objective: ObjectiveJson {
            scenario_laydown: opt.current.value,
            greedy: o.greedy.value,
            swap: o.swap.value,
            best: o.best.value,
            upper_bound: o.upper_bound,
            gain_over_laydown: o.best.value - opt.current.value,
            gap_to_bound: (o.upper_bound - o.best.value) / o.upper_bound.abs().max(1e-12),
        },
        moves: &opt.moves,
        pareto: &opt.pareto,
        exact: opt.exact.as_ref().map(|e| match e {
            Ok(e) => ExactJson {
                value: Some(e.placement.value),
                bound: Some(e.bound),
                proven: e.proven,
                note: if e.proven {
                    "proven optimal: value is the programme's placement scored exactly, bound its objective".into()
                } else {
                    "the time limit was reached before optimality was proven".into()
                },
            },
            Err(why) => ExactJson { value: None, bound: None, proven: false, note: why.clone() },
        }),
    };
    write_text("summary.json", &(serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"))?;

    progress("drawing the moves, the front and the maps");
    let mut figures = Vec::new();
    let what = spec.place.noun();
    figures.push(draw(
        dir,
        "moves",
        &format!("The proposed {what} laydown: where each unit stood and where it goes."),
        plot::map::SIZE,
        &MovesFigure {
            map,
            title: format!("Proposed {what} laydown for \"{}\"", scenario.name),
            subtitle: format!(
                "Surrogate objective {} -> {} (upper bound {}); hollow: the scenario's position, filled: the proposal.",
                short(opt.current.value),
                short(o.best.value),
                short(o.upper_bound)
            ),
            moves: &opt.moves,
        },
    )?);
    let cost_label = if matches!(spec.place, Place::Cap | Place::Isr) { "airframes" } else { "units" };
    figures.push(draw(
        dir,
        "pareto",
        "The trade-off: coverage against distance from the contact line, one line per number of units placed, \
         through exposure penalties from 0 to 2; filled points are efficient in coverage, distance, personnel \
         within glide-bomb reach (120 km) and cost (pareto.csv has all four).",
        PARETO_SIZE,
        &ParetoFigure {
            title: format!("Coverage against exposure, {what}"),
            cost_label: cost_label.into(),
            points: &opt.pareto,
        },
    )?);
    // Before and after, for what a map of coverage shows: the batteries'
    // P(kill), or what the airborne sensors see from their orbits.
    let product = match spec.place {
        Place::AirDefense => Some((Product::AirDefense, "Air-defence coverage")),
        Place::Isr => Some((Product::Detection, "Sensor coverage (how many see a target)")),
        Place::Ground | Place::Cap => None,
    };
    if let Some((product, what)) = product {
        let band = Band::new(500.0, crate::config::catalog::ThreatClass::Drone);
        for (stem, s, when) in
            [("coverage_before", scenario, "the scenario's laydown"), ("coverage_after", &proposed, "the proposal")]
        {
            let cov = crate::coverage::compute(s, map, std::slice::from_ref(&band));
            if let Some(b) = cov.bands.first() {
                let fig = CoverageFigure { map, scenario: s, band: b, product };
                figures.push(draw(
                    dir,
                    stem,
                    &format!("{what} against drones at 500 m, {when}."),
                    plot::map::SIZE,
                    &fig,
                )?);
            }
        }
    }

    // The judge: Monte Carlo of both laydowns on the same seeds.
    let mut judged = Vec::new();
    if runs > 0 {
        let mc = dir.join("montecarlo");
        let mut metrics: Vec<String> = JUDGED.iter().map(|m| m.to_string()).collect();
        if scenario.deterrence.is_some() {
            // Russia decides against each laydown: judge its breaches too.
            metrics.extend(JUDGED_DETERRENCE.iter().map(|m| m.to_string()));
        }
        let mut dirs = Vec::new();
        for (s, what) in [(scenario, "the scenario's laydown"), (&proposed, "the proposal")] {
            let plan = Plan::batch(s.clone(), String::new(), runs, s.seed, metrics.clone())?;
            let d = plan.dir(&mc);
            let tell = |done: u64, _| progress(&format!("judging {what} by Monte Carlo: {done}/{runs} runs"));
            exec::execute(&plan, &d, Options { threads, shard: None, force: true }, &tell)
                .map_err(|e| e.to_string())?;
            dirs.push(d);
        }
        let entries = compare::read(&dirs).map_err(|e| e.to_string())?;
        let keys = compare::common_keys(&entries, &metrics);
        compare::write(&mc.join("comparison"), &entries, &keys).map_err(|e| e.to_string())?;
        for k in &keys {
            judged.push((k.clone(), entries[0].summary[k], entries[1].summary[k]));
        }
    }

    let page = report(scenario, spec, opt, &figures, &judged, runs);
    write_text("report.html", &crate::report::render(&page))?;
    Ok(Written { dir: dir.to_path_buf(), judged })
}

fn report(
    scenario: &Scenario,
    spec: &Spec,
    opt: &Optimized,
    figures: &[Drawn],
    judged: &[(String, crate::batch::stats::Summary, crate::batch::stats::Summary)],
    runs: u64,
) -> Report {
    let o = &opt.outcome;
    let what = spec.place.noun();
    let mut brief = vec![Block::Paragraph(format!(
        "Where should the {what} of \"{}\" stand? The optimiser placed {} unit(s) ({} stay where they are) over {} \
         candidate sites to cover {} demand points ({} after merging points the same sites cover), by greedy \
         placement, swap local search and simulated annealing. Its objective is a surrogate: the share of weighted \
         demand protected (population, infrastructure by value, raid approaches; layered probability), less \
         penalties. The proposal is then judged by Monte Carlo on the simulation itself.",
        scenario.name,
        opt.built.units.len(),
        opt.built.fixed.len(),
        opt.built.sites.len(),
        opt.built.demand_points,
        opt.merged_demand
    ))];
    let mut cards = vec![
        KeyFigure {
            label: "surrogate, scenario laydown".into(),
            value: short(opt.current.value),
            detail: String::new(),
        },
        KeyFigure {
            label: "surrogate, proposal".into(),
            value: short(o.best.value),
            detail: format!("greedy {}, swap {}", short(o.greedy.value), short(o.swap.value)),
        },
        KeyFigure {
            label: "upper bound".into(),
            value: short(o.upper_bound),
            detail: format!(
                "the proposal is within {:.1} % of it",
                100.0 * (o.upper_bound - o.best.value) / o.upper_bound.abs().max(1e-12)
            ),
        },
    ];
    match &opt.exact {
        Some(Ok(e)) => cards.push(KeyFigure {
            label: "exact optimum (MILP)".into(),
            value: short(e.placement.value),
            detail: if e.proven {
                format!("proven; its bound {}", short(e.bound))
            } else {
                "time limit reached: not proven".into()
            },
        }),
        Some(Err(why)) => {
            cards.push(KeyFigure { label: "exact mode".into(), value: "none".into(), detail: why.clone() })
        }
        None => {}
    }
    for (k, before, after) in judged.iter().take(2) {
        let overlap = after.ci95_lo <= before.ci95_hi && before.ci95_lo <= after.ci95_hi;
        cards.push(KeyFigure {
            label: format!("{k}, {runs} runs"),
            value: format!("{} -> {}", short(before.mean), short(after.mean)),
            detail: if overlap { "95 % CIs overlap".into() } else { "95 % CIs do not overlap".into() },
        });
    }
    brief.push(Block::KeyFigures(cards));
    let moves = Block::Table {
        caption: "Moves".into(),
        header: ["unit", "type", "nation", "from", "to (near)", "moved km", "line km before", "after"]
            .map(String::from)
            .to_vec(),
        rows: opt
            .moves
            .iter()
            .map(|m| {
                vec![
                    m.unit.clone(),
                    m.type_name.clone(),
                    m.nation.clone(),
                    m.from_place.clone().unwrap_or_else(|| format!("{:.2}N {:.2}E", m.from.lat, m.from.lon)),
                    format!("{:.2}N {:.2}E ({})", m.to.lat, m.to.lon, m.near),
                    format!("{:.0}", m.km),
                    format!("{:.0}", m.line_km.0),
                    format!("{:.0}", m.line_km.1),
                ]
            })
            .collect(),
        numeric: vec![false, false, false, false, false, true, true, true],
    };
    let mut sections = vec![Section { heading: "In brief".into(), blocks: brief }];
    let mut judge_blocks = Vec::new();
    if judged.is_empty() {
        judge_blocks.push(Block::Paragraph("No Monte Carlo judgement was run (--runs 0).".into()));
    } else {
        judge_blocks.push(Block::Paragraph(format!(
            "Both laydowns ran {runs} replications on the same seeds. Lower is better for every metric here but \
             threats destroyed. Where the 95 % confidence intervals overlap, the difference may be chance: run more."
        )));
        judge_blocks.push(Block::Table {
            caption: "Scenario laydown against the proposal".into(),
            header: ["metric", "scenario (mean, 95 % CI)", "proposal (mean, 95 % CI)", "change"]
                .map(String::from)
                .to_vec(),
            rows: judged
                .iter()
                .map(|(k, b, a)| {
                    vec![
                        k.clone(),
                        format!("{} ({} to {})", short(b.mean), short(b.ci95_lo), short(b.ci95_hi)),
                        format!("{} ({} to {})", short(a.mean), short(a.ci95_lo), short(a.ci95_hi)),
                        short(a.mean - b.mean),
                    ]
                })
                .collect(),
            numeric: vec![false, true, true, true],
        });
        if spec.place != Place::AirDefense {
            judge_blocks.push(Block::Paragraph(
                "The simulation does not yet model ground combat or the deterrent effect of CAP and ISR stations on \
                 Russia's choices (the deterrence issue), so these metrics judge only what the placement changes in \
                 the air war."
                    .into(),
            ));
        }
    }
    sections.push(Section { heading: "Judged by Monte Carlo".into(), blocks: judge_blocks });
    sections.push(Section {
        heading: "The proposal".into(),
        blocks: figures
            .iter()
            .map(|d| Block::Figure { png: d.png.clone(), alt: d.caption.clone(), caption: d.caption.clone() })
            .chain([moves])
            .collect(),
    });
    sections.push(Section {
        heading: "Files".into(),
        blocks: vec![Block::List(vec![
            "optimized.ron: the scenario with the proposed positions; run it with `hedgehog run` or `hedgehog batch`"
                .into(),
            "moves.csv: every unit's move; pareto.csv: the Pareto sweep; summary.json: all figures".into(),
            "montecarlo/: the two batches and their comparison".into(),
        ])],
    });
    Report {
        title: format!("Placing the {what} of {}", scenario.name),
        subtitle: format!("Hedgehog {} · hedgehog optimize --place {}", env!("CARGO_PKG_VERSION"), spec.place.key()),
        sections,
        footer: format!("Made with Hedgehog {} (MIT licence).", env!("CARGO_PKG_VERSION")),
    }
}
