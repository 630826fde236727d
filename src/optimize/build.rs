//! Turning a scenario and its map into a placement problem: which units
//! move, where they may stand (candidate sites and constraints), what they
//! should cover (demand points and weights) and what each site covers, with
//! the scenario's own laydown among the sites so it can be scored alike.
//!
//! - `air_defense`: batteries of the coalition and Ukraine standing on
//!   Ukraine-held ground; sites on Ukraine-held land at least `min_line_km`
//!   from the contact line (default 40 km for area and 15 km for point
//!   defence); demand: population, infrastructure by value and the raid
//!   approaches from Russia's launch areas to the most valuable targets,
//!   in each altitude band, covered with the layered P(kill) of the coverage
//!   model (horizon, terrain line of sight, envelopes).
//! - `ground`: the coalition's (not Ukraine's) combat formations (not the
//!   training mission or headquarters); sites at least 100 km from the line
//!   by default; demand: points every 25 km along the line, "covered" with
//!   the probability of arriving in time, exp(-hours / 12), at the type's
//!   march speed after 2 h to move out (ASSUMPTIONS).
//! - `cap` and `isr`: the stations of fighter CAP and AEW/ISR orbits, inside
//!   the no-fly zone, over Ukraine-held ground or the sea (aircraft stay at
//!   their airbases); demand: the no-fly zone
//!   and the Black Sea corridor; penalty: the airframes continuous cover
//!   costs from the unit's base.
//!
//! Distances from the line may be set per catalogue type
//! ([`Spec::min_line_by_type`]). Every kind may also pay for exposure: `exposure` x exp(-distance to the
//! line / 50 km) per unit, in the same units as the objective (the share of
//! weighted demand protected, from 0 to 1).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::search::{self, KindCover, Problem};
use crate::config::air_war::PatrolKind;
use crate::config::catalog::{AirDefenseRole, GroundRole, Platform, SystemType, ThreatClass};
use crate::config::file::Side;
use crate::config::{Patrol, Scenario};
use crate::coverage::bands::Band;
use crate::coverage::horizon::{detection_range_km, horizon_km};
use crate::coverage::sources;
use crate::coverage::viewshed::{Observer, Window, r2};
use crate::domains::threats::targets::{self, TargetClass};
use crate::geo::map::{Control, Map};
use crate::geo::projection::{self, LatLon, Xy, great_circle_km};

/// What to place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Air-defence batteries.
    AirDefense,
    /// The deterrent ground force's hubs.
    Ground,
    /// Fighter CAP stations.
    Cap,
    /// AEW and ISR orbits.
    Isr,
}

impl Place {
    /// What is placed, in words.
    pub fn noun(self) -> &'static str {
        match self {
            Place::AirDefense => "air defence",
            Place::Ground => "ground formations",
            Place::Cap => "CAP stations",
            Place::Isr => "AEW and ISR orbits",
        }
    }

    /// The name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Place::AirDefense => "air_defense",
            Place::Ground => "ground",
            Place::Cap => "cap",
            Place::Isr => "isr",
        }
    }
}

/// The objective's weights (none negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Population protected.
    pub population: f64,
    /// Infrastructure protected, by value.
    pub infrastructure: f64,
    /// Raid approaches covered.
    pub approach: f64,
    /// Penalty for standing near the line (see the module doc).
    pub exposure: f64,
    /// Penalty per airframe of continuous cover, as a share of the objective
    /// (CAP and ISR).
    pub airframes: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self { population: 1.0, infrastructure: 1.0, approach: 0.5, exposure: 0.0, airframes: 0.005 }
    }
}

