//! The base map as a drawing layer: relief-shaded land and sea, the occupied
//! area, borders, a graticule, the line of contact, infrastructure and cities,
//! and a scale bar, fitted into any drawing area. The `map` figure puts a
//! title and legend around it; coverage maps draw their rasters over it.

use plotters::coord::Shift;
use plotters::element::BitMapElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{FONT, fail, style};
use crate::geo::grid::Raster;
use crate::geo::map::{Control, Map};
use crate::geo::places::PlaceKind;
use crate::geo::projection::{self, LatLon, Xy};

/// Where the map sits in pixels, and the conversion from map metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Panel {
    /// Left pixel.
    pub x0: i32,
    /// Top pixel.
    pub y0: i32,
    /// Width, pixels.
    pub w: i32,
    /// Height, pixels.
    pub h: i32,
    /// Map extent: west, north, east, south (m).
    pub extent: (f64, f64, f64, f64),
}

impl Panel {
    /// The largest panel with the map's aspect ratio inside a `(w, h)` area.
    pub fn fit(map: &Map, area: (u32, u32)) -> Self {
        let g = map.grid;
        let (gw, gh) = (g.east() - g.west, g.north - g.south());
        let (aw, ah) = (f64::from(area.0), f64::from(area.1));
        let (w, h) = if aw / ah > gw / gh { (ah * gw / gh, ah) } else { (aw, aw * gh / gw) };
        Self {
            x0: ((aw - w) / 2.0) as i32,
            y0: ((ah - h) / 2.0) as i32,
            w: w as i32,
            h: h as i32,
            extent: (g.west, g.north, g.east(), g.south()),
        }
    }

    /// Pixel of a projected point (may lie outside the panel).
    pub fn px(&self, p: Xy) -> (f64, f64) {
        let (w, n, e, s) = self.extent;
        (
            f64::from(self.x0) + (p.x - w) / (e - w) * f64::from(self.w),
            f64::from(self.y0) + (n - p.y) / (n - s) * f64::from(self.h),
        )
    }

    /// The projected point at the centre of pixel (i, j) of the panel.
    pub fn xy(&self, i: i32, j: i32) -> Xy {
        let (w, n, e, s) = self.extent;
        Xy {
            x: w + (f64::from(i) + 0.5) / f64::from(self.w) * (e - w),
            y: n - (f64::from(j) + 0.5) / f64::from(self.h) * (n - s),
        }
    }

    /// Metres per pixel.
    pub fn metres_per_pixel(&self) -> f64 {
        (self.extent.2 - self.extent.0) / f64::from(self.w)
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= f64::from(self.x0)
            && y >= f64::from(self.y0)
            && x <= f64::from(self.x0 + self.w)
            && y <= f64::from(self.y0 + self.h)
    }
}

/// What to draw of the base map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layers {
    /// Relief-shaded land (else plain land colour).
    pub relief: bool,
    /// Cities with labels.
    pub cities: bool,
    /// Infrastructure symbols.
    pub infrastructure: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Self { relief: true, cities: true, infrastructure: true }
    }
}

/// Hillshade of an elevation raster, as a light factor per cell (about 0.6 to
/// 1.15): light from the north-west at 45°, relief exaggerated so that the
/// uplands of a few hundred metres still show at kilometre cells.
pub fn hillshade(elev: &Raster<f32>) -> Vec<f32> {
    let g = elev.grid;
    let z = 6.0f32;
    let cell = g.cell_m as f32;
    let (az, alt) = (315f32.to_radians(), 45f32.to_radians());
    let mut out = vec![1.0f32; g.len()];
    for row in 0..g.height {
        for col in 0..g.width {
            let at = |c: isize, r: isize| {
                let c = c.clamp(0, g.width as isize - 1) as usize;
                let r = r.clamp(0, g.height as isize - 1) as usize;
                *elev.get(c, r)
            };
            let (c, r) = (col as isize, row as isize);
            let dzdx = (at(c + 1, r) - at(c - 1, r)) * z / (2.0 * cell);
            let dzdy = (at(c, r - 1) - at(c, r + 1)) * z / (2.0 * cell);
            let slope = dzdx.hypot(dzdy).atan();
            let aspect = dzdy.atan2(-dzdx);
            let lit = alt.sin() * slope.cos() + alt.cos() * slope.sin() * (az - aspect).cos();
            out[g.index(col, row)] = 0.45 + 0.65 * lit.clamp(0.0, 1.0);
        }
    }
    out
}

