//! The square-cell grid every map layer and coverage raster shares, and
//! [`Raster<T>`], one value per cell.
//!
//! Cells are square in EPSG:3035 metres, so each has the same true area. Rows
//! run from north to south (row 0 is the northern edge), as in images and
//! GeoTIFF, so a raster can be written out without flipping.

use super::projection::{self, LatLon, Xy};

/// The geographic box the default map must cover: Ukraine, Moldova, the Black
/// Sea and the Sea of Azov with margins (DESIGN §2: about 21.5°E to 42°E,
/// 40.5°N to 53.5°N). The grid is the projected bounding box of this box.
pub const DEFAULT_BOUNDS: GeoBounds = GeoBounds { west: 21.5, east: 42.0, south: 40.5, north: 53.5 };

/// The map's extent in words, for messages.
pub const EXTENT_TEXT: &str = "about 21.5°E to 42°E, 40.5°N to 53.5°N, more at the corners";

/// Finest and coarsest cell sizes accepted, km.
pub const RESOLUTION_RANGE_KM: (f64, f64) = (1.0, 20.0);

/// A latitude/longitude box, degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBounds {
    /// Western edge, °E.
    pub west: f64,
    /// Eastern edge, °E.
    pub east: f64,
    /// Southern edge, °N.
    pub south: f64,
    /// Northern edge, °N.
    pub north: f64,
}

/// A grid of square cells in EPSG:3035.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Western edge, m.
    pub west: f64,
    /// Northern edge, m.
    pub north: f64,
    /// Cell size, m.
    pub cell_m: f64,
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
}

impl Grid {
    /// The grid that covers `bounds` with cells of `resolution_km`, its edges
    /// on whole multiples of the cell size so that layers line up.
    pub fn covering(bounds: GeoBounds, resolution_km: f64) -> Self {
        let cell_m = resolution_km * 1000.0;
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        // The box's edges are curves in LAEA; sample them densely.
        let steps = 200;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            let lon = bounds.west + t * (bounds.east - bounds.west);
            let lat = bounds.south + t * (bounds.north - bounds.south);
            for p in [
                LatLon { lat: bounds.south, lon },
                LatLon { lat: bounds.north, lon },
                LatLon { lat, lon: bounds.west },
                LatLon { lat, lon: bounds.east },
            ] {
                let xy = projection::forward(p);
                min_x = min_x.min(xy.x);
                min_y = min_y.min(xy.y);
                max_x = max_x.max(xy.x);
                max_y = max_y.max(xy.y);
            }
        }
        let west = (min_x / cell_m).floor() * cell_m;
        let south = (min_y / cell_m).floor() * cell_m;
        let east = (max_x / cell_m).ceil() * cell_m;
        let north = (max_y / cell_m).ceil() * cell_m;
        Self {
            west,
            north,
            cell_m,
            width: ((east - west) / cell_m).round() as usize,
            height: ((north - south) / cell_m).round() as usize,
        }
    }

    /// The default map grid at `resolution_km`.
    pub fn default_map(resolution_km: f64) -> Self {
        Self::covering(DEFAULT_BOUNDS, resolution_km)
    }

    /// Eastern edge, m.
    pub fn east(&self) -> f64 {
        self.west + self.width as f64 * self.cell_m
    }

    /// Southern edge, m.
    pub fn south(&self) -> f64 {
        self.north - self.height as f64 * self.cell_m
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.width * self.height
    }

    /// True when the grid has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when `p` lies inside the grid.
    pub fn contains(&self, p: Xy) -> bool {
        p.x >= self.west && p.x < self.east() && p.y <= self.north && p.y > self.south()
    }

    /// The cell (column, row) holding `p`, if inside.
    pub fn cell_of(&self, p: Xy) -> Option<(usize, usize)> {
        if !self.contains(p) {
            return None;
        }
        let col = ((p.x - self.west) / self.cell_m) as usize;
        let row = ((self.north - p.y) / self.cell_m) as usize;
        Some((col.min(self.width - 1), row.min(self.height - 1)))
    }

    /// The centre of cell (column, row).
    pub fn center(&self, col: usize, row: usize) -> Xy {
        Xy { x: self.west + (col as f64 + 0.5) * self.cell_m, y: self.north - (row as f64 + 0.5) * self.cell_m }
    }

    /// Index of cell (column, row) in a row-major raster.
    pub fn index(&self, col: usize, row: usize) -> usize {
        row * self.width + col
    }
}

