//! Designs of experiments: which points of a factor space a sweep runs.
//!
//! A sweep varies several scenario factors at once; the design decides which
//! combinations are run, and so what the batch can tell apart. Three kinds,
//! as plain functions over plain data:
//!
//! - [`full_factorial`]: every combination of a few discrete levels, for small
//!   sweeps whose interactions must be seen in full;
//! - [`latin_hypercube`]: any number of runs over any number of factors, each
//!   factor stratified into one cell per run (McKay, Beckman & Conover 1979,
//!   Technometrics 21(2)), the points spread apart by the maximin criterion of
//!   Johnson, Moore & Ylvisaker (1990, J. Stat. Planning & Inference 26) as
//!   refined by Morris & Mitchell (1995, same journal, 43): maximise the
//!   smallest distance between two runs, then minimise how many pairs sit at it;
//! - [`nolh`]: the nearly orthogonal Latin hypercubes of the NPS SEED Center
//!   (Cioppa & Lucas 2007, Technometrics 49(1); Sanchez, "NOLHdesigns_v6.xls"),
//!   the data-farming workhorse: up to 29 factors in at most 257 runs with
//!   pairwise column correlations below 0.03, so that main effects are
//!   estimated nearly independently of each other.
//!
//! The NOLH tables are published data, shipped verbatim in `assets/doe/` (its
//! README gives their sources and how they were checked) and never generated
//! here: a home-made table would lack the published properties. The measures
//! [`max_abs_correlation`] and [`min_distance`] score the two properties these
//! designs trade, orthogonality and space filling.
//!
//! Designs come in unit coordinates (level indices for the full factorial);
//! mapping them onto each factor's range is the caller's business.

use rand::RngExt;

use crate::sim::rng::{SimRng, stream};

/// Full factorial over factors with the given numbers of levels: every
/// combination, in lexicographic order with the LAST factor varying fastest.
/// Each row holds level indices (`row[f] < levels[f]`).
///
/// Edge cases follow from "every combination": no factors give one empty row
/// (the single empty combination), and a factor with zero levels gives no rows.
///
/// # Panics
///
/// If the number of rows overflows `usize`.
pub fn full_factorial(levels: &[usize]) -> Vec<Vec<usize>> {
    if levels.contains(&0) {
        return Vec::new();
    }
    let count = levels
        .iter()
        .try_fold(1usize, |acc, &l| acc.checked_mul(l))
        .expect("a full factorial with more rows than a usize can count");
    let mut rows = Vec::with_capacity(count);
    let mut row = vec![0; levels.len()];
    loop {
        rows.push(row.clone());
        // An odometer: bump the last factor and carry leftwards.
        let mut f = levels.len();
        loop {
            if f == 0 {
                return rows;
            }
            f -= 1;
            row[f] += 1;
            if row[f] < levels[f] {
                break;
            }
            row[f] = 0;
        }
    }
}

/// A Latin hypercube of `points` rows and `factors` columns with values in
/// (0,1) at cell centres `(i + 0.5) / points`, each column a permutation of
/// them, chosen to maximise the minimum pairwise distance (maximin).
///
/// The best of several random Latin hypercubes (by smallest distance, then by
/// fewest pairs at it) is improved by swapping, within one column, a level of
/// a row of the closest pair with that of another row, keeping every swap that
/// makes the design strictly better. Both stages have work budgets sized so
/// that 1000 points by 50 factors take a fraction of a second.
///
/// Deterministic for a given `seed` (stream `"lhs"` of
/// [`crate::sim::rng::stream`]): the search is exact integer arithmetic on
/// cell indices, so the design is the same on every platform.
///
/// Fewer than two points, no factors, or one factor leave nothing to
/// optimise (every Latin hypercube is then equally maximin), and above
/// 2000 points the O(points²) search is skipped: those cases return a plain
/// random Latin hypercube.
pub fn latin_hypercube(points: usize, factors: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = stream(seed, 0, "lhs");
    let cells = maximin_cells(points, factors, &mut rng);
    to_cell_centres(&cells, points)
}

