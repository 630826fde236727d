//! What a band's coverage means for what the force protects: shares of
//! population, of each class of infrastructure, of Ukraine-held territory and
//! of the Black Sea corridor covered by at least one and at least two layers,
//! and the largest gaps over Ukraine-held ground.

use serde::Serialize;

use super::layers::BandCoverage;
use crate::geo::grid::Raster;
use crate::geo::map::{Control, Map};
use crate::geo::places::PlaceKind;
use crate::geo::projection::{self, great_circle_km};

/// Coverage of one region by one product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// What is covered: `air_defense` (engagement) or `detection`.
    pub product: &'static str,
    /// The region: `population`, `ukraine_held_territory`, `black_sea_corridor`
    /// or an infrastructure kind.
    pub region: String,
    /// What the shares are shares of: people, km², or value weight.
    pub unit: &'static str,
    /// The region's total in that unit.
    pub total: f64,
    /// Share covered by at least one layer, 0 to 1.
    pub share_ge1: f64,
    /// Share covered by at least two layers, 0 to 1.
    pub share_ge2: f64,
    /// Weighted mean P(kill) (air defence only).
    pub mean_p_kill: Option<f64>,
}

/// A connected uncovered area over Ukraine-held ground.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Rank by area, from 1.
    pub rank: usize,
    /// Area, km².
    pub area_km2: f64,
    /// Centroid latitude.
    pub lat: f64,
    /// Centroid longitude.
    pub lon: f64,
    /// The city nearest the centroid.
    pub near: String,
    /// Population of the gazetteer's cities inside the gap.
    pub population: u64,
}

/// The statistics of one band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandStats {
    /// Shares by product and region.
    pub shares: Vec<Share>,
    /// The largest air-defence gaps over Ukraine-held ground, largest first.
    pub gaps: Vec<Gap>,
}

/// Regions that weight cells: (name, unit, weight per cell).
struct Region {
    name: String,
    unit: &'static str,
    weights: Vec<(usize, f64)>,
}

fn regions(map: &Map, corridor: &Raster<bool>) -> Vec<Region> {
    let cell_km2 = (map.grid.cell_m / 1000.0).powi(2);
    let held: Vec<(usize, f64)> =
        (0..map.grid.len()).filter(|&k| map.control.data[k] == Control::Ukraine).map(|k| (k, cell_km2)).collect();
    let corridor: Vec<(usize, f64)> =
        (0..map.grid.len()).filter(|&k| corridor.data[k]).map(|k| (k, cell_km2)).collect();
    let held_cell = |p: &crate::geo::places::Place| {
        let (c, r) = map.grid.cell_of(projection::forward(p.position))?;
        let k = map.grid.index(c, r);
        (map.control.data[k] == Control::Ukraine || (p.country == "UA" && !map.basemap.is_occupied(p.position)))
            .then_some(k)
    };
    let mut out = vec![Region {
        name: "population".into(),
        unit: "people",
        weights: map
            .places
            .places()
            .iter()
            .filter(|p| p.kind == PlaceKind::City)
            .filter_map(|p| Some((held_cell(p)?, p.population? as f64)))
            .collect(),
    }];
    out.push(Region { name: "ukraine_held_territory".into(), unit: "km2", weights: held });
    out.push(Region { name: "black_sea_corridor".into(), unit: "km2", weights: corridor });
    for kind in [
        PlaceKind::NuclearPlant,
        PlaceKind::ThermalPlant,
        PlaceKind::HydroPlant,
        PlaceKind::Port,
        PlaceKind::Airbase,
        PlaceKind::NavalBase,
        PlaceKind::LogisticsHub,
    ] {
        let weights: Vec<(usize, f64)> = map
            .places
            .places()
            .iter()
            .filter(|p| p.kind == kind && p.country == "UA")
            .filter_map(|p| Some((held_cell(p)?, p.value.unwrap_or(1.0).max(0.0))))
            .filter(|(_, w)| *w > 0.0)
            .collect();
        if !weights.is_empty() {
            let name = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
            out.push(Region { name, unit: "value", weights });
        }
    }
    out
}

