//! The placement search, on an abstract problem: put each unit on one
//! candidate site so as to maximise the weighted layered coverage of demand
//! points, sum over i of w_i (1 - prod over units covering i of (1 - p)),
//! minus a per-site penalty (exposure, airframes), with a minimum spacing
//! between units. The coverage term is monotone submodular, so greedy is
//! within (1 - 1/e) of the optimum and its gap is bounded from the data.
//!
//! Algorithms (all deterministic for a seed): greedy; swap local search
//! (Teitz and Bart 1968: move one unit to its best site until no move helps);
//! simulated annealing from the swap result, then swap again. Survival is
//! kept as a sum of log(1 - p) per demand point so that moving a unit is an
//! exact subtraction and addition.

use rand::RngExt;

use crate::geo::projection::Xy;
use crate::sim::rng::SimRng;

/// Largest single-unit coverage probability kept (log(1 - p) stays finite).
pub const P_MAX: f64 = 0.999_999;

/// One kind of unit: where it may stand and what each site covers.
#[derive(Debug, Clone, Default)]
pub struct KindCover {
    /// Per site: the demand points it covers and with what probability
    /// (shared: variants of a problem differ only in penalties and units).
    pub cover: std::sync::Arc<Vec<Vec<(u32, f32)>>>,
    /// Per site: the cost of standing there (exposure, airframes), in
    /// objective units; `f64::INFINITY` where the kind may not stand.
    pub penalty: Vec<f64>,
}

/// A placement problem.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    /// Demand weights.
    pub weight: Vec<f64>,
    /// Log-survival each demand point already has from units that stay put.
    pub fixed_log_survival: Vec<f64>,
    /// Where each site is.
    pub site_xy: Vec<Xy>,
    /// The kinds of units.
    pub kinds: Vec<KindCover>,
    /// The kind of each unit to place.
    pub units: Vec<usize>,
    /// Smallest distance between two placed units, m.
    pub min_spacing_m: f64,
}

/// A placement: the site of each unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Site index per unit.
    pub sites: Vec<usize>,
    /// Objective value.
    pub value: f64,
}

/// How the search went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The greedy placement.
    pub greedy: Placement,
    /// After swap local search.
    pub swap: Placement,
    /// After simulated annealing and a final swap (the answer).
    pub best: Placement,
    /// An upper bound on the optimum (data-dependent submodular bound).
    pub upper_bound: f64,
}

/// The state of a (partial) placement.
#[derive(Debug, Clone)]
struct State<'a> {
    p: &'a Problem,
    log_s: Vec<f64>,
    /// weight x survival per demand point, exp(log_s) kept up to date where a
    /// placement changes it: `gain` reads it for every covered point of
    /// every site it weighs, far more often than points change.
    weighted_survival: Vec<f64>,
    at: Vec<Option<usize>>,
    value: f64,
}

/// ln(1 - p), with p capped at [`P_MAX`] so that it stays finite.
pub fn ln1m(p: f32) -> f64 {
    (1.0 - f64::from(p).min(P_MAX)).ln()
}

impl<'a> State<'a> {
    fn new(p: &'a Problem) -> Self {
        let log_s = if p.fixed_log_survival.len() == p.weight.len() {
            p.fixed_log_survival.clone()
        } else {
            vec![0.0; p.weight.len()]
        };
        let value = p.weight.iter().zip(&log_s).map(|(w, l)| w * (1.0 - l.exp())).sum();
        let weighted_survival = p.weight.iter().zip(&log_s).map(|(w, l)| w * l.exp()).collect();
        Self { p, log_s, weighted_survival, at: vec![None; p.units.len()], value }
    }

    fn add_log_survival(&mut self, i: usize, d: f64) {
        self.log_s[i] += d;
        self.weighted_survival[i] = self.p.weight[i] * self.log_s[i].exp();
    }

    /// Gain of putting a unit of `kind` at `site` now.
    fn gain(&self, kind: usize, site: usize) -> f64 {
        let k = &self.p.kinds[kind];
        let mut g = -k.penalty[site];
        for &(i, p) in &k.cover[site] {
            let i = i as usize;
            g += self.weighted_survival[i] * f64::from(p).min(P_MAX);
        }
        g
    }

