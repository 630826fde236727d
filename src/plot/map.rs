//! Map figures: a frame with a title, the map, a legend panel and the
//! attribution the data sources ask for, and the `hedgehog map` figure built
//! on it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Layers, city_radius};
use super::{FONT, Figure, fail, style};
use crate::geo::map::{ElevationSource, Map};
use crate::geo::places::PlaceKind;

/// Pixel size of map figures.
pub const SIZE: (u32, u32) = (1800, 1500);

/// Attribution printed under every map.
pub const ATTRIBUTION: &str = "Base map: Natural Earth (public domain). Occupied area and line of contact: DeepStateMap, 2025-12-01. \
Places: GeoNames (CC BY 4.0), simplemaps, GeoNuclearData, WRI Global Power Plant Database, OurAirports.";

/// Width of the legend panel, pixels.
const LEGEND_W: i32 = 330;

/// Draws the frame of a map figure — title, subtitle, attribution — and calls
/// `body` with the map area and the legend area.
pub fn framed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    body: impl FnOnce(&DrawingArea<DB, Shift>, &DrawingArea<DB, Shift>) -> Result<(), String>,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(fail)?;
    let (w, h) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(70);
    let (middle, bottom) = rest.split_vertically(h as i32 - 70 - 56);
    let (map_area, legend_area) = middle.split_horizontally(w as i32 - LEGEND_W);
    let title_font = (FONT, 28, FontStyle::Bold).into_font().color(&style::INK);
    top.draw(&Text::new(title.to_string(), (24, 12), title_font)).map_err(fail)?;
    top.draw(&Text::new(subtitle.to_string(), (24, 46), (FONT, 15).into_font().color(&style::INK))).map_err(fail)?;
    body(&map_area.margin(0, 0, 16, 8), &legend_area.margin(0, 0, 8, 16))?;
    let note = (FONT, 13).into_font().color(&style::INK);
    bottom.draw(&Text::new(ATTRIBUTION, (24, 14), note.clone())).map_err(fail)?;
    let credits = "Borders are internationally recognised (Crimea is Ukraine); Russian-held ground is tinted. \
                   Made with Hedgehog (MIT licence). Font: DejaVu Sans.";
    bottom.draw(&Text::new(credits, (24, 34), note)).map_err(fail)?;
    Ok(())
}

/// A legend panel filled from the top down.
pub struct Legend<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// The next line's vertical position, pixels.
    pub y: i32,
}

impl<'a, DB: DrawingBackend> Legend<'a, DB> {
    /// A legend box as tall as the map panel.
    pub fn new(area: &'a DrawingArea<DB, Shift>, height: i32) -> Result<Self, String> {
        let bg = RGBColor(248, 248, 245);
        area.draw(&Rectangle::new([(0, 0), (306, height)], ShapeStyle::from(&bg).filled())).map_err(fail)?;
        area.draw(&Rectangle::new([(0, 0), (306, height)], ShapeStyle::from(&style::INK).stroke_width(1)))
            .map_err(fail)?;
        Ok(Self { area, y: 0 })
    }

    fn label(&self, s: &str, x: i32, size: u32) -> Result<(), String> {
        let font = (FONT, size).into_font().color(&style::INK).pos(Pos::new(HPos::Left, VPos::Center));
        self.area.draw(&Text::new(s.to_string(), (x, self.y), font)).map_err(fail)
    }

    /// A bold heading.
    pub fn heading(&mut self, s: &str) -> Result<(), String> {
        self.y += if self.y == 0 { 22 } else { 40 };
        let font = (FONT, 16, FontStyle::Bold).into_font().color(&style::INK).pos(Pos::new(HPos::Left, VPos::Center));
        self.area.draw(&Text::new(s.to_string(), (14, self.y), font)).map_err(fail)?;
        self.y += 6;
        Ok(())
    }

    /// A filled swatch.
    pub fn swatch(&mut self, c: RGBColor, s: &str) -> Result<(), String> {
        self.y += 28;
        let r = [(16, self.y - 8), (46, self.y + 8)];
        self.area.draw(&Rectangle::new(r, ShapeStyle::from(&c).filled())).map_err(fail)?;
        self.area.draw(&Rectangle::new(r, ShapeStyle::from(&style::BORDER).stroke_width(1))).map_err(fail)?;
        self.label(s, 58, 14)
    }

    /// A line sample.
    pub fn line(&mut self, st: ShapeStyle, s: &str) -> Result<(), String> {
        self.y += 28;
        self.area.draw(&PathElement::new(vec![(16, self.y), (46, self.y)], st)).map_err(fail)?;
        self.label(s, 58, 14)
    }

    /// A glyph symbol.
    pub fn glyph(&mut self, glyph: &str, c: RGBColor, s: &str) -> Result<(), String> {
        self.y += 28;
        let font = (FONT, 18).into_font().color(&c).pos(Pos::new(HPos::Center, VPos::Center));
        self.area.draw(&Text::new(glyph.to_string(), (31, self.y), font)).map_err(fail)?;
        self.label(s, 58, 14)
    }

