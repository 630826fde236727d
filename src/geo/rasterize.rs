//! Turning vector layers into rasters: polygons filled by cell centre
//! (scanline, even-odd, holes respected) and exact distance to a polyline for
//! every cell.

use rayon::prelude::*;

use super::grid::{Grid, Raster};
use super::projection::Xy;
use super::vector::{MultiPolygon, segment_distance};

/// Sets `value` in every cell whose centre lies inside `area`.
pub fn fill<T: Copy>(raster: &mut Raster<T>, area: &MultiPolygon, value: T) {
    let g = raster.grid;
    for poly in &area.polygons {
        let edges: Vec<(Xy, Xy)> = poly
            .rings()
            .flat_map(|r| r.iter().zip(r.iter().cycle().skip(1)).take(r.len()).map(|(a, b)| (*a, *b)))
            .collect();
        // Rows whose centre line can cross the polygon.
        let row_top = ((g.north - poly.bbox.max_y) / g.cell_m - 0.5).ceil().max(0.0) as usize;
        let row_bottom = (((g.north - poly.bbox.min_y) / g.cell_m - 0.5).floor()).min(g.height as f64 - 1.0);
        if row_bottom < 0.0 {
            continue;
        }
        let mut xs: Vec<f64> = Vec::new();
        for row in row_top..=row_bottom as usize {
            let y = g.north - (row as f64 + 0.5) * g.cell_m;
            xs.clear();
            for (a, b) in &edges {
                if (a.y > y) != (b.y > y) {
                    xs.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
                }
            }
            xs.sort_unstable_by(f64::total_cmp);
            for pair in xs.chunks_exact(2) {
                // Columns whose centre x lies in [pair[0], pair[1]).
                let c0 = ((pair[0] - g.west) / g.cell_m - 0.5).ceil().max(0.0) as usize;
                let c1 = (((pair[1] - g.west) / g.cell_m - 0.5).ceil()).clamp(0.0, g.width as f64) as usize;
                let start = row * g.width;
                for v in &mut raster.data[start + c0.min(c1)..start + c1] {
                    *v = value;
                }
            }
        }
    }
}

/// Exact distance in km from every cell centre to the polyline `line`.
///
/// Blocks of cells first find the segments that can be nearest to any of their
/// cells (a segment is kept when its distance to the block centre is within
/// the block's diameter of the best one), then each cell checks only those:
/// exact, and about a hundred times fewer distance evaluations than brute force.
pub fn distance_km(grid: Grid, line: &[Xy]) -> Raster<f32> {
    const BLOCK: usize = 16;
    let segments: Vec<(Xy, Xy)> = line.windows(2).map(|w| (w[0], w[1])).collect();
    let mut out = Raster::filled(grid, f32::INFINITY);
    if segments.is_empty() {
        return out;
    }
    let block_rows: Vec<(usize, Vec<f32>)> = (0..grid.height.div_ceil(BLOCK))
        .into_par_iter()
        .map(|br| {
            let r0 = br * BLOCK;
            let r1 = (r0 + BLOCK).min(grid.height);
            let mut rows = vec![0f32; (r1 - r0) * grid.width];
            let mut candidates = Vec::new();
            for bc in 0..grid.width.div_ceil(BLOCK) {
                let c0 = bc * BLOCK;
                let c1 = (c0 + BLOCK).min(grid.width);
                let a = grid.center(c0, r0);
                let b = grid.center(c1 - 1, r1 - 1);
                let centre = Xy { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0 };
                let diameter = a.distance(b);
                let d: Vec<f64> = segments.iter().map(|(p, q)| segment_distance(centre, *p, *q)).collect();
                let best = d.iter().copied().fold(f64::INFINITY, f64::min);
                candidates.clear();
                candidates.extend(segments.iter().zip(&d).filter(|(_, di)| **di <= best + diameter).map(|(s, _)| *s));
                for row in r0..r1 {
                    for col in c0..c1 {
                        let p = grid.center(col, row);
                        let m =
                            candidates.iter().map(|(s, e)| segment_distance(p, *s, *e)).fold(f64::INFINITY, f64::min);
                        rows[(row - r0) * grid.width + col] = (m / 1000.0) as f32;
                    }
                }
            }
            (r0, rows)
        })
        .collect();
    for (r0, rows) in block_rows {
        let start = r0 * grid.width;
        out.data[start..start + rows.len()].copy_from_slice(&rows);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::geo::vector::{Polygon, polyline_distance};

    fn grid() -> Grid {
        Grid { west: 0.0, north: 100_000.0, cell_m: 1000.0, width: 100, height: 100 }
    }

    #[test]
    fn fill_matches_point_in_polygon_at_every_cell_centre() {
        let g = grid();
        let ring = |pts: &[(f64, f64)]| pts.iter().map(|&(x, y)| Xy { x, y }).collect::<Vec<_>>();
        let poly = Polygon::new(vec![
            ring(&[(5_000.0, 5_000.0), (90_000.0, 20_000.0), (60_000.0, 95_000.0), (10_000.0, 70_000.0)]),
            ring(&[(30_000.0, 30_000.0), (50_000.0, 30_000.0), (40_000.0, 50_000.0)]),
        ])
        .unwrap();
        let mp = MultiPolygon::new(vec![poly]);
        let mut r = Raster::filled(g, false);
        fill(&mut r, &mp, true);
        for row in 0..g.height {
            for col in 0..g.width {
                assert_eq!(*r.get(col, row), mp.contains(g.center(col, row)), "cell {col},{row}");
            }
        }
    }

    proptest! {
        #[test]
        fn pruned_distances_equal_brute_force(pts in prop::collection::vec((0.0f64..100_000.0, 0.0f64..100_000.0), 2..12)) {
            let g = grid();
            let line: Vec<Xy> = pts.iter().map(|&(x, y)| Xy { x, y }).collect();
            let fast = distance_km(g, &line);
            for row in (0..g.height).step_by(7) {
                for col in (0..g.width).step_by(5) {
                    let exact = polyline_distance(g.center(col, row), &line) / 1000.0;
                    prop_assert!((f64::from(*fast.get(col, row)) - exact).abs() < 1e-3);
                }
            }
        }
    }
}