/// The largest number of factors a published NOLH table covers.
pub const NOLH_MAX_FACTORS: usize = 29;

/// Why a design could not be built.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum DesignError {
    /// More factors than the largest published NOLH table has columns.
    #[error(
        "a nearly orthogonal Latin hypercube (NOLH) takes at most {max} factors, not {factors}: \
         use a Latin hypercube or split the factors"
    )]
    TooManyFactors {
        /// The number of factors asked for.
        factors: usize,
        /// The most any table covers.
        max: usize,
    },
    /// A NOLH for no factor at all.
    #[error("a nearly orthogonal Latin hypercube (NOLH) needs at least one factor")]
    NoFactors,
}

/// The nearly orthogonal Latin hypercube (NOLH) of the NPS SEED Center for
/// `factors` factors: the smallest published table with enough columns (up to
/// 7 factors: 17 runs; 11: 33; 16: 65; 22: 129; 29: 257), its first `factors`
/// columns, scaled to \[0, 1\] as `(level - 1) / (runs - 1)`.
///
/// # Errors
///
/// [`DesignError::NoFactors`] for zero factors and
/// [`DesignError::TooManyFactors`] for more than [`NOLH_MAX_FACTORS`].
pub fn nolh(factors: usize) -> Result<Vec<Vec<f64>>, DesignError> {
    if factors == 0 {
        return Err(DesignError::NoFactors);
    }
    let table = NOLH_TABLES
        .iter()
        .find(|t| t.columns >= factors)
        .ok_or(DesignError::TooManyFactors { factors, max: NOLH_MAX_FACTORS })?;
    let top = (table.runs - 1) as f64;
    Ok(table.levels().into_iter().map(|row| row[..factors].iter().map(|&l| (l - 1) as f64 / top).collect()).collect())
}

/// Largest absolute pairwise Pearson correlation between columns.
///
/// 0 for fewer than two columns or rows; a constant column has no linear
/// association with anything, so pairs involving one count as 0.
pub fn max_abs_correlation(design: &[Vec<f64>]) -> f64 {
    let columns = design.first().map_or(0, Vec::len);
    let rows = design.len() as f64;
    let centred: Vec<Vec<f64>> = (0..columns)
        .map(|c| {
            let mean = design.iter().map(|r| r[c]).sum::<f64>() / rows;
            design.iter().map(|r| r[c] - mean).collect()
        })
        .collect();
    let norms: Vec<f64> = centred.iter().map(|col| col.iter().map(|v| v * v).sum::<f64>().sqrt()).collect();
    let mut worst = 0.0f64;
    for i in 0..columns {
        for j in i + 1..columns {
            let denominator = norms[i] * norms[j];
            if denominator > 0.0 {
                let dot: f64 = centred[i].iter().zip(&centred[j]).map(|(a, b)| a * b).sum();
                worst = worst.max((dot / denominator).abs());
            }
        }
    }
    worst
}

/// Smallest Euclidean distance between two rows; infinite when there are
/// fewer than two rows (no pair to measure).
pub fn min_distance(design: &[Vec<f64>]) -> f64 {
    let mut best = f64::INFINITY;
    for (i, a) in design.iter().enumerate() {
        for b in &design[i + 1..] {
            let squared: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
            best = best.min(squared);
        }
    }
    best.sqrt()
}

/// One published NOLH table: integer levels 1..=runs, one row per run.
struct NolhTable {
    runs: usize,
    columns: usize,
    csv: &'static str,
}