    /// A city circle.
    pub fn city(&mut self, population: u64, s: &str) -> Result<(), String> {
        self.y += 30;
        let r = city_radius(population);
        self.area.draw(&Circle::new((31, self.y), r, ShapeStyle::from(&WHITE).filled())).map_err(fail)?;
        self.area.draw(&Circle::new((31, self.y), r, ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
        self.label(s, 58, 14)
    }

    /// Plain text lines.
    pub fn text(&mut self, s: &str) -> Result<(), String> {
        self.y += 20;
        self.label(s, 16, 13)
    }

    /// A horizontal colour bar from `colour(0)` to `colour(1)` with tick labels
    /// at fractions of its length.
    pub fn colour_bar(&mut self, colour: impl Fn(f64) -> [u8; 3], ticks: &[(f64, &str)]) -> Result<(), String> {
        self.y += 16;
        let w = 270;
        for i in 0..w {
            let c = colour(f64::from(i) / f64::from(w - 1));
            let r = [(16 + i, self.y), (17 + i, self.y + 16)];
            self.area.draw(&Rectangle::new(r, ShapeStyle::from(&RGBColor(c[0], c[1], c[2])).filled())).map_err(fail)?;
        }
        let frame = [(16, self.y), (16 + w, self.y + 16)];
        self.area.draw(&Rectangle::new(frame, ShapeStyle::from(&style::BORDER).stroke_width(1))).map_err(fail)?;
        for (t, label) in ticks {
            let x = 16 + (t * f64::from(w)) as i32;
            self.area
                .draw(&PathElement::new(vec![(x, self.y + 16), (x, self.y + 21)], ShapeStyle::from(&style::INK)))
                .map_err(fail)?;
            let font = (FONT, 11).into_font().color(&style::INK).pos(Pos::new(HPos::Center, VPos::Top));
            self.area.draw(&Text::new(label.to_string(), (x, self.y + 23), font)).map_err(fail)?;
        }
        self.y += 36;
        Ok(())
    }

    /// The legend of the base map's own layers: sea, Russian-held ground,
    /// lines, and (optionally) elevation, cities and infrastructure.
    pub fn base_layers(&mut self, full: bool) -> Result<(), String> {
        self.heading(if full { "Legend" } else { "Map" })?;
        self.swatch(style::SEA, "Sea")?;
        let tint = style::blend([202, 214, 160], [200, 30, 30], 0.35);
        self.swatch(RGBColor(tint[0], tint[1], tint[2]), "Russian-held Ukraine")?;
        self.line(ShapeStyle::from(&style::RUSSIA_RED).stroke_width(4), "Line of contact")?;
        self.line(ShapeStyle::from(&style::BORDER).stroke_width(1), "Border or coast")?;
        self.line(ShapeStyle::from(&style::GRATICULE).stroke_width(1), "Graticule, 2°")?;
        if !full {
            return Ok(());
        }
        self.heading("Elevation (m)")?;
        // A square-root scale gives the lowlands, where most of the map is, room.
        let ticks: Vec<(f64, String)> =
            style::ELEVATION_TICKS.iter().map(|m| ((f64::from(*m) / 4000.0).sqrt(), format!("{m}"))).collect();
        let ticks: Vec<(f64, &str)> = ticks.iter().map(|(t, s)| (*t, s.as_str())).collect();
        self.colour_bar(|t| style::elevation_colour((t * t * 4000.0) as f32), &ticks)?;
        self.heading("Cities (population)")?;
        for (pop, label) in [(100_000u64, "100,000"), (1_000_000, "1 million"), (3_000_000, "3 million")] {
            self.city(pop, label)?;
        }
        self.heading("Infrastructure")?;
        for kind in [
            PlaceKind::NuclearPlant,
            PlaceKind::ThermalPlant,
            PlaceKind::HydroPlant,
            PlaceKind::Port,
            PlaceKind::NavalBase,
            PlaceKind::Airbase,
            PlaceKind::LogisticsHub,
        ] {
            if let Some((glyph, colour, label)) = style::infrastructure_symbol(kind) {
                self.glyph(glyph, colour, label)?;
            }
        }
        Ok(())
    }
}

/// The base-map figure of a map.
pub struct MapFigure<'a> {
    /// The map.
    pub map: &'a Map,
}

impl Figure for MapFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let map = self.map;
        let res = map.grid.cell_m / 1000.0;
        let terrain = match &map.elevation_source {
            ElevationSource::Synthetic { seed } => {
                format!("synthetic terrain shaped by the real relief (seed {seed}), not survey data")
            }
            ElevationSource::Dem { name, coverage } => format!("DEM {name} ({:.0} % of land cells)", coverage * 100.0),
        };
        let subtitle = format!(
            "Hedgehog base map, {res} km grid in ETRS89-LAEA (EPSG:3035). Line of contact and Russian-held area as of \
             2025-12-01. Elevation: {terrain}."
        );
        framed(root, "Ukraine and the Black Sea", &subtitle, |map_area, legend_area| {
            let panel = basemap::draw(map_area, map, &Layers::default())?;
            Legend::new(legend_area, panel.h)?.base_layers(true)
        })
    }
}