/// A colour laid over cell `k` with an opacity, or nothing.
pub type Overlay<'a> = &'a dyn Fn(usize) -> Option<([u8; 3], f32)>;

/// The land and sea image of the panel, pixel by pixel: land and sea by the
/// cell under each pixel, elevation and shading interpolated between cell
/// centres so coarse grids do not look blocky, then the overlay.
pub fn relief_image(map: &Map, panel: &Panel, layers: &Layers, overlay: Overlay<'_>) -> Vec<u8> {
    let shade = layers.relief.then(|| Raster { grid: map.grid, data: hillshade(&map.elevation) });
    let ua = map.basemap.countries.iter().position(|c| c.code == "UA").map(|i| (i + 1) as u8);
    let mut buf = Vec::with_capacity((panel.w * panel.h * 3) as usize);
    for j in 0..panel.h {
        for i in 0..panel.w {
            let xy = panel.xy(i, j);
            let colour = match map.grid.cell_of(xy) {
                Some((c, r)) if *map.land.get(c, r) => {
                    let k = map.grid.index(c, r);
                    let mut rgb = if layers.relief {
                        style::elevation_colour(map.elevation.bilinear(xy) as f32)
                    } else {
                        [226, 224, 200]
                    };
                    if let Some(s) = &shade {
                        rgb = style::shade(rgb, s.bilinear(xy) as f32);
                    }
                    if map.control.data[k] == Control::Russia && Some(map.country.data[k]) == ua {
                        rgb = style::blend(rgb, [200, 30, 30], 0.35);
                    }
                    rgb
                }
                _ => [style::SEA.0, style::SEA.1, style::SEA.2],
            };
            let colour = match map.grid.cell_of(xy).and_then(|(c, r)| overlay(map.grid.index(c, r))) {
                Some((rgb, alpha)) => style::blend(colour, rgb, alpha),
                None => colour,
            };
            buf.extend_from_slice(&colour);
        }
    }
    buf
}

/// Clips the segment a-b to the panel (Liang-Barsky); `None` if outside.
fn clip(panel: &Panel, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let (xmin, ymin) = (f64::from(panel.x0), f64::from(panel.y0));
    let (xmax, ymax) = (f64::from(panel.x0 + panel.w), f64::from(panel.y0 + panel.h));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - xmin), (dx, xmax - a.0), (-dy, a.1 - ymin), (dy, ymax - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// The visible runs of a polyline, in pixels.
fn visible_runs(panel: &Panel, pts: impl Iterator<Item = (f64, f64)>) -> Vec<Vec<(i32, i32)>> {
    let mut runs: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut current: Vec<(i32, i32)> = Vec::new();
    let mut prev: Option<(f64, f64)> = None;
    let px = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    for p in pts {
        if let Some(a) = prev {
            match clip(panel, a, p) {
                Some((ca, cb)) => {
                    if current.is_empty() || current.last() != Some(&px(ca)) {
                        if current.len() > 1 {
                            runs.push(std::mem::take(&mut current));
                        }
                        current.clear();
                        current.push(px(ca));
                    }
                    current.push(px(cb));
                }
                None => {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                }
            }
        }
        prev = Some(p);
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

fn draw_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    pts: impl Iterator<Item = Xy>,
    style: ShapeStyle,
) -> Result<(), String> {
    for run in visible_runs(panel, pts.map(|p| panel.px(p))) {
        area.draw(&PathElement::new(run, style)).map_err(fail)?;
    }
    Ok(())
}

/// Text with a white halo, readable over any background.
pub fn halo_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    size: u32,
    pos: Pos,
    bold: bool,
) -> Result<(), String> {
    let font = if bold { (FONT, size, FontStyle::Bold).into_font() } else { (FONT, size).into_font() };
    for (dx, dy) in [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
        let halo = font.clone().color(&WHITE).pos(pos);
        area.draw(&Text::new(text.to_string(), (at.0 + dx, at.1 + dy), halo)).map_err(fail)?;
    }
    area.draw(&Text::new(text.to_string(), at, font.color(&style::INK).pos(pos))).map_err(fail)?;
    Ok(())
}

/// Pixel radius of a city marker for a population.
pub fn city_radius(population: u64) -> i32 {
    (2.0 + 7.0 * (population as f64 / 3.0e6).sqrt()).round() as i32
}

/// True for cities that get a label: Ukrainian cities of 150,000 or more
/// (front-line towns such as Kramatorsk included) and others of a million or more.
fn labelled(country: &str, population: u64) -> bool {
    if country == "UA" { population >= 150_000 } else { population >= 1_000_000 }
}

/// A side of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Left,
    Right,
    Top,
    Bottom,
}