impl Weights {
    /// The names `--objective` accepts.
    pub const NAMES: [&'static str; 5] = ["population", "infrastructure", "approach", "exposure", "airframes"];

    /// Applies `name=value,...` over these weights. Every value must be a
    /// finite number of at least zero, and some coverage weight must stay
    /// above zero.
    pub fn parse_over(mut self, text: &str) -> Result<Self, String> {
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = part.split_once('=') else {
                return Err(format!("--objective {part:?}: write NAME=WEIGHT, NAME one of {}", Self::NAMES.join(", ")));
            };
            let (name, value) = (name.trim(), value.trim());
            let v: f64 =
                value.parse().map_err(|_| format!("--objective {name}={value:?}: the weight is not a number"))?;
            if !v.is_finite() || v < 0.0 {
                return Err(format!("--objective {name}={value}: a weight must be a finite number of 0 or more"));
            }
            match name {
                "population" => self.population = v,
                "infrastructure" => self.infrastructure = v,
                "approach" => self.approach = v,
                "exposure" => self.exposure = v,
                "airframes" => self.airframes = v,
                other => {
                    return Err(format!("--objective {other:?}: no such weight; allowed: {}", Self::NAMES.join(", ")));
                }
            }
        }
        if self.population + self.infrastructure + self.approach <= 0.0 {
            return Err(
                "--objective: population, infrastructure and approach are all 0, so nothing is worth covering".into()
            );
        }
        Ok(self)
    }
}

/// How to build the problem.
#[derive(Debug, Clone)]
pub struct Spec {
    /// What to place.
    pub place: Place,
    /// Objective weights.
    pub weights: Weights,
    /// Candidate sites to aim for (the lattice is thinned to about this many).
    pub sites: usize,
    /// Smallest distance from the contact line, km, for every type (default
    /// by kind).
    pub min_line_km: Option<f64>,
    /// Smallest distance from the contact line by catalogue type, km (over
    /// `min_line_km`).
    pub min_line_by_type: BTreeMap<String, f64>,
    /// Smallest distance between placed units, km.
    pub min_spacing_km: f64,
    /// Most units of a nation that may be moved (by nation code).
    pub caps: BTreeMap<String, usize>,
    /// Most units to move in all (`None`: every movable unit); the rest stay.
    pub budget: Option<usize>,
    /// Altitude bands (air defence).
    pub bands: Vec<Band>,
}

impl Spec {
    /// The defaults for placing `place`: every movable unit, about 2,000
    /// candidate sites, 10 km between units, the default bands.
    pub fn new(place: Place) -> Self {
        Self {
            place,
            weights: Weights::default(),
            sites: 2000,
            min_line_km: None,
            min_line_by_type: BTreeMap::new(),
            min_spacing_km: 10.0,
            caps: BTreeMap::new(),
            budget: None,
            bands: Vec::new(),
        }
    }

    /// The smallest distance from the line for units of `type_name`: its own
    /// rule, else the rule for all, else `default`.
    pub fn min_line_for(&self, type_name: &str, default: f64) -> f64 {
        self.min_line_by_type.get(type_name).copied().or(self.min_line_km).unwrap_or(default)
    }
}

/// One candidate site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Where, EPSG:3035.
    pub xy: Xy,
    /// Where, WGS84.
    pub position: LatLon,
    /// Distance to the contact line, km.
    pub line_km: f64,
}

/// A built problem and what its indices mean.
#[derive(Debug, Clone)]
pub struct Built {
    /// The problem for the search.
    pub problem: Problem,
    /// The scenario unit behind each problem unit.
    pub units: Vec<usize>,
    /// For CAP and ISR, the scenario patrol behind each problem unit.
    pub patrols: Vec<Option<usize>>,
    /// The candidate sites.
    pub sites: Vec<Site>,
    /// The site of each unit in the scenario's own laydown.
    pub current: Vec<usize>,
    /// Demand points (before merging).
    pub demand_points: usize,
    /// Units that stay where they are (scenario indices).
    pub fixed: Vec<usize>,
}

/// Why a problem cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    /// A per-type rule names a type that is not placed.
    #[error("--min-line-km {name}=...: no unit to place is of type {name:?}; the types placed are {allowed}")]
    UnknownType {
        /// The type named.
        name: String,
        /// The types placed.
        allowed: String,
    },
    /// A budget of zero units.
    #[error("--budget 0: there is nothing to place; give at least 1 (or leave --budget out to move every unit)")]
    ZeroBudget,
    /// Nothing to place.
    #[error(
        "the scenario has no {0} unit that may be moved (participating, coalition or Ukrainian, on Ukraine-held ground{1})"
    )]
    NoUnits(&'static str, String),
    /// No site meets the constraints.
    #[error("no candidate site meets the constraints for {what}: {why}")]
    NoSites {
        /// Which units.
        what: String,
        /// The constraint at fault.
        why: String,
    },
    /// More units than sites.
    #[error("{units} units to place but only {sites} candidate sites meet the constraints: {why}")]
    TooFewSites {
        /// Units.
        units: usize,
        /// Sites.
        sites: usize,
        /// What to relax.
        why: String,
    },
}

