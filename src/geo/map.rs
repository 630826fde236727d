//! The map: every base layer rasterised onto one grid — land and sea,
//! country, control, elevation and distance to the line of contact — plus
//! the vector layers and the gazetteer it was built from.
//!
//! A map is built once per scenario (or per `hedgehog map` call) and shared
//! read-only (`Arc<Map>`) by everything that runs on it.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::basemap::Basemap;
use super::grid::{Grid, Raster};
use super::places::{Gazetteer, PlaceKind};
use super::projection::{self, LatLon};
use super::raster_io::{Crs, GeoRaster};
use super::rasterize;
use super::terrain::Terrain;

/// The terrain seed used unless a scenario sets `map.terrain_seed`.
pub const DEFAULT_TERRAIN_SEED: u64 = 20_251_201;

/// What a map is built from.
#[derive(Debug, Clone)]
pub struct MapSpec {
    /// Cell size, km (1 to 20).
    pub resolution_km: f64,
    /// Seed of the synthetic terrain's noise.
    pub terrain_seed: u64,
    /// A user-supplied DEM replacing the synthetic terrain where it has data.
    pub dem: Option<Arc<Dem>>,
}

impl MapSpec {
    /// The default map at `resolution_km`.
    pub fn at(resolution_km: f64) -> Self {
        Self { resolution_km, terrain_seed: DEFAULT_TERRAIN_SEED, dem: None }
    }
}

/// A DEM read from a file.
#[derive(Debug, Clone)]
pub struct Dem {
    /// The file name as the user gave it.
    pub name: String,
    /// The raster.
    pub raster: GeoRaster,
}

impl Dem {
    /// The DEM's elevation at a point, if it has data there.
    pub fn sample(&self, p: LatLon) -> Option<f32> {
        match self.raster.crs {
            Crs::Geographic => self.raster.sample(p.lon, p.lat),
            Crs::Laea => {
                let xy = projection::forward(p);
                self.raster.sample(xy.x, xy.y)
            }
        }
    }

    /// True when any part of the DEM lies on `grid`.
    pub fn overlaps(&self, grid: &Grid) -> bool {
        let r = &self.raster;
        let (w, h) = (r.width.max(1) - 1, r.height.max(1) - 1);
        let steps = 16;
        (0..=steps).flat_map(|i| (0..=steps).map(move |j| (i, j))).any(|(i, j)| {
            let x = r.west + (0.5 + (w * i / steps) as f64) * r.dx;
            let y = r.north - (0.5 + (h * j / steps) as f64) * r.dy;
            let xy = match r.crs {
                Crs::Laea => projection::Xy { x, y },
                Crs::Geographic => projection::forward(LatLon { lat: y, lon: x }),
            };
            grid.contains(xy)
        })
    }
}

/// Who holds the ground of a land cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Control {
    /// Not a party's ground (sea, or a third country).
    #[default]
    None = 0,
    /// Held by Ukraine.
    Ukraine = 1,
    /// Held by Russia: occupied Ukraine, and Russia itself.
    Russia = 2,
}

impl Control {
    /// "UA", "RU" or `None`.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Control::None => None,
            Control::Ukraine => Some("UA"),
            Control::Russia => Some("RU"),
        }
    }
}

/// Where the elevation layer came from.
#[derive(Debug, Clone, PartialEq)]
pub enum ElevationSource {
    /// The synthetic terrain with this seed.
    Synthetic {
        /// Noise seed.
        seed: u64,
    },
    /// A DEM, with the share of land cells it covered (the rest synthetic).
    Dem {
        /// File name.
        name: String,
        /// Share of land cells with DEM data, 0 to 1.
        coverage: f64,
    },
}

/// All layers on one grid.
#[derive(Debug, Clone)]
pub struct Map {
    /// The grid.
    pub grid: Grid,
    /// True on land.
    pub land: Raster<bool>,
    /// Country index + 1 into `basemap.countries`, 0 for none (sea).
    pub country: Raster<u8>,
    /// Who holds each land cell.
    pub control: Raster<Control>,
    /// Elevation, m (0 at sea).
    pub elevation: Raster<f32>,
    /// Distance to the line of contact, km.
    pub contact_km: Raster<f32>,
    /// Where the elevation came from.
    pub elevation_source: ElevationSource,
    /// The vector layers.
    pub basemap: &'static Basemap,
    /// The named places.
    pub places: &'static Gazetteer,
}