impl NolhTable {
    /// The table's levels. The files are fixed at build time and checked by
    /// this module's tests, so a malformed one is a bug, not an input error.
    fn levels(&self) -> Vec<Vec<usize>> {
        let rows: Vec<Vec<usize>> = self
            .csv
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').map(|v| v.trim().parse().expect("NOLH tables hold integers")).collect())
            .collect();
        assert!(
            rows.len() == self.runs && rows.iter().all(|r| r.len() == self.columns),
            "NOLH table {}x{} has the wrong shape",
            self.runs,
            self.columns
        );
        rows
    }
}

/// The NPS SEED Center tables, smallest first (sources in assets/doe/README.md).
const NOLH_TABLES: [NolhTable; 5] = [
    NolhTable { runs: 17, columns: 7, csv: include_str!("../../assets/doe/nolh_17x7.csv") },
    NolhTable { runs: 33, columns: 11, csv: include_str!("../../assets/doe/nolh_33x11.csv") },
    NolhTable { runs: 65, columns: 16, csv: include_str!("../../assets/doe/nolh_65x16.csv") },
    NolhTable { runs: 129, columns: 22, csv: include_str!("../../assets/doe/nolh_129x22.csv") },
    NolhTable { runs: 257, columns: 29, csv: include_str!("../../assets/doe/nolh_257x29.csv") },
];

/// Above this many points the maximin search (O(points²) memory and time per
/// candidate) is skipped.
const MAX_OPTIMISED_POINTS: usize = 2000;
/// Squared-difference evaluations spent on random candidates: about 0.05 s.
const CANDIDATE_WORK: usize = 20_000_000;
/// At least two candidates, so large designs still get a choice.
const CANDIDATES: std::ops::RangeInclusive<usize> = 2..=64;
/// Swap proposals times points (one proposal costs O(points)).
const SWAP_WORK: usize = 20_000_000;
/// Small designs are cheap to improve: give them many proposals.
const SWAPS: std::ops::RangeInclusive<usize> = 1000..=20_000;

fn clamp(value: usize, range: &std::ops::RangeInclusive<usize>) -> usize {
    value.clamp(*range.start(), *range.end())
}

/// Cell indices of a maximin Latin hypercube: `rows[i][f]` in `0..points`.
fn maximin_cells(points: usize, factors: usize, rng: &mut SimRng) -> Vec<Vec<usize>> {
    if points < 2 || factors < 2 || points > MAX_OPTIMISED_POINTS {
        return random_cells(points, factors, rng);
    }
    let pairs = points * (points - 1) / 2;
    let candidates = clamp(CANDIDATE_WORK / (pairs * factors), &CANDIDATES);
    let mut best = random_cells(points, factors, rng);
    let mut best_score = score(&best);
    for _ in 1..candidates {
        let cells = random_cells(points, factors, rng);
        let s = score(&cells);
        if s.better_than(best_score) {
            (best, best_score) = (cells, s);
        }
    }
    let mut search = Search::new(best);
    for _ in 0..clamp(SWAP_WORK / points, &SWAPS) {
        search.step(rng);
    }
    search.cells
}

/// A plain random Latin hypercube: each column an independent uniform
/// permutation of the cells (Fisher–Yates).
fn random_cells(points: usize, factors: usize, rng: &mut SimRng) -> Vec<Vec<usize>> {
    let mut rows = vec![vec![0; factors]; points];
    let mut column: Vec<usize> = (0..points).collect();
    for f in 0..factors {
        for i in (1..points).rev() {
            // Drawn as u64 so that the stream is the same on 32-bit targets.
            let j = rng.random_range(0..=i as u64) as usize;
            column.swap(i, j);
        }
        for (row, &cell) in rows.iter_mut().zip(&column) {
            row[f] = cell;
        }
    }
    rows
}

fn to_cell_centres(cells: &[Vec<usize>], points: usize) -> Vec<Vec<f64>> {
    cells.iter().map(|row| row.iter().map(|&c| (c as f64 + 0.5) / points as f64).collect()).collect()
}

fn squared_distance(a: &[usize], b: &[usize]) -> u64 {
    a.iter().zip(b).map(|(&x, &y)| (x.abs_diff(y) as u64).pow(2)).sum()
}

