//! The `hedgehog map` figure: the base map with a title, a legend and the
//! attribution the data sources ask for.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Layers, city_radius};
use super::{FONT, Figure, fail, style};
use crate::geo::map::{ElevationSource, Map};
use crate::geo::places::PlaceKind;

/// Pixel size of the map figure.
pub const SIZE: (u32, u32) = (1800, 1500);

/// Attribution printed under every map.
pub const ATTRIBUTION: &str = "Base map: Natural Earth (public domain). Occupied area and line of contact: DeepStateMap, 2025-12-01. \
Places: GeoNames (CC BY 4.0), simplemaps, GeoNuclearData, WRI Global Power Plant Database, OurAirports.";

/// The base-map figure of a map.
pub struct MapFigure<'a> {
    /// The map.
    pub map: &'a Map,
}

impl Figure for MapFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let map = self.map;
        root.fill(&WHITE).map_err(fail)?;
        let (w, h) = root.dim_in_pixel();
        let (top, rest) = root.split_vertically(70);
        let (body, bottom) = rest.split_vertically(h as i32 - 70 - 56);
        let (map_area, legend_area) = body.split_horizontally(w as i32 - 330);

        let res = map.grid.cell_m / 1000.0;
        let title = (FONT, 28, FontStyle::Bold).into_font().color(&style::INK);
        top.draw(&Text::new("Ukraine and the Black Sea", (24, 12), title)).map_err(fail)?;
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
        top.draw(&Text::new(subtitle, (24, 46), (FONT, 15).into_font().color(&style::INK))).map_err(fail)?;

        let panel = basemap::draw(&map_area.margin(0, 0, 16, 8), map, &Layers::default())?;
        draw_legend(&legend_area.margin(0, 0, 8, 16), panel.h)?;

        let note = (FONT, 13).into_font().color(&style::INK);
        bottom.draw(&Text::new(ATTRIBUTION, (24, 14), note.clone())).map_err(fail)?;
        let credits = "Borders are internationally recognised (Crimea is Ukraine); Russian-held ground is tinted. \
                       Made with Hedgehog (MIT licence). Font: DejaVu Sans.";
        bottom.draw(&Text::new(credits, (24, 34), note)).map_err(fail)?;
        Ok(())
    }
}

fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, height: i32) -> Result<(), String> {
    area.draw(&Rectangle::new([(0, 0), (306, height)], ShapeStyle::from(&RGBColor(248, 248, 245)).filled()))
        .map_err(fail)?;
    area.draw(&Rectangle::new([(0, 0), (306, height)], ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
    let text = |s: &str, x: i32, y: i32, size: u32| {
        area.draw(&Text::new(
            s.to_string(),
            (x, y),
            (FONT, size).into_font().color(&style::INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(fail)
    };
    let heading = |s: &str, y: i32| {
        area.draw(&Text::new(
            s.to_string(),
            (14, y),
            (FONT, 16, FontStyle::Bold).into_font().color(&style::INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(fail)
    };
    let swatch = |y: i32, c: RGBColor| {
        area.draw(&Rectangle::new([(16, y - 8), (46, y + 8)], ShapeStyle::from(&c).filled())).map_err(fail)?;
        area.draw(&Rectangle::new([(16, y - 8), (46, y + 8)], ShapeStyle::from(&style::BORDER).stroke_width(1)))
            .map_err(fail)
    };
    let mut y = 22;
    heading("Legend", y)?;
    y += 34;
    swatch(y, style::SEA)?;
    text("Sea", 58, y, 14)?;
    y += 28;
    let tint = style::blend([202, 214, 160], [200, 30, 30], 0.35);
    swatch(y, RGBColor(tint[0], tint[1], tint[2]))?;
    text("Russian-held Ukraine", 58, y, 14)?;
    y += 28;
    area.draw(&PathElement::new(vec![(16, y), (46, y)], ShapeStyle::from(&style::RUSSIA_RED).stroke_width(4)))
        .map_err(fail)?;
    text("Line of contact", 58, y, 14)?;
    y += 28;
    area.draw(&PathElement::new(vec![(16, y), (46, y)], ShapeStyle::from(&style::BORDER).stroke_width(1)))
        .map_err(fail)?;
    text("Border or coast", 58, y, 14)?;
    y += 28;
    area.draw(&PathElement::new(vec![(16, y), (46, y)], ShapeStyle::from(&style::GRATICULE).stroke_width(1)))
        .map_err(fail)?;
    text("Graticule, 2°", 58, y, 14)?;

    y += 40;
    heading("Elevation (m)", y)?;
    y += 22;
    let bar_w = 270;
    for i in 0..bar_w {
        // A square-root scale gives the lowlands, where most of the map is, room.
        let m = (i as f32 / bar_w as f32).powi(2) * 4000.0;
        let c = style::elevation_colour(m);
        area.draw(&Rectangle::new(
            [(16 + i, y), (17 + i, y + 16)],
            ShapeStyle::from(&RGBColor(c[0], c[1], c[2])).filled(),
        ))
        .map_err(fail)?;
    }
    area.draw(&Rectangle::new([(16, y), (16 + bar_w, y + 16)], ShapeStyle::from(&style::BORDER).stroke_width(1)))
        .map_err(fail)?;
    for m in style::ELEVATION_TICKS {
        let x = 16 + ((m / 4000.0).sqrt() * bar_w as f32) as i32;
        area.draw(&PathElement::new(vec![(x, y + 16), (x, y + 21)], ShapeStyle::from(&style::INK))).map_err(fail)?;
        area.draw(&Text::new(
            format!("{m}"),
            (x, y + 23),
            (FONT, 11).into_font().color(&style::INK).pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(fail)?;
    }

    y += 66;
    heading("Cities (population)", y)?;
    for (pop, label) in [(100_000u64, "100,000"), (1_000_000, "1 million"), (3_000_000, "3 million")] {
        y += 30;
        let r = city_radius(pop);
        area.draw(&Circle::new((31, y), r, ShapeStyle::from(&WHITE).filled())).map_err(fail)?;
        area.draw(&Circle::new((31, y), r, ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
        text(label, 58, y, 14)?;
    }

    y += 40;
    heading("Infrastructure", y)?;
    for kind in [
        PlaceKind::NuclearPlant,
        PlaceKind::ThermalPlant,
        PlaceKind::HydroPlant,
        PlaceKind::Port,
        PlaceKind::NavalBase,
        PlaceKind::Airbase,
        PlaceKind::LogisticsHub,
    ] {
        let Some((glyph, colour, label)) = style::infrastructure_symbol(kind) else { continue };
        y += 28;
        area.draw(&Text::new(
            glyph.to_string(),
            (31, y),
            (FONT, 18).into_font().color(&colour).pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(fail)?;
        text(label, 58, y, 14)?;
    }
    Ok(())
}
