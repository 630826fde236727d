//! politics: each nation's domestic support for its contingent.
//!
//! Support falls with the logarithm of the nation's own killed (Mueller
//! 1973; support = a - b log10(casualties), domain_facts 6c) and rises with
//! success (breaches repelled or answered: Gelpi, Feaver and Reifler 2009 find
//! that expected success, more than casualties, sets tolerance). Below its
//! threshold a contingent withdraws: its units stand down, coalition cohesion
//! falls, and so does Russia's belief in the coalition's resolve.

use crate::config::deterrence::NationPoliticsFile;

/// Support after `killed` of the nation's soldiers and `successes` of the
/// coalition, with casualty aversion scaled by `scale`.
pub fn support(p: &NationPoliticsFile, scale: f64, success_gain: f64, killed: f64, successes: f64) -> f64 {
    (p.support - p.casualty_aversion * scale * (1.0 + killed.max(0.0)).log10()
        + success_gain * successes.max(0.0).ln_1p())
    .clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_falls_with_the_log_of_casualties() {
        let p = NationPoliticsFile { support: 0.52, casualty_aversion: 0.1, ..NationPoliticsFile::default() };
        assert_eq!(support(&p, 1.0, 0.0, 0.0, 0.0), 0.52);
        // Each factor of ten in the killed costs the same: 9 -> 99 -> 999.
        let s = [9.0, 99.0, 999.0].map(|k| support(&p, 1.0, 0.0, k, 0.0));
        assert!((s[0] - 0.42).abs() < 1e-12 && (s[1] - 0.32).abs() < 1e-12 && (s[2] - 0.22).abs() < 1e-12);
        assert!(support(&p, 2.0, 0.0, 9.0, 0.0) < s[0], "more aversion, lower support");
        assert!(support(&p, 1.0, 0.02, 9.0, 5.0) > s[0], "success restores some");
    }
}
