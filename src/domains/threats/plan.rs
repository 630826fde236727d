//! Planning Russia's raids for a whole run, before it starts: when each raid
//! comes, how big it is, which threat types it holds, which launcher fires
//! each threat, what it aims at and the route it flies. Pure functions of the
//! scenario and one random stream, so a run's raids are fixed by its seed and
//! do not shift when other domains draw random numbers.
//!
//! Raid sizes are negative binomial (a Poisson count whose rate is gamma
//! distributed): the 2024 data show nights of a handful of drones and nights of
//! over a hundred, far more spread than a Poisson count (see
//! configs/war_level_raids_2024.ron for the fit).

use std::collections::BTreeMap;

use rand::RngExt;
use rand_distr::{Distribution, Gamma, Poisson};

use super::targets::{Target, TargetClass};
use crate::config::Scenario;
use crate::config::air_war::divert;
use crate::config::catalog::{SystemType, ThreatClass, ThreatType};
use crate::config::file::Side;
use crate::coverage::sky::SkyPicture;
use crate::geo::map::Map;
use crate::geo::projection::Xy;
use crate::sim::rng::SimRng;

/// One threat to launch.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// Launch time, s from the start.
    pub time_s: f64,
    /// Raid number (order of raids in the run).
    pub raid: u32,
    /// Index of the raid stream in the scenario.
    pub stream: usize,
    /// Threat type name.
    pub threat: String,
    /// Launcher unit index.
    pub launcher: usize,
    /// Index into the target list.
    pub target: usize,
    /// Waypoints from the launch point to the target.
    pub waypoints: Vec<Xy>,
    /// Route length, m.
    pub path_m: f64,
    /// Electronic warfare diverts it this many seconds after launch, if at all.
    pub divert_after_s: Option<f64>,
}

/// A raid as it was drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct RaidRecord {
    /// Raid number.
    pub raid: u32,
    /// Raid stream index.
    pub stream: usize,
    /// Start time, s.
    pub time_s: f64,
    /// Threats drawn.
    pub size: u32,
    /// Threats that found no launcher or no target in range.
    pub unlaunched: u32,
}

/// Every launch of a run, in time order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Launches sorted by time (ties by raid and draw order).
    pub launches: Vec<Launch>,
    /// Raids in time order.
    pub raids: Vec<RaidRecord>,
}

/// Draws a negative-binomial count with `mean` and gamma `shape`.
pub fn negative_binomial(rng: &mut SimRng, mean: f64, shape: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let rate = match Gamma::new(shape, mean / shape) {
        Ok(g) => g.sample(rng),
        Err(_) => mean,
    };
    poisson(rng, rate)
}

/// A launcher due back within this many seconds of a raid's start counts as
/// ready: a daily launcher with a 24 h reload is ready for the next night's
/// raid even when the two times differ in their last bits.
const READY_SLACK_S: f64 = 1.0;

/// Raids of a stream on one day: the whole part of `per_day`, plus one with
/// probability of its fractional part. Raids in 2024 came every night at
/// much the same hour; a Poisson count would give a third of nights none and a
/// quarter two at once.
pub fn raids_on_a_day(rng: &mut SimRng, per_day: f64) -> u32 {
    let whole = per_day.floor();
    let extra = rng.random::<f64>() < per_day - whole;
    whole as u32 + u32::from(extra)
}

/// Draws a Poisson count.
pub fn poisson(rng: &mut SimRng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    match Poisson::new(mean) {
        Ok(p) => {
            let v: f64 = p.sample(rng);
            v.min(f64::from(u32::MAX)) as u32
        }
        Err(_) => 0,
    }
}

fn pick_weighted<T>(rng: &mut SimRng, items: &[(T, f64)]) -> Option<usize> {
    let total: f64 = items.iter().map(|(_, w)| *w).sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let mut x = rng.random::<f64>() * total;
    for (i, (_, w)) in items.iter().enumerate() {
        if x < *w {
            return Some(i);
        }
        x -= w;
    }
    items.iter().rposition(|(_, w)| *w > 0.0)
}

/// Air-defence layers met along a route (the sum over points every half cell).
pub fn exposure(map: &Map, layers: &[u16], waypoints: &[Xy]) -> f64 {
    let step = map.grid.cell_m / 2.0;
    let mut total = 0.0;
    for w in waypoints.windows(2) {
        let n = (w[0].distance(w[1]) / step).ceil().max(1.0) as usize;
        for k in 0..n {
            let t = k as f64 / n as f64;
            let p = Xy { x: w[0].x + t * (w[1].x - w[0].x), y: w[0].y + t * (w[1].y - w[0].y) };
            if let Some((c, r)) = map.grid.cell_of(p) {
                total += f64::from(layers[map.grid.index(c, r)]);
            }
        }
    }
    total
}

fn path_length(w: &[Xy]) -> f64 {
    w.windows(2).map(|p| p[0].distance(p[1])).sum()
}