    fn place(&mut self, unit: usize, site: usize) {
        let k = &self.p.kinds[self.p.units[unit]];
        self.value += self.gain(self.p.units[unit], site);
        for &(i, p) in k.cover[site].iter() {
            self.add_log_survival(i as usize, ln1m(p));
        }
        self.at[unit] = Some(site);
    }

    fn remove(&mut self, unit: usize) {
        let Some(site) = self.at[unit].take() else { return };
        let k = &self.p.kinds[self.p.units[unit]];
        for &(i, p) in k.cover[site].iter() {
            self.add_log_survival(i as usize, -ln1m(p));
        }
        self.value -= self.gain(self.p.units[unit], site);
    }

    /// True when `site` is free and keeps the minimum spacing from every
    /// placed unit other than `except`.
    fn spaced(&self, site: usize, except: usize) -> bool {
        let d = self.p.min_spacing_m;
        let xy = self.p.site_xy[site];
        self.at.iter().enumerate().all(|(u, s)| {
            u == except || s.is_none_or(|s| s != site && (d <= 0.0 || self.p.site_xy[s].distance(xy) >= d))
        })
    }

    /// The best allowed site for a unit of `kind` (ignoring `except` for
    /// spacing), with its gain.
    fn best_site(&self, kind: usize, except: usize) -> Option<(usize, f64)> {
        let k = &self.p.kinds[kind];
        let mut best: Option<(usize, f64)> = None;
        for site in 0..k.cover.len() {
            if !k.penalty[site].is_finite() {
                continue;
            }
            let g = self.gain(kind, site);
            if best.is_none_or(|(_, b)| g > b) && self.spaced(site, except) {
                best = Some((site, g));
            }
        }
        best
    }

    fn placement(&self) -> Placement {
        Placement { sites: self.at.iter().map(|s| s.unwrap_or(usize::MAX)).collect(), value: self.value }
    }

    /// Recomputes the value from scratch (guards against drift).
    fn recompute(&mut self) {
        let cover: f64 = self.p.weight.iter().zip(&self.log_s).map(|(w, l)| w * (1.0 - l.exp())).sum();
        let pen: f64 =
            self.at.iter().enumerate().filter_map(|(u, s)| s.map(|s| self.p.kinds[self.p.units[u]].penalty[s])).sum();
        self.value = cover - pen;
    }
}

/// Why a problem cannot be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchError {
    /// Nothing to place.
    #[error("there are no units to place")]
    NoUnits,
    /// A unit has nowhere to go.
    #[error(
        "unit {unit} has no allowed site left (constraints too tight: fewer allowed sites than units, or the spacing)"
    )]
    NoSite {
        /// The unit.
        unit: usize,
    },
}

/// Greedy: repeatedly place the unit whose best site gains most.
pub fn greedy(p: &Problem) -> Result<Placement, SearchError> {
    greedy_first(p, p.units.len()).map(|(_, at)| at)
}

/// Greedy for the first `k` units only: which units it chose, in order, and
/// the placement (unplaced units at `usize::MAX`). With units of several
/// kinds this also picks which kinds are worth most for a smaller budget.
pub fn greedy_first(p: &Problem, k: usize) -> Result<(Vec<usize>, Placement), SearchError> {
    if p.units.is_empty() || k == 0 {
        return Err(SearchError::NoUnits);
    }
    let mut s = State::new(p);
    let mut left: Vec<usize> = (0..p.units.len()).collect();
    let mut order = Vec::new();
    while !left.is_empty() && order.len() < k {
        // The best (unit, site) among one unit of each kind left.
        let mut best: Option<(usize, usize, f64)> = None;
        let mut seen_kinds = Vec::new();
        for &u in &left {
            let kind = p.units[u];
            if seen_kinds.contains(&kind) {
                continue;
            }
            seen_kinds.push(kind);
            if let Some((site, g)) = s.best_site(kind, usize::MAX)
                && best.is_none_or(|(_, _, b)| g > b)
            {
                best = Some((u, site, g));
            }
        }
        let Some((u, site, _)) = best else {
            return Err(SearchError::NoSite { unit: left[0] });
        };
        s.place(u, site);
        order.push(u);
        left.retain(|x| *x != u);
    }
    s.recompute();
    Ok((order, s.placement()))
}