fn share(product: &'static str, r: &Region, layers: &[u16], p_kill: Option<&dyn Fn(usize) -> f64>) -> Share {
    // fold from +0.0: an empty f64 sum is -0.0, which would print as "-0 %".
    let total = r.weights.iter().fold(0.0, |a, (_, w)| a + w);
    let by = |min: u16| r.weights.iter().filter(|(k, _)| layers[*k] >= min).fold(0.0, |a, (_, w)| a + w);
    let ratio = |x: f64| if total > 0.0 { x / total } else { 0.0 };
    Share {
        product,
        region: r.name.clone(),
        unit: r.unit,
        total,
        share_ge1: ratio(by(1)),
        share_ge2: ratio(by(2)),
        mean_p_kill: p_kill.map(|pk| ratio(r.weights.iter().fold(0.0, |a, (k, w)| a + w * pk(*k)))),
    }
}

/// Statistics of `cov` on `map`; `corridor` marks the corridor's cells.
pub fn band_stats(map: &Map, cov: &BandCoverage, corridor: &Raster<bool>, max_gaps: usize) -> BandStats {
    let mut shares = Vec::new();
    let pk = |k: usize| cov.p_kill(k);
    for r in regions(map, corridor) {
        shares.push(share("air_defense", &r, &cov.air_defense, Some(&pk)));
        shares.push(share("detection", &r, &cov.detection, None));
    }
    BandStats { shares, gaps: gaps(map, &cov.air_defense, max_gaps) }
}

/// Connected (4-neighbour) areas of Ukraine-held ground with no air-defence
/// layer, largest first.
pub fn gaps(map: &Map, layers: &[u16], max: usize) -> Vec<Gap> {
    let g = map.grid;
    let open = |k: usize| map.control.data[k] == Control::Ukraine && layers[k] == 0;
    // Label every open cell with its component.
    let mut label = vec![u32::MAX; g.len()];
    let mut parts: Vec<(usize, f64, f64)> = Vec::new(); // (cells, sum x, sum y)
    let mut stack = Vec::new();
    for start in 0..g.len() {
        if label[start] != u32::MAX || !open(start) {
            continue;
        }
        let id = parts.len() as u32;
        label[start] = id;
        stack.push(start);
        let (mut n, mut sx, mut sy) = (0usize, 0.0, 0.0);
        while let Some(k) = stack.pop() {
            let (c, r) = (k % g.width, k / g.width);
            let p = g.center(c, r);
            n += 1;
            sx += p.x;
            sy += p.y;
            let neighbours = [
                (c > 0).then(|| k - 1),
                (c + 1 < g.width).then_some(k + 1),
                (r > 0).then(|| k - g.width),
                (r + 1 < g.height).then_some(k + g.width),
            ];
            for nk in neighbours.into_iter().flatten() {
                if label[nk] == u32::MAX && open(nk) {
                    label[nk] = id;
                    stack.push(nk);
                }
            }
        }
        parts.push((n, sx, sy));
    }
    let cities: Vec<_> = map.places.places().iter().filter(|p| p.kind == PlaceKind::City).collect();
    let mut population = vec![0u64; parts.len()];
    for c in &cities {
        if let Some((cc, rr)) = g.cell_of(projection::forward(c.position)) {
            let id = label[g.index(cc, rr)];
            if id != u32::MAX {
                population[id as usize] += c.population.unwrap_or(0);
            }
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest first; ties by position so the order is fixed.
    order.sort_by(|&a, &b| parts[b].0.cmp(&parts[a].0).then(parts[a].1.total_cmp(&parts[b].1)));
    let cell_km2 = (g.cell_m / 1000.0).powi(2);
    order
        .into_iter()
        .take(max)
        .enumerate()
        .map(|(rank, id)| {
            let (n, sx, sy) = parts[id];
            let centre = projection::inverse(projection::Xy { x: sx / n as f64, y: sy / n as f64 });
            let near = cities
                .iter()
                .min_by(|a, b| great_circle_km(centre, a.position).total_cmp(&great_circle_km(centre, b.position)))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            Gap {
                rank: rank + 1,
                area_km2: n as f64 * cell_km2,
                lat: centre.lat,
                lon: centre.lon,
                near,
                population: population[id],
            }
        })
        .collect()
}