/// The route from `from` to `to`: straight, or with one dog-leg off the
/// midpoint when that meets fewer air-defence layers.
pub fn route(map: &Map, layers: Option<&[u16]>, from: Xy, to: Xy) -> Vec<Xy> {
    let straight = vec![from, to];
    let Some(layers) = layers else { return straight };
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return straight;
    }
    let (nx, ny) = (-dy / len, dx / len);
    let mid = Xy { x: from.x + dx / 2.0, y: from.y + dy / 2.0 };
    let mut best = (exposure(map, layers, &straight), straight);
    for offset_km in [60.0, -60.0, 120.0, -120.0, 180.0, -180.0] {
        let off = offset_km * 1000.0;
        let w = vec![from, Xy { x: mid.x + nx * off, y: mid.y + ny * off }, to];
        // A detour costs range and time: accept it only when it meets clearly fewer layers.
        let e = exposure(map, layers, &w) * (1.0 + 0.1 * offset_km.abs() / 60.0);
        if e < best.0 {
            best = (e, w);
        }
    }
    best.1
}

/// Russia's participating launchers: unit index, what each carries per
/// salvo, and its reload time in seconds.
pub type Launchers = Vec<(usize, BTreeMap<String, u32>, f64)>;

/// Russia's participating launchers in `scenario`.
pub fn launchers(scenario: &Scenario) -> Launchers {
    scenario
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            let n = &scenario.nations[usize::from(u.nation)];
            n.side == Side::Russia && n.participates
        })
        .filter_map(|(i, u)| match &*u.system {
            SystemType::Launcher(l) => Some((i, l.munitions.clone(), l.reload_hours * 3600.0)),
            _ => None,
        })
        .collect()
}

/// What planning one raid needs besides its stream and start.
pub struct RaidContext<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The map.
    pub map: &'a Map,
    /// What Russia knows of the coalition's air defence.
    pub sky: &'a SkyPicture,
    /// What can be hit.
    pub targets: &'a [Target],
    /// Russia's launchers.
    pub launchers: &'a Launchers,
}

/// Plans every raid of `scenario` over `days` days.
pub fn plan(scenario: &Scenario, map: &Map, sky: &SkyPicture, targets: &[Target], days: f64, rng: &mut SimRng) -> Plan {
    let aw = &scenario.air_war;
    let launchers = launchers(scenario);
    let ctx = RaidContext { scenario, map, sky, targets, launchers: &launchers };
    let mut ready_at: BTreeMap<usize, f64> = BTreeMap::new();
    let mut starts: Vec<(f64, usize)> = Vec::new();
    for (si, r) in aw.raids.iter().enumerate() {
        let first_day = r.from_day.ceil() as u64;
        for day in first_day..days.ceil() as u64 {
            for _ in 0..raids_on_a_day(rng, r.per_day) {
                let t = (day as f64 + r.hour / 24.0) * 86_400.0;
                if t < days * 86_400.0 {
                    starts.push((t, si));
                }
            }
        }
    }
    starts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut plan = Plan::default();
    for (raid_no, &(start, si)) in starts.iter().enumerate() {
        let (launches, record) = plan_raid(&ctx, si, start, raid_no as u32, &mut ready_at, rng);
        plan.launches.extend(launches);
        plan.raids.push(record);
    }
    plan.launches.sort_by(|a, b| a.time_s.total_cmp(&b.time_s).then(a.raid.cmp(&b.raid)));
    plan
}