/// Everything the map knows about one cell, as `hedgehog map query` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellInfo {
    /// Latitude asked about.
    pub lat: f64,
    /// Longitude asked about.
    pub lon: f64,
    /// Grid column.
    pub col: usize,
    /// Grid row (0 at the north).
    pub row: usize,
    /// Cell size, km.
    pub resolution_km: f64,
    /// Land (true) or sea.
    pub land: bool,
    /// ISO code of the country, by internationally recognised borders.
    pub country: Option<String>,
    /// "UA" (Ukraine-held), "RU" (Russian-held) or null.
    pub control: Option<&'static str>,
    /// Elevation, m.
    pub elevation_m: f64,
    /// Distance to the line of contact of 2025-12-01, km.
    pub distance_to_contact_km: f64,
    /// The nearest city in the gazetteer.
    pub nearest_city: Option<NearestCity>,
}

/// A city and how far it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearestCity {
    /// Name.
    pub name: String,
    /// Country code.
    pub country: String,
    /// Population, if known.
    pub population: Option<u64>,
    /// Distance, km.
    pub distance_km: f64,
}

/// A point that is not on the map.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{lat}°N {lon}°E is outside the map (which covers {bounds}); give a point in the region")]
pub struct OutsideMap {
    /// Latitude asked about.
    pub lat: f64,
    /// Longitude asked about.
    pub lon: f64,
    /// The map's extent in words.
    pub bounds: &'static str,
}

/// Centre lines of the straits that join the Black Sea to the Sea of Azov and
/// the Mediterranean, north to south (digitised from Natural Earth's
/// coastline; about 1 km accuracy). They are narrower than a coarse cell
/// (the Bosporus is 0.7 to 3.7 km wide), so sampling cell centres would close
/// them; cells on these lines are kept as sea at every resolution, so that
/// sea routes through them stay open.
pub const STRAITS: &[(&str, &[(f64, f64)])] = &[
    ("Kerch Strait", &[(45.45, 36.60), (45.38, 36.62), (45.30, 36.57), (45.22, 36.54), (45.12, 36.47)]),
    ("Bosporus", &[(41.23, 29.12), (41.18, 29.08), (41.12, 29.065), (41.08, 29.05), (41.04, 29.02), (41.00, 28.99)]),
    ("Dardanelles", &[(40.43, 26.70), (40.30, 26.58), (40.20, 26.42), (40.12, 26.37), (40.03, 26.21)]),
];

/// Turns the cells along each strait's centre line into sea.
fn keep_straits_open(land: &mut Raster<bool>, country: &mut Raster<u8>) {
    let g = land.grid;
    for (_, line) in STRAITS {
        let pts: Vec<_> = line.iter().map(|&(lat, lon)| projection::forward(LatLon { lat, lon })).collect();
        for w in pts.windows(2) {
            let steps = (w[0].distance(w[1]) / (g.cell_m / 4.0)).ceil().max(1.0) as usize;
            for k in 0..=steps {
                let t = k as f64 / steps as f64;
                let p = projection::Xy { x: w[0].x + t * (w[1].x - w[0].x), y: w[0].y + t * (w[1].y - w[0].y) };
                if let Some((c, r)) = g.cell_of(p) {
                    land.set(c, r, false);
                    country.set(c, r, 0);
                }
            }
        }
    }
}