/// The problem restricted to some of its units (in that order).
pub fn only_units(p: &Problem, units: &[usize]) -> Problem {
    Problem { units: units.iter().map(|&u| p.units[u]).collect(), ..p.clone() }
}

fn state_of<'a>(p: &'a Problem, start: &Placement) -> State<'a> {
    let mut s = State::new(p);
    for (u, &site) in start.sites.iter().enumerate() {
        s.place(u, site);
    }
    s
}

/// Swap local search from `start`: move one unit at a time to its best
/// site while that helps (first improvement, in unit order).
pub fn swap(p: &Problem, start: &Placement) -> Placement {
    let mut s = state_of(p, start);
    let eps = 1e-12 * s.value.abs().max(1.0);
    for _pass in 0..100 {
        let mut improved = false;
        for u in 0..p.units.len() {
            let Some(old) = s.at[u] else { continue };
            let before = s.value;
            s.remove(u);
            let kind = p.units[u];
            match s.best_site(kind, u) {
                Some((site, _)) if site != old => {
                    s.place(u, site);
                    if s.value > before + eps {
                        improved = true;
                    } else {
                        s.remove(u);
                        s.place(u, old);
                    }
                }
                _ => s.place(u, old),
            }
        }
        if !improved {
            break;
        }
    }
    s.recompute();
    s.placement()
}

