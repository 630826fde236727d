//! The exact mode: the placement problem as a mixed-integer programme (the
//! maximal covering location problem of Church and ReVelle 1974, extended to
//! layered probabilistic cover), for small and medium instances. It checks
//! the heuristics and gives a proven optimum where they only give a bound.
//!
//! Variables: x(k, j) = 1 when a unit of kind k stands on site j; z(i) the
//! share of demand point i protected. Coverage is 1 - exp(L(i)) with
//! L(i) = fixed(i) + sum of x(k, j) ln(1 - p(k, j, i)), concave in L, so it is
//! the minimum of its tangents: z(i) <= 1 - e^a (1 + L(i) - a) for a set of
//! points a. The programme's optimum is therefore an upper bound on the true
//! optimum (tight to the tangents' spacing), and its x, scored exactly, a
//! lower one. With p = 1 (classic binary MCLP) both coincide.
//!
//! Constraints: each kind places its units on distinct sites; no site holds
//! two units; sites closer than the minimum spacing hold one unit between
//! them. Solver: good_lp with microlp (pure Rust), behind the `exact` cargo
//! feature.

use super::search::{Placement, Problem};

/// When to give up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Most x variables (allowed kind-site pairs) to attempt.
    pub max_sites: usize,
    /// Most demand points (after merging) to attempt.
    pub max_demand: usize,
    /// Wall-clock limit of the solver, s.
    pub time_limit_s: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_sites: 8_000, max_demand: 5_000, time_limit_s: 300.0 }
    }
}

/// The exact mode's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact {
    /// The programme's placement, scored exactly (a lower bound on the optimum).
    pub placement: Placement,
    /// The programme's objective: an upper bound on the optimum when
    /// `proven` (tight to the tangent spacing).
    pub bound: f64,
    /// True when the solver proved its solution optimal within the limits.
    pub proven: bool,
}

/// Why the exact mode did not answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExactError {
    /// Built without the `exact` feature.
    #[error(
        "this build has no exact solver: build with the `exact` cargo feature (on by default), e.g. `cargo build --release --features exact`"
    )]
    Unavailable,
    /// The instance is too large for the exact mode.
    #[error(
        "the exact mode is for small and medium instances: {what} is {got}, the most it attempts is {max}; lower --sites or use the heuristics"
    )]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// Its size.
        got: usize,
        /// The limit.
        max: usize,
    },
    /// The solver failed or found no feasible placement.
    #[error("the exact solver found no placement: {0}")]
    Solver(String),
}

/// Coverage levels whose tangents bound 1 - exp(L): dense where the curve
/// bends most, with the last at the largest single-unit probability kept.
#[cfg(feature = "exact")]
const LEVELS: [f64; 28] = [
    0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95,
    0.97, 0.98, 0.99, 0.995, 0.999, 0.9999, 0.999_999,
];

/// Solves `p` exactly, warm-started from `start` when given.
pub fn solve(p: &Problem, start: Option<&Placement>, limits: Limits) -> Result<Exact, ExactError> {
    let pairs: usize = p.kinds.iter().map(|k| k.penalty.iter().filter(|x| x.is_finite()).count()).sum();
    if pairs > limits.max_sites {
        return Err(ExactError::TooLarge {
            what: "the number of allowed (unit type, site) pairs",
            got: pairs,
            max: limits.max_sites,
        });
    }
    if p.weight.len() > limits.max_demand {
        return Err(ExactError::TooLarge {
            what: "the number of demand points after merging",
            got: p.weight.len(),
            max: limits.max_demand,
        });
    }
    if p.units.is_empty() {
        return Err(ExactError::Solver("there are no units to place".into()));
    }
    milp::solve(p, start, limits)
}

#[cfg(not(feature = "exact"))]
mod milp {
    use super::{Exact, ExactError, Limits, Placement, Problem};

    pub fn solve(_: &Problem, _: Option<&Placement>, _: Limits) -> Result<Exact, ExactError> {
        Err(ExactError::Unavailable)
    }
}

#[cfg(feature = "exact")]
mod milp {
    use good_lp::solvers::microlp::microlp;
    use good_lp::{
        Expression, Solution, SolutionStatus, SolverModel, Variable, WithInitialSolution, WithTimeLimit, constraint,
        variable, variables,
    };

    use super::{Exact, ExactError, LEVELS, Limits, Placement, Problem};
    use crate::optimize::search::{self, P_MAX, ln1m};

