//! adversary: Russia's daily decision to breach the ceasefire or keep it.
//!
//! Each option k is weighed as
//!
//! U_k = (1 - sincerity) G_k p_s - p_d A_k V_k r - L_k (1 - p_s) - N_k
//!
//! with G_k the gain of success, p_s and p_d Russia's estimates of success and
//! of detection, A_k the chance a detected breach is attributed, V_k the
//! severity of the rung the coalition's rules of engagement promise for it,
//! r Russia's belief in the coalition's resolve (will it do what it says),
//! L_k the cost of failure and N_k the cost of harming a neutral force.
//! Keeping the ceasefire is worth `restraint`. The choice is a logit (quantal
//! response): P(k) ∝ exp(λ U_k). A breach that would have been chosen
//! without the expected response, on the same random draw, but was not, is
//! counted as deterred.
//!
//! Beliefs: p_d and p_s are Beta estimates whose prior mean comes from what
//! Russia can see (the coalition's sensors on station, the force ratio at the
//! line) with `belief_weight` pseudo-observations, updated by each outcome;
//! r moves at `learning_rate` towards what each attributed breach showed:
//! the severity of the rung used over the severity the doctrine promised
//! (1 for a full answer, less for a capped one, 0 for none), and falls with
//! cohesion when a contingent withdraws.

/// What Russia weighs for one option.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighing {
    /// Gain of success.
    pub gain: f64,
    /// Estimated probability of success.
    pub p_success: f64,
    /// Estimated probability of detection.
    pub p_detect: f64,
    /// Probability a detection is attributed.
    pub attribution: f64,
    /// Severity of the promised response.
    pub severity: f64,
    /// Cost of failure.
    pub losses: f64,
    /// Cost of harming a neutral force.
    pub neutral: f64,
}

impl Weighing {
    /// Expected utility with `sincerity` and believed `resolve`.
    pub fn utility(&self, sincerity: f64, resolve: f64) -> f64 {
        (1.0 - sincerity) * self.gain * self.p_success
            - self.p_detect * self.attribution * self.severity * resolve
            - self.losses * (1.0 - self.p_success)
            - self.neutral
    }

    /// The same without the coalition's response: what the option would be
    /// worth if nobody answered.
    pub fn utility_unanswered(&self, sincerity: f64) -> f64 {
        self.utility(sincerity, 0.0)
    }
}

/// Logit choice probabilities over "keep the ceasefire" (index 0, worth
/// `restraint`) and the options (1..), at `rationality`.
pub fn logit(restraint: f64, utilities: &[f64], rationality: f64) -> Vec<f64> {
    let all: Vec<f64> = std::iter::once(restraint).chain(utilities.iter().copied()).map(|u| rationality * u).collect();
    let top = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = all.iter().map(|x| (x - top).exp()).collect();
    let total: f64 = w.iter().sum();
    w.iter().map(|x| x / total).collect()
}

/// The index picked by uniform draw `u` in [0, 1) from `probabilities`.
pub fn pick(probabilities: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, p) in probabilities.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    probabilities.len().saturating_sub(1)
}

/// A Beta estimate: prior mean with a weight, plus observed outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Outcomes that came true.
    pub hits: f64,
    /// Outcomes observed.
    pub seen: f64,
}

impl Tally {
    /// The posterior mean given a prior `mean` worth `weight` observations.
    pub fn estimate(&self, mean: f64, weight: f64) -> f64 {
        (mean.clamp(0.0, 1.0) * weight + self.hits) / (weight + self.seen)
    }

    /// Records one outcome.
    pub fn record(&mut self, came_true: bool) {
        self.seen += 1.0;
        if came_true {
            self.hits += 1.0;
        }
    }
}

/// Moves a belief towards an observation by exponential smoothing.
pub fn learn(belief: f64, observation: f64, rate: f64) -> f64 {
    (1.0 - rate) * belief + rate * observation.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> Weighing {
        Weighing {
            gain: 1.0,
            p_success: 0.8,
            p_detect: 0.9,
            attribution: 1.0,
            severity: 0.7,
            losses: 0.2,
            neutral: 0.0,
        }
    }

    #[test]
    fn sincerity_and_resolve_make_breaching_less_attractive() {
        let o = w();
        assert!(o.utility(0.8, 0.5) < o.utility(0.2, 0.5));
        assert!(o.utility(0.5, 0.9) < o.utility(0.5, 0.1));
        assert_eq!(o.utility_unanswered(0.5), o.utility(0.5, 0.0));
        // By hand: 0.5 * 1 * 0.8 - 0.9 * 1 * 0.7 * 0.5 - 0.2 * 0.2 = 0.4 - 0.315 - 0.04.
        assert!((o.utility(0.5, 0.5) - 0.045).abs() < 1e-12);
    }

    #[test]
    fn logit_is_a_distribution_that_sharpens_with_rationality() {
        let u = [0.5, -0.5];
        for lambda in [0.0, 1.0, 10.0] {
            let p = logit(0.0, &u, lambda);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert!(logit(0.0, &u, 0.0).iter().all(|p| (p - 1.0 / 3.0).abs() < 1e-12), "0: uniform");
        assert!(logit(0.0, &u, 50.0)[1] > 0.999, "large: the best option");
        // By hand: exp(0), exp(0.5), exp(-0.5) normalised.
        let p = logit(0.0, &u, 1.0);
        let z = 1.0 + 0.5f64.exp() + (-0.5f64).exp();
        assert!((p[1] - 0.5f64.exp() / z).abs() < 1e-12);
        assert_eq!(pick(&p, 0.0), 0);
        assert_eq!(pick(&p, 0.999_999), 2);
        assert!(logit(1.0, &u, 3.0)[0] > p[0], "a quiet day worth more: fewer breaches");
    }

    #[test]
    fn beliefs_move_with_what_is_seen() {
        let mut t = Tally::default();
        assert_eq!(t.estimate(0.9, 4.0), 0.9);
        for _ in 0..4 {
            t.record(false);
        }
        assert!((t.estimate(0.9, 4.0) - 0.45).abs() < 1e-12);
        assert!((learn(0.5, 0.0, 0.25) - 0.375).abs() < 1e-12);
        assert!((learn(0.5, 1.0, 0.25) - 0.625).abs() < 1e-12);
    }
}
