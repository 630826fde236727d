//! What covers the sky: the scenario's air-defence batteries, sensors and
//! warships, turned into observers for one band.
//!
//! A battery's radar decides what it sees; its engagement envelope for the
//! band's threat class decides what it can shoot (within the radar's sight).
//! Sensors only see. Units of nations that stay out, units of Russia and
//! third parties, and units off the map contribute nothing. Airborne sensors
//! and ships on patrol cover from their stations; fighters are left out of
//! this static picture (their CAP engages aircraft, which the simulation
//! models).

use serde::Serialize;

use super::bands::Band;
use super::horizon::detection_range_km;
use super::viewshed::Observer;
use crate::config::Scenario;
use crate::config::catalog::{Envelope, Platform, SystemType};
use crate::config::file::Side;
use crate::geo::map::Map;
use crate::geo::projection::{self, Xy};

/// What an observer contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    /// A weapon system: it sees and engages.
    AirDefense,
    /// A sensor: it only sees.
    Sensor,
}

/// An engagement capability in one band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Engagement {
    /// Minimum range, m.
    pub min_range_m: f64,
    /// Maximum range, m (within what the radar sees).
    pub max_range_m: f64,
    /// Single-shot kill probability.
    pub pk: f64,
    /// Shots per engagement.
    pub shots: u32,
}

/// Probability that at least one of `n` independent tries, each succeeding
/// with probability `p`, succeeds: 1 - (1 - p)^n. The shots of one
/// engagement, or one scan by several sensors.
pub fn at_least_one(p: f64, n: u32) -> f64 {
    1.0 - (1.0 - p).powi(n as i32)
}

impl Engagement {
    /// Probability that one engagement kills: 1 - (1 - Pk)^shots.
    pub fn p_kill(&self) -> f64 {
        at_least_one(self.pk, self.shots)
    }
}

/// One observer for one band.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Index of the unit in the scenario.
    pub unit: usize,
    /// Unit label.
    pub label: String,
    /// Catalogue type.
    pub type_name: String,
    /// Sensor or weapon.
    pub role: Role,
    /// Where it stands.
    pub xy: Xy,
    /// Its line of sight: cell, antenna height above sea, detection range.
    pub observer: Observer,
    /// Its engagement capability in this band, if any.
    pub engagement: Option<Engagement>,
}

/// The antenna height above sea level of a platform at `ground_m` m.
fn antenna_z(platform: Platform, ground_m: f64, height_m: f64) -> f64 {
    match platform {
        Platform::Ground => ground_m + height_m,
        Platform::Ship => height_m,
        Platform::Airborne => height_m.max(ground_m + 100.0),
    }
}

/// What an envelope set gives in `band` at `shots` per engagement: nothing
/// when the band's height is outside the envelope for its threat class.
pub fn engagement(
    envelopes: &crate::config::catalog::PerClass<Envelope>,
    band: &Band,
    shots: u32,
) -> Option<Engagement> {
    let e = envelopes.get(band.class)?;
    if band.height_m < e.min_altitude_m || band.height_m > e.max_altitude_m {
        return None;
    }
    Some(Engagement {
        min_range_m: e.min_range_km * 1000.0,
        max_range_m: e.max_range_km * 1000.0,
        pk: e.pk,
        shots: shots.max(1),
    })
}

/// The observers of `scenario` on `map` for `band`, in unit order.
pub fn sources(scenario: &Scenario, map: &Map, band: &Band) -> Vec<Source> {
    let mut out = Vec::new();
    for (i, u) in scenario.units.iter().enumerate() {
        let nation = &scenario.nations[usize::from(u.nation)];
        if !nation.participates || !matches!(nation.side, Side::Coalition | Side::Ukraine | Side::UnitedStates) {
            continue;
        }
        // A patrolling sensor or ship covers from its station (a ship from the
        // first point of its route), at the patrol's altitude.
        let patrol = scenario.air_war.patrols.iter().find(|p| p.unit == i);
        let xy = patrol.map_or(u.xy, |p| projection::forward(p.station));
        let Some((col, row)) = map.grid.cell_of(xy) else { continue };
        let ground = f64::from(*map.elevation.get(col, row));
        let (role, platform, height, radar_km, engage) = match &*u.system {
            SystemType::AirDefense(t) => (
                Role::AirDefense,
                Platform::Ground,
                t.antenna_height_m,
                t.radar_range_km,
                engagement(&t.engagement, band, t.shots_per_engagement),
            ),
            SystemType::Ship(t) => {
                let e = if t.interceptors > 0 { engagement(&t.engagement, band, 1) } else { None };
                (
                    if e.is_some() { Role::AirDefense } else { Role::Sensor },
                    Platform::Ship,
                    t.antenna_height_m,
                    t.radar_range_km,
                    e,
                )
            }
            SystemType::Sensor(t) => {
                let height = match (t.platform, patrol) {
                    (Platform::Airborne, Some(p)) => p.altitude_m,
                    _ => t.altitude_m,
                };
                (Role::Sensor, t.platform, height, t.radar_range_km, None)
            }
            _ => continue,
        };
        if radar_km <= 0.0 {
            continue;
        }
        let detect_m = detection_range_km(radar_km, band.rcs_m2) * 1000.0;
        let engage = engage
            .map(|e| Engagement { max_range_m: e.max_range_m.min(detect_m), ..e })
            .filter(|e| e.max_range_m > e.min_range_m);
        let role = if role == Role::AirDefense && engage.is_none() { Role::Sensor } else { role };
        out.push(Source {
            unit: i,
            label: u.id.clone(),
            type_name: u.type_name.clone(),
            role,
            xy,
            observer: Observer {
                col,
                row,
                z_m: antenna_z(platform, ground, height),
                min_range_m: 0.0,
                max_range_m: detect_m,
            },
            engagement: engage,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_shot_engagement_kills_with_the_complement_of_two_misses() {
        let e = Engagement { min_range_m: 0.0, max_range_m: 1.0, pk: 0.7, shots: 2 };
        assert!((e.p_kill() - 0.91).abs() < 1e-12);
    }
}
