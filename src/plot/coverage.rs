//! Coverage maps: for one band, P(kill) of the layered air defence (or the
//! number of sensors that see) over the base map, with the gaps over
//! Ukraine-held ground in orange and numbered, the sites marked, and the
//! band's key shares in the legend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Layers, halo_text};
use super::map::{Legend, framed};
use super::{FONT, Figure, fail, style};
use crate::config::Scenario;
use crate::coverage::BandResult;
use crate::coverage::sources::Role;
use crate::geo::map::{Control, Map};

/// Orange for uncovered Ukraine-held ground.
pub const GAP: [u8; 3] = [240, 120, 20];

/// P(kill) colour ramp: pale blue to deep violet.
pub fn p_kill_colour(p: f64) -> [u8; 3] {
    let stops = [(0.0, [200, 225, 250]), (0.5, [90, 130, 220]), (0.8, [60, 50, 170]), (1.0, [40, 10, 90])];
    let p = p.clamp(0.0, 1.0);
    for w in stops.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if p <= b {
            let t = (p - a) / (b - a);
            return [0, 1, 2].map(|i| (f64::from(ca[i]) + t * (f64::from(cb[i]) - f64::from(ca[i]))).round() as u8);
        }
    }
    stops[3].1
}

/// Detection layer colours: one, two, three or more sensors.
pub fn detection_colour(n: u16) -> [u8; 3] {
    match n {
        0 => [255, 255, 255],
        1 => [170, 220, 170],
        2 => [80, 170, 100],
        _ => [20, 110, 60],
    }
}

/// Which product a coverage figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// Layered air defence: P(kill).
    AirDefense,
    /// Sensors that see a target.
    Detection,
}

/// One band's coverage map.
pub struct CoverageFigure<'a> {
    /// The map.
    pub map: &'a Map,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The band's result.
    pub band: &'a BandResult,
    /// What to show.
    pub product: Product,
}

impl Figure for CoverageFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (map, cov, stats) = (self.map, &self.band.coverage, &self.band.stats);
        let band = &cov.band;
        let class = band.class.key();
        let title = match self.product {
            Product::AirDefense => {
                format!("Air-defence coverage {} m above ground, against {class} threats", band.height_m)
            }
            Product::Detection => format!("Sensor coverage {} m above ground, {class}-sized targets", band.height_m),
        };
        let subtitle = format!(
            "Scenario \"{}\": {} air-defence systems and {} sensors of the coalition, Ukraine and the US; \
             radar horizon for a 4/3 Earth and terrain line of sight on the {} km grid; target RCS {} m².",
            self.scenario.name,
            cov.sources.iter().filter(|s| s.engagement.is_some()).count(),
            cov.sources.len(),
            map.grid.cell_m / 1000.0,
            band.rcs_m2
        );
        let product = self.product;
        let overlay = move |k: usize| -> Option<([u8; 3], f32)> {
            let held = map.control.data[k] == Control::Ukraine;
            match product {
                Product::AirDefense if cov.air_defense[k] > 0 => Some((p_kill_colour(cov.p_kill(k)), 0.7)),
                Product::Detection if cov.detection[k] > 0 => Some((detection_colour(cov.detection[k]), 0.65)),
                _ if held => Some((GAP, 0.45)),
                _ => None,
            }
        };
        framed(root, &title, &subtitle, |map_area, legend_area| {
            let layers = Layers { relief: true, cities: true, infrastructure: false };
            let panel = basemap::draw_with(map_area, map, &layers, &overlay)?;
            // Sites.
            for s in &cov.sources {
                let show = match product {
                    Product::AirDefense => s.role == Role::AirDefense,
                    Product::Detection => true,
                };
                if !show {
                    continue;
                }
                let (x, y) = panel.px(s.xy);
                let (glyph, colour) =
                    if s.role == Role::AirDefense { ("▲", style::INK) } else { ("◉", RGBColor(0, 90, 40)) };
                let font = (FONT, 15).into_font().color(&colour).pos(Pos::new(HPos::Center, VPos::Center));
                map_area.draw(&Text::new(glyph.to_string(), (x as i32, y as i32), font)).map_err(fail)?;
            }
            if product == Product::AirDefense {
                // Slivers at the rim of covered areas are listed, not labelled.
                for g in stats.gaps.iter().filter(|g| g.area_km2 >= 1000.0) {
                    let p = crate::geo::projection::forward(crate::geo::projection::LatLon { lat: g.lat, lon: g.lon });
                    let (x, y) = panel.px(p);
                    halo_text(
                        map_area,
                        &format!("gap {}", g.rank),
                        (x as i32, y as i32),
                        16,
                        Pos::new(HPos::Center, VPos::Center),
                        true,
                    )?;
                }
            }
            let mut legend = Legend::new(legend_area, panel.h)?;
            match product {
                Product::AirDefense => {
                    legend.heading("P(kill), layered")?;
                    legend.colour_bar(p_kill_colour, &[(0.0, "0"), (0.5, "0.5"), (0.8, "0.8"), (1.0, "1")])?;
                    legend.text("1 - prod (1 - Pk)^shots over the")?;
                    legend.text("systems able to engage there")?;
                    legend.swatch(RGBColor(GAP[0], GAP[1], GAP[2]), "No layer: Ukraine-held")?;
                    legend.glyph("▲", style::INK, "Air-defence system")?;
                }
                Product::Detection => {
                    legend.heading("Sensors that see")?;
                    for (n, label) in [(1u16, "1"), (2, "2"), (3, "3 or more")] {
                        let c = detection_colour(n);
                        legend.swatch(RGBColor(c[0], c[1], c[2]), label)?;
                    }
                    legend.swatch(RGBColor(GAP[0], GAP[1], GAP[2]), "None: Ukraine-held")?;
                    legend.glyph("▲", style::INK, "Air-defence radar")?;
                    legend.glyph("◉", RGBColor(0, 90, 40), "Sensor")?;
                }
            }
            let key = if product == Product::AirDefense { "air_defense" } else { "detection" };
            legend.heading("Covered (1+ / 2+ layers)")?;
            for (region, label) in [
                ("population", "Population"),
                ("ukraine_held_territory", "Ukraine-held land"),
                ("black_sea_corridor", "Black Sea corridor"),
                ("nuclear_plant", "Nuclear plants"),
                ("port", "Ports"),
            ] {
                if let Some(s) = stats.shares.iter().find(|s| s.product == key && s.region == region) {
                    legend.text(&format!("{label}: {:.0} % / {:.0} %", s.share_ge1 * 100.0, s.share_ge2 * 100.0))?;
                }
            }
            if product == Product::AirDefense && !stats.gaps.is_empty() {
                legend.heading("Largest gaps")?;
                for g in &stats.gaps {
                    legend.text(&format!("{}: {:.0} km² near {}", g.rank, g.area_km2, g.near))?;
                }
            }
            legend.base_layers(false)
        })
    }
}