    pub fn solve(p: &Problem, start: Option<&Placement>, limits: Limits) -> Result<Exact, ExactError> {
        let n_demand = p.weight.len();
        let fixed = |i: usize| p.fixed_log_survival.get(i).copied().unwrap_or(0.0);
        let mut vars = variables!();
        // x(k, j) for allowed pairs.
        let mut x: Vec<(usize, usize, Variable)> = Vec::new();
        for (k, kind) in p.kinds.iter().enumerate() {
            if !p.units.contains(&k) {
                continue;
            }
            for j in 0..kind.penalty.len() {
                if kind.penalty[j].is_finite() {
                    x.push((k, j, vars.add(variable().binary())));
                }
            }
        }
        let z: Vec<Variable> = (0..n_demand).map(|_| vars.add(variable().min(0.0).max(1.0))).collect();
        // L(i) as linear expressions, and the most negative L(i) can reach.
        let mut l: Vec<Expression> = (0..n_demand).map(|i| Expression::from(fixed(i))).collect();
        // And the union bound: the share protected is at most the sum of
        // the probabilities, sum of p x (tight for binary cover, where the
        // tangents alone relax badly).
        let mut union: Vec<Expression> = (0..n_demand).map(|i| Expression::from(1.0 - fixed(i).exp())).collect();
        let mut per_kind: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n_demand]; p.kinds.len()];
        for &(k, j, v) in &x {
            for &(i, pr) in &p.kinds[k].cover[j] {
                let c = ln1m(pr);
                l[i as usize] += c * v;
                union[i as usize] += f64::from(pr).min(P_MAX) * v;
                per_kind[k][i as usize].push(c);
            }
        }
        let l_min: Vec<f64> = (0..n_demand)
            .map(|i| {
                fixed(i)
                    + (0..p.kinds.len())
                        .map(|k| {
                            let n = p.units.iter().filter(|&&u| u == k).count();
                            let mut c = per_kind[k][i].clone();
                            c.sort_by(f64::total_cmp);
                            c.iter().take(n).sum::<f64>()
                        })
                        .sum::<f64>()
            })
            .collect();
        let objective: Expression = p.weight.iter().zip(&z).map(|(w, &zi)| *w * zi).sum::<Expression>()
            - x.iter().map(|&(k, j, v)| p.kinds[k].penalty[j] * v).sum::<Expression>();
        let mut model = vars.maximise(objective.clone()).using(microlp).with_time_limit(limits.time_limit_s);
        for (i, ui) in union.into_iter().enumerate() {
            model.add_constraint(constraint!(z[i] <= ui));
        }
        for (i, li) in l.iter().enumerate() {
            // Tangents inside the reachable range of L(i), and at its end.
            let mut points: Vec<f64> = LEVELS.iter().map(|c| (1.0 - c).ln()).filter(|&a| a >= l_min[i]).collect();
            points.push(l_min[i]);
            points.push(fixed(i));
            points.retain(|&a| a <= fixed(i) + 1e-12);
            for a in points {
                let ea = a.exp();
                model.add_constraint(constraint!(z[i] + ea * li.clone() <= 1.0 - ea + ea * a));
            }
        }
        for (k, _) in p.kinds.iter().enumerate() {
            let n = p.units.iter().filter(|&&u| u == k).count();
            if n > 0 {
                let placed: Expression = x.iter().filter(|e| e.0 == k).map(|e| e.2).sum();
                model.add_constraint(constraint!(placed == n as f64));
            }
        }
        let n_sites = p.site_xy.len();
        let mut at_site: Vec<Vec<Variable>> = vec![Vec::new(); n_sites];
        for &(_, j, v) in &x {
            at_site[j].push(v);
        }
        let used: Vec<usize> = (0..n_sites).filter(|&j| !at_site[j].is_empty()).collect();
        for &j in &used {
            if at_site[j].len() > 1 {
                let e: Expression = at_site[j].iter().copied().sum();
                model.add_constraint(constraint!(e <= 1.0));
            }
        }
        if p.min_spacing_m > 0.0 {
            for (a, &j) in used.iter().enumerate() {
                for &jj in &used[a + 1..] {
                    if p.site_xy[j].distance(p.site_xy[jj]) < p.min_spacing_m {
                        let e: Expression = at_site[j].iter().chain(&at_site[jj]).copied().sum();
                        model.add_constraint(constraint!(e <= 1.0));
                    }
                }
            }
        }
        if let Some(start) = start {
            let mut init: Vec<(Variable, f64)> = x
                .iter()
                .map(|&(k, j, v)| {
                    let on = start.sites.iter().zip(&p.units).any(|(&s, &u)| s == j && u == k);
                    (v, if on { 1.0 } else { 0.0 })
                })
                .collect();
            let mut ls: Vec<f64> = (0..n_demand).map(fixed).collect();
            for (&s, &k) in start.sites.iter().zip(&p.units) {
                for &(i, pr) in &p.kinds[k].cover[s] {
                    ls[i as usize] += ln1m(pr);
                }
            }
            init.extend(z.iter().zip(&ls).map(|(&v, &li)| (v, (1.0 - li.exp()).clamp(0.0, 1.0) * (1.0 - 1e-9))));
            model = model.with_initial_solution(init);
        }
        let solution = model.solve().map_err(|e| {
            let why = e.to_string();
            ExactError::Solver(if why.contains("Time limit") {
                format!("no placement within the time limit of {} s (--exact-time-limit)", limits.time_limit_s)
            } else {
                why
            })
        })?;
        let proven = matches!(solution.status(), SolutionStatus::Optimal);
        let bound = solution.eval(&objective);
        // Units of a kind onto the chosen sites, in order.
        let mut sites = vec![usize::MAX; p.units.len()];
        for (k, _) in p.kinds.iter().enumerate() {
            let chosen: Vec<usize> = x.iter().filter(|e| e.0 == k && solution.value(e.2) > 0.5).map(|e| e.1).collect();
            let units: Vec<usize> = (0..p.units.len()).filter(|&u| p.units[u] == k).collect();
            if chosen.len() != units.len() {
                return Err(ExactError::Solver(format!(
                    "the solution places {} units of a kind that has {}",
                    chosen.len(),
                    units.len()
                )));
            }
            for (u, j) in units.into_iter().zip(chosen) {
                sites[u] = j;
            }
        }
        let value = search::value(p, &Placement { sites: sites.clone(), value: 0.0 });
        Ok(Exact { placement: Placement { sites, value }, bound, proven })
    }
}