fn blue(s: &Scenario, unit: usize) -> bool {
    let n = &s.nations[usize::from(s.units[unit].nation)];
    n.participates && matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates)
}

fn held(map: &Map, xy: Xy) -> bool {
    map.grid.cell_of(xy).is_some_and(|(c, r)| *map.control.get(c, r) == Control::Ukraine && *map.land.get(c, r))
}

fn line_km(map: &Map, xy: Xy) -> f64 {
    map.grid.cell_of(xy).map_or(0.0, |(c, r)| f64::from(*map.contact_km.get(c, r)))
}

/// A demand point: where, its weight.
#[derive(Debug, Clone, Copy)]
struct Point {
    xy: Xy,
    cell: (usize, usize),
    weight: f64,
}

/// Points spread over a lattice of cells where `keep` holds, about `n` of them.
fn lattice(map: &Map, n: usize, keep: impl Fn(Xy, (usize, usize)) -> bool) -> Vec<(Xy, (usize, usize))> {
    let all: Vec<(Xy, (usize, usize))> = (0..map.grid.height)
        .flat_map(|r| (0..map.grid.width).map(move |c| (c, r)))
        .map(|(c, r)| (map.grid.center(c, r), (c, r)))
        .filter(|(xy, cell)| keep(*xy, *cell))
        .collect();
    if all.len() <= n || n == 0 {
        return all;
    }
    // Thin to a coarser lattice: every k-th cell in both directions.
    let k = ((all.len() as f64 / n as f64).sqrt().ceil() as usize).max(1);
    all.into_iter().filter(|(_, (c, r))| c % k == 0 && r % k == 0).collect()
}

/// Builds the problem of placing `spec.place` in `scenario` on `map`.
pub fn build(scenario: &Scenario, map: &Map, spec: &Spec) -> Result<Built, BuildError> {
    if spec.budget == Some(0) {
        return Err(BuildError::ZeroBudget);
    }
    let built = match spec.place {
        Place::AirDefense => air_defense(scenario, map, spec),
        Place::Ground => ground(scenario, map, spec),
        Place::Cap | Place::Isr => patrols(scenario, map, spec),
    }?;
    let mut placed: Vec<&str> = built.units.iter().map(|&u| scenario.units[u].type_name.as_str()).collect();
    placed.sort_unstable();
    placed.dedup();
    if let Some(name) = spec.min_line_by_type.keys().find(|n| !placed.contains(&n.as_str())) {
        return Err(BuildError::UnknownType { name: name.clone(), allowed: placed.join(", ") });
    }
    // Each unit needs a site of its own (sharing one would put two batteries
    // in one place).
    let p = &built.problem;
    let open = (0..p.site_xy.len()).filter(|&j| p.kinds.iter().any(|k| k.penalty[j].is_finite())).count();
    if p.units.len() > open {
        return Err(BuildError::TooFewSites {
            units: p.units.len(),
            sites: open,
            why: "lower --min-line-km, raise --sites, or move fewer units (--budget, --cap)".into(),
        });
    }
    for (k, kind) in p.kinds.iter().enumerate() {
        let units = p.units.iter().filter(|&&u| u == k).count();
        let sites = kind.penalty.iter().filter(|x| x.is_finite()).count();
        if units > sites {
            return Err(BuildError::TooFewSites {
                units,
                sites,
                why: "lower --min-line-km, raise --sites, or move fewer units (--budget, --cap)".into(),
            });
        }
    }
    Ok(built)
}

/// The movable units of a kind, honouring the nation caps, and the rest.
fn movable(scenario: &Scenario, map: &Map, spec: &Spec, is_kind: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    let mut moved: BTreeMap<String, usize> = BTreeMap::new();
    let (mut movable, mut fixed) = (Vec::new(), Vec::new());
    for i in 0..scenario.units.len() {
        if !blue(scenario, i) || !is_kind(i) {
            continue;
        }
        let code = scenario.nations[usize::from(scenario.units[i].nation)].code.clone();
        let cap = spec.caps.get(&code).copied().unwrap_or(usize::MAX);
        let n = moved.entry(code).or_default();
        if held(map, scenario.units[i].xy) && *n < cap && spec.budget.is_none_or(|b| movable.len() < b) {
            *n += 1;
            movable.push(i);
        } else {
            fixed.push(i);
        }
    }
    (movable, fixed)
}