/// How spread out a design is: its smallest squared distance between two
/// rows (in cell units), and how many pairs sit at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Score {
    min: u64,
    ties: usize,
}

impl Score {
    /// Morris & Mitchell's order on maximin designs, cut after the first
    /// distance: larger smallest distance first, then fewer pairs at it.
    fn better_than(self, other: Score) -> bool {
        self.min > other.min || (self.min == other.min && self.ties < other.ties)
    }
}

fn score(cells: &[Vec<usize>]) -> Score {
    let mut s = Score { min: u64::MAX, ties: 0 };
    for (i, a) in cells.iter().enumerate() {
        for b in &cells[i + 1..] {
            let d = squared_distance(a, b);
            if d < s.min {
                s = Score { min: d, ties: 1 };
            } else if d == s.min {
                s.ties += 1;
            }
        }
    }
    s
}

/// The swap search: a design with every pairwise squared distance, each
/// row's nearest-neighbour distance (to find the closest pairs in O(points))
/// and its score.
struct Search {
    cells: Vec<Vec<usize>>,
    n: usize,
    /// `distance[i * n + k]`, symmetric.
    distance: Vec<u64>,
    nearest: Vec<u64>,
    score: Score,
    // Scratch space for a proposal, indexed by row.
    old_a: Vec<u64>,
    old_b: Vec<u64>,
    new_a: Vec<u64>,
    new_b: Vec<u64>,
}

impl Search {
    /// Needs at least two rows.
    fn new(cells: Vec<Vec<usize>>) -> Self {
        let n = cells.len();
        let mut distance = vec![0; n * n];
        for i in 0..n {
            for k in i + 1..n {
                let d = squared_distance(&cells[i], &cells[k]);
                distance[i * n + k] = d;
                distance[k * n + i] = d;
            }
        }
        let mut search = Search {
            cells,
            n,
            distance,
            nearest: Vec::new(),
            score: Score { min: u64::MAX, ties: 0 },
            old_a: vec![0; n],
            old_b: vec![0; n],
            new_a: vec![0; n],
            new_b: vec![0; n],
        };
        search.nearest = (0..n).map(|i| search.row_min(i)).collect();
        search.score = search.exact_score();
        search
    }

    fn row_min(&self, i: usize) -> u64 {
        (0..self.n).filter(|&k| k != i).map(|k| self.distance[i * self.n + k]).min().unwrap_or(u64::MAX)
    }

    /// The score from the nearest-neighbour distances: only rows at the
    /// minimum can be in a closest pair, and each pair is seen from both ends.
    fn exact_score(&self) -> Score {
        let min = self.nearest.iter().copied().min().unwrap_or(u64::MAX);
        let ends: usize = (0..self.n)
            .filter(|&i| self.nearest[i] == min)
            .map(|i| (0..self.n).filter(|&k| k != i && self.distance[i * self.n + k] == min).count())
            .sum();
        Score { min, ties: ends / 2 }
    }

    /// Proposes one swap that moves a row of a closest pair, and keeps it if
    /// the design gets strictly better.
    fn step(&mut self, rng: &mut SimRng) {
        let critical: Vec<usize> = (0..self.n).filter(|&i| self.nearest[i] == self.score.min).collect();
        let a = critical[rng.random_range(0..critical.len() as u64) as usize];
        let mut b = rng.random_range(0..self.n as u64 - 1) as usize;
        if b >= a {
            b += 1;
        }
        let f = rng.random_range(0..self.cells[a].len() as u64) as usize;
        if self.improves(a, b, f) {
            self.commit(a, b, f);
        }
    }

