//! Named areas the analysis refers to: the Black Sea shipping corridor (and,
//! with the air and sea war, the no-fly zone).

use super::grid::Raster;
use super::map::Map;
use super::projection::{self, LatLon};
use super::rasterize;

/// The Black Sea shipping corridor Ukraine has used since August 2023, from
/// the Odesa ports south along the Romanian and Bulgarian coasts to the
/// Bosporus. ASSUMPTION: a centre line through the waypoints reported for the
/// corridor (off Odesa, the Danube mouths, Constanța, Varna, the Bosporus);
/// no official route is public.
pub const BLACK_SEA_CORRIDOR: &[(f64, f64)] = &[
    (46.40, 30.85),
    (45.90, 30.45),
    (45.20, 29.95),
    (44.50, 29.25),
    (43.80, 28.85),
    (43.10, 28.30),
    (42.30, 28.20),
    (41.60, 28.80),
    (41.25, 29.12),
];

/// ASSUMPTION: the corridor's half-width, km (territorial waters are 12
/// nautical miles, 22 km; ships keep within a few tens of km of the coast).
pub const CORRIDOR_HALF_WIDTH_KM: f64 = 20.0;

/// The sea cells within the corridor's half-width of its centre line.
pub fn corridor_cells(map: &Map) -> Raster<bool> {
    let line: Vec<_> = BLACK_SEA_CORRIDOR.iter().map(|&(lat, lon)| projection::forward(LatLon { lat, lon })).collect();
    let dist = rasterize::distance_km(map.grid, &line);
    Raster {
        grid: map.grid,
        data: dist
            .data
            .iter()
            .zip(&map.land.data)
            .map(|(d, land)| !*land && f64::from(*d) <= CORRIDOR_HALF_WIDTH_KM)
            .collect(),
    }
}