fn exposure_penalty(spec: &Spec, line_km: f64, units: usize) -> f64 {
    exposure(spec.weights.exposure, line_km, units)
}

/// The exposure penalty of one of `units` units standing `line_km` from the
/// contact line at weight `w`: w x exp(-line_km / 50) / units.
pub fn exposure(w: f64, line_km: f64, units: usize) -> f64 {
    w * (-line_km / 50.0).exp() / units.max(1) as f64
}

/// Demand: cities by population, infrastructure by value and approach
/// corridors, normalised so the weights sum to 1.
fn demand(scenario: &Scenario, map: &Map, w: &Weights) -> Vec<Point> {
    let targets: Vec<_> =
        targets::targets(scenario, map).into_iter().filter(|t| t.class != TargetClass::Military).collect();
    let mut pts = Vec::new();
    let total = |class_city: bool| -> f64 {
        targets
            .iter()
            .filter(|t| (t.class == TargetClass::City) == class_city)
            .map(|t| t.weight)
            .sum::<f64>()
            .max(1e-12)
    };
    let (city_total, infra_total) = (total(true), total(false));
    for t in &targets {
        let Some(cell) = map.grid.cell_of(t.xy) else { continue };
        let weight = if t.class == TargetClass::City {
            w.population * t.weight / city_total
        } else {
            w.infrastructure * t.weight / infra_total
        };
        pts.push(Point { xy: t.xy, cell, weight });
    }
    // Approaches: from each launch area to the most valuable targets, every
    // 25 km over Ukraine-held ground.
    let launch: Vec<Xy> = scenario
        .units
        .iter()
        .enumerate()
        .filter(|(i, u)| {
            let n = &scenario.nations[usize::from(u.nation)];
            n.side == Side::Russia && n.participates && matches!(&*scenario.units[*i].system, SystemType::Launcher(_))
        })
        .map(|(_, u)| u.xy)
        .collect();
    let mut ranked: Vec<&targets::Target> = targets.iter().collect();
    ranked.sort_by(|a, b| {
        let wa = if a.class == TargetClass::City { a.weight / city_total } else { a.weight / infra_total };
        let wb = if b.class == TargetClass::City { b.weight / city_total } else { b.weight / infra_total };
        wb.total_cmp(&wa)
    });
    let mut approach = Vec::new();
    for from in &launch {
        for t in ranked.iter().take(30) {
            let d = from.distance(t.xy);
            let n = (d / 25_000.0).ceil().max(1.0) as usize;
            for k in 1..n {
                let f = k as f64 / n as f64;
                let xy = Xy { x: from.x + (t.xy.x - from.x) * f, y: from.y + (t.xy.y - from.y) * f };
                if held(map, xy)
                    && let Some(cell) = map.grid.cell_of(xy)
                {
                    approach.push((xy, cell));
                }
            }
        }
    }
    let each = if approach.is_empty() { 0.0 } else { w.approach / approach.len() as f64 };
    pts.extend(approach.into_iter().map(|(xy, cell)| Point { xy, cell, weight: each }));
    let sum: f64 = pts.iter().map(|p| p.weight).sum();
    if sum > 0.0 {
        for p in &mut pts {
            p.weight /= sum;
        }
    }
    pts
}

/// Demand points bucketed on a coarse grid for fast range queries.
struct Buckets {
    size_m: f64,
    cells: HashMap<(i64, i64), Vec<u32>>,
}

impl Buckets {
    fn new(points: &[Point], size_m: f64) -> Self {
        let mut cells: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
        for (i, p) in points.iter().enumerate() {
            cells
                .entry(((p.xy.x / size_m).floor() as i64, (p.xy.y / size_m).floor() as i64))
                .or_default()
                .push(i as u32);
        }
        Self { size_m, cells }
    }