/// Where a line crosses one side of the panel, if it does.
fn edge_point(panel: &Panel, pts: &[Xy], edge: Edge) -> Option<(i32, i32)> {
    let (x0, y0) = (f64::from(panel.x0), f64::from(panel.y0));
    let (x1, y1) = (x0 + f64::from(panel.w), y0 + f64::from(panel.h));
    for w in pts.windows(2) {
        let (a, b) = (panel.px(w[0]), panel.px(w[1]));
        let (pa, pb, lo, hi) = match edge {
            Edge::Left => (a.0 - x0, b.0 - x0, (a.1, b.1), (y0, y1)),
            Edge::Right => (a.0 - x1, b.0 - x1, (a.1, b.1), (y0, y1)),
            Edge::Top => (a.1 - y0, b.1 - y0, (a.0, b.0), (x0, x1)),
            Edge::Bottom => (a.1 - y1, b.1 - y1, (a.0, b.0), (x0, x1)),
        };
        if (pa <= 0.0) != (pb <= 0.0) {
            let t = pa / (pa - pb);
            let along = lo.0 + t * (lo.1 - lo.0);
            if along >= hi.0 && along <= hi.1 {
                return Some(match edge {
                    Edge::Left => (x0 as i32, along as i32),
                    Edge::Right => (x1 as i32, along as i32),
                    Edge::Top => (along as i32, y0 as i32),
                    Edge::Bottom => (along as i32, y1 as i32),
                });
            }
        }
    }
    None
}

/// Draws the base map into `area` and returns where it went.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, map: &Map, layers: &Layers) -> Result<Panel, String> {
    draw_with(area, map, layers, &|_| None)
}

