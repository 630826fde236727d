//! Placement: where batteries, the deterrent ground force's formations, CAP
//! stations and AEW/ISR orbits should stand (DESIGN §4). The optimiser works
//! on a coverage surrogate ([`build`]: candidate sites, demand points, what
//! each site covers), searches it ([`search`]: greedy, swap, annealing, an
//! upper bound; [`exact`]: the mixed-integer programme), sweeps budgets and
//! exposure penalties for a Pareto front, and writes a scenario that runs:
//! the proposal is then judged by Monte Carlo, not by the surrogate
//! ([`output`]).

pub mod build;
pub mod exact;
pub mod output;
pub mod search;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Scenario;
use crate::config::file::Position;
use crate::geo::map::Map;
use crate::geo::projection::{self, LatLon};
use crate::sim::rng::SimRng;
use build::{Built, Spec};
use search::{Outcome, Placement, Problem};

/// One unit's move.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Unit id.
    pub unit: String,
    /// Catalogue type.
    pub type_name: String,
    /// Nation.
    pub nation: String,
    /// From (the scenario's position or station).
    pub from: LatLon,
    /// The named place it stood at, if any.
    pub from_place: Option<String>,
    /// To.
    pub to: LatLon,
    /// The nearest named place to where it goes.
    pub near: String,
    /// Distance moved, km.
    pub km: f64,
    /// Distance to the contact line before and after, km.
    pub line_km: (f64, f64),
}

/// One point of the Pareto sweep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// Units placed (the budget).
    pub units: usize,
    /// The exposure penalty weight used.
    pub exposure_weight: f64,
    /// Coverage (share of weighted demand protected), without penalties.
    pub coverage: f64,
    /// Mean distance of the placed units to the contact line, km (higher is
    /// less exposed).
    pub mean_line_km: f64,
    /// Personnel of the placed units standing within glide-bomb reach of the
    /// line ([`GLIDE_BOMB_REACH_KM`]); 0 for CAP and ISR stations, which are
    /// airborne.
    pub personnel_in_reach: f64,
    /// Cost: airframes for continuous cover (CAP, ISR), else units placed.
    pub cost: f64,
    /// True when no other point is at least as good in all four (coverage,
    /// distance, personnel in reach, cost) and better in one.
    pub efficient: bool,
}

/// How hard to search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchOptions {
    /// Simulated-annealing moves after greedy and swap (0: none).
    pub anneal_steps: usize,
    /// Solve the mixed-integer programme too, within these limits.
    pub exact: Option<exact::Limits>,
}

/// The answer.
#[derive(Debug, Clone)]
pub struct Optimized {
    /// The problem as built.
    pub built: Built,
    /// Demand points after merging.
    pub merged_demand: usize,
    /// The search's placements and bound.
    pub outcome: Outcome,
    /// The scenario's own laydown, scored on the same surrogate.
    pub current: Placement,
    /// The moves from the scenario's laydown to the best placement.
    pub moves: Vec<Move>,
    /// The Pareto sweep.
    pub pareto: Vec<ParetoPoint>,
    /// The exact mode's answer (or why there is none), when asked for.
    pub exact: Option<Result<exact::Exact, String>>,
}

/// Coverage without penalties of a placement, allowed or not.
pub fn coverage(p: &Problem, at: &Placement) -> f64 {
    let free = Problem {
        kinds: p
            .kinds
            .iter()
            .map(|k| search::KindCover { cover: k.cover.clone(), penalty: vec![0.0; k.penalty.len()] })
            .collect(),
        ..p.clone()
    };
    search::value(&free, at)
}