    fn within(&self, points: &[Point], at: Xy, r: f64, mut f: impl FnMut(u32, f64)) {
        let (x0, x1) = (((at.x - r) / self.size_m).floor() as i64, ((at.x + r) / self.size_m).floor() as i64);
        let (y0, y1) = (((at.y - r) / self.size_m).floor() as i64, ((at.y + r) / self.size_m).floor() as i64);
        for bx in x0..=x1 {
            for by in y0..=y1 {
                for &i in self.cells.get(&(bx, by)).map_or(&[][..], Vec::as_slice) {
                    let d = points[i as usize].xy.distance(at);
                    if d <= r {
                        f(i, d);
                    }
                }
            }
        }
    }
}

/// What one air-defence type covers from `at` in each band, as
/// (demand index over all bands, p).
fn ad_cover(
    map: &Map,
    t: &crate::config::catalog::AirDefenseType,
    at: Xy,
    bands: &[Band],
    points: &[Point],
    buckets: &Buckets,
) -> Vec<(u32, f32)> {
    let Some((col, row)) = map.grid.cell_of(at) else { return vec![] };
    let ground = f64::from(*map.elevation.get(col, row));
    let n = points.len() as u32;
    let mut out = Vec::new();
    for (b, band) in bands.iter().enumerate() {
        // The coverage model's engagement: envelope for the band, within what
        // the radar sees of the band's target.
        let Some(e) = sources::engagement(&t.engagement, band, t.shots_per_engagement) else { continue };
        let max_r = e.max_range_m.min(detection_range_km(t.radar_range_km, band.rcs_m2) * 1000.0);
        if max_r <= 0.0 {
            continue;
        }
        let o = Observer { col, row, z_m: ground + t.antenna_height_m, min_range_m: 0.0, max_range_m: max_r };
        let window: Window = r2(&map.elevation, &o, band.height_m);
        let p = e.p_kill();
        buckets.within(points, at, max_r, |i, d| {
            let (c, r) = points[i as usize].cell;
            if d >= e.min_range_m && window.get(c, r) {
                out.push((b as u32 * n + i, p as f32));
            }
        });
    }
    out
}

/// The catalogue types among `units`, one problem kind each.
struct Types {
    /// Type names, sorted.
    names: Vec<String>,
    /// The kind of each unit.
    of_unit: Vec<usize>,
    /// A scenario unit of each kind, to read the type's parameters from.
    example: Vec<usize>,
}

fn types_of(scenario: &Scenario, units: &[usize]) -> Types {
    let mut names: Vec<String> = units.iter().map(|&u| scenario.units[u].type_name.clone()).collect();
    names.sort();
    names.dedup();
    let kind = |u: usize| names.iter().position(|k| *k == scenario.units[u].type_name).unwrap_or(0);
    let of_unit = units.iter().map(|&u| kind(u)).collect();
    let example = (0..names.len()).map(|k| units.iter().copied().find(|&u| kind(u) == k).unwrap_or(units[0])).collect();
    Types { names, of_unit, example }
}

/// Candidate sites on Ukraine-held land at least the least of `min_lines_km`
/// (one per kind) from the line, then the units' own positions (whose indices
/// are returned), so that the scenario's laydown is scored on the same
/// problem. Fails, naming `what`, when no candidate is that far from the line.
fn held_sites(
    scenario: &Scenario,
    map: &Map,
    spec: &Spec,
    min_lines_km: &[f64],
    units: &[usize],
    what: &str,
) -> Result<(Vec<Site>, Vec<usize>), BuildError> {
    let least_km = min_lines_km.iter().copied().fold(f64::INFINITY, f64::min);
    let mut sites: Vec<Site> =
        lattice(map, spec.sites, |xy, (c, r)| held(map, xy) && f64::from(*map.contact_km.get(c, r)) >= least_km)
            .into_iter()
            .map(|(xy, _)| Site { xy, position: projection::inverse(xy), line_km: line_km(map, xy) })
            .collect();
    let mut own = Vec::new();
    for &u in units {
        let xy = scenario.units[u].xy;
        own.push(sites.len());
        sites.push(Site { xy, position: scenario.units[u].position, line_km: line_km(map, xy) });
    }
    if sites.len() == units.len() {
        return Err(BuildError::NoSites {
            what: what.into(),
            why: format!(
                "no Ukraine-held land cell is {least_km} km or more from the contact line; lower --min-line-km"
            ),
        });
    }
    Ok((sites, own))
}

