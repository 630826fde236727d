//! Target altitude bands: the height above ground a coverage map is drawn for,
//! the threat class whose engagement envelopes apply there, and the radar
//! cross-section sensors must see.

use serde::Serialize;

use crate::config::catalog::ThreatClass;

/// One altitude band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Short name for files and titles ("50m", "3km").
    pub name: String,
    /// Target height above ground, m.
    pub height_m: f64,
    /// The threat class whose envelopes and Pk apply.
    pub class: ThreatClass,
    /// Target radar cross-section, m², for detection ranges.
    pub rcs_m2: f64,
}

/// Typical radar cross-section of a class, m². ASSUMPTION (no public figures,
/// domain_facts.md §5c and §8): the values used for the catalogue's threats —
/// Shahed and Kalibr 0.1, Kh-22 1, Su-35 5 m².
pub fn default_rcs_m2(class: ThreatClass) -> f64 {
    match class {
        ThreatClass::Drone | ThreatClass::Cruise => 0.1,
        ThreatClass::Ballistic => 0.5,
        ThreatClass::Aircraft => 5.0,
    }
}

/// The class a band implies when none is given: cruise missiles fly low,
/// drones at a few hundred metres, aircraft above.
pub fn default_class(height_m: f64) -> ThreatClass {
    if height_m <= 200.0 {
        ThreatClass::Cruise
    } else if height_m <= 2000.0 {
        ThreatClass::Drone
    } else {
        ThreatClass::Aircraft
    }
}

fn name_for(height_m: f64) -> String {
    if height_m >= 1000.0 && (height_m / 1000.0).fract() == 0.0 {
        format!("{}km", height_m / 1000.0)
    } else {
        format!("{height_m}m")
    }
}

impl Band {
    /// A band at `height_m` against `class`, with the class's RCS.
    pub fn new(height_m: f64, class: ThreatClass) -> Self {
        Self { name: name_for(height_m), height_m, class, rcs_m2: default_rcs_m2(class) }
    }

    /// The four: 50 m (cruise missiles), 500 m (drones), 3 km and
    /// 10 km (aircraft).
    pub fn defaults() -> Vec<Band> {
        vec![
            Band::new(50.0, ThreatClass::Cruise),
            Band::new(500.0, ThreatClass::Drone),
            Band::new(3000.0, ThreatClass::Aircraft),
            Band::new(10_000.0, ThreatClass::Aircraft),
        ]
    }

    /// Parses `HEIGHT[:CLASS[:RCS]]`: `50`, `500:drone`, `10000:ballistic:0.5`.
    pub fn parse(spec: &str) -> Result<Band, String> {
        let mut parts = spec.split(':');
        let h = parts.next().unwrap_or("").trim();
        let height_m: f64 = h.trim_end_matches('m').parse().map_err(|_| {
            format!("band {spec:?}: `{h}` is not a height in metres (write e.g. 50, 500:drone, 10000:aircraft)")
        })?;
        if !height_m.is_finite() || height_m <= 0.0 {
            return Err(format!("band {spec:?}: the height must be above ground (more than 0 m), not {h}"));
        }
        if height_m > 30_000.0 {
            return Err(format!("band {spec:?}: {height_m} m is above any air-breathing threat (at most 30000 m)"));
        }
        let class = match parts.next().map(|c| c.trim().to_lowercase()) {
            None => default_class(height_m),
            Some(c) => match c.as_str() {
                "drone" => ThreatClass::Drone,
                "cruise" => ThreatClass::Cruise,
                "ballistic" => ThreatClass::Ballistic,
                "aircraft" => ThreatClass::Aircraft,
                other => {
                    return Err(format!(
                        "band {spec:?}: unknown threat class `{other}`; use drone, cruise, ballistic or aircraft"
                    ));
                }
            },
        };
        let mut band = Band::new(height_m, class);
        if let Some(r) = parts.next() {
            let rcs: f64 =
                r.trim().parse().map_err(|_| format!("band {spec:?}: `{r}` is not a radar cross-section in m²"))?;
            if !(rcs.is_finite() && rcs > 0.0) {
                return Err(format!("band {spec:?}: the radar cross-section must be a positive number of m², not {r}"));
            }
            band.rcs_m2 = rcs;
        }
        if parts.next().is_some() {
            return Err(format!("band {spec:?}: expected HEIGHT[:CLASS[:RCS]]"));
        }
        Ok(band)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_band_specs_and_refuses_bad_ones() {
        assert_eq!(Band::parse("50").unwrap(), Band::new(50.0, ThreatClass::Cruise));
        assert_eq!(Band::parse("500:drone").unwrap().name, "500m");
        assert_eq!(Band::parse("3000").unwrap().name, "3km");
        assert_eq!(Band::parse("10000:ballistic:0.3").unwrap().rcs_m2, 0.3);
        assert!(Band::parse("-10").unwrap_err().contains("above ground"));
        assert!(Band::parse("0").unwrap_err().contains("above ground"));
        assert!(Band::parse("50:tank").unwrap_err().contains("unknown threat class"));
        assert!(Band::parse("abc").unwrap_err().contains("not a height"));
        assert!(Band::parse("50:drone:-1").unwrap_err().contains("positive"));
    }
}
