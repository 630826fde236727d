//! Synthetic terrain: real relief in outline, seeded noise in detail.
//!
//! No DEM ships with Hedgehog (a 1 km DEM of the region is tens of megabytes),
//! so elevation is modelled: a base surface made of the region's real
//! mountain ranges, uplands and lowlands at their real places and heights,
//! plus fractal Perlin noise (the `noise` crate, seeded, so the same seed
//! gives the same terrain) whose amplitude grows with the relief, so plains
//! stay flat and mountains are rough. Sea is 0 m. Users who need real
//! elevation pass a DEM (`map: (dem: "file.tif")`), which replaces this.
//!
//! Heights are the ranges' documented summits and typical crest or plateau
//! levels, from the Wikipedia article on each feature (cited per entry); the
//! shapes (crest lines, extents) are a coarse digitisation and an assumption.

use noise::{Fbm, MultiFractal, NoiseFn, Perlin, RidgedMulti};
use rayon::prelude::*;

use super::grid::{Grid, Raster};
use super::projection::{self, LatLon, Xy};

/// A mountain range: a crest line whose height varies along it.
struct Ridge {
    /// Crest vertices: latitude, longitude, crest height above sea level (m).
    crest: &'static [(f64, f64, f64)],
    /// Distance from the crest at which the range has fallen to 1/e of its height, km.
    half_width_km: f64,
}

/// An upland or lowland: an elliptical rise (or dip) above the surrounding plain.
struct Blob {
    /// Centre latitude and longitude.
    centre: (f64, f64),
    /// Semi-axes east-west and north-south, km.
    radii_km: (f64, f64),
    /// Height above (or below, if negative) the plain at the centre, m.
    height_m: f64,
}

/// The level of the East European Plain away from any named feature, m
/// (its mean elevation is about 170 m; Wikipedia, "East European Plain").
const PLAIN_M: f64 = 160.0;

/// Mountain ranges. Summits: Hoverla 2,061 m (Ukrainian Carpathians),
/// Pietrosul Rodnei 2,303 m, Moldoveanu 2,544 m (Southern Carpathians);
/// Roman-Kosh 1,545 m (Crimean Mountains); Elbrus 5,642 m, Kazbek 5,054 m
/// (Caucasus); Botev 2,376 m (Balkan Mountains); Kaçkar 3,937 m (Pontic
/// Mountains); Olympus 2,918 m (Greece): Wikipedia articles of those names.
const RIDGES: &[Ridge] = &[
    // Carpathians, from the Polish-Ukrainian Beskids round the arc to the Iron Gates.
    Ridge {
        crest: &[
            (49.45, 22.2, 1100.0),
            (49.0, 23.2, 1300.0),
            (48.45, 24.0, 1700.0),
            (48.16, 24.5, 2000.0),
            (47.6, 24.7, 2100.0),
            (47.0, 25.5, 1700.0),
            (46.3, 26.0, 1500.0),
            (45.6, 25.8, 1900.0),
            (45.6, 24.7, 2400.0),
            (45.4, 23.4, 2100.0),
            (45.1, 22.4, 1500.0),
        ],
        half_width_km: 38.0,
    },
    // Crimean Mountains, the main range along the south coast.
    Ridge {
        crest: &[(44.5, 33.7, 1000.0), (44.62, 34.2, 1450.0), (44.8, 34.7, 1100.0), (44.95, 35.2, 700.0)],
        half_width_km: 11.0,
    },
    // Greater Caucasus, from the Taman lowland to the Absheron peninsula.
    Ridge {
        crest: &[
            (44.85, 37.6, 400.0),
            (44.3, 39.1, 1800.0),
            (43.65, 40.8, 3300.0),
            (43.35, 42.45, 5000.0),
            (42.7, 44.5, 4300.0),
            (42.2, 46.3, 3500.0),
            (41.5, 48.2, 2500.0),
            (40.9, 49.3, 800.0),
        ],
        half_width_km: 40.0,
    },
    // Donets Ridge (highest point Mohyla Mechetna, 367 m).
    Ridge { crest: &[(48.55, 37.9, 300.0), (48.3, 38.8, 360.0), (48.15, 39.9, 300.0)], half_width_km: 35.0 },
    // Pontic Mountains along Türkiye's Black Sea coast.
    Ridge {
        crest: &[
            (41.4, 31.8, 1500.0),
            (41.1, 34.5, 1800.0),
            (40.75, 37.5, 2300.0),
            (40.8, 40.0, 3000.0),
            (40.85, 41.2, 3500.0),
            (41.0, 42.5, 2700.0),
        ],
        half_width_km: 45.0,
    },
    // Balkan Mountains.
    Ridge {
        crest: &[(43.4, 22.7, 1800.0), (42.72, 24.9, 2200.0), (42.8, 26.5, 1200.0), (42.8, 27.7, 500.0)],
        half_width_km: 25.0,
    },
    // Pindus and Olympus, Greece.
    Ridge {
        crest: &[(40.9, 20.8, 1800.0), (40.08, 22.36, 2600.0), (39.5, 21.6, 2000.0), (38.7, 22.0, 2000.0)],
        half_width_km: 35.0,
    },
];