/// Per site: closed (infinite) nearer the line than `min_line_km`, else the
/// exposure penalty of one of `units` units. The scenario's own positions are
/// scored, but the proposal keeps to the constraints like every site.
fn line_penalties(spec: &Spec, sites: &[Site], min_line_km: f64, units: usize) -> Vec<f64> {
    sites
        .iter()
        .map(|s| if s.line_km < min_line_km { f64::INFINITY } else { exposure_penalty(spec, s.line_km, units) })
        .collect()
}

fn air_defense(scenario: &Scenario, map: &Map, spec: &Spec) -> Result<Built, BuildError> {
    let is_ad = |i: usize| matches!(&*scenario.units[i].system, SystemType::AirDefense(_));
    let (units, fixed) = movable(scenario, map, spec, is_ad);
    if units.is_empty() {
        return Err(BuildError::NoUnits("air-defence", caps_note(spec)));
    }
    let points = demand(scenario, map, &spec.weights);
    let buckets = Buckets::new(&points, 50_000.0);
    let bands = if spec.bands.is_empty() { Band::defaults() } else { spec.bands.clone() };
    let nb = bands.len() as f64;
    let types = types_of(scenario, &units);
    let type_of = |k: usize| -> &crate::config::catalog::AirDefenseType {
        match &*scenario.units[types.example[k]].system {
            SystemType::AirDefense(t) => t,
            _ => unreachable!("only air-defence units are movable here"),
        }
    };
    let min_line = |k: usize| {
        spec.min_line_for(
            &types.names[k],
            match type_of(k).role {
                AirDefenseRole::Area => 40.0,
                AirDefenseRole::Point => 15.0,
            },
        )
    };
    let lines: Vec<f64> = (0..types.names.len()).map(min_line).collect();
    let (sites, current) = held_sites(scenario, map, spec, &lines, &units, "air defence")?;
    let kinds: Vec<KindCover> = (0..types.names.len())
        .map(|k| {
            let t = type_of(k);
            let cover: Vec<Vec<(u32, f32)>> =
                sites.par_iter().map(|s| ad_cover(map, t, s.xy, &bands, &points, &buckets)).collect();
            KindCover {
                cover: std::sync::Arc::new(cover),
                penalty: line_penalties(spec, &sites, lines[k], units.len()),
            }
        })
        .collect();
    // Units that stay put still cover.
    let mut fixed_ls = vec![0.0; points.len() * bands.len()];
    for &u in &fixed {
        if let SystemType::AirDefense(t) = &*scenario.units[u].system {
            for (i, p) in ad_cover(map, t, scenario.units[u].xy, &bands, &points, &buckets) {
                fixed_ls[i as usize] += search::ln1m(p);
            }
        }
    }
    let weight: Vec<f64> = (0..bands.len()).flat_map(|_| points.iter().map(|p| p.weight / nb)).collect();
    Ok(Built {
        problem: Problem {
            weight,
            fixed_log_survival: fixed_ls,
            site_xy: sites.iter().map(|s| s.xy).collect(),
            kinds,
            units: types.of_unit,
            min_spacing_m: spec.min_spacing_km * 1000.0,
        },
        patrols: vec![None; units.len()],
        units,
        sites,
        current,
        demand_points: points.len() * bands.len(),
        fixed,
    })
}

fn caps_note(spec: &Spec) -> String {
    if spec.caps.is_empty() { String::new() } else { format!(", within the caps {:?}", spec.caps) }
}

/// Points every `step_m` along the contact line (Ukraine-held cells next to it).
fn line_points(map: &Map, step_m: f64) -> Vec<Point> {
    let near = map.grid.cell_m.max(5_000.0) / 1000.0;
    let mut out: Vec<Point> = Vec::new();
    for r in 0..map.grid.height {
        for c in 0..map.grid.width {
            let xy = map.grid.center(c, r);
            if *map.control.get(c, r) == Control::Ukraine
                && *map.land.get(c, r)
                && f64::from(*map.contact_km.get(c, r)) <= near
                && out.iter().all(|p| p.xy.distance(xy) >= step_m)
            {
                out.push(Point { xy, cell: (c, r), weight: 1.0 });
            }
        }
    }
    let n = out.len().max(1) as f64;
    for p in &mut out {
        p.weight = 1.0 / n;
    }
    out
}