/// Builds, merges and solves; then the Pareto sweep. `progress` hears the
/// stage names.
pub fn optimize(
    scenario: &Scenario,
    map: &Map,
    spec: &Spec,
    search_options: SearchOptions,
    rng: &mut SimRng,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Optimized, String> {
    progress("building candidate sites and coverage");
    let built = build::build(scenario, map, spec).map_err(|e| e.to_string())?;
    let problem = search::merge_demand(&built.problem);
    progress("searching: greedy, swap, annealing");
    let outcome = search::solve(&problem, search_options.anneal_steps, rng).map_err(|e| match e {
        search::SearchError::NoSite { unit } => format!(
            "no site is left for unit {} of {} ({}): with {} km between units and one unit per site, the {} \
             candidate sites its type may take are used up; lower --min-spacing-km or --min-line-km, raise \
             --sites, or move fewer units (--budget, --cap)",
            unit + 1,
            built.units.len(),
            scenario.units[built.units[unit]].id,
            spec.min_spacing_km,
            problem.kinds[problem.units[unit]].penalty.iter().filter(|x| x.is_finite()).count()
        ),
        other => other.to_string(),
    })?;
    // The scenario's laydown may break the constraints the proposal keeps;
    // it is scored on coverage less its exposure (its airframes are the
    // baseline the CAP and ISR penalty counts from).
    let current = Placement { sites: built.current.clone(), value: 0.0 };
    let exposure: f64 = current
        .sites
        .iter()
        .map(|&j| build::exposure(spec.weights.exposure, built.sites[j].line_km, current.sites.len()))
        .sum();
    let current = Placement { value: coverage(&problem, &current) - exposure, ..current };
    let mut outcome = outcome;
    let mut exact = None;
    if let Some(limits) = search_options.exact {
        progress("solving the mixed-integer programme (exact mode)");
        // A programme too large or too slow to solve leaves the heuristics'
        // answer standing, and says so.
        let e = exact::solve(&problem, Some(&outcome.best), limits).map_err(|e| e.to_string());
        if let Ok(e) = &e {
            if e.placement.value > outcome.best.value {
                outcome.best = e.placement.clone();
            }
            if e.proven {
                outcome.upper_bound = outcome.upper_bound.min(e.bound).max(outcome.best.value);
            }
        }
        exact = Some(e);
    }
    let outcome = Outcome { best: least_movement(&problem, &built, &outcome.best), ..outcome };
    let moves = moves(scenario, map, &built, &outcome.best);
    progress("sweeping the penalty for the Pareto front");
    let pareto = pareto(scenario, spec, &problem, &built);
    Ok(Optimized { merged_demand: problem.weight.len(), built, outcome, current, moves, pareto, exact })
}

/// The same laydown with units of a kind swapped among its sites so that
/// they move least (closest pairs first): the objective does not change, and
/// the moves table stops sending a battery across the country to stand where
/// its twin already stood.
fn least_movement(p: &Problem, built: &Built, best: &Placement) -> Placement {
    let mut sites = best.sites.clone();
    let mut kinds: Vec<usize> = p.units.clone();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let units: Vec<usize> = (0..p.units.len()).filter(|&u| p.units[u] == kind).collect();
        let targets: Vec<usize> = units.iter().map(|&u| best.sites[u]).collect();
        let mut pairs: Vec<(f64, usize, usize)> = units
            .iter()
            .flat_map(|&u| {
                let from = built.sites[built.current[u]].xy;
                targets.iter().enumerate().map(move |(t, &j)| (from.distance(built.sites[j].xy), u, t))
            })
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut unit_done, mut target_done) = (vec![false; p.units.len()], vec![false; targets.len()]);
        for (_, u, t) in pairs {
            if !unit_done[u] && !target_done[t] {
                sites[u] = targets[t];
                unit_done[u] = true;
                target_done[t] = true;
            }
        }
    }
    Placement { value: search::value(p, &Placement { sites: sites.clone(), value: 0.0 }), sites }
}

fn nearest_place(map: &Map, at: LatLon) -> String {
    map.places
        .places()
        .iter()
        .min_by(|a, b| {
            projection::great_circle_km(a.position, at).total_cmp(&projection::great_circle_km(b.position, at))
        })
        .map_or(String::new(), |p| format!("{} ({:.0} km)", p.name, projection::great_circle_km(p.position, at)))
}

fn moves(scenario: &Scenario, map: &Map, built: &Built, best: &Placement) -> Vec<Move> {
    built
        .units
        .iter()
        .enumerate()
        .map(|(k, &u)| {
            let unit = &scenario.units[u];
            let from_site = built.sites[built.current[k]];
            let to_site = built.sites[best.sites[k]];
            Move {
                unit: unit.id.clone(),
                type_name: unit.type_name.clone(),
                nation: scenario.nations[usize::from(unit.nation)].code.clone(),
                from: from_site.position,
                from_place: if built.patrols[k].is_some() { None } else { unit.place.clone() },
                to: to_site.position,
                near: nearest_place(map, to_site.position),
                km: projection::great_circle_km(from_site.position, to_site.position),
                line_km: (from_site.line_km, to_site.line_km),
            }
        })
        .collect()
}

/// How far behind the contact line Russian glide bombs reach, km: FAB-1500
/// UMPK released 60-70 km from the target, jet-assisted variants reported up
/// to about 120 km behind the front in January 2026
/// (../shared/data/domain_facts.md, threats table, confidence M).
pub const GLIDE_BOMB_REACH_KM: f64 = 120.0;

/// Exposure penalty weights of the Pareto sweep.
pub const PARETO_EXPOSURE: [f64; 5] = [0.0, 0.05, 0.2, 0.5, 2.0];

/// The budgets of the Pareto sweep: a quarter, half, three quarters and all
/// of `n` units (distinct, at least 1).
fn budgets(n: usize) -> Vec<usize> {
    let mut b: Vec<usize> =
        [0.25, 0.5, 0.75, 1.0].iter().map(|f| ((n as f64 * f).round() as usize).clamp(1, n)).collect();
    b.dedup();
    b
}