#[cfg(all(test, feature = "exact"))]
mod tests {
    use super::*;
    use crate::optimize::search::tests::{brute_force, geometric_problem, random_problem};
    use crate::optimize::search::{greedy, swap};

    #[test]
    fn the_programme_finds_the_brute_force_optimum_and_bounds_it() {
        for seed in 0..8 {
            let binary = seed % 2 == 0;
            let p = random_problem(16, 40, 4, binary, seed);
            let truth = brute_force(&p);
            let e = solve(&p, None, Limits::default()).unwrap();
            assert!(e.proven, "seed {seed}");
            assert!(e.placement.value <= truth + 1e-9, "seed {seed}: a placement beats the optimum");
            assert!(e.bound >= truth - 1e-6, "seed {seed}: bound {} below the optimum {truth}", e.bound);
            // The tangents are close: the programme's own placement is optimal or nearly.
            assert!(e.placement.value >= truth * 0.995, "seed {seed}: {} vs {truth}", e.placement.value);
            if binary {
                assert!((e.placement.value - truth).abs() < 1e-6, "seed {seed}: binary cover is exact");
            }
        }
    }

    #[test]
    fn greedy_and_swap_come_within_two_percent_of_the_exact_optimum_on_medium_instances() {
        for seed in 0..6 {
            let mut p = geometric_problem(80, 500, 8, seed % 2 == 0, 100 + seed);
            p.min_spacing_m = if seed < 3 { 20_000.0 } else { 0.0 };
            let g = greedy(&p).unwrap();
            let s = swap(&p, &g);
            let e = solve(&p, Some(&s), Limits::default()).unwrap();
            assert!(e.proven, "seed {seed}: not solved to optimality in the time limit");
            let best = e.placement.value.max(s.value);
            assert!(s.value >= 0.98 * best, "seed {seed}: swap {} vs exact {}", s.value, e.placement.value);
            assert!(e.bound >= s.value - 1e-6, "seed {seed}: the bound is below a feasible placement");
        }
    }

    #[test]
    fn oversized_instances_are_refused_with_the_limit_named() {
        let p = random_problem(60, 300, 8, true, 1);
        let e = solve(&p, None, Limits { max_sites: 10, ..Limits::default() }).unwrap_err();
        assert!(e.to_string().contains("most it attempts is 10"), "{e}");
    }
}