fn ground(scenario: &Scenario, map: &Map, spec: &Spec) -> Result<Built, BuildError> {
    // The deterrent force is the combat formations; the training mission and
    // the headquarters stay where the scenario put them.
    let is_ground = |i: usize| {
        matches!(&*scenario.units[i].system, SystemType::Ground(g) if !matches!(g.role, GroundRole::Training | GroundRole::Headquarters))
            && scenario.nations[usize::from(scenario.units[i].nation)].side == Side::Coalition
    };
    let (units, fixed) = movable(scenario, map, spec, is_ground);
    if units.is_empty() {
        return Err(BuildError::NoUnits("coalition ground", caps_note(spec)));
    }
    let points = line_points(map, 25_000.0);
    // One kind per catalogue type: each has its own distance rule and road speed.
    let types = types_of(scenario, &units);
    let speed_of = |k: usize| -> f64 {
        match &*scenario.units[types.example[k]].system {
            SystemType::Ground(g) => g.road_speed_kmh.max(1.0),
            _ => unreachable!("only ground units are movable here"),
        }
    };
    let min_line = |k: usize| spec.min_line_for(&types.names[k], 100.0);
    let lines: Vec<f64> = (0..types.names.len()).map(min_line).collect();
    let (sites, current) = held_sites(scenario, map, spec, &lines, &units, "ground hubs")?;
    // ASSUMPTION: 2 h to move out, then the type's march-column road speed
    // over roads 1.3 x the straight line; "in time" decays over 12 h.
    let kinds: Vec<KindCover> = (0..types.names.len())
        .map(|k| {
            let speed = speed_of(k);
            let arrive = |d_m: f64| -> f32 { (-(2.0 + d_m * 1.3 / 1000.0 / speed) / 12.0).exp() as f32 };
            let cover: Vec<Vec<(u32, f32)>> = sites
                .iter()
                .map(|s| points.iter().enumerate().map(|(i, p)| (i as u32, arrive(s.xy.distance(p.xy)))).collect())
                .collect();
            KindCover {
                cover: std::sync::Arc::new(cover),
                penalty: line_penalties(spec, &sites, lines[k], units.len()),
            }
        })
        .collect();
    Ok(Built {
        problem: Problem {
            weight: points.iter().map(|p| p.weight).collect(),
            fixed_log_survival: vec![],
            site_xy: sites.iter().map(|s| s.xy).collect(),
            kinds,
            units: types.of_unit,
            min_spacing_m: spec.min_spacing_km * 1000.0,
        },
        patrols: vec![None; units.len()],
        units,
        sites,
        current,
        demand_points: points.len(),
        fixed,
    })
}

/// Airframes that keep `p`'s station filled from its unit's base if the
/// station were at `to`: a cycle (endurance plus turnaround) over the time on
/// station, per platform on station; `None` when it cannot be reached and held.
pub fn airframes_at(scenario: &Scenario, p: &Patrol, to: LatLon) -> Option<f64> {
    let u = &scenario.units[p.unit];
    let (speed, endurance) = match &*u.system {
        SystemType::Aircraft(a) => (a.cruise_speed_kmh, a.endurance_hours),
        SystemType::Sensor(s) => (s.speed_kmh, s.endurance_hours),
        _ => return None,
    };
    let on_station = endurance - 2.0 * great_circle_km(u.position, to) / speed.max(1.0);
    let turnaround = (p.cycle_hours - endurance).max(0.0);
    (on_station > 0.0).then(|| ((endurance + turnaround) / on_station).ceil() * f64::from(p.on_station))
}