/// The trade-off between coverage, exposure and cost: for each budget and
/// exposure weight, greedy picks which units to place and swap improves the
/// laydown; then the points no other point beats in all three are marked.
fn pareto(scenario: &Scenario, spec: &Spec, problem: &Problem, built: &Built) -> Vec<ParetoPoint> {
    let patrols = matches!(spec.place, build::Place::Cap | build::Place::Isr);
    let line_km: Vec<f64> = built.sites.iter().map(|s| s.line_km).collect();
    let combos: Vec<(usize, f64)> =
        budgets(problem.units.len()).into_iter().flat_map(|b| PARETO_EXPOSURE.map(|w| (b, w))).collect();
    let mut out: Vec<ParetoPoint> = combos
        .par_iter()
        .filter_map(|&(units, w)| {
            let mut p = problem.clone();
            for k in &mut p.kinds {
                for (j, pen) in k.penalty.iter_mut().enumerate() {
                    if pen.is_finite() {
                        // Replace the scenario's exposure term by this one.
                        *pen += build::exposure(w, line_km[j], units)
                            - build::exposure(spec.weights.exposure, line_km[j], problem.units.len());
                    }
                }
            }
            let (chosen, g) = search::greedy_first(&p, units).ok()?;
            let sub = search::only_units(&p, &chosen);
            let g = Placement { sites: chosen.iter().map(|&u| g.sites[u]).collect(), value: g.value };
            let at = search::swap(&sub, &g);
            let mean_line_km = at.sites.iter().map(|&j| line_km[j]).sum::<f64>() / at.sites.len().max(1) as f64;
            let personnel_in_reach = if patrols {
                0.0
            } else {
                chosen
                    .iter()
                    .zip(&at.sites)
                    .filter(|&(_, &j)| line_km[j] < GLIDE_BOMB_REACH_KM)
                    .map(|(&u, _)| f64::from(scenario.units[built.units[u]].system.personnel()))
                    .sum()
            };
            let cost = if patrols {
                chosen
                    .iter()
                    .zip(&at.sites)
                    .filter_map(|(&u, &j)| {
                        let pt = &scenario.air_war.patrols[built.patrols[u]?];
                        build::airframes_at(scenario, pt, built.sites[j].position)
                    })
                    .sum()
            } else {
                units as f64
            };
            Some(ParetoPoint {
                units,
                exposure_weight: w,
                coverage: coverage(&sub, &at),
                mean_line_km,
                personnel_in_reach,
                cost,
                efficient: false,
            })
        })
        .collect();
    for i in 0..out.len() {
        let a = out[i];
        out[i].efficient = !out.iter().any(|b| {
            b.coverage >= a.coverage
                && b.mean_line_km >= a.mean_line_km
                && b.personnel_in_reach <= a.personnel_in_reach
                && b.cost <= a.cost
                && (b.coverage > a.coverage
                    || b.mean_line_km > a.mean_line_km
                    || b.personnel_in_reach < a.personnel_in_reach
                    || b.cost < a.cost)
        });
    }
    out
}

/// The scenario with the best placement applied, as a runnable RON file:
/// units at their new positions (air defence, ground) or patrols at their
/// new stations (CAP, ISR).
pub fn optimized_scenario_ron(scenario: &Scenario, opt: &Optimized, spec: &Spec) -> String {
    let mut file = scenario.resolved.clone();
    for (k, &u) in opt.built.units.iter().enumerate() {
        let to = opt.built.sites[opt.outcome.best.sites[k]].position;
        let pos = Position::LatLon { lat: (to.lat * 1e4).round() / 1e4, lon: (to.lon * 1e4).round() / 1e4 };
        match opt.built.patrols[k] {
            Some(pi) => {
                if let Some(p) = file.patrols.get_mut(pi) {
                    p.station = Some(pos);
                }
            }
            None => {
                if let Some(unit) = file.units.get_mut(u) {
                    // Keep the id the unit had, so events and patrols still name it.
                    unit.id = Some(scenario.units[u].id.clone());
                    unit.position = pos;
                }
            }
        }
    }
    file.name = format!("{}_optimized_{}", scenario.name, spec.place.key());
    file.description = format!(
        "{} Optimised by hedgehog optimize --place {}: {} unit(s) moved.",
        scenario.description,
        spec.place.key(),
        opt.moves.iter().filter(|m| m.km > 0.5).count()
    );
    crate::config::scenario::ron_of(
        &file,
        &format!(
            "// {} with the {} placement proposed by `hedgehog optimize` (Hedgehog {}).\n\
             // Everything else is the scenario as resolved. Judge it with `hedgehog batch` before\n\
             // believing it: the optimiser worked on a coverage surrogate, not on the simulation.\n",
            scenario.name,
            spec.place.noun(),
            env!("CARGO_PKG_VERSION")
        ),
    )
}