/// Uplands and lowlands (heights relative to the plain).
const BLOBS: &[Blob] = &[
    // Podolian Upland, 300-400 m, highest point Kamula 471 m.
    Blob { centre: (49.3, 26.8), radii_km: (170.0, 90.0), height_m: 180.0 },
    // Volhynian Upland, 220-342 m.
    Blob { centre: (50.6, 25.2), radii_km: (110.0, 45.0), height_m: 110.0 },
    // Dnieper Upland, up to 323 m.
    Blob { centre: (48.9, 30.8), radii_km: (220.0, 110.0), height_m: 90.0 },
    // Azov Upland, up to 324 m.
    Blob { centre: (47.35, 37.0), radii_km: (80.0, 35.0), height_m: 110.0 },
    // Central Russian Upland, up to 293 m.
    Blob { centre: (52.0, 37.0), radii_km: (260.0, 220.0), height_m: 70.0 },
    // Volga Upland, up to 381 m.
    Blob { centre: (52.0, 45.5), radii_km: (150.0, 300.0), height_m: 120.0 },
    // Belarusian Ridge, up to 345 m (Dzyarzhynskaya Hara).
    Blob { centre: (53.8, 27.0), radii_km: (170.0, 50.0), height_m: 110.0 },
    // Polesia (Polesian Lowland), 100-200 m.
    Blob { centre: (51.8, 27.5), radii_km: (380.0, 110.0), height_m: -40.0 },
    // Dnieper Lowland (left bank), 100-150 m.
    Blob { centre: (49.9, 32.8), radii_km: (200.0, 90.0), height_m: -40.0 },
    // Black Sea Lowland, 0-150 m.
    Blob { centre: (46.9, 32.0), radii_km: (330.0, 90.0), height_m: -110.0 },
    // Kuban-Azov Lowland.
    Blob { centre: (45.8, 39.3), radii_km: (180.0, 90.0), height_m: -110.0 },
    // Caspian Depression, down to -28 m.
    Blob { centre: (47.0, 48.3), radii_km: (330.0, 250.0), height_m: -185.0 },
    // Lower Danube (Wallachian) Plain and the Danube delta.
    Blob { centre: (44.3, 26.3), radii_km: (260.0, 70.0), height_m: -90.0 },
    // Great Hungarian Plain, about 100 m.
    Blob { centre: (47.0, 20.5), radii_km: (180.0, 130.0), height_m: -70.0 },
    // Central Anatolian Plateau, about 1,000 m.
    Blob { centre: (39.2, 33.5), radii_km: (420.0, 170.0), height_m: 850.0 },
    // Armenian Highlands and the Lesser Caucasus, 1,500-2,500 m.
    Blob { centre: (40.2, 44.0), radii_km: (230.0, 150.0), height_m: 1500.0 },
    // Rhodopes, up to 2,191 m.
    Blob { centre: (41.7, 24.6), radii_km: (110.0, 50.0), height_m: 1200.0 },
    // Transylvanian Plateau inside the Carpathian arc, 300-500 m.
    Blob { centre: (46.6, 24.2), radii_km: (120.0, 90.0), height_m: 250.0 },
    // Valdai Hills, up to 346 m.
    Blob { centre: (57.0, 33.0), radii_km: (200.0, 120.0), height_m: 120.0 },
];