/// One value per grid cell, row-major from the north-west corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster<T> {
    /// The grid.
    pub grid: Grid,
    /// Values, `grid.width * grid.height` of them.
    pub data: Vec<T>,
}

impl<T: Clone> Raster<T> {
    /// A raster filled with `value`.
    pub fn filled(grid: Grid, value: T) -> Self {
        Self { data: vec![value; grid.len()], grid }
    }

    /// The value at cell (column, row).
    pub fn get(&self, col: usize, row: usize) -> &T {
        &self.data[self.grid.index(col, row)]
    }

    /// Sets the value at cell (column, row).
    pub fn set(&mut self, col: usize, row: usize, value: T) {
        let i = self.grid.index(col, row);
        self.data[i] = value;
    }

    /// The value under a projected point, if inside the grid.
    pub fn at(&self, p: Xy) -> Option<&T> {
        self.grid.cell_of(p).map(|(c, r)| self.get(c, r))
    }
}

impl<T: Copy + Into<f64>> Raster<T> {
    /// Bilinear interpolation between cell centres at `p` (clamped to the
    /// outermost centres).
    pub fn bilinear(&self, p: Xy) -> f64 {
        let g = &self.grid;
        let fx = ((p.x - g.west) / g.cell_m - 0.5).clamp(0.0, (g.width - 1) as f64);
        let fy = ((g.north - p.y) / g.cell_m - 0.5).clamp(0.0, (g.height - 1) as f64);
        let (c0, r0) = (fx.floor() as usize, fy.floor() as usize);
        let (c1, r1) = ((c0 + 1).min(g.width - 1), (r0 + 1).min(g.height - 1));
        let (tx, ty) = (fx - c0 as f64, fy - r0 as f64);
        let v = |c: usize, r: usize| -> f64 { (*self.get(c, r)).into() };
        let top = v(c0, r0) * (1.0 - tx) + v(c1, r0) * tx;
        let bottom = v(c0, r1) * (1.0 - tx) + v(c1, r1) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_grid_covers_the_required_box() {
        for res in [1.0, 5.0, 20.0] {
            let g = Grid::default_map(res);
            for lat in [40.5, 45.0, 53.5] {
                for lon in [21.5, 30.0, 42.0] {
                    assert!(g.contains(projection::forward(LatLon { lat, lon })), "{lat},{lon} at {res} km");
                }
            }
            assert_eq!(g.west % g.cell_m, 0.0);
            assert_eq!(g.north % g.cell_m, 0.0);
        }
        let g = Grid::default_map(5.0);
        // About 1,880 km by 1,835 km: the box edges curve in LAEA.
        assert!((350..400).contains(&g.width) && (340..390).contains(&g.height), "{}x{}", g.width, g.height);
    }

    #[test]
    fn bilinear_is_exact_at_centres_and_linear_between() {
        let g = Grid { west: 0.0, north: 20.0, cell_m: 10.0, width: 2, height: 2 };
        let r = Raster { grid: g, data: vec![0.0f64, 10.0, 20.0, 30.0] };
        assert_eq!(r.bilinear(g.center(1, 0)), 10.0);
        assert_eq!(r.bilinear(Xy { x: 10.0, y: 10.0 }), 15.0);
        assert_eq!(r.bilinear(Xy { x: -100.0, y: 100.0 }), 0.0, "clamped");
    }

    #[test]
    fn cells_and_centres_agree() {
        let g = Grid::default_map(5.0);
        let kyiv = projection::forward(LatLon { lat: 50.45, lon: 30.52 });
        let (c, r) = g.cell_of(kyiv).unwrap();
        let centre = g.center(c, r);
        assert!((centre.x - kyiv.x).abs() <= 2500.0 && (centre.y - kyiv.y).abs() <= 2500.0);
        assert_eq!(g.cell_of(centre), Some((c, r)));
        assert!(g.cell_of(Xy { x: g.west - 1.0, y: g.north - 1.0 }).is_none());
    }
}