/// Plans one raid of stream `si` starting at `start` s: its size, each
/// threat's launcher, target, route and launch time. `ready_at` holds when
/// each launcher is next ready and is updated. Launches come out in draw order.
pub fn plan_raid(
    ctx: &RaidContext<'_>,
    si: usize,
    start: f64,
    raid_no: u32,
    ready_at: &mut BTreeMap<usize, f64>,
    rng: &mut SimRng,
) -> (Vec<Launch>, RaidRecord) {
    let RaidContext { scenario, map, sky, targets, launchers } = *ctx;
    let aw = &scenario.air_war;
    let threat_type = |name: &str| -> Option<ThreatType> {
        scenario.resolved.catalog.get(name).and_then(|t| match t {
            SystemType::Threat(t) => Some(t.clone()),
            _ => None,
        })
    };
    let r = &aw.raids[si];
    let size = negative_binomial(rng, r.size_mean, r.size_shape);
    let mix: Vec<(&str, f64)> = r.mix.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    let mut fired: BTreeMap<(usize, String), u32> = BTreeMap::new();
    let mut unlaunched = 0;
    let mut launches = Vec::new();
    for _ in 0..size {
        let Some(ti) = pick_weighted(rng, &mix) else { continue };
        let name = mix[ti].0;
        let Some(tt) = threat_type(name) else { continue };
        // A launcher that carries it, is ready and has rounds left this raid.
        let able: Vec<(usize, f64)> = launchers
            .iter()
            .filter(|(u, m, _)| {
                let cap = m.get(name).copied().unwrap_or(0);
                cap > fired.get(&(*u, name.to_string())).copied().unwrap_or(0)
                    && ready_at.get(u).is_none_or(|t| *t <= start + READY_SLACK_S)
            })
            .map(|(u, m, _)| (*u, f64::from(m.get(name).copied().unwrap_or(0))))
            .collect();
        let Some(li) = pick_weighted(rng, &able) else {
            unlaunched += 1;
            continue;
        };
        let launcher = able[li].0;
        let from = scenario.units[launcher].xy;
        // A target in range, by class weight then by weight within the class.
        let range_m = tt.range_km * 1000.0;
        let in_range: Vec<(usize, f64)> = if r.target_places.is_empty() {
            // The class first, then a target within it, each with its own
            // draw: a target added to one class leaves the picks that
            // land in the other classes as they were.
            let reachable: Vec<(TargetClass, f64)> = TargetClass::ALL
                .iter()
                .map(|&c| {
                    let w =
                        if class_total(targets, c, from, range_m) > 0.0 { class_weight(&r.targets, c) } else { 0.0 };
                    (c, w)
                })
                .collect();
            let class = pick_weighted(rng, &reachable).map(|k| reachable[k].0);
            targets
                .iter()
                .enumerate()
                .filter(|(_, t)| Some(t.class) == class && t.xy.distance(from) <= range_m)
                .map(|(i, t)| (i, t.weight))
                .collect()
        } else {
            targets
                .iter()
                .enumerate()
                // The places themselves, not units standing at them.
                .filter(|(_, t)| t.unit.is_none())
                .filter(|(_, t)| {
                    r.target_places
                        .iter()
                        .any(|p| (p.lat - t.position.lat).abs() < 1e-9 && (p.lon - t.position.lon).abs() < 1e-9)
                })
                .filter(|(_, t)| t.xy.distance(from) <= range_m)
                .map(|(i, _)| (i, 1.0))
                .collect()
        };
        let Some(k) = pick_weighted(rng, &in_range) else {
            unlaunched += 1;
            continue;
        };
        let target = in_range[k].0;
        *fired.entry((launcher, name.to_string())).or_default() += 1;
        let avoid =
            r.avoid_coverage && matches!(tt.class, ThreatClass::Drone | ThreatClass::Cruise | ThreatClass::Aircraft);
        let layers = if avoid { sky.exposure.get(&tt.class).map(Vec::as_slice) } else { None };
        let waypoints = route(map, layers, from, targets[target].xy);
        let path_m = path_length(&waypoints);
        let flight_s = path_m / (tt.speed_kmh / 3.6);
        let divert_after_s = (rng.random::<f64>() < divert(&aw.doctrine.ew_divert, tt.class))
            .then(|| flight_s * rng.random_range(0.3..0.9));
        let time_s = start + rng.random::<f64>() * r.spread_hours * 3600.0;
        launches.push(Launch {
            time_s,
            raid: raid_no,
            stream: si,
            threat: name.to_string(),
            launcher,
            target,
            waypoints,
            path_m,
            divert_after_s,
        });
    }
    for ((u, _), _) in fired.iter() {
        if let Some((_, _, reload)) = launchers.iter().find(|(l, _, _)| l == u) {
            ready_at.insert(*u, start + reload);
        }
    }
    (launches, RaidRecord { raid: raid_no, stream: si, time_s: start, size, unlaunched })
}

fn class_weight(w: &crate::config::air_war::TargetWeights, class: TargetClass) -> f64 {
    match class {
        TargetClass::City => w.city,
        TargetClass::Energy => w.energy,
        TargetClass::Port => w.port,
        TargetClass::Airbase => w.airbase,
        TargetClass::Military => w.military,
    }
}

/// Total weight of a class within range.
fn class_total(targets: &[Target], class: TargetClass, from: Xy, range_m: f64) -> f64 {
    targets.iter().filter(|t| t.class == class && t.xy.distance(from) <= range_m).map(|t| t.weight).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::stream;

    #[test]
    fn negative_binomial_has_the_asked_mean_and_spread() {
        let mut r = stream(5, 0, "test");
        let (mean, shape) = (30.0, 1.5);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| f64::from(negative_binomial(&mut r, mean, shape))).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        let want_var = mean + mean * mean / shape;
        // Standard error of the mean: sqrt(var / n) = 0.18; allow 5 sigma.
        assert!((m - mean).abs() < 0.9, "mean {m}");
        assert!((var - want_var).abs() / want_var < 0.1, "variance {var} vs {want_var}");
    }

    #[test]
    fn weighted_picks_follow_their_weights() {
        let mut r = stream(6, 0, "test");
        let items = [("a", 1.0), ("b", 3.0), ("c", 0.0)];
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[pick_weighted(&mut r, &items).unwrap()] += 1;
        }
        assert_eq!(counts[2], 0);
        let share = counts[1] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.011, "{share}");
        assert!(pick_weighted::<&str>(&mut r, &[]).is_none());
    }
}