fn patrols(scenario: &Scenario, map: &Map, spec: &Spec) -> Result<Built, BuildError> {
    let want = if spec.place == Place::Cap { PatrolKind::Cap } else { PatrolKind::Orbit };
    let chosen: Vec<usize> =
        scenario.air_war.patrols.iter().enumerate().filter(|(_, p)| p.kind == want).map(|(i, _)| i).collect();
    if chosen.is_empty() {
        return Err(BuildError::NoUnits(
            if want == PatrolKind::Cap { "CAP patrol" } else { "AEW or ISR orbit" },
            String::new(),
        ));
    }
    let zone = scenario.air_war.no_fly_zone.as_ref();
    // Stations over Ukraine-held ground or the sea, inside the zone: never
    // over a neighbour's territory that a simplified zone outline clips.
    let over_ours = |xy: Xy| held(map, xy) || map.grid.cell_of(xy).is_some_and(|(c, r)| !*map.land.get(c, r));
    let inside = |xy: Xy| zone.map_or_else(|| held(map, xy), |z| z.contains(xy)) && over_ours(xy);
    let corridor = crate::geo::zones::corridor_cells(map);
    let mut points: Vec<Point> = lattice(map, 3000, |xy, (c, r)| inside(xy) || *corridor.get(c, r))
        .into_iter()
        .map(|(xy, cell)| Point { xy, cell, weight: 1.0 })
        .collect();
    let n = points.len().max(1) as f64;
    for p in &mut points {
        p.weight = 1.0 / n;
    }
    let buckets = Buckets::new(&points, 50_000.0);
    let mut sites: Vec<Site> = lattice(map, spec.sites, |xy, _| inside(xy))
        .into_iter()
        .map(|(xy, _)| Site { xy, position: projection::inverse(xy), line_km: line_km(map, xy) })
        .collect();
    let min_line_of = |pi: usize| spec.min_line_for(&scenario.units[scenario.air_war.patrols[pi].unit].type_name, 50.0);
    let mut current = Vec::new();
    for &pi in &chosen {
        current.push(sites.len());
        let st = scenario.air_war.patrols[pi].station;
        let xy = projection::forward(st);
        sites.push(Site { xy, position: st, line_km: line_km(map, xy) });
    }
    let mut kinds = Vec::new();
    for &pi in &chosen {
        let p = &scenario.air_war.patrols[pi];
        let u = &scenario.units[p.unit];
        let (reach_m, pk) = match &*u.system {
            SystemType::Aircraft(a) => (
                a.engagement.get(ThreatClass::Aircraft).map_or(0.0, |e| e.max_range_km * 1000.0),
                a.engagement.get(ThreatClass::Aircraft).map_or(0.0, |e| e.pk),
            ),
            SystemType::Sensor(s) => {
                let alt = if s.platform == Platform::Airborne { p.altitude_m } else { s.altitude_m };
                let horizon = horizon_km(alt, 500.0) * 1000.0;
                (
                    (detection_range_km(s.radar_range_km, 0.1) * 1000.0).min(horizon),
                    scenario.air_war.doctrine.detection_pd,
                )
            }
            _ => (0.0, 0.0),
        };
        let cover = sites
            .iter()
            .map(|s| {
                let mut l = Vec::new();
                buckets.within(&points, s.xy, reach_m, |i, _| l.push((i, pk as f32)));
                l
            })
            .collect();
        let base_airframes = airframes_at(scenario, p, p.station).unwrap_or(f64::from(p.required));
        let min_line = min_line_of(pi);
        // Airframes are counted from what the scenario's station needs, so
        // the scenario's laydown pays nothing for them.
        let penalty = sites
            .iter()
            .map(|s| match airframes_at(scenario, p, s.position) {
                Some(a) if s.line_km >= min_line => {
                    spec.weights.airframes * (a - base_airframes).max(-base_airframes)
                        + exposure_penalty(spec, s.line_km, chosen.len())
                }
                _ => f64::INFINITY,
            })
            .collect();
        kinds.push(KindCover { cover: std::sync::Arc::new(cover), penalty });
    }
    Ok(Built {
        problem: Problem {
            weight: points.iter().map(|p| p.weight).collect(),
            fixed_log_survival: vec![],
            site_xy: sites.iter().map(|s| s.xy).collect(),
            units: (0..chosen.len()).collect(),
            kinds,
            min_spacing_m: spec.min_spacing_km * 1000.0,
        },
        units: chosen.iter().map(|&pi| scenario.air_war.patrols[pi].unit).collect(),
        patrols: chosen.iter().map(|&pi| Some(pi)).collect(),
        sites,
        current,
        demand_points: points.len(),
        fixed: vec![],
    })
}