    /// Whether swapping the levels of rows `a` and `b` in column `f` makes the
    /// design strictly better; fills the scratch vectors for [`Search::commit`].
    ///
    /// Only pairs with `a` or `b` (but not the pair itself) change. The design
    /// improves when none of them falls below the current minimum and fewer of
    /// them sit at it than did: the ties drop, or, if none are left, the
    /// minimum grows.
    fn improves(&mut self, a: usize, b: usize, f: usize) -> bool {
        let n = self.n;
        let min = self.score.min;
        let (u, v) = (self.cells[a][f], self.cells[b][f]);
        let (mut lost, mut gained) = (0, 0);
        for k in (0..n).filter(|&k| k != a && k != b) {
            let w = self.cells[k][f];
            let (du, dv) = ((u.abs_diff(w) as u64).pow(2), (v.abs_diff(w) as u64).pow(2));
            let (oa, ob) = (self.distance[a * n + k], self.distance[b * n + k]);
            // Row a takes level v and row b level u; each old distance holds
            // its own column-f term, so neither subtraction can underflow.
            let (na, nb) = (oa + dv - du, ob + du - dv);
            if na < min || nb < min {
                return false;
            }
            lost += usize::from(oa == min) + usize::from(ob == min);
            gained += usize::from(na == min) + usize::from(nb == min);
            (self.old_a[k], self.old_b[k], self.new_a[k], self.new_b[k]) = (oa, ob, na, nb);
        }
        gained < lost
    }