impl Map {
    /// Builds every layer of the map described by `spec`.
    pub fn build(spec: &MapSpec) -> Map {
        let grid = Grid::default_map(spec.resolution_km);
        let basemap = Basemap::builtin();
        let mut land = Raster::filled(grid, false);
        rasterize::fill(&mut land, &basemap.land, true);
        let mut country = Raster::filled(grid, 0u8);
        for (i, c) in basemap.countries.iter().enumerate() {
            rasterize::fill(&mut country, &c.area, (i + 1) as u8);
        }
        // Land and country come from different Natural Earth layers; a cell is
        // land if either says so, so that no country cell is sea.
        for (l, c) in land.data.iter_mut().zip(&country.data) {
            *l |= *c != 0;
        }
        keep_straits_open(&mut land, &mut country);
        let mut occupied = Raster::filled(grid, false);
        rasterize::fill(&mut occupied, &basemap.occupied, true);
        let ru = basemap.countries.iter().position(|c| c.code == "RU").map(|i| (i + 1) as u8);
        let ua = basemap.countries.iter().position(|c| c.code == "UA").map(|i| (i + 1) as u8);
        let control_data = (0..grid.len())
            .map(|i| {
                if !land.data[i] {
                    Control::None
                } else if occupied.data[i] || Some(country.data[i]) == ru {
                    Control::Russia
                } else if Some(country.data[i]) == ua {
                    Control::Ukraine
                } else {
                    Control::None
                }
            })
            .collect();
        let control = Raster { grid, data: control_data };
        let terrain = Terrain::new(spec.terrain_seed);
        let mut elevation = terrain.raster(grid, &land);
        let elevation_source = match &spec.dem {
            None => ElevationSource::Synthetic { seed: spec.terrain_seed },
            Some(dem) => {
                let covered: Vec<Option<f32>> = (0..grid.len())
                    .into_par_iter()
                    .map(|i| {
                        if !land.data[i] {
                            return None;
                        }
                        dem.sample(projection::inverse(grid.center(i % grid.width, i / grid.width)))
                    })
                    .collect();
                let mut n = 0usize;
                for (e, c) in elevation.data.iter_mut().zip(&covered) {
                    if let Some(v) = c {
                        *e = *v;
                        n += 1;
                    }
                }
                let land_cells = land.data.iter().filter(|l| **l).count().max(1);
                ElevationSource::Dem { name: dem.name.clone(), coverage: n as f64 / land_cells as f64 }
            }
        };
        let contact_km = rasterize::distance_km(grid, &basemap.contact_line.xy);
        Map {
            grid,
            land,
            country,
            control,
            elevation,
            contact_km,
            elevation_source,
            basemap,
            places: Gazetteer::builtin(),
        }
    }

    /// The country code of a country raster value.
    pub fn country_code(&self, value: u8) -> Option<&str> {
        (value > 0).then(|| self.basemap.countries.get(usize::from(value) - 1).map(|c| c.code.as_str())).flatten()
    }

    /// What the map holds at a point.
    pub fn query(&self, p: LatLon) -> Result<CellInfo, OutsideMap> {
        let outside = OutsideMap { lat: p.lat, lon: p.lon, bounds: super::grid::EXTENT_TEXT };
        if !(p.lat.is_finite()
            && p.lon.is_finite()
            && (-90.0..=90.0).contains(&p.lat)
            && (-180.0..=180.0).contains(&p.lon))
        {
            return Err(outside);
        }
        let (col, row) = self.grid.cell_of(projection::forward(p)).ok_or(outside)?;
        let i = self.grid.index(col, row);
        let nearest_city = self
            .places
            .places()
            .iter()
            .filter(|c| c.kind == PlaceKind::City)
            .map(|c| (projection::great_circle_km(p, c.position), c))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(d, c)| NearestCity {
                name: c.name.clone(),
                country: c.country.clone(),
                population: c.population,
                distance_km: (d * 10.0).round() / 10.0,
            });
        Ok(CellInfo {
            lat: p.lat,
            lon: p.lon,
            col,
            row,
            resolution_km: self.grid.cell_m / 1000.0,
            land: self.land.data[i],
            country: self.country_code(self.country.data[i]).map(String::from),
            control: self.control.data[i].code(),
            elevation_m: (f64::from(self.elevation.data[i]) * 10.0).round() / 10.0,
            distance_to_contact_km: (f64::from(self.contact_km.data[i]) * 10.0).round() / 10.0,
            nearest_city,
        })
    }
}