struct Feature {
    xy: Vec<Xy>,
    heights: Vec<f64>,
    half_width_m: f64,
}

fn ridges() -> Vec<Feature> {
    RIDGES
        .iter()
        .map(|r| Feature {
            xy: r.crest.iter().map(|&(lat, lon, _)| projection::forward(LatLon { lat, lon })).collect(),
            heights: r.crest.iter().map(|&(_, _, h)| h).collect(),
            half_width_m: r.half_width_km * 1000.0,
        })
        .collect()
}

/// The crest height of a ridge at the point of its crest nearest to `p`, and
/// the distance to it.
fn ridge_at(f: &Feature, p: Xy) -> (f64, f64) {
    let mut best = (f64::INFINITY, 0.0);
    for i in 0..f.xy.len() - 1 {
        let (a, b) = (f.xy[i], f.xy[i + 1]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 { (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
        let d = (p.x - (a.x + t * dx)).hypot(p.y - (a.y + t * dy));
        if d < best.0 {
            best = (d, f.heights[i] + t * (f.heights[i + 1] - f.heights[i]));
        }
    }
    best
}

/// The base (noise-free) surface at a point: the plain with its uplands and
/// lowlands, and the height of any mountain range above it, m.
fn base_parts(p: Xy, ridges: &[Feature], blobs: &[(Xy, f64, f64, f64)]) -> (f64, f64) {
    let mut h = PLAIN_M;
    for &(c, ax, ay, height) in blobs {
        let u = (p.x - c.x) / ax;
        let v = (p.y - c.y) / ay;
        h += height * (-(u * u + v * v)).exp();
    }
    // Ranges rise out of whatever surrounds them; overlapping ranges take the higher.
    let mut mountain: f64 = 0.0;
    for f in ridges {
        let (d, crest) = ridge_at(f, p);
        let k = d / f.half_width_m;
        mountain = mountain.max((crest - h).max(0.0) * (-(k * k)).exp());
    }
    (h, mountain)
}

/// The relief outline plus seeded noise.
pub struct Terrain {
    noise: Fbm<Perlin>,
    ridged: RidgedMulti<Perlin>,
    ridges: Vec<Feature>,
    blobs: Vec<(Xy, f64, f64, f64)>,
}

/// Wavelength of the noise's first octave, m.
const NOISE_WAVELENGTH_M: f64 = 60_000.0;

impl Terrain {
    /// The terrain of `seed`.
    pub fn new(seed: u64) -> Self {
        let blobs = BLOBS
            .iter()
            .map(|b| {
                let c = projection::forward(LatLon { lat: b.centre.0, lon: b.centre.1 });
                (c, b.radii_km.0 * 1000.0, b.radii_km.1 * 1000.0, b.height_m)
            })
            .collect();
        // The noise crate takes 32-bit seeds; fold the 64-bit one in.
        let seed32 = (seed ^ (seed >> 32)) as u32;
        Self {
            noise: Fbm::<Perlin>::new(seed32).set_octaves(7).set_persistence(0.5).set_lacunarity(2.0),
            ridged: RidgedMulti::<Perlin>::new(seed32.wrapping_add(1)).set_octaves(6),
            ridges: ridges(),
            blobs,
        }
    }

    /// Base (noise-free) elevation, m.
    pub fn base(&self, p: Xy) -> f64 {
        let (plain, mountain) = base_parts(p, &self.ridges, &self.blobs);
        plain + mountain
    }

    /// Elevation of a land point whose base surface is `plain` plus
    /// `mountain` m, at least 1 m above sea level except in the Caspian
    /// Depression. Mountains are carved into ridges and valleys (ridged
    /// multifractal noise); plains get gentle undulation (fractal noise).
    pub fn with_detail(&self, p: Xy, plain: f64, mountain: f64) -> f64 {
        let (u, v) = (p.x / NOISE_WAVELENGTH_M, p.y / NOISE_WAVELENGTH_M);
        // Ridged noise is about -1 to 1: keep 35 % to 115 % of the range's height.
        let carve = 0.75 + 0.4 * self.ridged.get([u * 2.5, v * 2.5]);
        let amplitude = 20.0 + 0.15 * (plain - PLAIN_M).abs() + 0.1 * mountain;
        let h = plain + mountain * carve + amplitude * self.noise.get([u, v]);
        if plain < 0.0 { h } else { h.max(1.0) }
    }

    /// Elevation at every cell of `grid`, m: sea (where `land` is false) is 0.
    /// The smooth base surface is computed on cells of at least 5 km and
    /// interpolated; the noise is evaluated at every cell.
    pub fn raster(&self, grid: Grid, land: &Raster<bool>) -> Raster<f32> {
        let base_grid = coarse_grid(grid, 5_000.0);
        let parts: Vec<(f64, f64)> = (0..base_grid.len())
            .into_par_iter()
            .map(|i| base_parts(base_grid.center(i % base_grid.width, i / base_grid.width), &self.ridges, &self.blobs))
            .collect();
        let plain = Raster { grid: base_grid, data: parts.iter().map(|p| p.0).collect() };
        let mountain = Raster { grid: base_grid, data: parts.iter().map(|p| p.1).collect() };
        let rows: Vec<Vec<f32>> = (0..grid.height)
            .into_par_iter()
            .map(|row| {
                (0..grid.width)
                    .map(|col| {
                        if !*land.get(col, row) {
                            return 0.0;
                        }
                        let p = grid.center(col, row);
                        self.with_detail(p, plain.bilinear(p), mountain.bilinear(p)) as f32
                    })
                    .collect()
            })
            .collect();
        Raster { grid, data: rows.concat() }
    }
}

/// A grid over the same area as `grid` with cells of at least `min_cell_m`,
/// one cell larger on every side so interpolation never runs off it.
fn coarse_grid(grid: Grid, min_cell_m: f64) -> Grid {
    let cell = grid.cell_m.max(min_cell_m);
    let width = ((grid.east() - grid.west) / cell).ceil() as usize + 2;
    let height = ((grid.north - grid.south()) / cell).ceil() as usize + 2;
    Grid { west: grid.west - cell, north: grid.north + cell, cell_m: cell, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Xy {
        projection::forward(LatLon { lat, lon })
    }

    #[test]
    fn the_base_surface_has_the_real_relief() {
        let t = Terrain::new(1);
        let h = |lat, lon| t.base(at(lat, lon));
        assert!(h(48.16, 24.5) > 1700.0, "Hoverla {}", h(48.16, 24.5));
        assert!(h(44.62, 34.2) > 1200.0, "Crimean Mountains {}", h(44.62, 34.2));
        assert!(h(43.35, 42.45) > 4000.0, "Elbrus {}", h(43.35, 42.45));
        assert!((250.0..450.0).contains(&h(48.3, 38.8)), "Donets Ridge {}", h(48.3, 38.8));
        assert!((250.0..450.0).contains(&h(49.3, 26.8)), "Podolian Upland {}", h(49.3, 26.8));
        assert!(h(51.8, 27.5) < 160.0, "Polesia {}", h(51.8, 27.5));
        assert!(h(46.6, 32.5) < 100.0, "southern steppe {}", h(46.6, 32.5));
        assert!(h(50.45, 30.52) < 250.0, "Kyiv {}", h(50.45, 30.52));
    }

    #[test]
    fn terrain_is_reproducible_and_the_seed_matters() {
        let p = at(48.5, 24.0);
        let (a, b, c) = (Terrain::new(7), Terrain::new(7), Terrain::new(8));
        assert_eq!(a.with_detail(p, 300.0, 900.0), b.with_detail(p, 300.0, 900.0));
        assert_ne!(a.with_detail(p, 300.0, 900.0), c.with_detail(p, 300.0, 900.0));
    }
}