    /// Applies the swap last found to improve by [`Search::improves`].
    fn commit(&mut self, a: usize, b: usize, f: usize) {
        let n = self.n;
        for k in (0..n).filter(|&k| k != a && k != b) {
            self.distance[a * n + k] = self.new_a[k];
            self.distance[k * n + a] = self.new_a[k];
            self.distance[b * n + k] = self.new_b[k];
            self.distance[k * n + b] = self.new_b[k];
        }
        let (u, v) = (self.cells[a][f], self.cells[b][f]);
        (self.cells[a][f], self.cells[b][f]) = (v, u);
        for k in (0..n).filter(|&k| k != a && k != b) {
            let (oa, ob, na, nb) = (self.old_a[k], self.old_b[k], self.new_a[k], self.new_b[k]);
            // A row whose nearest neighbour was a or b and moved away must look again.
            if (self.nearest[k] == oa && na > oa) || (self.nearest[k] == ob && nb > ob) {
                self.nearest[k] = self.row_min(k);
            } else {
                self.nearest[k] = self.nearest[k].min(na).min(nb);
            }
        }
        self.nearest[a] = self.row_min(a);
        self.nearest[b] = self.row_min(b);
        self.score = self.exact_score();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn is_permutation_of_cell_centres(column: &[f64], points: usize) -> bool {
        let mut cells: Vec<usize> = column
            .iter()
            .map(|&x| {
                let c = x * points as f64 - 0.5;
                assert!((c - c.round()).abs() < 1e-9 && x > 0.0 && x < 1.0, "{x} is not a cell centre");
                c.round() as usize
            })
            .collect();
        cells.sort_unstable();
        cells == (0..points).collect::<Vec<_>>()
    }

    fn column(design: &[Vec<f64>], f: usize) -> Vec<f64> {
        design.iter().map(|r| r[f]).collect()
    }

    #[test]
    fn full_factorial_lists_every_combination_last_factor_fastest() {
        assert_eq!(
            full_factorial(&[2, 3]),
            vec![vec![0, 0], vec![0, 1], vec![0, 2], vec![1, 0], vec![1, 1], vec![1, 2]]
        );
        let levels = [3, 1, 4, 2];
        let rows = full_factorial(&levels);
        assert_eq!(rows.len(), levels.iter().product::<usize>());
        assert!(rows.iter().all(|r| r.iter().zip(&levels).all(|(l, n)| l < n)));
        // Strictly increasing in lexicographic order: all distinct, and in the documented order.
        assert!(rows.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn full_factorial_edge_cases() {
        assert_eq!(full_factorial(&[]), vec![Vec::<usize>::new()]);
        assert!(full_factorial(&[3, 0, 2]).is_empty());
        assert_eq!(full_factorial(&[4]), vec![vec![0], vec![1], vec![2], vec![3]]);
        assert_eq!(full_factorial(&[1, 1]), vec![vec![0, 0]]);
    }

    #[test]
    fn latin_hypercube_columns_are_permutations_of_cell_centres() {
        for (points, factors) in [(1, 3), (2, 2), (10, 2), (17, 7), (100, 12)] {
            let design = latin_hypercube(points, factors, 7);
            assert_eq!(design.len(), points);
            assert!(design.iter().all(|r| r.len() == factors));
            for f in 0..factors {
                assert!(is_permutation_of_cell_centres(&column(&design, f), points), "{points}x{factors} column {f}");
            }
        }
        assert!(latin_hypercube(0, 3, 1).is_empty());
        assert_eq!(latin_hypercube(3, 0, 1), vec![Vec::<f64>::new(); 3]);
    }

    #[test]
    fn latin_hypercube_is_fixed_by_its_seed() {
        assert_eq!(latin_hypercube(30, 4, 42), latin_hypercube(30, 4, 42));
        assert_ne!(latin_hypercube(30, 4, 42), latin_hypercube(30, 4, 43));
    }

    #[test]
    fn maximin_beats_the_median_plain_latin_hypercube() {
        for (points, factors, seed) in [(10, 2, 1), (20, 3, 2), (50, 5, 3), (100, 10, 4)] {
            let maximin = min_distance(&latin_hypercube(points, factors, seed));
            let mut rng = stream(seed, 0, "lhs");
            let mut plain: Vec<f64> = (0..51)
                .map(|_| min_distance(&to_cell_centres(&random_cells(points, factors, &mut rng), points)))
                .collect();
            plain.sort_by(f64::total_cmp);
            let (median, best) = (plain[25], plain[50]);
            assert!(maximin > median, "{points}x{factors}: maximin {maximin} vs median {median}");
            assert!(maximin >= best, "{points}x{factors}: maximin {maximin} vs best of 51 plain {best}");
        }
    }

    #[test]
    fn the_swap_search_keeps_its_bookkeeping_exact() {
        let mut rng = stream(9, 0, "lhs");
        let mut search = Search::new(random_cells(25, 4, &mut rng));
        let start = search.score;
        for _ in 0..500 {
            search.step(&mut rng);
        }
        let fresh = Search::new(search.cells.clone());
        assert_eq!(search.distance, fresh.distance);
        assert_eq!(search.nearest, fresh.nearest);
        assert_eq!(search.score, fresh.score);
        assert_eq!(search.score, score(&search.cells));
        assert!(search.score.better_than(start), "{start:?} -> {:?}", search.score);
    }

    #[test]
    fn the_largest_supported_latin_hypercube_is_latin() {
        let design = latin_hypercube(1000, 50, 5);
        assert_eq!(design.len(), 1000);
        for f in 0..50 {
            assert!(is_permutation_of_cell_centres(&column(&design, f), 1000));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn latin_hypercubes_are_latin(points in 0usize..40, factors in 0usize..6, seed in any::<u64>()) {
            let design = latin_hypercube(points, factors, seed);
            prop_assert_eq!(design.len(), points);
            for f in 0..factors {
                prop_assert!(is_permutation_of_cell_centres(&column(&design, f), points));
            }
        }
    }

    #[test]
    fn nolh_picks_the_smallest_table_with_enough_columns() {
        for (factors, runs) in
            [(1, 17), (7, 17), (8, 33), (11, 33), (12, 65), (16, 65), (17, 129), (22, 129), (23, 257), (29, 257)]
        {
            let design = nolh(factors).expect("a published table");
            assert_eq!(design.len(), runs, "{factors} factors");
            assert!(design.iter().all(|r| r.len() == factors));
        }
    }

    #[test]
    fn nolh_refuses_what_no_table_covers() {
        let error = nolh(30).unwrap_err();
        assert_eq!(error, DesignError::TooManyFactors { factors: 30, max: 29 });
        let message = error.to_string();
        assert!(message.contains("at most 29") && message.contains("30"), "{message}");
        assert_eq!(nolh(0), Err(DesignError::NoFactors));
    }

    #[test]
    fn nolh_tables_have_the_published_properties() {
        for table in &NOLH_TABLES {
            let levels = table.levels();
            let half = table.runs.div_ceil(2);
            for f in 0..table.columns {
                let mut col: Vec<usize> = levels.iter().map(|r| r[f]).collect();
                col.sort_unstable();
                assert_eq!(col, (1..=table.runs).collect::<Vec<_>>(), "{}x{} column {f}", table.runs, table.columns);
            }
            // Centre run, and each run of the second half mirrors one of the
            // first: the fold-over that makes first-order effects orthogonal
            // to quadratic ones (Cioppa & Lucas 2007).
            assert!(levels[half - 1].iter().all(|&l| l == half));
            for i in 0..half - 1 {
                assert!(levels[i].iter().zip(&levels[i + half]).all(|(x, y)| x + y == table.runs + 1));
            }
            let design = nolh(table.columns).expect("a published table");
            let r = max_abs_correlation(&design);
            assert!(r <= 0.03, "{}x{}: max |r| = {r}", table.runs, table.columns);
            for f in 0..table.columns {
                let unit = column(&design, f);
                assert!(unit.iter().all(|&x| (0.0..=1.0).contains(&x)));
                assert!(unit.contains(&0.0) && unit.contains(&1.0));
            }
        }
        // Cioppa & Lucas's 17-run design is exactly orthogonal.
        assert!(max_abs_correlation(&nolh(7).expect("a published table")) < 1e-12);
    }

    #[test]
    fn nolh_entries_match_the_source() {
        // First, centre and last runs as printed in the SEED Center tables
        // (datafarming gem's nolh_designs.rb and pycubedoe 0.1.7 agree).
        let t17 = NOLH_TABLES[0].levels();
        assert_eq!(t17[0], [6, 17, 14, 7, 5, 16, 10]);
        assert_eq!(t17[16], [8, 3, 5, 2, 4, 7, 6]);
        let t33 = NOLH_TABLES[1].levels();
        assert_eq!(t33[0], [33, 4, 15, 7, 29, 21, 23, 16, 33, 23, 20]);
        let t65 = NOLH_TABLES[2].levels();
        assert_eq!(t65[64], [9, 23, 5, 10, 19, 24, 7, 22, 23, 26, 12, 16, 25, 31, 15, 3]);
        let t129 = NOLH_TABLES[3].levels();
        assert_eq!(t129[0][..6], [32, 58, 51, 59, 44, 89]);
        let t257 = NOLH_TABLES[4].levels();
        assert_eq!(t257[0][..6], [103, 227, 153, 158, 162, 231]);
        assert_eq!(t257[256][28], 256);
        // Scaling: level 6 of 17 is (6 - 1) / 16.
        assert_eq!(nolh(1).expect("a published table")[0], [5.0 / 16.0]);
    }

    #[test]
    fn measures_on_known_designs() {
        let square = vec![vec![0.0, 0.0], vec![0.0, 1.0], vec![1.0, 0.0], vec![1.0, 1.0]];
        assert_eq!(min_distance(&square), 1.0);
        assert_eq!(max_abs_correlation(&square), 0.0);
        let diagonal = vec![vec![0.0, 1.0], vec![0.5, 0.5], vec![1.0, 0.0]];
        assert!((max_abs_correlation(&diagonal) - 1.0).abs() < 1e-12);
        assert!((min_distance(&diagonal) - 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(min_distance(&[vec![0.3]]), f64::INFINITY);
        assert_eq!(max_abs_correlation(&[vec![1.0, 2.0], vec![1.0, 3.0]]), 0.0);
    }
}
