//! What the coalition's sensors and weapons see, prepared once per scenario
//! for the simulation: every ground-fixed radar's line-of-sight window in each
//! altitude band, patrol aircraft's windows at their stations, and the
//! air-defence layers Russia's planners route around.
//!
//! Ships move, and at sea nothing but the horizon blocks a radar, so their
//! sight is the closed-form horizon rather than a window.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::bands::Band;
use super::horizon::{detection_range_km, horizon_km};
use super::layers::BandCoverage;
use super::viewshed::{Observer, Window, r2};
use crate::config::Scenario;
use crate::config::catalog::{AirDefenseRole, Platform, SystemType, ThreatClass};
use crate::config::file::Side;
use crate::geo::map::Map;
use crate::geo::projection::{self, Xy};

/// Target heights above ground of the sight bands, m. A threat at height h
/// uses the highest band not above it (the lowest band below 50 m).
pub const SIGHT_BANDS_M: [f64; 4] = [50.0, 500.0, 3000.0, 10_000.0];

/// The sight band index for a target `h_m` above ground.
pub fn band_index(h_m: f64) -> usize {
    SIGHT_BANDS_M.iter().rposition(|b| *b <= h_m).unwrap_or(0)
}

/// How a platform's line of sight is known.
#[derive(Debug, Clone)]
pub enum Sight {
    /// Windows per sight band, computed over the terrain.
    Windows(Vec<Window>),
    /// Over the sea: the radar horizon from this antenna height above the
    /// surface, m.
    Horizon(f64),
}

/// One platform that can see (and perhaps shoot).
#[derive(Debug, Clone)]
pub struct Eye {
    /// Its unit.
    pub unit: usize,
    /// Where it looks from (for patrols, their station).
    pub xy: Xy,
    /// Its line of sight.
    pub sight: Sight,
    /// Instrumented radar range against the reference target, m.
    pub radar_range_m: f64,
    /// Whether it is a patrol's station (present only while on station).
    pub patrol: Option<usize>,
}

impl Eye {
    /// True when this platform's radar could see a target at `p`, `h_m` above
    /// ground, of radar cross-section `rcs_m2` (line of sight and range).
    pub fn sees(&self, map: &Map, p: Xy, cell: Option<(usize, usize)>, h_m: f64, rcs_m2: f64, from: Xy) -> bool {
        let d = from.distance(p);
        if d > detection_range_km(self.radar_range_m / 1000.0, rcs_m2) * 1000.0 {
            return false;
        }
        match &self.sight {
            Sight::Windows(w) => cell.is_some_and(|(c, r)| w[band_index(h_m)].get(c, r)),
            Sight::Horizon(antenna) => {
                let ground = cell.map_or(0.0, |(c, r)| f64::from(*map.elevation.get(c, r)));
                d <= horizon_km(*antenna, h_m + ground) * 1000.0
            }
        }
    }
}

/// The prepared sky of one scenario.
#[derive(Debug, Clone, Default)]
pub struct SkyPicture {
    /// Every platform that sees, in unit order (patrols by patrol order).
    pub eyes: Vec<Eye>,
    /// Air-defence layers per threat class for route planning (ballistic
    /// missiles do not route around).
    pub exposure: BTreeMap<ThreatClass, Vec<u16>>,
}

fn blue(scenario: &Scenario, unit: usize) -> bool {
    let u = &scenario.units[unit];
    let n = &scenario.nations[usize::from(u.nation)];
    n.participates && matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates)
}

/// (unit, where, antenna height above sea or `None` for ships, radar range m,
/// patrol).
type EyeSpec = (usize, Xy, Option<f64>, f64, Option<usize>);

impl SkyPicture {
    /// Prepares the sky of `scenario` on `map`.
    pub fn build(scenario: &Scenario, map: &Map) -> Self {
        let patrol_of: BTreeMap<usize, usize> =
            scenario.air_war.patrols.iter().enumerate().map(|(i, p)| (p.unit, i)).collect();
        // (unit, where, antenna z above sea or None for ships, radar range, patrol)
        let mut specs: Vec<EyeSpec> = Vec::new();
        for (i, u) in scenario.units.iter().enumerate() {
            if !blue(scenario, i) {
                continue;
            }
            let patrol = patrol_of.get(&i).copied();
            let (xy, alt_override) = match patrol {
                Some(pi) => {
                    let p = &scenario.air_war.patrols[pi];
                    (projection::forward(p.station), Some(p.altitude_m))
                }
                None => (u.xy, None),
            };
            let ground = |xy: Xy| map.grid.cell_of(xy).map_or(0.0, |(c, r)| f64::from(*map.elevation.get(c, r)));
            let (z, range_km) = match &*u.system {
                SystemType::AirDefense(t) => (Some(ground(xy) + t.antenna_height_m), t.radar_range_km),
                SystemType::Sensor(t) => match t.platform {
                    Platform::Ground => (Some(ground(xy) + t.altitude_m), t.radar_range_km),
                    Platform::Airborne => {
                        (Some(alt_override.unwrap_or(t.altitude_m).max(ground(xy) + 100.0)), t.radar_range_km)
                    }
                    Platform::Ship => (None, t.radar_range_km),
                },
                SystemType::Ship(t) => (None, t.radar_range_km),
                SystemType::Aircraft(t) if patrol.is_some() => (alt_override, t.radar_range_km),
                _ => continue,
            };
            // Off the map (the RQ-4 at Sigonella) a platform sees nothing here.
            if range_km <= 0.0 || map.grid.cell_of(xy).is_none() {
                continue;
            }
            specs.push((i, xy, z, range_km * 1000.0, patrol));
        }
        let eyes: Vec<Eye> = specs
            .par_iter()
            .map(|&(unit, xy, z, range_m, patrol)| {
                let sight = match z {
                    Some(z_m) => {
                        let (col, row) = map.grid.cell_of(xy).unwrap_or((0, 0));
                        let o = Observer { col, row, z_m, min_range_m: 0.0, max_range_m: range_m };
                        Sight::Windows(SIGHT_BANDS_M.iter().map(|h| r2(&map.elevation, &o, *h)).collect())
                    }
                    None => Sight::Horizon(match &*scenario.units[unit].system {
                        SystemType::Ship(t) => t.antenna_height_m,
                        SystemType::Sensor(t) => t.altitude_m,
                        _ => 20.0,
                    }),
                };
                Eye { unit, xy, sight, radar_range_m: range_m, patrol }
            })
            .collect();
        let mut exposure = BTreeMap::new();
        for (class, height) in
            [(ThreatClass::Cruise, 50.0), (ThreatClass::Drone, 500.0), (ThreatClass::Aircraft, 3000.0)]
        {
            let band = Band::new(height, class);
            // Russia routes around the defences it can locate: area SAM sites
            // and warships. Guns and mobile fire groups move and are not
            // avoided (ASSUMPTION).
            let known = |unit: usize| !matches!(&*scenario.units[unit].system, SystemType::AirDefense(t) if t.role == AirDefenseRole::Point);
            let sources: Vec<_> =
                super::sources::sources(scenario, map, &band).into_iter().filter(|s| known(s.unit)).collect();
            exposure.insert(class, BandCoverage::compute(&map.elevation, band, sources).air_defense);
        }
        Self { eyes, exposure }
    }
}