/// Simulated annealing from `start` for `steps` moves, then swap.
pub fn anneal(p: &Problem, start: &Placement, steps: usize, rng: &mut SimRng) -> Placement {
    let mut s = state_of(p, start);
    let mut best = s.placement();
    let allowed: Vec<Vec<usize>> =
        p.kinds.iter().map(|k| (0..k.penalty.len()).filter(|&j| k.penalty[j].is_finite()).collect()).collect();
    // Most moves are local (to one of the nearest sites), which is where a
    // laydown that swap left behind usually improves; the rest jump anywhere.
    const NEAR: usize = 16;
    let near: Vec<Vec<usize>> = (0..p.site_xy.len())
        .map(|j| {
            let mut d: Vec<(f64, usize)> =
                (0..p.site_xy.len()).filter(|&i| i != j).map(|i| (p.site_xy[i].distance(p.site_xy[j]), i)).collect();
            let n = NEAR.min(d.len());
            if n > 0 {
                d.select_nth_unstable_by(n - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            d.truncate(n);
            d.into_iter().map(|(_, i)| i).collect()
        })
        .collect();
    // A move: a unit to a near site (mostly) or anywhere it may stand.
    let propose = |rng: &mut SimRng, at: &[Option<usize>]| -> Option<(usize, usize, usize)> {
        let u = rng.random_range(0..p.units.len());
        let sites = &allowed[p.units[u]];
        let old = at[u]?;
        if sites.is_empty() {
            return None;
        }
        let local: f64 = rng.random();
        let site = if local < 0.8 && !near[old].is_empty() {
            near[old][rng.random_range(0..near[old].len())]
        } else {
            sites[rng.random_range(0..sites.len())]
        };
        Some((u, old, site))
    };
    // The starting temperature: a fifth of the mean loss of 64 sampled
    // moves, so a typical loss is accepted at first with probability e^-5
    // and ever more rarely as it cools (hotter wandered off on the baseline).
    let t0 = {
        let mut probe = s.clone();
        let (mut loss, mut n) = (0.0, 0u32);
        for _ in 0..64 {
            let Some((u, old, site)) = propose(rng, &probe.at) else { continue };
            if site == old || !p.kinds[p.units[u]].penalty[site].is_finite() || !probe.spaced(site, u) {
                continue;
            }
            let before = probe.value;
            probe.remove(u);
            probe.place(u, site);
            if probe.value < before {
                loss += before - probe.value;
                n += 1;
            }
            probe.remove(u);
            probe.place(u, old);
        }
        (0.2 * loss / f64::from(n.max(1))).max(1e-12)
    };
    for step in 0..steps {
        let t = t0 * (1.0 - step as f64 / steps as f64).max(1e-3);
        let Some((u, old, site)) = propose(rng, &s.at) else { continue };
        let draw: f64 = rng.random();
        if site == old || !p.kinds[p.units[u]].penalty[site].is_finite() || !s.spaced(site, u) {
            continue;
        }
        let before = s.value;
        s.remove(u);
        s.place(u, site);
        let delta = s.value - before;
        if delta >= 0.0 || draw < (delta / t).exp() {
            if s.value > best.value {
                best = s.placement();
            }
        } else {
            s.remove(u);
            s.place(u, old);
        }
    }
    swap(p, &best)
}

/// The data-dependent bound on the optimum given a placement `at`: its
/// coverage plus, per kind, the largest positive net gains against it of as
/// many distinct sites as the kind has units (Leskovec et al. 2007, applied
/// to a partition of units).
pub fn upper_bound(p: &Problem, at: &Placement) -> f64 {
    let s = state_of(p, at);
    let pen: f64 = at.sites.iter().zip(&p.units).map(|(&site, &k)| p.kinds[k].penalty[site]).sum();
    let mut bound = s.value + pen;
    // The optimum's units of a kind stand on distinct sites, so their gains
    // against `at` are at most the kind's largest gains over distinct sites.
    for (kind, k) in p.kinds.iter().enumerate() {
        let n = p.units.iter().filter(|&&u| u == kind).count();
        if n == 0 {
            continue;
        }
        let mut gains: Vec<f64> =
            (0..k.cover.len()).filter(|&j| k.penalty[j].is_finite()).map(|j| s.gain(kind, j).max(0.0)).collect();
        gains.sort_by(|a, b| b.total_cmp(a));
        bound += gains.iter().take(n).sum::<f64>();
    }
    // Nor can it beat covering everything at the least penalty.
    let ceiling = p.weight.iter().sum::<f64>()
        - p.units
            .iter()
            .map(|&k| p.kinds[k].penalty.iter().copied().filter(|x| x.is_finite()).fold(f64::INFINITY, f64::min))
            .filter(|x| x.is_finite())
            .sum::<f64>();
    bound.min(ceiling)
}

/// The value of a placement, computed from scratch.
pub fn value(p: &Problem, at: &Placement) -> f64 {
    let mut s = state_of(p, at);
    s.recompute();
    s.value
}

/// Greedy, swap, annealing, swap; and the bound.
pub fn solve(p: &Problem, anneal_steps: usize, rng: &mut SimRng) -> Result<Outcome, SearchError> {
    let greedy = greedy(p)?;
    let swapped = swap(p, &greedy);
    let best = if anneal_steps > 0 { anneal(p, &swapped, anneal_steps, rng) } else { swapped.clone() };
    let best = if best.value >= swapped.value { best } else { swapped.clone() };
    // Every placement gives a valid bound; keep the tightest.
    let upper_bound =
        [&greedy, &swapped, &best].iter().map(|at| upper_bound(p, at)).fold(f64::INFINITY, f64::min).max(best.value);
    Ok(Outcome { greedy, swap: swapped, best, upper_bound })
}

/// Merges demand points that the same sites cover with the same
/// probabilities (their weights add): the search then works on fewer points
/// with the same objective.
pub fn merge_demand(p: &Problem) -> Problem {
    use std::collections::HashMap;
    let n = p.weight.len();
    // A point's signature: every (kind, site, p bits) that covers it.
    type Signature = Vec<(u32, u32, u32)>;
    let mut sig: Vec<Signature> = vec![Vec::new(); n];
    for (k, kind) in p.kinds.iter().enumerate() {
        for (j, list) in kind.cover.iter().enumerate() {
            for &(i, pr) in list {
                sig[i as usize].push((k as u32, j as u32, pr.to_bits()));
            }
        }
    }
    let fixed = |i: usize| p.fixed_log_survival.get(i).copied().unwrap_or(0.0).to_bits();
    let mut index: HashMap<(Signature, u64), u32> = HashMap::new();
    let mut new_of = vec![0u32; n];
    let mut weight = Vec::new();
    let mut fixed_ls = Vec::new();
    for i in 0..n {
        let key = (std::mem::take(&mut sig[i]), fixed(i));
        let next = weight.len() as u32;
        let id = *index.entry(key).or_insert(next);
        if id == next {
            weight.push(0.0);
            fixed_ls.push(p.fixed_log_survival.get(i).copied().unwrap_or(0.0));
        }
        weight[id as usize] += p.weight[i];
        new_of[i] = id;
    }
    let kinds = p
        .kinds
        .iter()
        .map(|k| {
            let cover = k
                .cover
                .iter()
                .map(|list| {
                    let mut l: Vec<(u32, f32)> = list.iter().map(|&(i, pr)| (new_of[i as usize], pr)).collect();
                    l.sort_by_key(|e| e.0);
                    l.dedup_by_key(|e| e.0);
                    l
                })
                .collect();
            KindCover { cover: std::sync::Arc::new(cover), penalty: k.penalty.clone() }
        })
        .collect();
    Problem { weight, fixed_log_survival: fixed_ls, kinds, ..p.clone() }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sim::rng::stream;

    /// A random coverage problem: `sites` on a line 10 km apart, `demand`
    /// points, each site covering a random handful with random p.
    pub fn random_problem(sites: usize, demand: usize, units: usize, binary: bool, seed: u64) -> Problem {
        let mut r = stream(seed, 0, "opt-test");
        let cover = (0..sites)
            .map(|_| {
                let mut l: Vec<(u32, f32)> = (0..r.random_range(1..12))
                    .map(|_| (r.random_range(0..demand) as u32, if binary { 1.0 } else { r.random_range(0.2..0.9) }))
                    .collect();
                l.sort_by_key(|e| e.0);
                l.dedup_by_key(|e| e.0);
                l
            })
            .collect();
        Problem {
            weight: (0..demand).map(|_| r.random_range(0.1..10.0)).collect(),
            fixed_log_survival: vec![],
            site_xy: (0..sites).map(|j| Xy { x: j as f64 * 10_000.0, y: 0.0 }).collect(),
            kinds: vec![KindCover { cover: std::sync::Arc::new(cover), penalty: vec![0.0; sites] }],
            units: vec![0; units],
            min_spacing_m: 0.0,
        }
    }

    /// A geometric covering problem, the form of the MCLP benchmarks (Church
    /// and ReVelle 1974) and of Hedgehog's own: `sites` and `demand` points
    /// spread over a 400 km square, demand weights from 1 to 100, each site
    /// covering the points within 60 km, with p = 1 (`binary`) or p falling
    /// from 0.9 to 0.3 with distance.
    pub fn geometric_problem(sites: usize, demand: usize, units: usize, binary: bool, seed: u64) -> Problem {
        let mut r = stream(seed, 0, "opt-geo");
        let mut at = |n: usize| -> Vec<Xy> {
            (0..n).map(|_| Xy { x: r.random_range(0.0..400_000.0), y: r.random_range(0.0..400_000.0) }).collect()
        };
        let site_xy = at(sites);
        let points = at(demand);
        let cover = site_xy
            .iter()
            .map(|s| {
                points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, q)| {
                        let d = s.distance(*q);
                        (d <= 60_000.0)
                            .then(|| (i as u32, if binary { 1.0 } else { (0.9 - 0.6 * d / 60_000.0) as f32 }))
                    })
                    .collect()
            })
            .collect();
        let mut r = stream(seed, 1, "opt-geo-weights");
        Problem {
            weight: (0..demand).map(|_| r.random_range(1.0..100.0)).collect(),
            fixed_log_survival: vec![],
            site_xy,
            kinds: vec![KindCover { cover: std::sync::Arc::new(cover), penalty: vec![0.0; sites] }],
            units: vec![0; units],
            min_spacing_m: 0.0,
        }
    }

    pub fn brute_force(p: &Problem) -> f64 {
        // Every combination of distinct sites for identical units.
        fn rec(p: &Problem, from: usize, chosen: &mut Vec<usize>, best: &mut f64) {
            if chosen.len() == p.units.len() {
                *best = best.max(value(p, &Placement { sites: chosen.clone(), value: 0.0 }));
                return;
            }
            for j in from..p.site_xy.len() {
                chosen.push(j);
                rec(p, j + 1, chosen, best);
                chosen.pop();
            }
        }
        let mut best = f64::NEG_INFINITY;
        rec(p, 0, &mut Vec::new(), &mut best);
        best
    }

    #[test]
    fn greedy_plus_swap_is_within_two_percent_of_the_exact_optimum_on_small_geometric_instances() {
        for seed in 0..20 {
            let p = geometric_problem(16, 60, 4, seed % 2 == 0, seed);
            let exact = brute_force(&p);
            let g = greedy(&p).unwrap();
            let s = swap(&p, &g);
            assert!(s.value >= g.value - 1e-9, "swap never loses");
            assert!(s.value >= 0.98 * exact, "seed {seed}: {} vs exact {exact}", s.value);
            let ub = upper_bound(&p, &s);
            assert!(ub >= exact - 1e-9, "seed {seed}: bound {ub} below the optimum {exact}");
        }
    }

    #[test]
    fn on_scattered_instances_greedy_keeps_its_guarantee_and_the_bound_holds() {
        // Random sets with no geometry are the hard case for local search;
        // greedy's (1 - 1/e) and the bound still hold, and annealing closes in.
        for seed in 0..20 {
            let p = random_problem(16, 40, 4, seed % 2 == 0, seed);
            let exact = brute_force(&p);
            let g = greedy(&p).unwrap();
            let s = swap(&p, &g);
            assert!(s.value >= g.value - 1e-9 && s.value <= exact + 1e-9);
            assert!(g.value >= (1.0 - 1.0 / std::f64::consts::E) * exact - 1e-9, "greedy's guarantee");
            assert!(upper_bound(&p, &s) >= exact - 1e-9, "seed {seed}: the bound is below the optimum");
            let best = solve(&p, 20_000, &mut stream(seed, 0, "anneal")).unwrap().best;
            assert!(best.value >= 0.98 * exact, "seed {seed}: annealing {} vs exact {exact}", best.value);
        }
    }

    #[test]
    fn incremental_values_match_a_recount_and_annealing_never_ends_worse() {
        let p = random_problem(60, 300, 8, false, 7);
        let mut rng = stream(1, 0, "anneal");
        let out = solve(&p, 5_000, &mut rng).unwrap();
        for pl in [&out.greedy, &out.swap, &out.best] {
            assert!((value(&p, pl) - pl.value).abs() < 1e-9 * pl.value.max(1.0));
        }
        assert!(out.best.value >= out.swap.value && out.swap.value >= out.greedy.value);
        assert!(out.upper_bound >= out.best.value);
        let again = solve(&p, 5_000, &mut stream(1, 0, "anneal")).unwrap();
        assert_eq!(again, out, "the same seed gives the same answer");
    }

    #[test]
    fn spacing_and_forbidden_sites_are_respected_and_impossible_problems_say_so() {
        let mut p = random_problem(30, 100, 5, false, 3);
        p.min_spacing_m = 35_000.0;
        p.kinds[0].penalty[0] = f64::INFINITY;
        let out = solve(&p, 2_000, &mut stream(2, 0, "anneal")).unwrap();
        let s = &out.best.sites;
        assert!(!s.contains(&0));
        for a in 0..s.len() {
            for b in a + 1..s.len() {
                assert!(p.site_xy[s[a]].distance(p.site_xy[s[b]]) >= 35_000.0, "{s:?}");
            }
        }
        p.min_spacing_m = 200_000.0; // 30 sites over 290 km: two units at most.
        assert!(matches!(greedy(&p), Err(SearchError::NoSite { .. })));
        p.units.clear();
        assert_eq!(greedy(&p), Err(SearchError::NoUnits));
    }

    #[test]
    fn merging_demand_keeps_every_value() {
        let mut p = random_problem(20, 400, 3, true, 11);
        // Duplicate cover patterns are common with few sites and many points.
        let m = merge_demand(&p);
        assert!(m.weight.len() < p.weight.len());
        let g = greedy(&p).unwrap();
        assert!((value(&m, &g) - value(&p, &g)).abs() < 1e-9 * g.value.max(1.0));
        p.fixed_log_survival = vec![-0.5; 400];
        let m = merge_demand(&p);
        assert!((value(&m, &g) - value(&p, &g)).abs() < 1e-9 * g.value.max(1.0));
    }
}