/// Draws the base map with `overlay` blended over its cells.
pub fn draw_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Map,
    layers: &Layers,
    overlay: Overlay<'_>,
) -> Result<Panel, String> {
    let panel = Panel::fit(map, area.dim_in_pixel());
    let image = relief_image(map, &panel, layers, overlay);
    let bitmap = BitMapElement::with_owned_buffer((panel.x0, panel.y0), (panel.w as u32, panel.h as u32), image)
        .ok_or("the relief image has the wrong size")?;
    area.draw(&bitmap).map_err(fail)?;

    // Graticule every 2 degrees, each line labelled where it leaves the map
    // on the left or bottom edge (else the right or top).
    let grat = ShapeStyle::from(&style::GRATICULE.mix(0.6)).stroke_width(1);
    for lat in (36..=58).step_by(2) {
        let lat = f64::from(lat);
        let pts: Vec<Xy> =
            (0..=680).map(|k| projection::forward(LatLon { lat, lon: 16.0 + f64::from(k) * 0.05 })).collect();
        draw_line(area, &panel, pts.iter().copied(), grat)?;
        if let Some((x, y)) = edge_point(&panel, &pts, Edge::Left).or_else(|| edge_point(&panel, &pts, Edge::Right)) {
            let pos = if x < panel.x0 + panel.w / 2 { HPos::Left } else { HPos::Right };
            let dx = if x < panel.x0 + panel.w / 2 { 3 } else { -3 };
            halo_text(area, &format!("{lat}°N"), (x + dx, y - 2), 12, Pos::new(pos, VPos::Bottom), false)?;
        }
    }
    for lon in (16..=52).step_by(2) {
        let lon = f64::from(lon);
        let pts: Vec<Xy> =
            (0..=480).map(|k| projection::forward(LatLon { lat: 34.0 + f64::from(k) * 0.05, lon })).collect();
        draw_line(area, &panel, pts.iter().copied(), grat)?;
        if let Some((x, y)) = edge_point(&panel, &pts, Edge::Bottom).or_else(|| edge_point(&panel, &pts, Edge::Top)) {
            let v = if y > panel.y0 + panel.h / 2 { VPos::Bottom } else { VPos::Top };
            let dy = if y > panel.y0 + panel.h / 2 { -3 } else { 3 };
            halo_text(area, &format!("{lon}°E"), (x + 3, y + dy), 12, Pos::new(HPos::Left, v), false)?;
        }
    }

    // Borders and coasts, the occupied area's edge, the line of contact.
    let border = ShapeStyle::from(&style::BORDER.mix(0.8)).stroke_width(1);
    for c in &map.basemap.countries {
        for poly in &c.area.polygons {
            for ring in poly.rings() {
                draw_line(area, &panel, ring.iter().copied().chain(ring.first().copied()), border)?;
            }
        }
    }
    let occupied = ShapeStyle::from(&style::RUSSIA_RED.mix(0.9)).stroke_width(1);
    for poly in &map.basemap.occupied.polygons {
        for ring in poly.rings() {
            draw_line(area, &panel, ring.iter().copied().chain(ring.first().copied()), occupied)?;
        }
    }
    let contact = ShapeStyle::from(&style::RUSSIA_RED).stroke_width(4);
    draw_line(area, &panel, map.basemap.contact_line.xy.iter().copied(), contact)?;

    if layers.infrastructure {
        for p in map.places.places() {
            let Some((glyph, colour, _)) = style::infrastructure_symbol(p.kind) else { continue };
            let (x, y) = panel.px(projection::forward(p.position));
            if !panel.contains((x, y)) {
                continue;
            }
            let font = (FONT, 16).into_font().color(&colour).pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(glyph.to_string(), (x as i32, y as i32), font)).map_err(fail)?;
        }
    }

    if layers.cities {
        let mut cities: Vec<_> = map.places.places().iter().filter(|p| p.kind == PlaceKind::City).collect();
        cities.sort_by(|a, b| b.population.cmp(&a.population).then_with(|| a.name.cmp(&b.name)));
        let mut taken: Vec<(i32, i32, i32, i32)> = Vec::new();
        for c in &cities {
            let (x, y) = panel.px(projection::forward(c.position));
            if !panel.contains((x, y)) {
                continue;
            }
            let (x, y) = (x as i32, y as i32);
            let r = city_radius(c.population.unwrap_or(50_000));
            area.draw(&Circle::new((x, y), r, ShapeStyle::from(&WHITE).filled())).map_err(fail)?;
            area.draw(&Circle::new((x, y), r, ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
            taken.push((x - r, y - r, x + r, y + r));
        }
        for c in &cities {
            if !labelled(&c.country, c.population.unwrap_or(0)) {
                continue;
            }
            let (x, y) = panel.px(projection::forward(c.position));
            if !panel.contains((x, y)) {
                continue;
            }
            let (x, y) = (x as i32, y as i32);
            let r = city_radius(c.population.unwrap_or(50_000));
            let size = if c.population.unwrap_or(0) >= 1_000_000 { 15 } else { 13 };
            let font = (FONT, size).into_font();
            let (tw, th) = area.estimate_text_size(&c.name, &TextStyle::from(font)).map_err(fail)?;
            let (tw, th) = (tw as i32, th as i32);
            let options = [
                (x + r + 3, y - th / 2, Pos::new(HPos::Left, VPos::Center), (x + r + 3, y)),
                (x - r - 3 - tw, y - th / 2, Pos::new(HPos::Right, VPos::Center), (x - r - 3, y)),
                (x - tw / 2, y - r - 2 - th, Pos::new(HPos::Center, VPos::Bottom), (x, y - r - 2)),
                (x - tw / 2, y + r + 2, Pos::new(HPos::Center, VPos::Top), (x, y + r + 2)),
            ];
            for (bx, by, pos, at) in options {
                let bbox = (bx, by, bx + tw, by + th);
                let inside = bbox.0 >= panel.x0
                    && bbox.2 <= panel.x0 + panel.w
                    && bbox.1 >= panel.y0
                    && bbox.3 <= panel.y0 + panel.h;
                let free = taken.iter().all(|t| bbox.2 < t.0 || bbox.0 > t.2 || bbox.3 < t.1 || bbox.1 > t.3);
                if inside && free {
                    halo_text(area, &c.name, at, size, pos, size >= 15)?;
                    taken.push(bbox);
                    break;
                }
            }
        }
    }

    draw_scale_bar(area, &panel)?;
    area.draw(&Rectangle::new(
        [(panel.x0, panel.y0), (panel.x0 + panel.w, panel.y0 + panel.h)],
        ShapeStyle::from(&style::INK).stroke_width(1),
    ))
    .map_err(fail)?;
    Ok(panel)
}

/// A 0-100-200-300 km bar at the bottom left. LAEA keeps areas, not
/// distances: the bar is true along the map's centre and within 2 % elsewhere
/// on this extent.
fn draw_scale_bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, panel: &Panel) -> Result<(), String> {
    let px_per_km = 1000.0 / panel.metres_per_pixel();
    let (x, y) = (panel.x0 + 20, panel.y0 + panel.h - 30);
    let seg = (100.0 * px_per_km).round() as i32;
    area.draw(&Rectangle::new(
        [(x - 6, y - 24), (x + 3 * seg + 40, y + 14)],
        ShapeStyle::from(&WHITE.mix(0.8)).filled(),
    ))
    .map_err(fail)?;
    for k in 0..3 {
        let fill = if k % 2 == 0 { style::INK } else { WHITE };
        let r = [(x + k * seg, y), (x + (k + 1) * seg, y + 8)];
        area.draw(&Rectangle::new(r, ShapeStyle::from(&fill).filled())).map_err(fail)?;
        area.draw(&Rectangle::new(r, ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
    }
    for k in 0..=3 {
        let label = if k == 3 { "300 km".to_string() } else { format!("{}", k * 100) };
        let font = (FONT, 12).into_font().color(&style::INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        area.draw(&Text::new(label, (x + k * seg, y - 3), font)).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel() -> Panel {
        Panel { x0: 10, y0: 10, w: 100, h: 100, extent: (0.0, 100.0, 100.0, 0.0) }
    }

    #[test]
    fn segments_are_clipped_to_the_panel() {
        let p = panel();
        let ((ax, ay), (bx, by)) = clip(&p, (0.0, 50.0), (200.0, 50.0)).unwrap();
        assert!((ax - 10.0).abs() < 1e-9 && (bx - 110.0).abs() < 1e-9 && ay == 50.0 && by == 50.0);
        assert_eq!(clip(&p, (0.0, 0.0), (5.0, 5.0)), None);
        let runs =
            visible_runs(&p, [(0.0, 50.0), (50.0, 50.0), (50.0, 200.0), (50.0, 300.0), (60.0, 60.0)].into_iter());
        assert_eq!(runs.len(), 2, "{runs:?}");
    }

    #[test]
    fn pixels_and_metres_agree() {
        let p = panel();
        assert_eq!(p.px(Xy { x: 50.0, y: 50.0 }), (60.0, 60.0));
        let xy = p.xy(0, 0);
        assert!((xy.x - 0.5).abs() < 1e-9 && (xy.y - 99.5).abs() < 1e-9);
    }
}
