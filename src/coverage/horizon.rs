//! Radar horizon and detection range: the closed forms the viewshed must
//! reproduce on flat terrain.
//!
//! Radar waves bend with the atmosphere's refractive gradient; the standard
//! model replaces the Earth's radius by an effective radius k·R with k = 4/3,
//! after which rays are straight. Then the horizon distance for heights h1
//! and h2 above a smooth Earth is d = sqrt(2kR h1) + sqrt(2kR h2), which is
//! d_km ≈ 4.12 (sqrt(h1_m) + sqrt(h2_m)) (FS-1037C; domain_facts.md §5c).

/// Mean Earth radius, m.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;
/// Effective-Earth factor for radar propagation in the standard atmosphere.
pub const K_FACTOR: f64 = 4.0 / 3.0;
/// Effective Earth radius, m.
pub const EFFECTIVE_RADIUS_M: f64 = K_FACTOR * EARTH_RADIUS_M;

/// How far the surface of a k = 4/3 Earth drops below the tangent plane at
/// ground distance `d_m`, m.
pub fn curvature_drop_m(d_m: f64) -> f64 {
    d_m * d_m / (2.0 * EFFECTIVE_RADIUS_M)
}

/// The radar horizon between a sensor `h1_m` and a target `h2_m` above a
/// smooth Earth, km: sqrt(2kR h1) + sqrt(2kR h2).
pub fn horizon_km(h1_m: f64, h2_m: f64) -> f64 {
    ((2.0 * EFFECTIVE_RADIUS_M * h1_m.max(0.0)).sqrt() + (2.0 * EFFECTIVE_RADIUS_M * h2_m.max(0.0)).sqrt()) / 1000.0
}

/// Radar cross-section the catalogue's instrumented ranges refer to, m²: a
/// fighter-sized target (textbook 1-5 m², domain_facts.md §5c). ASSUMPTION:
/// the top of that band, as sources quote ranges against favourable targets.
pub const REFERENCE_RCS_M2: f64 = 5.0;

/// Detection range against a target of `rcs_m2`, given the range against the
/// reference target: R2 = R1 (σ2/σ1)^(1/4), from the radar range equation
/// (domain_facts.md §5c).
pub fn detection_range_km(reference_range_km: f64, rcs_m2: f64) -> f64 {
    reference_range_km * (rcs_m2 / REFERENCE_RCS_M2).powf(0.25)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizon_matches_the_published_rule_of_thumb_and_table() {
        for (h1, h2) in [(5.0, 30.0), (10.0, 100.0), (9000.0, 50.0), (18000.0, 10000.0)] {
            let rule = 4.12 * (f64::sqrt(h1) + f64::sqrt(h2));
            assert!((horizon_km(h1, h2) - rule).abs() / rule < 0.002, "{h1} {h2}");
        }
        // domain_facts.md §5c table: mast 10 m to a 100 m Shahed: 54 km; AWACS at 9 km to 1 km: 521 km.
        assert!((horizon_km(10.0, 100.0) - 54.0).abs() < 1.0);
        assert!((horizon_km(9000.0, 1000.0) - 521.0).abs() < 2.0);
    }

    #[test]
    fn detection_range_falls_with_the_fourth_root_of_rcs() {
        assert!((detection_range_km(100.0, 0.5) - 56.2).abs() < 0.1, "10x smaller RCS: 0.56x range");
        assert!((detection_range_km(100.0, 0.05) - 31.6).abs() < 0.1, "100x smaller RCS: 0.32x range");
        assert_eq!(detection_range_km(100.0, REFERENCE_RCS_M2), 100.0);
    }
}
