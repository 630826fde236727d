//! Streaming statistics of a metric over replications: what a batch reports
//! for every metric without keeping the values, so memory does not grow with
//! the number of replications.
//!
//! Mean and standard deviation are exact (Welford's update, via the `average`
//! crate); the 95 % confidence interval of the mean uses Student's t with
//! n - 1 degrees of freedom. The 5th, 50th and 95th percentiles are P²
//! estimates (Jain and Chlamtac 1985), exact up to five values and within a
//! fraction of the spread beyond. Values are fed in replication order, so the
//! same replications always give the same bytes, however they were computed.

use average::{Estimate, Quantile, Variance};
use serde::Serialize;

/// Accumulates one metric.
#[derive(Debug, Clone)]
pub struct Accumulator {
    moments: Variance,
    p5: Quantile,
    p25: Quantile,
    p50: Quantile,
    p75: Quantile,
    p95: Quantile,
    min: f64,
    max: f64,
}

impl Default for Accumulator {
    fn default() -> Self {
        Self {
            moments: Variance::new(),
            p5: Quantile::new(0.05),
            p25: Quantile::new(0.25),
            p50: Quantile::new(0.5),
            p75: Quantile::new(0.75),
            p95: Quantile::new(0.95),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

/// What a batch reports of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Replications.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for one value).
    pub sd: f64,
    /// Lower end of the 95 % confidence interval of the mean.
    pub ci95_lo: f64,
    /// Upper end of the 95 % confidence interval of the mean.
    pub ci95_hi: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile (first quartile).
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile (third quartile).
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Column names of a summary, in the order of [`Summary::values`].
    pub const COLUMNS: [&'static str; 12] =
        ["n", "mean", "sd", "ci95_lo", "ci95_hi", "p5", "p25", "median", "p75", "p95", "min", "max"];

    /// A summary from values in the order of [`Summary::COLUMNS`].
    pub fn from_values(v: &[f64]) -> Option<Self> {
        let &[n, mean, sd, ci95_lo, ci95_hi, p5, p25, median, p75, p95, min, max] = v else { return None };
        Some(Self { n: n as u64, mean, sd, ci95_lo, ci95_hi, p5, p25, median, p75, p95, min, max })
    }

    /// The values in the order of [`Summary::COLUMNS`].
    pub fn values(&self) -> [f64; 12] {
        [
            self.n as f64,
            self.mean,
            self.sd,
            self.ci95_lo,
            self.ci95_hi,
            self.p5,
            self.p25,
            self.median,
            self.p75,
            self.p95,
            self.min,
            self.max,
        ]
    }

    /// Half the width of the confidence interval.
    pub fn ci95_half_width(&self) -> f64 {
        (self.ci95_hi - self.ci95_lo) / 2.0
    }
}

impl Accumulator {
    /// Adds one replication's value.
    pub fn add(&mut self, x: f64) {
        self.moments.add(x);
        self.p5.add(x);
        self.p25.add(x);
        self.p50.add(x);
        self.p75.add(x);
        self.p95.add(x);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Values added.
    pub fn len(&self) -> u64 {
        self.moments.len()
    }

    /// True before the first value.
    pub fn is_empty(&self) -> bool {
        self.moments.is_empty()
    }

    /// The summary so far (all zeros before the first value).
    pub fn summary(&self) -> Summary {
        let n = self.moments.len();
        if n == 0 {
            return Summary {
                n: 0,
                mean: 0.0,
                sd: 0.0,
                ci95_lo: 0.0,
                ci95_hi: 0.0,
                p5: 0.0,
                p25: 0.0,
                median: 0.0,
                p75: 0.0,
                p95: 0.0,
                min: 0.0,
                max: 0.0,
            };
        }
        let mean = self.moments.mean();
        let sd = if n > 1 { self.moments.sample_variance().max(0.0).sqrt() } else { 0.0 };
        let half = if n > 1 { t_975(n - 1) * sd / (n as f64).sqrt() } else { 0.0 };
        Summary {
            n,
            mean,
            sd,
            ci95_lo: mean - half,
            ci95_hi: mean + half,
            p5: self.p5.quantile(),
            p25: self.p25.quantile(),
            median: self.p50.quantile(),
            p75: self.p75.quantile(),
            p95: self.p95.quantile(),
            min: self.min,
            max: self.max,
        }
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom: the
/// multiplier of a two-sided 95 % interval. Exact table values up to 30
/// degrees of freedom, then the Cornish-Fisher expansion around the normal
/// quantile (error below 1e-4 beyond 30).
pub fn t_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let v = df as f64;
            let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
            z + (z3 + z) / (4.0 * v)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_interval_match_the_closed_forms() {
        let mut a = Accumulator::default();
        for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            a.add(x);
        }
        let s = a.summary();
        assert_eq!((s.n, s.mean, s.min, s.max), (8, 5.0, 2.0, 9.0));
        assert!((s.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        // t(0.975, 7) = 2.365.
        let half = 2.365 * s.sd / 8f64.sqrt();
        assert!((s.ci95_lo - (5.0 - half)).abs() < 1e-12 && (s.ci95_hi - (5.0 + half)).abs() < 1e-12);
        // P² estimates the median from five markers once it has five values.
        assert!((s.median - 4.5).abs() < 0.5, "{}", s.median);
    }

    #[test]
    fn t_quantiles_join_the_normal_smoothly() {
        assert_eq!(t_975(1), 12.706);
        assert_eq!(t_975(30), 2.042);
        // Published values: t(0.975, 40) = 2.021, 60 = 2.000, 120 = 1.980.
        for (df, t) in [(40, 2.021), (60, 2.000), (120, 1.980), (1_000_000, 1.960)] {
            assert!((t_975(df) - t).abs() < 6e-4, "{df}: {}", t_975(df));
        }
        assert!(t_975(31) < t_975(30) && t_975(31) > t_975(32));
    }

    #[test]
    fn percentiles_of_a_long_uniform_stream_are_close() {
        let mut a = Accumulator::default();
        // A fixed permutation of 0..10000 (multiplicative step coprime to n).
        for i in 0..10_000u64 {
            a.add(((i * 7919) % 10_000) as f64);
        }
        let s = a.summary();
        for (got, want) in [(s.p5, 500.0), (s.median, 5000.0), (s.p95, 9500.0)] {
            assert!((got - want).abs() < 100.0, "{got} vs {want}");
        }
    }

    #[test]
    fn one_value_has_no_spread_and_none_has_zeros() {
        let mut a = Accumulator::default();
        assert_eq!(a.summary().n, 0);
        a.add(3.0);
        let s = a.summary();
        assert_eq!((s.mean, s.sd, s.ci95_lo, s.ci95_hi, s.median), (3.0, 0.0, 3.0, 3.0, 3.0));
    }
}
